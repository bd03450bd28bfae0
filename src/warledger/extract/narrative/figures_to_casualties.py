"""A sentence's casualty figures added to an event: whose dead they count, and how tolls revise each other.

A figure's party comes from its own words, else from the incident (the
party of the toll it revises, the attackers of the event's attack verb, the
side opposite the victims), by named rules in order (:data:`PARTY_RULES`);
"terrorists" are the side the document shows fighting the government, and
another teller's count of "people" counts the incident's victims. A revised
toll keeps one total per party: the earlier toll becomes its part.

>>> from warledger.model import Count
>>> tolls = [CasualtyFigure("IS", None, "killed", Count(30, 30)), CasualtyFigure("IS", None, "killed", Count(35, 35))]
>>> revise(tolls, "later")
>>> tolls[0].subset_of
1
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation, cue_list, cue_words
from warledger.extract.figures import Figure
from warledger.extract.figures.statuses import attacker_heads
from warledger.extract.mentions.actors import ActorLexicon, ActorMention, government_party
from warledger.extract.mentions.event_types import is_state_party
from warledger.extract.mentions.sources import Attribution, figure_source, source_kind
from warledger.extract.narrative.discourse import another_account, died_of_wounds, held_side
from warledger.model import CasualtyFigure, Event

RECENT_FIGURES = 64  # how far back in an incident's figures a new figure's side is weighed
# "… were killed when IS attacked": where the attack verb's clause begins.
SUBORDINATE = re.compile(rf"\b(?:{cue_alternation('subordinate_conjunctions')})\s", re.I)
ATTACK_VERB = re.compile(rf"\b(?:{cue_alternation('attack_verbs')})\b", re.I)
ATTACK_WORDS = frozenset(w.split()[0] for w in cue_list("attack_verbs"))  # none of them: no attack verb
FATALITY_NOTE = re.compile(r"^\W*(?:\d+|one|no)\s+fatalit(?:y|ies)\b|\bfatalities\s*:\s*\d+", re.I)
NO_SIDE = (None, "unknown", "civilians")
ARMY_NOUNS = frozenset(cue_list("army_nouns"))
# An attack or a weapon as the incident's cause: "a Russian airstrike hitting …", "Russian shelling of Saltivka".
STRIKE_NOUN = re.compile(rf"\b(?:{cue_alternation('one_incident_nouns')}|shelling)s?\b"
                         rf"(?=\s*[,.;]|\s+(?:{cue_alternation('strike_noun_followers')})\b)", re.I)
ADDITIVE = cue_words("additive_words")


@dataclass(frozen=True)
class Setting:
    """What a figure's party is weighed against: the document's lexicon, theatre and two sides."""

    lexicon: ActorLexicon
    theatre: str | None
    sides: tuple[str, str] | None
    sentence_at: dict[int, SentenceFacts]  # the sentences by offset: an event's own sentence
    offsets: tuple[int, ...] = ()  # their offsets in order, to find the sentence before one

    def up_to(self, offset: int, n: int) -> list[SentenceFacts]:
        """The ``n`` sentences that end at the one at ``offset``, last first."""
        at = bisect.bisect_right(self.offsets, offset)
        return [self.sentence_at[o] for o in reversed(self.offsets[max(0, at - n):at])]


def add_figures(event: Event, sent: SentenceFacts, figures: list[Figure], all_figures: list[Figure],
                attributions: list[Attribution], setting: Setting) -> None:
    """Add ``figures`` (some of the sentence's ``all_figures``) to ``event``'s casualties, with their source,
    party and part-of links; a revised toll makes the earlier one its part."""
    base = len(event.casualties)
    # "Another civilian died of his wounds": further deaths, added to whatever source counted the rest.
    later_deaths = event.casualties != [] and not any(f.revision for f in figures) and died_of_wounds(sent)
    figures = _without_repeated_count(event, sent, figures)
    figures = [f for f in figures if not _told_again(event, f)]
    tolls = []
    attacker = attacking_side(event, setting)
    for fig in figures:
        source = figure_source(sent, fig.start, attributions)
        subset = _total_of(event, fig, figures, all_figures, base)
        if subset is None and not later_deaths:
            subset = _part_of_earlier_total(event, sent, fig, base, setting)
        party = party_of(event, sent, fig, source, setting)
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
    event.sources = list(dict.fromkeys([*event.sources, *(a.source for a in attributions)]))


REFLEXIVES = ("himself", "herself", "themselves")  # "detonated his vest, killing himself": the attacker
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


def _told_again(event: Event, fig: Figure) -> bool:
    """"killed him" after the incident's one person of that status told already ("An officer was killed in his
    house. Militants stormed the home and killed him"): the same person."""
    return fig.head in ("him", "her") and any(
        c.count.low == 1 == c.count.high and c.status == (fig.status or "killed") for c in event.casualties)


def _without_repeated_count(event: Event, sent: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """A fatality note after the incident's dead ("[1 fatality reported]") repeats their count: its killed go."""
    if "atalit" in sent.text and FATALITY_NOTE.search(sent.text) \
            and any(c.status == "killed" for c in event.casualties):
        return [f for f in figures if f.status != "killed"]
    return figures


def _total_of(event: Event, fig: Figure, figures: list[Figure], all_figures: list[Figure], base: int) -> int | None:
    """The casualty a figure is part of: its total in the sentence, or ("Among the dead were seven soldiers")
    the incident's last total."""
    if fig.subset_of is not None and all_figures[fig.subset_of] in figures:
        return base + figures.index(all_figures[fig.subset_of])
    if fig.relative == "among":
        totals = [i for i, c in enumerate(event.casualties) if c.subset_of is None and c.status == fig.status]
        return totals[-1] if totals else None
    return None


def _part_of_earlier_total(event: Event, sent: SentenceFacts, fig: Figure, base: int, setting: Setting
                           ) -> int | None:
    """A side's count told after the incident's total of people is a part of it while the parts fit in it: "At
    least 62 people were killed in two attacks. The fighters overran positions in Monguno, killing 20 soldiers".
    Not the side that did the killing there ("Security forces fired …, wounding 23 people"), nor more dead."""
    if fig.revision or fig.party in NO_SIDE or fig.relative is not None or _more_or_other(event, sent, fig, setting):
        return None
    status = fig.status or "killed"
    if any(c.party == fig.party and c.status == status for c in event.casualties):
        return None  # the side has a count of its own: another teller's account of it, not a part
    totals = [i for i, c in enumerate(event.casualties[:base])
              if c.subset_of is None and c.status == status and c.party in (None, "unknown")]
    return totals[-1] if totals and _fits(event.casualties, totals[-1], fig.count.low or 0) else None


def _more_or_other(event: Event, sent: SentenceFacts, fig: Figure, setting: Setting) -> bool:
    """More dead ("63 IS militants had also been killed"), another day ("On September 19, …") or the side that
    did the killing in the incident's first sentence."""
    if not sent.words.isdisjoint(ADDITIVE) or sent.date_matches:
        return True
    first = setting.sentence_at.get(event.offset)
    return first is not None and any(a.party == fig.party for a in first.actors if a.kind == "modifier")


def _fits(casualties: list[CasualtyFigure], total: int, more: int) -> bool:
    """Whether ``more`` fits in the total at ``total`` beside the parts it has."""
    count = casualties[total].count
    cap = count.high if count.high is not None else count.low
    return cap is not None and sum(c.count.low or 0 for c in casualties if c.subset_of == total) + more <= cap


# --- whose dead a figure counts -----------------------------------------------------------------------------


def own_words(fig: Figure, event: Event, totals: list[CasualtyFigure], setting: Setting) -> str | None:
    """The party its own words name: "7 soldiers" are the government's."""
    return fig.party


def previous_toll(fig: Figure, event: Event, totals: list[CasualtyFigure], setting: Setting) -> str | None:
    """The party of the toll it revises ("The death toll rose to 35"), of the last total ("7 others"), or of the
    one person told last ("Gunmen wounded a boy. He died the next day")."""
    before = totals[-1].party if fig.relative == "others" and totals else None
    if fig.head in ("He", "She") and fig.party is None:
        return next((c.party for c in reversed(totals) if c.count.low == 1 == c.count.high), None)
    if fig.revision and fig.party is None:
        before = next((c.party for c in reversed(totals) if c.status == (fig.status or "killed")), before)
    return before


def attackers(fig: Figure, event: Event, totals: list[CasualtyFigure], setting: Setting) -> str | None:
    """Attackers are the side named last before the event's attack verb: "100 attackers" of "pro-government
    forces advancing on SDF positions" are pro-government, of "IS cells ambushed a convoy" IS."""
    if fig.relative != "attackers" or fig.party is not None:
        return None
    verb, sides, subject = _attack_sides(event, setting)
    # "SNA factions backed by Turkish artillery attacked …": a finite verb's subject comes first.
    if verb and subject and not verb.group(0).lower().endswith("ing"):
        return subject[0].party
    return sides[-1].party if sides else None


def attacking_side(event: Event, setting: Setting) -> ActorMention | None:
    """The subject of the finite, active attack verb of the event's first sentence or of the one before it, which
    may tell the attack without its toll ("Militants stormed a security post", "Islamic State militants, with
    mortars and bombs, attacked …"; not "soldiers were attacked", not "… while attacking")."""
    for sent in setting.up_to(event.offset, 2):
        verb = ATTACK_VERB.search(sent.text) if not sent.words.isdisjoint(ATTACK_WORDS) else None
        if verb is not None:
            return _active_subject(sent, verb)
        if sent.figures:
            return None  # the sentence before tells a toll of its own: another incident
    return None


def _active_subject(sent: SentenceFacts, verb: re.Match[str]) -> ActorMention | None:
    if verb.group(0).lower().startswith("attack "):  # the noun: "an ISIL attack on al-Sharifa"
        return next((a for a in sent.actors if 0 <= verb.start() - a.end <= 1 and a.kind == "modifier"), None)
    passive = PASSIVE_BEFORE.search(sent.text, max(0, verb.start() - 30), verb.start())
    if verb.group(0).lower().endswith("ing") or passive:
        return None
    before = [a for a in sent.actors if a.end <= verb.start()]
    clause = _clause_start(sent.text[:verb.start()])
    subject = [a for a in before if a.start > clause]
    # An aside between the subject and its verb: "Islamic State militants, with mortars and bombs, attacked".
    lead = [a for a in before if a.end <= sent.text.find(",")]
    return subject[0] if subject else lead[0] if lead else None


# "soldiers were attacked", "had been ambushed" (lower case only: "IS attacked" is active).
PASSIVE_BEFORE = re.compile(rf"\b(?:{cue_alternation('finite_auxiliaries')}|being)\s+(?:\w+ly\s+)?\Z")


def _attack_sides(event: Event, setting: Setting
                  ) -> tuple[re.Match[str] | None, list[ActorMention], list[ActorMention]]:
    """The event's first attack verb, the sides named before it, and those of them in the verb's own clause."""
    verb = ATTACK_VERB.search(event.text)
    if verb is None:
        return None, [], []
    sides = [a for a in setting.sentence_at[event.offset].actors if a.end <= verb.start() and a.party not in NO_SIDE]
    clause = _clause_start(event.text[:verb.start()])
    return verb, sides, [a for a in sides if a.start > clause]


def _clause_start(before: str) -> int:
    return max(before.rfind(","), before.rfind(";"), *(m.start() for m in SUBORDINATE.finditer(before)))


def opposite_side(fig: Figure, event: Event, totals: list[CasualtyFigure], setting: Setting) -> str | None:
    """Attackers otherwise are the side opposite the event's victims, else its first actor: "7 soldiers were
    killed; 43 attackers also died" counts 43 of the side that fights the government's."""
    return _other_side(event.actors, fig, (c.party for c in event.casualties), setting.sides)


def struck_side(fig: Figure, event: Event, totals: list[CasualtyFigure], setting: Setting) -> str | None:
    """Soldiers of no named side (either army's, in a war of two states) are of the side the incident's attacker
    fights: "Zhyvytskyi stated that 22 civilians and four soldiers were killed due to a Russian airstrike"."""
    if fig.party is not None or fig.relative is not None or fig.head not in ARMY_NOUNS or not setting.sides:
        return None
    sent = setting.sentence_at.get(event.offset)
    subject = attacking_side(event, setting)
    striker = subject.party if subject is not None else _striking_side(sent) if sent is not None else None
    if striker not in setting.sides:
        return None
    return setting.sides[1] if striker == setting.sides[0] else setting.sides[0]


def _striking_side(sent: SentenceFacts) -> str | None:
    """The side named right before the incident's weapon or attack: "a Russian airstrike hitting …", "Russian
    shelling of Saltivka killed …" (not "a Russian attack aircraft": a thing's name)."""
    for m in STRIKE_NOUN.finditer(sent.text):
        side = next((a for a in sent.actors if a.kind == "modifier" and a.party and 0 <= m.start() - a.end <= 1), None)
        if side is not None:
            return side.party
    return None


def moved_people(fig: Figure, event: Event, totals: list[CasualtyFigure], setting: Setting) -> str | None:
    """People moved from their homes and of no side named are civilians: "5,000 people were evacuated", "120
    families fled" (no army counts its own withdrawal in such words)."""
    return "civilians" if fig.status == "displaced" and fig.party in (None, "unknown") and fig.relative is None \
        else None


PARTY_RULES: tuple[Callable[[Figure, Event, list[CasualtyFigure], Setting], str | None], ...] = (
    moved_people, own_words, previous_toll, attackers, struck_side, opposite_side)


def party_of(event: Event, sent: SentenceFacts, fig: Figure, source: str | None, setting: Setting) -> str | None:
    """The side a figure counts: the first of :data:`PARTY_RULES` that names one (else "unknown"); then a
    generic word's side and another teller's count of the incident's victims."""
    if fig.relative == "both":
        return None  # "22 combatants on both sides": a total of no one side
    # The incident's latest figures only: this runs for every figure, and a run-on text may give one
    # incident thousands of them.
    recent = event.casualties[-RECENT_FIGURES:]
    totals = [c for c in recent if c.subset_of is None]
    own = held_side(sent, fig.start, setting.sides) if fig.head in ARMY_NOUNS and not fig.party else None
    rule, party = (held_side, own) if own else next(
        ((r, p) for r in PARTY_RULES if (p := r(fig, event, totals, setting))), (None, "unknown"))
    party = state_enemy(fig, party, setting)
    # Another teller's count of the incident's dead: named in its clause, or told in a sentence of its own.
    if fig.party in (None, "unknown") and fig.relative is None and event.casualties:
        later = told_later(sent, recent)
        if source is not None or later:
            party = same_victims(recent, fig.status or "killed", source, later) or party
    if sent.trace is not None:
        note(sent, f"narrative.party.{rule.__name__ if rule else 'unknown'}", "set",
             f"{sent.text[fig.start:fig.end]} → {party}")
    return party


def state_enemy(fig: Figure, party: str | None, setting: Setting) -> str | None:
    """"dozens of terrorists" are the side the document shows fighting the government."""
    if fig.head not in setting.lexicon.generic or not setting.sides or party in setting.sides:
        return party
    government = government_party(setting.theatre)
    enemy = [s for s in setting.sides if s != government]
    return enemy[0] if government in setting.sides and enemy else party


def told_later(sent: SentenceFacts, recent: list[CasualtyFigure]) -> bool:
    """Whether a sentence after the incident's figures tells someone's count of them ("Local activists said 33
    people had been killed")."""
    return not any(sent.start <= (c.quote_offset or -1) < sent.end for c in recent) and another_account(sent.text)


def _other_side(actors: list[str], fig: Figure, victims: Iterable[str | None],
                sides: tuple[str, str] | None) -> str | None:
    if fig.relative != "attackers":
        return None
    hit = next((v for v in victims if v), None)
    if sides and hit in sides:
        return sides[1] if hit == sides[0] else sides[0]
    # Never the victims' own side; with no victims told, no side ("The gunmen were killed by the police").
    return next((a for a in actors if a != hit), None) if hit else None


def same_victims(casualties: list[CasualtyFigure], status: str, source: str | None,
                 told_later: bool = False) -> str | None:
    """Another source's count of "people" counts the incident's victims: "23 civilians perished, SOHR said.
    Local activists said 33 people had been killed."""
    parties = {c.party for c in casualties if c.subset_of is None and c.status == status}
    others = {c.source for c in casualties if c.subset_of is None and c.status == status}
    return parties.pop() if len(parties) == 1 and (told_later or source not in others) else None


def each_side(actors: list[str], fig: Figure, party: str | None) -> list[str | None]:
    """The parties a figure counts: both of the incident's actors for "5 on each side", else its own."""
    if fig.each_side and len(actors) >= 2:
        return [*actors[:2]]
    return [party]


# --- revisions ------------------------------------------------------------------------------------------------


def same_party(a: str | None, b: str | None) -> bool:
    """A toll of "people" may count any side's dead."""
    return a == b or "unknown" in (a, b)


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
        if i != top and fig.status == "killed" and fig.subset_of is None and same_party(fig.party, toll.party) \
                and (kind != "own" or fig.source == toll.source) and (fig.count.low or 0) <= (toll.count.low or 0):
            fig.subset_of = top


def keep(figures: list[Figure], kept: list[int]) -> list[Figure]:
    """Some of a sentence's figures, their ``subset_of`` renumbered (a total left out leaves none)."""
    pos = {old: new for new, old in enumerate(kept)}
    return [figures[i]._replace(subset_of=pos.get(figures[i].subset_of)) for i in kept]  # type: ignore[arg-type]
