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

FIELD = re.compile(r"^-\s*(?P<name>[A-Za-z][\w ]{0,40}?)\s*:\s?(?P<value>.*)$")
NOTE = re.compile(r"^(?P<name>note\d*)\|(?P<value>.*)$")
ITEM_BULLET = re.compile(r"^(?P<stars>\*+)\s*")


def title_line(line: str) -> str | None:
    """The title of a ``= Title =`` line, else ``None``.

    What ``^=\\s*(?P<title>[^=].*?)\\s*=\\s*$`` matches, found by slicing: that regex's three overlapping
    runs (``\\s*``, ``.*?``, ``\\s*``) took cubic time on a line of spaces.

    >>> title_line("= Syrian Desert campaign =  "), title_line("== Course =="), title_line("= x")
    ('Syrian Desert campaign', None, None)
    """
    return _inside(line, 1, plain_first=True) if line.startswith("=") else None


def heading_line(line: str) -> tuple[str, int] | None:
    """``(title, level)`` of a ``== Heading ==`` line (levels 2–6), else ``None``.

    What ``^(?P<eq>={2,6})\\s*(?P<title>.+?)\\s*(?P=eq)\\s*$`` matches (the level is the longest run of
    ``=`` that both ends repeat), in linear time.

    >>> heading_line("=== 2018 ==="), heading_line("==a==="), heading_line("= Title =")
    (('2018', 3), ('a=', 2), None)
    """
    run = len(line) - len(line.lstrip("="))
    for level in range(min(run, 6), 1, -1):
        if (title := _inside(line, level, plain_first=False)) is not None:
            return title, level
    return None


def _inside(line: str, level: int, plain_first: bool) -> str | None:
    """The text between ``level`` opening ``=`` and as many closing ones, as the lazy regex reads it: leading
    spaces skipped (all but one when the text would start with ``=`` and ``plain_first`` forbids that),
    trailing ones left out, at least one character."""
    body = line.rstrip()
    close = len(body) - level
    if close < level or body[close:] != "=" * level:
        return None
    first = len(line) - len(line[level:].lstrip())  # after the spaces that follow the opening
    start = min(first, close - 1)  # a heading's text may start with "=" or a space…
    if plain_first:  # …a title's may not start with "=": the last space before it is given to it instead
        start = first - (line[first] == "=")
    if start < level:
        return None
    return line[start:max(start + 1, len(body[:close].rstrip()))]


NAME_SUFFIX = re.compile(r" (?:Jr|Sr)\.?(?=$|[\s,(])|(?: I{2,3}| IV)(?=$|[\s,(])")  # "Terry Allen, Sr." is one name


def split_items(value: str, offset: int, keep: frozenset[int] = frozenset()) -> tuple[InfoboxItem, ...]:
    """Split an infobox value on ``", "`` and ``"|"`` outside parentheses, but not before a name's suffix
    ("Carlito Galvez, Jr.") nor at the commas ``keep`` holds (a wikilink's: one name).

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
        elif depth == 0 and (ch == "|" or (ch == "," and value[i + 1:i + 2] in (" ", "") and i not in keep
                                           and not NAME_SUFFIX.match(value, i + 1))):
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
        if title is None and (found := title_line(body)) is not None:
            title = found
        elif heading := heading_line(body):
            headings.append((heading[0], heading[1], pos))
        elif not headings and (m := FIELD.match(body)):
            infobox.append(_field(m, pos))
        elif not headings and (m := NOTE.match(body)):
            notes.append(_field(m, pos))
        elif not headings and body.startswith("- "):
            # Kept so the infobox stage reports it: nothing is dropped silently.
            value = body[2:].strip()
            infobox.append(InfoboxField(name="", value=value, offset=pos + body.index(value, 2) if value else pos + 2))
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
    if not lines or title_line(lines[0]) is None:
        return False
    return any(FIELD.match(x) or heading_line(x) for x in lines[1:200])
