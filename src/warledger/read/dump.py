"""Reader for MediaWiki XML dumps (``.xml``, ``.xml.bz2``, multistream bz2): one document per conflict article.

A Wikipedia dump holds millions of pages, of which warledger wants the few thousand about wars and battles.
mwxml parses the export schema (any version) one page at a time; this module picks the pages and hands each
to the wikitext reader, so memory stays flat whatever the size of the dump.

- Which pages: articles (namespace 0) that are not redirects and hold wikitext; of those, by default, only the
  ones that call ``{{Infobox military conflict}}`` or one of its redirects (``data/infobox_conflict_names.yaml``);
  ``infobox_names`` adds templates, ``all_pages`` takes every article. A page's last revision is read (a history
  dump holds many). ``start_after`` (a title or an id) skips the pages up to that one, to resume a long run.
- Ids: ``<dbname>/<Title_with_underscores>`` (``enwiki/Battle_of_Hodeidah``; ``wiki/…`` when the dump names no
  site). A file's reader names its one document after the file; a dump names each page after what names it on
  the wiki: the title, as in its URL, under the dump's own site. Unique within a dump, the same in next month's
  dump, so the ledger can tell an unchanged page, and never equal to a file's stem, which has no ``/``.
- Reference date: the day (UTC) of the revision read. Relative dates in an article ("last week", "as of now")
  were written at the latest when that revision was saved, so it is the article's publication date, as a
  JSONL record's own ``date`` is; the caller's ``reference_date`` serves a revision without a timestamp.
- Provenance: each document carries its revision's URL (``…/w/index.php?oldid=…``), id, timestamp and licence
  (CC BY-SA 4.0) as ``Document.provenance``, which the ledger stores and the exports and the audit site cite;
  :func:`iter_pages` also gives the page id.
- A dump that breaks off (truncated XML or bz2) or is not a dump gives one :class:`DocumentFailure` with a
  one-line reason, after the documents of the pages before the break: bad input never raises.

>>> page_id("enwiki", "Battle of Hodeidah")
'enwiki/Battle_of_Hodeidah'
"""

from __future__ import annotations

import bz2
import io
import re
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

import mwxml
from mwxml.element_iterator import ElementIterator, EventPointer
from mwxml.errors import MalformedXML

from warledger.data import load_yaml
from warledger.inputs import DEFAULT_MAX_BYTES, is_day
from warledger.model import Document, DocumentFailure, Provenance
from warledger.read.decode import ReadError
from warledger.read.wikitext import read_wikitext

NAMES_FILE = "infobox_conflict_names.yaml"
DUMP_SUFFIXES = (".xml", ".xml.bz2")
BZ2_MAGIC = b"BZh"
DUMP_HEAD = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?<mediawiki[\s>]")
LICENCE = "CC BY-SA 4.0"

PageInfo = dict[str, str]  # page, revision, timestamp, url, licence
Item = tuple[Document | DocumentFailure, PageInfo]

__all__ = ["infobox_pattern", "iter_dump", "iter_pages", "looks_like_dump", "page_id"]


def looks_like_dump(path: Path) -> bool:
    """Whether ``path`` is a MediaWiki XML dump: by its name, or whatever its name (the parts of a split dump are
    ``…xml-p1p41242.bz2``) by ``<mediawiki`` at the start of its text, decompressed when it is bz2."""
    if path.name.lower().endswith(DUMP_SUFFIXES):
        return True
    try:
        with _open(path) as f:
            return DUMP_HEAD.match(f.read(1024)) is not None
    except (OSError, EOFError):
        return False


def page_id(wiki: str, title: str) -> str:
    """The id of a page's document: its site and its title as written in its URL."""
    return f"{wiki}/{title.replace(' ', '_')}"


def infobox_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """A call of any template of ``names``, spelled as MediaWiki resolves it: the first letter in either case,
    spaces and underscores alike, ``Template:`` or not. Raises ``ValueError`` on an empty name.

    >>> calls = infobox_pattern(["Infobox military conflict"])
    >>> [bool(calls.search(t)) for t in ("{{ infobox_military  conflict\\n|", "{{Infobox Military conflict|",
    ...                                   "{{Template:Infobox military conflict}}", "{{Infobox military conflicts|")]
    [True, False, True, False]
    """
    spelled = []
    for name in names:
        words = name.replace("_", " ").split()
        if not words:
            raise ValueError(f"infobox name {name!r} is empty")
        first = f"(?i:{re.escape(words[0][0])}){re.escape(words[0][1:])}"
        spelled.append("[ _]+".join([first, *map(re.escape, words[1:])]))
    return re.compile(r"\{\{\s*(?:(?i:template)\s*:\s*)?(?:" + "|".join(spelled) + r")\s*(?:\||\}\}|<!--)")


def iter_dump(path: str | Path, *, infobox_names: Iterable[str] = (), all_pages: bool = False,
              start_after: str | None = None, reference_date: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | DocumentFailure]:
    """Each wanted page of the dump at ``path`` as a document, in dump order (see the module doc)."""
    for out, _ in iter_pages(path, infobox_names=infobox_names, all_pages=all_pages, start_after=start_after,
                             reference_date=reference_date, max_bytes=max_bytes):
        yield out


def iter_pages(path: str | Path, *, infobox_names: Iterable[str] = (), all_pages: bool = False,
               start_after: str | None = None, reference_date: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Each wanted page's document (or failure) with its provenance: ``page``, ``revision``, ``timestamp``,
    ``url`` and ``licence`` (empty for a failure of the dump as a whole). Each page is held to ``max_bytes``.
    Raises :class:`ReadError` on a reference date that is not a day, ``ValueError`` on an empty infobox name."""
    if reference_date is not None and not is_day(reference_date):
        raise ReadError(f"{path}: reference date {reference_date!r} is not YYYY-MM-DD (a day of the calendar)")
    calls = None if all_pages else infobox_pattern([*load_yaml(NAMES_FILE)["names"], *infobox_names])
    path = Path(path)
    try:
        with _open(path) as f:
            yield from _pages(f, str(path), calls, start_after, reference_date, max_bytes)
    except OSError as err:  # no such file, a directory (once open, a read error is a broken dump)
        yield DocumentFailure(str(path), f"{path}: cannot read ({err.strerror or err})"), {}


def _open(path: Path) -> io.BufferedIOBase:
    """The dump's bytes, decompressed when they are bz2 (known by their magic, whatever the name). A multistream
    dump is bz2 streams one after another, which ``bz2`` reads as one."""
    with path.open("rb") as f:
        magic = f.read(len(BZ2_MAGIC))
    return bz2.open(path, "rb") if magic == BZ2_MAGIC else path.open("rb")


def _pages(f: io.BufferedIOBase, name: str, calls: re.Pattern[str] | None, start_after: str | None,
           reference_date: str | None, max_bytes: int) -> Iterator[Item]:
    try:
        root, dump = _open_dump(f)
    except Exception as err:  # a file that is no dump: as many kinds of error as a broken one (see _articles)
        yield DocumentFailure(name, f"{name}: not a MediaWiki XML dump ({_why(err)})"), {}
        return
    wiki, server = dump.site_info.dbname or "wiki", _server(dump.site_info.base)
    for found in _articles(root, dump, name, wiki, calls, start_after):
        if isinstance(found, DocumentFailure):
            yield found, {}
            continue
        page, revision = found
        said = _provenance(page, revision, server)
        day = revision.timestamp.strftime("%Y-%m-%d") if revision.timestamp is not None else reference_date
        doc = _read(name, page_id(wiki, page.title), page.title, revision.text, day, max_bytes)
        if isinstance(doc, Document):  # the revision travels with the text, to the ledger and the exports
            doc.provenance = Provenance(said.get("url"), said.get("revision"), said.get("timestamp"),
                                                said.get("licence"))
        yield doc, said


def _open_dump(f: io.BufferedIOBase) -> tuple[Element, mwxml.Dump]:
    """The root element (to empty as pages go by) and mwxml's dump over it.

    The parser asks for 16 KB at a time. ``read`` gathers them over several reads and drops what it gathered
    when the bz2 data breaks off; ``read1`` returns each piece as it comes, so every page before a break is read.
    """
    pointer = EventPointer.from_file(SimpleNamespace(read=f.read1))
    _, root = next(pointer)
    element = ElementIterator(root, pointer)
    if element.tag != "mediawiki":
        raise MalformedXML(f"its root element is <{element.tag}>, not <mediawiki>")
    return root, mwxml.Dump.from_element(element)


def _articles(root: Element, dump: mwxml.Dump, name: str, wiki: str, calls: re.Pattern[str] | None,
              start_after: str | None) -> Iterator[tuple[mwxml.Page, mwxml.Revision] | DocumentFailure]:
    """Each wanted page with its last revision, in dump order; a failure last if the dump breaks off.

    Only parsing the dump is guarded here, reading a page is not: a dump cut short or malformed makes mwxml
    and the XML and bz2 layers under it raise many kinds of error (``ParseError``, ``EOFError``, ``OSError``,
    ``ValueError`` on a bad number, ``AttributeError`` on a page without a title, ``AssertionError``…)."""
    waiting, last = start_after is not None, None
    as_title = (start_after or "").replace("_", " ")  # a title never holds "_": it is a space in its URL
    try:
        for page in dump.pages:
            if waiting:
                waiting = page.title != as_title and page_id(wiki, page.title) != start_after
            elif (revision := _wanted(page, calls)) is not None:
                yield page, revision
            last = page.title
            root.clear()  # iterparse keeps every page, emptied, under the root: let them go
    except Exception as err:  # a broken dump (see above)
        why = _why(err)
        yield DocumentFailure(name, f"{name}: the dump breaks off after the page {last!r} ({why}); the pages "
                                    "before it were read" if last else
                                    f"{name}: the dump breaks off before its first page ({why})")
        return
    if waiting:
        yield DocumentFailure(name, f"{name}: no page {start_after!r} to start after; no page was read")


def _wanted(page: mwxml.Page, calls: re.Pattern[str] | None) -> mwxml.Revision | None:
    """The page's last revision (a history dump holds many) when the page is an article wanted."""
    if page.namespace != 0 or page.redirect is not None:
        return None  # its revisions are left unread: mwxml skips them
    last = deque(page, maxlen=1)  # one revision's text held at a time
    revision = last[0] if last else None
    if revision is None or not revision.text or revision.model not in (None, "wikitext"):
        return None
    return revision if calls is None or calls.search(revision.text) else None


def _read(name: str, doc_id: str, title: str, text: str, day: str | None, max_bytes: int
          ) -> Document | DocumentFailure:
    """The page read by the wikitext reader, held to ``max_bytes`` as a file is."""
    size = len(text.encode("utf-8")) if len(text) > max_bytes // 4 else 0
    if size > max_bytes:
        return DocumentFailure(name, f"{name}: page {title!r} is {size:,} bytes, over the limit of "
                                     f"{max_bytes:,}; raise it with --max-bytes", doc_id)
    return read_wikitext(text, doc_id, title, day)


def _why(err: BaseException) -> str:
    """One line: what broke, in the words of the layer that found it."""
    said = " ".join(str(err).split())
    if isinstance(err, EOFError):
        return "the bz2 data ends before the end of its stream"
    if isinstance(err, ParseError):
        return f"XML error: {said}"
    if isinstance(err, OSError):
        return f"read error: {said}"
    return said if isinstance(err, MalformedXML) else f"{type(err).__name__}: {said}"


def _server(base: str | None) -> str | None:
    """``https://en.wikipedia.org`` from the main page's URL, which the dump's ``<base>`` gives."""
    parts = urlsplit(base or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _provenance(page: mwxml.Page, revision: mwxml.Revision, server: str | None) -> PageInfo:
    """Where the text came from. ``/w/index.php`` is the script path of every Wikimedia wiki."""
    said = {"page": str(page.id), "revision": str(revision.id), "licence": LICENCE}
    if revision.timestamp is not None:
        said["timestamp"] = revision.timestamp.long_format()
    if server is not None:
        said["url"] = f"{server}/w/index.php?oldid={revision.id}"
    return said
