"""Discourse: how a sentence stands to the incidents told before it.

Whether a report's first line is its headline; whether a sentence tells of an
earlier incident as background ("A similar strike last week killed …"),
revises the last toll ("The death toll rose to six"), continues the last
incident ("The ambush was claimed by IS") or starts a new one ("In a separate
incident, …", "Elsewhere, …"); which figures of a tally sentence tell of one
incident. The continuation is decided by named rules in order
(:data:`CONTINUATION_RULES`), the first that has a say wins. The words are
lists under ``data/cues/``; the syntax around them stays here.

>>> background_marker(SentenceFacts.of("A similar strike last week killed a member of the SDF.")).group(0)
'A similar'
>>> background_marker(SentenceFacts.of("IS killed 7 soldiers near Palmyra.")) is None
True
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation, cue_line, cue_list, cue_words
from warledger.extract.figures import Figure
from warledger.extract.figures.pronouns import SUBJECT_PRONOUN
from warledger.extract.figures.sides import post_side
from warledger.extract.figures.syntax import TELLING_VERB, clause_start, said_in_clauses
from warledger.extract.mentions.event_types import cue_rules
from warledger.extract.mentions.places import UNKNOWN_PLACE, in_another_country
from warledger.extract.mentions.sources import Attribution, canonical_source, figure_source
from warledger.extract.narrative.segments import segment_of
from warledger.extract.narrative.tallies import ONE_DAY, ONE_INCIDENT, TOO_MANY_FOR_A_DAY, tally_rule, unbounded_losses
from warledger.extract.text.date_order import DateOrder
from warledger.extract.text.dates import find_dates
from warledger.model import DateSpan, Document, Event, Place


def guard_words(name: str) -> frozenset[str]:
    """Few words, one of which each entry of a cue list holds (a greedy cover): a sentence with none of them has
    none of the entries, a tighter guard than all their words.

    >>> sorted(guard_words("background_markers"))
    ['earlier', 'last', 'similar']
    """
    left, chosen = [frozenset(e.lower().split()) for e in cue_list(name)], set()
    while left:
        counts = Counter(w for entry in left for w in entry)
        word = max(sorted(counts), key=counts.__getitem__)
        chosen.add(word)
        left = [entry for entry in left if word not in entry]
    return frozenset(chosen)


# "SOHR: …", "Security Media Cell: …" head a report; "Tuz Khurmatu: soldier killed …" is a place's entry.
HEADLINE_PREFIX = re.compile(r"^([A-Z][\w.'’ -]{1,40}):\s")
TELLER = re.compile(rf"\b(?:{cue_alternation('teller_nouns')})\b", re.I)
# A mention of an earlier, separate incident in a report about a later one: background, told elsewhere (not "within
# the last month": a stretch up to the telling, whose count is a tally).
BACKGROUND = re.compile(rf"(?<!\bthe\s)\b(?:{cue_alternation('background_markers')})\b|"
                        r"\b(?:a|in)\s+(?:previous|prior)\s+(?:attack|(?:air)?strike|blast|explosion|ambush|bombing)s?\b|"
                        r"\bcame\s+(?:\w+\s+){0,3}after\s+(?:another|an?\s+earlier)\b", re.I)
BACKGROUND_WORDS = guard_words("background_markers") | {"previous", "prior", "came"}  # and the constructions' words
# A later sentence that points back at the incident ("the ambush", "the same clashes", "the alleged strike", "the
# deadly Israeli airstrike"; not "the second attack", "a previous strike") belongs to it.
INCIDENT_NOUNS = cue_words("incident_nouns")
BACK_REFERENCE = re.compile(r"\b(?:the|that|this|these)\s+(?:(?:same|alleged|suspected|reported|purported)\s+)?"
                            rf"(?:(?!(?:{cue_alternation('other_incident_adjectives')})\b)[\w-]+\s+)?"
                            rf"(?P<cue>{cue_alternation('incident_nouns')})\b", re.I)
ANOTHER_SOURCE = re.compile(rf"\b(?:another|other|a\s+second|a\s+different)\s+"
                            rf"(?:{cue_alternation('account_nouns')})s?\b", re.I)
# A post on a later day (a relative's, a witness's), not an official's statement of that day's fighting.
POSTING_VERBS = cue_words("posting_verbs")
TOLD = re.compile(rf"\b{TELLING_VERB}\b", re.I)
SEPARATE_WORDS = cue_words("separate_words")
NEW_INCIDENT_WORDS = cue_words("new_incident_words")
# Those who died of their wounds since: "Another civilian died of his wounds", "one of the wounded died".
WOUND_NOUNS, WOUNDED = ("wounds", "injuries"), ("wounded", "injured")
WOUND_WORDS = frozenset(WOUND_NOUNS + WOUNDED)
DIED_OF_WOUNDS = re.compile(rf"\b(?:died|succumbed)\s+(?:of|from|to)\s+(?:his|her|their|its)?\s*"
                            rf"(?:{'|'.join(WOUND_NOUNS)})\b|\bof\s+the\s+(?:{'|'.join(WOUNDED)})\b", re.I)
# Where a tally sentence's clauses part: "…; the ministry claimed 1,000 had been killed since January",
# "Two refugees were found shot dead …, bringing to 47 the number murdered since the start of the year", "…, with
# 310 killed on 28 February alone", "…, with 10,000 people having fled in total since 10 February".
IN_CLAUSE = r"(?:[^;,]|(?<=\d),(?=\d{3}))*"  # no clause's end, but a number's comma ("10,000")
TALLY_CLAUSE = re.compile(rf";|,(?=\s+(?:{cue_alternation('tally_clause_verbs')})\b)|"
                          rf",(?=\s+with\b{IN_CLAUSE}\b(?:alone|total|so\s+far|to\s+date|{cue_alternation('total_words')})\b)|"
                          r"(?P<contrast>,\s+(?:while|whereas)\b)")
# "pilgrims on their way to Karbala", "a woman from Baghdad", "taken to hospital in Mosul": no incident's place.
ORIGIN_BEFORE = re.compile(r"\b(?:to|from|towards|toward)\s+(?:the\s+)?$|\bhospitals?\s+(?:in|at)\s+(?:the\s+)?$", re.I)
BROAD_PLACES = ("country", "region", "unknown")


def headline(doc: Document, sentences: list[SentenceFacts]) -> SentenceFacts | None:
    """A report's first line when it is a headline: on a line of its own without a full stop, or headed by
    its teller ("SOHR: 5 soldiers killed in IS ambush")."""
    if doc.format != "text" or len(sentences) < 2:
        return None
    first = sentences[0]
    own_line = doc.text.startswith("\n", first.end) and not first.text.rstrip().endswith((".", "!", "?"))
    prefix = HEADLINE_PREFIX.match(first.text)
    told = prefix is not None and (canonical_source(prefix.group(1)) is not None or TELLER.search(prefix.group(1)))
    return first if own_line or told else None


def background_marker(sent: SentenceFacts) -> re.Match[str] | None:
    """What marks a sentence as telling of an earlier, separate incident ("a similar", "last week")."""
    return BACKGROUND.search(sent.text) if not sent.words.isdisjoint(BACKGROUND_WORDS) else None


def died_of_wounds(sent: SentenceFacts) -> bool:
    """Whether a sentence tells of those who died of their wounds ("Another civilian died of his wounds")."""
    if sent.text[:3] in ("He ", "She") and SUBJECT_PRONOUN.match(sent.text):
        return True  # "He died the next day": the one the incident left wounded
    return not sent.words.isdisjoint(WOUND_WORDS) and DIED_OF_WOUNDS.search(sent.text) is not None


def revises(sent: SentenceFacts, figures: list[Figure], event: Event | None, same_paragraph: bool) -> bool:
    """Whether a sentence revises the toll of the paragraph's last incident ("The death toll rose to six"), or
    adds those who died of their wounds since ("Another civilian died of his wounds on June 27")."""
    return event is not None and same_paragraph and bool(event.casualties) \
        and (any(f.revision for f in figures) or died_of_wounds(sent))


def one_incident(sent: SentenceFacts, figures: list[Figure]) -> bool:
    """"a landmine explosion killed a shepherd and his son", "three others were wounded during the day": an
    incident after a tally, not a part of it."""
    return ONE_INCIDENT.search(sent.text) is not None or all(f.count.low == 1 == f.count.high for f in figures) \
        or not sent.words.isdisjoint(SEPARATE_WORDS) or ONE_DAY.search(sent.text) is not None


def another_account(text: str) -> bool:
    """Whether a sentence tells someone's count: "another source said", "Russia reported"."""
    return ANOTHER_SOURCE.search(text) is not None or TOLD.search(text) is not None


def incident_figures(sent: SentenceFacts, figures: list[Figure], year: int | None, order: DateOrder = "dmy",
                     campaign: bool = False) -> tuple[list[int], DateSpan | None]:
    """The figures of a tally sentence's clauses that tell of one incident, not of the tally ("11 soldiers were
    killed; the ministry claimed 1,000 had been killed since January": the 11), and the day the first such clause
    names ("…, with 310 killed on 28 February alone")."""
    cuts = list(TALLY_CLAUSE.finditer(sent.text))
    if not cuts:
        return [], None
    bounds = [0, *[m.end() for m in cuts], len(sent.text) + 1]
    # A clause after "while" shares the tally it contrasts with ("264 were killed in 2022, while 166 …"); the one
    # before it may be an incident ("In the final assault, 170 soldiers were killed, while since the start …").
    shared = {m.end() for m in cuts if m.group("contrast")}
    out: list[int] = []
    day = None
    for start, end in itertools.pairwise(bounds):
        part = sent.text[start:end]
        date = segment_of(part, 0, len(part), list(find_dates(part, year, order))).date
        own = [i for i, f in enumerate(figures) if start <= f.start < end]
        if start not in shared and not tally_rule(part, [date] if date else [], campaign=campaign)[0] \
                and not unbounded_losses(part, [figures[i] for i in own], TOO_MANY_FOR_A_DAY):
            if not out and own and date and date.precision in ("day", "days"):
                day = date  # the first incident clause's own day
            out += own
    return (out, day) if len(out) < len(figures) else ([], None)


# --- continuation: does an undated sentence tell more of the paragraph's last incident? --------------------


@dataclass(slots=True)
class Continuation:
    """An undated sentence after an incident of its paragraph, as the continuation rules read it."""

    sent: SentenceFacts
    figures: list[Figure]
    attributions: list[Attribution]
    event: Event
    place: Callable[[], Place | None]  # the sentence's own place, worked out when a rule asks
    doc_text: str
    another_source: bool = field(init=False)  # "Another source said 11 died": the same incident, told again

    def __post_init__(self) -> None:
        self.another_source = ANOTHER_SOURCE.search(self.sent.text) is not None

    def has_cue(self) -> bool:
        """Whether the sentence has an incident cue ("attacked", "shelled")."""
        return bool(cue_rules(self.sent))


def back_reference(c: Continuation) -> bool | None:
    """A sentence that points back at the incident tells more of it: "The ambush was claimed by IS" (not "the
    clashes in the Mandek area", a place the gazetteer lacks named by its cue after an incident elsewhere)."""
    if not c.sent.words.isdisjoint(INCIDENT_NOUNS) and BACK_REFERENCE.search(c.sent.text) and not _at_unknown_place(c):
        return True
    return None


def separate_incident(c: Continuation) -> bool | None:
    """A sentence that says it tells of another incident starts one: "In a separate incident, …", "Elsewhere,
    …" (unless it gives another source's count: "Another source said 11 died")."""
    return False if not c.sent.words.isdisjoint(SEPARATE_WORDS) and not c.another_source else None


def elsewhere_incident(c: Continuation) -> bool | None:
    """An incident or figures set at another town or governorate start a new incident: "In Quneitra, an
    explosive device targeted a vehicle …" after an incident in Daraa."""
    if (c.figures or c.has_cue()) and not c.another_source and elsewhere(c):
        return False
    return None


def attributed_figures(c: Continuation) -> bool | None:
    """Figures someone tells are their count of the incident: "Russia reported that 43 attackers were also
    killed"."""
    return True if c.figures and c.attributions else None


def new_incident(c: Continuation) -> bool | None:
    """A new-incident word ("also", "another") with an incident cue tells of a further incident: "IS also attacked
    a checkpoint" ("48 attackers were also killed", with no cue, tells more of the same)."""
    if not c.sent.words.isdisjoint(NEW_INCIDENT_WORDS) and c.has_cue() and not c.another_source \
            and _new_word_beside_figures(c):
        return False
    return None


# (not one of a telling: "the neighbourhood also posted a statement", "another outlet reported")
NEW_INCIDENT_WORD = re.compile(rf"\b(?:{cue_alternation('new_incident_words')})\b(?!\s+(?:[\w-]+\s+)?{TELLING_VERB}\b)",
                               re.I)


def _new_word_beside_figures(c: Continuation) -> bool:
    """Whether a new-incident word, no telling's, stands in a clause of the sentence's figures, if it has any ("the
    bodies of two killed were recovered, while another man posted additional photos": the photos are more, not the
    dead), else anywhere in it."""
    if not c.figures:
        return NEW_INCIDENT_WORD.search(c.sent.text) is not None
    return said_in_clauses(c.sent.text, c.sent.breaks, NEW_INCIDENT_WORD, (f.start for f in c.figures))


def same_incident(c: Continuation) -> bool:
    """Otherwise the sentence tells more of the incident, whether it gives figures ("Two of them were children") or
    not ("It has been reported that the house was struck while the family slept"): nothing in it says it tells
    of another incident, and an event it started would take the figures told after it from the incident."""
    return True


CONTINUATION_RULES: tuple[Callable[[Continuation], bool | None], ...] = (
    back_reference, separate_incident, elsewhere_incident, attributed_figures, new_incident, same_incident)
# The cue list whose word decides each rule, for a trace.
RULE_CUES = {"back_reference": "incident_nouns", "separate_incident": "separate_words",
             "new_incident": "new_incident_words"}


def continues(c: Continuation) -> bool:
    """Whether the sentence tells more of the last incident: the first of :data:`CONTINUATION_RULES` that has
    a say decides (the last always does)."""
    for rule in CONTINUATION_RULES:
        verdict = rule(c)
        if verdict is not None:
            if c.sent.trace is not None:
                name = rule.__name__  # "dropped": a new incident, not the last one's support
                note(c.sent, f"narrative.continuation.{name}", "set" if verdict else "dropped",
                     "support of the last incident", _rule_origin(name, c.sent))
            return verdict
    return False


def elsewhere(c: Continuation) -> bool:
    """Whether a sentence sets its incident at another town or governorate than the event's, or at a place the
    gazetteer lacks."""
    place, at = c.place(), c.event.place
    if place is None:
        return _at_unknown_place(c)
    if at is None:
        return False
    if in_another_country(place):  # "five civilians in Turkey were injured"
        return place.name != at.name
    if place.precision in BROAD_PLACES:
        return False
    if place.offset is not None and (
            any(a.start <= place.offset - c.sent.start < a.end for a in c.attributions)  # a teller's name: "The
            or ORIGIN_BEFORE.search(c.doc_text, max(0, place.offset - 12), place.offset)):  # Deir Ezzor 24 network"
        return False  # … or where people came from: "pilgrims on their way to Karbala", "a woman from Baghdad"
    return place.name != at.name and (place.admin1 != at.admin1 or place.precision in ("town", "near-town", "site"))


def _at_unknown_place(c: Continuation) -> bool:
    """Whether the sentence names a place the gazetteer lacks, where the event was at a known one."""
    at = c.event.place
    return at is not None and at.precision not in BROAD_PLACES and c.place() is None \
        and _unknown_place_named(c.sent.text, at)


def _unknown_place_named(text: str, at: Place) -> bool:
    """Whether a sentence names, by its cue, a place the gazetteer lacks and the event's is not: "13 YPG fighters
    were killed during the clashes in the Mandek area" after an explosion near Tell Abyad."""
    return UNKNOWN_PLACE.search(text) is not None and at.name not in text


# --- where a decision came from, for a trace --------------------------------------------------------------


def cue_origin(name: str, entry: str) -> str | None:
    """The data line of a listed entry ("cues/separate_words.yaml:5"), None when ``entry`` is not listed."""
    key = " ".join(entry.lower().split())
    listed = next((e for e in cue_list(name) if e.lower() == key), None)
    line = cue_line(name, listed) if listed is not None else None
    return f"cues/{name}.yaml:{line}" if line is not None else None


def listed_origin(name: str, words: frozenset[str]) -> str | None:
    """The data line of the list's first entry whose words a sentence has."""
    entry = next((e for e in cue_list(name) if all(w in words for w in e.lower().split())), None)
    return cue_origin(name, entry) if entry is not None else None


def _rule_origin(rule: str, sent: SentenceFacts) -> str | None:
    if rule == "back_reference" and (m := BACK_REFERENCE.search(sent.text)):
        return cue_origin("incident_nouns", m.group("cue"))
    name = RULE_CUES.get(rule)
    return listed_origin(name, sent.words) if name else None


OWN_LOSS = re.compile(rf"\b(?:{cue_alternation('own_loss_verbs')})\b", re.I)


def held_side(sent: SentenceFacts, start: int, sides: tuple[str, str] | None, named: bool = False) -> str | None:
    """The side whose soldiers of no named side a figure counts, from its sentence: the side that confirms them
    killed (:func:`admitted_side`), else the side whose post the incident struck ("The attack destroyed a Ukrainian
    military base, killing 70 soldiers"), else the side a teller of the other claims them of (:func:`claimed_side`)."""
    if not sides:
        return None
    if (side := admitted_side(sent, start, sides)) is not None:
        return side
    side = post_side(sent.text, sent.actors, 0, start)
    return side if side in sides else claimed_side(sent, start, sides, named)


def admitted_side(sent: SentenceFacts, start: int, sides: tuple[str, str]) -> str | None:
    """The side that confirms or acknowledges losses told after it tells of its own: "Russian officials initially
    confirmed that 63 troops were killed" (the soldiers name no side; "Ukrainian officials claimed …" does not)."""
    clause = clause_start(sent.breaks, start)  # "…, while Ukrainian officials said …"
    verbs = list(OWN_LOSS.finditer(sent.text, clause, start))
    if not verbs:
        return None
    verb = verbs[-1].start()
    teller = [a for a in sent.actors if a.end <= verb and verb - a.end <= 30 and a.party in sides]
    return teller[-1].party if teller else None


CLAIMS = re.compile(r"\b(?:claim(?:ed|s)?|alleg(?:ed|es))\b", re.I)


def claimed_side(sent: SentenceFacts, start: int, sides: tuple[str, str], named: bool = False) -> str | None:
    """The side opposite the teller of soldiers of no named side killed, in a war of two armies: "Ukrainian military
    said that … over 40 soldiers were killed", "Between 400 and 500 deaths … were reported by the Ukrainian army"
    (each side tells the other's losses; one that confirms its own is :func:`admitted_side`). The teller is the
    figure's attributed source, as the sources stage found it. A named officer a side reports, not claims, is its
    own: "Ukrainian forces reported that Major X was killed" (``named``; "Ukrainian officials claimed that Colonel Y
    was killed" is the other's)."""
    name = figure_source(sent, start, sent.attributions)
    told = [t for t in sent.attributions if t.source == name]
    teller = next((a.party for t in told for a in sent.actors if a.start < t.end and t.start < a.end
                   and a.party in sides), None)
    if teller is None or (named and not CLAIMS.search(sent.text, told[0].end, start)):
        return teller
    return sides[1] if teller == sides[0] else sides[0]
