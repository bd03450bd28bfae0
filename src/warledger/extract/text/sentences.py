"""Sentences of a document's prose, as spans into its text.

Abbreviation-aware ("Maj. Gen.", "U.S.", "inc.", "approx."), quote-aware, and
list items are sentences of their own. Title, infobox, note and heading lines
are not prose.

A sentence is at most :data:`MAX_SENTENCE` characters long: a longer run
without a sentence break (a table dumped on one line, a hostile 5 MB line) is
cut at the last clause break (``;``, ``,``, ``:`` or a dash before a space) in
the second half of the window, else at the last space, else at the cap itself,
so every later stage works on bounded sentences. Real prose sentences are far
shorter (the longest in the corpus is about 650 characters).

>>> t = "On 3 May, Maj. Gen. Ali was killed. The U.S. said 5 died.\\n- IS lost 7."
>>> [t[s.start:s.end] for s in split_sentences(t)]
['On 3 May, Maj. Gen. Ali was killed.', 'The U.S. said 5 died.', 'IS lost 7.']
>>> [s.text for s in split_sentences("He was taken to hospital.Local media said two died.")]
['He was taken to hospital.', 'Local media said two died.']
>>> [s.text for s in split_sentences("It hit the camp.CNN said two died.")]
['It hit the camp.', 'CNN said two died.']
>>> [s.text for s in split_sentences('A post said it "hit a crowd."The page said one died.')]
['A post said it "hit a crowd."', 'The page said one died.']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from warledger.data import load_yaml
from warledger.extract.cues import cue_list
from warledger.model import Document, Section
from warledger.read.sections import section_finder

# Tried at the start of a run of stops only: tried inside a long "....." run, each start re-read the run.
# A period glued to the next sentence, as text scraped from web pages often has it ("taken to hospital.Local
# media said …", "in the camp.CNN quoted …", "on October 11, 2023.Petra News reported …", "two children.34-year-old
# X was …", "the family.@Agency reported …", "on May 2, 2021.@Agency posted …", "as high as 40.On Monday …", "at
# 7:36 PM.According to …", a quote's "… hit a crowd.”The page said …"), ends a sentence too.
END = re.compile(r"(?<![.!?])[.!?]+[\"”’')\]]*(?=\s)"
                 r"|(?:(?<=[a-z]{3})(?<!www)|(?<=[a-z]{2}[\"”’)])|(?<=\d{4}))\.(?=[A-Z](?:[a-z]|\s|[A-Z]+\b))"
                 r"|(?<=[a-z]{3})\.(?=\d{1,4}(?:-|\s)[a-z]|@[A-Za-z])|(?<=\d)\.(?=[A-Z][a-z]|@[A-Za-z])"
                 r"|(?<=[\d\s][AP]M)\.(?=[A-Z][a-z])"
                 r"|(?<=[a-z]{3})\.[\"”’]+(?=[A-Z][a-z])")
NEXT_START = re.compile(r"\s+[\"“‘(\[]?[A-Z0-9]")
# A typo such as "operation. forcing" still ends a sentence after a plain word.
NEXT_LOWER = re.compile(r"(?<=[a-z]{3}\.)\s+[a-z]")
LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
NOT_PROSE = re.compile(
    r"^\s*(?:={1,6}[^=].*={1,6}|#{1,6}\s.*|!\[.*|\|.*|\{\|.*|-\s*[A-Za-z][\w ]{0,40}:.*|note\d*\|.*)\s*$")
MAX_SENTENCE = 2000
CLAUSE_BREAK = re.compile(r"[;,:–—](?=\s)|\s[-–—](?=\s)")
# Reference lists, links and notes: their headings are a list in data (compared without case).
SKIPPED_SECTIONS = frozenset(title.casefold() for title in cue_list("skipped_sections"))


class Sentence(NamedTuple):
    start: int
    end: int
    text: str
    section: Section | None = None
    lead: bool = False  # before the first heading (an article's summary)


@functools.cache
def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    data = load_yaml("abbreviations.yaml")
    return frozenset(a.lower() for a in data["abbreviations"]), frozenset(d.lower() for d in data["dotted"])


def is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` belongs to an abbreviation or initial."""
    words, dotted = _abbreviations()
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(\"“":
        start -= 1
    token = text[start:dot + 1].lower()
    if token in dotted:
        return True
    word = token[:-1].rsplit("-", 1)[-1] if token.count(".") == 1 else ""
    return word in words or (len(word) == 1 and word.isalpha() and text[dot - 1].isupper())


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Trimmed sentence spans of ``text[start:end]``, one line at most each."""
    out: list[tuple[int, int]] = []
    line_start = start
    for line in text[start:end].splitlines(keepends=True):
        line_end = line_start + len(line.rstrip("\n"))
        if not NOT_PROSE.match(line):
            item = LIST_ITEM.match(line)
            pos = line_start + (item.end() if item else 0)
            for m in END.finditer(text, pos, line_end):
                after = m.end()
                glued = not text[after:after + 1].isspace()
                if (glued or NEXT_START.match(text, after, line_end) or NEXT_LOWER.match(text, after, line_end)) \
                        and not is_abbreviation(text, m.start()):
                    _add_trimmed(out, text, pos, after)
                    pos = after
            _add_trimmed(out, text, pos, line_end)
        line_start += len(line)
    return out


def _add_trimmed(out: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Add the span without its surrounding spaces, cut into pieces of at most :data:`MAX_SENTENCE`
    characters (see the module doc); nothing if only spaces are left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > MAX_SENTENCE:
        out.extend(_capped(text, start, end))
    elif end > start:
        out.append((start, end))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    return start + len(chunk) - len(chunk.lstrip()), end - (len(chunk) - len(chunk.rstrip()))


def _capped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A trimmed span longer than :data:`MAX_SENTENCE`, cut into pieces (see the module doc)."""
    while end - start > MAX_SENTENCE:
        cut = _cut(text, start, start + MAX_SENTENCE)
        piece = _trimmed(text, start, cut)
        if piece[1] > piece[0]:
            yield piece
        start = cut
        while start < end and text[start].isspace():  # not the rest re-sliced for each piece (quadratic)
            start += 1
    if end > start:
        yield start, end


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end a piece of ``text[start:limit]``: after its last clause break in the second half, else at
    its last space, else at ``limit``."""
    half = start + (limit - start) // 2
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, half, limit)]
    if breaks:
        return breaks[-1]
    space = max(text.rfind(" ", half, limit), text.rfind("\t", half, limit))
    return space if space > start else limit


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentence spans of ``text[start:end]``, trimmed, one line at most each."""
    return [Sentence(s, e, text[s:e]) for s, e in _spans(text, start, len(text) if end is None else end)]


def document_sentences(doc: Document) -> list[Sentence]:
    """Prose sentences of ``doc`` with their sections; reference lists left out."""
    first_heading = min((s.start for s in doc.sections), default=len(doc.text))
    out = []
    section_at = section_finder(doc)
    for s, e in _spans(doc.text, 0, len(doc.text)):
        section = section_at(s)
        if section is not None and section.title.strip().casefold() in SKIPPED_SECTIONS:
            continue
        out.append(Sentence(s, e, doc.text[s:e], section, s < first_heading))
    return out
