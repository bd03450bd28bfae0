"""The extraction stages: what each reads and what it sets, checked when the pipeline is built.

Like a spaCy component, each :class:`Stage` declares what it ``requires`` and
what it ``assigns`` on the :class:`~warledger.extract.analysis.DocAnalysis`
(plain names) or on every sentence's facts (``sentence.`` names). A
:class:`Pipeline` refuses an order in which a stage reads what no earlier stage
set; run ``strict``, it also hides from each stage everything it did not
declare, so an undeclared read fails (the tests run it so).

>>> Pipeline([STAGES[1], STAGES[0]])
Traceback (most recent call last):
...
warledger.extract.stages.StageOrderError: stage 'surface' requires sentences, which no earlier stage sets
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from warledger.extract.analysis import DocAnalysis, SentenceFacts
from warledger.extract.mentions.actors import SYRIA, ActorLexicon
from warledger.extract.mentions.gazetteer import Gazetteer
from warledger.extract.mentions.places import foreign_countries, place_countries
from warledger.extract.mentions.sources import clause_breaks, find_attributions
from warledger.extract.mentions.surnames import known_surnames, surnames_in
from warledger.extract.mentions.tellers import back_tellers, named_tellers
from warledger.extract.mentions.units import with_units
from warledger.extract.mentions.villages import COUNTRIES as VILLAGE_COUNTRIES
from warledger.extract.text.counts import count_mentions
from warledger.extract.text.date_order import document_date_order
from warledger.extract.text.dates import date_matches
from warledger.extract.text.phrases import fold, word_set
from warledger.extract.text.sentences import document_sentences

# What a DocAnalysis and a SentenceFacts hold before any stage runs.
GIVEN = frozenset({"doc", "limits", "deadline", "lexicon", "gazetteer"})
GIVEN_PER_SENTENCE = frozenset({"sentence", "text", "start", "end", "section", "lead"})
SCAN = frozenset({"shared_hits", "shared_members"})  # the shared phrase scan, made when a lexicon first asks
WIKI_FORMATS = frozenset({"wiki-plaintext", "wikitext"})


class StageOrderError(ValueError):
    """A pipeline whose stages are out of order."""


@dataclass(frozen=True)
class Stage:
    """One step of extraction: a function of the analysis, with what it reads and sets."""

    name: str
    run: Callable[[DocAnalysis], None]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    fill: Callable[[SentenceFacts, DocAnalysis], None] | None = None  # a per-sentence stage's work on one sentence

    @property
    def rule(self) -> str:
        """The first line of the stage's docstring: what it does."""
        return (self.run.__doc__ or "").strip().splitlines()[0]


class Pipeline:
    """Stages in an order where each reads only what the document or an earlier stage set."""

    def __init__(self, stages: Sequence[Stage]):
        set_so_far = {*GIVEN, *(f"sentence.{n}" for n in GIVEN_PER_SENTENCE)}
        for stage in stages:
            missing = [name for name in stage.requires if name not in set_so_far]
            if missing:
                raise StageOrderError(f"stage {stage.name!r} requires {', '.join(missing)}, "
                                      f"which no earlier stage sets")
            set_so_far.update(stage.assigns)
        self.stages = tuple(stages)

    def __call__(self, analysis: DocAnalysis, strict: bool = False) -> DocAnalysis:
        if strict:
            for stage in self.stages:
                _run_strict(stage, analysis)
            return analysis
        for group in _fused(self.stages):
            if len(group) == 1:
                group[0].run(analysis)
                continue
            _walk(group, analysis)
        return analysis


def _walk(group: list[Stage], analysis: DocAnalysis) -> None:
    """Per-sentence stages in a row read only their sentence and what was set before the row: one walk over
    the sentences does them all, the time budget checked once per sentence. A sentence written again in the
    same document ("[citation needed]", a repeated caption) gets the first one's findings."""
    fills = [stage.fill for stage in group]
    names = [n.split(".", 1)[1] for stage in group for n in stage.assigns if n.startswith("sentence.")]
    names += sorted(SCAN)
    first_of: dict[str, SentenceFacts] = {}
    for s in analysis.each(", ".join(stage.name for stage in group)):
        first = first_of.setdefault(s.text, s)
        if first is not s:
            for name in names:
                value = getattr(first, name)
                setattr(s, name, list(value) if value.__class__ is list else value)
            continue
        for fill in fills:
            fill(s, analysis)  # type: ignore[misc]


def _fused(stages: Sequence[Stage]) -> list[list[Stage]]:
    """The stages in order, each run of per-sentence stages as one group."""
    groups: list[list[Stage]] = []
    for stage in stages:
        if stage.fill is not None and groups and groups[-1][-1].fill is not None:
            groups[-1].append(stage)
        else:
            groups.append([stage])
    return groups


def _run_strict(stage: Stage, analysis: DocAnalysis) -> None:
    """Run ``stage`` seeing only what it declares; fail unless it sets all it promises."""
    doc_names = {n for n in stage.requires if "." not in n} | GIVEN
    sentence_names = {n.split(".", 1)[1] for n in stage.requires if n.startswith("sentence.")}
    sentences = list(getattr(analysis, "sentences", []))
    hidden = _hide(analysis, doc_names)
    hidden_facts = [_hide(s, sentence_names | GIVEN_PER_SENTENCE | SCAN | {"trace"}) for s in sentences]
    try:
        stage.run(analysis)
    finally:
        for s, names in zip(sentences, hidden_facts, strict=True):
            _show(s, names)
        _show(analysis, hidden)
    unset = [n for n in stage.assigns if "." not in n and not hasattr(analysis, n)]
    unset += [n for n in stage.assigns if n.startswith("sentence.")
              for s in analysis.sentences if not hasattr(s, n.split(".", 1)[1])][:1]
    if unset:
        raise StageOrderError(f"stage {stage.name!r} did not set {', '.join(unset)}")


def _hide(obj: object, visible: set[str] | frozenset[str]) -> dict[str, object]:
    hidden = {k: v for k, v in _fields(obj).items() if k not in visible}
    for name in hidden:
        delattr(obj, name)
    return hidden


def _fields(obj: object) -> dict[str, object]:
    """The attributes set on ``obj``, slotted or not."""
    if hasattr(obj, "__dict__"):
        return dict(vars(obj))
    return {name: getattr(obj, name) for name in type(obj).__slots__ if hasattr(obj, name)}  # type: ignore[attr-defined]


def _show(obj: object, hidden: dict[str, object]) -> None:
    for name, value in hidden.items():
        if not hasattr(obj, name):  # set again by the stage: its value stands
            setattr(obj, name, value)


def per_sentence(name: str, fill: Callable[[SentenceFacts, DocAnalysis], None],
                 requires: Iterable[str], assigns: Iterable[str]) -> Stage:
    """A stage that fills each sentence's facts in turn, the time budget checked before each."""

    def run(analysis: DocAnalysis) -> None:
        for s in analysis.each(name):
            fill(s, analysis)

    run.__doc__ = fill.__doc__
    return Stage(name, run, ("sentences", *requires), tuple(assigns), fill)


# --- the stages ---------------------------------------------------------------------------------------------


def find_sentences(analysis: DocAnalysis) -> None:
    """Cut the prose into sentences (an article's lead is left out where it has sections: the body tells it)."""
    doc = analysis.doc
    skip_lead = doc.format in WIKI_FORMATS and bool(doc.sections)
    analysis.sentences = [SentenceFacts(s) for s in document_sentences(doc) if not (skip_lead and s.lead)]
    analysis.deadline.check("sentences")


def fill_surface(s: SentenceFacts, _: DocAnalysis | None = None) -> None:
    """Fold case and accents (same length, so offsets hold) and list the words: "Deir ez-Zor" → "deir ez-zor"."""
    s.folded = fold(s.text)
    s.words = word_set(s.text, s.folded)


def fill_clauses(s: SentenceFacts, _: DocAnalysis | None = None) -> None:
    """Mark where clauses begin: "…; the army said 5 died" has a second clause after the semicolon."""
    s.breaks = clause_breaks(s)


def fill_dates(s: SentenceFacts, _: DocAnalysis | None = None) -> None:
    """Find dates as written, unresolved ("On 12 March", "between 31 March and 1 April 2018")."""
    s.date_matches = date_matches(s)


def fill_counts(s: SentenceFacts, _: DocAnalysis | None = None) -> None:
    """Find the numbers that may count people: "aged 9", "Brigade 52" and dates count no one."""
    s.numbers = count_mentions(s)


def fill_places(s: SentenceFacts, analysis: DocAnalysis) -> None:
    """Find the gazetteer's names: "near Palmyra" names Palmyra (Homs governorate)."""
    s.places = analysis.gazetteer.find(s)


def choose_date_order(analysis: DocAnalysis) -> None:
    """Decide how the document writes numeric dates: "21/03/2013" is day first, "03/21/2013" month first."""
    analysis.date_order = document_date_order((s.date_matches for s in analysis.sentences), analysis.doc.reference_date)


def choose_theatre(analysis: DocAnalysis) -> None:
    """Decide the country the document is about, by its places and its country words (Syria by default)."""
    # Places and country words are counted together: one namesake town ("Jizah") does not make an article that
    # names Libya 186 times about Syria.
    counts = place_countries(s.places for s in analysis.sentences) + analysis.lexicon.theatre_words(analysis.doc.text)
    analysis.theatre = counts.most_common(1)[0][0] if counts else "SY"


def add_country_places(analysis: DocAnalysis) -> None:
    """Find the places of the document's own country that only a text about it is read for: "Avdiivka" (Donetsk
    Oblast) in a text about Ukraine; a namesake is the one in the oblast the text names most."""
    wider = analysis.gazetteer.for_country(analysis.theatre)
    if wider is analysis.gazetteer:
        return
    analysis.gazetteer = wider
    found = [(s, wider.find(s)) for s in analysis.each("country places")]
    # The oblasts named by names of one place ("Marinka", "Donetsk Oblast") decide between the namesakes of others.
    admin1s = Counter(m.entry.admin1 for s, mentions in found for m in mentions
                      if m.entry.admin1 and wider.namesakes(s.text, m) <= 1)
    ranked = [admin1 for admin1, _ in admin1s.most_common()]
    for s, mentions in found:
        s.places = wider.in_context(s.text, mentions, ranked)


def add_villages(analysis: DocAnalysis) -> None:
    """Find the villages a text about Syria, Iraq or Ukraine names as places: "near Tell Jihan", "Tell Jihan, Idlib"."""
    named = [m.entry for s in analysis.sentences for m in s.places]
    country = analysis.theatre if named else analysis.lexicon.theatre_of(analysis.doc.text)
    if country not in VILLAGE_COUNTRIES:
        return  # "in Abyan province": a text about another war names none of these villages
    # A namesake is the one in a governorate the document names, the most named first; in its country if it
    # names none.
    admin1s = Counter(e.admin1 for e in named if e.admin1 and e.country == country)
    context = [admin1 for admin1, _ in admin1s.most_common()] or [country]
    # The place named most in the document's own governorate, near which a town's namesake village is meant.
    home = Counter(e for e in named if e.admin1 == context[0] and e.kind in ("town", "village"))
    centre = home.most_common(1)[0][0] if home else None
    for s in analysis.each("villages"):
        s.places = analysis.gazetteer.with_villages(s, s.places, context, centre)


def add_foreign_countries(s: SentenceFacts, analysis: DocAnalysis) -> None:
    """Find the other countries a sentence sets something in: "five civilians in Turkey were injured"."""
    if found := foreign_countries(s.text, analysis.theatre):
        s.places = sorted([*s.places, *found], key=lambda m: m.start)


def fill_actors(s: SentenceFacts, analysis: DocAnalysis) -> None:
    """Find actor words of the document's theatre: "the army" is Syria's in a text about Syria."""
    s.actors = analysis.lexicon.find(s, analysis.theatre)


def mark_units(analysis: DocAnalysis) -> None:
    """Read each numbered formation as one actor, sided as the document names it: "the 155th Separate Naval
    Infantry Brigade" is Russia's where the document names "the Russian 155th Naval Infantry Brigade"."""
    with_units(analysis.sentences)


def mark_surnames(analysis: DocAnalysis) -> None:
    """Note in each sentence the surnames the document gives in full elsewhere: "killing Vasich, Parkhomuk and
    Svynchuk" names the three crewmen "senior sergeant Serhiy Vasich", … named before."""
    known = known_surnames(analysis.sentences)
    lowered = frozenset(w.lower() for w in known)
    for s in analysis.sentences:
        s.surnames = surnames_in(s, known) if not s.words.isdisjoint(lowered) else {}


def fill_attributions(s: SentenceFacts, analysis: DocAnalysis) -> None:
    """Find who says what: "according to SOHR", "Russia said", "Ihor Terekhov, the mayor of Kharkiv, said"; a
    teller's name is no place."""
    known = find_attributions(s, analysis.theatre)
    named = named_tellers(s, known)
    s.attributions = sorted(known + named, key=lambda a: a.start)
    if named and s.places:  # "Brig. Gen. Haider al-Obeidi told …": a teller's name is no place (al-Ubaydi)
        s.places = [p for p in s.places if not any(t.start <= p.start and p.end <= t.end for t in named)]


def resolve_back_tellers(analysis: DocAnalysis) -> None:
    """Give "The ministry added that …" the ministry named before it in the document."""
    back_tellers(analysis.sentences)


def facts_for(text: str, theatre: str | None = SYRIA, lexicon: ActorLexicon | None = None) -> SentenceFacts:
    """A text on its own (a test, an infobox note) with the sentence stages up to its actors (and its places) run on
    it."""
    s = SentenceFacts.of(text)
    for fill in (fill_clauses, fill_dates, fill_counts):
        fill(s)
    s.places = Gazetteer.load().find(s)
    s.actors = (lexicon or ActorLexicon.load()).find(s, theatre)
    return with_units([s])[0]


TEXT_STAGES = (
    Stage("sentences", find_sentences, ("doc",), ("sentences",)),
    per_sentence("surface", fill_surface, (), ("sentence.folded", "sentence.words")),
    per_sentence("clauses", fill_clauses, ("sentence.folded",), ("sentence.breaks",)),
    per_sentence("dates", fill_dates, ("sentence.folded",), ("sentence.date_matches",)),
)
MENTION_STAGES = (
    per_sentence("places", fill_places, (), ("sentence.places",)),
    Stage("date_order", choose_date_order, ("sentences", "sentence.date_matches"), ("date_order",)),
    Stage("theatre", choose_theatre, ("sentences", "sentence.places"), ("theatre",)),
    Stage("country_places", add_country_places, ("sentences", "theatre"), ("sentence.places", "gazetteer")),
    Stage("villages", add_villages, ("sentences", "sentence.places", "sentence.words", "theatre"),
          ("sentence.places",)),
    per_sentence("foreign_countries", add_foreign_countries, ("theatre",), ("sentence.places",)),
    per_sentence("actors", fill_actors, ("theatre", "sentence.words"), ("sentence.actors",)),
    Stage("units", mark_units, ("sentences", "sentence.actors", "sentence.words"), ("sentence.actors",)),
    Stage("surnames", mark_surnames, ("sentences", "sentence.actors", "sentence.places", "sentence.words"),
          ("sentence.surnames",)),
    per_sentence("attributions", fill_attributions, ("theatre", "sentence.words", "sentence.places"),
                 ("sentence.attributions", "sentence.places")),
    Stage("back_tellers", resolve_back_tellers, ("sentences", "sentence.attributions", "sentence.words",
                                                 "sentence.folded"), ("sentence.attributions",)),
)
STAGES = TEXT_STAGES + MENTION_STAGES
