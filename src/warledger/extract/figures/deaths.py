"""Deaths and injuries told outside the status lexicon: a killing verb split around its object ("stabbed 4 people
to death", "claimed 7 civilians' lives") and one death or injury counted as a noun ("resulting in one death", "one
civilian death and two injuries").

>>> from warledger.extract.analysis import SentenceFacts
>>> [m[1] for m in one_death(SentenceFacts.of("The shell caused one civilian death and one injury."))]
['death', 'injury']
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation

CLAIMED_LIVES = re.compile(r"\bclaim(?:ed|ing|s)?\b(?=(?:\s+[\w'’-]+){0,3}?\s+lives\b)", re.I)
TO_DEATH = re.compile(rf"\b(?:{cue_alternation('to_death_verbs')})\b(?=\s+(?:[\w'-]+\s+){{1,4}}?to\s+death\b)", re.I)
# "one death", "one civilian death", "1 injury" (not "the one death": told already)
ONE_DEATH = re.compile(r"(?<!the\s)\b(?:one|1)\s+(?:[a-z]+\s+)?(death|injury)\b", re.I)


def to_death(s: SentenceFacts) -> list[re.Match[str]]:
    """"stabbed 4 people to death", "beat a shepherd to death", "claimed 7 civilians lives": a killing verb split
    around its object."""
    death = list(TO_DEATH.finditer(s.text)) if "death" in s.words else []
    return death + (list(CLAIMED_LIVES.finditer(s.text)) if "lives" in s.words else [])


def one_death(s: SentenceFacts) -> list[re.Match[str]]:
    """"one death", "one civilian death", "1 injury": one person dead or hurt, the noun (group 1) the status."""
    return list(ONE_DEATH.finditer(s.text)) if not s.words.isdisjoint(("death", "injury")) else []
