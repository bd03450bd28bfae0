"""Whose a count is by possession: "three of their fighters", "two of their own", "they themselves suffered three
casualties", "the army put its losses at 165", "IS losses stood at 20".

A possessive points at a side the sentence names: "of their fighters" at the side named last before the number,
"of their own" and "themselves" at the subject (the sentence's first side: "The SDF reported killing many IS
fighters while only losing two of their own"), "its losses" at its clause's subject and "IS losses" at the side
right before the word.

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("The SDF reported killing many IS fighters while losing two of their own.")
>>> two = s.numbers[-1]
>>> side, end = own_side(s.text, two.start, two.end, {a.start: a for a in s.actors})
>>> side.party, s.text[two.start:end]
('SDF', 'two of their own')
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.figures.syntax import clause_start
from warledger.extract.mentions.actors import ActorMention

OF_THEIR = re.compile(r"\s+of\s+(?:their|its)\s", re.I)
OF_THEIR_OWN = re.compile(r"\s+of\s+(?:their|its)\s+own\b", re.I)
THEMSELVES_BEFORE = re.compile(r"\b(?:themselves|itself)\s+(?:[a-z]+\s+){1,2}$")  # "they themselves suffered"
COUNT_BEFORE = re.compile(r"(?:\d[\d,]*(?:[–-]\d[\d,]*)?|many|several|dozens\s+of)\s+\Z", re.I)  # "25-38 IS …"
LOSS_WORDS = frozenset(("losses", "casualties"))  # "Ukrainian casualties … were over 29 soldiers killed"
LOSSES_ON = re.compile(r"\s+(?:losses|casualties)\s+(?:on|upon|among)\s+(?:the\s+)?", re.I)
OWN_LOSSES = re.compile(r"(?:'s|')?\s+(?:own\s+)?(?:losses|casualties)\b|\b(its|their)\s+(?:own\s+)?(?:losses|toll)\b",
                        re.I)


def their_side(text: str, start: int, end: int, actors: dict[int, ActorMention]) -> ActorMention | None:
    """"the PMF said three of their fighters were killed": the side named last before the number."""
    if not OF_THEIR.match(text, end):
        return None
    return next((a for a in reversed(actors.values()) if a.end <= start and a.kind == "modifier" and a.party), None)


def own_side(text: str, start: int, end: int, actors: dict[int, ActorMention]
             ) -> tuple[ActorMention | None, int] | None:
    """The subject's side of "two of their own" or "they themselves suffered three casualties", and where the
    phrase ends: the first side named that is no count's (none in "They reported 25 IS militants killed, while
    they themselves suffered three casualties": the subject is no one the count's words name)."""
    own = OF_THEIR_OWN.match(text, end)
    if own is None and THEMSELVES_BEFORE.search(text, max(0, start - 40), start) is None:
        return None
    subject = next((a for a in actors.values() if a.start < start and a.kind == "modifier" and a.party
                    and not COUNT_BEFORE.search(text, max(0, a.start - 12), a.start)), None)
    return subject, own.end() if own else end


def inflicted_on(text: str, end: int, actors: dict[int, ActorMention]) -> ActorMention | None:
    """The side losses were inflicted on, right after a count and its loss noun ("inflicted more than 4,500
    casualties on the Russians"): theirs, whoever did the inflicting."""
    inflicted = LOSSES_ON.match(text, end)
    return next((a for a in actors.values() if a.start == inflicted.end() and a.party), None) if inflicted else None


def loss_owner(s: SentenceFacts, start: int, actors: dict[int, ActorMention]) -> ActorMention | None:
    """"IS losses stood at 20 fighters", "the army put its losses at 165": a count of someone's losses is theirs
    (the side named right before "losses", or the subject of "its/their losses")."""
    first = clause_start(s.breaks, start)
    owned = OWN_LOSSES.search(s.text, first, start)
    if owned is None:
        return None
    if owned.group(1):  # "its losses": the clause's subject, its first side
        return next((a for a in actors.values() if first <= a.start < owned.start() and a.party), None)
    return next((a for a in actors.values() if a.end == owned.start() and a.party), None)
