"""Bare numbers: when a number with no noun of its own counts people.

A bare number counts people only right next to its status ("and 96 were captured", "wounding another one"), after a
second status word ("killing 2 PMF members and injuring 3"), or where its verb is left out ("killed 16 people in
al-Bahrah and 12 in Hajin", "…, six in Sartana and four in Buhas", "…, and a total of 80,000 since August").
"""

from __future__ import annotations

import re

from warledger.extract.figures.statuses import StatusWord
from warledger.extract.figures.syntax import ANOTHER_GAP, OF_THEM, PASSIVE
from warledger.extract.text.numbers import NumberMention

OPENING_QUOTES = ("\"", "“", "‘")
CLOSING_QUOTES = ("\"", "”", "’")
# "one seriously injured", "one later died", "500 combat fatalities"
ADVERB_GAP = re.compile(r"\s*(?:(?:[a-z]+ly|later|combat|battlefield)\s+)?")
AND_BEFORE = re.compile(r"\band\s+$", re.I)
ITEM_BEFORE = re.compile(r"(?:\band\s+|,\s*|\s[-–—]\s*)$", re.I)  # "… and 12 in Hajin", "…, six in Sartana"
WHERE_OR_WHEN = re.compile(r"\s+(?:in|on|at|near)\s")
AND_A_TOTAL_OF = re.compile(r"\band\s+a\s+total\s+of\s+\Z", re.I)  # the status of the count before


# "another three who were captured", "at least one other was wounded": a word between the count and its verb
WHO_OR_OTHER = re.compile(r"(?:\s+(?:who|other)(?=\s))?")
NUMBER_ASIDE = re.compile(r",\s*(?:including|among\s+them)\b[^,;.]*,")


def bare_number_allowed(text: str, num: NumberMention, statuses: list[StatusWord]) -> bool:
    """A number with no noun is a figure only right next to its status ("wounding another one", "a further 40":
    a word of more between); an article alone counts no one ("images of a destroyed building": the status word is
    the noun's adjective)."""
    if num.text.lower() in ("a", "an"):
        return False
    before = any(s.direction == "pre" and (0 <= num.start - s.end <= 2 or ANOTHER_GAP.fullmatch(text, s.end, num.start))
                 for s in statuses)
    of_whom = OF_THEM.match(text, num.end) or NUMBER_ASIDE.match(text, num.end)  # "three of whom died", "four,
    after = of_whom.end() if of_whom else num.end  # including an officer, were captured"
    after = WHO_OR_OTHER.match(text, after).end()  # type: ignore[union-attr]
    if _quoted_subject(text, num, after):
        after += 1
    gap_end = PASSIVE.match(text, after).end()  # type: ignore[union-attr]
    gap_end += text[gap_end:gap_end + 1] in OPENING_QUOTES  # a belligerent's word quoted: 165 were "eliminated"
    # A status may hold its own auxiliary: "… and 96 were captured" (the status word is "were captured"); an
    # adverb may stand before it: "and one seriously injured".
    next_word = ADVERB_GAP.match(text, after).end()  # type: ignore[union-attr]
    return before or any(s.start in (gap_end, next_word) and s.direction == "post" for s in statuses) \
        or _elided_object(text, num, statuses)


def _quoted_subject(text: str, num: NumberMention, after: int) -> bool:
    """A teller's number quoted as a subject: "around 40" were killed (not a vague word, "scores" were killed; nor
    an adjective's count, "a dozen" destroyed vehicles)."""
    return num.kind != "vague" and text[num.start - 1:num.start] in OPENING_QUOTES \
        and text[after:after + 1] in CLOSING_QUOTES and bool(PASSIVE.match(text, after + 1).group().strip())  # type: ignore[union-attr]


def _elided_object(text: str, num: NumberMention, statuses: list[StatusWord]) -> bool:
    """"killed 16 people in al-Bahrah on 19 February and 12 in Hajin on 21 February": the verb is not written
    again before the second count; nor before counts by place after a comma ("ten civilians had been killed at
    Mariupol, six in Sartana and four in Buhas")."""
    if AND_A_TOTAL_OF.search(text, max(0, num.start - 20), num.start):  # "…, and a total of over 80,000 since August"
        return any(s.end < num.start for s in statuses)
    joined = ITEM_BEFORE.search(text, max(0, num.start - 5), num.start)
    return joined is not None and WHERE_OR_WHEN.match(text, num.end) is not None and num.kind != "vague" \
        and any(s.end < num.start for s in statuses)  # (not "…, many in critical condition")


def second_status(text: str, num: NumberMention, statuses: list[StatusWord]) -> bool:
    """"killing 2 PMF members and injuring 3": a number right after a second status word."""
    return any(s.direction == "pre" and 0 <= num.start - s.end <= 2
               and AND_BEFORE.search(text, max(0, s.start - 6), s.start)
               and any(o.end <= s.start for o in statuses) for s in statuses)  # a first status before it
