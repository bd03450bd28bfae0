"""What a user typed into a ledger command, checked, and read as the ledger spells it.

A filter that would match nothing is refused in one line naming the value and the closest values the
ledger holds, never answered with an empty table: ``--party ISIS`` reads as the ledger's "IS" (the actors
lexicon knows the name), ``--admin1 ar-raqqah`` as "Raqqa" (the gazetteer does), ``--party ISSI`` is
"no party 'ISSI' in this ledger; did you mean IS?". Days must be calendar days, groupings known ones.

The lexicon, the gazetteer and the ledger's code load only when a value needs them, so that ``--help``
answers at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from warledger.inputs import is_day

if TYPE_CHECKING:
    from warledger.ledger.store import Store

SHOWN = 10
"""Values listed at most in an error; the rest are counted."""

SIMILAR = 65
"""The least rapidfuzz ``WRatio`` score (0–100) of a suggestion: "yaer" is year (75) and "parties" party (67),
"Palmyra" is not Hama (55) nor "jsn" nl (60)."""


class Unknown(ValueError):
    """A value a command cannot use; its message is the one line to print."""


Aliases = Callable[[str], tuple[list[str], list[str]]]
"""What a typed name stands for: values it is another name of, and values related to it (only suggested)."""


def party_aliases(typed: str) -> tuple[list[str], list[str]]:
    """The parties the actors lexicon gives a name in any war: a side it names ("ISIS" is IS), and the side
    of a group it names ("Wagner Group" fights for pro-government: suggested, as the group is not the side).

    >>> party_aliases("Daesh")
    (['IS'], [])
    """
    from warledger.extract.mentions.actors import ActorLexicon

    lexicon = ActorLexicon.load()
    sides: list[str] = []
    groups: list[str] = []
    text = typed.strip()
    for form in dict.fromkeys((text, text.upper())):  # acronyms match in capitals only: "isis" is ISIS
        for theatre in (None, *lexicon.default_sides):  # "regime" is pro-government in Syria, government elsewhere
            for mention in lexicon.find(form, theatre):
                if (mention.start, mention.end) == (0, len(form)) and mention.party:
                    (groups if mention.group else sides).append(mention.party)
    return list(dict.fromkeys(sides)), list(dict.fromkeys(groups))


def governorate_aliases(typed: str) -> tuple[list[str], list[str]]:
    """The governorate the gazetteer gives a name ("Ar-Raqqah" is Raqqa), and the governorate of a town
    of that name ("Palmyra" is in Homs: suggested, as the town is not the governorate).

    >>> governorate_aliases("Ar-Raqqah"), governorate_aliases("Palmyra")
    ((['Raqqa'], []), ([], ['Homs']))
    """
    from warledger.extract.mentions.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    own = gazetteer.governorate(typed)
    place = gazetteer.lookup(typed)
    return [own] if own else [], [place.admin1] if place and place.admin1 and not own else []


@dataclass(frozen=True)
class Field:
    """A value the ledger can be filtered by: the option that sets it and the columns that hold it."""

    option: str
    noun: str
    plural: str
    table: str
    columns: tuple[str, ...]
    aliases: Aliases | None = None


PARTY = Field("--party", "party", "parties", "figures", ("party",), party_aliases)
STATUS = Field("--status", "status", "statuses", "figures", ("status",))
SOURCE = Field("--source", "source", "sources", "figures", ("source",))
ADMIN1 = Field("--admin1", "governorate", "governorates", "events", ("admin1",), governorate_aliases)
TYPE = Field("--type", "event type", "types", "events", ("type", "sub_type"))
DOCUMENT = Field("--doc", "document", "documents", "documents", ("id",))


def resolve(store: Store, field: Field, typed: str | None) -> str | None:
    """The value the ledger holds for ``typed``: itself, the same in another case, or what it is another name
    of. ``None`` stays ``None``, and so does anything asked of a ledger that holds no such values yet.

    Raises :class:`Unknown` naming the closest values held when nothing fits.
    """
    if typed is None or _holds(store, field, typed):
        return typed
    held = _held(store, field)
    if not held:
        return typed
    spelled = {value.casefold(): value for value in held}
    if (same := spelled.get(typed.strip().casefold())) is not None:
        return same
    names, related = field.aliases(typed) if field.aliases else ([], [])
    if found := [spelled[n.casefold()] for n in names if n.casefold() in spelled]:
        return found[0]
    near = [spelled[n.casefold()] for n in related if n.casefold() in spelled] + closest(typed, held)
    raise Unknown(f"no {field.noun} {typed!r} in this ledger{_guess(near)} ({field.plural}: {listed(held)})")


def _holds(store: Store, field: Field, value: str) -> bool:
    """Whether the ledger holds ``value`` as it is written: the usual case, answered by the first row found."""
    test = " OR ".join(f"{column} = ?" for column in field.columns)
    return bool(store.rows(f"SELECT 1 AS hit FROM {field.table} WHERE {test} LIMIT 1",
                           (value,) * len(field.columns)))


def _held(store: Store, field: Field) -> list[str]:
    """Every value of ``field`` the ledger holds, sorted as a reader looks for them."""
    union = " UNION ".join(f"SELECT {column} AS value FROM {field.table} WHERE {column} IS NOT NULL"
                           for column in field.columns)
    return sorted({row["value"] for row in store.rows(union)}, key=str.casefold)


def event_key(store: Store, ref: str) -> tuple[str, str]:
    """The document and event of ``ref`` written DOC:EVENT, as ``warledger events`` prints it.

    Raises :class:`Unknown` saying what is wrong with it: no document, no such event in it, or no document
    written before the event id (naming the documents that hold that event).
    """
    doc_id, _, event_id = ref.rpartition(":")
    if doc_id and store.rows("SELECT 1 AS hit FROM events WHERE doc_id = ? AND event_id = ?", (doc_id, event_id)):
        return doc_id, event_id
    if not doc_id:
        holders = [r["doc_id"] for r in store.rows("SELECT doc_id FROM events WHERE event_id = ? ORDER BY doc_id "
                                                    "LIMIT 3", (event_id,))]
        guess = _guess([f"{d}:{event_id}" for d in holders])
        raise Unknown(f"no event {ref!r}: an event is named DOC:EVENT, as warledger events prints it{guess}")
    if not store.rows("SELECT 1 AS hit FROM documents WHERE id = ?", (doc_id,)):
        raise Unknown(f"no document {doc_id!r} in this ledger{_guess(closest(doc_id, _held(store, DOCUMENT)))} "
                      "(see warledger documents)")
    raise Unknown(f"document {doc_id!r} has no event {event_id!r} (see warledger events --doc {doc_id})")


def days(date_from: str | None, date_to: str | None) -> None:
    """Raise :class:`Unknown` unless ``--from`` and ``--to`` are calendar days, in order."""
    for option, value in (("--from", date_from), ("--to", date_to)):
        if value is not None and not is_day(value):
            raise Unknown(f"{option} {value!r} is not a calendar day; write YYYY-MM-DD, e.g. 2020-01-31")
    if date_from and date_to and date_from > date_to:
        raise Unknown(f"--from {date_from} is after --to {date_to}: no day is in between")


def groupings(by: str) -> tuple[str, ...]:
    """The keys of ``--by`` (comma-separated, any case); :class:`Unknown` names one the totals cannot group by.

    >>> groupings("Year, party")
    ('year', 'party')
    """
    from warledger.ledger.totals import KEYS

    keys = tuple(key.strip().casefold() for key in by.split(",") if key.strip())
    for key in keys:
        if key not in KEYS:
            raise Unknown(f"cannot group totals by {key!r}; --by takes a comma-separated list of "
                          f"{', '.join(KEYS)}{_guess(closest(key, KEYS))}")
    return keys


def choice(option: str, value: str, choices: Sequence[str]) -> str:
    """``value`` when it is one of ``choices``; else :class:`Unknown` naming it and them.

    >>> choice("--format", "table", ("table", "json", "csv"))
    'table'
    """
    if value in choices:
        return value
    raise Unknown(f"unknown {option} {value!r}; choose one of {', '.join(choices)}{_guess(closest(value, choices))}")


def closest(typed: str, values: Sequence[str]) -> list[str]:
    """Up to three of ``values`` spelled most like ``typed``, best first, in any case and punctuation.

    ``WRatio`` weighs a part typed ("government" is pro-government) and words in another order as well as
    slips of the keyboard.

    >>> closest("ISSI", ["IS", "SDF", "civilians", "pro-government"]), closest("Deir Ezor", ["Deir ez-Zor", "Homs"])
    (['IS'], ['Deir ez-Zor'])
    """
    from rapidfuzz import fuzz, process, utils  # loaded when a value is wrong, so that --help answers at once

    found = process.extract(typed, values, scorer=fuzz.WRatio, processor=utils.default_process, limit=3,
                            score_cutoff=SIMILAR)
    return [value for value, _score, _index in found]


def listed(values: Sequence[str]) -> str:
    """The first values, and how many more there are: a line stays a line in a ledger of thousands."""
    more = f", … ({len(values) - SHOWN:,} more)" if len(values) > SHOWN else ""
    return ", ".join(values[:SHOWN]) + more


def _guess(near: Sequence[str]) -> str:
    near = list(dict.fromkeys(near))
    return f"; did you mean {' or '.join(near)}?" if near else ""
