"""Readers: files and texts in any supported format → :class:`Document`.

``read_path`` never raises for bad input: what cannot be read comes back as a
:class:`ReadFailure` with a one-line reason, beside the documents that could.

>>> result = read_string("= War =\\n- Date: 2019\\n", "w")
>>> result.documents[0].format, result.failures
('wiki-plaintext', [])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from warledger.inputs import DEFAULT_MAX_BYTES, FORMATS
from warledger.model import Document, ReadFailure
from warledger.read.decode import ReadError, decode
from warledger.read.jsonl import looks_like_jsonl, parse_batch
from warledger.read.text import read_text_report
from warledger.read.wiki_plaintext import looks_like_wiki_plaintext, read_wiki_plaintext

WIKITEXT_SUFFIXES = {".wiki", ".wikitext", ".mediawiki", ".mw"}
WIKITEXT_SIGNS = re.compile(r"\{\{\s*Infobox|\[\[[^\]]+\]\]|^={2,}[^=].*={2,}\s*$|'''", re.M | re.I)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "ReadError",
    "ReadResult",
    "detect_format",
    "read_document",
    "read_path",
    "read_string",
]


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)


def detect_format(text: str, name: str = "") -> str:
    """Guess the format from the file name and the text itself."""
    suffix = Path(name).suffix.lower()
    if suffix == ".jsonl":
        return "jsonl"
    if suffix in WIKITEXT_SUFFIXES:
        return "wikitext"
    if looks_like_wiki_plaintext(text):
        return "wiki-plaintext"
    if looks_like_jsonl(text):
        return "jsonl"
    if len(WIKITEXT_SIGNS.findall(text[:20000])) >= 3:
        return "wikitext"
    return "text"


def read_document(text: str, doc_id: str, fmt: str, title: str | None = None,
                  reference_date: str | None = None) -> Document:
    """Read one document of a known format (not ``jsonl``)."""
    if reference_date is not None and not ISO_DATE.match(reference_date):
        raise ReadError(f"{doc_id}: reference date {reference_date!r} is not YYYY-MM-DD")
    if fmt == "wiki-plaintext":
        return read_wiki_plaintext(text, doc_id, title, reference_date)
    if fmt == "wikitext":
        from warledger.read.wikitext import read_wikitext  # mwparserfromhell only when needed

        return read_wikitext(text, doc_id, title, reference_date)
    if fmt == "text":
        return read_text_report(text, doc_id, title, reference_date)
    raise ReadError(f"{doc_id}: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def read_string(text: str, doc_id: str, fmt: str | None = None, title: str | None = None,
                reference_date: str | None = None, name: str = "") -> ReadResult:
    """Read a decoded text, which may be a JSONL batch, into documents."""
    fmt = fmt or detect_format(text, name)
    if fmt not in FORMATS:
        return ReadResult(failures=[ReadFailure(name or doc_id, f"unknown format {fmt!r}; choose one of "
                                                f"{', '.join(FORMATS)}")])
    if fmt != "jsonl":
        try:
            return ReadResult([read_document(text, doc_id, fmt, title, reference_date)])
        except ReadError as err:
            return ReadResult(failures=[ReadFailure(name or doc_id, str(err), doc_id)])
    records, failures = parse_batch(text, name or doc_id)
    result = ReadResult(failures=failures)
    for rec in records:
        sub = read_string(rec["text"], rec["id"], rec.get("format"), rec.get("title"),
                          str(rec["date"]) if rec.get("date") else reference_date, name=rec["id"])
        result.documents += sub.documents
        result.failures += sub.failures
    return result


def read_path(path: str | Path, fmt: str | None = None, reference_date: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> ReadResult:
    """Read a file (``data`` instead of the file when given, e.g. stdin)."""
    path = Path(path)
    name = str(path)
    try:
        if data is None:
            if path.is_dir():
                raise ReadError(f"{name}: is a directory")
            size = path.stat().st_size
            if size > max_bytes:
                raise ReadError(f"{name}: file is {size:,} bytes, over the limit of {max_bytes:,}; "
                                "raise it with --max-bytes")
            data = path.read_bytes()
        decoded = decode(data, name, max_bytes)
    except ReadError as err:
        return ReadResult(failures=[ReadFailure(name, str(err))])
    except OSError as err:
        return ReadResult(failures=[ReadFailure(name, f"{name}: cannot read ({err.strerror or err})")])
    result = read_string(decoded.text, path.stem or "stdin", fmt, None, reference_date, name=name)
    for doc in result.documents:
        doc.warnings[:0] = decoded.warnings
    return result
