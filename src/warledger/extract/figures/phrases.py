"""Number phrases: what a number counts, read from the words after it or the people named before it.

A *phrase* is a number with what follows it: modifiers and a head noun from the actor lexicon ("26 government
troops", "nine IS fighters", "246 pro-government"), the group after "of" ("11 members of the Baqir Brigade"), a
second noun joined by "and" ("19 Syrian soldiers and loyal militiamen"), or the noun after "were" ("10 were
Palestinian militiamen"). A number with no noun counts the people last named in its clause ("killing 14 of
them"); one with a noun that is no person counts no one ("130 airstrikes").

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("IS killed 35 pro-government fighters and 130 airstrikes hit.")
>>> [(f.party, f.head) if f else None for f in (phrase(s, n, {a.start: a for a in s.actors}, []) for n in s.numbers)]
[('pro-government', 'fighters'), None]
"""

from __future__ import annotations

import re
from dataclasses import replace

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_list, cue_words
from warledger.extract.figures import Figure, syntax
from warledger.extract.figures.antecedents import family_of, heads_with_sides, named_sides, people_before
from warledger.extract.figures.bare_numbers import bare_number_allowed, second_status
from warledger.extract.figures.held import HELD_NOUNS
from warledger.extract.figures.possessives import LOSS_WORDS, inflicted_on, loss_owner, own_side, their_side
from warledger.extract.figures.scan import Scan, scan_phrase
from warledger.extract.figures.statuses import StatusWord, attacker_heads
from warledger.extract.figures.syntax import OF_ARTICLE, OF_THEM, PASSIVE, WORD, clause_start, ends_the_list
from warledger.extract.mentions.actors import ActorMention
from warledger.extract.text.counts import ONE_AMONG
from warledger.extract.text.numbers import NumberMention, find_numbers

RELATIVE_HEADS = frozenset({"others", "other", "more"}) | cue_words("companion_heads")
# "and two more in Talmenes", "died with one other when his car hit a mine": more people (a lone "other" stands for
# a person only before a break or a preposition; "each other" is no count).
MORE_AFTER = re.compile(r"\s+(?:more|others|other(?=\s*(?:[,;.)]|$|\s+(?:when|as|after|"
                        rf"{cue_alternation('list_gap_prepositions')})\b)))\b", re.I)
NEGATED = re.compile(r"\b(?:no|none\s+of|not\s+a\s+single|not)\s+$", re.I)
EACH_SIDE = re.compile(r"\s*(?:on|from)\s+(?:each|either)\s+sides?", re.I)
BOTH_SIDES = re.compile(r"\s*(?:on|from)\s+both\s+sides", re.I)  # one total over the two sides
KIN_AFTER = re.compile(rf"\s+(?:and|&)\s+(?:their|his|its)\s+(?:{cue_alternation('kin_nouns')})\b", re.I)
COMBATANT_NOUNS = frozenset((*cue_list("army_nouns"), *cue_list("irregular_fighter_nouns")))
# A verb and its article between "and" and a noun make the noun another clause's object ("and released the", "and
# wounded their"; not "and allied militiamen").
VERB_OBJECT = re.compile(rf"\b\w+(?:ed|ing)\s+(?:{cue_alternation('coordinated_determiners')})\b", re.I)
AND_WORDS = re.compile(r"\s+(?:and|&)\s+(?:[\w-]+\s+){0,2}?")
# "IS killed 12 soldiers and wounded civilians": a second verb of the clause, not a noun's adjective.
AND_VERB = re.compile(rf"\s+and\s+(?:wounded|injured|{cue_alternation('object_death_verbs')}|"
                      rf"{cue_alternation('object_capture_verbs')})\s", re.I)
DETERMINER = re.compile(rf"\s+(?:and|&)\s+(?:{cue_alternation('coordinated_determiners')})\s", re.I)
COPULA = re.compile(r"\s+(?:were|was)\s+(?:all\s+)?", re.I)
# "from a single unit of the", "of the 200th Brigade of the": a unit of a side after a person noun.
# "members of the Saleh family", "of his family", "of a family": a family's members are its kin, not a group's.
FAMILY_AFTER = re.compile(rf"\s+of\s+(?:{cue_alternation('family_of_determiners')})\s+(?:[A-Z][\w'’-]*\s+){{0,3}}"
                          r"famil(?:y|ies)\b")
UNIT_OF = re.compile(rf"\s+(?:from|of)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){{0,3}}?(?:{cue_alternation('unit_nouns')})"
                     r"\s+(?:of|from)\s+(?:the\s+)?")
PARTITIVE = re.compile(r"\s+of\s+the\s+")  # "26 of the (around) 50 militants": a part of a group of that size
PART_OF = re.compile(r"\s+of\s+(?:the\s+)?")  # "three of 10 passengers" too
PEOPLE_ONLY = frozenset(cue_list("people_only_status_words"))
# "four Fulanis", "seven Christian Copts", "two ethnic Serbs"
PEOPLE_NAME = re.compile(r"\s+(?:[a-z]+\s+)?((?:[A-Z][a-z]+\s+)?[A-Z][a-z]+[^s\W]s)\b")
FROM_SIDE = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?")  # "23 Chechens from ISIL"



def member_of(text: str, scan: Scan, actors: dict[int, ActorMention]) -> Scan:
    """"11 members of the Baqir Brigade": the group comes after the head; "645 soldiers from a single unit of the
    Russian army": a side named after "from" or "of" a unit outweighs a person noun's own default side; "foreign
    volunteers fighting for Ukraine" are Ukraine's."""
    if scan.head is None:
        return scan
    if scan.party is None and (family := FAMILY_AFTER.match(text, scan.end)):
        return replace(scan, party="civilians", end=family.end())  # "six members of the Saleh family"
    m = OF_ARTICLE.match(text, scan.end) or _from_a_force(text, scan.end, actors)
    actor = actors.get(m.end()) if m and scan.head.party is None else None
    if actor is not None and actor.kind == "modifier":
        return replace(scan, party=scan.party or actor.party, group=scan.group or actor.group, end=actor.end)
    unit = UNIT_OF.match(text, scan.end) if not scan.modifiers else None
    actor = actors.get(unit.end()) if unit else None
    if actor is None and scan.party is None and ("fighting" in (tail := text[scan.end:scan.end + 120])
                                                  or "serving" in tail):
        return _fighting_for(text, scan, actors)
    if actor is None or actor.kind != "modifier" or not actor.party:
        return scan
    return replace(scan, party=actor.party, group=actor.group, end=actor.end)


# "a sergeant from the Russian army", "two conscripts from the 72nd Brigade": "from" a side's force names whose the
# people are (not "two men from Russian-occupied Tabor": a place).
FROM = re.compile(r"\s+from\s+(?:the\s+)?")
FORCE = re.compile(rf"(?:\s+[\w'’-]+){{0,4}}?\s*\b(?:army|armed\s+forces|forces|military|navy|air\s+force|"
                   rf"{cue_alternation('unit_nouns')}|{cue_alternation('formation_nouns')})\b", re.I)


def _from_a_force(text: str, end: int, actors: dict[int, ActorMention]) -> re.Match[str] | None:
    m = FROM.match(text, end)
    actor = actors.get(m.end()) if m else None
    # the force in the side's words ("the Russian army", "the 72nd Brigade") or a few words after them
    if actor is None or not (FORCE.search(actor.text) or FORCE.match(text, actor.end)):
        return None
    return m


def _fighting_for(text: str, scan: Scan, actors: dict[int, ActorMention]) -> Scan:
    actor = syntax.side_fought_for(text, scan.end, actors)
    return replace(scan, party=actor.party, group=actor.group) if actor else scan


# One lower-case word shaped like a word for people, ending the phrase: "concertgoers", "tourists", "retirees",
# "tankmen" (a word in "-men" counts people whatever its status: "44 Russian tankmen went missing").
PEOPLE_SHAPED = re.compile(r"\s+([a-z]+(?:goers|ers|ists|ians|ees|(men)))\b(?!\s+[a-z]+(?:s|ing)\b)")


def antecedent(text: str, num: NumberMention, scan: Scan, actors: dict[int, ActorMention],
               breaks: tuple[int, ...]) -> Scan:
    """A number with no noun counts the people last named in its clause:
    "killing 14 of them", "the number of shepherds killed has risen to 19"."""
    if scan.head is not None or scan.modifiers:
        return scan
    of_them = OF_THEM.match(text, num.end)
    start = 0 if of_them else clause_start(breaks, num.start)  # "…, three of whom died" looks back past the comma
    end = of_them.end() if of_them else scan.end
    # The people last named: a person noun, its side given by "of …" when it has none of its own
    # ("a bus carrying members of the 4th Division"), else a side named alone.
    before = people_before(text, num, actors, start, bool(of_them))
    heads = heads_with_sides(text, before, actors)
    # "pursued the attackers and killed 4 of them", "the attackers fled; 4 were killed" (not "the gunman killed
    # one", where the attacker is the subject and the number its object).
    if heads and heads[-1].party is None and heads[-1].text.lower() in attacker_heads() \
            and (of_them or PASSIVE.match(text, num.end).group().strip()):  # type: ignore[union-attr]
        return Scan(end=end, head=heads[-1])
    named = named_sides(text, num, start, before, heads, bool(of_them))
    if not named:
        return scan
    last = named[-1]
    return Scan(end=end, party=last.party, group=last.group, head=last)


def copula(text: str, num: NumberMention, scan: Scan, actors: dict[int, ActorMention], max_unknown: int) -> Scan:
    """"10 were Palestinian militiamen": the noun after "were" says who the number is."""
    if scan.head is not None or scan.modifiers:
        return scan
    of_whom = OF_THEM.match(text, num.end)  # "11 of whom were civilians"
    m = COPULA.match(text, of_whom.end() if of_whom else num.end)
    if not m:
        return scan
    alt = member_of(text, scan_phrase(text, m.end(), actors, max_unknown), actors)
    return alt if (alt.head is not None or alt.modifiers) and not alt.unknown_words else scan


def coordinated_heads(text: str, scan: Scan, actors: dict[int, ActorMention]) -> Scan:
    """"19 Syrian soldiers and loyal militiamen": one figure over both nouns, its group unsaid; "250 Ukrainian
    soldiers and civilians": one figure over two sides, of neither."""
    m = AND_WORDS.match(text, scan.end)
    if scan.head is None or not m or DETERMINER.match(text, m.start()) or AND_VERB.match(text, m.start()):
        return scan
    for tok in WORD.finditer(text, m.start(), min(len(text), m.end() + 40)):
        actor = actors.get(tok.start())
        if ends_the_list(tok.group(0), actor is not None):
            return scan  # "a woman and her two children" are two figures
        if actor is not None and actor.kind == "head" and actor.person and actor.text.lower() not in RELATIVE_HEADS:
            same = actor.group == scan.group or (actor.group is None and actor.party is None)
            gap = [(w.start(), w.group(0)) for w in WORD.finditer(text, m.start(), actor.start)][1:]
            if VERB_OBJECT.search(text, m.start(), actor.start):
                return scan  # "killed dozens of ISIL militants and released the civilians": another clause's
            return replace(scan, end=actor.end, group=scan.group if same else None,
                           sides_joined=_other_side_joined(gap, actor, actors, scan.party, scan.head.text))
    return scan


def _other_side_joined(gap: list[tuple[int, str]], head: ActorMention, actors: dict[int, ActorMention],
                       party: str | None, first_head: str) -> bool:
    """Whether the noun joined by "and" is another side's: "civilians and YPG fighters" (the side may stand in the
    ``gap`` of words before the noun), "ISIL militants and refinery workers", "residents and local fighters" (armed
    people of no side named beside civilians)."""
    side = head.party or next((a.party for at, _ in gap if (a := actors.get(at)) and a.party), None)
    if "civilians" in (side, party) and None in (side, party):  # "residents and local fighters"
        return (head.text.lower() if side is None else first_head.lower()) in COMBATANT_NOUNS
    return None not in (side, party) and side != party


def _counts_no_one(s: SentenceFacts, num: NumberMention, scan: Scan, actors: dict[int, ActorMention]) -> bool:
    """"130 airstrikes", "12 kilometres east", "no one was hurt": a number that counts no one."""
    if scan.head is not None and not scan.head.person:
        return True  # a noun of its own that is no person
    if (scan.head is None and scan.unknown_words and "family" not in s.words) or syntax.of_things(s.text, num, actors):
        return True  # words that name no one; "four vehicles, two of which were booby-trapped"
    return not s.words.isdisjoint(syntax.NEGATION_WORDS) \
        and NEGATED.search(s.text, max(0, num.start - 30), num.start) is not None


def _who(s: SentenceFacts, num: NumberMention, scan: Scan, actors: dict[int, ActorMention],
         statuses: list[StatusWord], max_unknown: int) -> Scan:
    """Who a number counts when its own words do not say: the noun after "were", the people named before it."""
    text = s.text
    if scan.head is None and not scan.modifiers and (own := own_side(text, num.start, num.end, actors)):
        side, own_end = own  # "two of their own"
        return replace(scan, party=side and side.party, group=side and side.group, modifiers=1, end=own_end)
    # "killing 14 of them", "rose to 19": a number with nothing after it counts the people named before
    # ("captured two hills" has a noun of its own, so it does not).
    if max_unknown and not scan.unknown_words \
            and (OF_THEM.match(text, num.end) or bare_number_allowed(text, num, statuses)):
        named = copula(text, num, scan, actors, max_unknown)  # "11 of whom were civilians" says who
        if named is scan and not second_status(text, num, statuses):
            # "Ukrainian casualties were 29 killed and at least 100 wounded": the losses' owner, not who told them
            owner = loss_owner(s, num.start, actors) if not s.words.isdisjoint(LOSS_WORDS) else None
            named = replace(scan, party=owner.party, group=owner.group) if owner is not None \
                else antecedent(text, num, scan, actors, s.breaks)
        scan = named  # "killing 2 PMF members and injuring 3": the 3 are of the figure before (others)
    scan = coordinated_heads(text, copula(text, num, scan, actors, max_unknown), actors)
    side = their_side(text, num.start, num.end, actors) if scan.head is not None and scan.party is None else None
    scan = replace(scan, party=side.party, group=side.group) if side else scan  # "the PMF said three of their …"
    return scan


def _counts_people(text: str, num: NumberMention, scan: Scan, statuses: list[StatusWord]) -> bool:
    """A number without a noun counts people only right next to its status, or before "more"/"others"."""
    bare = scan.head is None and (scan.unknown_words or not scan.modifiers)
    more = bare and not scan.unknown_words and MORE_AFTER.match(text, num.end)  # "and two more in Talmenes"
    if bare and not more and (scan.unknown_words or not bare_number_allowed(text, num, statuses)):
        return False
    return scan.head is None or bool(scan.head.person)


def _side_then_status(text: str, scan: Scan, statuses: list[StatusWord]) -> bool:
    """A phrase of words the lexicon does not know that ends on a side's word, right before its status, counts that
    side's people: "two border police were killed" (not "two army trucks were destroyed": the truck ends it)."""
    if not scan.modifiers or scan.head is not None:
        return False
    told = PASSIVE.match(text, scan.end).end()  # type: ignore[union-attr]
    return told > scan.end and any(w.start == told and w.direction == "post" for w in statuses)


def _relative(text: str, scan: Scan) -> str | None:
    """Whom a figure counts besides its phrase: "others" of the side before, "attackers", "both" sides."""
    if (BOTH_SIDES.match(text, scan.end) and scan.party is None) or KIN_AFTER.match(text, scan.end) \
            or scan.sides_joined:
        return "both"  # "22 combatants on both sides", "1,300 jihadists and their relatives": of no one side
    head = scan.head.text.lower() if scan.head else None
    if head in RELATIVE_HEADS or head in HELD_NOUNS or (scan.head is None and not scan.modifiers):
        return "others"
    if scan.head and scan.head.party is None and head in attacker_heads():
        return "attackers"
    return None


def _partitive(s: SentenceFacts, num: NumberMention, actors: dict[int, ActorMention], max_unknown: int,
               stops: frozenset[int]) -> Scan | None:
    """"26 of the around 50 Maute militants were killed": the 26 are of the group the second number names."""
    of = PART_OF.match(s.text, num.end) if "of" in s.words else None
    if of is not None and ONE_AMONG.search(s.text, max(0, num.start - 10), of.end()):
        return None
    # The group's number is no count of its own (extract/text/counts.py leaves it out), so it is read here.
    group = find_numbers(s.text[of.end():of.end() + 40]) if of else []
    if not group or group[0].start != 0:
        return None
    end = of.end() + group[0].end  # type: ignore[union-attr]
    scan = member_of(s.text, scan_phrase(s.text, end, actors, max_unknown, stops), actors)
    if scan.head is not None and scan.head.start > scan.end and _status_in_clause(s.text, scan.head.end, stops):
        scan = replace(scan, end=scan.head.end)  # "one of the five injured pupils died": the group's adjective
    return scan if scan.head is not None or scan.modifiers else None


def _status_in_clause(text: str, end: int, stops: frozenset[int]) -> bool:
    """Whether a status word comes after ``end`` before the clause ends ("… pupils later died")."""
    clause_end = min((i for i in (text.find(c, end) for c in ",;:") if i >= 0), default=len(text))
    return any(end < stop < clause_end for stop in stops)


def _side_named_after(text: str, end: int, actors: dict[int, ActorMention]) -> ActorMention | None:
    """The side named right after "from" or "of": "23 Chechens from ISIL"."""
    of = FROM_SIDE.match(text, end)
    side = actors.get(of.end()) if of else None
    return side if side is not None and side.kind == "modifier" and side.party else None


def _people_by_name(text: str, num: NumberMention, statuses: list[StatusWord], scan: Scan,
                    actors: dict[int, ActorMention]) -> Scan | None:
    """"killed four Fulanis", "seven Christian Copts were killed", "killing at least 22 concertgoers", "23 Chechens
    from ISIL were killed": a people the lexicon does not know, named by a capitalised plural or a word shaped like
    a word for people right after the number (or after the side's words read: "44 Russian tankmen", "four Army
    Mountain Rangers") and right beside its status, counts people of the side read (or named after "from"), else of
    no known side."""
    at = scan.end if scan.modifiers else num.end
    m = PEOPLE_NAME.match(text, at) or PEOPLE_SHAPED.match(text, at)
    if m is None:
        return None
    side = _side_named_after(text, m.end(), actors)
    end = side.end if side else m.end()
    after = PASSIVE.match(text, end).end()  # type: ignore[union-attr]
    beside = [w for w in statuses if (w.direction == "pre" and 0 <= num.start - w.end <= 1) or w.start == after]
    men = m.re is PEOPLE_SHAPED and m.group(2) is not None
    if not beside or (not men and not any(text[w.start:w.end].lower() in PEOPLE_ONLY for w in beside)):
        return None  # "two Humvees were destroyed", "captured 3 Humvees"
    head = ActorMention(m.start(1), m.end(1), m.group(1), None, None, "head", True)
    if side is not None and scan.party is None:
        return Scan(end=end, party=side.party, group=side.group, head=head, modifiers=scan.modifiers + 1)
    return Scan(end=m.end(), party=scan.party, group=scan.group, head=head, modifiers=scan.modifiers)


def phrase(s: SentenceFacts, num: NumberMention, actors: dict[int, ActorMention], statuses: list[StatusWord],
           max_unknown: int = 2, stops: frozenset[int] = frozenset()) -> Figure | None:
    """The figure a number starts, if it counts people (``stops``: where status words begin)."""
    text = s.text
    scan = _partitive(s, num, actors, max_unknown, stops) or \
        member_of(text, scan_phrase(text, num.end, actors, max_unknown, stops), actors)
    if scan.head is None and scan.unknown_words:
        scan = _people_by_name(text, num, statuses, scan, actors) or scan
    if scan.head is None and scan.unknown_words and _side_then_status(text, scan, statuses):
        scan = replace(scan, unknown_words=0)  # "two border police were killed": the words are the side's
    if _counts_no_one(s, num, scan, actors):
        return None
    scan = _who(s, num, scan, actors, statuses, max_unknown)
    owner = None if s.words.isdisjoint(LOSS_WORDS) else inflicted_on(text, num.end, actors) or (
        loss_owner(s, num.start, actors) if scan.party is None else None)
    scan = replace(scan, party=owner.party, group=owner.group) if owner is not None else scan
    family = family_of(text, num) if "family" in s.words and scan.head is None and not scan.modifiers else None
    if family is not None:
        return family
    if not _counts_people(text, num, scan, statuses):
        return None
    return Figure(num.start, max(scan.end, num.end), num.count, scan.party, scan.group, None,
                  head=scan.head.text.lower() if scan.head else None, each_side=bool(EACH_SIDE.match(text, scan.end)),
                  relative=_relative(text, scan), qualifier=num.kind)
