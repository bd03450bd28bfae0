"""Run the extraction stages over a document, in order.

``extract`` turns one :class:`Document` into the contract's
:class:`LedgerDocument`. ``extract_all`` does a batch and, like spaCy's
per-document error handler, reports a document whose extraction fails
instead of stopping the batch.

>>> from warledger.read import read_string
>>> doc = read_string("= W =\\n- Combatant1: A\\n- Combatant2: B\\n", "w").documents[0]
>>> [s.combatants for s in extract(doc).conflict.sides]
[['A'], ['B']]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from warledger.boundary import guard
from warledger.extract.analysis import DocAnalysis, SentenceFacts
from warledger.extract.figures.casualties import find_figures
from warledger.extract.figures.counted_before import with_counts_before
from warledger.extract.figures.statuses import has_casualty_words
from warledger.extract.infobox.conflict import extract_conflict
from warledger.extract.mentions.actors import main_sides
from warledger.extract.narrative.claims import infobox_claims, note_claims
from warledger.extract.narrative.events import build_events
from warledger.extract.stages import STAGES as SENTENCE_STAGES
from warledger.extract.stages import Pipeline, Stage, fill_counts, per_sentence
from warledger.limits import Deadline, Limits
from warledger.model import Count, Document, DocumentFailure, LedgerDocument


def read_infobox(analysis: DocAnalysis) -> None:
    """Read the infobox into the conflict record; a line it cannot read becomes a warning, never an error."""
    doc = analysis.doc
    analysis.conflict = extract_conflict(doc)
    analysis.warnings = list(doc.warnings)
    if analysis.conflict is not None:
        analysis.warnings += [f"{doc.id}: infobox {u.field or 'line'} at offset {u.offset}: {u.reason}: "
                              f"{_short(u.text)!r}" for u in analysis.conflict.unparsed]
    analysis.deadline.check("the infobox")


def choose_sides(analysis: DocAnalysis) -> None:
    """Name the two parties the document shows fighting most ("IS" and "pro-government"): whose "fighters" died."""
    analysis.sides = main_sides((s.actors for s in analysis.sentences), analysis.lexicon, analysis.theatre)


def fill_figures(s: SentenceFacts, analysis: DocAnalysis) -> None:
    """Bind each number or person to a status, a party and a group: "killing 7 soldiers" → 7 government killed.

    The numbers that may count people are read only in a sentence with a casualty word: no other has figures.
    """
    if not has_casualty_words(s):
        s.numbers, s.figures = [], []
        return
    fill_counts(s)
    s.figures = find_figures(s, analysis.lexicon, analysis.theatre, sides=analysis.sides)


def count_plurals_again(analysis: DocAnalysis) -> None:
    """Count "the engineers" told a status as the "three engineers" a sentence just before named."""
    with_counts_before(analysis.sentences)


def collect_claims(analysis: DocAnalysis) -> None:
    """Gather the claims: the notes' tallies, the infobox's items, then the prose's (their parts renumbered)."""
    doc, claims = analysis.doc, note_claims(analysis.doc, 0)
    claims += infobox_claims(doc, analysis.conflict)
    for claim in analysis.prose_claims:
        if claim.subset_of is not None:
            claim.subset_of += len(claims)
    analysis.claims = claims + analysis.prose_claims


def drop_oversized_counts(analysis: DocAnalysis) -> None:
    """Drop every count over the limit (``--max-count``): a count of people has no 40 digits."""
    ledger = LedgerDocument(document=analysis.doc.info(), conflict=analysis.conflict, events=analysis.events,
                            claims=analysis.claims)
    limit = analysis.limits.max_count
    analysis.warnings += [f"{analysis.doc.id}: {what} was dropped: a count over {limit:,} is no count of people"
                          for what in drop_oversized(ledger, limit)]


STAGES: tuple[Stage, ...] = (
    Stage("infobox", read_infobox, ("doc",), ("conflict", "warnings")),
    *SENTENCE_STAGES,
    Stage("sides", choose_sides, ("sentences", "sentence.actors", "theatre"), ("sides",)),
    per_sentence("figures", fill_figures, ("sentence.date_matches", "sentence.actors", "sentence.breaks",
                                           "sentence.words", "sentence.folded", "sentence.places",
                                           "sentence.surnames", "theatre", "sides"),
                 ("sentence.numbers", "sentence.figures")),
    Stage("counted_before", count_plurals_again, ("sentences", "sentence.figures", "sentence.numbers",
                                                  "sentence.date_matches", "sentence.words", "sentence.folded"),
          ("sentence.figures",)),
    Stage("narrative", build_events,
          ("sentences", "sentence.words", "sentence.folded", "sentence.date_matches", "sentence.places",
           "sentence.actors", "sentence.attributions", "sentence.figures", "sentence.numbers", "sentence.breaks",
           "sentence.surnames", "theatre", "sides", "date_order"),
          ("events", "prose_claims")),
    Stage("claims", collect_claims, ("conflict", "prose_claims"), ("claims",)),
    Stage("limits", drop_oversized_counts, ("conflict", "events", "claims", "warnings"), ("warnings",)),
)
PIPELINE = Pipeline(STAGES)


def analyse(doc: Document, limits: Limits | None = None, deadline: Deadline | None = None,
            strict: bool = False) -> DocAnalysis:
    """Run every stage over ``doc`` (``strict``: each stage sees only what it declares, as the tests run it)."""
    limits = limits or Limits()
    analysis = DocAnalysis(doc, limits, deadline or Deadline(doc.id, limits.max_seconds))
    return PIPELINE(analysis, strict=strict)


def extract(doc: Document, limits: Limits | None = None, deadline: Deadline | None = None) -> LedgerDocument:
    """The ledger document for ``doc``: conflict record, events, claims.

    The time budget of ``limits`` (or a ``deadline`` the caller started when it began the document)
    is checked between stages and sentences (:class:`~warledger.limits.BudgetExceeded` when it runs
    out); counts over ``limits.max_count`` are dropped with a warning.
    """
    a = analyse(doc, limits, deadline)
    return LedgerDocument(document=doc.info(), conflict=a.conflict, events=a.events, claims=a.claims,
                          warnings=a.warnings)


def _short(text: str, chars: int = 120) -> str:
    return text if len(text) <= chars else text[:chars] + "…"


def drop_oversized(ledger: LedgerDocument, max_count: int) -> list[str]:
    """Remove every figure, claim and infobox item whose count passes ``max_count``; say what went.

    A part pointing at a dropped total loses its link (``subset_of``); links to the items kept are renumbered.
    """
    dropped = _drop_from_list(ledger.claims, max_count)
    for event in ledger.events:
        dropped += _drop_from_list(event.casualties, max_count)
    conflict = ledger.conflict
    if conflict is None:
        return dropped
    dropped += _drop_from_list(conflict.other_casualties, max_count)
    if conflict.total_casualties is not None and _oversized(conflict.total_casualties, max_count):
        dropped.append(f"the total casualties ({_digits(conflict.total_casualties)})")
        conflict.total_casualties = None
    for side in conflict.sides:
        dropped += _drop_from_list(side.casualties, max_count) + _drop_from_list(side.strength, max_count)
        if side.casualties_total is not None and _oversized(side.casualties_total.count, max_count):
            dropped.append(f"side {side.index}'s total casualties ({_digits(side.casualties_total.count)})")
            side.casualties_total = None
    return dropped


def _drop_from_list(items: list, max_count: int) -> list[str]:
    gone = {i for i, x in enumerate(items) if _oversized(x.count, max_count)}
    if not gone:
        return []
    dropped = [f"{_quote(items[i])} ({_digits(items[i].count)})" for i in sorted(gone)]
    new_index = {old: new for new, old in enumerate(i for i in range(len(items)) if i not in gone)}
    items[:] = [x for i, x in enumerate(items) if i in new_index]
    for x in items:
        if getattr(x, "subset_of", None) is not None:
            x.subset_of = new_index.get(x.subset_of)
    return dropped


def _oversized(count: Count, max_count: int) -> bool:
    return (count.low is not None and count.low > max_count) or (count.high is not None and count.high > max_count)


def _digits(count: Count) -> str:
    n = max(x for x in (count.low, count.high) if x is not None)
    return f"{len(str(n)) if n < 10**30 else 'over 30'} digits"


def _quote(item: object) -> str:
    offset = getattr(item, "quote_offset", None)
    if offset is None:
        offset = getattr(item, "offset", None)
    kind = type(item).__name__.replace("Casualty", "casualty ").lower()
    return f"a {kind.strip()}" + (f" at offset {offset}" if offset is not None else "")


def extract_all(docs: Iterable[Document], limits: Limits | None = None) -> Iterator[LedgerDocument | DocumentFailure]:
    """Extract each document; a failure (an error or a budget passed) is yielded as :class:`DocumentFailure`."""
    for doc in docs:
        yield guard("extract", doc.id, doc.id, lambda doc=doc: extract(doc, limits))
