"""Whose dead a figure counts: a party from its own words, else from the incident, by named rules in order.

:data:`PARTY_RULES` are tried in turn: people moved from their homes are civilians; a figure's own words name
its side ("7 soldiers"); the toll it revises or the total it is "others" of; the attackers of the event's
attack verb; the side an incident's attacker fights, for soldiers of no named side; the side opposite the
victims, for attackers. Then "terrorists" are the side the document shows fighting the government, and another
teller's count of "people" counts the incident's victims.

>>> from warledger.model import Count
>>> same_victims([CasualtyFigure("IS", None, "killed", Count(12, 12), source="SOHR")], "killed", "Amaq")
'IS'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.figures import NAMED_PERSON, Figure
from warledger.extract.figures.antecedents import ATTACK_VERB
from warledger.extract.figures.syntax import SUBORDINATE, clause_start
from warledger.extract.mentions.actors import ActorLexicon, ActorMention, government_party
from warledger.extract.mentions.event_types import is_state_party
from warledger.extract.narrative.discourse import another_account, held_side
from warledger.model import CasualtyFigure, Event

RECENT_FIGURES = 64  # how far back in an incident's figures a new figure's side is weighed
# "… were killed when IS attacked": where the attack verb's clause begins.
ATTACK_WORDS = frozenset(w.split()[0] for w in cue_list("attack_verbs"))  # none of them: no attack verb
NO_SIDE = (None, "unknown", "civilians")
# "they themselves suffered", "they put their casualties at": a count of the losses of someone a pronoun names.
OWN_BY_PRONOUN = re.compile(r"\b(?:themselves|itself|(?:their|its)\s+(?:own\s+)?(?:casualties|losses|dead))\b",
                            re.I)
STATE_RANK = re.compile(rf"(?:(?:a|an|the)\s+)?(?:{cue_alternation('state_ranks')})\s", re.I)
ARMY_NOUNS = frozenset(cue_list("army_nouns"))
PLAIN_MEN = frozenset(cue_list("plain_men_nouns"))
LOSS_NOUNS = frozenset((*cue_list("fatality_words"), "injuries", "wounded"))  # losses that name no one
# An attack or a weapon as the incident's cause: "a Russian airstrike hitting …", "Russian shelling of Saltivka".
STRIKE_NOUN = re.compile(rf"\b(?:{cue_alternation('one_incident_nouns')}|shelling)s?\b"
                         rf"(?=\s*[,.;]|\s+(?:{cue_alternation('strike_noun_followers')})\b)", re.I)


@dataclass(frozen=True)
class Setting:
    """What a figure's party is weighed against: the document's lexicon, theatre and two sides."""

    lexicon: ActorLexicon
    theatre: str | None
    sides: tuple[str, str] | None
    sentence_at: dict[int, SentenceFacts]  # the sentences by offset: an event's own sentence
    offsets: tuple[int, ...] = ()  # their offsets in order, to find the sentence before one
    newlines: tuple[int, ...] = ()  # the document's line breaks: where its paragraphs end
    # The sides a sentence's figures were given, by its offset, filled as figures are placed.
    told: dict[int, list[str | None]] = field(default_factory=dict, compare=False)

    def up_to(self, offset: int, n: int) -> list[SentenceFacts]:
        """The ``n`` sentences that end at the one at ``offset``, last first."""
        at = bisect.bisect_right(self.offsets, offset)
        return [self.sentence_at[o] for o in reversed(self.offsets[max(0, at - n):at])]

    def paragraph_before(self, sent: SentenceFacts, n: int) -> list[SentenceFacts]:
        """The ``n`` sentences before ``sent`` that are in its paragraph, last first."""
        para = bisect.bisect_left(self.newlines, sent.start)
        return [s for s in self.up_to(sent.start, n + 1)[1:] if bisect.bisect_left(self.newlines, s.end) == para]


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
        # the toll it revises is a total, not a part of one ("rose to 19, 13 soldiers and six IS fighters")
        before = next((c.party for c in reversed(totals) if c.status == (fig.status or "killed")
                       and c.subset_of is None), before)
    return before


def attackers(fig: Figure, event: Event, totals: list[CasualtyFigure], setting: Setting) -> str | None:
    """Attackers are the side named last before the event's attack verb: "100 attackers" of "pro-government
    forces advancing on SDF positions" are pro-government, of "IS cells ambushed a convoy" IS."""
    if fig.relative != "attackers" or fig.party is not None:
        return None
    verb, sides, subject = _attack_sides(event, setting)
    if verb and verb.group(0).lower().startswith("attack "):  # the noun: "an ISIL attack on", not "… killed in an
        owner = _active_subject(setting.sentence_at[event.offset], verb)  # attack on": the sides before, its victims
        return owner.party if owner else None
    # "SNA factions backed by Turkish artillery attacked …": a finite verb's subject comes first.
    if verb and subject and not verb.group(0).lower().endswith("ing"):
        return subject[0].party
    return sides[-1].party if sides else None


def attacking_side(event: Event, setting: Setting) -> ActorMention | None:
    """The subject of the finite, active attack verb of the event's first sentence or of the one before it, which
    may tell the attack without its toll ("Militants stormed a security post", "Islamic State militants, with
    mortars and bombs, attacked …"; not "soldiers were attacked", not "… while attacking")."""
    for n, sent in enumerate(setting.up_to(event.offset, 2)):
        verb = ATTACK_VERB.search(sent.text) if not sent.words.isdisjoint(ATTACK_WORDS) else None
        if verb is not None:
            return _active_subject(sent, verb)
        if sent.figures and n:
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
    return _moved(fig)


def _moved(fig: Figure) -> str | None:
    return "civilians" if fig.status == "displaced" and fig.party in (None, "unknown") and fig.relative is None \
        else None


def claim_side(fig: Figure, setting: Setting) -> str | None:
    """A tally's figure takes the sides an incident's would by its own words: people moved from their homes are
    civilians, "919 militants" are the side fighting the state; "1,300 jihadists and their relatives" no one side."""
    return None if fig.relative == "both" else state_enemy(fig, _moved(fig) or fig.party, setting)


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
    own = _held(sent, fig, setting)
    rule = held_side
    if not (own or fig.party):  # "they themselves suffered three casualties": the teller's, or the one before's
        teller = source or next((c.source for c in reversed(recent) if c.source), None)
        rule, own = tellers_own, tellers_own(sent, fig, teller, setting)
    rule, party = (rule, own) if own else next(
        ((r, p) for r in PARTY_RULES if (p := r(fig, event, totals, setting))), (None, "unknown"))
    if party == "unknown":
        rule, party = next(((r, p) for r in UNKNOWN_RULES if (p := r(sent, fig, setting))), (rule, party))
    party = _retold(sent, fig, source, recent) or state_enemy(fig, party, setting)
    if sent.trace is not None:
        note(sent, f"narrative.party.{rule.__name__ if rule else 'unknown'}", "set",
             f"{sent.text[fig.start:fig.end]} → {party}")
    return party


def _held(sent: SentenceFacts, fig: Figure, setting: Setting) -> str | None:
    """Soldiers of no named side: the side :func:`held_side` reads from the sentence (a named officer, not a part
    of a count, may be the teller's own)."""
    if fig.party or not army_count(sent, fig, setting):
        return None
    return held_side(sent, fig.start, setting.sides, fig.head == NAMED_PERSON and fig.subset_of is None)


def tellers_own(sent: SentenceFacts, fig: Figure, teller: str | None, setting: Setting) -> str | None:
    """Losses a pronoun owns are the teller's: "They reported 25 IS militants killed, while they themselves
    suffered three casualties", "In turn, they put their casualties at 11 dead" (``teller``: the figure's, else
    the one of the figures before: "they" is who told the sentence before)."""
    first = clause_start(sent.breaks, fig.start)
    if OWN_BY_PRONOUN.search(sent.text, first, fig.start) is None \
            or any(first <= a.start < fig.start and a.party for a in sent.actors):
        return None
    sides = [a.party for a in setting.lexicon.find(teller, setting.theatre)] if teller else []
    return next((p for p in sides if p not in NO_SIDE), None)


def _retold(sent: SentenceFacts, fig: Figure, source: str | None, recent: list[CasualtyFigure]) -> str | None:
    """Another teller's count of the incident's dead, named in its clause or told in a sentence of its own, is
    of the incident's victims."""
    if fig.party not in (None, "unknown") or fig.relative is not None or not recent:
        return None
    later = told_later(sent, recent)
    return same_victims(recent, fig.status or "killed", source, later) if source is not None or later else None


def army_count(sent: SentenceFacts, fig: Figure, setting: Setting) -> bool:
    """Whether a figure counts soldiers of no named side: "40 soldiers"; in a war of two states also an officer
    of a state's rank ("Colonel Andrei Zakharov") and bare losses ("400 deaths"), either army's."""
    if fig.head in ARMY_NOUNS:
        return True
    if not setting.sides or not all(is_state_party(s) for s in setting.sides):
        return False
    if fig.head == NAMED_PERSON:
        return STATE_RANK.match(sent.text, fig.start) is not None
    noun = fig.head or next(iter(sent.text[fig.end:fig.end + 20].split()), "")  # "400 deaths": the number only
    return noun.lower().strip(",.;") in LOSS_NOUNS


def ranked_officer(sent: SentenceFacts, fig: Figure, setting: Setting) -> str | None:
    """A named officer of no side named, in a war of a state against an armed group, is the state's: "Brigadier
    General Thamer al-Hamdani … being killed" (the armed groups give no such ranks)."""
    if fig.head != NAMED_PERSON or not setting.sides or STATE_RANK.match(sent.text, fig.start) is None:
        return None
    government = government_party(setting.theatre)
    enemy = [s for s in setting.sides if s != government]
    return government if government in setting.sides and enemy and not is_state_party(enemy[0]) else None


def beside_civilians(sent: SentenceFacts, fig: Figure, setting: Setting) -> str | None:
    """Plain men told with civilians as the sentence's other victims are civilians: "One woman was killed and two
    men were injured", "three men were injured in Stepnohirsk and a 68-year-old woman was killed"."""
    if fig.head not in PLAIN_MEN or fig.party is not None:
        return None
    return "civilians" if _others_parties(sent, fig) == {"civilians"} else None


def beside_one_side(sent: SentenceFacts, fig: Figure, setting: Setting) -> str | None:
    """Soldiers of no side named, told with the losses of one side only in their sentence, are that side's: "a
    battalion of Ukraine's 79th Air Assault Brigade suffered more than 100 killed, while between 200 and 300 soldiers
    were captured"."""
    if fig.head not in ARMY_NOUNS or fig.party is not None or not setting.sides:
        return None
    others = _others_parties(sent, fig)
    return others.pop() if len(others) == 1 and others <= set(setting.sides) else None


def _others_parties(sent: SentenceFacts, fig: Figure) -> set[str | None]:
    """The parties the sentence's other figures name of their own."""
    return {f.party for f in sent.figures if f.start != fig.start}  # by place: a claim's figure is a copy


def told_before(sent: SentenceFacts, fig: Figure, setting: Setting) -> str | None:
    """A bare number in a sentence that names no side, right after a sentence of the same paragraph whose figures
    were all one side's, counts that side's people: "Another 203 Russians were killed, 216 were wounded …. On 11
    May 165 were eliminated, 216 injured"."""
    if any(f.head is not None for f in sent.figures) or fig.relative not in (None, "others") \
            or any(a.party for a in sent.actors):
        return None  # "two soldiers were killed and one badly wounded": the one is of the soldiers
    before = setting.paragraph_before(sent, 1)
    if not before:
        return None  # the paragraph's first sentence
    sides = set(setting.told.get(before[0].start, []))
    return sides.pop() if len(sides) == 1 and not sides & set(NO_SIDE) else None


UNKNOWN_RULES = (ranked_officer, beside_civilians, beside_one_side, told_before)
"""Tried in turn for a figure that no rule of :data:`PARTY_RULES` gave a side."""


def state_enemy(fig: Figure, party: str | None, setting: Setting) -> str | None:
    """"dozens of terrorists" are the side the document shows fighting the government; a state's forces beside it
    are its partners, not the insurgents ("Afghan and coalition forces killed two insurgents": the Taliban)."""
    if fig.head not in setting.lexicon.generic or not setting.sides or party in setting.sides:
        return party
    government = government_party(setting.theatre)
    enemy = [s for s in setting.sides if s != government and not is_state_party(s)]
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
    """Another source's count of "people" counts the incident's victims (not its attackers): "23 civilians perished,
    SOHR said. Local activists said 33 people had been killed."""
    tolls = [c for c in casualties if c.subset_of is None and c.status == status]
    if all(c.attackers for c in tolls):
        return None  # "Two suicide bombers blew themselves up …, killing 32 people": no victims counted yet
    parties, others = {c.party for c in tolls}, {c.source for c in tolls}
    return parties.pop() if len(parties) == 1 and (told_later or source not in others) else None
