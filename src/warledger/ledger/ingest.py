"""Ingest files, directories and globs into a ledger store, idempotently.

Each document is keyed by its id and content hash: unchanged text is skipped,
a changed version replaces the old rows in one transaction (the old text is
kept as history), and a document that cannot be read or extracted is reported
and skipped without stopping the run.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warledger.extract.pipeline import extract_all
from warledger.ledger.store import Store
from warledger.model import LedgerDocument, ReadFailure
from warledger.read import DEFAULT_MAX_BYTES, read_path

READABLE = {".txt", ".md", ".markdown", ".wiki", ".wikitext", ".mediawiki", ".jsonl", ".text"}


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: list[ReadFailure] = field(default_factory=list)
    events: int = 0
    figures: int = 0
    claims: int = 0

    def line(self) -> str:
        return (f"documents: {self.new} new, {self.unchanged} unchanged, {self.replaced} replaced, "
                f"{len(self.failed)} failed; events {self.events}, figures {self.figures}, claims {self.claims}")


def expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[ReadFailure]]:
    """Files named by ``paths``: files, directories (recursively) and globs."""
    files: list[Path] = []
    missing: list[ReadFailure] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE)
        elif path.is_file():
            files.append(path)
        elif matches := sorted(glob.glob(str(raw), recursive=True)):
            files += [Path(m) for m in matches if Path(m).is_file()]
        else:
            missing.append(ReadFailure(str(raw), f"{raw}: no such file, directory or glob match"))
    return list(dict.fromkeys(files)), missing


def ingest(store: Store, paths: Iterable[str | Path], fmt: str | None = None, reference_date: str | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES, progress: Callable[[Path], None] | None = None) -> IngestSummary:
    """Read, extract and store every document under ``paths``."""
    files, missing = expand(paths)
    summary = IngestSummary(failed=missing)
    for path in files:
        result = read_path(path, fmt, reference_date, max_bytes)
        summary.failed += result.failures
        docs = {d.id: d for d in result.documents}
        for out in extract_all(result.documents):
            _record(store, summary, docs, out)
        if progress:
            progress(path)
    return summary


def _record(store: Store, summary: IngestSummary, docs: dict, out: LedgerDocument | ReadFailure) -> None:
    if isinstance(out, ReadFailure):
        summary.failed.append(out)
        return
    outcome = store.put(docs[out.document.id], out)
    setattr(summary, outcome, getattr(summary, outcome) + 1)
    if outcome != "unchanged":
        summary.events += len(out.events)
        summary.figures += sum(len(e.casualties) for e in out.events)
        summary.claims += len(out.claims)
