"""Reader for plain text and Markdown reports (news, monitor statements).

YAML front matter, when present, gives the title and the reference date; the
document text is the body after it (``source_offsets`` maps back). Markdown
``#`` headings become sections. Without a date given, a news dateline's day
("KABUL, Afghanistan (March 12, 2011) –") is the report's.

>>> doc = read_text_report("---\\ntitle: Ambush\\npubDate: 2021-03-04\\n---\\nSOHR said 7 died.\\n", "r1")
>>> doc.title, doc.reference_date, doc.text
('Ambush', '2021-03-04', 'SOHR said 7 died.\\n')
>>> read_text_report("KABUL, Afghanistan (Jan. 18, 2011) – Troops detained two men yesterday.", "r2").reference_date
'2011-01-18'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from warledger.data import load_yaml
from warledger.inputs import is_day
from warledger.model import Document
from warledger.read.sections import build_sections

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)---[ \t]*\n", re.S)
# A heading line; its title is the rest of the line without a closing run of "#" (``_heading_title``). The lazy
# "(.+?)\s*#*\s*$" this replaces re-read the line's spaces from every place in it: cubic, minutes for 4 KB.
MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})[^\S\n]+(?P<rest>\S[^\n]*)", re.M)
TITLE_KEYS = ("title", "subject", "headline")
DATE_KEYS = ("reference_date", "pubDate", "published", "publication_date", "date")
# A news dateline in the report's opening: a place in capitals, then its day ("KABUL, Afghanistan (March 12,
# 2011) –", "BEIRUT, March 12, 2011 (AFP) —", "HERAT, Afghanistan (May 3) –", its year left to the reader). The
# extractor leaves the same day out of the report's dates.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+,(?:\s*[A-Z][\w .'’-]*?,?)?\s*\(?\s*(?P<month>[A-Z][a-z]{2,8})\.?\s+"
                      r"(?P<day>\d{1,2})(?:,\s+(?P<year>\d{4})\b|(?=\)\s*[-–—]))", re.M)


def front_matter(text: str) -> tuple[dict[str, Any], int, list[str]]:
    """The YAML front matter as a dict, where the body starts, and warnings."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, 0, []
    try:
        meta = yaml.safe_load(m.group("yaml"))
    except Exception as err:  # YAMLError, or what its constructors raise on odd values (30 February, deep nesting)
        line = (str(err).splitlines() or [type(err).__name__])[0]
        return {}, m.end(), [f"front matter is not valid YAML ({line}); ignored"]
    return (meta if isinstance(meta, dict) else {}), m.end(), []


def _meta_date(meta: dict[str, Any]) -> str | None:
    for key in DATE_KEYS:
        value = meta.get(key)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()[:10]
        if isinstance(value, str) and is_day(value.strip()[:10]):
            return value.strip()[:10]
    return None


def dateline_day(body: str) -> str | None:
    """The day of a news dateline in the first lines of a report, as YYYY-MM-DD."""
    m = DATELINE.search(body, 0, 1500)
    month = load_yaml("dates.yaml")["months"].get(m.group("month").lower()) if m else None
    if m is None or month is None or m.group("year") is None:
        return None
    day = f"{m.group('year')}-{int(month):02d}-{int(m.group('day')):02d}"
    return day if is_day(day) else None


def _first_line(body: str) -> str | None:
    for line in body.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip() or None
    return None


def _heading_title(rest: str) -> str:
    """A heading's text without the closing ``#`` run and the spaces around it (at least its first character).

    >>> _heading_title("Course ##  "), _heading_title("Course"), _heading_title("##")
    ('Course', 'Course', '#')
    """
    return rest[:max(1, len(rest.rstrip().rstrip("#").rstrip()))]


def read_text_report(text: str, doc_id: str, title: str | None = None,
                     reference_date: str | None = None) -> Document:
    """Read a plain-text or Markdown report into a :class:`Document`."""
    meta, body_start, warnings = front_matter(text)
    body = text[body_start:]
    title = title or next((str(meta[k]) for k in TITLE_KEYS if meta.get(k)), None) or _first_line(body)
    headings = [(_heading_title(m.group("rest")), len(m.group("hashes")), m.start()) for m in MD_HEADING.finditer(body)]
    return Document(id=doc_id, title=title, format="text", text=body,
                    reference_date=reference_date or _meta_date(meta) or dateline_day(body),
                    sections=build_sections(body, headings),
                    source_offsets=[(0, body_start)] if body_start else [], warnings=warnings)
