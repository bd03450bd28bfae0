"""Infobox casualty fields → labelled casualty items, totals and subsets.

Items without a number are labels for the figures after them ("2018
offensive, 237 killed"); ``----`` starts another estimate block; "Total: N"
is the total; "18 killed (10 soldiers and 8 PMC)" gives 18 and two subsets.

>>> from warledger.model import InfoboxField
>>> from warledger.read.wiki_plaintext import split_items
>>> v = "2018 offensive, 237 killed, ---- Total: 3,105 killed"
>>> parsed = parse_casualty_field(InfoboxField("Casualties1", v, 0, split_items(v, 0)))
>>> [(i.label, i.count.low) for i in parsed.items], parsed.total.count.low
([('2018 offensive', 237)], 3105)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warledger.extract.cues import cue_alternation
from warledger.extract.infobox.items import (
    PAREN,
    PAREN_LINE,
    clean,
    count_mentions,
    find_status,
    is_unknown,
    item_source,
)
from warledger.extract.mentions.sources import canonical_source
from warledger.model import CasualtyItem, CasualtyTotal, Count, EquipmentItem, InfoboxField, Status, Unparsed

TOTAL = re.compile(r"^\s*(?:grand\s+)?total\s*:?\s*", re.I)
SOURCE_LABEL = re.compile(
    r"^\s*(?:(?:per|according\s+to)\s+(?P<per>[^:]+)|(?P<claim>[^:]+?)\s+(?:claims?|estimates?))\s*:\s*", re.I)
SEPARATOR = re.compile(r"^(?:-{3,}|<hr\s*/?>)\s*", re.I)
# Machines, not people: an equipment noun, a model's designation ("Ju 52s", "T-72", "SM.82", "Mi-8"; not a day,
# "Sept 8"), or a verb only machines are lost by ("damaged", "sunk").
EQUIPMENT = re.compile(rf"\b(?:{cue_alternation('equipment_nouns')}|{cue_alternation('machine_loss_verbs')})\b|"
                       r"(?-i:\b(?!(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)\b)"
                       r"[A-Z][A-Za-z]{0,3}[-. ]?\d{1,3}[A-Z]?s?\b)", re.I)
MAX_FIGURES = 50
MAX_ITEMS = 200  # a real casualties field lists a few dozen; past this the rest is kept as unparsed text
"""An item with more figures than this is no casualty item (real ones have one to three): it is reported as
unparsed, not read as that many items that each copy the whole item and its labels (quadratic output)."""


@dataclass
class ParsedCasualties:
    items: list[CasualtyItem] = field(default_factory=list)
    total: CasualtyTotal | None = None
    unparsed: list[Unparsed] = field(default_factory=list)
    equipment: list[EquipmentItem] = field(default_factory=list)


@dataclass
class _State:
    label: str | None = None
    source: str | None = None
    block: int = 0


def _residual(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans (numbers, status words) cut out."""
    kept, pos = [], 0
    for start, end in sorted(spans):
        kept.append(text[pos:start])
        pos = max(pos, end)
    kept.append(text[pos:])
    return clean(re.sub(r"\b(?:and|or|of|&)\s*$", "", " ".join("".join(kept).split())))


def _extras(text: str) -> tuple[list[str], list[str]]:
    """Parentheticals split into labels ("March 2019–2024") and subset lists."""
    labels: list[str] = []
    subsets: list[str] = []
    for m in PAREN.finditer(text):
        inner = m.group("inner").strip()
        if inner and not item_source(m.group(0)):
            (subsets if count_mentions(inner) else labels).append(inner)
    return labels, subsets


def _figures(body: str, state: _State, default_status: Status | None) -> list[tuple[CasualtyItem, bool]] | None:
    """One item per number in ``body``, each with the status word after it and whether its words (not its
    parentheses) name machines; ``None`` past :data:`MAX_FIGURES`."""
    outside = PAREN.sub(lambda m: " " * len(m.group(0)), body)
    numbers = count_mentions(outside)
    if len(numbers) > MAX_FIGURES:
        return None
    labels, _ = _extras(body)
    extra = " ".join(f"({x})" for x in labels)  # read once: per number, a long item made this quadratic
    source = item_source(body) or state.source
    item_status, _ = find_status(outside)
    items, seg_start = [], 0
    for i, num in enumerate(numbers):
        stop = numbers[i + 1].start if i + 1 < len(numbers) else len(outside)
        status, span = find_status(outside[num.end:stop])
        cut = [(num.start - seg_start, num.end - seg_start)]
        if span:
            cut.append((num.end - seg_start + span[0], num.end - seg_start + span[1]))
        residual = _residual(outside[seg_start:stop], cut)
        label = " ".join(x for x in (residual, extra) if x) or state.label
        machines = EQUIPMENT.search(residual or state.label or "") is not None
        items.append((CasualtyItem(label=label, status=status or item_status or default_status,
                                   count=num.count, source=source, estimate=state.block or None, text=body), machines))
        seg_start = stop
    return items


def _subsets(body: str, parent: CasualtyItem, parent_ix: int) -> list[CasualtyItem]:
    _, subsets = _extras(body)
    out = []
    for inner in subsets:
        for i, num in enumerate(nums := count_mentions(inner)):
            stop = nums[i + 1].start if i + 1 < len(nums) else len(inner)
            status, span = find_status(inner[num.end:stop])  # "(including 12,000 captured)": a part's own fate
            cut = [(0, num.end - num.start)] + ([(num.end - num.start + span[0], num.end - num.start + span[1])]
                                                if span else [])
            noun = _residual(inner[num.start:stop], cut)
            out.append(CasualtyItem(label=noun or parent.label, status=status or parent.status, count=num.count,
                                    source=parent.source, subset_of=parent_ix, estimate=parent.estimate))
    return out


def _control_item(text: str, state: _State) -> str | None:
    """Handle separators and "Per SOHR:" labels; return the rest of the item."""
    if m := SEPARATOR.match(text):
        state.block += 1
        state.label = state.source = None
        text = text[m.end():]
    if m := SOURCE_LABEL.match(text):
        raw = (m.group("per") or m.group("claim")).strip()
        state.source = canonical_source(raw) or raw
        text = text[m.end():]
    return text.strip() or None


def parse_casualty_field(fld: InfoboxField, default_status: Status | None = None) -> ParsedCasualties:
    """Read every item of a casualties field."""
    out = ParsedCasualties()
    state = _State()
    items = [item for item in fld.items if item.text.strip()]
    if len(items) > MAX_ITEMS:  # every item becomes a claim quoting the field: bounded, not squared
        rest = items[MAX_ITEMS]
        out.unparsed.append(Unparsed(fld.name, fld.value[rest.offset - fld.offset:], rest.offset,
                                     f"more than {MAX_ITEMS} items in one field; the rest kept as text"))
    for item in items[:MAX_ITEMS]:
        text = _control_item(clean(item.text), state)
        if text is None:
            continue
        is_total = bool(TOTAL.match(text))
        body = TOTAL.sub("", text)
        if is_unknown(body):
            out.items.append(CasualtyItem(state.label, default_status, Count(None, None), text=text))
            continue
        if PAREN_LINE.match(body) and out.items and count_mentions(body):  # "40,085 dead" then "(including …)"
            out.items += _subsets(body, out.items[-1], len(out.items) - 1)
            continue
        figures = _figures(body, state, default_status)
        if figures is None:
            out.unparsed.append(Unparsed(fld.name, body, item.offset, f"more than {MAX_FIGURES} figures in one item"))
        elif not figures:
            _label_or_unparsed(out, fld, item.offset, body, state)
        elif is_total and out.total is None:
            out.total = CasualtyTotal(figures[0][0].status, figures[0][0].count)
        else:
            _add_figures(out, figures, body, item.offset, state)
    if out.total is None and state.block == 0:
        _total_of_the_others(out)
    return out


def _total_of_the_others(out: ParsedCasualties) -> None:
    """The first or last item, when it is the sum of all the others, is the field's total: "92,545 overall,
    17,729 dead, 63,345 wounded, 11,471 missing" (one estimate only, no parts: the sum is the check)."""
    items = out.items
    exact = [i.count.low for i in items if i.count.low is not None and i.count.low == i.count.high]
    if len(items) < 3 or len(exact) < len(items) or any(i.subset_of is not None for i in items):
        return
    for at in (0, len(items) - 1):
        if 2 * items[at].count.low == sum(exact):  # type: ignore[operator]
            total = items.pop(at)
            out.total = CasualtyTotal(total.status, total.count)
            return


def _add_figures(out: ParsedCasualties, figures: list[tuple[CasualtyItem, bool]], body: str, offset: int,
                 state: _State) -> None:
    """An item's figures: people as casualty items with the parts its parentheses tell, machines as equipment."""
    for n, (fig, machines) in enumerate(figures):
        if machines:
            out.equipment.append(EquipmentItem(body, fig.count, state.label))
            continue
        fig.offset = offset
        out.items.append(fig)
        out.items += _subsets(body, fig, len(out.items) - 1) if n == 0 else []


def _label_or_unparsed(out: ParsedCasualties, fld: InfoboxField, offset: int, body: str, state: _State) -> None:
    status, _ = find_status(body)
    if status is None:
        state.label = body.rstrip(": ")
    else:
        out.unparsed.append(Unparsed(fld.name, body, offset, f"{status} without a number"))
