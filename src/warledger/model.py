"""The warledger data model: the only module that defines types.

Every class is a plain dataclass. ``to_dict`` / ``from_dict`` convert any of
them to and from the JSON shapes of the ledger contract (``warledger/1``).
Fields whose metadata says ``omit`` are extras: they are written only when they
hold a value, so the output stays close to the contract's examples.

>>> c = Count(26, 30)
>>> to_dict(c)
{'low': 26, 'high': 30}
>>> from_dict(Count, {"low": 38, "high": None}) == Count(38, None)
True
"""

from __future__ import annotations

import bisect
import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

SCHEMA = "warledger/1"

T = TypeVar("T")


def extra(default: Any = None) -> Any:
    """A field that is left out of the JSON when it is empty."""
    if isinstance(default, list):
        return field(default_factory=list, metadata={"omit": True})
    return field(default=default, metadata={"omit": True})


def _items() -> Any:
    return field(default_factory=list)


# --- shared value types -------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A number of people: ``low``..``high``, ``None`` meaning unbounded."""

    low: int | None
    high: int | None
    approximate: bool = extra(False)

    @classmethod
    def exact(cls, n: int) -> Count:
        return cls(n, n)

    @property
    def is_known(self) -> bool:
        return self.low is not None or self.high is not None


# The contract's codes (see ../shared/spec/ledger-json.md), checked by type checkers and read by the exports.
DatePrecision = Literal["day", "days", "part-of-month", "month", "season", "year", "period"]
PlacePrecision = Literal["site", "town", "near-town", "area", "route", "admin1-part", "admin1", "region", "country",
                         "unknown"]
# "killed or wounded" is the reading of the combined word ("casualties" where the text says no more).
Status = Literal["killed", "wounded", "captured", "missing", "kidnapped", "arrested", "displaced", "killed or wounded"]
CommanderStatus = Literal["KIA", "WIA", "POW", "MIA"]
# The kind of teller behind a figure's ``source`` (data/sources.yaml gives each source's kind; "other" for a
# teller the lexicon does not know).
SourceKind = Literal["monitor", "government", "military", "armed-group", "media", "ngo", "un", "medical", "other"]


@dataclass(frozen=True)
class DateSpan:
    """A resolved date: ISO ``start``/``end`` and how precise it is."""

    start: str | None
    end: str | None
    precision: DatePrecision
    open_ended: bool = extra(False)


@dataclass
class Place:
    name: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: PlacePrecision = "unknown"
    text: str | None = extra()
    offset: int | None = extra()


@dataclass
class CasualtyFigure:
    """One number bound to a party and a status, with its evidence."""

    party: str | None
    group: str | None
    status: Status
    count: Count
    source: str | None = None
    # The contract's optional "source_kind": written when a source is named (like subset_of, left out when null).
    source_kind: SourceKind | None = extra()
    quote: str | None = extra()
    quote_offset: int | None = extra()
    subset_of: int | None = extra()
    died_of_wounds: bool = extra(False)
    # The incident's attackers themselves ("the bomber blew himself up", "two of the gunmen were shot dead"), kept
    # apart as GTD's perpetrator count and the "(+2)" of Wikipedia's lists of attacks keep them.
    attackers: bool = extra(False)


@dataclass
class Span:
    """A sentence that supports an event, with its offset in the text."""

    offset: int
    text: str


@dataclass
class Event:
    id: str
    section: str | None
    offset: int
    text: str
    date: DateSpan | None = None
    place: Place | None = None
    type: str | None = None
    sub_type: str | None = None
    actors: list[str] = _items()
    casualties: list[CasualtyFigure] = _items()
    sources: list[str] = _items()
    support: list[Span] = extra([])


@dataclass
class Claim:
    """An aggregate statement: a total over a period, not one incident."""

    period: DateSpan | None
    party: str | None
    group: str | None
    status: Status
    count: Count
    source: str | None
    scope: str | None
    offset: int
    text: str
    source_kind: SourceKind | None = extra()  # the contract's optional "source_kind", as on a figure
    section: str | None = extra()
    label: str | None = extra()
    quote: str | None = extra()
    quote_offset: int | None = extra()
    subset_of: int | None = extra()
    source_inherited: bool = extra(False)


@dataclass
class Finding:
    kind: str
    claims: list[int]
    detail: str
    delta: int | None = None
    events: list[str] = extra([])
    cross_source: bool = extra(False)


@dataclass
class Merge:
    """Why one report's event joined an incident: what matched, and how closely."""

    event: str  # "document:event"
    matched: list[str] = _items()
    score: float = 0.0


@dataclass
class Estimate:
    """One party's toll in an incident across its reports."""

    party: str | None
    status: Status
    low: int
    best: int
    high: int | None
    sources: list[str] = _items()


@dataclass
class Incident:
    """One real-world incident: the events of every report about it, none dropped."""

    id: str
    events: list[str]  # "document:event", the first is the anchor
    date: DateSpan | None
    place: Place | None
    estimates: list[Estimate] = _items()
    merges: list[Merge] = _items()


# --- the conflict record (infobox) ---------------------------------------------


@dataclass
class Commander:
    name: str | None
    status: CommanderStatus | None = None
    role: str | None = extra()


@dataclass
class Unit:
    name: str
    children: list[Unit] = _items()
    until: int | None = extra()


@dataclass
class StrengthItem:
    text: str
    count: Count
    year: int | None = None
    source: str | None = extra()
    approximate: bool = extra(False)


@dataclass
class CasualtyItem:
    label: str | None
    status: Status | None
    count: Count
    group: str | None = extra()
    source: str | None = extra()
    subset_of: int | None = extra()
    estimate: int | None = extra()
    text: str | None = extra()
    offset: int | None = extra()


@dataclass
class EquipmentItem:
    """Machines a side lost, from a casualties field ("1 destroyer sunk", "6 tanks"): kept apart from its people."""

    text: str
    count: Count
    label: str | None = extra()


@dataclass
class CasualtyTotal:
    status: Status | None
    count: Count


@dataclass
class Side:
    index: int
    combatants: list[str] = _items()
    allies: list[str] = _items()
    commanders: list[Commander] = _items()
    units: list[Unit] = _items()
    strength: list[StrengthItem] = _items()
    casualties: list[CasualtyItem] = _items()
    casualties_total: CasualtyTotal | None = None
    equipment: list[EquipmentItem] = extra([])


@dataclass
class Unparsed:
    """An infobox item the parser could not read, kept so nothing is lost."""

    field: str
    text: str
    offset: int
    reason: str


@dataclass
class ConflictRecord:
    name: str | None
    part_of: list[str] = _items()
    date: DateSpan | None = None
    place: str | None = None
    result: str | None = None
    sides: list[Side] = _items()
    other_casualties: list[CasualtyItem] = _items()
    total_casualties: Count | None = None
    notes: list[str] = _items()
    unparsed: list[Unparsed] = extra([])


# --- documents ----------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A heading and the text it governs: ``text[start:end]``."""

    title: str
    level: int
    start: int
    end: int
    path: str | None = None


@dataclass(frozen=True)
class InfoboxItem:
    """One list item of an infobox value; ``depth`` counts leading ``*``."""

    text: str
    offset: int
    depth: int = 0


@dataclass(frozen=True)
class InfoboxField:
    name: str
    value: str
    offset: int
    items: tuple[InfoboxItem, ...] = ()


@dataclass(frozen=True)
class Citation:
    """A ``<ref>`` kept aside, tied to the text offset it follows."""

    text: str
    offset: int
    name: str | None = None


@dataclass(frozen=True)
class Provenance:
    """Where a document's text was published, to cite it and honour its licence (a Wikipedia revision: its URL,
    revision id, timestamp and "CC BY-SA 4.0")."""

    url: str | None = None
    revision: str | None = extra()
    timestamp: str | None = extra()
    licence: str | None = extra()


@dataclass
class Document:
    """One immutable text and what the reader found in it.

    Every offset (sections, infobox fields, citations) indexes ``text``.
    """

    id: str
    title: str | None
    format: str
    text: str
    reference_date: str | None = None
    sections: list[Section] = _items()
    infobox: list[InfoboxField] = _items()
    notes: list[InfoboxField] = _items()
    citations: list[Citation] = _items()
    infobox_kind: str | None = None
    source_offsets: list[tuple[int, int]] = extra([])
    warnings: list[str] = _items()
    provenance: Provenance | None = extra()

    def info(self) -> DocumentInfo:
        """The ledger's ``document`` object, naming the extractor that is about to read this text."""
        from warledger.extractor_version import extractor_version  # reads the package's files: not at import

        return DocumentInfo(self.id, self.title, self.format, self.reference_date, extractor_version(),
                            self.provenance)

    def source_offset(self, offset: int) -> int:
        """Map an offset in ``text`` back to the original source (wikitext)."""
        if not self.source_offsets:
            return offset
        i = bisect.bisect_right(self.source_offsets, (offset, float("inf"))) - 1
        text_off, src_off = self.source_offsets[i] if i >= 0 else (0, 0)
        return src_off + (offset - text_off)


@dataclass
class DocumentFailure:
    """A document (or batch record) that failed, where and why: ``stage`` is read, extract, audit,
    store or serialise; ``reason`` is one line for the user that names the document."""

    source: str
    reason: str
    id: str | None = None
    stage: str = "read"


@dataclass
class DocumentInfo:
    id: str
    title: str | None
    format: str
    reference_date: str | None = extra()
    extractor_version: str | None = extra()  # what extracted the ledger (warledger.extractor_version)
    provenance: Provenance | None = extra()  # where the text was published (a Wikipedia revision)


@dataclass
class LedgerDocument:
    """The contract's top-level object for one document."""

    document: DocumentInfo
    conflict: ConflictRecord | None = None
    events: list[Event] = _items()
    claims: list[Claim] = _items()
    findings: list[Finding] = _items()
    schema: str = SCHEMA
    warnings: list[str] = extra([])


# --- JSON in and out ------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    return value is None or value is False or value == [] or value == ()


def to_dict(obj: Any) -> Any:
    """Convert a model object (or list of them) to JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        if isinstance(obj, LedgerDocument):
            out["schema"] = obj.schema
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.metadata.get("omit") and _is_empty(value):
                continue
            if f.name == "schema":
                continue
            out[f.name] = to_dict(value)
        return out
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(inner[0], value)
    if origin in (list, tuple):
        args = typing.get_args(tp)
        items = [_convert(args[0], v) for v in value]
        return tuple(tuple(x) if isinstance(x, list) else x for x in items) if origin is tuple else items
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    return value


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build ``cls`` from its JSON shape; unknown keys are ignored.

    >>> from_dict(DateSpan, {"start": "2018-05-22", "end": "2018-05-22", "precision": "day"}).precision
    'day'
    """
    if not isinstance(data, dict):
        raise ValueError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def ledger_from_dict(data: dict[str, Any]) -> LedgerDocument:
    """Read a ledger JSON object, checking its schema tag."""
    if data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document (schema = {data.get('schema')!r})")
    return from_dict(LedgerDocument, data)
