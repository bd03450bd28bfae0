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

from collections.abc import Iterable, Iterator

from warledger.extract.claims import infobox_claims, note_claims
from warledger.extract.events import extract_events
from warledger.extract.infobox import extract_conflict
from warledger.extract.phrases import forget_sentences
from warledger.model import Document, LedgerDocument, ReadFailure


def extract(doc: Document) -> LedgerDocument:
    """The ledger document for ``doc``: conflict record, events, claims."""
    forget_sentences()
    conflict = extract_conflict(doc)
    warnings = list(doc.warnings)
    if conflict is not None:
        warnings += [f"{doc.id}: infobox {u.field or 'line'} at offset {u.offset}: {u.reason}: {u.text!r}"
                     for u in conflict.unparsed]
    claims = note_claims(doc, 0)
    claims += infobox_claims(doc, conflict)
    events, prose_claims = extract_events(doc)
    for claim in prose_claims:
        if claim.subset_of is not None:
            claim.subset_of += len(claims)
    claims += prose_claims
    return LedgerDocument(document=doc.info(), conflict=conflict, events=events, claims=claims,
                          warnings=warnings)


def extract_all(docs: Iterable[Document]) -> Iterator[LedgerDocument | ReadFailure]:
    """Extract each document; a failure is yielded as :class:`ReadFailure`."""
    for doc in docs:
        try:
            yield extract(doc)
        except Exception as err:  # one bad document must not stop a batch
            yield ReadFailure(doc.id, f"{doc.id}: extraction failed ({type(err).__name__}: {err})", doc.id)
