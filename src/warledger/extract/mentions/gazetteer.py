"""The offline gazetteer: places, governorates and their spellings.

Three bundled TSV files, sources in their headers: ``places_curated.tsv``
(sites, fields, routes, regions and the towns reports name most),
``governorates.tsv`` and ``gazetteer.tsv`` (GeoNames populated places of Syria
and Iraq, built by ``scripts/build_gazetteer.py``, most populous first).

Spellings are compared without case, accents or dashes ("Deir ez-Zor" is
"deir ez zor"). A name shared by several places resolves to a curated place
before a generated one and to the more populous of two generated ones. A
governorate named like its capital is the town unless the text says
governorate ("Homs Governorate", "eastern Homs", "the Homs desert").

>>> gz = Gazetteer.load()
>>> [(m.entry.name, m.entry.admin1) for m in gz.find("clashes near al-Mayadin and in Homs Governorate")]
[('Mayadin', 'Deir ez-Zor'), ('Homs', 'Homs')]
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple, cast

from warledger.data import data_text, load_yaml
from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.mentions.villages import VillageIndex
from warledger.extract.text.phrases import PhraseMatcher, fold, last_word

# A rank and the given names after it: the name that follows is a person's, not a place's.
RANKED_NAME_BEFORE = re.compile(rf"\b(?i:{cue_alternation('state_ranks')})\s+(?:[A-Z][\w'’-]*\s+){{0,3}}\Z")
# "Ramadi's Tamim District": a city's district that bears a governorate's other name (Kirkuk's old "Tamim").
DISTRICT_AFTER = re.compile(r"\s+(?:District|neighbou?rhood|quarter)\b")
ADMIN_CONTEXT_AFTER = re.compile(rf"(?:'s)?\s+(?:{cue_alternation('governorate_context_after')})\b", re.I)
# "eastern (countryside of)", "the desert of", "rural": a governorate follows. Searched anywhere in the window
# (a compound direction such as "north-eastern" is found from its "eastern").
ADMIN_CONTEXT_BEFORE = re.compile(
    rf"(?:(?:{cue_alternation('compass_directions')})(?:ern|east|west)*(?:ern)?\s+(?:countryside\s+of\s+)?|"
    r"(?:countryside|desert|badia|province|governorate)\s+of\s+|rural\s+|outskirts\s+of\s+rural\s+)(?:the\s+)?$",
    re.I)
ADMIN_CONTEXT_BEFORE_ENDS = ("ern", "of", "rural", *cue_list("compass_directions"))  # the words it can end on
# Names that read as English words unless written as a name: matched only with this exact case.
CASE_SENSITIVE = frozenset(cue_list("case_sensitive_place_names"))
# Generated spellings this short ("Kut", "Tuz", "Hol") are matched only as written.
SHORT = 4
# A GeoNames place this close (degrees) to a curated one of a shared spelling is that place.
SAME_PLACE_DEGREES = 0.3
# A leading article that prose writes before a place name ("al-", "Al ", "as-"): "as", "at", "an" are
# English words, so they count only when joined by a hyphen.
ARTICLE_BEFORE = re.compile(rf"(?i:\b(?:al|el)[ -]|\b(?:{cue_alternation('arabic_articles')})-)$")
ARTICLE_PREFIX = re.compile(rf"^(?i:(?:{cue_alternation('arabic_articles')})[ -])")
_DASHES = str.maketrans("-\u2010\u2011\u2012\u2013\u2014\u2212", "       ")
PlaceKind = Literal["town", "village", "site", "area", "route", "region", "admin1", "country"]
"""What a gazetteer entry is: a town, a village (``villages.tsv``), a site (a base, a field, a dam), an area, a
route, a region, a governorate (admin1) or a country."""
_PLACE_KINDS: tuple[PlaceKind, ...] = ("town", "village", "site", "area")
# The places of a country that only a text about it is read for (thousands of Ukrainian towns would add false places
# to texts about other wars): the country's code and its bundled TSV.
COUNTRY_PLACES = {"UA": ("places_ua.tsv", "villages_ua.tsv")}  # its towns and its villages


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: PlaceKind
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    source: str
    curated: bool = False


class PlaceMention(NamedTuple):
    start: int
    end: int
    entry: GazetteerEntry


_place_mention = functools.partial(tuple.__new__, PlaceMention)  # made per hit: no Python-level constructor


def _spelling(name: str) -> str:
    """One spelling as written, with dashes read as spaces and runs of spaces as one."""
    return " ".join(name.translate(_DASHES).split())


def _key(name: str) -> str:
    """The form spellings are compared in: no case, accents or dashes."""
    return fold(_spelling(name))


COLUMNS = ("name", "aliases", "kind", "admin1", "country", "lat", "lon", "source")  # a place TSV's columns


def _rows(name: str, text: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """The data rows of a bundled TSV, or of ``text`` read from a user's file (comment and header lines left out),
    each with its line number."""
    lines = [(i, line) for i, line in enumerate((data_text(name) if text is None else text).splitlines(), start=1)
             if line and not line.startswith("#")]
    for number, line in lines[1:]:
        yield number, line.split("\t")


def _float(value: str) -> float | None:
    return float(value) if value else None


def _entry(row: list[str], curated: bool = False) -> GazetteerEntry:
    """The entry of one row of a place TSV."""
    name, _, kind, admin1, country, lat, lon, source = row
    return GazetteerEntry(name, cast(PlaceKind, kind), admin1 or None, country or None, _float(lat), _float(lon),
                          source, curated)


def _places(filename: str, curated: bool, text: str | None = None) -> list[tuple[list[str], GazetteerEntry]]:
    """(spellings, entry) for each row of a place TSV (``text``: a user's file, read already)."""
    out = []
    for number, row in _rows(filename, text):
        if len(row) != len(COLUMNS):  # a user's file says where it is wrong
            raise ValueError(f"{filename}: line {number}: {len(row)} columns, not the {len(COLUMNS)} of "
                             f"{' '.join(COLUMNS)} (tab-separated)")
        out.append(([row[0], *filter(None, row[1].split("|"))], _entry(row, curated)))
    return out


def _governorates() -> list[tuple[list[str], GazetteerEntry]]:
    """(spellings, entry) for each governorate, as a curated entry of kind admin1."""
    out = []
    for _, (admin1, country, aliases, lat, lon, source) in _rows("governorates.tsv"):
        entry = GazetteerEntry(admin1, "admin1", admin1, country, _float(lat), _float(lon), source, True)
        out.append(([admin1, *filter(None, aliases.split("|"))], entry))
    return out


FAR_DEGREES, NEAR_DEGREES = 1.0, 0.5  # about 100 km and 50 km: a town far off, a village close by


def _distance(a: GazetteerEntry, b: GazetteerEntry) -> float:
    """How far apart two places are, in degrees (the larger of latitude and longitude; unknown: far)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return float("inf")
    return max(abs(a.lat - b.lat), abs(a.lon - b.lon))


def _near(a: GazetteerEntry, b: GazetteerEntry) -> bool:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return abs(a.lat - b.lat) <= SAME_PLACE_DEGREES and abs(a.lon - b.lon) <= SAME_PLACE_DEGREES


def _same_curated(names: list[str], entry: GazetteerEntry,
                  curated: dict[str, list[GazetteerEntry]]) -> GazetteerEntry | None:
    """The curated place a generated one duplicates: same country, a shared spelling, close by."""
    for name in names:
        for other in curated.get(_key(name), ()):
            if other.kind in _PLACE_KINDS and other.country == entry.country and _near(other, entry):
                return other
    return None


def _rank(entries: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """Entries of one spelling, preferred first (input order: curated, governorates, generated by size)."""
    town_admin1 = {e.admin1 for e in entries if e.kind in _PLACE_KINDS}

    def rank(entry: GazetteerEntry) -> int:
        if entry.kind == "admin1":
            # "Homs" is the town; the governorate needs words that say so (see _says_governorate).
            return 2 if entry.admin1 in town_admin1 else 0
        return 0 if entry.curated else 1

    return sorted(dict.fromkeys(entries), key=rank)


def _sensitive(spelling: str, entry: GazetteerEntry) -> bool:
    """Whether a spelling must match letter case: English-word names, acronyms, short generated names."""
    letters = spelling.replace(" ", "")
    return (spelling in CASE_SENSITIVE or (letters.isupper() and len(letters) >= 2)
            or (not entry.curated and len(spelling) <= SHORT))


class Gazetteer:
    """Name lookups and an Aho-Corasick scanner over every spelling."""

    def __init__(self, entries: Iterable[tuple[list[str], GazetteerEntry]], villages: str = "",
                 namesake_villages: bool = False):
        """``villages``: the TSV text of small places named only where the text says a place is meant (see
        ``villages.py``); with ``namesake_villages``, a village may bear a town's name, read where the town is not
        meant (Donetsk Oblast's village Pisky, where the towns called Pisky lie in other oblasts)."""
        self._entries_given = entries = list(entries)
        self._by_country: dict[str, Gazetteer] = {}
        by_key: dict[str, list[GazetteerEntry]] = {}
        spellings: dict[str, dict[str, bool]] = {}  # key -> {spelling: case-sensitive}
        for names, entry in entries:
            for name in names:
                spelling = _spelling(name)
                if len(spelling) < 3 and not any(ch.isdigit() for ch in spelling):
                    continue  # too ambiguous, unlike a code such as "T2"
                key = fold(spelling)
                by_key.setdefault(key, []).append(entry)
                spellings.setdefault(key, {})[spelling] = _sensitive(spelling, entry)
        self._by_key = {key: _rank(found) for key, found in by_key.items()}
        # Names that are also a governorate's but first read as a town ("Homs", "Raqqa").
        self._governorate = {key: admin[0] for key, found in self._by_key.items()
                             if found[0].kind != "admin1" and (admin := [e for e in found if e.kind == "admin1"])}
        self._matcher = PhraseMatcher(*_phrases(spellings), shared=True)
        towns = frozenset() if namesake_villages else frozenset(self._by_key)
        self._villages = VillageIndex(villages, _entry, towns | _actor_spellings())

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        """The bundled gazetteer, with the places of ``path`` or ``$WARLEDGER_PLACES`` first (a TSV of the shape
        of ``places_curated.tsv``; read once per process)."""
        extra = path or os.environ.get("WARLEDGER_PLACES")
        return _bundled(str(extra) if extra else None)

    def for_country(self, country: str | None) -> Gazetteer:
        """This gazetteer with the places of ``country`` that only a text about it is read for (Ukraine's towns and
        villages, of ``places_ua.tsv`` and ``villages_ua.tsv``), else itself; made once per country. Its villages are
        that country's alone: a text about Ukraine names no Syrian village."""
        files = COUNTRY_PLACES.get(country or "")
        if files is None:
            return self
        if country not in self._by_country:
            towns, villages = files
            self._by_country[country] = Gazetteer([*self._entries_given, *_places(towns, False)], data_text(villages),
                                                  namesake_villages=True)
        return self._by_country[country]  # type: ignore[index]

    def in_context(self, text: str, mentions: list[PlaceMention], admin1s: Sequence[str]) -> list[PlaceMention]:
        """``mentions`` of ``text`` with each namesake read as the one in the first of ``admin1s`` (the document's
        oblasts or governorates, most named first) that has one: "Avdiivka" in a text about Donetsk Oblast is not
        Chernihiv Oblast's bigger namesake. A name of places in several oblasts, none of them the document's, is left
        out: which one is meant is a guess ("Pisky" in a text about Donetsk Oblast, which has none here)."""
        out = []
        for m in mentions:
            found = self._places_named(text, m)
            # A place of the name as written comes before one that only has it as another spelling, whatever the
            # oblasts' order ("Voznesensk" is not Voznesenka, "Vuhledar" not a namesake in Zaporizhzhia Oblast).
            exact = [e for e in found if _key(e.name) == _key(text[m.start:m.end])]
            if len({e.admin1 for e in found}) < 2 or m.entry.kind not in _PLACE_KINDS:
                out.append(m)
            elif here := next((e for a in admin1s for e in (exact or found) if e.admin1 == a), None):
                out.append(m if here is m.entry else m._replace(entry=here))
            elif not admin1s:
                out.append(m)
        return out

    def namesakes(self, text: str, mention: PlaceMention) -> int:
        """How many governorates or oblasts the name of ``mention`` has places in (1 for a name of one place)."""
        return len({e.admin1 for e in self._places_named(text, mention)})

    def _places_named(self, text: str, mention: PlaceMention) -> list[GazetteerEntry]:
        """The places (not governorates, routes or regions) that bear the name of ``mention`` in ``text``."""
        return [e for e in self._entries(text[mention.start:mention.end]) if e.kind in _PLACE_KINDS]

    def names(self) -> list[str]:
        """Every spelling the gazetteer knows (folded)."""
        return list(self._by_key)

    def _entries(self, name: str) -> list[GazetteerEntry]:
        key = _key(name)
        return self._by_key.get(key) or self._by_key.get(_key(ARTICLE_PREFIX.sub("", name.strip())), [])

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The preferred entry for an exact name or alias ("al-Mayadin", "Tadmur"), else ``None``."""
        entries = self._entries(name)
        return entries[0] if entries else None

    def governorate(self, name: str) -> str | None:
        """The canonical governorate for one of its names ("Deir Ezzor" → "Deir ez-Zor")."""
        return next((e.admin1 for e in self._entries(name) if e.kind == "admin1"), None)

    def find(self, text: str | SentenceFacts) -> list[PlaceMention]:
        """Every place named in ``text`` (or a sentence), left-most longest, on word boundaries."""
        out = []
        hits = self._matcher.find(text)
        text = text if isinstance(text, str) else text.text
        for hit in hits:
            key = hit.value if isinstance(hit.value, str) else hit.value[0]
            entry = self._by_key[key][0]
            if (entry.kind == "admin1" and DISTRICT_AFTER.match(text, hit.end)) \
                    or RANKED_NAME_BEFORE.search(text, max(0, hit.start - 60), hit.start):
                continue  # "Brig. Gen. Haider al-Obeidi", "Colonel Vyacheslav Makarov": a person's name
            if key in self._governorate and _says_governorate(text, hit.start, hit.end):
                entry = self._governorate[key]
            # A generated name in lower case is an English word ("seen"), not a place.
            if entry.curated or _capitalised(text[hit.start:hit.end]):
                out.append(_place_mention((_article_start(text, hit.start), hit.end, entry)))
        return out

    def with_villages(self, text: str | SentenceFacts, known: list[PlaceMention],
                      context: Sequence[str] = (), centre: GazetteerEntry | None = None) -> list[PlaceMention]:
        """``known`` (the places :meth:`find` gave for ``text``, or a sentence) with the villages it names as places.

        ``context``: the document's governorates (most named first) and country, which decide between namesakes;
        ``centre``: the place the document names most, near which a town's namesake village is meant.
        """
        villages = self._villages.find(text, known, context)
        # "Tall Abyad al-Gharbi": a village's longer name holds a known one, which gives way.
        kept = [m for m in known if not any(start <= m.start < end for start, end, _ in villages)]
        found = sorted([*kept, *map(_place_mention, villages)]) if villages else known
        return self._near_namesakes(text if isinstance(text, str) else text.text, found, centre) if centre else found

    def _near_namesakes(self, text: str, known: list[PlaceMention], centre: GazetteerEntry) -> list[PlaceMention]:
        """A town far from the place the document is about is the village of its name close to that place, where
        there is one: "captured Ras al Ayn, which severed the supply line to Sarrin" in an article about Kobani is
        Aleppo's village near Kobani, not Hasakah's town 150 km east."""
        out = []
        for m in known:
            far = m.entry.kind == "town" and _distance(m.entry, centre) > FAR_DEGREES
            near = [v for v in self._villages.namesakes(text[m.start:m.end]) if _distance(v, centre) <= NEAR_DEGREES] \
                if far else []
            out.append(m._replace(entry=min(near, key=lambda v: _distance(v, centre))) if near else m)
        return out


def _phrases(spellings: dict[str, dict[str, bool]]) -> tuple[list[tuple[str, str]], list[str]]:
    """PhraseMatcher input: (phrase, key) pairs and the phrases that must match case.

    A key is matched in any case when one of its spellings may be; otherwise each
    case-sensitive spelling is a phrase of its own.
    """
    pairs: list[tuple[str, str]] = []
    sensitive: list[str] = []
    for key, forms in spellings.items():
        if not all(forms.values()):
            pairs.append((key, key))
            continue
        for spelling in forms:
            pairs.append((spelling, key))
            sensitive.append(spelling)
    return pairs, sensitive


def _capitalised(surface: str) -> bool:
    """"Mayadin", "al-Mayadin", "T-2": written as a name; "seen" is not."""
    first = ARTICLE_PREFIX.sub("", surface)[:1]
    return first.isupper() or not first.isalpha()


def _article_start(text: str, start: int) -> int:
    """Where a name starts once the article written before it is included ("al-" + "Tabqa")."""
    article = ARTICLE_BEFORE.search(text, max(0, start - 4), start)
    return article.start() if article else start


def _says_governorate(text: str, start: int, end: int) -> bool:
    """"Homs Governorate", "eastern Homs", "the countryside of Homs": the governorate, not the town."""
    window = text[max(0, start - 40):start]
    return bool(ADMIN_CONTEXT_AFTER.match(text, end) or (
        last_word(window).endswith(ADMIN_CONTEXT_BEFORE_ENDS) and ADMIN_CONTEXT_BEFORE.search(window)))


@functools.cache
def _actor_spellings() -> frozenset[str]:
    """The names of sides and people in the actor lexicon (folded): never a village."""
    data = load_yaml("actors.yaml")
    return frozenset(_key(str(name)) for kind in ("modifiers", "heads") for row in data.get(kind) or []
                     for name in row.get("names") or [])


@functools.cache
def _bundled(extra_path: str | None = None) -> Gazetteer:
    own = _places(extra_path, True, Path(extra_path).read_text(encoding="utf-8")) if extra_path else []
    curated = own + _places("places_curated.tsv", True) + _governorates()
    index: dict[str, list[GazetteerEntry]] = {}
    for names, entry in curated:
        for name in names:
            index.setdefault(_key(name), []).append(entry)
    generated = []
    for names, entry in _places("gazetteer.tsv", False):
        generated.append((names, _same_curated(names, entry, index) or entry))
    return Gazetteer(curated + generated, data_text("villages.tsv"))
