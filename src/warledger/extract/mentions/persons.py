"""Named and titled persons as casualty phrases of one ("General Ali al-Hussein",
"a Russian Major General Vyacheslav Gladkikh", "the commander of Hezbollah's Rocket
Division"). Titles live in ``data/casualty_terms.yaml``.

>>> text = "killing a Russian Major General Vyacheslav Gladkikh and"
>>> [text[p.start:p.end] for p in find_persons(text)]
['a Russian Major General Vyacheslav Gladkikh']
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_list, cue_words
from warledger.extract.text.phrases import PhraseMatcher

# A capitalised word, or one that begins with a name particle ("al-Hassan", "abu Omar"), then up to four more (a
# particle written apart counts with the word after it: "Abd al Rahman al Tamimi").
INNER = cue_alternation("name_inner_particles")  # "Wali ur Rehman"
NAME = (rf"(?:[A-Z][\w'’-]+|(?:{cue_alternation('name_particles')})-?[A-Z]?[\w'’-]*)"
        rf"(?:\s+(?:[A-Z][\w'’-]+|al-[\w'’-]+|(?:{cue_alternation('name_particles')}|{INNER})\s+[A-Z][\w'’-]+|bin|ibn|Abu|"
        r"[A-Z]\.(?=\s+[A-Z][\w'’-]))){0,4}")  # a middle initial: "John F. Miller"


@dataclass(frozen=True)
class PersonMention:
    start: int
    end: int
    title_start: int


@functools.cache
def _title_matcher() -> PhraseMatcher:
    return PhraseMatcher(((t, t) for t in load_yaml("casualty_terms.yaml")["titles"]), shared=True)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    titles = sorted(load_yaml("casualty_terms.yaml")["titles"], key=len, reverse=True)
    alt = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
    named = re.compile(rf"(?i:(?P<title>\b(?:{alt})))\s+(?P<name>{NAME})")
    role = re.compile(rf"\b(?i:(?:the|an?)\s+(?:[\w-]+\s+){{0,2}}?(?:{alt})\s+of)\s+", re.I)
    return named, role


# Where a role's phrase ends: "the commander of the 5th Brigade, …", "the mukhtar of X in Daraa on 9 March", "the
# governor of Kherson Oblast said", "… confirmed the driver was wounded" (the teller, whom the figures' teller rule
# then leaves out).
ROLE_END = re.compile(rf",|;|\.(?:\s|$)|\b(?:{cue_alternation('role_end_words')}|{cue_alternation('speech_verbs')}|"
                      rf"{cue_alternation('teller_speech_verbs')})\b")
# "the (IS) (deputy) governor of …", "a deputy commander of the Black Sea Fleet"
ARTICLE_BEFORE_ROLE = re.compile(r"\b(?:the|an?)\s+(?:[\w-]+\s+){0,2}$", re.I)
DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the)\s+(?:[A-Z][\w-]*\s+){0,2}$")


def _with_determiner(text: str, title_start: int) -> int:
    """Start "an Iranian military advisor X" at its article, so its modifiers count."""
    m = DETERMINER_BEFORE.search(text, max(0, title_start - 40), title_start)
    return m.start() if m else title_start


def find_persons(text: str | SentenceFacts) -> list[PersonMention]:
    """Titled names, and "the commander of …" roles not followed by a name (in a text or a sentence)."""
    titles = _title_matcher().find(text)
    if not titles:
        return []
    text = text if isinstance(text, str) else text.text
    named, role = _patterns()
    out = []
    end = 0
    for title in titles:  # the patterns are tried where a title is, not at every character
        m = named.match(text, title.start) if title.start >= end else None
        if m:
            end = m.end()
            if m.group("name").split()[0].lower() not in ("of", "the"):
                out.append(PersonMention(_with_determiner(text, m.start("title")), m.end(), m.start("title")))
    for title in titles:
        article = ARTICLE_BEFORE_ROLE.search(text, max(0, title.start - 40), title.start)
        if article and (m := role.match(text, article.start())):
            _add_role(text, m, out)
    return sorted(out, key=lambda p: p.start)


# A victim named with an age, as monitors list them: "Khalil Ibrahim al-Ahmad, 41, and his son". The age is
# found first (rare), then the name that ends right before it.
# "Jumaa Ahmad, 44,", "Rahul Verma (40)"
AGE_AFTER_NAME = re.compile(r",\s+(?:aged\s+)?\d{1,2}\b(?=\s*[,;.)]|\s+(?:and|was|were|died|who)\b)"
                            r"|\s\(\s*(?:aged\s+)?\d{1,2}\s*\)")
NAME_BEFORE_AGE = re.compile(rf"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|al-[\w'’-]+|(?:{INNER})\s+[A-Z][\w'’-]+|bin|ibn))"
                             r"{1,4}\Z")


def aged_names(text: str) -> list[PersonMention]:
    """Names of two words or more followed by an age: each is one person."""
    out = []
    for age in AGE_AFTER_NAME.finditer(text) if ", " in text or " (" in text else ():
        name = NAME_BEFORE_AGE.search(text, max(0, age.start() - 60), age.start())
        if name:
            out.append(PersonMention(name.start(), age.end(), name.start()))
    return out


# Names of two words or more, listed ("Omar Maute and Isnilon Hapilon"), right before a death ("were killed", "was
# shot dead", "had been killed"): each is one person. (A name between commas is an apposition of a person counted
# already: "a member of the mission, Mayna Fenina, was killed".)
# ("Haytham al Jazairi": a particle written apart counts with the word after it)
# ("Wali ur Rehman": so is a South Asian name's inner particle)
PERSON_NAME = rf"[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|al-[\w'’-]+|(?:al|{INNER})\s+[A-Z][\w'’-]+|bin|ibn)){{1,5}}"
DIED = "died|dies|succumbed|perished"  # a death told with no auxiliary: "X later succumbed to his injuries"
# "Ali was admitted for treatment but later succumbed": a passive of the person's own, then the death
PASSIVE_THEN = r"\s+(?:was|were)\s+(?:[a-z]+ed|shot|beaten|taken)\b[^,;.]{0,60}?\s+(?:but|and)\s+"
# "… but later succumbed", "X was shot four times and killed": the death the passive led to
THEN_DIED = rf"{PASSIVE_THEN}(?:later\s+|then\s+)?(?:{DIED}|{cue_alternation('person_death_verbs')})\b"
# "became the first journalist to be killed in the district": the person a record counts, told dead (not a plan)
BECAME_RECORD = (rf"\s+became\s+the\s+(?:{cue_alternation('person_record_words')})\s+(?:[\w-]+\s+){{1,4}}?"
                 r"to\s+(?:be|have\s+been)\s+(?:[a-z]+ly\s+)?")
DIED_AFTER = re.compile(r"\s+(?:was|were|is|are|ha[ds]\s+been|have\s+been)\s+"
                        r"(?:also\s+|reportedly\s+|later\s+|reported\s+|confirmed\s+)?"
                        # "was badly, though not critically, wounded"
                        r"(?:[a-z]+ly,\s+(?:though|but|if|albeit)\s+not\s+[a-z]+ly,\s+)?"
                        rf"(?:(?:{cue_alternation('belief_participles')})\s+to\s+(?:be|have\s+been)\s+)?"
                        rf"(?:{cue_alternation('person_death_verbs')}|{cue_alternation('person_capture_verbs')}|"
                        rf"{cue_alternation('person_wound_verbs')})\b"
                        rf"|\s+(?:later\s+|also\s+)?(?:{DIED})\b"  # "Hisham Barakat dies in a bomb attack"
                        rf"|{THEN_DIED}"
                        rf"|{BECAME_RECORD}(?:{cue_alternation('person_death_verbs')}|"
                        rf"{cue_alternation('person_capture_verbs')}|{cue_alternation('person_wound_verbs')})\b"
                        # a headline's passive, no auxiliary: "Abdul Rauf Zadran and three others wounded by shelling"
                        rf"|\s+(?:{cue_alternation('person_death_verbs')}|{cue_alternation('person_wound_verbs')})"
                        rf"(?=\s+(?:{cue_alternation('headline_passive_prepositions')})\s)")
# The cheap test before DIED_AFTER ("is"/"are" and "dies": the present tense of news briefs; "became" a record).
AUXILIARIES = re.compile(rf" (?:{cue_alternation('finite_auxiliaries')}|{DIED}|killed|wounded|injured|became)\b")
GROUP_WORDS = frozenset(w.split()[-1] for w in cue_list("group_name_words"))  # a name ending so is a body's
NOT_NAME_ENDS = GROUP_WORDS | {"War", "Revolution", "Uprising", "Intifada"}  # "… during the Civil War is assassinated"
# (also past a party's standing: "a union leader of ruling Awami League was killed")
PREPOSITION_WORDS = cue_words("name_preposition_words")
PREPOSITION_BEFORE = re.compile(rf"\b(?:{cue_alternation('name_preposition_words')})\s+(?:the\s+)?"
                                rf"(?:(?:{cue_alternation('group_standing_words')})\s+)?\Z", re.I)


# "shot and killed Brendan Tevlin", "killed spectators Martin Richard and Lingzi Lu", "arrested Cayamora Maute",
# "killed former German rapper Denis Cuspert": names as the verb's object, after up to three words of who they were
# (not after an article: "the death of a French YPG volunteer" names a volunteer).
OBJECT_VERB_LIST = cue_list("object_death_verbs") + cue_list("object_capture_verbs")


@dataclass(frozen=True)
class NamePatterns:
    """The patterns of listed names: full names only, or (``loose``) single capitalised words too, which count as
    names only where the document gave them in full elsewhere ("killing Vasich, Parkhomuk and Svynchuk" after "senior
    sergeant Serhiy Vasich and … soldier Oleh Svynchuk"): compiled once, the surnames checked after the match."""

    name_list: re.Pattern[str]  # "Omar Maute and Isnilon Hapilon"
    names_in_list: re.Pattern[str]
    killed_names: re.Pattern[str]


@functools.cache
def name_patterns(loose: bool = False) -> NamePatterns:
    person = PERSON_NAME if not loose else rf"(?:{PERSON_NAME}|[A-Z][a-z][\w'’-]*(?![\w'’-]))"
    listed = rf"{person}(?:(?:,\s+|,?\s+and\s+){person})*"
    killed = re.compile(rf"\b(?:{cue_alternation('object_death_verbs')}|{cue_alternation('object_capture_verbs')})\s+"
                        rf"(?P<object>(?:(?!(?:{cue_alternation('place_at_words')}|a|an|the)\b)"
                        r"(?:[a-z][\w-]*|[A-Z][a-z]+(?:['’]s)?|\d+-year-old)\s+)"  # "Burundi's environment minister"
                        r"{0,3}?"
                        r"(?:an?\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*,\s+)?"  # "beheaded a respected antiquarian, …"
                        rf"(?P<names>{listed}))")
    return NamePatterns(re.compile(rf"(?<![\w'’-])(?P<names>{listed})"), re.compile(person), killed)


def _names(m: re.Match[str], surnames: frozenset[str], leading: bool = True) -> list[tuple[int, int]]:
    """The spans of a matched list's names, up to the first single word that is no known surname (``leading``), or
    after the last one."""
    base = m.start("names")
    items = [(base + n.start(), base + n.end(), " " in n.group(0) or n.group(0) in surnames)
             for n in name_patterns(True).names_in_list.finditer(m.group("names"))]
    run = itertools.takewhile(lambda item: item[2], items if leading else reversed(items))
    spans = [(start, end) for start, end, _ in run]
    return spans if leading else spans[::-1]


OBJECT_VERB_START = re.compile(rf"\b(?:{'|'.join(sorted({w.split()[0] for w in OBJECT_VERB_LIST}))})\b")
ARTICLE_BEFORE = re.compile(r"\b(?:the|an?)\s+\Z", re.I)  # "the kidnapped Italian Jesuit priest": an adjective
OF_NEXT = re.compile(r"\s+of\b")
WITH_WORDS = ("along", "together")  # the first words of "along with", "together with"
STATUS_SOON_BEFORE = re.compile(rf"\b(?:{cue_alternation('person_death_verbs')}|"
                                rf"{cue_alternation('person_capture_verbs')}|"
                                rf"{cue_alternation('person_wound_verbs')})\b[^,;.]{{0,40}}\Z")
TO_BEFORE = re.compile(r"\bto\s\Z")  # "assisting Farhad Jabar to kill Curtis Cheng": what one was to do
MOTIVE_BEFORE = re.compile(rf"\b(?:{cue_alternation('motive_words')})\b(?:\s+[\w-]+){{0,3}}\s+\Z", re.I)


def named_objects(text: str, surnames: frozenset[str] = frozenset()) -> list[PersonMention]:
    """Named people a death verb takes as its object: "an assailant shot and killed Brendan Tevlin" (each one's
    ``title_start`` is where the verb's object begins: "96-year-old Boris Romanchenko"); ``surnames``: those the
    document gave in full elsewhere, which name a person alone."""
    return list(_named_objects(text, surnames))


@functools.lru_cache(maxsize=2048)
def _named_objects(text: str, surnames: frozenset[str]) -> tuple[PersonMention, ...]:
    """Asked by several passes of one sentence: worked out once. The costly pattern is tried only at a death verb
    with a capital letter a few words after it."""
    out: list[PersonMention] = []
    taken = 0  # "shot and killed X": the names after "shot" are not read again after "killed"
    for verb in OBJECT_VERB_START.finditer(text):
        if verb.start() < taken or not CAPITAL_SOON.match(text, verb.end()) \
                or TO_BEFORE.search(text, max(0, verb.start() - 3), verb.start()) \
                or (ARTICLE_BEFORE.search(text, max(0, verb.start() - 5), verb.start())
                    and not OF_NEXT.match(text, verb.end())) \
                or (OF_NEXT.match(text, verb.end()) and MOTIVE_BEFORE.search(text, max(0, verb.start() - 40),
                                                                              verb.start())):
            continue  # "the deaths of militant leaders X and Y" count; "to avenge the killing of X" is a motive
        if verb.group(0) in WITH_WORDS and not STATUS_SOON_BEFORE.search(text, max(0, verb.start() - 50),
                                                                          verb.start()):
            continue  # "along with X" names the dead only right after a death: "was killed in battle along with X"
        m, spans = _killed_names(text, verb.start(), surnames)
        taken = m.end() if m else taken
        out += [PersonMention(start, end, m.start("object")) for start, end in spans]  # type: ignore[union-attr]
    return tuple(out)


def _killed_names(text: str, at: int, surnames: frozenset[str]) -> tuple[re.Match[str] | None, list[tuple[int, int]]]:
    """The names a death verb at ``at`` takes: the leading names of its list, a known surname among them; else the
    full names only ("killed Ukrainian soldier Ivan Petrov": "Ukrainian" is no surname)."""
    if surnames and (m := name_patterns(True).killed_names.match(text, at)) and (spans := _names(m, surnames)):
        return m, spans
    m = name_patterns().killed_names.match(text, at)
    # "A man has been arrested and Victoria Police say …": a body's name is no person's
    return m, [(start, end) for start, end in _names(m, frozenset()) if text[start:end].split()[-1] not in NOT_NAME_ENDS
               ] if m else []


CAPITAL_SOON = re.compile(r"[^.;]{0,40}?[A-Z]")


# ", a commander of the Azov Battalion," ", nicknamed …,", ", ISIL's chief of security …,": an aside about the name
# before it (an aside that is itself a name, ", General Ali al-Hussein,", is the person, named after a role).
# A bracketed aside after a name or a figure: "Major X (sniper commander of the Ukrainian 79th Brigade) was killed".
BRACKETED_ASIDE = r"\s*\([^()]{1,150}\)"
# A role written with capitals: "X, Treasurer of the Chamber of Commerce, was shot", "X, the Deputy Mayor of Tabor,".
CAPITAL_ROLE = r",\s*(?:the\s+)?(?:[A-Z][\w-]*\s+){1,3}of\s+[^,;.]{1,100},\s*\Z"
# The body a name belongs to: "Yasser al-Dahla of The Gathering of al-Baggara Youth group was arrested" (its last
# word in lower case: "commander of the Sparta Battalion Vladimir Zhoga" ends on the name).
BODY_AFTER_NAME = r"\s+of\s+(?:the\s+)?[A-Z][^,;.()\d]{0,60}\s[a-z][\w-]*"
APPOSITION_BEFORE = re.compile(rf",\s*(?:[A-Z][\w-]*['’]s\s+)?[a-z][^,;.]{{0,119}},\s*\Z|{BRACKETED_ASIDE}\s*\Z"
                               rf"|{CAPITAL_ROLE}"
                               rf"|{BODY_AFTER_NAME}\Z")
# Others told dead with the name: "Abu Musa al-Masri and 2 others were killed", "Ahmed Hassan and his two sons were
# killed" (the others are counted by the figures' own passes).
OTHERS_BEFORE = re.compile(r",?\s+(?:and|along\s+with|together\s+with)\s+(?:[\w-]+\s+){1,3}[a-z]+\s*\Z"
                           r"|,\s*who\s*\Z")  # "Pavlo Bilyk, who was killed near the bridge, …": the relative's own


# A name with its acronym after it names a body, not a person: "fighters of the Northern Liberation Front (NLF)";
# the one person a role of it names stays ("the leader of the Northern Liberation Front (NLF) was shot dead").
ACRONYM_AFTER = re.compile(r"\s*\([A-Z][A-Z-]{1,7}\)")
ROLE_OF_BEFORE = re.compile(rf"\b(?:{cue_alternation('body_role_nouns')})\s+of\s+(?:[\w-]+\s+){{0,8}}\Z", re.I)


def _a_body(text: str, names: re.Match[str]) -> bool:
    return ACRONYM_AFTER.match(text, names.end()) is not None \
        and ROLE_OF_BEFORE.search(text, max(0, names.start() - 80), names.start()) is None


def named_subjects(text: str, surnames: frozenset[str] = frozenset()) -> list[PersonMention]:
    """Named people told dead as the subject of their clause: "Isnilon Hapilon and Omar Maute were killed", "Abu
    Musa al-Masri and 2 others were killed" (``surnames`` as for :func:`named_objects`)."""
    out = []
    for died in DIED_AFTER.finditer(text) if AUXILIARIES.search(text) else ():
        others = OTHERS_BEFORE.search(text, max(0, died.start() - 40), died.start())
        end = others.start() if others else died.start()
        aside = APPOSITION_BEFORE.search(text, max(0, end - 140), end)
        before = aside.start() if aside else end  # "Artem Murakhovskyi, a commander of …, was killed"
        names = _subject_names(text, before, surnames)
        # "According to the … Agency, Gerasimov was wounded", "In Tabor, Ali Omar was shot": after the comma
        if names is not None and (_opens_on_preposition(names)
                                  or PREPOSITION_BEFORE.search(text, max(0, names.start() - 30), names.start())) \
                and ", " in names.group(0):
            rest = _list_ending_at(text, names.start() + names.group(0).rindex(", ") + 2, before, bool(surnames))
            names = rest or names
        if names is None or PREPOSITION_BEFORE.search(text, max(0, names.start() - 30), names.start()) \
                or _opens_on_preposition(names) \
                or names.group(0).split()[-1] in NOT_NAME_ENDS or _a_body(text, names):
            continue  # "a student at Kharkiv National Medical University", "troopers of the Indian … Police Force"
        out += [PersonMention(start, end, names.start()) for start, end in _names(names, surnames)]
    return out


def _opens_on_preposition(names: re.Match[str]) -> bool:
    """"In Tabor, Ali Omar": a capitalised preposition opening the sentence is no name's first word."""
    return names.group(0).split()[0].lower() in PREPOSITION_WORDS


def _list_ending_at(text: str, start: int, before: int, loose: bool) -> re.Match[str] | None:
    """The list of names that ends right at ``before`` (searched from ``start``)."""
    pattern = name_patterns(loose).name_list
    names = pattern.search(text, start, before)
    while names is not None and names.end() != before:
        names = pattern.search(text, names.end(), before)
    return names


def _subject_names(text: str, before: int, surnames: frozenset[str]) -> re.Match[str] | None:
    """The names right before a death told of them: full names, or from the first known surname of a list with
    single words ("Vasyliev was fired upon …"; not "In Raqqa, Ahmed Hassan was killed": "In" names no one)."""
    names = _list_ending_at(text, max(0, before - 120), before, False)
    if surnames:
        loose = _list_ending_at(text, max(0, before - 120), before, True)
        spans = _names(loose, surnames, leading=False) if loose is not None else []
        if spans and (names is None or spans[0][0] < names.start()):
            names = _list_ending_at(text, spans[0][0], before, True)
    return _after_body_name(text, names, before, name_patterns(bool(surnames))) if names is not None else None


def _after_body_name(text: str, names: re.Match[str], before: int, patterns: NamePatterns) -> re.Match[str] | None:
    """The name after a body's name it runs on from: "commander of the Sparta Battalion Vladimir Zhoga was killed"
    names Vladimir Zhoga."""
    words = names.group(0).split()
    last = max((i for i, w in enumerate(words[:-1]) if w in GROUP_WORDS), default=None)
    if last is None:
        return names
    at = names.start() + names.group(0).index(words[last]) + len(words[last])
    rest = patterns.name_list.search(text, at, before)
    return rest if rest is not None and rest.end() == before else None


# The name may run on to the verb with its closing comma left out: "a deputy commander of the Black Sea Fleet,
# Andrey Paliy was killed".
INDEFINITE = re.compile(r"an?\s", re.I)
NAME_APPOSITION = re.compile(rf",\s+({PERSON_NAME})(?:,|\s+(?:was|had|has)\s)")


def _add_role(text: str, m: re.Match[str], out: list[PersonMention]) -> None:
    """"the commander of Hezbollah's Rocket Division", up to the verb or the next clause."""
    tail = text[m.end():m.end() + 120]
    stop = ROLE_END.search(tail)
    end = m.end() + (stop.start() if stop else len(tail))
    if named := NAME_APPOSITION.match(text, end):  # "The mayor of Dniprorudne, Yevhen Matveyev, was arrested"
        end = named.end(1)
    elif INDEFINITE.match(text, m.start()):
        return  # "including a field commander of Lebanese nationality": one of a count, no person of its own
    # An apposition ("the commander of X, General Y") is one person: keep the name.
    if not any(m.start() <= p.start <= end + 3 for p in out):
        end = m.start() + len(text[m.start():end].rstrip())
        out.append(PersonMention(m.start(), end, m.start()))
