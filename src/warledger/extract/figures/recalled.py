"""Recalled incidents: a count told only to name an earlier incident that the sentence's news follows from.

A brief about an arrest, a trial, a curfew or an inquiry names the killing it follows from in a relative
clause ("a day after a double suicide bombing that has killed two people", "sentenced to death for the church
shooting in which nine people were killed") or as the cause of a protest ("to protest the death of two
protesters"). Those dead are the earlier incident's, counted in its own report, not the news of this one; an
offensive "after an attack that killed 5 soldiers" tells that attack, and its dead count.

>>> text = "A curfew is declared a day after a double suicide bombing that has killed two people."
>>> recalled_before(text, text.index("two people"))
True
>>> recalled_before("Two suicide bombers kill at least 24 people.", 27)
False
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation
from warledger.extract.figures import Figure, keep_only

# What the news follows from, told apart from the incident itself ("retook the town after a day of clashes that
# left 14 soldiers dead" is that day's news): a stretch of time after it ("a day after", "six years after"), an
# inquiry into it, or a sentence or a charge for it ("sentenced to death for the church shooting in which").
_FOLLOWS = (r"(?:\b(?:hours?|days?|weeks?|months?|years?)\s+(?:after|following)"
            rf"|\b(?:investigation|inquiry|probe)\s+into|\b(?:{cue_alternation('sentence_verbs')})\b[^;.]{{0,40}}?\bfor)")
# The earlier incident, a place or a day after its noun, then the relative clause the count stands in.
RECALLED = re.compile(
    rf"{_FOLLOWS}\s+(?:the|a|an|[\w-]+['’]s)\s+(?:[\w'’-]+\s+){{0,5}}?(?:{cue_alternation('incident_nouns')}|shooting)"
    r"(?:\s+(?:of|at|in|on|near)\s+[^,;.()]{1,50}?)?,?\s+(?:that|which|(?:in|during)\s+which)\s+[^,;.]{0,60}$", re.I)
# "to protest the death of two protesters": the dead are the protest's cause.
PROTESTED = re.compile(r"\bprotest(?:s|ing)?\s+(?:against\s+|over\s+)?the\s+(?:deaths?|killings?|murders?)\s+of\s+$",
                       re.I)
FOLLOW_WORDS = frozenset({"after", "following", "for", "into"})  # the guard, with "protest" (PROTESTED)


def recalled_before(text: str, start: int) -> bool:
    """Whether the count at ``start`` stands in a relative clause of an earlier incident the news follows from, or
    names the dead a protest is about."""
    window = text[max(0, start - 200):start]
    return RECALLED.search(window) is not None or PROTESTED.search(window) is not None


def no_recalled(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """Counts of an earlier incident the news follows from are dropped ("imposes a curfew … to protest the death of
    two protesters", "an inquiry into the suicide bombing on Sunday that killed at least 19 people"); parts of them
    lose their total."""
    if s.words.isdisjoint(FOLLOW_WORDS) and "protest" not in s.text:
        return figures
    kept = [i for i, f in enumerate(figures) if not recalled_before(s.text, f.start)]
    if len(kept) == len(figures):
        return figures
    if s.trace is not None:
        note(s, "figures.no_recalled", "dropped",
             ", ".join(s.text[f.start:f.end] for i, f in enumerate(figures) if i not in kept))
    return keep_only(figures, kept)
