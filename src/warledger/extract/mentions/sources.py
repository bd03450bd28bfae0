"""Sources: who a figure is attributed to ("according to SOHR", "Russia said").

Canonical names and their aliases live in ``data/sources.yaml``.

>>> canonical_source("the Syrian Observatory for Human Rights")
'SOHR'
>>> canonical_source("Amaq")
'IS'
>>> source_kind("SOHR"), source_kind("Syrian state media"), source_kind("a blogger"), source_kind(None)
('monitor', 'government', 'other', None)
"""

from __future__ import annotations

import bisect
import functools
import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts, as_facts
from warledger.extract.cues import cue_alternation
from warledger.extract.text.numbers import number_words
from warledger.extract.text.phrases import Hit, PhraseMatcher, fold
from warledger.extract.text.sentences import is_abbreviation
from warledger.model import SourceKind

# Clause breaks: a source named in one clause speaks for the figures of that clause. A period after a capital
# letter is an initial, not a break ("U.S. strikes"); "meanwhile" inside a clause is an adverb ("The PMF meanwhile
# announced …"); "while" before a participle goes on with the same subject ("reported killing 40 while losing two").
# ", with local media claiming six had died": another teller's count of the same dead.
CLAUSE_BREAK = re.compile(r";|\bwhile\b(?!\s+(?:only\s+|also\s+)?[a-z]+ing\b)|\bwhereas\b|(?:^|[,;]\s*)meanwhile\b|"
                          r",\s*but\b|(?<!(?-i:[A-Z]))\.\s|"
                          r",\s*with\s+(?=(?:[\w'’-]+\s+){1,4}(?:saying|suggesting|reporting|claiming|putting)\b)",
                          re.I)


def clause_breaks(text: str | SentenceFacts) -> tuple[int, ...]:
    """Where the clauses of a sentence begin after the first."""
    s = as_facts(text)
    text, low = s.text, s.folded
    if ";" in low or "." in low[:-1] or "while" in low or "whereas" in low or "but" in low or ", with " in low:
        # "Brig. Gen. Haider al-Obeidi told …": a rank's period is no break.
        return tuple(m.start() for m in CLAUSE_BREAK.finditer(text)
                     if not (text[m.start()] == "." and is_abbreviation(text, m.start())))
    return ()  # none of the break words: skip the pass over every character


# What starts a count of its own: digits, a number word (numbers.yaml), a vague quantity ("several").
OPENING_ACCORDING = re.compile(r"\s*(?:On\s+[^,]{1,25},\s*)?[Aa]ccording\s+to\s+(?:the\s+|a\s+|an\s+)?"
                               r"(?:[\w'’.-]+\s+){0,3}\Z")  # "According to the Philippines' [Health Department]"
# A teller's verb opening reported speech: "stated that", "said on Monday that", "reported (that)".
REPORTED_SPEECH = re.compile(rf"\s+(?:[\w,]+\s+){{0,4}}?(?:{cue_alternation('teller_speech_verbs')})\b"
                             r"(?:\s+(?:on|in)\s+[\w ]{1,20}?)?\s+that\b")
COUNT_AHEAD = re.compile(rf"\d|\b(?:{'|'.join(number_words('units', 'tens'))}|"
                         rf"{cue_alternation('count_ahead_quantities')})\b", re.I)


@functools.cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in load_yaml("sources.yaml")["sources"]:
        table[fold(entry["source"])] = entry["source"]
        for name in entry.get("names") or []:
            table.setdefault(fold(name.strip()), entry["source"])
    return table


@functools.cache
def _kinds() -> dict[str, SourceKind]:
    """Each canonical source's kind of teller; a kind outside the contract's list is an error in the lexicon."""
    allowed = typing.get_args(SourceKind)
    table: dict[str, SourceKind] = {}
    for entry in load_yaml("sources.yaml")["sources"]:
        if entry.get("kind") not in allowed:
            raise ValueError(f"sources.yaml: {entry['source']!r} has kind {entry.get('kind')!r}, "
                             f"not one of {', '.join(allowed)}")
        table.setdefault(entry["source"], entry["kind"])
    return table


def source_kind(source: str | None) -> SourceKind | None:
    """The kind of teller behind a canonical source (its entry's ``kind``); for a teller the lexicon does not know,
    kept as written, the kind its words say ("the transport ministry": government) or ``"other"`` ("per local
    sources"); ``None`` where no source is named."""
    if source is None:
        return None
    known = _kinds().get(source)
    if known is not None:
        return known
    words = set(source.lower().split())
    return next((kind for kind, kind_words in _kind_words() if not words.isdisjoint(kind_words)), "other")


def listed_source(source: str) -> bool:
    """Whether a canonical source is an entry of the lexicon (not a teller kept as written)."""
    return source in _kinds()


@functools.cache
def _kind_words() -> tuple[tuple[SourceKind, frozenset[str]], ...]:
    """The kind of a teller the lexicon does not know, by the words of its name (``kind_words`` in sources.yaml)."""
    return tuple((kind, frozenset(w.lower() for w in words))
                 for kind, words in load_yaml("sources.yaml")["kind_words"].items())


@functools.cache
def source_matcher() -> PhraseMatcher:
    """A matcher over every source alias; values are canonical sources."""
    entries = load_yaml("sources.yaml")["sources"]
    phrases = [(name, e["source"]) for e in entries for name in [e["source"], *(e.get("names") or [])]]
    sensitive = [n for e in entries for n in e.get("case_sensitive") or []]
    return PhraseMatcher(phrases, case_sensitive=sensitive, shared=True)


def canonical_source(text: str) -> str | None:
    """The canonical source for an alias, a claimant ("Syrian" claim), or the one alias inside ``text``."""
    key = fold(" ".join(text.split())).strip(" .,:;")
    for prefix in ("the ", ""):
        if (hit := _aliases().get(key.removeprefix(prefix))) is not None:
            return hit
    claimants = {fold(k): v for k, v in (load_yaml("sources.yaml").get("claimants") or {}).items()}
    if key in claimants:
        return claimants[key]
    hits = source_matcher().find(text)
    return hits[0].value if len(hits) == 1 and isinstance(hits[0].value, str) else None


@dataclass(frozen=True)
class Attribution:
    """A source named as the teller of what the text says ("according to SOHR")."""

    start: int
    end: int
    source: str


@functools.cache
def _cue_words() -> frozenset[str]:
    cues = load_yaml("sources.yaml")["cues"]
    return frozenset(p.split()[0].lower() for p in cues["before"] + cues["after"])


@functools.cache
def _cue_matchers() -> tuple[PhraseMatcher, PhraseMatcher]:
    """Cues written before a source ("according to") and after it ("said")."""
    cues = load_yaml("sources.yaml")["cues"]
    return (PhraseMatcher(((c, "before") for c in cues["before"]), shared=True),
            PhraseMatcher(((c, "after") for c in cues["after"]), shared=True))


# What may stand between a "before" cue and its source: "according to the monitor's SOHR".
BEFORE_GAP = re.compile(r"\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}")  # "according to Kenya's interior ministry"
# Between a source and its "after" cue: "SOHR documented", "Russia's defense ministry announced", "SOHR
# activists have documented"; not "32 ISIL fighters reported killed": the words between a source and its
# verb are never the people counted.
PEOPLE = rf"(?:{cue_alternation('attribution_gap_stops')})\b"
# An aside between commas may stand between them too: "SOHR, which relies on a network of sources, said"; an
# apposition ends in a comma: "an IS-linked news agency, Amaq, claimed".
ASIDE = rf"\s*,\s*(?:{cue_alternation('aside_openers')})\b[^,;]{{0,100}},"
AFTER_GAP = re.compile(rf"(?:'s)?,?(?:(?:\s+(?!{PEOPLE})[\w’'-]+){{0,3}}?|{ASIDE})\s+"
                       rf"(?:(?:{cue_alternation('attribution_auxiliaries')})\s+)*", re.I)
PROGRESSIVE_GAP = re.compile(r"(?<=\s)(?:was|were|is|are)\s+\Z", re.I)  # "Reuters was reporting that 11 had died"
REPORTED_BY = re.compile(r"\breported\s+(?:[\w-]+\s+){0,6}?by\s+(?:the\s+)?\Z")
NO_NOUN_AFTER = re.compile(r"\s*(?:[,.;)]|$|\s(?:while|and|but|on|in)\b)")
BEFORE_REACH, AFTER_REACH = 40, 200  # characters between a cue and its source
# "IS claimed responsibility for the attack": a claim of the attack, not a telling of its toll ("…, saying it had
# killed 40 soldiers" tells one).
CLAIMS_AN_ATTACK = re.compile(r"(?:\s+responsibility)?\s+for\b(?![^.;]*\b(?:saying|said|claiming|adding)\b)",
                              re.I)


def find_attributions(text: str | SentenceFacts, theatre: str | None = None) -> list[Attribution]:
    """Sources the text attributes something to, with their spans.

    "The army said" is Syria's army in a text about Syria and Iraq's in one about Iraq.
    """
    s = as_facts(text)
    text = s.text
    if s.words.isdisjoint(_cue_words()):
        return []  # no attribution verb or preposition: nobody is quoted
    sources = source_matcher().find(s)
    if not sources:
        return []
    before_matcher, after_matcher = _cue_matchers()
    before, after = before_matcher.find(s), after_matcher.find(s)
    out = []
    reported = "reported" in s.words  # the cheap test for "were reported killed … by the SOHR"
    for hit in sources:
        if _cued(text, hit, before, after, reported):
            source = hit.value if isinstance(hit.value, str) else hit.value[0]
            out.append(Attribution(hit.start, hit.end, _in_theatre(source, theatre)))
    return out


def _cued(text: str, source: Hit, before: Sequence[Hit], after: Sequence[Hit], reported: bool = True) -> bool:
    """Whether a cue governs the source: "according to [the] SOHR", "SOHR activists have documented", "were
    reported killed during the offensive by the SOHR, …" (not "reported killed by Russian airstrikes")."""
    if reported and REPORTED_BY.search(text, max(0, source.start - 80), source.start) \
            and NO_NOUN_AFTER.match(text, source.end):
        return True
    return any(source.start - BEFORE_REACH <= c.start and c.end <= source.start
               and BEFORE_GAP.fullmatch(text, c.end, source.start) for c in before) \
        or any(source.end <= c.start and c.end <= source.end + AFTER_REACH
               and AFTER_GAP.fullmatch(text, source.end, _before_progressive(text, source.end, c))
               and not CLAIMS_AN_ATTACK.match(text, c.end) for c in after)


def _before_progressive(text: str, start: int, cue: Hit) -> int:
    """Where the words between a source and its cue end: before "was"/"were" when the cue is its progressive
    ("Reuters was reporting that 11 had died"; "fighters were reported killed" stays no telling)."""
    aux = PROGRESSIVE_GAP.search(text, start, cue.start) if text[cue.start:cue.end].endswith("ing") else None
    return aux.start() if aux else cue.start


def _in_theatre(source: str, theatre: str | None) -> str:
    if source == "Syrian military" and theatre:
        return (load_yaml("sources.yaml").get("theatre_military") or {}).get(theatre, source)
    return source


def figure_source(s: SentenceFacts, start: int, attributions: list[Attribution]) -> str | None:
    """The source in the figure's clause, else the sentence's only one."""
    if not attributions:
        return None
    text, breaks = s.text, s.breaks

    def clause(pos: int) -> int:
        return bisect.bisect_right(breaks, pos)

    same = [a for a in attributions if clause(a.start) == clause(start)]
    if same:
        return min(same, key=lambda a: abs(a.start - start)).source
    sources = {a.source for a in attributions}
    if len(sources) != 1:
        return None
    if any(clause(a.start) < clause(start) for a in attributions):
        # "Military officials stated that 4 militants had been killed, while 10 soldiers were injured", "According
        # to the Health Department, 40 evacuees died, while 19 others died of disease": the speech goes on into
        # the later clause.
        first = attributions[0]
        opened = OPENING_ACCORDING.match(text[:first.start]) is not None
        return first.source if opened or REPORTED_SPEECH.match(text, first.end) else None
    # A later clause's teller speaks for the whole sentence ("…; 3 were wounded, SOHR said"), unless it
    # introduces a count of its own ("…; the army said several had died").
    last = attributions[-1]
    return None if COUNT_AHEAD.search(text, last.end) else last.source
