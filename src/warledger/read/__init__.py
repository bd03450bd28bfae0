"""Readers: files and texts in any supported format → :class:`Document`.

``read_path`` never raises for bad input: what cannot be read comes back as a
:class:`DocumentFailure` with a one-line reason, beside the documents that could.

>>> result = read_string("= War =\\n- Date: 2019\\n", "w")
>>> result.documents[0].format, result.failures
('wiki-plaintext', [])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warledger.inputs import DEFAULT_MAX_BYTES, FORMATS, is_day
from warledger.model import Document, DocumentFailure
from warledger.read.decode import ReadError, clean_text, decode
from warledger.read.jsonl import batch_lines, iter_batch, looks_like_jsonl
from warledger.read.text import read_text_report
from warledger.read.wiki_plaintext import looks_like_wiki_plaintext, read_wiki_plaintext

WIKITEXT_SUFFIXES = {".wiki", ".wikitext", ".mediawiki", ".mw"}
WIKITEXT_SIGNS = re.compile(r"\{\{\s*Infobox|\[\[[^\]]+\]\]|^={2,}[^=].*={2,}\s*$|'''", re.M | re.I)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "DumpPages",
    "ReadError",
    "ReadResult",
    "detect_format",
    "iter_path",
    "iter_string",
    "read_document",
    "read_path",
    "read_string",
]


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    failures: list[DocumentFailure] = field(default_factory=list)


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
    if reference_date is not None and not is_day(reference_date):
        raise ReadError(f"{doc_id}: reference date {reference_date!r} is not YYYY-MM-DD (a day of the calendar)")
    if fmt == "wiki-plaintext":
        return read_wiki_plaintext(text, doc_id, title, reference_date)
    if fmt == "wikitext":
        from warledger.read.wikitext import read_wikitext  # mwparserfromhell only when needed

        return read_wikitext(text, doc_id, title, reference_date)
    if fmt == "text":
        return read_text_report(text, doc_id, title, reference_date)
    raise ReadError(f"{doc_id}: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def read_string(text: str, doc_id: str, fmt: str | None = None, title: str | None = None,
                reference_date: str | None = None, name: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read a decoded text, which may be a JSONL batch, into documents."""
    result = ReadResult()
    for out in iter_string(text, doc_id, fmt, title, reference_date, name, max_bytes):
        (result.failures if isinstance(out, DocumentFailure) else result.documents).append(out)
    return result


def iter_string(text: str, doc_id: str, fmt: str | None = None, title: str | None = None,
                reference_date: str | None = None, name: str = "", max_bytes: int = DEFAULT_MAX_BYTES
                ) -> Iterator[Document | DocumentFailure]:
    """Each document (or failure) of a decoded text, in order."""
    fmt = fmt or detect_format(text, name)
    if fmt == "jsonl":
        yield from _records(iter_batch(batch_lines(text), name or doc_id, max_bytes),
                            reference_date, max_bytes)
    else:
        yield _one(text, doc_id, fmt, title, reference_date, name)


def _one(text: str, doc_id: str, fmt: str, title: str | None, reference_date: str | None,
         name: str) -> Document | DocumentFailure:
    """One document of a known format, with NUL characters and lone surrogates cleaned (and said)."""
    if fmt not in FORMATS:
        return DocumentFailure(name or doc_id, f"{name or doc_id}: unknown format {fmt!r}; choose one of "
                           f"{', '.join(FORMATS)}", doc_id)
    text, warnings = clean_text(text, doc_id)
    try:
        doc = read_document(text, doc_id, fmt, title, reference_date)
    except ReadError as err:
        return DocumentFailure(name or doc_id, str(err), doc_id)
    doc.warnings[:0] = warnings
    return doc


def _records(records: Iterable[dict[str, Any] | DocumentFailure], reference_date: str | None,
             max_bytes: int) -> Iterator[Document | DocumentFailure]:
    for rec in records:
        if isinstance(rec, DocumentFailure):
            yield rec
            continue
        rec_id, said = clean_text(rec["id"], f"the id {rec['id']!r}")
        fmt = rec.get("format") or detect_format(rec["text"], rec_id)
        if fmt == "jsonl":
            yield DocumentFailure(rec_id, f"{rec_id}: a JSONL record cannot hold another batch", rec_id)
            continue
        doc = _one(rec["text"], rec_id, fmt, rec.get("title"), rec.get("date") or reference_date, rec_id)
        if isinstance(doc, Document):
            doc.warnings[:0] = said
        yield doc


def read_path(path: str | Path, fmt: str | None = None, reference_date: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None, doc_id: str | None = None) -> ReadResult:
    """Read a file (``data`` instead of the file when given, e.g. stdin) into documents and failures."""
    result = ReadResult()
    for out in iter_path(path, fmt, reference_date, max_bytes, data, doc_id):
        (result.failures if isinstance(out, DocumentFailure) else result.documents).append(out)
    return result


@dataclass(frozen=True)
class DumpPages:
    """Which pages of a MediaWiki dump to read: the conflict articles (infobox templates of
    data/infobox_conflict_names.yaml, with ``infobox_names`` added), or ``all_pages`` of the main namespace."""

    infobox_names: tuple[str, ...] = ()
    all_pages: bool = False


CONFLICT_PAGES = DumpPages()
"""A dump's conflict articles only: the default."""


def iter_path(path: str | Path, fmt: str | None = None, reference_date: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None, doc_id: str | None = None,
              pages: DumpPages = CONFLICT_PAGES) -> Iterator[Document | DocumentFailure]:
    """Each document of a file, in order: a JSONL batch of any size is read a line at a time,
    each record held to ``max_bytes``; a MediaWiki XML dump (``.xml``, ``.xml.bz2``, or any file that starts
    ``<mediawiki``) a page at a time, each conflict article a document (:mod:`warledger.read.dump`; ``pages``
    says which);
    any other file is one document held to ``max_bytes``.
    ``doc_id`` names the document (the file's stem when left out; a JSONL record and a dump's page keep their own
    id)."""
    path = Path(path)
    name = str(path)
    try:
        if data is None and _is_batch_file(path, fmt):
            yield from _records(iter_batch(_file_lines(path, name), name, max_bytes), reference_date, max_bytes)
            return
        if data is None and _is_dump(path, fmt):
            from warledger.read.dump import iter_dump

            yield from iter_dump(path, infobox_names=pages.infobox_names, all_pages=pages.all_pages,
                                 reference_date=reference_date, max_bytes=max_bytes)
            return
        decoded = decode(_file_bytes(path, name, max_bytes) if data is None else data, name, max_bytes)
    except ReadError as err:
        yield DocumentFailure(name, str(err), doc_id)
        return
    except OSError as err:
        yield DocumentFailure(name, f"{name}: cannot read ({err.strerror or err})", doc_id)
        return
    for out in iter_string(decoded.text, doc_id or path.stem or "stdin", fmt, None, reference_date, name,
                           max_bytes):
        if isinstance(out, Document):
            out.warnings[:0] = decoded.warnings
        yield out


def _file_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    if path.is_dir():
        raise ReadError(f"{name}: is a directory")
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"{name}: file is {size:,} bytes, over the limit of {max_bytes:,}; "
                        "raise it with --max-bytes")
    return path.read_bytes()


def _is_batch_file(path: Path, fmt: str | None) -> bool:
    """A JSONL batch, by its format, its suffix or its first line; read a line at a time."""
    if fmt is not None:
        return fmt == "jsonl"
    if path.suffix.lower() == ".jsonl":
        return True
    if not path.is_file():
        return False
    with path.open("rb") as f:
        head = f.read(4096)
    return head.lstrip().startswith(b"{") and looks_like_jsonl(head.decode("utf-8", "replace").split("\n")[0])


def _is_dump(path: Path, fmt: str | None) -> bool:
    """A MediaWiki XML dump, by its name or its first bytes, unless another format than wikitext is asked for.
    (The dump reader, with mwxml and mwparserfromhell, loads with the first file read, not with this package.)"""
    if fmt not in (None, "wikitext") or not path.is_file():
        return False
    from warledger.read.dump import looks_like_dump

    return looks_like_dump(path)


def _file_lines(path: Path, name: str) -> Iterator[tuple[int, str]]:
    """Numbered lines of a batch file, each decoded on its own (UTF-8, else cp1252)."""
    with path.open("rb") as f:
        for line_no, raw in enumerate(f, start=1):
            try:
                yield line_no, raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError:
                yield line_no, raw.decode("cp1252", errors="replace")
