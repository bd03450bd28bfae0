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
from warledger.extract.cues import cue_alternation, cue_list, cue_words
from warledger.extract.text.dates import date_spans
from warledger.extract.text.numbers import NumberMention, find_numbers, number_words

# "Brigade 52", "Article 4": a number after one of these words (as written) names something.
UNIT_WORDS = frozenset(cue_list("numbered_name_words"))

# "five of the eleven", "two of the 30", "three of 10": the second number's people are counted already (the first
# number is digits or any number word of numbers.yaml's units and tens).
OF_THE_NUMBER = re.compile(rf"\b(?:\d+|{'|'.join(number_words('units', 'tens'))})\s+of\s+(?:the\s+)?\Z", re.I)

# "a force of (some) 300 fighters", "a regiment composed of 1,500 soldiers": a strength, no count; the nouns and
# the verbs' first words also gate the pattern.
STRENGTH_WORDS = cue_words("strength_nouns") | {w.split()[0] for w in cue_list("strength_verbs")}
STRENGTH_BEFORE = re.compile(rf"\b(?:(?:{cue_alternation('strength_nouns')})\s+of|"
                             rf"{cue_alternation('strength_verbs')})\s+"
                             rf"(?:(?:{cue_alternation('strength_approximators')})\s+)?$", re.I)

# "out of (the) 570 soldiers", "Reportedly, of the 80 soldiers": "of" opening a clause, or "out of" (not "4 out of
# 10 passengers", one count's part), before a whole.
WHOLE_BEFORE = re.compile(r"(?:\b[Oo]ut\s+of|(?:^|[,;:]\s*|\bthat\s+)[Oo]f)\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?"
                          r"(?:approximately\s+|about\s+|around\s+|some\s+|nearly\s+|almost\s+)?$")
WHOLE_HIT = re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{cue_alternation('whole_count_statuses')})\b", re.I)

# "aged 9 and 11 were killed": the ages, up to a word that follows an age list, are no counts.
AGES = re.compile(r"\b(?:(?:ages|age)\s+(?:of\s+)?(?:between\s+)?\d+|aged\s+(?:between\s+)?(?:\d+|[a-z]+(?:-[a-z]+)?))"
                  r"(?:\s*(?:,|and|to|or|-|–)\s*(?:\d+|[a-z]+(?:-[a-z]+)?)(?=\s*(?:[,.;)]|$)|\s+(?:"
                  rf"{cue_alternation('age_list_followers')})\b))*")


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
        numbers = [n for n in numbers if not _a_strength(text, n, numbers)]
    if "of" in s.words:  # "out of 33 crew members, 10 were missing": the whole the parts are told of
        numbers = [n for n in numbers if not _the_whole(text, n, numbers)]
    return numbers


def _the_whole(text: str, num: NumberMention, numbers: list[NumberMention]) -> bool:
    """Whether a number is the whole a later count is told out of: "out of the 570 soldiers in his unit, 29
    survived, 12 were wounded", "Of the 1,500 members of the brigade, losses were placed at 200-300"."""
    if text.find("f ", max(0, num.start - 30), num.start) < 0:
        return False  # no "of" before it: the common case, no pattern tried
    whole = WHOLE_BEFORE.search(text, max(0, num.start - 30), num.start)
    if whole is None or any(0 <= whole.start() - other.end <= 1 for other in numbers) \
            or WHOLE_HIT.match(text, num.end):  # "of the twelve killed …, six were foreigners": a toll's parts
        return False
    return any(other.start > num.end and "," in text[num.end:other.start] for other in numbers)


def _a_strength(text: str, num: NumberMention, numbers: list[NumberMention]) -> bool:
    """Whether a number tells a unit's size ("a regiment composed of 1,500 soldiers"); not a count's breakdown
    right after it ("13 civilians consisting of seven Syrians")."""
    m = STRENGTH_BEFORE.search(text, max(0, num.start - 40), num.start)
    return m is not None and not any(0 <= m.start() - other.end <= 30 for other in numbers)


def _named_or_counted(text: str, start: int) -> bool:
    """"Brigade 52", "Article 4": a name's number; "five of the eleven": the eleven are counted already."""
    before = text[max(0, start - 30):start]
    words = before.split()
    if words and words[-1] in UNIT_WORDS and before.endswith(" "):
        return True
    return before.endswith(("of ", "of the ")) and OF_THE_NUMBER.search(before) is not None \
        and not ONE_AMONG.search(before)


# "He was one of 5 people kidnapped", "the officer, one of 12 soldiers captured": one person said to be among a
# group whose count is told (with "the", the group is one told before).
ONE_AMONG = re.compile(r"(?:\b(?:was|is|as)|,)\s+(?:one|1)\s+of\s+\Z", re.I)
