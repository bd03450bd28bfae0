"""Fast lookup of many phrases in a text (Aho-Corasick), on word boundaries.

Lexicons and gazetteers hold thousands of names; one automaton pass finds them
all, where a regex alternation of the same names is orders of magnitude slower.

>>> m = PhraseMatcher([("Deir ez-Zor", "DZ"), ("Deir", "D")])
>>> [(h.start, h.end, h.value) for h in m.find("near deir ez-zor city")]
[(5, 16, 'DZ')]
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import ahocorasick

# Apostrophe-like and dash-like characters written differently across sources.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bf": "'", "\u02be": "'",
                       "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code).translate(_FOLD)
        base = unicodedata.normalize("NFKD", ch)[0] if code > 127 else ch
        low = base.lower()
        self[code] = low if len(low) == 1 else base
        return self[code]


_TABLE = _FoldTable()


@functools.lru_cache(maxsize=256)
def fold(text: str) -> str:
    """Case- and accent-insensitive form with the same length as ``text``.

    Keeping the length lets a match in the folded text index the original.
    Every stage folds the same sentence, so recent results are cached.
    """
    return text.translate(_TABLE)


_WORD = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=256)
def word_set(text: str) -> frozenset[str]:
    """The lower-case letter runs of ``text``: a cheap test before a costly pass."""
    return frozenset(_WORD.findall(fold(text)))


def last_word(window: str) -> str:
    """The last word of ``window`` in lower case, a final "the" passed over; "" unless a space ends it."""
    if not window[-1:].isspace():
        return ""
    words = window.lower().split()[-2:]
    if words and words[-1] == "the":
        words.pop()
    return words[-1] if words else ""


class _SeparatorTable(dict[int, str]):
    """Folds like :func:`fold` and turns every character but letters and digits into a space."""

    def __missing__(self, code: int) -> str:
        ch = chr(code).translate(_TABLE)
        self[code] = ch if ch.isalnum() else " "
        return self[code]


_SEPARATORS = _SeparatorTable()


@functools.lru_cache(maxsize=256)
def _padded(text: str) -> str:
    """``text`` folded, with spaces for punctuation and one more space at each end.

    A phrase stored as " word " then matches on word boundaries only, so the
    automaton itself rules out "us" inside "thus", with no check per match.
    """
    return " " + text.translate(_SEPARATORS) + " "


class Hit(NamedTuple):
    start: int
    end: int
    value: Any


def _value(values: list[Any]) -> Any:
    """One value, a tuple of several, or ``None`` for none."""
    if not values:
        return None
    return values[0] if len(values) == 1 else tuple(values)


class PhraseMatcher:
    """Longest, left-most, non-overlapping phrase matches on word boundaries.

    ``phrases`` are ``(phrase, value)`` pairs; a phrase may map to several
    values (kept as a tuple). Phrases whose ``case_sensitive`` flag is set must
    also match letter case in the original text (acronyms such as ``IS``).
    Punctuation inside a phrase matches any punctuation or space ("pro-regime",
    "pro regime"); a phrase of symbols only ("%") matches wherever it is written.
    """

    def __init__(self, phrases: Iterable[tuple[str, Any]], case_sensitive: Iterable[str] = ()):
        self._sensitive = set(case_sensitive)
        table: dict[str, list[tuple[str, Any]]] = {}
        for phrase, value in phrases:
            phrase = phrase.strip()
            if phrase and (phrase, value) not in table.get(phrase.translate(_SEPARATORS), []):
                table.setdefault(phrase.translate(_SEPARATORS), []).append((phrase, value))
        self._automaton = ahocorasick.Automaton()
        self._symbols: list[tuple[str, tuple[tuple[str, Any], ...], Any]] = []
        for key, entries in table.items():
            # Values of a key with no case-sensitive phrase are fixed: work them out once.
            fixed = None if any(p in self._sensitive for p, _ in entries) else _value([v for _, v in entries])
            if key.strip():
                self._automaton.add_word(f" {key} ", (len(key), tuple(entries), fixed))
            else:
                self._symbols.append((entries[0][0], tuple(entries), fixed))
        self._empty = not table
        if len(self._automaton):
            self._automaton.make_automaton()

    def _candidates(self, text: str) -> Iterator[tuple[int, int, Any]]:
        """(start, -end, value) of every match, overlaps included."""
        spans = ((end_ix - length - 1, end_ix - 1, entries, fixed)
                 for end_ix, (length, entries, fixed) in self._automaton.iter(_padded(text))) \
            if len(self._automaton) else iter(())
        for start, end, entries, fixed in itertools.chain(spans, self._symbol_spans(text)):
            if fixed is None:
                surface = text[start:end]
                fixed = _value([v for p, v in entries if p not in self._sensitive or p == surface])
                if fixed is None:
                    continue
            yield start, -end, fixed

    def _symbol_spans(self, text: str) -> Iterator[tuple[int, int, tuple[tuple[str, Any], ...], Any]]:
        for symbol, entries, fixed in self._symbols:
            start = text.find(symbol)
            while start >= 0:
                yield start, start + len(symbol), entries, fixed
                start = text.find(symbol, start + 1)

    def find(self, text: str) -> list[Hit]:
        """All matches, left-most then longest where they overlap, in text order."""
        if self._empty:
            return []
        chosen: list[Hit] = []
        last_end = -1
        # Spans are unique (one key per span), so the tuples sort by span and never compare values.
        for start, neg_end, value in sorted(self._candidates(text)):
            if start >= last_end:
                chosen.append(Hit(start, -neg_end, value))
                last_end = -neg_end
        return chosen
