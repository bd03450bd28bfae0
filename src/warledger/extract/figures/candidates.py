"""Candidates: which number phrases, singulars and persons of a sentence are figures to bind a status to.

Every number phrase that counts people is a candidate; a singular ("a soldier", "the driver") or a person (a name,
"him") is one where no number phrase already covers it, unless a drop of ``singular_drops`` rules it out. Whoever
speaks is the teller, not a casualty (the ``teller`` drop), and a singular right after a figure that it only
describes is the same person ("killing its driver, a member of a local militia"), as is a name set after a role
("the ISIL emir of the city, Khalil Mohameed"). Plurals with no number (:mod:`~warledger.extract.figures.plurals`)
count at least two where a status is told of them; a person named after "including" is a part of the count before
it.

>>> from warledger.extract.stages import facts_for
>>> from warledger.extract.mentions.actors import ActorLexicon
>>> from warledger.extract.figures.statuses import status_words
>>> s = facts_for("Two soldiers were killed by a sniper, a local militia leader said.")
>>> actors = {a.start: a for a in s.actors}
>>> words = status_words(s, {n.start for n in s.numbers})
>>> [s.text[f.start:f.end] for f in candidates(s, actors, words, ActorLexicon.load().singular)]
['Two soldiers']
"""

from __future__ import annotations

import functools
import re

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation
from warledger.extract.figures import NAMED_PERSON, Figure
from warledger.extract.figures.named_people import person_figures
from warledger.extract.figures.phrases import phrase
from warledger.extract.figures.plurals import all_of_objects, bare_plurals, including_plurals, person_heads
from warledger.extract.figures.pronouns import pronoun_figures, subject_pronoun_figures
from warledger.extract.figures.singular_drops import kept_singular
from warledger.extract.figures.singulars import singulars
from warledger.extract.figures.statuses import StatusWord
from warledger.extract.figures.surrenders import sized_units, surrendered_units
from warledger.extract.figures.syntax import PASSIVE, STOP_WORDS, WORD, origin
from warledger.extract.mentions.actors import ActorMention
from warledger.extract.mentions.persons import PERSON_NAME, PREPOSITION_BEFORE, PREPOSITION_WORDS
from warledger.extract.text.phrases import PhraseMatcher
from warledger.model import Count

# "…, a local militia leader said", "a soldier from the 2nd Company of the 93rd Brigade said": up to ten words (no
# verb of the figure's own), then a speech verb.
SPEAKS = re.compile(rf"\s+(?!and\b|but\b)(?:(?!(?:{cue_alternation('finite_auxiliaries')})\b)[\w-]+\s+){{0,10}}?"
                    rf"(?:{cue_alternation('speech_verbs')})\b", re.I)
OTHER_SPEAKER = re.compile(r"\bwhom?\s+(?:the\s+)?[\w'’-]+\s+[\w-]+\Z", re.I)  # "who police said"
# A name and its role, then the rest of the role and the speech verb: "Oleksiy Arestovych, an adviser to Ukrainian
# president Volodymyr Zelenskyy, stated …".
ROLE_SPEAKS = re.compile(rf"[^,;.]{{0,80}},\s+(?:however\s+|also\s+|later\s+)?(?:{cue_alternation('speech_verbs')})\b",
                         re.I)
# A teller's verb and what it tells: "a US DoD official reported Izium was …", "an adviser to the minister claimed
# that …", "a DPR official claimed 200", "a prosecutor cautioned it was too soon" (not "20 soldiers reported killed").
TELLS_NEXT = re.compile(rf"(?:\s+(?:to|of|for|at)\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}[\w'’-]+)?"
                        rf"\s+(?:(?:has|have|had)\s+)?(?:also\s+)?(?:{cue_alternation('teller_speech_verbs')})\s+"
                        r"(?:that\b|[A-Z]|\d|(?:it|they|he|she|there|between|up\s+to|over|more\s+than|at\s+least|"
                        r"around|about|some|nearly|almost)\s)")
# A teller who changes a count: "another official, Mykhailo Podolyak, increased the figures to 30,000".
TELLS_COUNT = re.compile(rf"(?:,\s+(?:[A-Z][\w'’-]+\s+){{0,3}}[A-Z][\w'’-]+)?,?\s+(?:(?:has|have|had)\s+)?(?:also\s+)?"
                         rf"(?:{cue_alternation('count_change_verbs')}|put|gave|updated)\s+(?:the|their|his|her|its)\s+"
                         r"(?:[\w-]+\s+)?(?:figures?|toll|estimates?|numbers?|count)\b")
INJURED_WORD = re.compile(r"\b(?:wounded|injured)\s")
APPOSITION_GAP = re.compile(r",\s*")
BESIDES_BEFORE = re.compile(rf"\b(?:{cue_alternation('besides_words')})\s+\Z", re.I)  # "In addition to the bomber, "
DESCRIBED_AS = re.compile(r"(?:\s+[^,;.]{1,40}?)?,?\s+(?:(?:described|identified|presented|shown|labell?ed)\s+as"
                          r"|referred\s+to\s+as)\s+")  # "one person referred to as a 'martyr'": the same one
NAME_BEFORE = re.compile(r"\b[A-Z][\w'’-]+\s+[A-Z][\w'’-]+,\s*\Z")  # "Oleksandr Kyslyuk, " before an aside
NAMES_AFTER = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)[A-Z]")  # "killing Vasich, Parkhomuk and Svynchuk": a list
LIST_AFTER = re.compile(rf"(?:,?\s+aged\s+\d+)?\s*(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)"
                        rf"(?:{cue_alternation('list_item_openers')}|\d+)\b", re.I)  # "a boy aged 9 and his sister"


@functools.cache
def _needs_noun() -> re.Pattern[str]:
    """The vague counts that count no one without a noun of their own ("an unspecified number of wounded": no count
    is told), from numbers.yaml."""
    phrases = [p for group in load_yaml("numbers.yaml")["vague"] if group.get("needs_noun") for p in group["phrases"]]
    return re.compile("|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases), re.I)


def teller(s: SentenceFacts, fig: Figure) -> bool:
    """Whoever speaks is the teller, not a casualty: "…, a local militia leader said", "two officials told", "a US
    official confirmed Gerasimov had been …", "according to a local official", "per a security official"."""
    named_role = ", " in s.text[fig.start:fig.end]  # "Oleksiy Arestovych, an adviser …, stated"
    if named_role and any(a.start <= fig.start < a.end for a in getattr(s, "attributions", ())):
        return True  # the name the attributions read as the sentence's teller, however long its role
    speaks = SPEAKS.match(s.text, fig.end) or (ROLE_SPEAKS.match(s.text, fig.end) if named_role else None)
    if speaks is not None and OTHER_SPEAKER.search(s.text, fig.end, speaks.end()):
        speaks = None  # "two militants who police said were also involved …": the police speak
    m = speaks or TELLS_NEXT.match(s.text, fig.end) or TELLS_COUNT.match(s.text, fig.end)
    if m is not None and INJURED_WORD.search(s.text, fig.start, m.end()):
        return False  # "two wounded soldiers told reporters that …": casualties who speak
    if m is not None and s.trace is not None:
        verb = m.group(0).split()[-1] if speaks else m.group(0).split()[0]
        note(s, "figures.teller", "dropped", s.text[fig.start:m.end()],
             origin("speech_verbs" if speaks else "teller_speech_verbs", verb))
    cited = m is None and _cited(s.text, fig.start, role=fig.head == NAMED_PERSON)
    if cited and s.trace is not None:
        note(s, "figures.teller", "dropped", f"{s.text[fig.start:fig.end]} (named after an attribution cue)")
    return m is not None or cited


@functools.cache
def _before_cue() -> tuple[re.Pattern[str], frozenset[str]]:
    """An attribution cue that names its teller after it (data: sources.yaml, cues.before), right before a phrase;
    and the words such a cue ends with (a cheap test first: most phrases follow none of them)."""
    cues = sorted(load_yaml("sources.yaml")["cues"]["before"], key=len, reverse=True)
    pattern = re.compile(rf"\b(?:{'|'.join(re.escape(c) for c in cues)})\s+\Z", re.I)
    return pattern, frozenset(c.split()[-1].lower() for c in cues)


# The teller's name and a comma before its role: "according to Serhiy Haidai, the governor of Luhansk Oblast".
NAME_COMMA = re.compile(r"(?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*,\s+\Z")


def _cited(text: str, start: int, role: bool) -> bool:
    named = NAME_COMMA.search(text, max(0, start - 50), start) if role and text[start - 2:start] == ", " else None
    start = named.start() if named is not None else start
    before = text[max(0, start - 40):start]
    pattern, last_words = _before_cue()
    words = before.split() if before[-1:].isspace() else []
    if not words or words[-1].lower() not in last_words:
        return False
    return pattern.search(text, max(0, start - 40), start) is not None


# "…, the governor of Luhansk Oblast, one person was killed": a count of its own (not "Sadiq Yari, one of the …").
COUNTED_ONE = re.compile(r"(?:one|1)\s+(?!of\b)", re.I)


def appositions(text: str, figures: list[Figure], ones: list[Figure]) -> list[Figure]:
    """"killing its driver, a member of a local militia", "Sadiq Yari, one of the commanders of the Quds Force,",
    "the body of a man in uniform, described as a Russian adviser": one person told twice, not two (what he is
    described as names his side); so is "either a shepherd or a fighter"."""
    out: list[Figure] = []
    for fig in figures:
        prev = out[-1] if out else None
        described = DESCRIBED_AS.match(text, prev.end) if prev is not None else None
        if prev is not None and _either_or(text, prev, fig):  # quoted whole; either side's: no one can say whose
            out[-1] = prev._replace(end=fig.end) if fig.party == prev.party \
                else prev._replace(end=fig.end, party="unknown", group=None)
            continue
        if prev is not None and _told_again(text, prev, fig, ones, described):
            if (prev.party is None or described) and fig.party is not None:
                out[-1] = prev._replace(party=fig.party, group=fig.group)
            continue
        out.append(fig)
    return out


EITHER_BEFORE = re.compile(r"\b[Ee]ither\s+\Z")
OR_GAP = re.compile(r"\s+or\s+")


def _either_or(text: str, prev: Figure, fig: Figure) -> bool:
    """"killed either a shepherd or a fighter": one person, told as either of two."""
    return prev.count == fig.count == Count(1, 1) and OR_GAP.fullmatch(text, prev.end, fig.start) is not None \
        and EITHER_BEFORE.search(text, max(0, prev.start - 8), prev.start) is not None


def _told_again(text: str, prev: Figure, fig: Figure, ones: list[Figure], described: re.Match[str] | None) -> bool:
    """Whether one person ``fig`` right after ``prev``, past a comma or "described as", tells ``prev`` again."""
    gap = described or APPOSITION_GAP.match(text, prev.end)
    one = fig in ones or (prev.head == NAMED_PERSON and fig.count == Count(1, 1)
                          and COUNTED_ONE.match(text, fig.start) is None)
    names_go_on = fig.head == NAMED_PERSON and NAMES_AFTER.match(text, fig.end) is not None
    # (one person after a count of several is the list's next item: "three soldiers, a policeman and …")
    # (nor one after the person set beside the dead: "In addition to the bomber, an officer was killed")
    return one and gap is not None and gap.end() == fig.start and prev.count.low < 2 \
        and not LIST_AFTER.match(text, fig.end) and not names_go_on \
        and BESIDES_BEFORE.search(text, 0, prev.start) is None


def _singular_figures(s: SentenceFacts, actors: dict[int, ActorMention], statuses: list[StatusWord],
               singular: PhraseMatcher, stops: frozenset[int]) -> list[Figure]:
    """The singulars that count one person, each read as a phrase, less those ``SINGULAR_DROPS`` rule out."""
    heads = {a.start: a for a in actors.values() if a.kind == "head" and a.person}
    objects = {w.end for w in statuses if w.direction == "pre"}
    # A determiner right after "killing" has its noun's adjectives read ("shot dead a prominent protest activist"),
    # as does one that opens the sentence, or its clause after a lead-in ("A mine-clearance team member was confirmed
    # dead", "On 6 May, a ward leader of the youth wing was hacked to death"); so does one joined to them by "and"
    # ("A JCD activist and a Jubo Dal man were killed").
    ones = (phrase(s, n, actors, statuses, max_unknown=2 if n.start - 1 in objects or _opens(s.text, n.start)
                   or _joined_to_opening(s.text, n.start) or _passive_subject(s.text, n.end, stops) else 1,
                   stops=stops)
            for n in singulars(s, s.numbers, singular, heads, statuses))
    return [p for p in ones if p is not None and kept_singular(s, p, stops)]


LEAD_IN = re.compile(r"(?!According\b)[A-Z][^,;.]{0,50},\s+\Z")  # "On 6 May 2021, ", "In Bogura, " (not a teller)


def _opens(text: str, start: int) -> bool:
    """Whether a phrase opens the sentence, or its main clause right after a lead-in."""
    return start == 0 or LEAD_IN.match(text[:start]) is not None


SUBJECT_WORDS = 4  # "a bearded parish teacher was killed": the words before the verb


def _passive_subject(text: str, end: int, stops: frozenset[int]) -> bool:
    """Whether a determiner's few words end right before the passive of a status word: "police said a devout parish
    deacon was killed" (its adjectives are read as those of a determiner that opens the sentence)."""
    before = text[:end].split()[-2:-1]
    if before and before[0].lower() in PREPOSITION_WORDS:
        return False  # "a van belonging to a bearded researcher was destroyed": the van was
    words = [w for w in WORD.finditer(text, end) if w.group(0)[0].isalnum()][:SUBJECT_WORDS]
    return any((p := PASSIVE.match(text, w.end())) is not None and p.end() > w.end() + 1 and p.end() in stops
               for w in words[1:])


OPENING_AND = re.compile(r"(?:an?|one)\s+[^,;.]{1,60}?\s+and\s+", re.I)  # "A JCD activist and "
LEAD_IN_OPENING = re.compile(r"(?!According\b)[A-Z][^,;.]{0,50},\s+")


def _joined_to_opening(text: str, start: int) -> bool:
    """Whether a singular follows another that opens the sentence (or its main clause after a lead-in), joined by
    "and"."""
    lead = LEAD_IN_OPENING.match(text)
    return any(OPENING_AND.fullmatch(text, at, start) for at in {0, lead.end() if lead else 0})


def _named_before(s: SentenceFacts, one: Figure, persons: list[Figure]) -> Figure:
    """A singular right after a person's name and a comma is that person told again, quoted from the name:
    "Oleksandr Kyslyuk, a scholar fluent in 20 languages, was killed" (not a place: "In Kyiv Oblast, a man …"); a
    name read as a person already is merged with it as an apposition; one that opens a named role is read whole ("a
    deputy commander of the Black Sea Fleet, Andrey Paliy")."""
    if role := next((p for p in persons if p.start == one.start and p.end > one.end), None):
        one = one._replace(end=role.end, party=one.party or role.party, group=one.group or role.group)
    m = NAME_BEFORE.search(s.text, max(0, one.start - 60), one.start)
    if m is None or m.group().split()[0].lower() in STOP_WORDS \
            or PREPOSITION_BEFORE.search(s.text, max(0, m.start() - 30), m.start()) is not None \
            or any(p.start < m.end() and m.start() < p.end for p in (*persons, *s.places, *s.actors)):
        return one
    return one._replace(start=m.start())


def _persons(s: SentenceFacts, actors: dict[int, ActorMention], statuses: list[StatusWord]) -> list[Figure]:
    """Named persons, and "him"/"her"/"them" after a status word."""
    persons = person_figures(s, actors, s.breaks)
    if " him" in s.text or " her" in s.text or " them" in s.text:
        persons += pronoun_figures(s.text, statuses, actors, s.numbers)
    if not s.words.isdisjoint(("he", "she")):
        persons += subject_pronoun_figures(s.text, statuses, named=bool(persons or s.surnames))
    return persons


# "including the militants' top commander in the area, Maher Al-Bilawi", "including their commander Ali Rahmoun".
INCLUDING_NAME = re.compile(r"\bincluding\s+(?P<role>(?:(?:the|their|its|his|her)\s+[^,;.()A-Z]{0,60}?(?:,\s+|\s+))?"
                            rf"(?P<name>{PERSON_NAME}))(?![\w'’-])")
CLAUSE_END = re.compile(r"[;.]")
# After a role: ", Amr As'ad." / ", Khalil Mohameed, was" / " of the city, Khalil Mohameed (aged 40)" / ", Leroy
# Henderson in Skyway".
ROLE_NAME_AFTER = re.compile(r"(?:\s+(?:of|for|in|from|at)\s+[^,;.()]{1,50}?)?,\s+"
                             rf"(?P<name>{PERSON_NAME})(?=\s*(?:[,.;(]|$)|\s+(?:was|who|were)\b|\s+(?:in|near|at|on)\s)")

def including_names(s: SentenceFacts, chosen: list[Figure], actors: dict[int, ActorMention]) -> list[Figure]:
    """A person named after "including" right after a count of people is one of them: "killed 70 ISIL fighters,
    including the militants' top commander in the area, Maher Al-Bilawi", "26 Marines, including their commander
    Ali Rahmoun"; not a place or a side ("captured several villages, including Tal Afar")."""
    if "including " not in s.text:
        return []
    out = []
    heads = person_heads(actors)
    for m in INCLUDING_NAME.finditer(s.text):
        start, end = m.span("name")
        total = any(f.head in heads and 0 <= m.start() - f.end <= 50
                    and not CLAUSE_END.search(s.text, f.end, m.start()) for f in chosen)
        named = any(start <= a.start < end for a in actors.values()) or any(start <= p.start < end for p in s.places)
        if total and not named:  # the phrase from the cue on: "the militants' top commander …, Maher Al-Bilawi"
            out.append(Figure(m.start("role"), end, Count(1, 1), None, None, None, head=NAMED_PERSON))
    return out


# Right after a count of people, the cue and the words before a plural with no number of its own: "killing at least
# 8 militants, including prominent leaders", "executing at least 26 Syrian Kurds, among them women and children".

def candidates(s: SentenceFacts, actors: dict[int, ActorMention], statuses: list[StatusWord],
               singular: PhraseMatcher) -> list[Figure]:
    """The sentence's candidate figures in text order: number phrases, then singulars and persons where no
    number phrase covers them; tellers left out, appositions merged."""
    stops = frozenset(w.start for w in statuses)
    chosen = [p for p in (phrase(s, n, actors, statuses, stops=stops) for n in s.numbers)
              if p is not None and not _needs_noun().fullmatch(s.text, p.start, p.end)]
    persons = _persons(s, actors, statuses)
    ones = [_named_before(s, one, persons) for one in _singular_figures(s, actors, statuses, singular, stops)]
    for extra in ones + persons + bare_plurals(s, actors, statuses) + surrendered_units(s) + sized_units(s) \
            + all_of_objects(s, actors, statuses) + including_names(s, chosen, actors) \
            + including_plurals(s, chosen, actors):
        if not any((extra.start < c.end and c.start < extra.end) or _named_after_role(extra, c) for c in chosen):
            chosen.append(extra)
    told = bomb_drivers(s.text, sorted((f for f in chosen if not teller(s, f)), key=lambda f: f.start), actors)
    return named_roles(s.text, appositions(s.text, told, ones) if ones or ", " in s.text else told)


VEHICLE_BOMB = re.compile(rf"\b(?:{cue_alternation('vehicle_bomb_words')})\b", re.I)


def bomb_drivers(text: str, figures: list[Figure], actors: dict[int, ActorMention]) -> list[Figure]:
    """The driver told of after a vehicle bomb drove it: the attacker, of the side named right before the bomb ("an
    ISIL SVBIED"), else of the attackers' side ("a car bomb exploded, killing the driver and two civilians")."""
    bomb = VEHICLE_BOMB.search(text) if "driver" in text else None
    if bomb is None:
        return figures
    side = next((a for a in actors.values() if a.kind == "modifier" and a.party and 0 <= bomb.start() - a.end <= 1),
                None)
    return [f._replace(party=side and side.party, group=side and side.group, relative="attackers")
            if f.head == "driver" and bomb.start() < f.start and f.count == Count(1, 1) else f for f in figures]


def _named_after_role(name: Figure, role: Figure) -> bool:
    """"killed local council member Ahmad al-Hamad": the name right after one person's role is that person."""
    return name.head == NAMED_PERSON and role.count == Count(1, 1) and 0 <= name.start - role.end <= 1


def named_roles(text: str, figures: list[Figure]) -> list[Figure]:
    """A role and the name set after it are one person, quoted together: "the leading ISIL commander for the
    Palmyra frontline, Amr As'ad", "the ISIL emir of the city, Khalil Mohameed, was killed"."""
    if ", " not in text:
        return figures
    out: list[Figure] = []
    for fig in figures:
        if out and out[-1].end > fig.start:
            continue  # the name a role before it took in
        role = fig.count == Count(1, 1) and (fig.head != NAMED_PERSON or text[fig.start].islower())  # "the emir of"
        m = ROLE_NAME_AFTER.match(text, fig.end) if role else None
        out.append(fig._replace(end=m.end("name")) if m else fig)
    return out
