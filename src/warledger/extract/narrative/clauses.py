"""Clauses of one sentence that tell incidents of their own, cut off from the incident the sentence opens with.

A sentence may say outright that it tells two incidents: "…, while a separate roadside bomb wounded three
policemen in Tarmiyah", "SOHR documented two separate attacks on 3 November: an IS ambush killed five soldiers
near Maadan, and a landmine killed two shepherds near al-Sukhnah". Each such clause is an incident of the same
day, at its own place.

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("IS killed two soldiers near Tuz, while a separate bomb wounded three policemen in Tarmiyah.")
>>> s.text[separate_clauses(s)[0]:]
', while a separate bomb wounded three policemen in Tarmiyah.'
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation

# "…, while a separate roadside bomb wounded three policemen in Tarmiyah": another incident of the same day.
SEPARATE_CLAUSE = re.compile(rf"(?:[,;]\s*|\s+)(?:{cue_alternation('incident_joiners')})\s+(?:in\s+)?(?:an?|another)"
                             r"\s+separate\b", re.I)
# "SOHR documented two separate attacks on 3 November: an IS ambush killed …, and a landmine killed …".
SEPARATE_LIST = re.compile(r"\bseparate\s+[a-z]+s\b[^:;.]{0,60}:")
LIST_CLAUSE = re.compile(r"(?:,\s*and|;)\s+")


def separate_clauses(sent: SentenceFacts) -> list[int]:
    """Where a clause telling a separate incident starts (in a sentence that has the word "separate")."""
    listed = SEPARATE_LIST.search(sent.text)
    items = [m.start() for m in LIST_CLAUSE.finditer(sent.text, listed.end())] if listed else []
    return items + [m.start() for m in SEPARATE_CLAUSE.finditer(sent.text) if m.start() > 0]
