"""Reader for plain-text Wikipedia articles with an infobox block.

The format: a ``= Title =`` line, ``noteN|…`` lines, ``- Field: value``
infobox lines, ``==``/``===``/``====`` headings and paragraphs. Offsets are
kept exactly: the document text is the file text, unchanged.

>>> doc = read_wiki_plaintext("= War =\\n- Date: 2019\\n\\n==Background==\\nText.\\n", "w")
>>> doc.title, doc.infobox[0].name, doc.infobox[0].value, doc.sections[0].title
('War', 'Date', '2019', 'Background')
"""

from __future__ import annotations

import re

from warledger.model import Document, InfoboxField, InfoboxItem
from warledger.read.sections import build_sections

TITLE = re.compile(r"^=\s*(?P<title>[^=].*?)\s*=\s*$")
HEADING = re.compile(r"^(?P<eq>={2,6})\s*(?P<title>.+?)\s*(?P=eq)\s*$")
FIELD = re.compile(r"^-\s*(?P<name>[A-Za-z][\w ]{0,40}?)\s*:\s?(?P<value>.*)$")
NOTE = re.compile(r"^(?P<name>note\d*)\|(?P<value>.*)$")
ITEM_BULLET = re.compile(r"^(?P<stars>\*+)\s*")


def split_items(value: str, offset: int) -> tuple[InfoboxItem, ...]:
    """Split an infobox value on ``", "`` and ``"|"`` outside parentheses.

    ``*`` prefixes give the nesting depth; empty items are kept (as empty
    text) so a later stage can see slot boundaries, e.g. ``| |``.
    """
    items: list[InfoboxItem] = []
    depth = start = 0
    for i, ch in enumerate(value):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch == "|" or (ch == "," and value[i + 1:i + 2] in (" ", ""))):
            items.append(_item(value[start:i], offset + start))
            start = i + 1
    items.append(_item(value[start:], offset + start))
    return tuple(items)


def _item(raw: str, offset: int) -> InfoboxItem:
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    stars = ITEM_BULLET.match(text)
    depth = 0
    if stars:
        depth = len(stars.group("stars"))
        lead += stars.end()
        text = text[stars.end():]
    return InfoboxItem(text=text.strip(), offset=offset + lead, depth=depth)


def read_wiki_plaintext(text: str, doc_id: str, title: str | None = None,
                        reference_date: str | None = None) -> Document:
    """Read the seed's plain-text article format into a :class:`Document`."""
    infobox: list[InfoboxField] = []
    notes: list[InfoboxField] = []
    headings: list[tuple[str, int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if title is None and (m := TITLE.match(body)):
            title = m.group("title")
        elif m := HEADING.match(body):
            headings.append((m.group("title"), len(m.group("eq")), pos))
        elif not headings and (m := FIELD.match(body)):
            infobox.append(_field(m, pos))
        elif not headings and (m := NOTE.match(body)):
            notes.append(_field(m, pos))
        elif not headings and body.startswith("- "):
            # Kept so the infobox stage reports it: nothing is dropped silently.
            infobox.append(InfoboxField(name="", value=body[2:].strip(), offset=pos + 2))
        pos += len(line)
    return Document(id=doc_id, title=title, format="wiki-plaintext", text=text,
                    reference_date=reference_date, sections=build_sections(text, headings),
                    infobox=infobox, notes=notes, infobox_kind="military conflict" if infobox else None)


def _field(m: re.Match[str], line_start: int) -> InfoboxField:
    value = m.group("value").rstrip()
    offset = line_start + m.start("value")
    return InfoboxField(name=m.group("name").strip(), value=value, offset=offset,
                        items=split_items(value, offset))


def looks_like_wiki_plaintext(text: str) -> bool:
    """A ``= Title =`` first line and at least one infobox or heading line."""
    lines = text.lstrip().splitlines()
    if not lines or not TITLE.match(lines[0]):
        return False
    return any(FIELD.match(x) or HEADING.match(x) for x in lines[1:200])
