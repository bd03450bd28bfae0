"""Claims: totals over a period ("264 pro-government fighters were killed in
2022, according to SOHR"), from prose, from ``noteN`` lines and from the
infobox's casualty items.

>>> is_aggregate("Overall, 246 pro-government fighters were killed between 22 May and 11 June.", [])
True
>>> is_aggregate("On 22 May, 16 soldiers were killed.", [DateSpan("2018-05-22", "2018-05-22", "day")])
False
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from warledger.extract.analysis import SentenceFacts, as_facts
from warledger.extract.figures.casualties import Figure, find_figures
from warledger.extract.mentions.actors import ActorLexicon
from warledger.extract.mentions.sources import Attribution, figure_source, find_attributions
from warledger.extract.text.dates import find_dates, parse_date_span
from warledger.extract.text.phrases import PhraseMatcher
from warledger.model import CasualtyItem, Claim, ConflictRecord, DateSpan, Document, InfoboxField, Side

# Words that make a sentence's figures a total over a period ("overall", "so far", "in total").
AGGREGATE_PHRASES = ["overall", "in total", "a total of", "total of", "altogether", "so far", "to date", "statistics",
                     "accumulated", "tally", "since the start", "since the beginning", "by this point",
                     "the same period", "the month of", "throughout the", "the total number",
                     *(f"death toll {p} the {span}" for p in ("in", "for", "of")
                       for span in ("year", "month", "campaign"))]
PERIOD_PRECISIONS = {"period", "year", "season"}
CLAIM_TEXT_CHARS = 1000  # an infobox claim's text is its field, cut here: each item's claim repeats it
# "In 2018, an IS car bomb killed 4 civilians": one incident dated only loosely is no tally.
LOOSE_DATES = {"year", "season"}
ONE_INCIDENT = re.compile(
    r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:car\s+bomb|bomb|bombing|landmine|land\s+mine|mine|IED|explosive\s+device|"
    r"airstrike|air\s+strike|air\s+raid|drone\s+strike|strike|explosion|blast|attack|ambush|raid|shell|missile|rocket|"
    r"mortar\s+round|suicide\s+bomber|suicide\s+bombing|sniper|gunman)\b|\bbodies\s+of\b|\bmass\s+grave\b", re.I)
# A tally over a whole country, a recent stretch of days or a published count: "across Iraq", "nationwide", "in
# the past week", "UN figures released on Monday showed".
WIDE_SCOPE = re.compile(
    r"\b(?:(?i:across|throughout|all\s+over)\s+(?:(?i:the\s+)?(?i:country|nation|region)\b|[A-Z][\w-]+)|"
    r"(?i:nationwide|countrywide|(?:in|over|during)\s+the\s+(?:past|last|previous)\s+(?:\w+\s+)?"
    r"(?:days|weeks?|months?|years?)|(?:in|during|over)\s+(?:its|the|their)\s+first\s+(?:\w+\s+)?"
    r"(?:days|weeks?|months?))\b|"
    r"(?i:during|throughout)\s+(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b|"
    r"(?i:monthly|annual|(?:figures|statistics|data)\s+(?:released\s+|published\s+|issued\s+)?(?:\w+\s+){0,3}?"
    r"(?:show|showed|shows|released|published))\b)")
WIDE_SCOPE_WORDS = frozenset({"across", "throughout", "over", "nationwide", "countrywide", "past", "last", "previous",
                              "first", "during", "monthly", "annual", "figures", "statistics", "data"})
# "By the end of the year, SOHR had documented …": a running count up to a date.
CUMULATIVE = re.compile(r"^By\s[^,]{1,40},.*?\bhad\s+(?:been\s+|reportedly\s+)?(?:killed|documented|recorded|counted|"
                        r"confirmed|reached|risen|climbed|died|lost)\b", re.I)
TOTAL_WORDS = re.compile(r"\b(?:overall|in\s+total|a\s+total\s+of|total\s+of|altogether)\b", re.I)
FATALITY_WORDS = re.compile(r"\b(?:fatalities|deaths|killed|dead|casualties)\b", re.I)


@functools.cache
def _aggregate_matcher() -> PhraseMatcher:
    return PhraseMatcher(((p, True) for p in AGGREGATE_PHRASES), shared=True)


def is_aggregate(text: str | SentenceFacts, dates: list[DateSpan], singles: bool = False) -> bool:
    """Whether a sentence's figures are a total over a period, not one incident.

    A period, a year, a season, an open span ("since 1 September") or a run of
    more than three weeks marks a tally; so do words such as "overall" and, unless a
    day is named, a whole country or a recent stretch ("across Iraq", "in the past week"). A year or a
    season over one incident ("In 2018, an IS car bomb killed 4") does not, nor over ``singles``: figures of
    one person each.
    """
    s = as_facts(text)
    text = s.text
    if singles and not TOTAL_WORDS.search(text):
        return False  # "a woman was shot dead …, the seventh killing since the start of the year": one death
    if _aggregate_matcher().find(s):
        return True
    if not any(d.precision in ("day", "days") for d in dates) and (
            (text[:3].lower() == "by " and CUMULATIVE.search(text))
            or (not s.words.isdisjoint(WIDE_SCOPE_WORDS) and WIDE_SCOPE.search(text))):
        return True
    # One incident dated loosely: "a car bomb" in 2018, or victims counted one by one ("a former member").
    single = any(d.precision in LOOSE_DATES for d in dates) and (singles or ONE_INCIDENT.search(text) is not None)
    return any((d.precision in PERIOD_PRECISIONS and not (single and d.precision in LOOSE_DATES))
               or d.open_ended or (d.precision == "days" and _days(d) > 21) for d in dates)


def _days(span: DateSpan) -> int:
    if not span.start or not span.end:
        return 0
    return (dt.date.fromisoformat(span.end) - dt.date.fromisoformat(span.start)).days


def _claim(sent_text: str, offset: int, fig: Figure, period: DateSpan | None, source: str | None,
           section: str | None, subset: int | None) -> Claim:
    return Claim(period=period, party=fig.party, group=fig.group, status=fig.status or "killed", count=fig.count,
                 source=source, scope=None, offset=offset, text=sent_text, section=section,
                 quote=sent_text[fig.start:fig.end], quote_offset=offset + fig.start, subset_of=subset)


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


def _item_claim(item: CasualtyItem, party: str | None, fld: InfoboxField | None, conflict_date: DateSpan | None,
                lexicon: ActorLexicon, text: str) -> Claim:
    period = parse_date_span(item.label or "") or conflict_date
    if period is not None:
        period = DateSpan(period.start, period.end, "period")
    if party is None and item.label:
        party = next((a.party for a in lexicon.find(item.label) if a.party), None)
    quote, quote_offset = _item_quote(item, fld, text)
    return Claim(period=period, party=party, group=item.group, status=item.status or "killed", count=item.count,
                 source=item.source, scope="campaign (infobox)", offset=fld.offset if fld else (quote_offset or 0),
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
