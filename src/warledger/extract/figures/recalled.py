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
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.figures import Figure, keep_only

# What the news follows from, told apart from the incident itself ("retook the town after a day of clashes that
# left 14 soldiers dead" is that day's news): a stretch of time after it ("a day after", "six years after"), an
# inquiry into it, or a sentence or a charge for it ("sentenced to death for the church shooting in which").
_FOLLOWS = (r"(?:\b(?:hours?|days?|weeks?|months?|years?)\s+(?:after|following)"
            r"|\b(?:investigation|inquiry|probe)\s+into|\b(?:liable|responsible)\s+for|\binvolved\s+in"
            rf"|\b(?:{cue_alternation('sentence_verbs')})\b[^;.]{{0,40}}?\b(?:for|in|over|in\s+(?:relation|connection)\s+(?:to|with)))")
# The earlier incident, a place or a day after its noun, then the relative clause the count stands in (and the parts
# it names: "… that killed at least 19 people, including Shuja Khanzada").
RECALLED = re.compile(
    rf"{_FOLLOWS}\s+(?:the|a|an|[\w-]+['’]s)\s+(?:[\w'’-]+\s+){{0,5}}?"
    rf"(?:(?:{cue_alternation('incident_nouns')}|shooting|airstrike|air\s+strike|strike|shelling)s?)"
    r"(?:\s+(?:of|at|in|on|near)\s+[^,;.()]{1,50}?)?,?\s+(?:that|which|(?:in|during)\s+which)\s+"
    r"(?:[^,;.]|,\s+(?:including|among\s+them)\b){0,80}$", re.I)
# The killing someone is accused of, or the deaths a charge is about: "Roof is suspected of killing nine people",
# "acquits X of the charge of killing three prisoners", "charge a man with murder in the deaths of an imam and his
# assistant", "a stretch after it": "six years after the murder of around 58 people".
ACCUSED = re.compile(
    r"\b(?:(?:suspected|accused|convicted|acquit\w*|charged?|charges|guilty|indicted)\b[^;.]{0,50}?\b"
    r"(?:of|with|for)\s+(?:the\s+)?(?:(?:charges?|accusations?)\s+of\s+)?"
    r"|(?:hours?|days?|weeks?|months?|years?)\s+(?:after|following)\s+the\s+)"
    r"(?:killing|murdering|(?:murders?|killings?|deaths?)\s+of|(?:[\w-]+\s+)?(?:murder|manslaughter)\s+in\s+the\s+"
    r"deaths?\s+of)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
# "to protest the death of two protesters": the dead are the protest's cause.
PROTESTED = re.compile(r"\bprotest(?:s|ing)?\s+(?:against\s+|over\s+)?the\s+(?:deaths?|killings?|murders?)\s+of\s+$",
                       re.I)
# The guard, with "protest" (PROTESTED): a word without which none of the patterns can match
FOLLOW_WORDS = cue_words("recall_guard_words") | cue_words("sentence_verbs")


def recalled_before(text: str, start: int) -> bool:
    """Whether the count at ``start`` stands in a relative clause of an earlier incident the news follows from, or
    names the dead a protest is about."""
    window = text[max(0, start - 200):start]
    return any(p.search(window) is not None for p in (RECALLED, PROTESTED, ACCUSED))


def no_recalled(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """Counts of an earlier incident the news follows from are dropped ("imposes a curfew … to protest the death of
    two protesters", "an inquiry into the suicide bombing on Sunday that killed at least 19 people"); parts of them
    are recalled with them ("the murder of 58 people, including journalists")."""
    if s.words.isdisjoint(FOLLOW_WORDS) and "protest" not in s.text:
        return figures
    recalled: set[int] = set()
    for i, f in enumerate(figures):  # a part comes after its total
        if recalled_before(s.text, f.start) or f.subset_of in recalled:
            recalled.add(i)
    kept = [i for i in range(len(figures)) if i not in recalled]
    if len(kept) == len(figures):
        return figures
    if s.trace is not None:
        note(s, "figures.no_recalled", "dropped",
             ", ".join(s.text[f.start:f.end] for i, f in enumerate(figures) if i not in kept))
    return keep_only(figures, kept)
