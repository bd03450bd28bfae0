"""Text whose every character remembers where it came from in the source.

The wikitext reader renders into a :class:`Rope`, so offsets back into the
wikitext survive every rewrite (links to labels, templates to text, whitespace
collapsed). Citation marks ``(position, index)`` ride along.

>>> r = Rope()
>>> r.add("Palmyra", 10)
>>> r.slice(0, 4).text, r.src[:2]
('Palm', [10, 11])
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

ITEM_BREAK = "\x00"  # separates infobox items while rendering
SPACES = " \t\r\xa0\u2007\u2009\u202f\n" + ITEM_BREAK


@dataclass
class Rope:
    """Rendered characters, each with its source offset, and citation marks ``(position, index)``."""

    chars: list[str] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)
    li_end: int = -1  # where the last wikitext list marker ended ("**" arrives as two markers)

    def __len__(self) -> int:
        return len(self.chars)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def add(self, text: str, start: int | None = None) -> None:
        """Append ``text``; its characters map to ``start``… in the source, or to nothing."""
        self.chars.extend(text)
        self.src.extend(range(start, start + len(text)) if start is not None else [-1] * len(text))

    def extend(self, other: Rope) -> None:
        self.marks.extend((p + len(self), i) for p, i in other.marks)
        self.chars.extend(other.chars)
        self.src.extend(other.src)

    def slice(self, lo: int, hi: int) -> Rope:
        marks = [(min(max(p - lo, 0), hi - lo), i) for p, i in self.marks]
        return Rope(self.chars[lo:hi], self.src[lo:hi], marks)

    def glue(self) -> None:
        """Drop trailing spaces, so a status such as ``KIA`` sticks to the name before it.

        Marks are in text order, so only those at the end can point past it: the rest stay untouched.
        """
        while self.chars and self.chars[-1] in " \t\xa0":
            self.chars.pop()
            self.src.pop()
        k = len(self.marks)
        while k and self.marks[k - 1][0] > len(self):
            k -= 1
        self.marks[k:] = [(len(self), i) for _, i in self.marks[k:]]


def split_rope(rope: Rope, seps: str) -> list[Rope]:
    """Split on any of ``seps``; a mark at a separator stays with the piece before it."""
    bounds, start = [], 0
    for i, ch in enumerate(rope.chars):
        if ch in seps:
            bounds.append((start, i))
            start = i + 1
    bounds.append((start, len(rope)))
    pieces = [Rope(rope.chars[a:b], rope.src[a:b]) for a, b in bounds]
    ends = [b for _, b in bounds]
    for pos, ix in rope.marks:
        k = min(bisect.bisect_left(ends, pos), len(bounds) - 1)  # the first piece ending at or after it
        pieces[k].marks.append((max(pos - bounds[k][0], 0), ix))
    return pieces


def normalize(rope: Rope, strip: str = " ") -> Rope:
    """Collapse whitespace runs to one space and strip ``strip`` from both ends.

    A mark after a space moves before it: a citation follows the word it cites.
    """
    out = Rope()
    marks = sorted(rope.marks)
    mi = 0
    for i, ch in enumerate(rope.chars):
        while mi < len(marks) and marks[mi][0] <= i:
            out.marks.append((len(out) - (out.chars[-1:] == [" "]), marks[mi][1]))
            mi += 1
        if ch not in SPACES or (out.chars and out.chars[-1] != " "):
            out.chars.append(" " if ch in SPACES else ch)
            out.src.append(rope.src[i])
    out.marks += [(len(out) - (out.chars[-1:] == [" "]), ix) for _, ix in marks[mi:]]
    text = out.text
    lo = len(text) - len(text.lstrip(strip))
    return out.slice(lo, max(lo, len(text.rstrip(strip))))


def join_ropes(pieces: list[Rope], sep: str = ", ") -> tuple[Rope, list[int]]:
    """Join pieces with ``sep``; also return where each piece starts."""
    out, starts = Rope(), []
    for i, piece in enumerate(pieces):
        if i:
            out.add(sep)
        starts.append(len(out))
        out.extend(piece)
    return out, starts
