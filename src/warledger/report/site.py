"""Write the audit of a whole ledger as a static site: ``index.html`` and one page per document in ``doc/``.

>>> import tempfile, os, warledger
>>> from warledger.report import write_site
>>> out = tempfile.mkdtemp()
>>> summary = write_site(warledger.open(os.path.join(out, "l.db")), os.path.join(out, "site"))
>>> summary.documents, sorted(os.listdir(os.path.join(out, "site")))
(0, ['doc', 'index.html'])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from warledger.model import Event
from warledger.report.html import render_document, render_index
from warledger.report.ranking import AuditView, DocEntry, rank

if TYPE_CHECKING:
    from warledger.ledger import Ledger

Progress = Callable[[str, int, int], None]
"""Told after each page: the document's id, how many pages are written and how many there are."""


@dataclass(frozen=True)
class SiteSummary:
    """What :func:`write_site` wrote: ``index`` and one page per document under ``out_dir/doc``."""

    out_dir: Path
    index: Path
    documents: int
    flagged: int  # documents with at least one finding
    findings: int

    def line(self) -> str:
        return (f"wrote {self.index} and {self.documents} document pages: {self.findings} findings "
                f"in {self.flagged} documents")


def write_site(ledger: Ledger, out_dir: str | Path, progress: Progress | None = None) -> SiteSummary:
    """Audit ``ledger`` and write the site into ``out_dir`` (made when missing; its pages are replaced, and
    the page of a document no longer in the ledger is left as it was).

    ``index.html`` ranks every document by the weight of its findings; ``doc/<page>.html`` shows each of a
    document's findings with the sentences it compares. Page names come from
    :func:`~warledger.report.links.page_name`: one per id, never a path.
    """
    out = Path(out_dir)
    (out / "doc").mkdir(parents=True, exist_ok=True)
    pairs = ledger.claims()
    findings = ledger.audit()
    entries = rank(ledger.documents(), pairs, findings)
    view = AuditView(pairs, findings, {e.id: e for e in entries})
    index = out / "index.html"
    _write(index, render_index(entries, view))
    for done, entry in enumerate(entries, 1):
        _write(out / "doc" / entry.page, render_document(entry, view, _events(ledger, entry, view)))
        if progress is not None:
            progress(entry.id, done, len(entries))
    return SiteSummary(out, index, len(entries), sum(1 for e in entries if e.findings), len(findings))


def _events(ledger: Ledger, entry: DocEntry, view: AuditView) -> dict[str, Event]:
    """The document's events by id, read only when one of its findings names incidents."""
    if not any(view.findings[k].events for k in entry.findings):
        return {}
    return {e.id: e for e in ledger.events(doc=entry.id)}


def _write(path: Path, text: str) -> None:
    """UTF-8; a lone surrogate (a byte the reader could not decode) becomes "?" rather than failing the site."""
    path.write_text(text, encoding="utf-8", errors="replace")
