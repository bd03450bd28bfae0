"""Sources: who a figure is attributed to ("according to SOHR", "Russia said").

Canonical names and their aliases live in ``data/sources.yaml``.

>>> canonical_source("the Syrian Observatory for Human Rights")
'SOHR'
>>> canonical_source("Amaq")
'IS'
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from warledger.data import load_yaml
from warledger.extract.phrases import PhraseMatcher, fold, word_set

# Clause breaks: a source named in one clause speaks for the figures of that clause.
CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bwhereas\b|\bmeanwhile\b|,\s*but\b|\.\s", re.I)


@functools.cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in load_yaml("sources.yaml")["sources"]:
        table[fold(entry["source"])] = entry["source"]
        for name in entry.get("names") or []:
            table.setdefault(fold(name.strip()), entry["source"])
    return table


@functools.cache
def source_matcher() -> PhraseMatcher:
    """A matcher over every source alias; values are canonical sources."""
    entries = load_yaml("sources.yaml")["sources"]
    phrases = [(name, e["source"]) for e in entries for name in [e["source"], *(e.get("names") or [])]]
    sensitive = [n for e in entries for n in e.get("case_sensitive") or []]
    return PhraseMatcher(phrases, case_sensitive=sensitive)


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
def _cue_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_yaml("sources.yaml")["cues"]

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    before = re.compile(rf"(?:{alt(cues['before'])})\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){{0,3}}$", re.I)
    # "SOHR documented", "Russia's defense ministry announced", "SOHR activists have documented"
    # "SOHR activists have documented", not "32 ISIL fighters reported killed": the words between
    # a source and its verb are never the people counted.
    people = r"(?:fighters|soldiers|members|militants|militiamen|troops|people|civilians|forces|were|was|are|is)\b"
    after = re.compile(rf"^(?:'s)?(?:\s+(?!{people})[\w’'-]+){{0,3}}?\s+(?:(?:has|have|had|also|later|then)\s+)*"
                       rf"(?:{alt(cues['after'])})\b", re.I)
    return before, after


def find_attributions(text: str, theatre: str | None = None) -> list[Attribution]:
    """Sources the text attributes something to, with their spans.

    "The army said" is Syria's army in a text about Syria and Iraq's in one about Iraq.
    """
    if word_set(text).isdisjoint(_cue_words()):
        return []  # no attribution verb or preposition: nobody is quoted
    before, after = _cue_patterns()
    out = []
    for hit in source_matcher().find(text):
        source = hit.value if isinstance(hit.value, str) else hit.value[0]
        if before.search(text[max(0, hit.start - 40):hit.start]) or after.match(text[hit.end:hit.end + 80]):
            out.append(Attribution(hit.start, hit.end, _in_theatre(source, theatre)))
    return out


def _in_theatre(source: str, theatre: str | None) -> str:
    if source == "Syrian military" and theatre:
        return (load_yaml("sources.yaml").get("theatre_military") or {}).get(theatre, source)
    return source


def figure_source(text: str, start: int, attributions: list[Attribution]) -> str | None:
    """The source in the figure's clause, else the sentence's only one."""
    if not attributions:
        return None
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]

    def clause(pos: int) -> int:
        return bisect.bisect_right(breaks, pos)

    same = [a for a in attributions if clause(a.start) == clause(start)]
    if same:
        return min(same, key=lambda a: abs(a.start - start)).source
    sources = {a.source for a in attributions}
    return attributions[0].source if len(sources) == 1 and not any(
        clause(a.start) < clause(start) for a in attributions) else None
