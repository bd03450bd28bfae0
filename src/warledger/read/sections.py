"""Sections from headings: spans of text and their ``A > B`` paths.

>>> text = "==Timeline==\\n===2018===\\nx\\n====May====\\ny\\n"
>>> [(s.title, s.path) for s in build_sections(text, [("Timeline", 2, 0), ("2018", 3, 13), ("May", 4, 26)])]
[('Timeline', 'Timeline'), ('2018', '2018'), ('May', '2018 > May')]
"""

from __future__ import annotations

import bisect
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
    for i, (title, level, start) in enumerate(headings):
        end = next((h[2] for h in headings[i + 1:] if h[1] <= level), len(text))
        while stack and stack[-1][1] >= level:
            stack.pop()
        stack.append((title, level))
        kept = [t for t, _ in stack if t.strip().casefold() not in SKIPPED_LEVELS] or [title]
        sections.append(Section(title=title, level=level, start=start, end=end, path=" > ".join(kept)))
    return sections


def section_at(doc: Document, offset: int) -> Section | None:
    """The innermost section containing ``offset``."""
    best = None
    for section in doc.sections:
        if section.start <= offset < section.end and (best is None or section.level > best.level):
            best = section
    return best


def section_finder(doc: Document) -> Callable[[int], Section | None]:
    """:func:`section_at` for many offsets: the answer only changes where a section starts or ends."""
    bounds = sorted({b for s in doc.sections for b in (s.start, s.end)})
    found: dict[int, Section | None] = {}

    def at(offset: int) -> Section | None:
        between = bisect.bisect_right(bounds, offset)
        if between not in found:
            found[between] = section_at(doc, offset)
        return found[between]

    return at

