"""Sides: whose a figure is when the words around its status word say so.

Victims named only as "fighters" are the enemy of the side that killed them,
or the subject's own after "lost"; "14 dead among regime forces" names the
side after the status word; a toll's phrase names whom it counts ("the number
of dead soldiers"); soldiers killed at a side's post are its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from warledger.extract.cues import cue_alternation
from warledger.extract.figures import Figure
from warledger.extract.figures.statuses import TOLL, StatusWord, attacker_heads
from warledger.extract.figures.syntax import clause_start
from warledger.extract.mentions.actors import ActorMention

AMONG_SIDE = re.compile(r"\s+among\s+(?:the\s+)?")
AND_NEXT = re.compile(r"\s+(?:and|&)\s+")


def side_after(text: str, fig: Figure, word: StatusWord, actors: dict[int, ActorMention]) -> Figure:
    """"14 dead among regime forces": the side comes after the status word."""
    m = AMONG_SIDE.match(text, word.end)
    side = actors.get(m.end()) if m else None
    if side is None or not side.party or _another_side_joined(text, side, actors):
        return fig  # "46 dead among police and civilians": a total over both, of no one side
    return fig._replace(party=side.party, group=side.group, relative=None)


def _another_side_joined(text: str, side: ActorMention, actors: dict[int, ActorMention]) -> bool:
    other = actors.get(AND_NEXT.match(text, side.end).end()) if AND_NEXT.match(text, side.end) else None
    return other is not None and other.party is not None and other.party != side.party


LOSS_VERBS = ("lost", "losing", "the loss of")  # "in exchange for the loss of some 86 fighters": the subject's own


def lost_by_attackers(text: str, status: StatusWord, actors: dict[int, ActorMention],
                      breaks: tuple[int, ...]) -> bool:
    """"The attackers also lost 56 fighters": the figure is the attackers' own."""
    if text[status.start:status.end].lower() not in LOSS_VERBS:
        return False
    start = clause_start(breaks, status.start)
    heads = [a for a in actors.values() if start <= a.start < status.start and a.kind == "head"]
    return bool(heads) and heads[-1].text.lower() in attacker_heads()


def toll_side(text: str, status: StatusWord, actors: dict[int, ActorMention], breaks: tuple[int, ...]
              ) -> ActorMention | None:
    """The side a toll's phrase counts, whose its bare figure is: "the number of dead soldiers was later updated to
    200", "the death toll of the IS attack on the soldiers rose to 19"; the toll's rise verb gives the figure."""
    toll = TOLL.search(text, clause_start(breaks, status.start), status.start) if status.direction == "pre" else None
    counted = [a for a in actors.values() if toll and toll.start() <= a.start < status.start and a.kind == "head"]
    return counted[-1] if counted and counted[-1].party not in (None, "unknown") else None


PRONOUN_SUBJECT = re.compile(r"\b(?:they|he|she|we)\b", re.I)


def victim_party(text: str, status: StatusWord, actors: dict[int, ActorMention], breaks: tuple[int, ...],
                sides: tuple[str, str] | None) -> str | None:
    """Victims named only as "fighters": the subject's own side after "lost", else its enemy."""
    start = clause_start(breaks, status.start)
    held = post_side(text, actors.values(), start, status.start)
    if sides and held in sides:
        return held  # "The attack destroyed a Ukrainian military base, killing 70 soldiers": the base's
    agents = [a for a in actors.values() if start <= a.start < status.start and a.party
              and a.party not in ("unknown", "civilians")]
    if not agents:
        return None
    # The subject: the clause's first side ("IS cells ambushed an NDF patrol, killing five militiamen",
    # "US strikes on Iran-backed groups killed nine fighters"); after "lost", the side right before it.
    word = text[status.start:status.end].lower()
    agent = agents[0].party if word.endswith("ing") or word not in LOSS_VERBS else agents[-1].party
    if word in LOSS_VERBS:  # "… with the army once they had lost five fighters": "they" may be another side
        return None if PRONOUN_SUBJECT.search(text, agents[-1].end, status.start) else agent
    if sides and agent in sides:
        return sides[1] if agent == sides[0] else sides[0]
    return None


BODY_WORDS = ("bodies", "body", "corpses", "remains")


def agent_side(text: str, status: StatusWord, fig: Figure, actors: dict[int, ActorMention], breaks: tuple[int, ...],
               sides: tuple[str, str] | None) -> str | None:
    """The side of a figure whose words name none, from the clause's subject: the enemy of the side whose verb takes
    it (:func:`victim_party`), or the side that lost the count its status follows (:func:`lost_before`). Bodies found
    have no killer in the clause ("police said the bodies of 12 men were found")."""
    if status.direction == "post":
        return lost_before(text, fig.start, actors, breaks)
    if fig.relative is not None or text[status.start:status.end].lower().startswith(BODY_WORDS):
        return None
    return victim_party(text, status, actors, breaks, sides)


OWN_LOSS_AFTER = re.compile(r"\s+(?:had\s+|have\s+|has\s+)?(?:[a-z]+ly\s+)?"
                            rf"(?:{cue_alternation('suffered_loss_verbs')})\s")


def lost_before(text: str, start: int, actors: dict[int, ActorMention], breaks: tuple[int, ...]) -> str | None:
    """The side right before a verb of its own losses, before a count at ``start``: "the Russians had lost 1,100
    soldiers killed" (the count's status after it)."""
    clause = clause_start(breaks, start)
    owner = next((a for a in reversed(actors.values()) if clause <= a.start and a.party not in (None, "unknown")
                  and (m := OWN_LOSS_AFTER.match(text, a.end)) and m.end() <= start), None)
    return owner.party if owner else None


# A side's post that an attack hits: "a Ukrainian military base", "the Russian convoy".
STRUCK_POST = re.compile(rf"\b(?:a|an|the|its)\s+([\w-]+)\s+(?:(?:military|army|air)\s+)?"
                         rf"(?:{cue_alternation('struck_post_nouns')})\b", re.I)


def post_side(text: str, actors: Iterable[ActorMention], start: int, end: int) -> str | None:
    """The side whose post stands in ``text[start:end]``: soldiers of no named side killed there are its own."""
    for m in STRUCK_POST.finditer(text, start, end):
        post = next((a for a in actors if a.start == m.start(1) and a.kind == "modifier" and a.party), None)
        if post is not None:
            return post.party
    return None
