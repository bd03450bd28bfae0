"""Plurals counted before: "the engineers" a sentence tells a status of are the "three engineers" named just before.

A plural with no number counts at least two ("The engineers were killed"). Where "the" marks it as people already
named and a sentence just before counted them ("Gunmen kidnapped three engineers near the dam."), it counts that many,
unless that earlier count was told the same status (then it is the same figure told again, left as it is).

>>> from warledger.extract.pipeline import analyse
>>> from warledger.read import read_string
>>> doc = read_string("Gunmen seized three engineers. The engineers were later killed.", "x", "text").documents[0]
>>> [(f.count.low, f.status) for s in analyse(doc).sentences for f in s.figures]
[(3, 'killed')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.figures import Figure
from warledger.extract.text.numbers import word_value
from warledger.model import Count

SENTENCES_BACK = 3  # how many sentences before a definite plural may hold its count
THE_BEFORE = re.compile(r"(?:^|\s)the\s+\Z", re.I)
WORDS_BEFORE_NOUN = 3  # "three foreign engineers", "12 Chinese nationals": the count a few words before the noun
TOKEN = re.compile(r"\S+")
PHRASE_END = (",", ".", ";", ":", ")", "(")  # a token ending so closes the phrase before the noun


def with_counts_before(sentences: Sequence[SentenceFacts]) -> None:
    """Give each definite plural with no number the count of the same people named in a sentence just before."""
    for i, s in enumerate(sentences):
        for k, fig in enumerate(s.figures):
            if not _definite_plural(s.text, fig):
                continue
            earlier = _counted_before(sentences[max(0, i - SENTENCES_BACK):i], fig)
            if earlier is not None:
                s.figures[k] = fig._replace(count=Count(earlier, earlier), qualifier="exact")
                note(s, "figures.counted_before", "set", f"{s.text[fig.start:fig.end]!r} → {earlier}")


def _definite_plural(text: str, fig: Figure) -> bool:
    """"The engineers were killed": a plural's figure with no number of its own, "the" right before it."""
    return fig.count == Count(2, None) and fig.qualifier == "min" and fig.head is not None \
        and text[fig.start:fig.end].lower() == fig.head.lower() and THE_BEFORE.search(text, 0, fig.start) is not None


def _counted_before(before: Sequence[SentenceFacts], fig: Figure) -> int | None:
    """The count of the last mention of the figure's noun in ``before`` (none where that mention was told the same
    status, or counts fewer than two)."""
    noun = re.compile(rf"\b{re.escape(fig.head or '')}\b", re.I)
    for s in reversed(before):
        for m in reversed(list(noun.finditer(s.text))):
            number = _count_before(s, m.start())
            if number is None:
                continue
            told = [f for f in s.figures if f.start <= number.start() < f.end]
            value = word_value(number.group()) or 0
            return None if value < 2 or any(f.status == fig.status for f in told) else value
    return None


def _count_before(s: SentenceFacts, start: int) -> re.Match[str] | None:
    """The number among the few words of the noun's own phrase before ``start`` (no date's number)."""
    words = list(TOKEN.finditer(s.text, max(0, start - 60), start))[-WORDS_BEFORE_NOUN:]
    for word in reversed(words):
        if word.group().endswith(PHRASE_END) or any(d.start() <= word.start() < d.end() for d in s.date_matches):
            return None
        if (word_value(word.group()) or 0) > 0:
            return word
    return None
