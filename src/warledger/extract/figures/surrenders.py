"""Units as counts: a unit told surrendered or captured, with no number, counts at least two captured; a unit whose
size is told before it ("a six-man team") counts that many, whatever its status.

The contract counts a bare plural as at least two; a unit is such a plural of its soldiers. Only surrender and
capture count: a unit "destroyed" or "routed" tells of losses no one counted.

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("On 4 April, one Ukrainian battalion surrendered.", "UA")
>>> [(f.count.low, f.party) for f in surrendered_units(s)]
[(2, 'government')]
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.figures import Figure
from warledger.extract.text.numbers import CountKind, word_value
from warledger.model import Count

UNIT_WORDS = cue_words("surrendering_unit_nouns")
# "one Ukrainian battalion", "the remainder of the garrison", "a reconnaissance platoon of the Russian 74th Motorized
# Rifle Brigade", then "(had) (also) surrendered" or "were captured".
UNIT_SURRENDERED = re.compile(
    r"\b(?:(?:one|a|an|another|the|an\s+additional)\s+|(?:the\s+)?(?:rest|remainder|remnants)\s+of\s+(?:the|its|their)\s+)"
    rf"(?:[\w-]+\s+){{0,2}}?(?P<unit>{cue_alternation('surrendering_unit_nouns')})\b(?:\s+of\s+the\s+[^,;.]{{1,60}}?)?"
    r"(?=\s+(?:had\s+|has\s+|have\s+)?(?:also\s+)?(?:surrendered|(?:been|was|were)\s+captured)\b)", re.I)

# "a six-man GNA scouting team", "the four-member crew", "a 12-strong patrol": the size, then up to three words.
SIZED_UNIT = re.compile(r"\b(?:an?|the|one)\s+(?P<size>\d+|[a-z]+)-(?:man|men|member|person|strong)\s+"
                        rf"(?:[\w-]+\s+){{0,3}}?(?P<unit>{cue_alternation('sized_unit_nouns')})\b", re.I)


def surrendered_units(s: SentenceFacts) -> list[Figure]:
    """Each unit the sentence tells surrendered or captured, as at least two captured of the side its phrase names."""
    if s.words.isdisjoint(UNIT_WORDS):
        return []
    return [_unit_figure(s, m, Count(2, None), "min") for m in UNIT_SURRENDERED.finditer(s.text)]


def sized_units(s: SentenceFacts) -> list[Figure]:
    """Each unit whose size is told before it, as a count of that many of the side its phrase names: "a six-man
    GNA scouting team was killed" counts six."""
    if "-" not in s.text:
        return []
    sized = [(m, word_value(m.group("size"))) for m in SIZED_UNIT.finditer(s.text)]
    return [_unit_figure(s, m, Count(size, size), "exact") for m, size in sized if size is not None and size >= 2]


def _unit_figure(s: SentenceFacts, m: re.Match[str], count: Count, qualifier: CountKind) -> Figure:
    """The figure of a unit's phrase ``m``, of the side named inside it ("one Ukrainian battalion")."""
    side = next((a for a in s.actors if m.start() <= a.start < m.end() and a.kind == "modifier" and a.party), None)
    return Figure(m.start(), m.end(), count, side.party if side else None, side.group if side else None, None,
                  head=m.group("unit").lower(), qualifier=qualifier)
