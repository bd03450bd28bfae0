"""A linear pre-pass that keeps hostile wikitext from making the parser backtrack.

mwparserfromhell reads an opening construct (``<!--``, ``<ref>``, ``{{``,
``[[``, ``{|``, ``[http://…``) by parsing on until it closes. When nothing
closes it, the parser gives that route up at the end of the page (of the line,
for an external link), reads the opener as text and goes on from the next
character: the rest of the page was read for nothing. One unclosed ``<ref>``
costs one extra pass; 50,000 of them cost 50,000 passes, so a 400 KB page of
``<!--`` took minutes.

:func:`guard` finds, in one sweep, the openers that cannot close and what the
parser would pay for them. Two pairings are made: by kind (a closer takes the
last open opener of its kind: whatever is left over surely cannot close) and
by nesting (a closer counts only for the innermost open construct, as the
parser's routes see it: this also catches closers hidden inside other
constructs, as in ``<ref>{{a|</ref>}}``). Pairs nested deeper than
:data:`MAX_DEPTH` levels count as well. Only when the cost passes a few passes
over the page are the openers (and too-deep pairs) masked: the character that
makes the parser try each one is swapped for a private-use character that it
reads as plain text (the ``<`` of a tag, the first ``-`` of ``<!--``, all but
the first ``{`` or ``[`` of a run, the ``{`` of ``{|``, the ``[`` of an
external link), one for one, so every source offset still holds.
:func:`unmask` swaps them back in the parsed text, so a masked opener reads as
text, as the parser's own recovery reads it, and the document says what was
done. A page with a few unclosed constructs is left to the parser untouched
(its recovery is cheap there), so normal pages read exactly as before.

Not modelled: constructs the parser gives up for other reasons (a link title
at a newline, bold and italics at the end of a line). Those give up early, so
they cost little.

>>> g = guard("'''X''' [[a]]\\n" + "<ref>" * 2000)
>>> g.masked, g.warnings
(2000, ['markup that cannot close: 2,000 unclosed <ref> tags read as text'])
>>> len(g.text) == len("'''X''' [[a]]\\n" + "<ref>" * 2000), guard("<ref>a</ref> <!-- b").masked
(True, 0)
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from mwparserfromhell.definitions import PARSER_BLACKLIST, SINGLE, URI_SCHEMES
from mwparserfromhell.nodes import Comment, Text
from mwparserfromhell.wikicode import Wikicode

MAX_DEPTH = 256
"""Pairs nested deeper than this are read as text (the parser's own limit is lower still)."""
PASSES = 4
"""The guard masks once the parser's recovery would cost more than this many passes over the page…"""
MIN_COST = 250_000
"""…and more than this many characters (a small page may have a few unclosed constructs for free)."""
NESTED_PASSES = 16
"""The same for the nesting pairing, which also counts a closer seen out of order (more doubtful)."""

TAG_NAME = r"[^\s{}\[\]<>|=&'#*;:/\\\"!\-]+"  # what the parser takes for a tag name: no markup, no space
SCHEMES = "|".join(sorted(URI_SCHEMES, key=len, reverse=True))
TOKEN = re.compile(
    r"(?P<comment><!--)"
    rf"|</(?P<close>{TAG_NAME})"
    rf"|<(?P<open>{TAG_NAME})"
    r"|(?P<lbrace>\{\{+)|(?P<rbrace>\}\}+)"
    r"|(?:^|(?<=\n))[^\S\n]*(?:(?P<table>\{)\||(?P<tclose>\|)(?=\}))"
    r"|(?P<llink>\[\[+)|(?P<rbracket>\]+)"
    rf"|(?P<ext>\[)(?=//|(?i:{SCHEMES}):)"
)
EXT_AFTER = re.compile(rf"//|(?i:{SCHEMES}):")
OPAQUE = frozenset(PARSER_BLACKLIST)  # <nowiki>, <pre>, <math>…: their contents are not parsed
SINGLE_TAGS = frozenset(SINGLE)  # <br>, <li>, <td>…: close themselves, never fail
PLACEHOLDERS = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
RUNS = {"lbrace": "template", "rbrace": "template", "llink": "link", "rbracket": "link",
        "template": "template", "link": "link"}  # runs of "{{" and "[[", and what they open
LABELS = {"comment": ("<!-- comment", "<!-- comments"), "template": ("{{ template", "{{ templates"),
          "link": ("[[ link", "[[ links"), "table": ("{| table", "{| tables"),
          "ext": ("[ external link", "[ external links")}


@dataclass(slots=True)
class _Opener:
    """An opening construct; a run of braces or brackets (``{{{{``) is one opener holding several."""

    kind: str  # comment | template | link | table | ext | tag:<name>
    start: int
    cost_end: int  # where the parser gives up an unclosed one: the page's end, or the line's
    size: int = 1  # characters: 1, or the run's length
    mask: int = 0  # a one-character opener: the character to mask, from ``start``
    left: list[int] = field(default_factory=list)  # per pairing (by kind, by nesting): characters not closed
    closers: list[tuple[int, int]] = field(default_factory=list)  # what the nesting pairing closed it with

    def __post_init__(self) -> None:
        self.left = [self.size, self.size]

    def open_in(self, pairing: int) -> bool:
        """Still open: a run with two or more unpaired characters, a one-character opener unpaired."""
        return self.left[pairing] >= (2 if self.kind in RUNS else 1)

    def spots(self, pairing: int | None = None) -> list[int]:
        """The characters to mask: of a run, all but the first of what ``pairing`` left open (all, when
        ``pairing`` is None), as a lone "{" or "[" is text; else the one character of ``mask``."""
        if self.kind not in RUNS:
            return [self.start + self.mask]
        return list(range(self.start + 1, self.start + (self.size if pairing is None else self.left[pairing])))


@dataclass
class _Scan:
    """What one sweep found: the two pairings' left-over openers and the too-deep pairs."""

    by_kind: list[_Opener] = field(default_factory=list)
    by_nesting: list[_Opener] = field(default_factory=list)
    too_deep: list[_Opener] = field(default_factory=list)


@dataclass(frozen=True)
class Guarded:
    """The text to parse (the source, or the source with hopeless markup masked) and what was masked."""

    text: str
    restore: dict[int, str] = field(default_factory=dict)  # placeholder code point → the source character
    masked: int = 0
    warnings: list[str] = field(default_factory=list)


def guard(source: str) -> Guarded:
    """Mask openers that cannot close when the parser's recovery would cost it more than a few passes."""
    scan = _Scanner(source).run()
    chosen, pairing = [], 0
    if _cost(scan.by_kind, 0) > max(PASSES * len(source), MIN_COST):
        chosen = scan.by_kind
    elif _cost(scan.by_nesting, 1) > max(NESTED_PASSES * len(source), MIN_COST):
        chosen, pairing = scan.by_nesting, 1
    if not chosen and not scan.too_deep:
        return Guarded(source)
    spots = [at for o in chosen for at in o.spots(pairing)]
    spots += [at for o in scan.too_deep for at in o.spots()]
    spots += [at for o in scan.too_deep for first, size in o.closers for at in range(first + (size > 1), first + size)]
    text, restore = _mask(source, spots)
    if text is None:
        return Guarded(source, warnings=["markup that cannot close was left to the parser: the page uses "
                                         "every private-use character the guard could mask it with"])
    return Guarded(text, restore, len(chosen) + len(scan.too_deep), _warnings(chosen, scan.too_deep))


def _cost(openers: list[_Opener], pairing: int) -> int:
    """What the parser's recovery costs: a read on to where it gives up, for each unclosed construct."""
    return sum((o.cost_end - o.start) * max(1, o.left[pairing] // 2) for o in openers)


class _Scanner:
    """One left-to-right sweep over the markup tokens; every search only moves forward (linear)."""

    def __init__(self, source: str):
        self.source = source
        self.scan = _Scan()
        self.kinds: dict[str, list[_Opener]] = {}  # the pairing by kind: open openers of each kind
        self.nest: list[_Opener] = []  # the pairing by nesting: open constructs, innermost last
        self.ext: list[_Opener] = []  # external links open on the current line
        self.gt = self.newline = -1  # the next ">" and "\n" found so far (searched again once passed)
        self.no_close: dict[str, int] = {}  # "-->" or "</nowiki>" is absent from this offset on
        self.pairs: list[_Opener] = []  # what the nesting pairing closed

    def run(self) -> _Scan:
        pos = 0
        while m := TOKEN.search(self.source, pos):
            pos = self._token(m)
        self._flush_ext(len(self.source) + 1)
        self.scan.by_kind += [o for stack in self.kinds.values() for o in stack if o.open_in(0)]
        self.scan.by_nesting += [o for o in self.nest if o.open_in(1)]
        self.scan.too_deep = _too_deep(self.pairs)
        return self.scan

    def _token(self, m: re.Match[str]) -> int:
        """Handle one token; return where to search on."""
        kind = m.lastgroup
        at = m.start(kind)
        self._flush_ext(at)
        if kind == "comment":
            return self._comment(at)
        if kind == "open":
            return self._open_tag(m)
        if kind == "close":  # the "<" of "</ref" is masked with a too-deep pair
            self._close("tag:" + m.group("close").lower(), m.start(), 1)
        elif kind == "lbrace":
            self._push(_Opener("template", at, len(self.source), size=len(m.group(kind))))
        elif kind == "llink":
            self._link_run(at, len(m.group(kind)))
        elif kind in ("rbrace", "rbracket"):
            self._close(RUNS[kind], at, len(m.group(kind)))
            if kind == "rbracket":
                self.ext = []  # "]" closes the first external link open on its line; later ones were its title
        elif kind == "table":
            self._push(_Opener("table", at, len(self.source)))
        elif kind == "tclose":
            self._close("table", at, 1)
        else:  # ext: "[" masked, so "http://…" after it still reads as a bare link, as the parser reads it
            self.ext.append(_Opener("ext", at, self._line_end(at)))
        return m.end()

    def _link_run(self, at: int, size: int) -> None:
        """``[[``…: the last "[" of an odd run before a URL opens an external link (``[[[http://x]]]``)."""
        if size % 2 and EXT_AFTER.match(self.source, at + size):
            size -= 1
            self.ext.append(_Opener("ext", at + size, self._line_end(at)))
        self._push(_Opener("link", at, len(self.source), size=size))

    def _comment(self, at: int) -> int:
        """A closed comment is skipped whole; an unclosed one costs a scan to the end of the page."""
        end = -1 if at >= self.no_close.get("-->", len(self.source)) else self.source.find("-->", at + 4)
        if end >= 0:
            return end + 3
        self.no_close["-->"] = at
        unclosed = _Opener("comment", at, len(self.source), mask=2)  # "<!" kept: it ends a link title
        self.scan.by_kind.append(unclosed)
        self.scan.by_nesting.append(unclosed)
        return at + 4

    def _open_tag(self, m: re.Match[str]) -> int:
        name, at = m.group("open").lower(), m.start()
        if name in SINGLE_TAGS:
            return m.end()
        if self.gt < at:
            found = self.source.find(">", at)
            self.gt = found if found >= 0 else len(self.source)  # none: never searched again
        if self.source[self.gt - 1:self.gt + 1] == "/>":
            return m.end()  # <ref name=a /> closes itself
        tag = _Opener("tag:" + name, at, len(self.source))
        if self.gt == len(self.source):  # the tag itself never ends
            self.scan.by_kind.append(tag)
            self.scan.by_nesting.append(tag)
        elif name in OPAQUE:
            return self._opaque(tag, name, self.gt + 1, m.end())
        else:
            self._push(tag)
        return m.end()

    def _opaque(self, tag: _Opener, name: str, body: int, after_name: int) -> int:
        """``<nowiki>…</nowiki>``: skipped whole when closed; else an unclosed opener."""
        close = None
        if body < self.no_close.get(name, len(self.source) + 1):
            close = _closing(name).search(self.source, body)
        if close is not None:
            return close.end()
        self.no_close[name] = body
        self.scan.by_kind.append(tag)
        self.scan.by_nesting.append(tag)
        return after_name

    def _push(self, opener: _Opener) -> None:
        self.kinds.setdefault(opener.kind, []).append(opener)
        self.nest.append(opener)

    def _close(self, kind: str, at: int, size: int) -> None:
        """A closer of ``size`` characters at ``at``: pairs by kind, then by nesting (innermost only)."""
        _pair(self.kinds.get(kind, []), kind, at, size, 0, None)
        _pair(self.nest, kind, at, size, 1, self.pairs)

    def _line_end(self, at: int) -> int:
        if self.newline < at:
            self.newline = self.source.find("\n", at)
            if self.newline < 0:
                self.newline = len(self.source)
        return self.newline

    def _flush_ext(self, at: int) -> None:
        """External links still open on a line that has ended cannot close."""
        if self.ext and self.ext[-1].cost_end < at:
            self.scan.by_kind += self.ext
            self.scan.by_nesting += self.ext
            self.ext = []


def _pair(stack: list[_Opener], kind: str, at: int, size: int, pairing: int,
          pairs: list[_Opener] | None) -> None:
    """Close what a closer closes on top of ``stack``: runs as the parser reads them (``{{{…}}}`` takes
    three braces when both sides have three, else two; a lone one left is text), other openers one each."""
    while stack and stack[-1].kind == kind and size >= (2 if kind in RUNS else 1):
        top = stack[-1]
        take = 1 if kind not in RUNS else 3 if kind == "template" and min(top.left[pairing], size) >= 3 else 2
        top.left[pairing] -= take
        if pairs is not None:
            top.closers.append((at, take))
        at, size = at + take, size - take
        if not top.open_in(pairing):
            stack.pop()
            if pairs is not None:
                pairs.append(top)


def _too_deep(pairs: list[_Opener]) -> list[_Opener]:
    """Pairs with more than :data:`MAX_DEPTH` pairs around them (openers that never closed do not count)."""
    events = sorted([(o.start, 1, i) for i, o in enumerate(pairs)] +
                    [(o.closers[-1][0], -1, i) for i, o in enumerate(pairs)])
    depth, out = 0, []
    for _, step, i in events:
        depth += step
        if step > 0 and depth > MAX_DEPTH:
            out.append(pairs[i])
    return out


@functools.lru_cache(maxsize=64)
def _closing(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}\s*>", re.I)


def _mask(source: str, spots: list[int]) -> tuple[str | None, dict[int, str]]:
    """``source`` with the characters at ``spots`` swapped for placeholders it does not use (one per
    character swapped: ``{`` always becomes the same one)."""
    originals = {source[at] for at in spots}
    free = _free_placeholders(source, len(originals))
    if free is None:
        return None, {}
    placeholder = dict(zip(sorted(originals), free, strict=True))
    pieces, pos = [], 0
    for at in sorted(set(spots)):
        pieces += [source[pos:at], placeholder[source[at]]]
        pos = at + 1
    pieces.append(source[pos:])
    return "".join(pieces), {ord(p): ch for ch, p in placeholder.items()}


def _free_placeholders(source: str, count: int) -> list[str] | None:
    """``count`` private-use characters that ``source`` does not use."""
    present, free = set(source), []
    for block in PLACEHOLDERS:
        for code in block:
            if len(free) == count:
                return free
            if chr(code) not in present:
                free.append(chr(code))
    return free if len(free) == count else None


def _warnings(chosen: list[_Opener], too_deep: list[_Opener]) -> list[str]:
    counts = Counter(o.kind for o in chosen)
    out = []
    for kind, n in counts.most_common(6):
        one, many = LABELS.get(kind) or (f"<{kind[4:]}> tag", f"<{kind[4:]}> tags")
        out.append(f"markup that cannot close: {n:,} unclosed {one if n == 1 else many} read as text")
    if len(counts) > 6:
        rest = sum(n for _, n in counts.most_common()[6:])
        out.append(f"markup that cannot close: {rest:,} more unclosed openers of {len(counts) - 6:,} other "
                   "kinds read as text")
    if too_deep:
        out.append(f"markup nested deeper than {MAX_DEPTH} levels: {len(too_deep):,} pairs read as text")
    return out


def unmask(code: Wikicode, guarded: Guarded, source: str) -> bool:
    """Put the masked characters back in the parsed text; ``False`` if some could not be put back (the
    tree then reads other than the source, up to a NUL, where the parser stops)."""
    if not guarded.restore:
        return True
    for node in _walk(code):
        if isinstance(node, Text):
            node.value = node.value.translate(guarded.restore)
        elif isinstance(node, Comment):
            node.contents = node.contents.translate(guarded.restore)
    return str(code) == source.split("\x00", 1)[0]


def _walk(code: Wikicode) -> Iterator[object]:
    """Every node, nested ones too (an explicit stack: no generator per level)."""
    stack = [code]
    while stack:
        for node in stack.pop().nodes:
            yield node
            stack.extend(node.__children__())
