"""Run the extraction stages over a document, in order.

``extract`` turns one :class:`Document` into the contract's
:class:`LedgerDocument`. ``extract_all`` does a batch and, like spaCy's
per-document error handler, reports a document whose extraction fails
instead of stopping the batch.

>>> from warledger.read import read_string
>>> doc = read_string("= W =\\n- Combatant1: A\\n- Combatant2: B\\n", "w").documents[0]
>>> [s.combatants for s in extract(doc).conflict.sides]
[['A'], ['B']]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from warledger.boundary import guard
from warledger.extract.claims import infobox_claims, note_claims
from warledger.extract.events import extract_events
from warledger.extract.infobox import extract_conflict
from warledger.extract.phrases import forget_sentences
from warledger.limits import Deadline, Limits
from warledger.model import Count, Document, LedgerDocument, ReadFailure


def extract(doc: Document, limits: Limits | None = None) -> LedgerDocument:
    """The ledger document for ``doc``: conflict record, events, claims.

    The time budget of ``limits`` is checked between stages and sentences
    (:class:`~warledger.limits.BudgetExceeded` when it runs out); counts over
    ``limits.max_count`` are dropped with a warning.
    """
    limits = limits or Limits()
    deadline = Deadline(doc.id, limits.max_seconds)
    forget_sentences()
    conflict = extract_conflict(doc)
    warnings = list(doc.warnings)
    if conflict is not None:
        warnings += [f"{doc.id}: infobox {u.field or 'line'} at offset {u.offset}: {u.reason}: {_short(u.text)!r}"
                     for u in conflict.unparsed]
    deadline.check("the infobox")
    claims = note_claims(doc, 0)
    claims += infobox_claims(doc, conflict)
    events, prose_claims = extract_events(doc, deadline)
    for claim in prose_claims:
        if claim.subset_of is not None:
            claim.subset_of += len(claims)
    claims += prose_claims
    ledger = LedgerDocument(document=doc.info(), conflict=conflict, events=events, claims=claims,
                            warnings=warnings)
    ledger.warnings += [f"{doc.id}: {what} was dropped: a count over {limits.max_count:,} is no count of people"
                        for what in drop_oversized(ledger, limits.max_count)]
    return ledger


def _short(text: str, chars: int = 120) -> str:
    return text if len(text) <= chars else text[:chars] + "…"


def drop_oversized(value: object, max_count: int) -> list[str]:
    """Remove every item whose count passes ``max_count`` from the lists inside ``value``; say what went.

    A part pointing at a dropped total loses its link (``subset_of``); links to the items kept are renumbered.
    """
    dropped: list[str] = []
    if not dataclasses.is_dataclass(value):
        return dropped
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        if isinstance(item, Count) and _oversized(item, max_count):
            setattr(value, field.name, None)
            dropped.append(f"the {field.name.replace('_', ' ')} ({_digits(item)})")
        elif isinstance(item, list):
            dropped += _drop_from_list(item, max_count)
        else:
            dropped += drop_oversized(item, max_count)
    return dropped


def _drop_from_list(items: list, max_count: int) -> list[str]:
    gone = [i for i, x in enumerate(items) if isinstance(getattr(x, "count", None), Count)
            and _oversized(x.count, max_count)]
    dropped = [f"{_quote(items[i])} ({_digits(items[i].count)})" for i in gone]
    if gone:
        new_index = {old: new for new, old in enumerate(i for i in range(len(items)) if i not in set(gone))}
        items[:] = [x for i, x in enumerate(items) if i in new_index]
        for x in items:
            if getattr(x, "subset_of", None) is not None:
                x.subset_of = new_index.get(x.subset_of)
    for x in items:
        dropped += drop_oversized(x, max_count)
    return dropped


def _oversized(count: Count, max_count: int) -> bool:
    return any(n is not None and n > max_count for n in (count.low, count.high))


def _digits(count: Count) -> str:
    n = max(x for x in (count.low, count.high) if x is not None)
    return f"{len(str(n)) if n < 10**30 else 'over 30'} digits"


def _quote(item: object) -> str:
    offset = getattr(item, "quote_offset", None)
    if offset is None:
        offset = getattr(item, "offset", None)
    kind = type(item).__name__.replace("Casualty", "casualty ").lower()
    return f"a {kind.strip()}" + (f" at offset {offset}" if offset is not None else "")


def extract_all(docs: Iterable[Document], limits: Limits | None = None) -> Iterator[LedgerDocument | ReadFailure]:
    """Extract each document; a failure (an error or a budget passed) is yielded as :class:`ReadFailure`."""
    for doc in docs:
        yield guard("extract", doc.id, doc.id, lambda doc=doc: extract(doc, limits))
