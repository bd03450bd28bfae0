"""Villages: the small places of ``villages.tsv``, named only where the text says a place is meant.

The bundled villages are tens of thousands of populated places, and many are spelt like an English word or a
person ("Hassan", "Mission", "Salam"). Matching them everywhere would add a false place to many sentences, so a
village name counts only

- right after a locative cue ("near Tell Jihan", "the village of Umm Batinah", "east of Rasm al-Ahmar"; the
  words are in ``data/cues/village_cues.yaml``),
- in a list that follows a place ("Manbij, Tell Jihan and Arima"), or
- right before a place already known ("Tell Jihan, Idlib", "Tell Jihan in the Aleppo countryside",
  "Tell Jihan (Aleppo)").

A name shared by villages in several governorates is the one in the governorate the text also names, else the
first row of the file (the more important place).

>>> from warledger.extract.mentions.gazetteer import GazetteerEntry
>>> tsv = "name\\taliases\\nTall Jihan\\tTell Jihan|Tal Jihan\\n"
>>> index = VillageIndex(tsv, lambda row: GazetteerEntry(row[0], "village", "Hasakah", "SY", 37.1, 41.5, "GeoNames"))
>>> [(start, entry.name) for start, end, entry in index.find("Clashes near Tell Jihan left two dead.", [], ["SY"])]
[(13, 'Tall Jihan')]
>>> index.find("Tell Jihan said nothing.", [], ["SY"])
[]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from warledger.extract.cues import cue_alternation
from warledger.extract.text.phrases import fold, word_set

if TYPE_CHECKING:
    from warledger.extract.analysis import SentenceFacts
    from warledger.extract.mentions.gazetteer import GazetteerEntry, PlaceMention

# The countries whose villages the gazetteer holds: villages.tsv (scripts/build_gazetteer.py), and villages_ua.tsv
# (scripts/build_ukraine_places.py), read for a text about Ukraine.
COUNTRIES = frozenset({"SY", "IQ", "UA"})
VillageHit = tuple[int, int, "GazetteerEntry"]  # start, end and the village: the gazetteer makes it a PlaceMention

_ARTICLE = rf"(?:{cue_alternation('arabic_articles')})"
# One word of a name as written: capitalised, or an article joined to a capitalised word ("al-Hawa", "Al Bab").
_NAME_WORD = rf"(?:{_ARTICLE}[-\s])?[A-Z][\w'’]*"
NAME_RUN = re.compile(rf"{_NAME_WORD}(?:[-\s]{_NAME_WORD}){{0,5}}")
# A locative cue ("near ", "the village of ", "east of "): a village name may follow.
CUE = re.compile(rf"\b(?:{cue_alternation('village_cues')})(?=\s)", re.I)
# Where a name may begin after a cue: its first capitalised word, after "the" and an article ("the al-Bahrah";
# "as", "at", "an" are English words, so an article counts with a space only as "al"/"el", as in gazetteer.py).
NAME_START = re.compile(rf"\s+(?:the\s+)?((?:(?i:al|el)\s|(?i:{_ARTICLE})-)?)([A-Z][\w'’]*)")
# What joins items of a list of places: "A, B and C", "A or B", "A/B".
LIST_JOIN = re.compile(r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*)(?:the\s+)?")
# What joins a village to a known place after it: "Tell Jihan, Idlib", "Tell Jihan in (the) …", "Tell Jihan (Aleppo)".
BEFORE_PLACE = re.compile(r"(?:,\s+|\s+(?:in|near|of)\s+(?:the\s+)?|\s*\()$")
WORD = re.compile(r"[\w'’]+")
FEATURE_AFTER = re.compile(rf"\s+(?:{cue_alternation('village_feature_nouns')})\b", re.I)  # "the Ajil oilfield"
LEADING_ARTICLE = re.compile(rf"^{_ARTICLE}[-\s]", re.I)


def _key(words: Sequence[str]) -> str:
    """The folded spelling of some words, dashes read as spaces."""
    return fold(" ".join(words))


# In a whole folded file, what is neither a letter, a digit, an apostrophe nor a column, alias or line break
# becomes a space (a table for the ASCII text the file is written in; a pattern for any other).
KEY_SPACES = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) in "_'\t|\n")}
NOT_A_KEY_CHAR = re.compile(r"[^\w'’\t|\n]")


def _key_text(folded: str) -> str:
    return folded.translate(KEY_SPACES) if folded.isascii() else NOT_A_KEY_CHAR.sub(" ", folded)


def _first_after_article(key: str) -> str:
    words = LEADING_ARTICLE.sub("", key).split()
    return words[0] if words else key




class VillageIndex:
    """Village spellings (folded) and the rows of the villages that bear them, in file order.

    Built from the TSV's text in a few passes over the whole file (tens of thousands of rows load in a tenth of a
    second); an entry is made only for a row a text names.
    """

    def __init__(self, tsv: str, entry: Callable[[list[str]], GazetteerEntry],
                 known: frozenset[str] = frozenset()):
        """``tsv``: a place TSV's text (``#`` comments, a header, then rows); ``entry``: makes a row's entry;
        ``known``: spellings (folded) a village never takes: the gazetteer's own, and names of sides and
        people ("Iraqi", "Kurdish") that a cue may stand before ("between Iraqi forces")."""
        lines = [line for line in tsv.splitlines() if line and not line.startswith("#")][1:]
        keys = _key_text(fold("\n".join(lines))).splitlines()
        by_key: dict[str, list[int]] = {}
        shadowed: dict[str, list[int]] = {}  # the villages a known name stands for first (a town's namesakes)
        for row, line in enumerate(keys):
            name, aliases = line.split("\t", 2)[:2]
            for spelling in (name, *aliases.split("|")):
                key = " ".join(spelling.split()) if "  " in spelling or spelling[:1] == " " else spelling.rstrip()
                if len(key) >= 4:
                    found = (shadowed if key in known else by_key).setdefault(key, [])
                    if not found or found[-1] != row:
                        found.append(row)
        self._by_key, self._shadowed, self._lines, self._entry = by_key, shadowed, lines, entry
        # The first word of each spelling, with its article and without ("ash", "shajilah"): what may follow a cue.
        self._names = frozenset(word for key in by_key for word in (key.split()[0], _first_after_article(key)))
        # The last word of each spelling by its first word (article left out): a sentence without both words of
        # some spelling names no village (95 sentences in 100; one word is no test, being "tall" or "day").
        self._last_words: dict[str, set[str]] = {}
        for key in by_key:
            self._last_words.setdefault(_first_after_article(key), set()).add(key.rsplit(None, 1)[-1])
        self._made: dict[int, GazetteerEntry] = {}

    def __len__(self) -> int:
        return len(self._by_key)

    def namesakes(self, name: str) -> list[GazetteerEntry]:
        """The villages that bear ``name``, a name the gazetteer reads as a town ("Ras al Ayn": Hasakah's town, and
        villages of Aleppo, Idlib and other governorates)."""
        return self._entries(" ".join(_key_text(fold(name)).split()), self._shadowed)

    def _entries(self, key: str, index: dict[str, list[int]] | None = None) -> list[GazetteerEntry]:
        rows = (self._by_key if index is None else index).get(key, ())
        for row in rows:
            if row not in self._made:
                self._made[row] = self._entry(self._lines[row].split("\t"))
        return [self._made[row] for row in rows]

    def find(self, facts: str | SentenceFacts, known: Sequence[PlaceMention],
             context: Sequence[str] = ()) -> list[VillageHit]:
        """The villages a text (or a sentence) names as places, given the places already found there (``known``)
        and its document's country and governorates, most named first (``context``)."""
        text = facts if isinstance(facts, str) else facts.text
        words = word_set(text) if isinstance(facts, str) else facts.words
        if not any(self._last_words[w] & words for w in words & self._last_words.keys()):
            return []  # no village's first and last words: most sentences
        # A namesake is the one in a governorate the sentence names ("the village of Saida near Ain Issa": not
        # Daraa's Saida), else in one its document names most, else in its country.
        here = tuple(m.entry.admin1 for m in known if m.entry.admin1)
        prefer = Preference(here, set()) if here else Preference(tuple(context), set(context))
        found: dict[int, VillageHit] = {}
        taken = [(m.start, m.end) for m in known]
        for start, admin1 in self._starts(text, known):
            if start in found or any(s <= start < e for s, e in taken):
                continue
            mention = self._mention(text, start, Preference((admin1,), set()) if admin1 else prefer)
            if mention is not None:
                found[start] = mention
                taken.append(mention[:2])
                for follower in self._list_after(text, mention[1], prefer, taken):
                    found[follower[0]] = follower
        return sorted(found.values())

    def _starts(self, text: str, known: Sequence[PlaceMention]) -> Iterator[tuple[int, str | None]]:
        """Where a village may begin, and the governorate it must then be in: anywhere after a cue; in the
        known place's governorate when listed after it or written right before it."""
        for cue in CUE.finditer(text):
            m = NAME_START.match(text, cue.end())
            if m and fold(m.group(2)) in self._names:
                yield m.start(1), None
        for m in known:
            if not m.entry.admin1:
                continue
            if join := LIST_JOIN.match(text, m.end):
                yield join.end(), m.entry.admin1
            for start in self._before(text, m.start):
                yield start, m.entry.admin1

    def _before(self, text: str, start: int) -> Iterator[int]:
        """Starts of the words of a name written right before a known place ("Tell Jihan, Idlib")."""
        window = text[max(0, start - 80):start]
        joined = BEFORE_PLACE.search(window)
        if joined is None:
            return
        head = window[:joined.start()]
        base = start - len(window)
        for word in WORD.finditer(head):
            run = NAME_RUN.match(head, word.start())
            if run and run.end() == len(head):
                yield base + word.start()

    def _list_after(self, text: str, end: int, prefer: Preference,
                    taken: list[tuple[int, int]]) -> Iterator[VillageHit]:
        """"… near Tell Jihan, Arima and Umm Jern": the villages listed after one."""
        while join := LIST_JOIN.match(text, end):
            known = next((e for s, e in taken if s == join.end()), None)
            if known is not None:  # a known place in the list: the list goes on after it
                end = known
                continue
            mention = self._mention(text, join.end(), prefer)
            if mention is None:
                return
            taken.append(mention[:2])
            yield mention
            end = mention[1]

    def _mention(self, text: str, start: int, prefer: Preference) -> VillageHit | None:
        """The longest village name written from ``start`` that ``prefer`` allows, if any."""
        run = NAME_RUN.match(text, start)
        if run is None:
            return None
        words = list(WORD.finditer(run.group()))
        for n in range(len(words), 0, -1):
            spelled = [w.group() for w in words[:n]]
            entries = self._entries(_key(spelled)) or self._entries(
                _key(WORD.findall(LEADING_ARTICLE.sub("", " ".join(spelled)))))
            if not entries or FEATURE_AFTER.match(text, start + words[n - 1].end()):
                continue
            entry = prefer.choose(entries)
            if entry is not None:
                return start, start + words[n - 1].end(), entry
        return None


class Preference(NamedTuple):
    """Which of several namesakes is meant: the first in ``admin1s`` (governorates, most telling first), else the
    first in ``countries`` (none: no other may be chosen)."""

    admin1s: tuple[str | None, ...]
    countries: set[str | None]

    def choose(self, entries: list[GazetteerEntry]) -> GazetteerEntry | None:
        for admin1 in self.admin1s:
            entry = next((e for e in entries if e.admin1 == admin1), None)
            if entry is not None:
                return entry
        return next((e for e in entries if e.country in self.countries), None)
