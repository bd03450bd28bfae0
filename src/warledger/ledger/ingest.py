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

Extraction may run in worker processes or on a Dask cluster
(:mod:`warledger.ledger.parallel`); reading, the key look-up and storing stay in
this process, the one writer, which stores documents in the order it read them,
so the ledger and the summary do not depend on where extraction ran.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Literal, TypeGuard

from warledger.boundary import guard, stage_failure
from warledger.extract.pipeline import extract
from warledger.ledger.parallel import WorkerLost, in_order, open_engine
from warledger.ledger.store import ChangeKey, Store
from warledger.limits import Limits
from warledger.model import Document, DocumentFailure, LedgerDocument
from warledger.read import CONFLICT_PAGES, DumpPages, iter_path

BATCH_CHARS = 500_000
"""Text a batch sends out at most, whatever its count: a few long articles make a batch."""
WRITE_BATCH = 64
"""Documents extracted, then stored in one transaction: a commit costs as much as storing a small document."""
READABLE = {".txt", ".md", ".markdown", ".wiki", ".wikitext", ".mediawiki", ".jsonl", ".text", ".xml", ".bz2"}


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
           limits: Limits | None = None, progress: Callable[[Path], None] | None = None, workers: int = 1,
           engine: str = "processes", scheduler: str | None = None, pages: DumpPages = CONFLICT_PAGES
           ) -> IngestSummary:
    """Read, extract and store every document under ``paths``; ``progress(path)`` after each document.

    ``workers=1`` extracts here, one document at a time; more extract in that many processes
    (``engine="processes"``) or on Dask (``engine="dask"``: the cluster at ``scheduler``, or a local one of
    ``workers`` processes). Either way this process reads, checks each change key before sending a document
    out, and stores the ledgers in the order the documents were read: the ledger and the summary are the same.
    ``pages`` says which pages of a MediaWiki dump to read; a dump ingest that was interrupted continues where it
    stopped when run again, as the pages stored already are found unchanged before they are extracted.
    """
    limits = limits or Limits()
    files, missing = expand(paths)
    summary = IngestSummary(failed=missing)
    runner = open_engine(partial(extract_batch, limits=limits), workers, engine, scheduler)
    try:
        batches = _batches(_plan(store, files, fmt, reference_date, limits, pages), runner.batch_size)
        for group in _groups(_results(in_order(batches, runner, _lost)), WRITE_BATCH):
            with store.batch():  # one commit for the group, not one a document; no extraction inside it
                for step, ledger in group:
                    _record(store, summary, step, ledger, limits)
            for step, _ in group if progress else ():
                progress(step.path)  # type: ignore[misc]
    finally:
        runner.close()
    return summary


def _groups(items: Iterator[tuple[Step, LedgerDocument | DocumentFailure | None]], size: int
            ) -> Iterator[list[tuple[Step, LedgerDocument | DocumentFailure | None]]]:
    """``items`` in lists of up to ``size``, each as soon as it is full (or the items end)."""
    group: list[tuple[Step, LedgerDocument | DocumentFailure | None]] = []
    for item in items:
        group.append(item)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def _results(done: Iterable[tuple[list[Step], list[LedgerDocument | DocumentFailure]]]
             ) -> Iterator[tuple[Step, LedgerDocument | DocumentFailure | None]]:
    """Each step of each batch done, with its ledger (``None`` for one that was not sent to be extracted)."""
    for batch, ledgers in done:
        extracted = iter(ledgers)
        for step in batch:
            yield step, next(extracted) if _sent(step) else None


def extract_batch(jobs: list[tuple[Document, str]], limits: Limits) -> list[LedgerDocument | DocumentFailure]:
    """Extract each ``(document, source)``, a failure in place of a ledger (run here or in a worker process)."""
    return [guard("extract", doc.id, source, lambda doc=doc: extract(doc, limits)) for doc, source in jobs]


@dataclass(frozen=True)
class Decided:
    """A document settled before extraction: unchanged, or failed (to read, by a repeated id, to be looked up)."""

    path: Path
    outcome: Literal["unchanged"] | DocumentFailure


@dataclass(frozen=True)
class Pending:
    """A document to extract and store; ``recheck``: look its key up only when it is its turn to be stored."""

    path: Path
    doc: Document
    origin: str | None
    legacy_id: str | None
    recheck: bool = False

    @property
    def source(self) -> str:
        """Where a failure says the document came from."""
        return self.origin or self.doc.id


Step = Decided | Pending


def _plan(store: Store, files: list[Source], fmt: str | None, reference_date: str | None,
          limits: Limits, pages: DumpPages = CONFLICT_PAGES) -> Iterator[Step]:
    """Each document of ``files``, in order, with what can be decided before extracting it."""
    taken: dict[str, str] = {}  # id → where it came from in this run
    legacy: set[str] = set()  # ids that a document of this run may take over from an older warledger's row
    for source in files:
        for doc, origin in _documents(source, fmt, reference_date, limits, pages):
            yield _step(store, source, doc, origin, taken, legacy)


def _step(store: Store, source: Source, doc: Document | DocumentFailure, origin: str | None,
          taken: dict[str, str], legacy: set[str]) -> Step:
    """A document read, its change key looked up now, before it is extracted: an unchanged one is not sent.

    Documents read ahead are looked up before the ones before them are stored. That changes no answer, as
    no two share an id, except where an earlier document takes its id over from a row an older warledger
    stored under the file's stem (``legacy_id``): such a document is looked up when its turn comes.
    """
    if isinstance(doc, DocumentFailure):
        return Decided(source.path, doc)
    if doc.id in taken:
        return Decided(source.path, DocumentFailure(origin or doc.id, f"{doc.id}: read: id already taken by "
                                                    f"{taken[doc.id]} in this run; not stored", doc.id))
    taken[doc.id] = origin or str(source.path)
    step = Pending(source.path, doc, origin, source.legacy_id if origin else None, recheck=doc.id in legacy)
    if step.legacy_id:
        legacy.add(step.legacy_id)
    return step if step.recheck else _look_up(store, step)


def _look_up(store: Store, step: Pending) -> Step:
    """``step`` settled when the store holds its document made from the same key (or cannot say)."""
    doc = step.doc
    held = guard("store", doc.id, step.source, lambda: store.holds(doc, ChangeKey.of(doc), step.origin))
    if held is True:
        return Decided(step.path, "unchanged")
    return Decided(step.path, held) if isinstance(held, DocumentFailure) else replace(step, recheck=False)


def _sent(step: Step) -> TypeGuard[Pending]:
    return isinstance(step, Pending) and not step.recheck


def _batches(steps: Iterable[Step], size: int) -> Iterator[tuple[list[Step], list[tuple[Document, str]]]]:
    """Consecutive steps, ``size`` at a time or fewer when their texts reach BATCH_CHARS, each with the
    documents it sends to extract."""
    batch: list[Step] = []
    jobs: list[tuple[Document, str]] = []
    chars = 0
    for step in steps:
        batch.append(step)
        if _sent(step):
            jobs.append((step.doc, step.source))
            chars += len(step.doc.text)
        if len(batch) >= size or chars >= BATCH_CHARS:
            yield batch, jobs
            batch, jobs, chars = [], [], 0
    if batch:
        yield batch, jobs


def _lost(job: tuple[Document, str], err: WorkerLost) -> DocumentFailure:
    doc, source = job
    return stage_failure("extract", doc.id, source, err)


def _documents(source: Source, fmt: str | None, reference_date: str | None, limits: Limits,
               pages: DumpPages = CONFLICT_PAGES) -> Iterator[tuple[Document | DocumentFailure, str | None]]:
    """The documents of one file, each with its origin: the file, for a document that is the whole file;
    none for a JSONL record, whose id is its own."""
    origin = str(source.path.resolve())
    for doc in iter_path(source.path, fmt, reference_date, limits.max_bytes, doc_id=source.doc_id, pages=pages):
        yield doc, origin if isinstance(doc, Document) and doc.id == source.doc_id else None


def _record(store: Store, summary: IngestSummary, step: Step, extracted: LedgerDocument | DocumentFailure | None,
            limits: Limits) -> None:
    """Count a document settled before extraction, or store its ledger (extracted here if it was not sent)."""
    if isinstance(step, Pending) and step.recheck:
        step = _look_up(store, step)
    if isinstance(step, Decided):
        if isinstance(step.outcome, DocumentFailure):
            summary.failed.append(step.outcome)
        else:
            summary.unchanged += 1
    else:
        _store(store, summary, step, extracted or extract_batch([(step.doc, step.source)], limits)[0])


def _store(store: Store, summary: IngestSummary, step: Pending, ledger: LedgerDocument | DocumentFailure) -> None:
    """Store one document's ledger (the store decides again, under its lock, whether it is new)."""
    if isinstance(ledger, DocumentFailure):
        summary.failed.append(ledger)
        return
    doc = step.doc
    outcome = guard("store", doc.id, step.source, lambda: store.put(doc, ledger, step.origin, step.legacy_id))
    if isinstance(outcome, DocumentFailure):
        summary.failed.append(outcome)
        return
    setattr(summary, outcome, getattr(summary, outcome) + 1)
    if outcome != "unchanged":
        summary.events += len(ledger.events)
        summary.figures += sum(len(e.casualties) for e in ledger.events)
        summary.claims += len(ledger.claims)
