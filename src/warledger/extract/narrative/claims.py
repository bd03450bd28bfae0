"""Claims: totals over a period ("264 pro-government fighters were killed in
2022, according to SOHR"), from prose, from ``noteN`` lines and from the
infobox's casualty items. Which prose sentences are tallies is decided in ``tallies``.

>>> from warledger.read import read_string
>>> text = "= T =\\n\\nnote1|Deaths according to SOHR: 264 pro-gov. and 166 IS in 2022\\n- Conflict: T\\n\\nText.\\n"
>>> [(c.party, c.count.low, c.period.start, c.source) for c in note_claims(read_string(text, "t").documents[0], 0)]
[('pro-government', 264, '2022-01-01', 'SOHR'), ('IS', 166, '2022-01-01', 'SOHR')]
"""

from __future__ import annotations

import functools

from warledger.extract.analysis import SentenceFacts
from warledger.extract.figures import Figure
from warledger.extract.figures.casualties import find_figures
from warledger.extract.mentions.actors import ActorLexicon
from warledger.extract.mentions.sources import Attribution, figure_source, find_attributions, source_kind
from warledger.extract.narrative.tallies import FATALITY_WORDS
from warledger.extract.text.dates import find_dates, parse_date_span
from warledger.model import CasualtyItem, Claim, ConflictRecord, DateSpan, Document, InfoboxField, Side

CLAIM_TEXT_CHARS = 1000  # an infobox claim's text is its field, cut here: each item's claim repeats it


def _claim(sent_text: str, offset: int, fig: Figure, period: DateSpan | None, source: str | None,
           section: str | None, subset: int | None) -> Claim:
    return Claim(period=period, party=fig.party, group=fig.group, status=fig.status or "killed", count=fig.count,
                 source=source, scope=None, offset=offset, text=sent_text, source_kind=source_kind(source),
                 section=section, quote=sent_text[fig.start:fig.end], quote_offset=offset + fig.start,
                 subset_of=subset)


def to_claims(sent: SentenceFacts, figures: list[Figure], attributions: list[Attribution], period: DateSpan | None,
              first_index: int, inherited_source: str | None = None) -> list[Claim]:
    """One claim per figure of a sentence; sub-figures point at their total."""
    out = []
    for fig in figures:
        source = figure_source(sent, fig.start, attributions) or inherited_source
        subset = first_index + fig.subset_of if fig.subset_of is not None else None
        claim = _claim(sent.text, sent.start, fig, period, source, sent.section.path if sent.section else None,
                       subset)
        claim.source_inherited = source is not None and source == inherited_source and not attributions
        out.append(claim)
    return out


def note_claims(doc: Document, first_index: int, lexicon: ActorLexicon | None = None) -> list[Claim]:
    """Claims of ``noteN`` lines: ";"-separated tallies, each with its period."""
    out: list[Claim] = []
    for note in doc.notes:
        attributions = find_attributions(note.value)
        source = attributions[0].source if attributions else None
        default = "killed" if FATALITY_WORDS.search(note.value) else None
        pos = 0
        for part in note.value.split(";"):
            dates = find_dates(part)
            period = DateSpan(dates[-1].span.start, dates[-1].span.end, "period") if dates else None
            base = len(out) + first_index
            for fig in find_figures(part, lexicon, default_status=default, require_status=False):
                subset = base + fig.subset_of if fig.subset_of is not None else None
                shifted = Figure(fig.start + pos, fig.end + pos, fig.count, fig.party, fig.group, fig.status)
                out.append(_claim(note.value, note.offset, shifted, period, source, f"infobox > {note.name}",
                                  subset))
            pos += len(part) + 1
    return out


def _side_party(side: Side, lexicon: ActorLexicon) -> str | None:
    for name in side.combatants:
        parties = [a.party for a in lexicon.find(name) if a.party]
        if parties:
            return parties[0]
    return None


def _item_quote(item: CasualtyItem, fld: InfoboxField | None, text: str) -> tuple[str | None, int | None]:
    """Where ``text`` states ``item``: its words found from the item's start within its field (a "Per SOHR:"
    label before them is left out), else the list item as written; ``(None, None)`` when neither is there.
    An item's text is cleaned (icons dropped, spaces collapsed), so it is looked up, never assumed at its offset.

    >>> from warledger.model import Count
    >>> text = "- Casualties1: Per SOHR: 900 killed"
    >>> fld = InfoboxField("Casualties1", text[15:], 15)
    >>> _item_quote(CasualtyItem(None, "killed", Count(900, 900), text="900 killed", offset=15), fld, text)
    ('900 killed', 25)
    """
    start = item.offset if item.offset is not None else fld.offset if fld else None
    if item.text is None or start is None:
        return None, None
    end = fld.offset + len(fld.value) if fld is not None and fld.offset <= start else len(text)
    if (at := text.find(item.text, start, end)) >= 0:
        return item.text, at
    raw = next((i for i in fld.items if i.offset == item.offset), None) if fld is not None else None
    if raw is not None and text[raw.offset:raw.offset + len(raw.text)] == raw.text:
        return raw.text, raw.offset
    return None, None


@functools.lru_cache(maxsize=256)
def _label_reading(label: str, lexicon: ActorLexicon) -> tuple[DateSpan | None, str | None]:
    """The period and the party an item's label names ("March 2019–2024", "Iranian-backed militias"): the same
    labels recur down an infobox's columns, so each is read once."""
    period = parse_date_span(label)
    return period, next((a.party for a in lexicon.find(label) if a.party), None) if label else None


def _item_claim(item: CasualtyItem, party: str | None, fld: InfoboxField | None, conflict_date: DateSpan | None,
                lexicon: ActorLexicon, text: str) -> Claim:
    label_period, label_party = _label_reading(item.label or "", lexicon)
    period = label_period or conflict_date
    if period is not None:
        period = DateSpan(period.start, period.end, "period")
    if party is None and item.label:
        party = label_party
    quote, quote_offset = _item_quote(item, fld, text)
    return Claim(period=period, party=party, group=item.group, status=item.status or "killed", count=item.count,
                 source=item.source, source_kind=source_kind(item.source), scope="campaign (infobox)",
                 offset=fld.offset if fld else (quote_offset or 0),
                 text=fld.value[:CLAIM_TEXT_CHARS] if fld else (quote or ""),
                 section=f"infobox > {fld.name}" if fld else "infobox",
                 label=item.label, quote=quote, quote_offset=quote_offset)


def infobox_claims(doc: Document, conflict: ConflictRecord | None, lexicon: ActorLexicon | None = None) -> list[Claim]:
    """Casualty items and totals of the infobox, as claims."""
    if conflict is None:
        return []
    lexicon = lexicon or ActorLexicon.load()
    fields = {f.name.lower().replace(" ", ""): f for f in doc.infobox}
    out = []
    for side in conflict.sides:
        party = _side_party(side, lexicon)
        fld = fields.get(f"casualties{side.index}")
        out += [_item_claim(item, party, fld, conflict.date, lexicon, doc.text) for item in side.casualties]
        if side.casualties_total:
            total = CasualtyItem("Total", side.casualties_total.status, side.casualties_total.count)
            out.append(_item_claim(total, party, fld, conflict.date, lexicon, doc.text))
    other = next((f for k, f in fields.items() if k.startswith("casualties") and
                  not any(f"casualties{s.index}" == k for s in conflict.sides)), None)
    out += [_item_claim(item, None, other, conflict.date, lexicon, doc.text) for item in conflict.other_casualties]
    if conflict.total_casualties:
        total = CasualtyItem("Total", "killed", conflict.total_casualties)
        out.append(_item_claim(total, None, other, conflict.date, lexicon, doc.text))
    return out
