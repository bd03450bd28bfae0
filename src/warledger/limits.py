"""The budget each document gets: its size, its time and the parts that can blow up.

A budget is checked cooperatively — between sentences and between stages — so it
works the same in one process, in worker processes and on Dask workers: no
signals, no process per document. A document over its budget fails with one
line that says which limit it passed and how to raise it; the batch goes on.

>>> Limits().max_bytes
5242880
>>> deadline = Deadline("doc", seconds=0.0)
>>> deadline.check("extract")
Traceback (most recent call last):
...
warledger.limits.BudgetExceeded: doc: over the time budget of 0 s while in extract; raise it with --max-seconds
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from warledger.inputs import DEFAULT_MAX_BYTES

T = TypeVar("T")
MAX_NUMBER_DIGITS = 30
"""A run of more digits than this is no number (a count has at most nine; a serial number may have more)."""


class DocumentError(Exception):
    """A document that cannot go through a stage; the message is one line for the user that names it."""


class BudgetExceeded(DocumentError):
    """A document passed one of its limits."""


@dataclass(frozen=True)
class Limits:
    """What one document may cost. The defaults suit a news report up to a long article."""

    max_bytes: int = DEFAULT_MAX_BYTES
    """A document's size in UTF-8 bytes (a JSONL or dump file may be any size; each record is limited)."""
    max_seconds: float = 10.0
    """Wall time for reading, extracting and auditing one document."""
    max_count: int = 100_000_000
    """A casualty count above this is no count of people: the figure is dropped with a warning."""


class Deadline:
    """The time left to one document; ``check`` raises :class:`BudgetExceeded` once it has run out."""

    def __init__(self, doc_id: str, seconds: float | None = None):
        self.doc_id = doc_id
        self.seconds = Limits.max_seconds if seconds is None else seconds
        self.ends = time.monotonic() + self.seconds

    def check(self, stage: str) -> None:
        if time.monotonic() >= self.ends:
            raise BudgetExceeded(f"{self.doc_id}: over the time budget of {self.seconds:g} s while in {stage}; "
                                 "raise it with --max-seconds")

    def each(self, items: Iterable[T], stage: str) -> Iterator[T]:
        """``items``, the budget checked before each one (a sentence, a record)."""
        ends, now = self.ends, time.monotonic
        for item in items:
            if now() >= ends:
                self.check(stage)
            yield item


NO_DEADLINE = Deadline("", float("inf"))
"""For callers that set no budget (library use on trusted text)."""
