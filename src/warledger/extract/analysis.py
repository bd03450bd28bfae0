"""One document's analysis: what the stages found, per sentence and for the whole document.

The stages of :mod:`warledger.extract.pipeline` fill a :class:`DocAnalysis` in
order; each sentence's findings sit on its :class:`SentenceFacts`, worked out
once and read by every later stage (the figures stage reads the numbers and
status words; the narrative reads the figures, dates and attributions). The
analysis is passed explicitly: nothing about a document is kept in a module.

A field is missing until the stage that sets it has run, so a stage that reads
what no earlier stage set fails with ``AttributeError`` instead of reading a
default.

>>> s = SentenceFacts.of("IS killed 7 soldiers.")
>>> s.folded, sorted(s.words)
('is killed 7 soldiers.', ['is', 'killed', 'soldiers'])
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from warledger.extract.text.phrases import Hit, fold, word_set
from warledger.limits import NO_DEADLINE, Deadline, Limits

if TYPE_CHECKING:
    from warledger.extract.figures import Figure
    from warledger.extract.mentions.actors import ActorLexicon, ActorMention
    from warledger.extract.mentions.gazetteer import Gazetteer, PlaceMention
    from warledger.extract.mentions.sources import Attribution
    from warledger.extract.text.date_order import DateOrder
    from warledger.extract.text.numbers import NumberMention
    from warledger.extract.text.sentences import Sentence
    from warledger.model import Claim, ConflictRecord, Document, Event


class TraceNote(NamedTuple):
    """One decision of one pass, for ``warledger extract --trace``."""

    stage: str  # the stage or named pass that decided ("figures.bind_status")
    action: str  # "set" | "dropped" | "kept" …
    what: str  # the value, as a reader would quote it ("7 soldiers → killed")
    origin: str | None = None  # the data line behind it ("cues/hypothetical_words.yaml:5"), if any


NO_HITS: dict[int, list[Hit]] = {}  # a sentence's shared scan before it is made (never written to)


class SentenceFacts:
    """One sentence and what the stages found in it (offsets are into the sentence's text)."""

    # Slots: a document has thousands of sentences; an unset slot reads as AttributeError, as a missing field.
    __slots__ = ("actors", "attributions", "breaks", "date_matches", "end", "figures", "folded", "lead", "numbers",
                 "places", "section", "sentence", "shared_hits", "shared_members", "start", "surnames", "text", "trace",
                 "words")

    trace: list[TraceNote] | None  # a list only when the run is traced (``note`` adds to it)

    # Set by the stages (see pipeline.STAGES); absent until then.
    folded: str  # the text without case or accents, same length (surface)
    words: frozenset[str]  # its lower-case letter runs: a cheap test before a costly pass (surface)
    breaks: tuple[int, ...]  # where its clauses begin after the first (clauses)
    date_matches: tuple[re.Match[str], ...]  # dates as written, unresolved: their numbers are no counts (dates)
    numbers: list[NumberMention]  # numbers that may count people (not in dates, ages or names), read where a
    # casualty word is: elsewhere none (figures)
    places: list[PlaceMention]  # gazetteer names (places)
    actors: list[ActorMention]  # actor words of the document's theatre (actors)
    attributions: list[Attribution]  # who says what, and where their clause lies (attributions)
    figures: list[Figure]  # casualty figures bound to party, group and status (figures)
    surnames: dict[str, str | None]  # surnames the document gave in full elsewhere, written here alone, with the
    # side named before the full name (surnames)

    def __init__(self, sentence: Sentence):
        self.sentence = sentence
        self.text, self.start, self.end = sentence.text, sentence.start, sentence.end
        self.section, self.lead = sentence.section, sentence.lead
        # The shared phrase pass over this sentence, by matcher (one scan serves every lexicon; see
        # PhraseMatcher.find), and how many matchers it served.
        self.shared_hits: dict[int, list[Hit]] = NO_HITS
        self.shared_members = -1
        self.trace = None

    @classmethod
    def of(cls, text: str) -> SentenceFacts:
        """Facts for a text on its own (a test, a doctest, an infobox item), its surface filled in."""
        from warledger.extract.text.sentences import Sentence

        facts = cls(Sentence(0, len(text), text))
        facts.folded = fold(text)
        facts.words = word_set(text, facts.folded)
        facts.surnames = {}
        return facts


class DocAnalysis:
    """A document in the making: its sentences' facts and what the document-wide stages decided."""

    # Set by the stages; absent until then.
    sentences: list[SentenceFacts]  # the prose's sentences, in order (sentences)
    date_order: DateOrder  # how the document writes numeric dates: day or month first (date_order)
    theatre: str  # the country the document is about (theatre)
    sides: tuple[str, str] | None  # the two parties it shows fighting most (sides)
    conflict: ConflictRecord | None  # the infobox's record (infobox)
    events: list[Event]  # (narrative)
    prose_claims: list[Claim]  # tallies told in the prose (narrative)
    claims: list[Claim]  # notes, infobox and prose claims, in that order (claims)
    warnings: list[str]  # (infobox, and any stage that has something to say)

    def __init__(self, doc: Document, limits: Limits | None = None, deadline: Deadline = NO_DEADLINE,
                 lexicon: ActorLexicon | None = None, gazetteer: Gazetteer | None = None):
        from warledger.extract.mentions.actors import ActorLexicon
        from warledger.extract.mentions.gazetteer import Gazetteer

        self.doc = doc
        self.limits = limits or Limits()
        self.deadline = deadline
        self.lexicon = lexicon or ActorLexicon.load()
        self.gazetteer = gazetteer or Gazetteer.load()

    def each(self, stage: str) -> Any:
        """The sentences, the time budget checked before each (``stage`` names the work if it runs out)."""
        return self.deadline.each(self.sentences, stage)


def note(s: SentenceFacts, stage: str, action: str, what: str, origin: str | None = None) -> None:
    """Record a pass's decision on ``s`` when the run is traced (nothing otherwise: cheap to call anywhere)."""
    if s.trace is not None:
        s.trace.append(TraceNote(stage, action, what, origin))


def as_facts(text: str | SentenceFacts) -> SentenceFacts:
    """A sentence's facts as given, or fresh ones for a text on its own."""
    return SentenceFacts.of(text) if isinstance(text, str) else text
