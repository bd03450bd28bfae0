"""Reader for MediaWiki wikitext (mwparserfromhell: lossless, never raises).

The document text is the article rendered in the plain-text article shape:
``= Title =``, one ``- field: value`` line per infobox parameter, ``noteN|…``
lines for explanatory notes, then the prose with ``==`` headings. Links become
their labels, flags and citation templates are dropped, ``{{KIA}}`` is glued
to the name, ``<br>``, lists and ``{{plainlist}}`` separate items.
``<ref>``s are kept aside as citations tied to the offset they follow, and
``source_offsets`` maps the text back to the wikitext.

>>> doc = read_wikitext("{{Infobox military conflict|conflict=Battle of X|commander1=[[Ali]] {{KIA}}}}"
...                     "'''X''' was fought.<ref>Cite</ref>\\n==Course==\\nOn 3 May, 5 died.", "x")
>>> doc.title, doc.infobox[1].value, doc.citations[0].text, doc.sections[0].title
('Battle of X', 'Ali KIA', 'Cite', 'Course')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Heading, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from warledger.model import Citation, Document, InfoboxField
from warledger.read.sections import build_sections
from warledger.read.wiki_plaintext import split_items

STATUS_TEMPLATES = {"kia": "KIA", "wia": "WIA", "pow": "POW", "mia": "MIA", "killed in action": "KIA",
                    "died in custody": "KIA", "executed": "KIA", "surrendered": "POW"}
LIST_TEMPLATES = {"plainlist", "plain list", "ubl", "unbulleted list", "hlist", "flatlist", "bulleted list",
                  "collapsible list", "unbulleted"}
DROPPED_TEMPLATES = ("flagicon", "flagdeco", "flag icon", "cite", "sfn", "citation", "refn", "efn", "harvnb",
                     "reflist", "main", "see also", "further", "infobox", "campaignbox", "coord", "portal",
                     "short description", "use dmy", "use mdy", "clear", "notelist", "multiple image", "update")
NAME_TEMPLATES = ("flag", "flagcountry", "flagu", "flagicon image", "nowrap", "nobr", "small", "lang", "transl",
                  "abbr", "nobold", "noitalic", "big", "resize", "tooltip")
FILE_LINK = re.compile(r"^(?:file|image|category|media):", re.I)
CONFLICT_KINDS = {"military conflict", "military operation", "civil conflict", "civilian attack", "terrorist attack"}
ITEM_BREAK = "\x00"


@dataclass
class _Out:
    """Rendered text with anchors back to the source and citations kept aside."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    anchors: list[tuple[int, int]] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, text: str, source: int | None = None) -> None:
        if source is not None:
            self.anchors.append((self.length, source))
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _template_name(node: Template) -> str:
    return str(node.name).strip().lower().replace("_", " ")


def _positional(node: Template) -> list[Wikicode]:
    return [p.value for p in node.params if not p.showkey]


def _render_template(node: Template, out: _Out, inline: bool) -> None:
    name = _template_name(node)
    if name in STATUS_TEMPLATES:
        out.add(STATUS_TEMPLATES[name])
    elif name in LIST_TEMPLATES:
        for value in _positional(node):
            out.add(ITEM_BREAK)
            _render(value, out, inline)
        out.add(ITEM_BREAK)
    elif name in ("efn", "refn", "efn-ua", "efn-lr"):
        out.notes.append(_plain(_positional(node)[0]) if _positional(node) else "")
    elif name.startswith(DROPPED_TEMPLATES):
        return
    elif name.startswith(NAME_TEMPLATES) and _positional(node):
        _render(_positional(node)[-1 if name.startswith(("lang", "transl")) else 0], out, inline)
    elif name == "convert" and len(_positional(node)) >= 2:
        out.add(f"{_plain(_positional(node)[0])} {_plain(_positional(node)[1])}")
    elif name in ("circa", "c."):
        out.add("c. ")


def _render_tag(node: Tag, out: _Out, inline: bool) -> None:
    tag = str(node.tag).lower()
    if tag == "ref":
        if not inline:
            out.citations.append(Citation(str(node.contents).strip() if node.contents else "", out.length,
                                          str(node.get("name").value).strip() if node.has("name") else None))
    elif tag == "br":
        out.add(ITEM_BREAK if inline else " ")
    elif tag == "hr":
        out.add(f"{ITEM_BREAK}----{ITEM_BREAK}")
    elif tag in ("li", "dd", "dt"):
        stars = "*" * max(1, len(str(node.wiki_markup or "*")))
        out.add(f"{ITEM_BREAK}{stars} " if inline else "* ")
    elif tag in ("table", "gallery", "math", "timeline", "syntaxhighlight", "score", "imagemap"):
        return
    elif node.contents is not None:
        _render(node.contents, out, inline)


def _render(code: Wikicode, out: _Out, inline: bool, base: int | None = None) -> None:
    pos = base
    for node in code.nodes:
        if isinstance(node, Text):
            out.add(str(node), pos)
        elif isinstance(node, Wikilink):
            if not FILE_LINK.match(str(node.title).strip()):
                out.add(_plain(node.text) if node.text else str(node.title).split("#")[0], pos)
        elif isinstance(node, Template):
            _render_template(node, out, inline)
        elif isinstance(node, Tag):
            _render_tag(node, out, inline)
        elif isinstance(node, Heading):
            out.add(f"\n{'=' * node.level}{_plain(node.title).strip()}{'=' * node.level}\n", pos)
        elif not isinstance(node, Comment) and hasattr(node, "title"):
            out.add(_plain(node.title) if node.title else str(node.url), pos)  # external links
        if pos is not None:
            pos += len(str(node))


def _plain(code: Wikicode | str) -> str:
    out = _Out()
    _render(code if isinstance(code, Wikicode) else mwparserfromhell.parse(code), out, inline=True)
    return " ".join(out.text().replace(ITEM_BREAK, " ").split())


def _value_line(value: Wikicode, notes: list[str]) -> str:
    """An infobox value as one line: items joined by ", ", list depth as ``*``."""
    out = _Out(notes=notes)
    _render(value, out, inline=True)
    items = []
    pending = 0  # "** x" arrives as one list tag per star
    for chunk in re.split(rf"[{ITEM_BREAK}\n]+", out.text()):
        chunk = " ".join(chunk.split())
        stars = re.match(r"^([*#]+)\s*", chunk)
        if stars and not chunk[stars.end():].strip(" ,"):
            pending += len(stars.group(1))
            continue
        if stars:
            chunk = "*" * (pending + len(stars.group(1))) + " " + chunk[stars.end():]
        pending = 0
        if chunk.strip(" *,"):
            items.append(chunk.strip().rstrip(","))
    return ", ".join(items)


def _infobox(code: Wikicode) -> Template | None:
    for node in code.filter_templates(recursive=False):
        if _template_name(node).startswith("infobox"):
            return node
    return None


def _kind(box: Template) -> str:
    name = _template_name(box).removeprefix("infobox").strip()
    return "military conflict" if name in ("military conflict", "military operation", "civil conflict") else name


def read_wikitext(text: str, doc_id: str, title: str | None = None, reference_date: str | None = None) -> Document:
    """Read MediaWiki source into a :class:`Document` (see the module doc)."""
    code = mwparserfromhell.parse(text)
    box = _infobox(code)
    notes: list[str] = []
    fields = [(str(p.name).strip(), _value_line(p.value, notes)) for p in box.params] if box else []
    if title is None:
        title = next((v for k, v in fields if k.lower() in ("conflict", "title", "name") and v), None)
    body = _Out(notes=notes)
    _render(code, body, inline=False, base=0)
    prose = body.text()
    if title is None:
        bold = re.search(r"'''(.+?)'''", text)
        title = _plain(bold.group(1)) if bold else doc_id
    return _assemble(doc_id, title, fields, body, prose, reference_date, _kind(box) if box else None)


def _assemble(doc_id: str, title: str, fields: list[tuple[str, str]], body: _Out, prose: str,
              reference_date: str | None, kind: str | None) -> Document:
    lines = [f"= {title} =\n"]
    infobox: list[InfoboxField] = []
    notes: list[InfoboxField] = []
    pos = len(lines[0])
    for name, value in fields:
        offset = pos + len(f"- {name}: ")
        infobox.append(InfoboxField(name, value, offset, split_items(value, offset)))
        lines.append(f"- {name}: {value}\n")
        pos += len(lines[-1])
    for i, note in enumerate(body.notes, start=1):
        notes.append(InfoboxField(f"note{i}", note, pos + len(f"note{i}|")))
        lines.append(f"note{i}|{note}\n")
        pos += len(lines[-1])
    head = "".join(lines) + "\n"
    clean, shift = _tidy(prose.replace(ITEM_BREAK, " "))
    text = head + clean
    anchors = [(len(head) + shift(a), s) for a, s in body.anchors]
    citations = [Citation(c.text, len(head) + shift(c.offset), c.name) for c in body.citations]
    headings = [(m.group(2).strip(), len(m.group(1)), m.start())
                for m in re.finditer(r"^(={2,6})([^=\n].*?)\1\s*$", text, re.M)]
    return Document(id=doc_id, title=title, format="wikitext", text=text, reference_date=reference_date,
                    sections=build_sections(text, headings), infobox=infobox, notes=notes, citations=citations,
                    infobox_kind=kind, source_offsets=sorted(anchors))


def _tidy(prose: str) -> tuple[str, Callable[[int], int]]:
    """Collapse blank-line runs and trailing spaces; return the text and an offset shifter."""
    kept: list[tuple[int, int]] = []  # (old offset, new offset) at each kept run start
    out: list[str] = []
    new = 0
    for m in re.finditer(r"[^\n]*\n?", prose.lstrip("\n")):
        line = m.group(0)
        if not line:
            break
        if line.strip() == "" and out and out[-1].strip() == "":
            continue
        stripped = re.sub(r"[ \t]+\n$", "\n", line)
        kept.append((m.start() + (len(prose) - len(prose.lstrip("\n"))), new))
        out.append(stripped)
        new += len(stripped)

    starts = [k[0] for k in kept]

    def shift(old: int) -> int:
        i = bisect.bisect_right(starts, old) - 1
        return kept[i][1] + (old - kept[i][0]) if i >= 0 else 0

    return "".join(out), shift
