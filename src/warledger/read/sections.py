"""Sections from headings: spans of text and their ``A > B`` paths.

>>> text = "==Timeline==\\n===2018===\\nx\\n====May====\\ny\\n"
>>> [(s.title, s.path) for s in build_sections(text, [("Timeline", 2, 0), ("2018", 3, 13), ("May", 4, 26)])]
[('Timeline', 'Timeline'), ('2018', '2018'), ('May', '2018 > May')]
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable

from warledger.model import Document, Section

# A bare "Timeline" level adds nothing to a path such as "2018 > May".
SKIPPED_LEVELS = {"timeline"}


def build_sections(text: str, headings: list[tuple[str, int, int]]) -> list[Section]:
    """Turn ``(title, level, offset)`` headings into nested sections.

    A section ends where the next heading of the same or a higher level starts.
    """
    sections = []
    stack: list[tuple[str, int]] = []
    for (title, level, start), end in zip(headings, _ends(headings, len(text)), strict=True):
        while stack and stack[-1][1] >= level:
            stack.pop()
        stack.append((title, level))
        kept = [t for t, _ in stack if t.strip().casefold() not in SKIPPED_LEVELS] or [title]
        sections.append(Section(title=title, level=level, start=start, end=end, path=" > ".join(kept)))
    return sections


def _ends(headings: list[tuple[str, int, int]], length: int) -> list[int]:
    """Where each section ends: the start of the next heading of the same or a higher level, else ``length``.
    One pass with a stack (a search ahead from every heading took quadratic time on a page of many headings)."""
    ends = [length] * len(headings)
    waiting: list[int] = []  # headings still open; their levels rise from the bottom up
    for i, (_, level, start) in enumerate(headings):
        while waiting and headings[waiting[-1]][1] >= level:
            ends[waiting.pop()] = start
        waiting.append(i)
    return ends


def section_at(doc: Document, offset: int) -> Section | None:
    """The innermost section containing ``offset``."""
    best = None
    for section in doc.sections:
        if section.start <= offset < section.end and (best is None or section.level > best.level):
            best = section
    return best


def section_finder(doc: Document) -> Callable[[int], Section | None]:
    """:func:`section_at` for many offsets: the answer only changes where a section starts or ends, so it is
    worked out once for each stretch between two such bounds (in one sweep, not one scan per stretch)."""
    bounds = sorted({b for s in doc.sections for b in (s.start, s.end)})
    found = _innermost(doc.sections, bounds)

    def at(offset: int) -> Section | None:
        return found[bisect.bisect_right(bounds, offset)]

    return at


def _innermost(sections: list[Section], bounds: list[int]) -> list[Section | None]:
    """For each stretch ``k`` (offsets from ``bounds[k - 1]`` up to ``bounds[k]``), what :func:`section_at`
    answers there: the first of the deepest sections containing it."""
    order = sorted(range(len(sections)), key=lambda i: sections[i].start)
    active: list[tuple[int, int]] = []  # (-level, index): the deepest, then the first, on top
    out: list[Section | None] = [None]
    nxt = 0
    for bound in bounds:
        while nxt < len(order) and sections[order[nxt]].start <= bound:
            heapq.heappush(active, (-sections[order[nxt]].level, order[nxt]))
            nxt += 1
        while active and sections[active[0][1]].end <= bound:
            heapq.heappop(active)  # ended: it contains no later offset either
        out.append(sections[active[0][1]] if active else None)
    return out

