"""The conflict record from a document's infobox fields.

Works on the reader's fields and items, so the plain-text and the wikitext
formats give the same record. Field names are matched loosely
(``Combatant1`` = ``combatant1`` = ``combatant 1``); fields the record has no
place for are reported as :class:`Unparsed`, never dropped.

>>> from warledger.read import read_string
>>> text = "= W =\\n- Conflict: Battle of X\\n- Combatant1: A\\n- Casualties1: 12 killed\\n"
>>> doc = read_string(text, "w").documents[0]
>>> rec = extract_conflict(doc)
>>> rec.name, rec.sides[0].combatants, rec.sides[0].casualties[0].count
('Battle of X', ['A'], Count(low=12, high=12, approximate=False))
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Literal, cast

from warledger.data import load_yaml
from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.infobox.casualty_items import parse_casualty_field
from warledger.extract.infobox.items import SEPARATOR, clean, parse_commanders, parse_strength, parse_units
from warledger.extract.text.dates import parse_date_span
from warledger.model import ConflictRecord, Document, InfoboxField, Side, Status, Unparsed

SideFieldKind = Literal["combatant", "commander", "unit", "units", "strength", "casualties", "casualty"]
"""A side's field of the infobox ("Combatant1", "Casualties2"), without its side's number."""
SIDE_FIELD = re.compile(r"^(?P<kind>combatant|commander|units?|strength|casualties|casualty)(?P<ix>\d)[a-z]?$")
# "Allied groups: …": the allies after the marker.
def _months() -> str:
    return "|".join(re.escape(str(m)) for m in sorted(load_yaml("dates.yaml")["months"], key=lambda m: -len(str(m))))


# A trailing parenthesis with a side qualifier, a year or a month in it (data: side_qualifiers).
QUALIFIER = re.compile(rf"\s*\((?=[^()]*\b(?:{cue_alternation('side_qualifiers')}|1[89]\d\d|20\d\d|{_months()})\b)"
                       r"[^()]*\)\s*$", re.I)
ALLY_MARKER = re.compile(rf"^(?:{cue_alternation('ally_markers')})\s*:\s*(?P<rest>.*)$", re.I)
# An attack infobox's casualty fields, with the status of their figures (None: "victims", status unsaid).
_ATTACK_STATUSES = load_yaml("cues/attack_casualty_fields.yaml")["statuses"]
ATTACK_FIELDS: dict[str, Status | None] = {name: _ATTACK_STATUSES[name] for name in cue_list("attack_casualty_fields")}
IGNORED_FIELDS = frozenset(cue_list("ignored_infobox_fields"))  # images, maps, captions: no fact of the record


def field_key(name: str) -> str:
    """``"Casualties 1"`` → ``"casualties1"``."""
    return re.sub(r"[\s_\-]+", "", name).lower()


def split_part_of(value: str) -> list[str]:
    """``"the Syrian civil war and X"`` → ``["Syrian civil war", "X"]``."""
    parts = re.split(r",\s+(?:and\s+)?|\s+and\s+(?=the\b|[A-Z])", clean(value))
    return [re.sub(r"^the\s+", "", p.strip(), flags=re.I) for p in parts if p.strip()]


def combatants_and_allies(field: InfoboxField) -> tuple[list[str], list[str]]:
    """Split a combatant column into combatants and allies ("Allied groups:")."""
    combatants: list[str] = []
    allies: list[str] = []
    target = combatants
    for item in field.items:
        text = clean(item.text)
        if SEPARATOR.match(text):
            target = combatants
            continue
        if m := ALLY_MARKER.match(text):
            target = allies
            text = clean(m.group("rest"))
        text = without_qualifier(text)
        if text:
            target.append(text)
    return combatants, allies


def without_qualifier(name: str) -> str:
    """A party's name without a parenthesis that says when or how surely it took part: "Turkey (from May 2020)"
    is Turkey, "Qatar (disputed)" Qatar; "Libya (GNA)" keeps its parenthesis, which names whom."""
    m = QUALIFIER.search(name)
    return name[:m.start()].rstrip() if m and m.start() > 0 else name


def _side(sides: dict[int, Side], ix: int) -> Side:
    if ix not in sides:
        sides[ix] = Side(index=ix)
    return sides[ix]


def _fill_side(side: Side, kind: SideFieldKind, field: InfoboxField, record: ConflictRecord) -> None:
    if kind == "combatant":
        combatants, allies = combatants_and_allies(field)
        side.combatants += combatants
        side.allies += allies
    elif kind == "commander":
        side.commanders += parse_commanders(list(field.items))
    elif kind in ("units", "unit"):
        side.units += parse_units(list(field.items))
    elif kind == "strength":
        side.strength += [s for s in map(parse_strength, field.items) if s]
    else:
        parsed = parse_casualty_field(field)
        side.casualties += parsed.items
        side.equipment += parsed.equipment
        side.casualties_total = side.casualties_total or parsed.total
        record.unparsed += parsed.unparsed


def _general_field(record: ConflictRecord, key: str, field: InfoboxField) -> bool:
    """Fill a conflict-wide field; False when the record has no place for it."""
    value = clean(field.value)
    if key == "conflict":
        record.name = value or record.name
    elif key == "partof":
        record.part_of = split_part_of(field.value)
    elif key == "date":
        record.date = parse_date_span(value)
    elif key in ("place", "location"):
        record.place = value or None
    elif key == "result":
        record.result = value or None
    elif key == "notes":
        record.notes.append(value)
    elif key in ATTACK_FIELDS:
        parsed = parse_casualty_field(field, default_status=ATTACK_FIELDS[key])
        record.other_casualties += parsed.items
        record.unparsed += parsed.unparsed
    else:
        return key in IGNORED_FIELDS
    return True


def _other_casualties(record: ConflictRecord, field: InfoboxField) -> None:
    parsed = parse_casualty_field(field)
    record.other_casualties += parsed.items
    record.unparsed += parsed.unparsed
    if parsed.total is not None:
        record.total_casualties = parsed.total.count


def is_conflict_infobox(doc: Document) -> bool:
    """A military-conflict or attack infobox, not a settlement or other kind."""
    if not doc.infobox or (doc.infobox_kind and doc.infobox_kind not in ("military conflict", "civilian attack")):
        return False
    keys = {re.sub(r"\d[a-z]?$", "", field_key(f.name)) for f in doc.infobox}
    return bool(keys & ({"combatant", "commander", "casualties"} | set(ATTACK_FIELDS)))


def extract_conflict(doc: Document) -> ConflictRecord | None:
    """The conflict record of ``doc``, or ``None`` when it has no conflict infobox."""
    if not is_conflict_infobox(doc):
        return None
    record = ConflictRecord(name=doc.title, notes=[n.value for n in doc.notes])
    sides: dict[int, Side] = {}
    side_fields: dict[int, list[tuple[SideFieldKind, InfoboxField]]] = defaultdict(list)
    for field in doc.infobox:
        key = field_key(field.name)
        if m := SIDE_FIELD.match(key):
            side_fields[int(m.group("ix"))].append((cast(SideFieldKind, m.group("kind")), field))
        elif not _general_field(record, key, field):
            reason = "not a 'Field: value' line" if not key else f"field {field.name!r} has no place in the record"
            record.unparsed.append(Unparsed(field.name, field.value, field.offset, reason))
    with_combatants = {ix for ix, fs in side_fields.items() if any(k == "combatant" for k, _ in fs)}
    for ix, fields in sorted(side_fields.items()):
        for kind, field in fields:
            if ix not in with_combatants and kind in ("casualties", "casualty"):
                _other_casualties(record, field)
            elif ix in with_combatants or kind != "casualties":
                _fill_side(_side(sides, ix), kind, field, record)
    record.sides = [sides[ix] for ix in sorted(sides)]
    return record
