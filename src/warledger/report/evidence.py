"""What a finding shows an editor: its weight, its arithmetic and the sentences it compares.

Pure functions over the audit's output (a :class:`~warledger.model.Finding` whose ``claims`` index the
ledger's ``(document id, claim)`` pairs) and the events of the claim's document.

The weight of a finding is ``KIND_WEIGHTS[kind] × Δ``: Δ is the audit's ``delta``, the number of people by
which the figures cannot both be true (at least 1); a kind the table does not name weighs 1. A document's
weight is the sum of the weights of the findings that cite one of its claims.

>>> from warledger.model import Finding
>>> finding_weight(Finding("contradiction", [0, 1], "412 vs 417", 5))
15
>>> finding_weight(Finding("incidents-exceed-claim", [2], "claim 4, incidents add up to at least 5", 1))
1
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from warledger.audit import gap
from warledger.model import CasualtyFigure, Claim, Count, Event, Finding
from warledger.summary import fmt_count as fmt

KIND_WEIGHTS: dict[str, int] = {"contradiction": 3, "sum-mismatch": 2, "incidents-exceed-claim": 1}
"""A source contradicting itself is the surest error, a total that its own parts do not make the next; incidents
that add up to more than a claim depend on how the incidents were read, so they weigh least."""

EXPLANATIONS: dict[str, str] = {
    "contradiction": "The same source gives two counts of the same people for the same period; "
                     "they cannot both be true.",
    "sum-mismatch": "A stated total does not equal the sum of the parts stated for the periods it covers.",
    "incidents-exceed-claim": "The incidents reported within a claim's period add up to more than the claim "
                              "allows.",
}

Pairs = list[tuple[str, Claim]]


def finding_weight(finding: Finding) -> int:
    """``KIND_WEIGHTS[kind]`` (1 for another kind) times Δ (at least 1)."""
    return KIND_WEIGHTS.get(finding.kind, 1) * max(finding.delta or 0, 1)


def total(counts: Iterable[Count]) -> Count:
    """The sum of counts as the audit adds them: lows (unknown as 0), and highs unless one is unbounded."""
    counts = list(counts)
    highs = [c.high for c in counts]
    return Count(sum(c.low or 0 for c in counts), None if None in highs else sum(h or 0 for h in highs))


# --- the sentences compared ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document with the compared figures marked: ``marks`` are (start, end) into ``text``."""

    doc: str
    section: str | None
    text: str
    marks: tuple[tuple[int, int], ...]
    event: str | None = None  # the incident it tells, for an incidents-exceed-claim finding


def _span(text: str, offset: int, quote: str | None, quote_offset: int | None) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` (which starts at ``offset``), when it stands there."""
    if not quote or quote_offset is None:
        return None
    start = quote_offset - offset
    return (start, start + len(quote)) if text[start:start + len(quote)] == quote and start >= 0 else None


def claim_sentences(pairs: Pairs, finding: Finding) -> list[Sentence]:
    """The sentences of the finding's claims, one per sentence, each with every compared figure in it marked."""
    marks: dict[tuple[str, int, str], list[tuple[int, int]]] = {}
    sections: dict[tuple[str, int, str], str | None] = {}
    for i in finding.claims:
        doc, c = pairs[i]
        key = (doc, c.offset, c.text)
        sections.setdefault(key, c.section)
        found = marks.setdefault(key, [])
        if (span := _span(c.text, c.offset, c.quote, c.quote_offset)) and span not in found:
            found.append(span)
    return [Sentence(doc, sections[(doc, offset, text)], text, tuple(sorted(found)))
            for (doc, offset, text), found in marks.items()]


def counted(fig: CasualtyFigure, claim: Claim) -> bool:
    """Whether the audit counts ``fig`` against ``claim``: the same party and status, the claim's group
    (a claim with no group takes every group), and not a part of another figure."""
    return fig.subset_of is None and (fig.party, fig.status) == (claim.party, claim.status) \
        and claim.group in (None, fig.group)


def event_sentences(doc: str, event: Event, claim: Claim) -> list[Sentence]:
    """The incident's sentence, and those of its supporting sentences that hold a figure counted against
    ``claim``, the counted figures marked."""
    figures = [f for f in event.casualties if counted(f, claim)]
    out = []
    for offset, text in [(event.offset, event.text), *((s.offset, s.text) for s in event.support)]:
        spans = {s for f in figures if (s := _span(text, offset, f.quote, f.quote_offset))}
        if spans or offset == event.offset:
            out.append(Sentence(doc, event.section, text, tuple(sorted(spans)), event.id))
    return out


# --- the arithmetic ----------------------------------------------------------------------------------------


def _line_key(c: Claim) -> tuple:
    """One statement of a figure: restatements of a line (the same text elsewhere) share it."""
    return c.text, None if c.quote_offset is None else c.quote_offset - c.offset, c.quote, c.period


def _contradiction(pairs: Pairs, finding: Finding) -> str | None:
    counts = list(dict.fromkeys(Count(pairs[i][1].count.low, pairs[i][1].count.high) for i in finding.claims))
    if len(counts) != 2 or gap(*counts) != finding.delta:
        return None
    return f"{fmt(counts[0])} ≠ {fmt(counts[1])}"


def _sum_mismatch(pairs: Pairs, finding: Finding) -> str | None:
    period = pairs[finding.claims[0]][1].period
    stated: dict[tuple, Count] = {}
    parts: dict[tuple, Count] = {}
    for i in finding.claims:
        c = pairs[i][1]
        (stated if c.period == period else parts).setdefault(_line_key(c), c.count)
    said, summed = total(stated.values()), total(parts.values())
    if not parts or gap(said, summed) != finding.delta:
        return None
    text = f"{' + '.join(map(fmt, parts.values()))} = {fmt(summed)} ≠ {fmt(said)}"
    return text + (f" = {' + '.join(map(fmt, stated.values()))}" if len(stated) > 1 else "")


def incident_low(event: Event, claim: Claim) -> int:
    """The incident's count against ``claim`` as the audit takes it: each source's counted figures added up,
    the lowest source kept."""
    by_source: dict[str | None, int] = {}
    for fig in event.casualties:
        if counted(fig, claim):
            by_source[fig.source] = by_source.get(fig.source, 0) + (fig.count.low or 0)
    return min(by_source.values(), default=0)


def _incidents(pairs: Pairs, finding: Finding, events: dict[str, Event]) -> str | None:
    claim = pairs[finding.claims[0]][1]
    tallies = [pairs[i][1] for i in finding.claims
               if (pairs[i][1].period, pairs[i][1].count.low, pairs[i][1].count.high)
               != (claim.period, claim.count.low, claim.count.high)]
    if claim.count.high is None or any(e not in events for e in finding.events):
        return None
    terms = [(incident_low(events[e], claim), e) for e in finding.events] \
        + [(t.count.low or 0, "a smaller tally") for t in tallies]
    added = sum(n for n, _ in terms)
    if added - claim.count.high != finding.delta:
        return None
    return f"{' + '.join(f'{n:,} ({what})' for n, what in terms)} = {added:,} > {fmt(claim.count)}"


def arithmetic(pairs: Pairs, finding: Finding, events: dict[str, Event]) -> str | None:
    """The finding's sum written out (``"1,096 + 166 + 46 + 58 = 1,366 ≠ 1,336"``), or ``None`` when its
    kind has none or the figures cited do not give back the audit's Δ (then only its detail is shown).

    ``events`` are the events of the claim's document by id (used by incidents-exceed-claim).
    """
    if finding.kind == "contradiction":
        return _contradiction(pairs, finding)
    if finding.kind == "sum-mismatch":
        return _sum_mismatch(pairs, finding)
    if finding.kind == "incidents-exceed-claim":
        return _incidents(pairs, finding, events)
    return None
