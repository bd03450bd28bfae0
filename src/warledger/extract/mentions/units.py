"""Units: numbered formations ("the 155th Separate Naval Infantry Brigade", "Russia's 2nd Guards Motor Rifle
Division") read as one mention each, with the side the document gives them.

A formation's words are its name, not actors: "Guards" in "the 8th Guards Combined Arms Army" counts no guards. A
formation named once with its state ("the Russian 155th Naval Infantry Brigade") keeps that side where the document
names it again without ("the 155th Separate Naval Infantry Brigade had lost 63 men"); a number and kind named on
two sides (the Russian 72nd Motor Rifle and the Ukrainian 72nd Mechanized Brigade) keep no side.

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("the Russian 2nd Guards Motor Rifle Division lost 22 soldiers", "UA")
>>> [(a.text, a.party) for a in with_units([s])[0].actors]
[('Russian', 'Russia'), ('2nd Guards Motor Rifle Division', 'Russia'), ('soldiers', None)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.mentions.actors import ActorMention

FORMATION = re.compile(rf"\b(\d{{1,3}})(?:st|nd|rd|th)\s+(?:[\"'‘“]?[A-Z][\w'’-]*[\"'’”]?\s+){{0,5}}?"
                       rf"({cue_alternation('formation_nouns')})s?\b")
FORMATION_WORDS = frozenset(w.lower() for w in cue_list("formation_nouns"))
SIDE_GAP = re.compile(r"(?:['’]s)?\s+\Z")  # "the Russian 155th …", "Russia's 155th …"
TWO_SIDES = "two sides"  # a key named with two sides: no side


def with_units(sentences: Iterable[SentenceFacts]) -> list[SentenceFacts]:
    """Give each sentence's formations one actor mention, sided as the document names them (the sentences, each
    with its actors replaced)."""
    found: list[tuple[SentenceFacts, re.Match[str], ActorMention | None]] = []
    sides: dict[tuple[str, str], str] = {}
    out = list(sentences)
    for s in out:
        if s.words.isdisjoint(FORMATION_WORDS):
            continue
        for m in FORMATION.finditer(s.text):
            side = _side_before(s, m.start())
            if side is not None:
                key = _key(m)
                sides[key] = side.party if sides.get(key, side.party) == side.party else TWO_SIDES
            found.append((s, m, side))
    for s, m, side in found:
        party = side.party if side is not None else sides.get(_key(m))
        s.actors = _replace_inner(s, m, None if party == TWO_SIDES else party)
    return out


def _key(m: re.Match[str]) -> tuple[str, str]:
    return m.group(1), m.group(2).lower()


def _side_before(s: SentenceFacts, start: int) -> ActorMention | None:
    """The side named right before a formation: "the Russian 155th …" (not a person noun: "soldiers of the 5th")."""
    return next((a for a in s.actors if a.kind == "modifier" and a.party and a.end <= start
                 and SIDE_GAP.fullmatch(s.text, a.end, start)), None)


def _replace_inner(s: SentenceFacts, m: re.Match[str], party: str | None) -> list[ActorMention]:
    """The actors without the formation's inner words, and with the formation itself where its side is known."""
    kept = [a for a in s.actors if not (m.start() <= a.start < m.end())]
    if party is None:
        return kept
    unit = ActorMention(m.start(), m.end(), m.group(0), party, None, "modifier")
    return sorted([*kept, unit], key=lambda a: a.start)
