"""Counts: the number phrases of a sentence that may count people.

A number inside a date ("12 March 2019"), an age ("aged 9 and 11"), a name
("Brigade 52", "Article 4"), a strength ("a force of 300 fighters") or the
"eleven" of "five of the eleven" counts no one here: the figures stage reads
only what is left.

>>> from warledger.extract.stages import facts_for
>>> [n.text for n in count_mentions(facts_for("On 12 March, Brigade 52 lost 7 of its 300 men, aged 20 to 25."))]
['7', '300']
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.text.dates import date_spans
from warledger.extract.text.numbers import NumberMention, find_numbers

UNIT_WORDS = frozenset({"Brigade", "Division", "Regiment", "Battalion", "Corps", "Squadron", "Unit", "Base", "Route",
                        "Highway", "Sector", "Camp", "Article", "Resolution", "Gate", "Hill", "Point", "Checkpoint",
                        "No."})

OF_THE_NUMBER = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+of\s+the\s+\Z",
                           re.I)

STRENGTH_WORDS = frozenset({"force", "forces", "strength", "contingent", "reinforcement", "reinforcements", "column",
                            "deployment"})

STRENGTH_BEFORE = re.compile(r"\b(?:force|forces|strength|contingent|reinforcements?|column|deployment)\s+of\s+"
                             r"(?:some\s+|about\s+|around\s+|roughly\s+|nearly\s+|up\s+to\s+|over\s+|more\s+than\s+)?$",
                             re.I)

AGES = re.compile(r"\b(?:(?:ages|age)\s+(?:of\s+)?(?:between\s+)?\d+|aged\s+(?:between\s+)?(?:\d+|[a-z]+(?:-[a-z]+)?))"
                  r"(?:\s*(?:,|and|to|or|-|–)\s*(?:\d+|[a-z]+(?:-[a-z]+)?)(?=\s*(?:[,.;)]|$)|\s+(?:and|or|to|were|was|"
                  r"years?|months?|respectively|died|dead|killed|wounded|injured)\b))*")


def count_mentions(s: SentenceFacts) -> list[NumberMention]:
    """Numbers of a sentence that are not part of a date expression or an age ("aged 9 and 11")."""
    text = s.text
    outside = date_spans(s)
    if "age" in text or "aged" in text:
        outside = sorted(outside + [m.span() for m in AGES.finditer(text)])
    numbers = find_numbers(s, outside=outside)
    # "Brigade 52", "Article 4": a name's number; "five of the eleven": the eleven are counted already.
    numbers = [n for n in numbers if not _named_or_counted(text, n.start)]
    if not s.words.isdisjoint(STRENGTH_WORDS):  # "a force of 300 fighters" is a strength, no count
        numbers = [n for n in numbers if not STRENGTH_BEFORE.search(text, max(0, n.start - 40), n.start)]
    return numbers


def _named_or_counted(text: str, start: int) -> bool:
    """"Brigade 52", "Article 4": a name's number; "five of the eleven": the eleven are counted already."""
    before = text[max(0, start - 30):start]
    words = before.split()
    if words and words[-1] in UNIT_WORDS and before.endswith(" "):
        return True
    return before.endswith("of the ") and OF_THE_NUMBER.search(before) is not None
