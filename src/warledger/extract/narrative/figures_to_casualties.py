"""A sentence's casualty figures added to an event: whose dead they count, and how tolls revise each other.

A figure's party is worked out by :mod:`warledger.extract.narrative.parties`, and
:mod:`warledger.extract.narrative.retellings` leaves out the people told again;
here the figure is placed: its source, its part-of links (a part of a total
told earlier, "others" beside a toll), the attackers' own dead kept apart, and
a revised toll keeps one total per party: the earlier toll becomes its part.

>>> from warledger.model import Count
>>> tolls = [CasualtyFigure("IS", None, "killed", Count(30, 30)), CasualtyFigure("IS", None, "killed", Count(35, 35))]
>>> revise(tolls, "later")
>>> tolls[0].subset_of
1
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_list, cue_words
from warledger.extract.figures import NAMED_PERSON, Figure
from warledger.extract.figures.phrases import COMBATANT_NOUNS
from warledger.extract.figures.statuses import attacker_heads
from warledger.extract.mentions.actors import ActorMention, kin_nouns
from warledger.extract.mentions.event_types import is_state_party
from warledger.extract.mentions.sources import Attribution, figure_source, source_kind
from warledger.extract.narrative.discourse import died_of_wounds
from warledger.extract.narrative.parties import NO_SIDE, Setting, attacking_side, party_of
from warledger.extract.narrative.retellings import (
    adds_people,
    attackers_again,
    attackers_set_beside,
    of_no_side,
    told_again,
    without_repeated_count,
)
from warledger.model import CasualtyFigure, Event, Span

VICTIM_KIN = cue_words("victim_kin_nouns") | kin_nouns()


def add_figures(event: Event, sent: SentenceFacts, figures: list[Figure], all_figures: list[Figure],
                attributions: list[Attribution], setting: Setting) -> None:
    """Add ``figures`` (some of the sentence's ``all_figures``) to ``event``'s casualties, with their source,
    party and part-of links; a revised toll makes the earlier one its part."""
    base = len(event.casualties)
    # "Another civilian died of his wounds": further deaths, added to whatever source counted the rest.
    later_deaths = event.casualties != [] and not any(f.revision for f in figures) and died_of_wounds(sent)
    figures = without_repeated_count(event, sent, figures)
    figures = [f for i, f in enumerate(figures)
               if not told_again(event, sent, f, figures[:i]) and not _name_told_before(event, sent, f)]
    tolls = []
    attacker = attacking_side(event, setting)
    for fig in figures:
        source = figure_source(sent, fig.start, attributions)
        party = party_of(event, sent, fig, source, setting)
        subset = _total_of(event, fig, figures, all_figures, base, sent)
        if subset is None and not later_deaths:
            subset = _earlier_total(event, sent, fig._replace(party=party), source, base, setting)
        party = _totals_side(event, party, subset)
        setting.told.setdefault(sent.start, []).append(party)
        for p in each_side(event.actors or list(setting.sides or ()), fig, party):
            event.casualties.append(CasualtyFigure(
                party=p, group=fig.group if p == party else None, status=fig.status or "killed",
                count=fig.count, source=source, source_kind=source_kind(source), quote=sent.text[fig.start:fig.end],
                quote_offset=sent.start + fig.start, subset_of=subset, died_of_wounds=later_deaths,
                attackers=counts_attackers(fig, p, attacker, setting.lexicon.generic)))
        if fig.revision:
            revise(event.casualties, fig.revision)
            tolls += [(len(event.casualties) - 1, fig.revision)] if fig.revision in ("later", "own", "lowered") else []
    parts_of_revision(event.casualties, range(base, len(event.casualties)), tolls)
    attackers_again(event, sent, base)
    attackers_set_beside(event, sent, setting.paragraph_before(sent, 2), attacker.party if attacker else None)
    event.sources = list(dict.fromkeys([*event.sources, *(a.source for a in attributions)]))


def _totals_side(event: Event, party: str | None, subset: int | None) -> str | None:
    """A part of no side of its own is of its total's ("19 Russian soldiers were killed. Among the dead was the
    unit's commander, Colonel X")."""
    if party != "unknown" or subset is None or subset >= len(event.casualties):
        return party
    return event.casualties[subset].party or party


REFLEXIVES = ("himself", "herself", "themselves")  # "detonated his vest, killing himself": the attacker
# A pronoun is the one last named, no victim described: "… a survivor hid in a tea stall; a missile hit it, killing him"
PRONOUNS = (*REFLEXIVES, "him", "her")
OWN_ATTACK_HEADS = frozenset(cue_list("own_attack_heads"))


def counts_attackers(fig: Figure, party: str | None, attacker: ActorMention | None, generic: frozenset[str]) -> bool:
    """"Two of the attackers", "the gunman", "a suicide bomber", "killing himself", or a count of the side that
    attacks in the event ("IS attacked a military post …. Multiple terrorists were killed"; "Militants stormed a
    security post …. One militant was killed"): the incident's attackers."""
    head = (fig.head or "").lower()
    if fig.relative == "attackers" or head in OWN_ATTACK_HEADS or head in REFLEXIVES:
        return True
    # Without an attack told, "9 Turkish-backed gunmen" killed in the fighting are one side's fighters.
    if attacker is None or not head or fig.relative is not None:
        return False  # "killing 14", "three others": the count of no side of its own
    words = attacker.text.lower()
    # A state's forces that raid or advance are a side of the fighting, not the attackers an incident count keeps
    # apart (GTD's perpetrators are never a state's).
    return head in attacker_heads() or (party not in NO_SIDE and party == attacker.party
                                        and not is_state_party(party)) \
        or (head in generic and (words in generic or words in attacker_heads()))


# "Three of those killed were named as …": some of the people a status was told of before (not "one of those
# wounded died later", a death beyond them).
OF_THOSE_TOLD = re.compile(rf"\s+of\s+those\s+(?:{cue_alternation('among_status_nouns')})\b"
                           r"(?!\s+(?:later\s+)?(?:died|succumbed)\b)", re.I)


def _total_of(event: Event, fig: Figure, figures: list[Figure], all_figures: list[Figure], base: int,
              sent: SentenceFacts) -> int | None:
    """The casualty a figure is part of: its total in the sentence, or ("Among the dead were seven soldiers",
    "Three of those killed were named") the incident's last total."""
    if fig.subset_of is not None and all_figures[fig.subset_of] in figures:
        return base + figures.index(all_figures[fig.subset_of])
    if fig.relative == "among" or OF_THOSE_TOLD.match(sent.text, fig.end):
        # of the last total, not of an item of the list it is in ("X's dead included …")
        items = {sent.start + f.start for f in figures if f.relative == "among"}
        totals = [i for i, c in enumerate(event.casualties) if c.subset_of is None and c.status == fig.status
                  and c.quote_offset not in items and _may_hold(c, fig.party)]
        return totals[-1] if totals else None
    return None


def _earlier_total(event: Event, sent: SentenceFacts, fig: Figure, source: str | None, base: int, setting: Setting
                   ) -> int | None:
    """The total told in an earlier sentence that a figure is part of, if any; civilians are never part of a count of
    fighters of no side ("two fighters were killed … killing him and two customers", "killing three fighters.
    His two sons were also killed")."""
    subset = _part_of_earlier_total(event, sent, fig, base, setting)
    subset = _named_victim(event, sent, fig, base) if subset is None else subset
    subset = _counted_again(event, sent, fig, fig.party, source) if subset is None else subset
    if subset is not None and not _may_hold(event.casualties[subset], fig.party):
        return None
    return subset


def _part_of_earlier_total(event: Event, sent: SentenceFacts, fig: Figure, base: int, setting: Setting
                           ) -> int | None:
    """A side's count told after the incident's total of people is a part of it while the parts fit in it: "At
    least 62 people were killed in two attacks. The fighters overran positions in Monguno, killing 20 soldiers".
    Not the side that did the killing there ("Security forces fired …, wounding 23 people"), nor more dead."""
    if fig.revision or fig.party in (None, "unknown") or fig.relative not in (None, "others") \
            or _more_or_other(event, sent, fig, setting):
        return None
    status = fig.status or "killed"
    if any(c.party == fig.party and c.status == status for c in event.casualties):
        return None  # the side has a count of its own: another teller's account of it, not a part
    return _last_total(event.casualties, base, status, (None, "unknown"), fig.count.low or 0)


def _counted_again(event: Event, sent: SentenceFacts, fig: Figure, party: str | None, source: str | None
                   ) -> int | None:
    """A later count of people of no side, by the teller of the incident's first total of such people (or by none
    where it has none), that fits in that total tells them again, or some of them ("At least 12 people were killed
    … Seven bodies were brought to the hospital"): it is within that total, not more dead ("another seven",
    "also", another time)."""
    low = fig.count.low or 0
    if low < 2 or not of_no_side(party) or fig.revision or fig.relative not in (None, "others") \
            or _more_or_later(sent) or "other" in sent.text[fig.start:fig.end].lower().split():
        return None
    first = _first_total(event, fig.status or "killed", sent.start)
    if first is None or event.casualties[first].source != source:
        return None  # (another teller's count is an estimate of its own)
    total = event.casualties[first].count
    return first if low <= (total.high if total.high is not None else total.low or 0) else None


def _first_total(event: Event, status: str, before: int) -> int | None:
    """The incident's first total of people of no side with that status, told before offset ``before``."""
    return next((i for i, c in enumerate(event.casualties) if c.subset_of is None and c.status == status
                 and of_no_side(c.party) and (c.count.low or c.count.high or 0) > 1 and (c.quote_offset or 0) < before),
                None)  # ("up to 9 members of the family": a total too)


def _more_or_later(sent: SentenceFacts) -> bool:
    """Whether the sentence says its people are more ("also", "another") or tells another day or time."""
    return adds_people(sent) or bool(sent.date_matches) or LATER_OPENING.match(sent.text) is not None


# Another time of the day, another incident: "In the evening, a rocket hit a house in the town, killing a woman".
LATER_OPENING = re.compile(r"^\W*(?:(?:hours\s+)?later\b|(?:in|during|on)\s+the\s+"
                           r"(?:evening|morning|afternoon|night)\b)", re.I)


# The side an attack was on is its target, not the side that did the killing: "a Taliban attack on Afghan lawmaker".
TARGET_BEFORE = re.compile(r"\b(?:on|against|targeting)\s+(?:the\s+|an?\s+)?\Z", re.I)


def _named_victim(event: Event, sent: SentenceFacts, fig: Figure, base: int) -> int | None:
    """A victim told by name or kinship after the incident's toll of civilians or people is one of them while they
    fit: "seven civilians were killed. … His wife and their two sons were among the dead", "the strike killed
    Omar Salem, his wife and their son", "His niece was also killed" (the family listed one by one: "also" adds to
    the names before it, not to the toll). Not another day or time, nor one described with "also" ("A passer-by was
    also killed": one more)."""
    by_name = _one_by_one(fig)
    if not (by_name or _one_described(sent, fig)) or (not by_name and adds_people(sent)) \
            or sent.date_matches or LATER_OPENING.match(sent.text):
        return None
    if fig.head == NAMED_PERSON and _named_before(event, sent, sent.text[fig.start:fig.end]):
        return None  # someone the incident told of before, its attacker or its target: "Karimov was killed"
    before = sum(1 for c in event.casualties[:base] if (c.quote_offset or 0) < sent.start)  # sentences before
    status = fig.status or "killed"
    total = _last_total(event.casualties, before, status, (None, "unknown", "civilians"), fig.count.low or 0)
    if total is not None:
        return total
    return _an_unnamed_one(event.casualties[:before], status, fig, sent.text[fig.start:fig.end])


# A name set after a person noun: "their friend and classmate Omar Haddad", "his cousin, Sami Nasser".
NAME_AFTER = re.compile(r",?\s+(?:and\s+[a-z]+\s+)?((?:[A-Z][\w'’-]+\s+){1,4}[A-Z][\w'’-]+)\b")


def _name_told_before(event: Event, sent: SentenceFacts, fig: Figure) -> bool:
    """One person told by a noun and the full name the incident has told before is that person again: "… killed
    Omar Salem Haddad and his mother. … Friends mourned the loss of their classmate Omar Haddad"."""
    name = NAME_AFTER.match(sent.text, fig.end) if fig.head != NAMED_PERSON and fig.count.low == 1 else None
    return name is not None and _named_before(event, sent, name.group(1), as_victim=True)


def _may_hold(total: CasualtyFigure, party: str | None) -> bool:
    """Whether a total may hold a part of that party: no civilian is one of a toll of fighters or soldiers of no side
    named ("three fighters")."""
    words = (total.quote or "").lower().split()
    return party != "civilians" or not (words and words[-1] in COMBATANT_NOUNS)


# One victim told without a name: "a woman", "at least one man", "her infant" (a relative of one told before it).
UNNAMED_ONE = re.compile(rf"(?:at\s+least\s+)?((?:{cue_alternation('unnamed_one_openers')})\s)", re.I)
ARTICLES = frozenset({"a", "an", "one"})


def _an_unnamed_one(casualties: list[CasualtyFigure], status: str, fig: Figure, phrase: str) -> int | None:
    """The incident's victim told without a name whom a name or a relative told after names ("A woman and her infant
    were killed in the shelling. … Mariam Haddad was killed with her infant daughter, Sara"): the first such victim
    of that status not named yet, a relative the one of the same word ("her infant" … "her infant daughter")."""
    ones = [(i, opener[1].strip().lower()) for i, c in enumerate(casualties) if c.status == status
            and c.count.low == 1 and c.count.high in (1, None) and c.subset_of is None and of_no_side(c.party)
            and (opener := UNNAMED_ONE.match(c.quote or "")) and _fits(casualties, i, 1)]
    if fig.head == NAMED_PERSON:  # one told by an article, not a relative of someone ("his father")
        return next((i for i, article in ones if article in ARTICLES), None)
    words = {w.strip(",.;") for w in phrase.lower().split()}
    return next((i for i, _ in ones if (casualties[i].quote or "").lower().split()[-1] in words & VICTIM_KIN), None)


THEN_OR_SHIFT = re.compile(rf"\b(?:then|{cue_alternation('time_shift_words')})\b", re.I)


def _one_described(sent: SentenceFacts, fig: Figure) -> bool:
    """One victim of no side told by a description ("a medical student", "a 21-year-old engineer"), in a sentence
    that tells no act after another ("…, then shot the driver dead"); not a pronoun, which is the person last named
    ("killing him"), or the attacker's own death ("himself")."""
    return _victims_of_no_side(fig) and fig.count.low == 1 and (fig.head or "").lower() not in PRONOUNS \
        and THEN_OR_SHIFT.search(sent.text) is None


def _victims_of_no_side(fig: Figure) -> bool:
    """An exact count of no side but the civilians', no revision nor relative but "among"."""
    return of_no_side(fig.party) and not fig.revision and fig.relative in (None, "among") \
        and fig.count.low == fig.count.high


def _one_by_one(fig: Figure) -> bool:
    """A victim told by name or kinship, of no side but the civilians'."""
    return _victims_of_no_side(fig) and (fig.head == NAMED_PERSON or fig.head in VICTIM_KIN)


# The name told before as the victim's ("Sources named the victim as X", "the dead were identified as X and Y").
NAMED_AS_VICTIM = re.compile(r"\b(?:victims?|dead|deceased)\b[^.;]{0,30}?\b(?:as|were|was|is|are)\s+"
                             r"(?:[\w'’-]+\s+){0,4}\Z"
                             r"|\b(?:identified|named)\s+(?:(?:him|her|them)\s+)?as\s+(?:[\w'’-]+\s+){0,4}\Z", re.I)


def _named_before(event: Event, sent: SentenceFacts, name: str, as_victim: bool = False) -> bool:
    """Whether the incident's sentences before this one name the person (by the last word of the name); only where
    the name is not given as the victim's ("Sources named the victim as X") unless ``as_victim``."""
    words = [w.strip(",.;") for w in name.split()]
    surname = words[-1]
    if len(surname) <= 2:
        return False
    # A full name is that person's only, given name with surname ("Omar Khaled Salem" is not "Ahmad Yousef
    # Salem" told before); and a family's name no one's ("15 members of the Al-Dous family were killed. …
    # Adam Al-Dous" is one of them).
    given = rf"\b{re.escape(words[0])}\s+(?:[\w'’-]+\s+){{0,3}}" if len(words) > 1 and words[0][:1].isupper() else r"\b"
    told = re.compile(rf"{given}{re.escape(surname)}\b(?!['’]?s?\s+(?:family|families|clan|household|home)\b)")
    return any(as_victim or not NAMED_AS_VICTIM.search(span.text, max(0, m.start() - 60), m.start())
               for span in [Span(event.offset, event.text), *event.support] if span.offset < sent.start
               for m in told.finditer(span.text))


def _more_or_other(event: Event, sent: SentenceFacts, fig: Figure, setting: Setting) -> bool:
    """More dead ("63 IS militants had also been killed"), another day or time ("On September 19, …") or the side that
    did the killing in the incident's first sentence."""
    if _more_or_later(sent):
        return True
    first = setting.sentence_at.get(event.offset)
    return first is not None and any(a.party == fig.party for a in first.actors if a.kind == "modifier"
                                     and not TARGET_BEFORE.search(first.text, max(0, a.start - 20), a.start))


def _last_total(casualties: list[CasualtyFigure], upto: int, status: str, parties: tuple[str | None, ...],
                more: int) -> int | None:
    """The last total of people of ``parties`` with that status among the first ``upto`` casualties, if ``more``
    fits in it beside its parts. A total counts people ("up to 9" too): not one person ("Stack died on impact. …
    one was killed")."""
    totals = [i for i, c in enumerate(casualties[:upto]) if c.subset_of is None and c.status == status
              and c.party in parties and (c.count.low or c.count.high or 0) > 1]
    return totals[-1] if totals and _fits(casualties, totals[-1], more) else None


def _fits(casualties: list[CasualtyFigure], total: int, more: int) -> bool:
    """Whether ``more`` fits in the total at ``total`` beside the parts it has."""
    count = casualties[total].count
    cap = count.high if count.high is not None else count.low
    return cap is not None and sum(c.count.low or 0 for c in casualties if c.subset_of == total) + more <= cap


# --- whose dead a figure counts -----------------------------------------------------------------------------


def each_side(actors: list[str], fig: Figure, party: str | None) -> list[str | None]:
    """The parties a figure counts: both of the incident's actors for "5 on each side", else its own."""
    if fig.each_side and len(actors) >= 2:
        return [*actors[:2]]
    return [party]


# --- revisions ------------------------------------------------------------------------------------------------


def same_party(a: str | None, b: str | None) -> bool:
    """A toll of "people" may count any side's dead, and so does a toll of every side (party null)."""
    return a == b or "unknown" in (a, b) or None in (a, b)


def revise(casualties: list[CasualtyFigure], revision: str) -> None:
    """Keep one toll per party: the earlier one becomes part of the revised one ("30 killed; the toll
    later rose to 35": the 30 are among the 35), so totals count the incident once. A toll revised down
    ("initial claims of 30 killed were lowered to eight") replaces the earlier count the same way."""
    new = casualties[-1]
    same = [i for i, c in enumerate(casualties[:-1]) if c.subset_of is None and c.status == new.status
            and same_party(c.party, new.party) and (revision != "own" or c.source == new.source)]
    low = new.count.low or 0
    if revision in ("later", "own", "lowered"):
        for i in same:
            if revision == "lowered" or (casualties[i].count.low or 0) <= low:
                casualties[i].subset_of = len(casualties) - 1
    elif revision == "earlier" and (larger := [i for i in same if (casualties[i].count.low or 0) >= low]):
        new.subset_of = larger[-1]


def parts_of_revision(casualties: list[CasualtyFigure], added: Iterable[int], tolls: list[tuple[int, str]]) -> None:
    """"The toll rose to nine after a child died of his wounds": the child is one of the nine."""
    if not tolls:
        return
    top, kind = tolls[-1]
    toll = casualties[top]
    for i in added:
        fig = casualties[i]
        if i != top and fig.status == toll.status == "killed" and fig.subset_of is None \
                and same_party(fig.party, toll.party) and (kind != "own" or fig.source == toll.source) \
                and (fig.count.low or 0) <= (toll.count.low or 0):
            fig.subset_of = top


def keep(figures: list[Figure], kept: list[int]) -> list[Figure]:
    """Some of a sentence's figures, their ``subset_of`` renumbered (a total left out leaves none)."""
    pos = {old: new for new, old in enumerate(kept)}
    return [figures[i]._replace(subset_of=pos.get(figures[i].subset_of)) for i in kept]  # type: ignore[arg-type]
