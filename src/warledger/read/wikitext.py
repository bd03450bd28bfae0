"""Reader for MediaWiki wikitext (mwparserfromhell: lossless, never raises).

The document text is the article rendered in the plain-text article shape:
``= Title =``, one ``- field: value`` line per non-empty infobox parameter,
``noteN|…`` lines for explanatory notes (``{{efn}}``, ``<ref group=…>``), a
blank line, then the prose with ``==`` headings. Links become their labels,
flag icons and unknown templates are dropped, ``{{KIA}}`` is glued to the name,
``<br>``, lists and ``{{plainlist}}`` separate infobox items. ``<ref>``s are
kept aside as citations tied to the offset they follow, and ``source_offsets``
maps the text back to the wikitext. Rendering works on a :class:`Rope`: text
whose every character remembers its source offset (``-1`` when synthesised).
Before parsing, markup that cannot close is masked when the parser would
backtrack over it page after page (:mod:`warledger.read.markup_guard`): it
reads as text, with a warning, and every step after is linear in the page.

>>> doc = read_wikitext("{{Infobox military conflict|conflict=Battle of X|commander1=[[Ali]] {{KIA}}}}"
...                     "'''X''' was fought.<ref>Cite</ref>\\n==Course==\\nOn 3 May, 5 died.", "x")
>>> doc.title, doc.infobox[1].value, doc.citations[0].text, doc.sections[0].title
('Battle of X', 'AliKIA', 'Cite', 'Course')
>>> doc.text[:doc.citations[0].offset].endswith("X was fought.")
True
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from warledger.model import Citation, Document, InfoboxField
from warledger.read.markup_guard import guard, unmask
from warledger.read.rope import ITEM_BREAK, SPACES, Rope, join_ropes, normalize, split_rope
from warledger.read.sections import build_sections
from warledger.read.wiki_plaintext import split_items

INVISIBLE = set("\u200b\u200e\u200f\xad\ufeff\x00")
# A stray "<ref …>" ends at the next "<" or ">": read up to any later ">", a run of "<ref" re-read the page.
STRAY = re.compile(r"<ref\b[^<>]*>[^\n]*?(?:</ref>|(?=\n)|$)|\{\{|\}\}|\[\[|\]\]|'{2,}|"
                   r"</?[A-Za-z][A-Za-z0-9]*\b[^<>\n]*/?>|<!--|-->|__[A-Z]{3,}__")
TABLE_DEBRIS = re.compile(r"^(?:\{\||\||!)")
HEADING_LINE = re.compile(r"^(={1,6})([^=].*?)\1$")
# "\s*\(…\)$" re-read a long run of spaces from each of them: the spaces are stripped after the match instead.
TRAILING_PAREN = re.compile(r"\([^()]*\)$")
FILE_LINK = re.compile(r"^(?:file|image|category|media)\s*:", re.I)
CONFLICT_BOXES = {"military conflict", "military operation", "civil conflict"}
KIND_ALIASES = {"terrorist attack": "civilian attack"}
TITLE_FIELDS = ("conflict", "title", "name")

STATUS = {"kia": "KIA", "wia": "WIA", "pow": "POW", "mia": "MIA", "killed in action": "KIA",
          "wounded in action": "WIA", "prisoner of war": "POW", "missing in action": "MIA"}
LISTS = {"plainlist", "plain list", "ubl", "unbulleted list", "unbulleted", "hlist", "flatlist", "flat list",
         "bulleted list", "bulleted", "collapsible list", "ordered list"}
NOTE_TEMPLATES = ("efn", "notetag", "note tag")
SHORT_CITES = {"sfn", "sfnp", "sfnm", "harvnb", "harv", "harvp", "harvtxt"}
FIRST_ARG = {"flag", "flagcountry", "flag country", "flagu", "nowrap", "nobr", "small", "smaller", "big",
             "larger", "nobold", "noitalic", "abbr", "tooltip", "hover title", "ill", "illm", "interlanguage link",
             "interlanguage link multi", "not a typo", "sic", "keypress", "var", "em", "strong"}
FLAGS = {"flag", "flagcountry", "flag country", "flagu"}  # a flag and its country's name
LAST_ARG = {"lang", "transl", "transliteration", "native name", "resize", "font color", "color", "script"}
SYMBOLS = {"ndash": "–", "en dash": "–", "mdash": "—", "em dash": "—", "snd": " – ", "spaced ndash": " – ",
           "middot": " · ", "dot": " · ", "nbsp": " ", "•": " • "}
DATES = {"start date", "end date", "start date and age", "end date and age"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
RANGE_WORDS = {"-": "–", "–": "–", "to": " to ", "and": " and ", "or": " or ", "x": " × ", "by": " by "}
UNITS = {"km2": "km²", "sqkm": "km²", "m2": "m²", "sqmi": "sq mi", "mi2": "sq mi"}
VALUE_TEMPLATES = {"convert", "cvt", "start and end dates", "as of"} | DATES
DROPPED_TAGS = {"table", "gallery", "math", "timeline", "syntaxhighlight", "source", "score", "imagemap",
                "graph", "mapframe", "maplink", "templatestyles", "includeonly", "references", "chem", "ce"}

Fields = list[tuple["_Param", list["Rope"]]]


@dataclass
class _Ctx:
    """What rendering shares: the citation and note stores, named refs and what was dropped."""

    inline: bool = False  # an infobox value: breaks and list markers delimit items
    citing: bool = False  # inside a <ref>: {{cite …}} renders as its title, work, date
    citations: list[tuple[str, str | None]] = field(default_factory=list)
    notes: list[Rope] = field(default_factory=list)
    note_names: set[str] = field(default_factory=set)
    named: dict[str, str] = field(default_factory=dict)
    stray: list[tuple[str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # source spans of wikilinks: one name each

    def sub(self, inline: bool = True) -> _Ctx:
        return dataclasses.replace(self, inline=inline)  # the stores stay shared


@dataclass(frozen=True)
class _Param:
    name: str
    value: Wikicode
    offset: int | None  # of the value in the source
    name_offset: int | None


def _tname(node: Template) -> str:
    return " ".join(str(node.name).replace("_", " ").split()).lower().removeprefix("template:").strip()


def _params(node: Template, base: int | None) -> list[_Param]:
    """The parameters with the source offsets of their names and values (the source is lossless)."""
    out = []
    pos = None if base is None else base + 2 + len(str(node.name))
    for p in node.params:
        raw = str(p.name)
        name_off = value_off = None
        if pos is not None:
            name_off = pos + 1 + len(raw) - len(raw.lstrip())
            value_off = pos + 1 + (len(raw) + 1 if p.showkey else 0)
            pos += 1 + len(str(p))
        out.append(_Param(raw.strip(), p.value, value_off, name_off))
    return out


def _named(node: Template, *names: str) -> str:
    """The plain text of the first non-empty named parameter."""
    for name in names:
        if node.has(name) and str(node.get(name).value).strip():
            return _plain(node.get(name).value)
    return ""


def _plain(code: Wikicode, citing: bool = False) -> str:
    """``code`` as one line of plain text, without side effects on the document."""
    rope = Rope()
    _render(code, rope, _Ctx(inline=True, citing=citing), None)
    return normalize(rope).text


def _render(code: Wikicode, out: Rope, ctx: _Ctx, base: int | None) -> None:
    """Render ``code`` (at source offset ``base``) into ``out``."""
    pos = base
    for node in code.nodes:
        try:
            _render_node(node, out, ctx, pos)
        except Exception as err:  # never raise on odd markup: keep going, say what was lost
            ctx.warnings.append(f"could not render {type(node).__name__} at source offset {pos}: {err}")
        if pos is not None:
            pos += len(str(node))


def _render_node(node: object, out: Rope, ctx: _Ctx, pos: int | None) -> None:
    """One node; comments, ``{{{arguments}}}`` and unknown nodes render as nothing."""
    if isinstance(node, Text):
        _text(str(node), out, ctx, pos)
    elif isinstance(node, Wikilink):
        _link(node, out, ctx, pos)
    elif isinstance(node, Template):
        _template(node, out, ctx, pos)
    elif isinstance(node, Tag):
        _tag(node, out, ctx, pos)
    elif isinstance(node, Heading):
        _heading(node, out, ctx, pos)
    elif isinstance(node, ExternalLink) and node.title is not None and str(node.title).strip():
        at = str(node).find(str(node.title), 1 + len(str(node.url)))
        _render(node.title, out, ctx, None if pos is None or at < 0 else pos + at)
    elif isinstance(node, ExternalLink) and not node.brackets:
        out.add(str(node.url), pos)
    elif isinstance(node, HTMLEntity):
        out.add(" " if node.normalize() == "\xa0" else node.normalize(), pos)


def _text(value: str, out: Rope, ctx: _Ctx, pos: int | None) -> None:
    """Plain text, minus markup left over from unbalanced braces, links or tags."""
    stray = [m.span() for m in STRAY.finditer(value)]
    ctx.stray += [(value[a:b][:8], -1 if pos is None else pos + a) for a, b in stray]
    skip = {i for a, b in stray for i in range(a, b)}
    for i, ch in enumerate(value):
        if ch not in INVISIBLE and i not in skip:
            out.chars.append(" " if ch == "\xa0" else ch)
            out.src.append(-1 if pos is None else pos + i)


def _link(node: Wikilink, out: Rope, ctx: _Ctx, pos: int | None) -> None:
    """A wikilink as its label; files, images and categories as nothing."""
    title = str(node.title)
    if FILE_LINK.match(title.strip()):
        return
    if pos is not None and ctx.inline:  # an infobox value's link: its commas split no item
        ctx.links.append((pos, pos + len(str(node))))
    if node.text is not None:
        before = len(out)
        _render(node.text, out, ctx, None if pos is None else pos + 3 + len(title))
        if "".join(out.chars[before:]).strip():
            return
    shown = title.strip().lstrip(":")
    shown = shown.split("#")[0].strip() or shown.split("#", 1)[-1].strip()
    if node.text is not None and (m := TRAILING_PAREN.search(shown)):  # the pipe trick: [[Tikrit (city)|]]
        shown = shown[:m.start()].rstrip()
    out.add(shown, None if pos is None else pos + 2 + max(title.find(shown), 0))


def _heading(node: Heading, out: Rope, ctx: _Ctx, pos: int | None) -> None:
    """``== A ==`` as ``==A==``, the same level as in the source."""
    title = Rope()
    _render(node.title, title, ctx.sub(inline=True), None if pos is None else pos + node.level)
    if not ctx.inline:  # a heading fills its source line: no newlines to add
        out.add("=" * node.level, pos)
    out.extend(normalize(title))
    if not ctx.inline:
        out.add("=" * node.level)


def _contents_offset(node: Tag, pos: int | None) -> int | None:
    """The source offset of a tag's contents (after ``<tag …>`` or the bold/italic quotes)."""
    if pos is None or node.contents is None:
        return None
    whole, inner = str(node), str(node.contents)
    start = len(node.wiki_markup) if node.wiki_markup else whole.find(">") + 1
    if whole[start:start + len(inner)] != inner:
        start = whole.find(inner)
    return pos + start if start >= 0 else None


def _tag(node: Tag, out: Rope, ctx: _Ctx, pos: int | None) -> None:
    """HTML and wiki-markup tags: refs aside, breaks as item breaks, tables and galleries dropped."""
    tag = str(node.tag).strip().lower()
    if tag == "ref":
        _ref(node, out, ctx, pos)
    elif tag == "br":
        out.add(ITEM_BREAK if ctx.inline else " ")
    elif tag == "hr" and ctx.inline:  # "----" separates alternative estimates: its own item
        out.add(ITEM_BREAK)
        out.add("----", pos)
        out.add(ITEM_BREAK)
    elif tag == "hr":
        out.add("\n\n")
    elif tag in ("li", "dt", "dd"):
        _list_item(node, tag, out, ctx, pos)
    elif tag not in DROPPED_TAGS and node.contents is not None:
        _render(node.contents, out, ctx, _contents_offset(node, pos))


def _list_item(node: Tag, tag: str, out: Rope, ctx: _Ctx, pos: int | None) -> None:
    """``*``/``#`` markers give the depth of an infobox item; in prose, a ``- `` line."""
    if node.wiki_markup is None:  # an HTML <li>
        out.add(ITEM_BREAK if ctx.inline else "\n- ")
        if node.contents is not None:
            _render(node.contents, out, ctx, _contents_offset(node, pos))
    elif tag != "li":
        out.add(ITEM_BREAK if ctx.inline else "")
    else:
        if out.li_end != len(out):
            out.add(ITEM_BREAK if ctx.inline else "- ")
        if ctx.inline:
            out.add("*", pos)
        out.li_end = len(out)


def _attr(node: Tag, name: str) -> str | None:
    return str(node.get(name).value).strip() or None if node.has(name) else None


def _ref(node: Tag, out: Rope, ctx: _Ctx, pos: int | None) -> None:
    """A citation aside, marked where it was attached; a grouped ref is an explanatory note."""
    name, contents = _attr(node, "name"), node.contents
    has_body = contents is not None and bool(str(contents).strip())
    if node.has("group"):
        _note(contents if has_body else None, _contents_offset(node, pos), ctx, name)
    else:
        _cite(out, ctx, _plain(contents, citing=True) if has_body else ctx.named.get(name or "", ""), name)


def _cite(out: Rope, ctx: _Ctx, text: str, name: str | None) -> None:
    out.marks.append((len(out), len(ctx.citations)))
    ctx.citations.append((text, name))


def _note(code: Wikicode | None, offset: int | None, ctx: _Ctx, name: str | None) -> None:
    """An explanatory note: kept once per name, rendered plain on one line."""
    if code is None or (name and name in ctx.note_names):
        return
    if name:
        ctx.note_names.add(name)
    rope = Rope()
    _render(code, rope, ctx.sub(inline=True), offset)
    if (rope := normalize(rope)).chars:
        ctx.notes.append(rope)


def _template(node: Template, out: Rope, ctx: _Ctx, pos: int | None) -> None:
    """Templates that show text render it; flags, citations and unknown templates render nothing."""
    name = _tname(node)
    if name.startswith("infobox"):
        return  # read apart, as the document's fields
    args = [p for p in _params(node, pos) if p.name.isdigit()]
    ref_name = _named(node, "name") or None
    if name in STATUS:
        out.glue()
        out.add(STATUS[name], pos)
    elif name in LISTS:
        _list_template(node, args, out, ctx)
    elif args and (name.startswith(NOTE_TEMPLATES) or (name == "refn" and node.has("group"))):
        _note(args[0].value, args[0].offset, ctx, ref_name)
    elif name == "refn" and args:
        _cite(out, ctx, _plain(args[0].value, citing=True), ref_name)
    elif name in SHORT_CITES:
        page = _named(node, "p", "page", "pp", "pages", "loc")
        _cite(out, ctx, " ".join(_plain(a.value) for a in args) + (f", p. {page}" if page else ""), None)
    elif name == "r":
        for arg in args:
            _cite(out, ctx, ctx.named.get(_plain(arg.value), ""), _plain(arg.value))
    elif name.startswith(("cite", "citation")) and ctx.citing:
        out.add(_cite_template(node))
    elif name in FLAGS and node.has("name") and (shown := _named(node, "name")):
        out.add(ITEM_BREAK if ctx.inline else "")  # "{{flag|Nazi Germany|name=Germany}}" shows "Germany"
        out.add(shown)
    elif not name.startswith((*NOTE_TEMPLATES, "refn")):
        _text_template(name, args, out, ctx, pos)


def _text_template(name: str, args: list[_Param], out: Rope, ctx: _Ctx, pos: int | None) -> None:
    """Templates that wrap or make text: ``{{nowrap}}``, ``{{lang}}``, ``{{convert}}``, dates, dashes."""
    values = [_plain(a.value) for a in args] if name in VALUE_TEMPLATES else []
    if args and name in FLAGS and ctx.inline:
        out.add(ITEM_BREAK)  # "{{flag|United Arab Emirates}} {{flag|Egypt}}": each flag opens an item of its own
    if args and (name in FIRST_ARG or name.startswith("lang-")):
        _render(args[0].value, out, ctx, args[0].offset)
    elif args and name in LAST_ARG:
        _render(args[-1].value, out, ctx, args[-1].offset)
    elif name in SYMBOLS:
        out.add(SYMBOLS[name], pos)
    elif name in ("circa", "c.", "ca", "c"):
        out.add("c. ", pos)
        if args:
            _render(args[0].value, out, ctx, args[0].offset)
    elif name in ("convert", "cvt") and len(values) >= 2:
        if len(values) >= 4 and values[1] in RANGE_WORDS:
            values[:3] = [values[0] + RANGE_WORDS[values[1]] + values[2]]
        out.add(f"{values[0]} {UNITS.get(values[1], values[1])}", pos)
    elif name in DATES and values:
        out.add(_date(values[:3]), pos)
    elif name == "start and end dates" and values:
        out.add(" – ".join(x for x in (_date(values[:3]), _date(values[3:6])) if x), pos)
    elif name == "as of" and values:
        out.add("As of " + " ".join(values[:3]), pos)


def _date(vals: list[str]) -> str:
    """``{{start date|2017|12|16}}`` → ``16 December 2017``."""
    year, month, day = ([v.strip() for v in vals] + ["", "", ""])[:3]
    if month.isdigit() and 1 <= int(month) <= 12:
        month = MONTHS[int(month) - 1]
    return " ".join(x for x in (day.lstrip("0"), month, year) if x)


def _cite_template(node: Template) -> str:
    """A ``{{cite …}}`` as one line: author, "title", work, publisher, date, url."""
    author, first = _named(node, "author", "author1", "last", "last1"), _named(node, "first", "first1")
    title = _named(node, "title", "script-title")
    parts = [f"{author}, {first}" if first and author else author, f'"{title}"' if title else "",
             _named(node, "work", "website", "newspaper", "journal", "magazine", "agency"),
             _named(node, "publisher"), _named(node, "date", "year"), _named(node, "url")]
    return ". ".join(p for p in parts if p)


def _list_template(node: Template, args: list[_Param], out: Rope, ctx: _Ctx) -> None:
    """``{{plainlist}}``/``{{ubl}}`` entries are items; their own bullet is no nesting level."""
    items = Rope()
    if node.has("title"):  # {{collapsible list|title=…}}
        items.add(ITEM_BREAK)
        _render(node.get("title").value, items, ctx.sub(), None)
    for arg in args:
        sub = Rope()
        _render(arg.value, sub, ctx.sub(), arg.offset)
        items.add(ITEM_BREAK)
        items.extend(_drop_first_star(sub))
    items.add(ITEM_BREAK)
    if ctx.inline:
        out.extend(items)
    else:  # in prose: one line, "a, b, c"
        bare = [c.slice(len(c.text) - len(c.text.lstrip("* ")), len(c)) for c in chunks(items)]
        out.extend(join_ropes(bare)[0])


def _drop_first_star(rope: Rope) -> Rope:
    """Remove the first ``*`` of every item (the list template's own bullet)."""
    keep, at_start = [], True
    for i, ch in enumerate(rope.chars):
        if at_start and ch == "*":
            at_start = False
            continue
        at_start = ch in (ITEM_BREAK, "\n") or (at_start and ch in " \t")
        keep.append(i)
    out = Rope([rope.chars[i] for i in keep], [rope.src[i] for i in keep])
    out.marks = [(bisect.bisect_left(keep, p), ix) for p, ix in rope.marks]  # how many kept before p
    return out


def chunks(rope: Rope) -> list[Rope]:
    """The items of a rendered infobox value: pieces between breaks, ``*`` depth markers kept."""
    out = []
    for piece in split_rope(rope, ITEM_BREAK + "\n"):
        piece = normalize(piece, strip=" ,")
        text = piece.text
        if not text.strip("* ,"):
            continue
        stars = len(text) - len(text.lstrip("*"))
        if stars and text[stars] != " ":  # "**x" → "** x"
            head = piece.slice(0, stars)
            head.add(" ")
            head.extend(piece.slice(stars, len(piece)))
            piece = head
        out.append(piece)
    return out


def _tidy(rope: Rope, ctx: _Ctx) -> tuple[Rope, list[tuple[str, int, int]]]:
    """Prose lines: whitespace collapsed, a paragraph's lines joined, blank runs cut to one.

    Returns the prose and its headings ``(title, level, offset)``.
    """
    out, headings, prev, blank, debris = Rope(), [], "", False, 0
    for line in split_rope(rope, "\n"):
        line = normalize(line)
        text = line.text
        if not text or TABLE_DEBRIS.match(text):
            blank = blank or not text
            debris += bool(text)
            continue
        m = HEADING_LINE.match(text)
        kind = "heading" if m else "item" if text.startswith("- ") else "para"
        if kind == prev == "para" and not blank:
            out.add(" ")
        elif prev:
            out.add("\n\n" if blank else "\n")
        if m:
            headings.append((m.group(2), len(m.group(1)), len(out)))
        out.extend(line)
        prev, blank = kind, False
    if debris:
        ctx.warnings.append(f"dropped {debris} line(s) of unparsed table markup")
    if out.chars:
        out.add("\n")
    return out, headings


def _kind(box: Template) -> str:
    """``military conflict`` (also operations, civil conflicts), ``civilian attack``, ``settlement``…"""
    name = _tname(box).removeprefix("infobox").strip()
    return "military conflict" if name in CONFLICT_BOXES else KIND_ALIASES.get(name, name)


def _find_infobox(code: Wikicode, source: str) -> tuple[Template | None, int | None]:
    """The first conflict infobox, else the first infobox, and its source offset."""
    boxes = [t for t in code.filter_templates(recursive=False) if _tname(t).startswith("infobox")]
    boxes = boxes or [t for t in code.filter_templates() if _tname(t).startswith("infobox")]
    box = next((b for b in boxes if _kind(b) == "military conflict"), boxes[0] if boxes else None)
    at = source.find(str(box)) if box is not None else -1
    return box, at if at >= 0 else None


def _infobox_fields(box: Template, offset: int | None, ctx: _Ctx) -> Fields:
    """Each parameter with the items of its rendered value; empty parameters are left out."""
    fields = []
    for param in _params(box, offset):
        if not str(param.value).strip(SPACES):
            continue  # blank: renders nothing (100,000 "|" are as many blank parameters)
        rope = Rope()
        _render(param.value, rope, ctx.sub(inline=True), param.offset)
        if items := chunks(rope):
            fields.append((param, items))
    return fields


def _title(title: str | None, fields: Fields, code: Wikicode, doc_id: str) -> Rope:
    """The given title, else the infobox's name field, else the first bold phrase, else the id."""
    out = Rope()
    by_name = {p.name.lower(): items for p, items in fields}
    if title is None and (items := next((by_name[k] for k in TITLE_FIELDS if k in by_name), None)):
        out = items[0].slice(0, len(items[0]))  # "Battle of X<br />(Operation Y)": the first item
    pos = 0
    for node in code.nodes if title is None and not out.chars else ():
        if isinstance(node, Tag) and node.wiki_markup and str(node.tag) == "b" and node.contents is not None:
            _render(node.contents, out, _Ctx(inline=True), _contents_offset(node, pos))
            break
        pos += len(str(node))
    out = normalize(out)
    if not out.chars:
        out.add(" ".join((title or doc_id).split()))
    out.marks = []
    return out


def read_wikitext(text: str, doc_id: str, title: str | None = None,
                  reference_date: str | None = None) -> Document:
    """Read MediaWiki source into a :class:`Document` (see the module doc). Never raises on bad markup."""
    ctx = _Ctx()
    code = _parse(text, ctx)
    for tag in code.filter_tags(matches=lambda t: str(t.tag).strip().lower() == "ref"):
        if (name := _attr(tag, "name")) and tag.contents is not None and str(tag.contents).strip():
            ctx.named.setdefault(name, _plain(tag.contents, citing=True))  # reuses may come first
    box, box_offset = _find_infobox(code, text)
    fields = _infobox_fields(box, box_offset, ctx) if box is not None else []
    body = Rope()
    _render(code, body, ctx, 0)  # the infobox itself renders as nothing
    prose, headings = _tidy(body, ctx)
    doc = _assemble(doc_id, _title(title, fields, code, doc_id), fields, ctx, prose, headings)
    doc.reference_date = reference_date
    doc.infobox_kind = _kind(box) if box is not None and fields else None
    return doc


def _parse(text: str, ctx: _Ctx) -> Wikicode:
    """Parse ``text``, markup that cannot close masked first when the parser would backtrack over it (see
    :mod:`warledger.read.markup_guard`); the tree reads as the source, character for character."""
    guarded = guard(text)
    ctx.warnings += guarded.warnings
    try:
        code = mwparserfromhell.parse(guarded.text)
    except Exception as err:  # the tokenizer's own bugs: read the text as plain text
        ctx.warnings.append(f"wikitext parser failed ({err}); read as plain text")
        return Wikicode([Text(text)])
    if not unmask(code, guarded, text):
        ctx.warnings.append("masked markup could not be put back after parsing; read as plain text")
        return Wikicode([Text(text)])
    return code


def _assemble(doc_id: str, title: Rope, fields: Fields, ctx: _Ctx, prose: Rope,
              headings: list[tuple[str, int, int]]) -> Document:
    """The title, field and note lines, then the prose; offsets, citations and anchors into it."""
    doc, starts, infobox, notes = Rope(), [], [], []
    doc.add("= ")
    doc.extend(title)
    doc.add(" =\n")
    links = sorted(ctx.links)
    for param, items in fields:
        doc.add("- ")
        doc.add(param.name, param.name_offset)
        doc.add(": ")
        value, at = join_ropes(items)
        base = len(doc)
        doc.extend(value)
        doc.add("\n")
        found = tuple(i for item, a in zip(items, at, strict=True)
                      for i in split_items(item.text, base + a, _linked_commas(item, links)))
        starts += [i.offset for i in found]
        infobox.append(InfoboxField(param.name, value.text, base, found))
    for n, note in enumerate(ctx.notes, start=1):
        doc.add(f"note{n}|")
        notes.append(InfoboxField(f"note{n}", note.text, len(doc)))
        doc.extend(note)
        doc.add("\n")
    doc.add("\n")
    head = len(doc)
    doc.extend(prose)
    text = doc.text
    citations = [Citation(ctx.citations[ix][0], pos, ctx.citations[ix][1]) for pos, ix in sorted(doc.marks)]
    return Document(id=doc_id, title=title.text, format="wikitext", text=text,
                    sections=build_sections(text, [(t, lv, head + at) for t, lv, at in headings]),
                    infobox=infobox, notes=notes, citations=citations,
                    source_offsets=_anchors(doc, set(starts)), warnings=ctx.warnings + _stray_warning(ctx))


def _linked_commas(item: Rope, links: list[tuple[int, int]]) -> frozenset[int]:
    """The commas of an item that stand inside a wikilink ("[[3rd Battalion, 11th Marines|…]]" is one name);
    ``links``: the source spans of the links, sorted."""
    def linked(src: int) -> bool:
        k = bisect.bisect_right(links, (src, src))  # the links that start at or before ``src``: the last few
        return src >= 0 and any(a <= src < b for a, b in links[max(0, k - 3):k])
    return frozenset(i for i, ch in enumerate(item.chars) if ch == "," and linked(item.src[i]))


def _anchors(doc: Rope, forced: set[int]) -> list[tuple[int, int]]:
    """``(text offset, source offset)`` where the linear mapping breaks and at each line and item start."""
    out: list[tuple[int, int]] = []
    force = True
    for i, src in enumerate(doc.src):
        force = force or i in forced or (i > 0 and doc.chars[i - 1] == "\n")
        if src >= 0 and (force or src != out[-1][1] + (i - out[-1][0])):
            out.append((i, src))
            force = False
    return out


def _stray_warning(ctx: _Ctx) -> list[str]:
    if not ctx.stray:
        return []
    kinds = ", ".join(sorted({repr(s) for s, _ in ctx.stray})[:6])
    where = ", ".join(str(at) for _, at in ctx.stray[:8]) + (" …" if len(ctx.stray) > 8 else "")
    return [f"malformed markup: dropped {len(ctx.stray)} stray fragment(s) ({kinds}); source offsets {where}"]
