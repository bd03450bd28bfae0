"""Places: the event's place, geocoded from the offline gazetteer.

Gazetteer names and governorate phrases ("eastern countryside of Homs",
"Deir Ezzor desert", "southern Al-Raqqah") are found in a text; the event's
place is the most specific one that the text sets the event at ("near
Mayadin" beats a passing "from Deir ez-Zor").

>>> p = choose_place("clashes in the desert near Mayadin killed 9", 0)
>>> (p.name, p.admin1, p.precision)
('Mayadin', 'Deir ez-Zor', 'near-town')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from warledger.extract.gazetteer import Gazetteer, PlaceMention
from warledger.extract.phrases import last_word
from warledger.model import Place

DIRECTION = r"(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
PART_BEFORE = re.compile(
    rf"(?:(?:the\s+)?(?:{DIRECTION}\s+)?(?:countryside|desert|outskirts|badia|parts?|region|areas?|rural\s+areas)"
    rf"\s+of\s+(?:the\s+)?|{DIRECTION}\s+)$", re.I)
PART_AFTER = re.compile(r"^\s+(?:countryside|desert|badia|outskirts|rural\s+areas)\b", re.I)
ADMIN_AFTER = re.compile(r"^\s+(?:governorate|province|region)\b", re.I)
# "near X", "outside X", "12 km south of X", "the outskirts of X".
NEAR = re.compile(r"(?:near|outside|around|close\s+to|of)\s+(?:the\s+)?$", re.I)
AT = re.compile(r"(?:\bin|\bat|\bon|\binto|\bnear|\baround|\boutside|\bof|\bfrom|\btargeting|\battacked|\braided)"
                r"\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+|village\s+of\s+)?$", re.I)
AREA_AFTER = re.compile(r"^\s+(?:area|region|pocket|triangle|desert)\b", re.I)
# The words each pattern above can end on (before a "the"): a window whose last word ends otherwise cannot
# match, and most windows are ruled out without running the pattern at every position.
PART_BEFORE_ENDS = ("of", "north", "south", "east", "west", "central", "ern")
NEAR_ENDS = ("near", "outside", "around", "to", "of")
AT_ENDS = ("in", "at", "on", "into", "near", "around", "outside", "of", "from", "targeting", "attacked", "raided")
RANK = {"site": 6, "town": 5, "route": 3, "area": 3, "admin1": 2, "region": 1, "country": 0}


class _Candidate(NamedTuple):
    mention: PlaceMention
    place: Place
    score: float


def _precision(text: str, m: PlaceMention, near: bool) -> tuple[str, str]:
    """The precision of a mention and the phrase it covers (``near``: "near"/"outside"/"of" before it)."""
    before, after = text[:m.start], text[m.end:]
    name = text[m.start:m.end]
    if m.entry.kind == "admin1":
        start = max(0, len(before) - 60)
        part = PART_BEFORE.search(before, start) if last_word(before[start:]).endswith(PART_BEFORE_ENDS) else None
        if part:
            tail = ADMIN_AFTER.match(after)
            phrase = text[part.start():m.end] + (after[:tail.end()] if tail else "")
            return "admin1-part", re.sub(r"^the\s+", "", phrase, flags=re.I)
        if tail := PART_AFTER.match(after):
            return "admin1-part", name + after[:tail.end()]
        tail = ADMIN_AFTER.match(after)
        return "admin1", name + (after[:tail.end()] if tail else "")
    if m.entry.kind in ("town", "site") and AREA_AFTER.match(after):
        return ("near-town" if m.entry.kind == "town" else "area"), name
    if m.entry.kind == "town" and near:
        return "near-town", name
    return m.entry.kind if m.entry.kind in RANK else "unknown", name


def _landmark(m: PlaceMention, mentions: list[PlaceMention], near: bool) -> bool:
    """"the Kobajjep area near Palmyra": Palmyra only says where Kobajjep is."""
    return near and any(0 <= m.start - o.end <= 30 for o in mentions if o is not m)


def _candidate(text: str, m: PlaceMention, base: int, mentions: list[PlaceMention]) -> _Candidate:
    window = text[max(0, m.start - 40):m.start]
    tail = last_word(window)
    near = tail.endswith(NEAR_ENDS) and bool(NEAR.search(window))
    precision, phrase = _precision(text, m, near)
    entry = m.entry
    place = Place(name=entry.name, admin1=entry.admin1, lat=entry.lat, lon=entry.lon, precision=precision,
                  text=phrase if phrase != entry.name else None, offset=base + m.start)
    if precision.startswith("admin1"):
        place = Place(name=phrase, admin1=entry.admin1, precision=precision, offset=base + m.start)
    at = tail.endswith(AT_ENDS) and AT.search(window)
    score = RANK.get(entry.kind, 0) + (1.5 if at else 0) - m.start / 10_000
    if _landmark(m, mentions, near):
        score -= 3
    return _Candidate(m, place, score)


def choose_place(text: str, base: int, gazetteer: Gazetteer | None = None,
                 mentions: list[PlaceMention] | None = None) -> Place | None:
    """The event's place in ``text`` (``base`` is its offset in the document).

    ``mentions`` are the gazetteer's finds in ``text`` when already known.
    """
    if mentions is None:
        mentions = (gazetteer or Gazetteer.load()).find(text)
    candidates = [_candidate(text, m, base, mentions) for m in mentions]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: c.score).place
    if best.admin1 is None:
        admin = [c.place.admin1 for c in candidates if c.place.admin1]
        if admin and len(set(admin)) == 1:
            best = Place(best.name, admin[0], best.lat, best.lon, best.precision, best.text, best.offset)
    return best


def place_theatre(mentions: Iterable[list[PlaceMention]]) -> str | None:
    """The country most of a document's places belong to (``"SY"``, ``"IQ"``, …)."""
    counts = Counter(m.entry.country for group in mentions for m in group if m.entry.country)
    return counts.most_common(1)[0][0] if counts else None
