"""Toll revisions: whether a toll replaces an earlier one ("the toll rose to 35"), is the family's own revision
("raised its toll to 34"), lowers one ("was revised down to 12") or is the earlier one ("an earlier toll stood at
27"); so the ledger keeps the latest count of an incident and not their sum.

>>> from warledger.extract.stages import facts_for
>>> from warledger.extract.figures.statuses import status_words
>>> s = facts_for("The death toll rose to 35 on Monday.")
>>> toll_revision(s, status_words(s, set())[0])
'later'
"""

from __future__ import annotations

import functools
import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation
from warledger.extract.figures.statuses import StatusWord, terms

EARLIER = ("earlier", "initial", "previous", "preliminary", "first")  # "an earlier toll", "initial reports"
EARLIER_TOLL = re.compile(rf"\b(?:an?\s+|the\s+)?(?:{'|'.join(EARLIER)})\s+(?:death\s+)?"
                          r"(?:toll|tally|count|reports?|claims?)\b"
                          r"|\bhad\s+(?:earlier\s+|initially\s+|previously\s+|first\s+)?"
                          rf"(?:{cue_alternation('earlier_toll_verbs')})\b"
                          r"|\b(?:initially|previously|at\s+first)\s+(?:reported|documented|put|said|gave)\b", re.I)


@functools.cache
def revision_words() -> frozenset[str]:
    """Words of a toll phrase that revise an earlier toll ("rose", "raised")."""
    return frozenset(terms()["revision_words"])


@functools.cache
def _revision_gate() -> frozenset[str]:
    """Words without one of which a sentence revises no toll."""
    return revision_words() | frozenset(EARLIER) | {"had", "initially", "previously"}


def toll_revision(s: SentenceFacts, word: StatusWord | None) -> str | None:
    """Whether a toll revises an earlier one ("the toll rose to 35": "later"; "raised its toll": "own"; "was
    lowered to eight": "lowered") or is the earlier one ("an earlier toll stood at 27")."""
    text = s.text
    if word is None or s.words.isdisjoint(_revision_gate()):
        return None
    clause = max(text.rfind(";", 0, word.start), text.rfind(". ", 0, word.start), text.rfind(", ", 0, word.start),
                 0)
    earlier = EARLIER_TOLL.search(text, clause, word.start)
    if earlier is not None:  # "an earlier toll stood at 27", "initial reports said 18 dead" …
        between = set(text[earlier.end():word.start].lower().split())
        # … unless the toll was revised since: "initial claims of 30 killed were lowered to eight deaths"
        if between.isdisjoint(revision_words()):
            return "earlier"
        return "later" if between.isdisjoint(terms()["lowering_words"]) else "lowered"
    # "raised the ISIL toll to 34": the verb may stand a few words before the toll phrase (not before "died").
    phrase = text[word.start:word.end].lower()
    if (not phrase.endswith((" to", " at")) and revision_words().isdisjoint(phrase.split())) \
            or phrase.endswith(" down"):  # "gunned down", "shot down": a killing, not a toll "revised down"
        return None
    words = set(text[max(clause, word.start - 30):word.end].lower().split())
    if words.isdisjoint(revision_words()):
        return None
    if not words.isdisjoint(terms()["lowering_words"]):
        return "lowered"  # "the toll was revised down to 12": it replaces a larger one
    return "own" if not words.isdisjoint(("its", "their")) else "later"  # "raised its toll": its own count
