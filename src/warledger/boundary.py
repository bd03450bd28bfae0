"""The per-document error boundary: every stage that touches one document — read, extract,
audit, store, serialise — runs inside it, so a document that fails is one line naming the
document and the stage, and the batch goes on (spaCy's per-document error handler does the same).

>>> guard("audit", "r1", "r1.txt", lambda: 1 // 0).reason
'r1: audit failed (ZeroDivisionError: integer division or modulo by zero)'
>>> guard("audit", "r1", "r1.txt", lambda: 7)
7
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from warledger.limits import DocumentError
from warledger.model import DocumentFailure

T = TypeVar("T")
MESSAGE_CHARS = 300


def stage_failure(stage: str, doc_id: str, source: str, err: BaseException) -> DocumentFailure:
    """The one-line failure of ``stage`` on document ``doc_id``."""
    if isinstance(err, DocumentError):
        reason = str(err) if str(err).startswith(doc_id) else f"{doc_id}: {stage}: {err}"
    elif isinstance(err, RecursionError):
        reason = f"{doc_id}: {stage} failed: the text is nested too deeply"
    elif isinstance(err, MemoryError):
        reason = f"{doc_id}: {stage} failed: out of memory; lower --max-bytes or split the document"
    else:
        message = " ".join(str(err).split())
        if len(message) > MESSAGE_CHARS:
            message = message[:MESSAGE_CHARS] + "…"
        reason = f"{doc_id}: {stage} failed ({type(err).__name__}: {message})"
    return DocumentFailure(source, reason, doc_id, stage)


def guard(stage: str, doc_id: str, source: str, work: Callable[[], T]) -> T | DocumentFailure:
    """``work()``, or the failure of ``stage`` when it raises."""
    try:
        return work()
    except Exception as err:  # one bad document must not stop a batch
        return stage_failure(stage, doc_id, source, err)
