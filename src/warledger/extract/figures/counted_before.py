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
from warledger.extract.text.counts import count_mentions
from warledger.model import Count

SENTENCES_BACK = 3  # how many sentences before a definite plural may hold its count
THE_BEFORE = re.compile(r"(?:^|\s)the\s+\Z", re.I)
WORDS_BETWEEN = 2  # "three foreign engineers", "12 Chinese nationals": a few words between the count and the noun


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
    """The exact count right before the last mention of the figure's noun in ``before`` (the sentences' numbers
    that may count people: no date's, no age's); none where that count was told the same status, or is below two."""
    noun_after = re.compile(rf"(?:\s+[\w'’-]+){{0,{WORDS_BETWEEN}}}?\s+{re.escape(fig.head or '')}\b", re.I)
    for s in reversed(before):
        for n in reversed(s.numbers or count_mentions(s)):
            if noun_after.match(s.text, n.end) is None:
                continue
            told = [f for f in s.figures if f.start <= n.start < f.end]
            exact = n.count.low if n.count.high == n.count.low else None
            return exact if exact and exact >= 2 and not any(f.status == fig.status for f in told) else None
    return None
