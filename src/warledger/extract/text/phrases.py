"""Fast lookup of many phrases in a text (Aho-Corasick), on word boundaries.

Lexicons and gazetteers hold thousands of names; one automaton pass finds them
all, where a regex alternation of the same names is orders of magnitude slower.

>>> m = PhraseMatcher([("Deir ez-Zor", "DZ"), ("Deir", "D")])
>>> [(h.start, h.end, h.value) for h in m.find("near deir ez-zor city")]
[(5, 16, 'DZ')]
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import ahocorasick

if TYPE_CHECKING:
    from warledger.extract.analysis import SentenceFacts

# Apostrophe-like and dash-like characters written differently across sources.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bf": "'", "\u02be": "'",
                       "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


class _CharTable(dict[int, str]):
    """A ``str.translate`` table filled by ``rule`` on first sight of each character."""

    def __init__(self, rule: Callable[[str], str]):
        super().__init__()
        self._rule = rule

    def __missing__(self, code: int) -> str:
        self[code] = self._rule(chr(code))
        return self[code]


def _fold_char(ch: str) -> str:
    """One character without case or accent, one kind of dash and of apostrophe."""
    ch = ch.translate(_FOLD)
    base = unicodedata.normalize("NFKD", ch)[0] if ord(ch) > 127 else ch
    low = base.lower()
    return low if len(low) == 1 else base


_TABLE = _CharTable(_fold_char)
_LETTERS = _CharTable(lambda ch: ch if "a" <= ch <= "z" else " ")  # the letters a to z, else a space
_SEPARATORS = _CharTable(lambda ch: folded if (folded := _fold_char(ch)).isalnum() else " ")  # folded, or a space
_CASE = _CharTable(lambda ch: ch if ch.isalnum() else " ")  # letters and digits as written, else a space

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(m: re.Match[str]) -> str:
    return _TABLE[ord(m.group(0))]


def fold(text: str) -> str:
    """Case- and accent-insensitive form with the same length as ``text``.

    Keeping the length lets a match in the folded text index the original.
    """
    # Translating character by character is slow; most prose is ASCII but for a dash or a quote,
    # so those few are folded first and the rest is lower-cased in one call.
    if not text.isascii():
        text = _NON_ASCII.sub(_fold_match, text)
    return text.lower().replace("`", "'") if text.isascii() else text.translate(_TABLE)


def word_set(text: str, folded: str | None = None) -> frozenset[str]:
    """The lower-case letter runs of ``text`` (``folded``: its :func:`fold`, if known): a cheap test before a
    costly pass."""
    return frozenset((fold(text) if folded is None else folded).translate(_LETTERS).split())


def last_word(window: str) -> str:
    """The last word of ``window`` in lower case, a final "the" passed over; "" unless a space ends it."""
    if not window[-1:].isspace():
        return ""
    words = window.lower().split()[-2:]
    if words and words[-1] == "the":
        words.pop()
    return words[-1] if words else ""


def _padded(text: str) -> str:
    """``text`` folded, with spaces for punctuation and one more space at each end.

    A phrase stored as " word " then matches on word boundaries only, so the
    automaton itself rules out "us" inside "thus", with no check per match.
    """
    return " " + text.translate(_SEPARATORS) + " "  # each character folded as it is translated


class Hit(NamedTuple):
    start: int
    end: int
    value: Any


# The sentence scan makes thousands of hits; a NamedTuple's own constructor is a Python function.
_hit = functools.partial(tuple.__new__, Hit)


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

    def __init__(self, phrases: Iterable[tuple[str, Any]], case_sensitive: Iterable[str] = (), shared: bool = False):
        """``shared``: scan sentences together with the other shared matchers (see :class:`_SentencePass`)."""
        sensitive = set(case_sensitive)
        table: dict[str, list[tuple[str, Any]]] = {}
        for phrase, value in phrases:
            phrase = phrase.strip()
            entries = table.setdefault(phrase.translate(_SEPARATORS), []) if phrase else []
            if phrase and (phrase, value) not in entries:
                entries.append((phrase, value))
        keys: list[tuple[str, int, _Values]] = []
        self._symbols: list[tuple[str, _Values]] = []
        for key, entries in table.items():
            values = _values(entries, sensitive)
            if key.strip():
                keys.append((f" {key} ", len(key), values))
            else:
                self._symbols.append((entries[0][0], values))
        self._empty = not table
        self._pass = _SHARED if shared else _SentencePass()
        self._index = self._pass.join(keys)
        self._shared = shared
        self._scan_only = shared and not self._symbols  # a sentence's matches are all in its shared scan

    def find(self, text: str | SentenceFacts) -> Sequence[Hit]:
        """All matches, left-most then longest where they overlap, in text order.

        Given a sentence's facts, a shared matcher picks its matches from the sentence's one shared
        scan (read only: every stage that asks gets the same list).
        """
        if self._scan_only and type(text) is not str:  # the hot path: a sentence asks a shared lexicon
            if text.shared_members == _SHARED.members:  # type: ignore[union-attr]
                return text.shared_hits.get(self._index, ())  # type: ignore[union-attr]
            return _shared_hits(text).get(self._index, ())  # type: ignore[arg-type]
        if self._empty:
            return ()
        facts, text = (None, text) if isinstance(text, str) else (text, text.text)
        if self._symbols and any(symbol in text for symbol, _ in self._symbols):
            own = [(start, neg_end, 0, values) for start, neg_end, index, values in self._pass.candidates(text)
                   if index == self._index]
            own += [(start, neg_end, 0, values) for start, neg_end, values in self._symbol_spans(text)]
            return _choose(text, sorted(own), 1).get(0, ())
        if facts is not None and self._shared:  # no symbol written: the sentence's one scan serves
            return _shared_hits(facts).get(self._index, ())
        return self._pass.scan(text).get(self._index, ())

    def _symbol_spans(self, text: str) -> list[tuple[int, int, _Values]]:
        found = []
        for symbol, values in self._symbols:
            start = text.find(symbol)
            while start >= 0:
                found.append((start, -start - len(symbol), values))
                start = text.find(symbol, start + 1)
        return found


# A key's values: by surface where case-sensitive phrases share it (else None), and the value otherwise.
_Values = tuple[dict[str, Any] | None, Any]


def _values(entries: list[tuple[str, Any]], sensitive: set[str]) -> _Values:
    """Work out once what a key yields: its value, or one per written form when case matters."""
    anywhere = _value([v for p, v in entries if p not in sensitive])
    if not any(p in sensitive for p, _ in entries):
        return None, anywhere
    by_surface = {p.translate(_CASE): _value([v for q, v in entries if q not in sensitive or q == p])
                  for p, _ in entries if p in sensitive}
    return by_surface, anywhere


class _SentencePass:
    """One automaton over the phrases of several matchers: a sentence is scanned once for all of them.

    The lexicons that read every sentence (actors, statuses, sources, cues, numbers, dates, …)
    share one pass; each matcher then picks its own matches out of the scan.
    """

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        # Matchers join when their lexicon is first used, which may be while another thread scans:
        # adding a word unbuilds the automaton, so joining and scanning take turns.
        self._lock = threading.Lock()
        self.members = 0  # how many matchers have joined: a scan made with fewer lacks the newer ones
        self._ready = False

    def join(self, keys: list[tuple[str, int, _Values]]) -> int:
        """Add a matcher's padded keys (" key ", its length, its values); its index in every scan."""
        with self._lock:
            index = self.members
            self.members += 1
            for key, length, values in keys:
                self._automaton.add_word(key, (*self._automaton.get(key, ()), (index, length, values)))
            self._ready = False
        return index


    def candidates(self, text: str) -> list[tuple[int, int, int, _Values]]:
        """(start, -end, matcher index, values) of every match, overlaps included, in span order.

        A key " key " ends at ``end_ix`` of the padded text, one character after the phrase ends
        in the text. Spans and indexes never repeat together, so the tuples never compare values.
        """
        padded = _padded(text)
        with self._lock:
            if not self._ready and len(self._automaton):
                self._automaton.make_automaton()
                self._ready = True
            if not self._ready:
                return []
            found = [(end_ix - length - 1, 1 - end_ix, index, values)
                     for end_ix, members in self._automaton.iter(padded) for index, length, values in members]
        found.sort()
        return found

    def scan(self, text: str) -> dict[int, list[Hit]]:
        """Each matcher's left-most longest matches, by its index (none: not there)."""
        return _choose(text, self.candidates(text), self.members)


def _choose(text: str, candidates: list[tuple[int, int, int, _Values]], members: int) -> dict[int, list[Hit]]:
    """Per matcher, the left-most longest of its candidates; a case-sensitive phrase only as written."""
    chosen: dict[int, list[Hit]] = {}
    last_end = [-1] * members
    for start, neg_end, index, (by_surface, value) in candidates:
        if start < last_end[index]:
            continue
        if by_surface is not None:
            surface = text[start:-neg_end]
            if not surface.isalnum():
                surface = surface.translate(_CASE)
            value = by_surface.get(surface, value)
            if value is None:
                continue
        if index in chosen:
            chosen[index].append(_hit((start, -neg_end, value)))
        else:
            chosen[index] = [_hit((start, -neg_end, value))]
        last_end[index] = -neg_end
    return chosen


_SHARED = _SentencePass()


def _shared_hits(facts: SentenceFacts) -> dict[int, list[Hit]]:
    """A sentence's shared scan, made when a lexicon first asks and again when another has joined since."""
    if facts.shared_members != _SHARED.members:
        facts.shared_hits, facts.shared_members = _SHARED.scan(facts.text), _SHARED.members
    return facts.shared_hits
