"""Reader for plain text and Markdown reports (news, monitor statements).

YAML front matter, when present, gives the title and the reference date; the
document text is the body after it (``source_offsets`` maps back). Markdown
``#`` headings become sections.

>>> doc = read_text_report("---\\ntitle: Ambush\\npubDate: 2021-03-04\\n---\\nSOHR said 7 died.\\n", "r1")
>>> doc.title, doc.reference_date, doc.text
('Ambush', '2021-03-04', 'SOHR said 7 died.\\n')
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from warledger.model import Document
from warledger.read.sections import build_sections

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)---[ \t]*\n", re.S)
MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$", re.M)
TITLE_KEYS = ("title", "subject", "headline")
DATE_KEYS = ("reference_date", "pubDate", "published", "publication_date", "date")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def front_matter(text: str) -> tuple[dict[str, Any], int, list[str]]:
    """The YAML front matter as a dict, where the body starts, and warnings."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, 0, []
    try:
        meta = yaml.safe_load(m.group("yaml"))
    except yaml.YAMLError as err:
        line = str(err).splitlines()[0]
        return {}, m.end(), [f"front matter is not valid YAML ({line}); ignored"]
    return (meta if isinstance(meta, dict) else {}), m.end(), []


def _meta_date(meta: dict[str, Any]) -> str | None:
    for key in DATE_KEYS:
        value = meta.get(key)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()[:10]
        if isinstance(value, str) and ISO_DATE.match(value.strip()):
            return value.strip()[:10]
    return None


def _first_line(body: str) -> str | None:
    for line in body.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip() or None
    return None


def read_text_report(text: str, doc_id: str, title: str | None = None,
                     reference_date: str | None = None) -> Document:
    """Read a plain-text or Markdown report into a :class:`Document`."""
    meta, body_start, warnings = front_matter(text)
    body = text[body_start:]
    title = title or next((str(meta[k]) for k in TITLE_KEYS if meta.get(k)), None) or _first_line(body)
    headings = [(m.group("title"), len(m.group("hashes")), m.start()) for m in MD_HEADING.finditer(body)]
    return Document(id=doc_id, title=title, format="text", text=body,
                    reference_date=reference_date or _meta_date(meta),
                    sections=build_sections(body, headings),
                    source_offsets=[(0, body_start)] if body_start else [], warnings=warnings)
