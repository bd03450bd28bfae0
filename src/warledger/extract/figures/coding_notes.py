"""The coder's own count in an event note: "Unknown fatalities coded as 6 and spread across three areas",
"Fatalities are split across 3 events (4)".

ACLED-style notes close with how the row's fatalities were coded when the text gives no number, or when one
report's toll was divided between the rows of several places or days, or repeat the count alone ("3 killed.").
The remark is the note's toll for the row:
the share a total spread over ``k`` places gets (the total divided, rounded up, as the first of the rows gets it),
or the number in brackets after a split. It revises the note's own figures, which stay as its parts (a toll
lowered: "initial claims of 30 killed were lowered to eight").

>>> share = coded_share("Unclear fatalities coded as 7 and spread between 2 areas.")
>>> share[2]
4
>>> coded_share("Fatalities are split across 3 events (4).")[2], coded_share("20 fatalities split between 3 events.")[2]
(4, 7)
>>> coded_share("6-8 assailants were killed (coded as 7 fatalities total).")[2]
7
>>> coded_share("3 killed.")[2], coded_share("No fatalities.")
(3, None)
>>> coded_share("Valley Brigade forces (coded as Local Militia) attacked.") is None
True
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation
from warledger.extract.figures import Figure
from warledger.extract.text.numbers import word_value
from warledger.model import Count

ROWS = rf"(?P<k>\d+|[a-z]+)\s+(?:{cue_alternation('coded_row_nouns')})"
# "(Unknown|Unclear) (reported) (number of) fatalities (are) coded as 6 (and spread across three areas)"
CODED = re.compile(r"\b(?:(?:unknown|unclear)\s+(?:reported\s+)?(?:number\s+of\s+)?)?fatalit\w*\s+(?:are\s+|were\s+)?"
                   r"coded\s+as\s+(?P<n>\d+)(?:\s+and\s+(?:split|spread)\s+(?:up\s+)?(?:across|between|among|over)\s+"
                   + ROWS + ")?", re.I)
# "(coded as 7 fatalities total)": the count before the noun.
CODED_BEFORE = re.compile(r"\bcoded\s+as\s+(?P<n>\d+)\s+(?:total\s+)?fatalit\w*(?:\s+(?:in\s+)?total)?"
                          r"(?:\s+(?:split|spread)\s+(?:up\s+)?(?:across|between|among|over)\s+" + ROWS + ")?", re.I)
# "20 fatalities split up between 3 events": the total and the rows, with no "coded as".
SPLIT_TOTAL = re.compile(r"\b(?P<n>\d+)\s+fatalit\w*\s+(?:are\s+|were\s+)?(?:split|spread)\s+(?:up\s+)?"
                         r"(?:across|between|among|over)\s+" + ROWS, re.I)
# "Fatalities are split across 3 events (4)": the row's share in brackets.
SPLIT = re.compile(r"\bfatalit\w*\s+(?:are\s+|were\s+)?(?:split|spread)\s+(?:up\s+)?(?:across|between|among|over)\s+"
                   + ROWS + r"\s*\((?P<m>\d+)\)", re.I)


# A sentence that is only the count: "4 fatalities.", "3 killed.", "[5 fatalities reported]", "At least 1
# fatality." (a heading such as "Fatalities: 5." before the narrative is its summary, read where it stands).
COUNT_ALONE = re.compile(r"^\W*(?:at\s+least\s+)?(?P<n>\d+|[a-z]+)\s+(?:fatalit(?:y|ies)|killed|dead|deaths?)"
                         r"(?:\s+(?:were\s+)?(?:reported|recorded|confirmed))?\W*$", re.I)


def coded_share(text: str) -> tuple[int, int, int] | None:
    """``(start, end, count)`` of the row's coded fatalities in ``text``, or ``None``."""
    if alone := COUNT_ALONE.match(text):
        count = word_value(alone.group("n"))
        return (alone.start(), alone.end(), count) if count else None
    if "atalit" not in text:
        return None
    if split := SPLIT.search(text):
        return split.start(), split.end(), int(split.group("m"))
    coded = CODED.search(text) or CODED_BEFORE.search(text) or SPLIT_TOTAL.search(text)
    if coded is None:
        return None
    total, rows = int(coded.group("n")), word_value(coded.group("k") or "1") or 1
    return coded.start(), coded.end(), -(-total // rows)


def coded_fatalities(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """The sentence's killed figures give way to the coder's count, which revises the note's earlier ones."""
    share = coded_share(s.text)
    if share is None:
        return figures
    start, end, count = share
    kept = [f for f in figures if f.status not in (None, "killed")]
    return [*kept, Figure(start, end, Count(count, count), None, None, "killed", revision="lowered")]
