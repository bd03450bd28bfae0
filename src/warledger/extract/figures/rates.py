"""Rates: a rate or a ratio counts no one's dead ("losing 500 men killed every day", "five soldiers killed for every
one of theirs"); a list pass of :mod:`~warledger.extract.figures.breakdowns`."""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.figures import Figure, keep_only

# A rate after the figure in its clause ("losing 500 men killed every day", "casualties reported daily", "1,500
# casualties per day", "on some days"; not "a day after", "a week later"), or a ratio around it ("five Russian
# soldiers killed for every Ukrainian soldier", "for every 48 centimetres …, one of its soldiers", "the ratio is 7
# to 1").
RATE_AFTER = re.compile(rf"[^.;]{{0,80}}?(?:(?<!within\s)(?<!\bin\s)(?<!for\s)(?<!over\s)(?<!after\s)"
                        rf"\b(?:a|per|each|every|on\s+some)\s+(?:{cue_alternation('rate_units')})\b"
                        rf"(?!\s+(?:{cue_alternation('rate_unit_followers')})\b)|\bdaily\b(?=\s*[,.;]|\s+amid\b)|"
                        r"\bfor\s+(?:each|every)\s)", re.I)
AND_ANOTHER = re.compile(r"[^,;.]{0,40}?\band\s+(?:another\s+)?")  # "500 men killed and another 900 wounded"
RATE_WORDS = frozenset((*cue_list("rate_units"), "daily", "every", "each", "ratio", "ratios"))  # none: no rate
RATIO_BEFORE = re.compile(r"(?:\bfor\s+(?:each|every)\s[^.;]{0,60}|\bratios?\s+(?:is|was|of)\s+)\Z", re.I)


def no_rates(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """A rate or a ratio counts no one's dead: "the Russians were losing 500 men killed and another 900 wounded
    every day", "10 injured civilians for every injured soldier" (its figures are dropped; parts of them lose their
    total)."""
    if s.words.isdisjoint(RATE_WORDS):
        return figures
    rates = [False] * len(figures)
    for i in reversed(range(len(figures))):  # a figure joined to a rate after it ("and another 900") is one too
        rates[i] = _a_rate(s.text, figures, i, rates)
    if not any(rates):
        return figures
    kept = [i for i, rate in enumerate(rates) if not rate]
    if s.trace is not None:
        dropped = (s.text[f.start:f.end] for i, f in enumerate(figures) if rates[i])
        note(s, "figures.no_rates", "dropped", ", ".join(dropped))
    return keep_only(figures, kept)


def _a_rate(text: str, figures: list[Figure], i: int, rates: list[bool]) -> bool:
    """Whether figure ``i`` is a rate: a rate's unit after it (up to the next figure), a ratio before it, or "and
    another" joining it to the rate after it (``rates``: those after it, known already)."""
    fig, after = figures[i], figures[i + 1] if i + 1 < len(figures) else None
    if RATE_AFTER.match(text[:after.start] if after else text, fig.end) \
            or RATIO_BEFORE.search(text, max(0, fig.start - 80), fig.start):
        return True
    return after is not None and rates[i + 1] and AND_ANOTHER.fullmatch(text, fig.end, after.start) is not None
