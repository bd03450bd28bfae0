"""Ingest files, directories and globs into a ledger store, idempotently.

Each document is keyed by its id and change key (its text, its reference date
and the extractor's version, :func:`warledger.extractor_version.extractor_version`),
looked up before extracting: an unchanged document is skipped without being
extracted; a changed text, reference date or extractor re-extracts it and
replaces the old rows in one transaction (an old text is kept as history); and
a document that cannot be read, extracted or stored is reported with its stage
and skipped without stopping the run.

Ids: a file named on its own is its stem (``report``); a file found in a
directory keeps its path below it, prefixed with the directory's name
(``d/a/report.txt``), so same-named files in two folders stay two documents; a
JSONL record keeps its own ``id``. Two documents that would share an id are an
error, never an overwrite.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warledger.boundary import guard
from warledger.extract.pipeline import extract
from warledger.ledger.store import ChangeKey, Store
from warledger.limits import Limits
from warledger.model import Document, DocumentFailure
from warledger.read import iter_path

READABLE = {".txt", ".md", ".markdown", ".wiki", ".wikitext", ".mediawiki", ".jsonl", ".text"}


@dataclass(frozen=True)
class Source:
    """A file to read, the id its document takes and the stem an older warledger gave it."""

    path: Path
    doc_id: str

    @property
    def legacy_id(self) -> str | None:
        return self.path.stem if self.path.stem != self.doc_id else None


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    renamed: int = 0
    failed: list[DocumentFailure] = field(default_factory=list)
    events: int = 0
    figures: int = 0
    claims: int = 0

    def line(self) -> str:
        renamed = f", {self.renamed} renamed to their path" if self.renamed else ""
        return (f"documents: {self.new} new, {self.unchanged} unchanged, {self.replaced} replaced{renamed}, "
                f"{len(self.failed)} failed; events {self.events}, figures {self.figures}, claims {self.claims}")


def expand(paths: Iterable[str | Path]) -> tuple[list[Source], list[DocumentFailure]]:
    """The files named by ``paths`` (files, directories searched recursively, globs), each with its id."""
    files: dict[Path, Source] = {}
    missing: list[DocumentFailure] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            prefix = path.resolve().name or "root"
            for found in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE):
                files.setdefault(found, Source(found, f"{prefix}/{found.relative_to(path).as_posix()}"))
        elif path.is_file():
            files.setdefault(path, Source(path, path.stem))
        elif matches := sorted(glob.glob(str(raw), recursive=True)):
            for match in (Path(m) for m in matches if Path(m).is_file()):
                files.setdefault(match, Source(match, match.stem))
        else:
            missing.append(DocumentFailure(str(raw), f"{raw}: no such file, directory or glob match"))
    return list(files.values()), missing


def ingest(store: Store, paths: Iterable[str | Path], fmt: str | None = None, reference_date: str | None = None,
           limits: Limits | None = None, progress: Callable[[Path], None] | None = None) -> IngestSummary:
    """Read, extract and store every document under ``paths``, one at a time."""
    limits = limits or Limits()
    files, missing = expand(paths)
    summary = IngestSummary(failed=missing)
    taken: dict[str, str] = {}  # id → where it came from in this run
    for source in files:
        for doc, origin in _documents(source, fmt, reference_date, limits):
            if isinstance(doc, DocumentFailure):
                summary.failed.append(doc)
            elif doc.id in taken:
                summary.failed.append(DocumentFailure(origin or doc.id, f"{doc.id}: read: id already taken by "
                                                  f"{taken[doc.id]} in this run; not stored", doc.id))
            else:
                taken[doc.id] = origin or str(source.path)
                _store(store, summary, doc, origin, source.legacy_id if origin else None, limits)
        if progress:
            progress(source.path)
    return summary


def _documents(source: Source, fmt: str | None, reference_date: str | None,
               limits: Limits) -> Iterator[tuple[Document | DocumentFailure, str | None]]:
    """The documents of one file, each with its origin: the file, for a document that is the whole file;
    none for a JSONL record, whose id is its own."""
    origin = str(source.path.resolve())
    for doc in iter_path(source.path, fmt, reference_date, limits.max_bytes, doc_id=source.doc_id):
        yield doc, origin if isinstance(doc, Document) and doc.id == source.doc_id else None


def _store(store: Store, summary: IngestSummary, doc: Document, origin: str | None, legacy_id: str | None,
           limits: Limits) -> None:
    """Extract and store one document, unless the store already holds it made from the same key: extraction
    is most of an ingest's time, and a re-run over a corpus should cost little more than reading it."""
    held = guard("store", doc.id, origin or doc.id, lambda: store.holds(doc, ChangeKey.of(doc), origin))
    if held is True:
        summary.unchanged += 1
        return
    ledger = held if isinstance(held, DocumentFailure) else guard("extract", doc.id, origin or doc.id,
                                                               lambda: extract(doc, limits))
    outcome = ledger if isinstance(ledger, DocumentFailure) else \
        guard("store", doc.id, origin or doc.id, lambda: store.put(doc, ledger, origin, legacy_id))
    if isinstance(outcome, DocumentFailure):
        summary.failed.append(outcome)
        return
    setattr(summary, outcome, getattr(summary, outcome) + 1)
    if outcome != "unchanged":
        summary.events += len(ledger.events)
        summary.figures += sum(len(e.casualties) for e in ledger.events)
        summary.claims += len(ledger.claims)
