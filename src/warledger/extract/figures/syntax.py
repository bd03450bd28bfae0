"""What the figure modules share: words, clauses, "of them", list joins, the subset cues and sides beside nouns.

A figure's rules read a few words around a number. This module decides the
small things they all ask: where a clause begins, what joins two items of a
list, whether "including" or "of whom" stands right before a figure, which side's
word stands right before a noun ("SDF troops", "Sudanese ISIL commander") or a unit's name, and which
data line a listed word came from (for ``extract --trace``).

>>> clause_start((10, 30), 12), clause_start((10, 30), 5)
(10, 0)
>>> bool(LIST_JOIN.match(", and ")), bool(OF_THEM.match(" of whom were civilians"))
(True, True)
>>> bool(SUBSET_CUES.search("35 fighters, including")), sorted(SUBSET_WORDS)
(True, ['inc', 'incl', 'included', 'includes', 'including', 'them', 'which', 'whom'])
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_line, cue_list, cue_words
from warledger.extract.figures import Figure
from warledger.extract.mentions.actors import ActorMention
from warledger.extract.mentions.persons import DIED
from warledger.extract.text.numbers import NumberMention, is_quantity, word_value

if TYPE_CHECKING:
    from warledger.extract.figures.statuses import StatusWord

WORD = re.compile(r"[\w’'\-]+|[^\w\s]")
QUOTES = frozenset({"'", "’", '"', "”", "“", "‘"})
STOP_WORDS = cue_words("phrase_stop_words")  # a figure's phrase ends at one of these
NEGATION_WORDS = frozenset({"no", "none", "not"})
# "three of them", "one of whom", "two of the wounded": a count among people counted already.
_THE_WOUNDED = r"(?:the|those)\s+(?:wounded|injured)"
# ("those" before a plural noun is its determiner: "nine of those civilians" count civilians)
OF_THEM = re.compile(rf"\s+of\s+(?:them|whom|which|those(?!\s+[a-z]+s\b)|{_THE_WOUNDED})\b", re.I)
OF_THE_WOUNDED = re.compile(rf"\s+of\s+{_THE_WOUNDED}\b", re.I)
OF_WHICH = re.compile(r"\s+of\s+which\b", re.I)
# "were freed from the hotel": a verb of the figure's own ("was stabbed and later died": two verbs of it)
OWN_PASSIVE = re.compile(r"\s+(?:were|was|is|are|ha(?:d|ve|s|ving)\s+been)\s+([a-z]+(?:ed|en))\b(?!\s+and\b)")
OWN_VERB = re.compile(r"\s+[a-z]+ed\s*[,;]")  # a participle ending the figure's clause: "34,000 evacuated,"
# "… over a dozen injured, and 252 residents moved to temporary shelter": a verb of the figure's own, with its way.
OWN_MOVE = re.compile(r"\s+(?:[a-z]+ed|fled|left|went)\s+(?:to|from|into|out|back|across|towards?)\b")
# A vehicle's load, after its noun: "a van carrying a two-member polio team" (the people it carried, not its driver).
CARRYING = r"(?:carrying|transporting|ferrying)"
SUBORDINATE = re.compile(rf"\b(?:{cue_alternation('subordinate_conjunctions')})\s", re.I)  # "when", "since", …
# "killing at least 47 SDF soldiers - 29 on Saturday alone": the count of one day of a total told just before.
ALONE_AFTER = re.compile(r"\s+(?:on|in|during|over)\s+[^,.;()–—-]{1,30}?\s+alone\b", re.I)
OF_ARTICLE = re.compile(rf"\s+of\s+(?:the\s+|a\s+|an\s+)?(?:(?:{cue_alternation('group_standing_words')})\s+)?")
# "another five", "a further 40", "an additional 40": more people than those counted already.
MORE_OF = r"(?:another|a\s+further|an\s+additional)"
# "injuring another five", "a further 40", "an additional 40", "the other five", "the remaining three", "injured at
# least an additional 151"
ANOTHER_GAP = re.compile(rf"\s+(?:(?:{cue_alternation('duration_hedges')})\s+)?"
                         rf"(?:{MORE_OF}|the\s+other|the\s+remaining)\s+", re.I)
# Between two items of a list: "A, B", "A and B", "X along with his driver".
LIST_JOIN = re.compile(r"^\s*(?:,\s*)?(?:and\s+|&\s+|(?:along|together)\s+with\s+)?$", re.I)
# An apposition's first item, one person with no figure of its own: ", the school's headmistress and ".
ONE_PERSON_ITEM = re.compile(r"^\s*,\s*(?:the|a|an)\s+[^,;.()]{1,50}?\s+and\s+$", re.I)
# One character of an apposition between commas: no clause mark, but the full stop of an initial ("Maj. Gen.").
APPOSITION_CHAR = r"(?:[^,;.]|(?<=\s[A-Z])\.)"
# Between two bare counts told by place: "six in the village of Sartana and four …".
PLACE_ITEM_GAP = re.compile(r"^\s+(?:in|near|at|on)\s+[^,;.\d]{1,40}?\s*,?\s*(?:and\s+)?$", re.I)
# Between a figure and the status after it: "26 troops were killed", "three of whom had also been wounded",
# "Between 11 and 14 were initially thought dead", "a soldier was confirmed dead".
PASSIVE = re.compile(rf"\s*(?:(?:{cue_alternation('passive_auxiliaries')})\s+"
                     r"(?:(?:also|later|[a-z]+ly)\s+){0,2}"  # "reportedly", "initially", "also severely"
                     rf"(?:(?:{cue_alternation('belief_participles')})\s+(?:to\s+(?:be|have\s+been)\s+)?)?){{0,2}}")
# "including nine Russians", "including their commander Ali Rahmoun" (a possessive between: the total's own); not
# "as a result of which a boy was injured", whose "of which" is the shelling's.
SUBSET_CUES = re.compile(rf"(?<!result\s)(?:{cue_alternation('subset_cues')})(?:\s+(?:their|its|his|her))?\s*:?\s*$",
                         re.I)
_LETTERS = re.compile(r"[a-z]+")


@functools.cache
def guard_words(name: str) -> frozenset[str]:
    """The letter runs of each entry's last word: a sentence without one of them matches no entry of the list.

    >>> sorted(guard_words("subset_cues"))[:2]
    ['inc', 'incl']
    """
    return frozenset(w for entry in cue_list(name) for w in _LETTERS.findall(entry.split()[-1].lower()))


SUBSET_WORDS = guard_words("subset_cues")


def origin(name: str, entry: str) -> str | None:
    """The data line of a listed word as matched ("cues/subset_cues.yaml:6"), for a trace note."""
    line = cue_line(name, " ".join(entry.split()).lower())
    return f"cues/{name}.yaml:{line}" if line else None


def clause_start(breaks: tuple[int, ...], pos: int) -> int:
    """Where the clause holding ``pos`` begins."""
    i = bisect.bisect_right(breaks, pos)
    return breaks[i - 1] if i else 0


def clause_of(breaks: tuple[int, ...], pos: int) -> int:
    """The clause holding ``pos``, counted from 0."""
    return bisect.bisect_right(breaks, pos)


def said_in_clauses(text: str, breaks: tuple[int, ...], word: re.Pattern[str], starts: Iterable[int]) -> bool:
    """Whether ``word`` occurs in a clause that holds one of ``starts``."""
    clauses = {clause_of(breaks, at) for at in starts}
    return any(clause_of(breaks, m.start()) in clauses for m in word.finditer(text))


# Still inside an "including …" list: "including a prominent businessman and his infant daughter".
# The words of an "including" list up to a figure; an item after a comma goes on the list, and so does one after ",
# and" once the list has such an item ("including a guard, a driver, and two …", not "including the bomber, and
# four soldiers": the aside closed).
LIST_WORDS = r"(?:[^,;.()]|,\s*\d+\s*,)*"
LIST_ITEMS = (rf"(?:(?:,(?=\s+(?:$|(?:an?|the|his|her|their|one|two|three|four|five|six|seven|eight|nine|\d)\b))"
              rf"{LIST_WORDS})+"
              rf"(?:,\s+and\s+{LIST_WORDS})?)?")
INCLUDING_OPEN = re.compile(rf"\b(?:including|among\s+them|among\s+whom)\b{LIST_WORDS}{LIST_ITEMS}$", re.I)


def after_subset_cue(s: SentenceFacts, pos: int, reach: int) -> re.Match[str] | None:
    """"including", "among them" or "of whom" right before ``pos`` (within ``reach`` characters)."""
    if s.words.isdisjoint(SUBSET_WORDS):
        return None
    return SUBSET_CUES.search(s.text[max(0, pos - reach):pos].rstrip(" ,"))


def ends_the_list(word: str, an_actor: bool) -> bool:
    """A number, a stop word or a verb after "and" ("a woman and her two children", "killing a child and injuring
    a woman"): a figure of its own, not a second noun of the first."""
    low = word.lower()
    if low in ("and", "&"):
        return False
    return word[0].isdigit() or word_value(word) is not None or is_quantity(word) or (
        not an_actor and (low in STOP_WORDS or low.endswith("ing")))


def nationality_of_side(text: str, actor: ActorMention, actors: dict[int, ActorMention]) -> bool:
    """"another Sudanese ISIL commander": a nationals' noun of no side before a side's word is its adjective."""
    after = actors.get(actor.end + 1) if actor.kind == "head" and actor.party in (None, "unknown") else None
    return after is not None and after.kind == "modifier" and actor.text[:1].isupper() and text[actor.end] == " "


def side_right_before(person: ActorMention, actors: dict[int, ActorMention]) -> ActorMention | None:
    """The side's word right before a person noun ("Boko Haram" of "Boko Haram suicide bombers")."""
    return next((a for a in actors.values() if a.kind == "modifier" and 0 <= person.start - a.end <= 1), None)


def sides_then_person(text: str, end: int, actors: dict[int, ActorMention]) -> list[ActorMention]:
    """The sides named right after ``end`` and the person noun they end on ("Wagner mercenary", "pro-government
    fighter"); none when no person noun ends them."""
    chain = []
    actor = actors.get(end + 1) if text[end:end + 1] == " " else None
    while actor is not None and actor.kind == "modifier":
        chain.append(actor)
        actor = actors.get(actor.end + 1) if text[actor.end:actor.end + 1] == " " else None
    return [*chain, actor] if actor is not None and actor.kind == "head" and actor.person else []


SHELTERED_BEFORE = re.compile(rf"\b(?:{cue_alternation('shelter_verbs')})\s+\Z", re.I)


def sheltered(text: str, start: int) -> bool:
    """A count of the people a place held: "an art school, sheltering some 400 people, was destroyed"."""
    return SHELTERED_BEFORE.search(text, max(0, start - 16), start) is not None


def with_side_before(head: ActorMention, actors: dict[int, ActorMention]) -> ActorMention:
    """"Five SDF troops …; one was killed": the side's word right before a noun outweighs the side the noun has of
    its own ("troops" are the army's where no side is named), and gives one to a noun of none ("the Taliban
    fighters")."""
    side = side_right_before(head, actors)
    return head._replace(party=side.party, group=side.group) if side is not None and side.party else head


# "four destroyed (Russian) tanks", "seven destroyed or damaged Russian helicopters"
THINGS_AFTER = re.compile(r"\s+[a-z]+ed(?:\s+(?:or|and)\s+[a-z]+ed)?\s+")


def things_after_status(text: str, end: int, actors: Iterable[ActorMention]) -> bool:
    """"at least four destroyed Russian tanks": a status word right after a number is an adjective of things (not
    "hundreds injured in two attacks")."""
    after = THINGS_AFTER.match(text, end)
    if after is None:
        return False
    near = [a for a in actors if after.end() <= a.start <= after.end() + 25]
    # a head noun, or a side's name for its machines ("Russian helicopters")
    head = next((a for a in sorted(near, key=lambda a: a.start) if a.kind == "head" or not a.person), None)
    between = text[after.end():head.start].split() if head is not None else []
    return head is not None and not head.person and len(between) <= 2 \
        and not any(w.lower() in STOP_WORDS or w[0].isdigit() or word_value(w) is not None for w in between)


# "15 herders lost all their properties": the subject lost things, not lives (a loss verb whose object is its own).
LOST_THINGS = re.compile(rf"los(?:t|ing|es?)\s+(?:all\s+)?(?:{cue_alternation('lost_object_words')})\b"
                         r"(?!\s+(?:own\s+)?li(?:ves|fe)\b)", re.I)


# Up to two numbers or names between a side's name and a unit's: "the Russian 31st Guards Air Assault Brigade".
SIDE_GAP = re.compile(r"\s+(?:(?:\d+(?:st|nd|rd|th)?|[A-Z][\w-]*)\s+){0,2}")


def with_side(text: str, head: ActorMention, actors: dict[int, ActorMention]) -> ActorMention:
    """"members of the Baqir Brigade": a head without a side takes the one after "of"; "the Russian 31st Guards":
    a head takes the side named right before it, whose unit it is."""
    m = OF_ARTICLE.match(text, head.end)
    side = actors.get(m.end()) if m and head.party is None else None
    if (side is None or side.kind != "modifier") and head.text[:1].isupper():
        side = next((a for a in actors.values() if a.kind == "modifier" and a.party and a.end < head.start
                     and SIDE_GAP.fullmatch(text, a.end, head.start)), None)
    return head._replace(party=side.party, group=side.group) if side and side.kind == "modifier" else head


AND_ITEM = re.compile(r"^\s+and\s+[^,;.\d]{1,40}?\s+and\s+$", re.I)  # "9 SDF and Asayish fighters and 4 civilians"
# An item's origin or place before the next item: "including two citizens from Canada, five tourists and …"
ITEM_TAIL = re.compile(r"^\s+(?:from|of|in|at)\s+[^,;.\d]{1,40}?\s*,\s*(?:and\s+)?$", re.I)


def next_item(between: str) -> bool:
    """Whether the text between two figures goes on from one item of a list to the next."""
    return any(p.match(between) for p in (LIST_JOIN, AND_ITEM, ITEM_TAIL))


def listed_after(text: str, before: Figure, fig: Figure) -> bool:
    """Whether ``fig`` goes on the list ``before`` is in: "…, four soldiers and three of the attackers"; bare
    counts listed by place ("six in Sartana and four in Buhas")."""
    if LIST_JOIN.match(text[before.end:fig.start]):
        return True
    alone = all(" " not in text[f.start:f.end] for f in (before, fig))  # each its number alone
    return alone and PLACE_ITEM_GAP.match(text[before.end:fig.start]) is not None


PARTICIPLE_HEAD = re.compile(r"[a-z]+ed")


def ends_phrase(actor: ActorMention, actors: dict[int, ActorMention]) -> bool:
    """A head noun ends a figure's phrase, but a participle with a noun right after it ("the mobilized Russian
    men") and a singular noun with a noun right after it ("two militant leaders": its kind); so does a side's name
    that ends on its people ("52 Yemeni soldiers collecting their salaries") or on no people at all ("two factions
    of the student front": groups)."""
    if actor.kind != "head":
        return not actor.person or names_its_people(actor)
    after = actors.get(actor.end + 1)
    if after is not None and after.kind == "head" and after.person and not actor.text.endswith("s"):
        return False
    return not PARTICIPLE_HEAD.fullmatch(actor.text) or after is None


SIDES_PEOPLE = re.compile(rf"\s(?:{cue_alternation('side_people_nouns')})$")


def names_its_people(actor: ActorMention) -> bool:
    """Whether a side's name ends on the plural of its people: "Yemeni soldiers", "Saudi border guards"."""
    return actor.person and SIDES_PEOPLE.search(actor.text) is not None


# A name's short form or other name in brackets: "(CRPF)", "(CPI-Maoist)", "(Khaplang)".
ACRONYM = re.compile(r"\(\s*[A-Z][\w-]{0,14}(?:\s+[A-Z][\w-]{0,14})?\s*\)")
# "Four foreign volunteers—two Americans, one Canadian, and one Swede—fighting for Ukraine", "volunteers, serving in
# Ukraine's 57th Brigade": whose side they fight on (past an aside between dashes or commas).
FIGHTING_FOR = re.compile(r"(?:\s*[—–]\s*[^—–.;]{1,80}?[—–]|,\s*(?:who\s+(?:were|was)\s+)?)?\s*(?:fighting|serving)\s+"
                          r"(?:for|alongside|with|in|on\s+the\s+side\s+of)\s+(?:the\s+)?")


def side_fought_for(text: str, end: int, actors: dict[int, ActorMention]) -> ActorMention | None:
    """The side people named up to ``end`` fight or serve for ("… fighting for Ukraine"), if a side's word."""
    m = FIGHTING_FOR.match(text, end)
    actor = actors.get(m.end()) if m else None
    return actor if actor is not None and actor.kind == "modifier" and actor.party else None


# --- relative clauses: whose a "who" clause is ---------------------------------------------------------------------

RELATIVE = re.compile(r"\b(?:who|whom|whose)\b", re.I)
INCLUDED_BEFORE_WHO = re.compile(r"\b(?:including|among\s+them)\b[^,;]*,\s*\Z", re.I)
# "12 people who were …", "two of whom were wounded", "his brother Jean-Michel Clain, who was critically injured",
# "Karim Mia, a rickshaw puller, who was hurt" (the figure's own apposition)
OWN_RELATIVE_GAP = re.compile(r"[\s,]*(?:of\s+|(?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*\s*,\s*"
                              r"|(?:an?|the)\s[^,;]{1,60},\s*)?")
WHO_WAS = re.compile(r"\b(?:who|whom)\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:[a-z]+ly\s+)?\Z")


def in_relative_clause(text: str, fig: Figure, figures: list[Figure]) -> bool:
    """Whether a figure stands in a relative clause of the figure before it ("a man who tried to rob a pupil")."""
    before = [f for f in figures if f.end <= fig.start]
    gap = text[before[-1].end:fig.start] if before else ""
    return bool(RELATIVE.search(gap)) and not any(ch in gap for ch in ",;") and not gap.endswith(" and ")


def anothers_relative(text: str, end: int, status_start: int) -> bool:
    """Whether the status word at ``status_start`` is told in a relative clause of someone named after a figure
    ending at ``end`` ("Tens of thousands of people … gather for the funeral of Ko Ni, …, who was assassinated
    yesterday"); a part the figure names is still its people ("…, including St. Petersburg lawyer Andrei Nikiforov,
    who was killed")."""
    m = WHO_WAS.search(text, end, status_start) if end < status_start else None
    return m is not None and OWN_RELATIVE_GAP.fullmatch(text, end, m.start()) is None \
        and INCLUDED_BEFORE_WHO.search(text, end, m.start()) is None


def of_things(text: str, num: NumberMention, actors: dict[int, ActorMention]) -> bool:
    """Whether "N of which" counts things: the last noun before it is no person ("four vehicles, two of which were
    booby-trapped"; not "three soldiers injured, one of which died later")."""
    if not OF_WHICH.match(text, num.end):
        return False
    last = max((a for a in actors.values() if a.kind == "head" and a.end <= num.start and num.start - a.end < 60),
               key=lambda a: a.end, default=None)
    return last is None or not last.person


DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an)\s+\Z", re.I)


def acronym_named(text: str, start: int, end: int) -> bool:
    """Whether a status written as an acronym is a name here: after a determiner ("detained by the KIA": the Kachin
    Independence Army, not "killed in action")."""
    return text[start:end].isupper() and DETERMINER_BEFORE.search(text, max(0, start - 8), start) is not None


# The deeds done to the same people before their death, each a participle of their own ("were abducted, tortured
# and killed", "was seized at a bus stop, driven to a river, and was killed"), with a bracketed place ("near Tabor
# (Upper Province)").
PARTICIPLE = r"(?:[a-z]+(?:ed|en)|shot|held|hung|brought|thrown)"
PHRASE = r"(?:(?!\band\b)[^,;:()\d]){0,60}?(?:\s*\([^()\d]{1,60}\))?"  # "from his farm near Tabor (Upper Province)"
DEEDS_THEN = re.compile(rf"(?:\s{PHRASE})?(?:,\s+{PARTICIPLE}\b{PHRASE})*"
                        r",?\s+and\s+(?:(?:later|then|subsequently|[a-z]+ly)\s+)?(?P<aux>(?:was|were)\s+)?")


DIED_WORDS = frozenset(DIED.split("|"))  # "died", "succumbed": told with no auxiliary
# A verb of telling or posting: "said", "reported", "posted", "tweeted".
TELLING_VERB = rf"(?:{cue_alternation('teller_speech_verbs')}|{cue_alternation('posting_verbs')})"
# After a status adjective: the rest of the noun phrase and the passive's auxiliary ("surrendering Russian soldiers
# were killed"), or an adverb before a death told with no auxiliary ("injured pupils later died").
NOUN_THEN_PASSIVE = re.compile(r"\s+(?:[\w-]+\s+){1,3}?(?:were|was|had\s+been|have\s+been|has\s+been)\s+\Z", re.I)
NOUN_THEN_ADVERB = re.compile(rf"\s+(?:(?!(?:{cue_alternation('finite_auxiliaries')}|have)\b)[\w-]+\s+){{1,3}}?"
                              r"(?:[a-z]+ly\s+|later\s+)?\Z", re.I)


def death_after_adjective(text: str, adjective: StatusWord, same: list[StatusWord]) -> StatusWord:
    """A death told of the people a status adjective describes is their status: "12 surrendering Russian soldiers
    were killed", "three wounded soldiers were killed", "one of the six injured pupils later died" (not "42 dead
    militants were found", nor "nine others wounded when their tractor was destroyed": the death is of another
    clause)."""
    death = next((s for s in same if s.start > adjective.end and s.status == "killed" and s.direction == "post"), None)
    if death is None or SUBORDINATE.search(text, adjective.end, death.start):
        return adjective
    between = text[adjective.end:death.start]
    if NOUN_THEN_PASSIVE.match(between) is None and (text[death.start:death.end].lower() not in DIED_WORDS
                                                     or NOUN_THEN_ADVERB.match(between) is None):
        return adjective
    return death
