"""Number phrases → :class:`Count`, with their spans.

Digits with separators, number words and compounds, ranges, qualifiers and
vague quantities, following the contract's Count rules. The words live in
``data/numbers.yaml``.

>>> [(m.text, m.count.low, m.count.high) for m in find_numbers("between 26 and 30 soldiers and over 25 IS")]
[('between 26 and 30', 26, 30), ('over 25', 26, None)]
>>> [(m.text, m.count.low, m.count.high) for m in find_numbers("twenty-five people, dozens of others")]
[('twenty-five', 25, 25), ('dozens of', 24, None)]
>>> [(m.text, m.count.approximate) for m in find_numbers("approx. 50 fighters, c. 20 soldiers, at least in part")]
[('approx. 50', True), ('c. 20', True)]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal, NamedTuple, cast

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts, as_facts
from warledger.extract.cues import cue_alternation
from warledger.extract.text.phrases import PhraseMatcher
from warledger.limits import MAX_NUMBER_DIGITS
from warledger.model import Count

QualifierKind = Literal["min", "above", "max", "below", "approx", "exact"]
"""What a qualifier does to a number's bounds (numbers.yaml, qualifiers): "at least" min, "more than" above, "up
to" max, "fewer than" below, "about" approx, "a total of" exact."""
CountKind = Literal["exact", "range", "min", "above", "max", "below", "approx", "vague"]
"""How a number phrase bounds its count: a qualifier's kind, or a plain number (exact), two (range), a vague
quantity ("dozens of")."""


class NumberMention(NamedTuple):
    start: int
    end: int
    text: str
    count: Count
    kind: CountKind


_number = functools.partial(tuple.__new__, NumberMention)  # made per number: no Python-level constructor


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, int]
    scales: dict[str, int]
    qualifiers: dict[str, QualifierKind]
    vague: dict[str, tuple[int | None, int | None]]
    pattern: re.Pattern[str]  # a number phrase, a qualifier first ("at least 12")
    bare: re.Pattern[str]  # a number phrase with no qualifier
    starts: PhraseMatcher  # phrases a number phrase can begin with, valued "qualifier" ("at least") or "number"
    anchors: frozenset[str]  # words that carry a quantity ("nine", "dozen", "several")


def _alternation(phrases: list[str]) -> str:
    ordered = sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


# Not inside a word, a decimal, a clock time ("12:28") or a code such as "T-2"; a range's second number may follow a
# dash, but not a measure ("a 12-year-old", "a 300-strong force": numbers.yaml, measures_after_hyphen).
# "2x SDF KIA": a count written with "x", as military briefs do.
NOT_A_MEASURE = (rf"(?!-(?:{_alternation(load_yaml('numbers.yaml')['measures_after_hyphen'])})\b)"
                 r"(?!\s+(?:year|month|week|day)s?[\s-]+old\b)")  # "a 10 year old boy": an age, written apart
DIGITS = (r"(?<![\w.,/])(?<!\d:)(?<![A-Za-z][\-–])(?:\d{1,3}(?:,\d{3})+|\d+)(?:(?![\w]|[.,/:]\d)|(?=x\s))"
          + NOT_A_MEASURE)

# Words of number phrases that carry no quantity ("a", "of": numbers.yaml, not_quantities).
ARTICLES = frozenset(str(w).lower() for w in load_yaml("numbers.yaml")["not_quantities"])


def _word_table(data: dict) -> tuple[dict[str, int], dict[str, int]]:
    words: dict[str, int] = {}
    for key in ("units", "tens", "special"):
        for word, value in (data.get(key) or {}).items():
            words[str(word).lower()] = int(value)
    scales = {str(w).lower(): int(v) for w, v in (data.get("scales") or {}).items()}
    return words, scales


@functools.cache
def _lexicon() -> _Lexicon:
    data = load_yaml("numbers.yaml")
    words, scales = _word_table(data)
    qualifiers = {p.lower(): cast(QualifierKind, q["kind"]) for q in data.get("qualifiers") or [] for p in q["phrases"]}
    vague = {p.lower(): (v.get("low"), v.get("high")) for v in data.get("vague") or [] for p in v["phrases"]}
    simple = [w for w in words if " " not in w and "-" not in w]
    word = rf"(?:{_alternation(simple)})"
    word_num = rf"(?:{word}(?:(?:\s+and\s+|[\s-]+){word}|\s+(?:{_alternation(list(scales))}))*)"
    special = _alternation([w for w in words if w not in simple])
    # A number in words ends before no hyphen and letter: "a fifty-two year old man" holds no 50, "a two-storey
    # house" no two.
    scale = rf"(?:\s+(?:{_alternation(list(scales))}))?"
    num = rf"(?:{DIGITS}{scale}|\b(?:{special})\b|\b{word_num}\b(?!-[a-z]){NOT_A_MEASURE})"
    qual = _alternation(list(qualifiers))
    vague_alt = _alternation(list(vague))
    number = (  # "between 26 and 30", "26–30", "40+", "40 or more", "dozens"
        rf"(?:(?:\bbetween\s+(?P<b1>{num})\s+and\s+(?:up\s+to\s+)?(?P<b2>{num}))"  # "between 150 and up to 280"
        rf"|(?P<tilde>~\s*)?(?P<n1>{num})(?:\s*(?:–|-|to|or)\s*(?P<n2>{num}))?(?P<plus>\+|\s+or\s+more\b)?"
        rf"|\b(?P<vague>{vague_alt})\b(?:\s+(?P<vscale>{_alternation(list(scales))})\b)?)"
    )
    # Where no qualifier can stand (a digit, a number word), the qualifier group never matches.
    # Matched on the folded text (lower case, one kind of dash): no case-insensitive matching needed.
    patterns = (re.compile(rf"(?P<qual>(?:(?<=\W)|^)(?:{qual})\s*)?{number}"),
                re.compile(rf"(?P<qual>(?!))?{number}"))
    starts = PhraseMatcher([*((q, "qualifier") for q in qualifiers), *((w, "number") for w in [*words, *vague]),
                            ("between", "number")], shared=True)
    anchors = frozenset(w.lower().strip(".") for p in [*words, *vague] for w in p.split()) - ARTICLES
    return _Lexicon(words, scales, qualifiers, vague, *patterns, starts, anchors)


def number_words(*tables: str, low: int = 0, high: int | None = None) -> tuple[str, ...]:
    """The words of ``numbers.yaml``'s tables (``"units"``, ``"tens"``) whose value lies in ``[low, high]``, in
    file order: the one list of number words that rules written with a few of them draw on.

    >>> number_words("units", low=1, high=3), number_words("tens", high=30)
    (('one', 'two', 'three'), ('twenty', 'thirty'))
    """
    data = load_yaml("numbers.yaml")
    return tuple(str(word).lower() for table in tables for word, value in (data.get(table) or {}).items()
                 if low <= int(value) and (high is None or int(value) <= high))


def is_quantity(word: str) -> bool:
    """Whether a word carries a quantity ("nine", "dozens", "several")."""
    return word.lower().strip(".") in _lexicon().anchors


@functools.lru_cache(maxsize=4096)
def word_value(text: str) -> int | None:
    """The value of digits or number words: ``"one hundred and twenty"`` → 120.

    A run of more digits than any count has (``MAX_NUMBER_DIGITS``) is no number.
    """
    lex = _lexicon()
    plain = text.replace(",", "").strip()
    if plain.isdigit():
        return int(plain) if len(plain) <= MAX_NUMBER_DIGITS else None
    lowered = " ".join(text.lower().split())
    if lowered in lex.words:
        return lex.words[lowered]
    total = current = 0
    for token in re.split(r"[\s-]+", lowered):
        if token.replace(",", "").isdigit():
            if len(token) > MAX_NUMBER_DIGITS:
                return None
            current += int(token.replace(",", ""))
        elif token in lex.words:
            current += lex.words[token]
        elif token in lex.scales:
            scale = lex.scales[token]
            if scale >= 1000:
                total += max(current, 1) * scale
                current = 0
            else:
                current = max(current, 1) * scale
        elif token != "and":
            return None
    return total + current


def _qualified(low: int, high: int, kind: QualifierKind) -> tuple[Count, CountKind]:
    if kind == "min":
        return Count(low, None), kind
    if kind == "above":
        return Count(low + 1, None), kind
    if kind == "max":
        return Count(None, high), kind
    if kind == "below":
        return Count(None, max(high - 1, 0)), kind
    if kind == "approx":
        return Count(low, high, approximate=True), kind
    return Count(low, high), "exact" if low == high else "range"


# The groups of the number pattern that decide a mention's count, in one ``Match.group`` call.
GROUPS = ("qual", "vague", "vscale", "b1", "b2", "n1", "n2", "plus", "tilde")


@functools.lru_cache(maxsize=4096)
def _count(groups: tuple[str | None, ...]) -> tuple[Count, CountKind] | None:
    """The count and kind of one match's groups (the same phrases recur: worked out once)."""
    lex = _lexicon()
    qual, vague, vscale, b1, b2, n1, n2, plus, tilde = groups
    qualifier = lex.qualifiers.get(" ".join((qual or "").lower().split()), "exact")
    if vague:
        low, high = lex.vague[" ".join(vague.lower().split())]
        if vscale and low is not None:
            low *= lex.scales[vscale.lower()]
        return Count(low, high), "vague"
    a = word_value(b1 or n1)
    b = word_value(b2 or n2 or b1 or n1)
    if a is None or b is None:
        return None
    count, kind = _qualified(min(a, b), max(a, b), qualifier)
    if plus:
        return Count(count.low, None), "min"
    if tilde:
        return Count(count.low, count.high, approximate=True), kind
    return count, kind


DIGIT_RUN = re.compile(r"[\d~]+")  # a run, so each is found once


def _starts(s: SentenceFacts) -> list[tuple[int, bool]]:
    """Where a number phrase can begin (digits, "~", a number word, a vague quantity, "between",
    or a qualifier: the flag), in text order."""
    text = s.text
    begins = [m.start() for m in DIGIT_RUN.finditer(text)]
    qualifiers = []
    for hit in _lexicon().starts.find(s):
        if hit.value == "qualifier":
            qualifiers.append(hit)
        else:
            begins.append(hit.start)
    if not qualifiers:
        return [(pos, False) for pos in sorted(begins)]
    # A qualifier only where a number follows it: "at least 12", not "at least in part".
    numbers = set(begins)
    qualified = {h.start for h in qualifiers if _after_spaces(text, h.end) in numbers
                 and not (text[h.start:h.start + 2].lower() == "up" and ROSE_BEFORE.search(text, 0, h.start))}
    return sorted((pos, pos in qualified) for pos in numbers | qualified)


# "the death toll rises up to 358": the toll's new count, no upper bound.
ROSE_BEFORE = re.compile(rf"\b(?:{cue_alternation('toll_rise_verbs')})\s+\Z", re.I)
# A change of a count, not a range: "the toll rose from 20 to 38", "increased from 5 to 7".
CHANGED_FROM = re.compile(rf"\b(?:{cue_alternation('count_change_verbs')})\s+from\s+$")


def _after_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


# After "both", what makes it no count: "both soldiers and civilians" (it joins two groups; not "both assailants were
# killed and …", whose "and" joins clauses, nor "both gunmen and one officer", a count of its own after it), "both
# the SDF as well as civilians", "capturing both after …" (the towns named before).
BOTH_NO_COUNT = re.compile(rf"(?:\s+(?!(?:{cue_alternation('finite_auxiliaries')})\b)[\w'-]+){{1,3}}?\s+and\b"
                           r"(?!\s+(?:\d|one\b|an?\b))|\s+(?:the|an?|sides|parties)\b|\s*(?:[,.;:)]|$)"
                           rf"|\s+(?:{cue_alternation('place_at_words')}|after|before|when|while)\b")


def _both_and(folded: str, m: re.Match[str]) -> bool:
    """"both soldiers and civilians were killed", "capturing both after …", "two commanders were both killed" (the
    subject, counted already): "both" counts no one ("both pilots were captured", "both were killed" count two).
    """
    if folded[m.start():m.end()] != "both":
        return False
    if BOTH_ALONE.match(folded, m.end()) and PEOPLE_VERB_BEFORE.search(folded, 0, m.start()) \
            and THEM_BEFORE.search(folded, 0, m.start()):
        return False  # "fired upon them, killing both": a verb said only of people takes the two a pronoun named
    return BOTH_NO_COUNT.match(folded, m.end()) is not None or AUXILIARY_BEFORE.search(folded, 0, m.start()) is not None


BOTH_ALONE = re.compile(r"\s*(?:[,.;:)]|$)")
THEM_BEFORE = re.compile(r"\bthem\b[^.;]{0,60}\Z")  # (not "stabbed a woman and shot her husband, killing both")
PEOPLE_VERB_BEFORE = re.compile(rf"\b(?:{cue_alternation('people_only_status_words')})\s+\Z")


# "were both killed", "2 elderly victims, both African Americans, were killed", "32 (including both bombers)":
# the people counted already.
AUXILIARY_BEFORE = re.compile(rf"(?:\b(?:{cue_alternation('finite_auxiliaries')}|have)|\bincluding|,)\s+\Z")


HOW_BEFORE = re.compile(r"\bhow\s+\Z")  # "how many people died": a question, no count


def find_numbers(text: str | SentenceFacts, outside: list[tuple[int, int]] | None = None) -> list[NumberMention]:
    """Every number phrase in ``text``, left to right; none that starts inside an ``outside`` span
    (a date: "12 March 2019" holds no count)."""
    s = as_facts(text)
    text = s.text
    lex = _lexicon()
    out: list[NumberMention] = []
    end = 0
    spans, span = outside or [], 0  # in text order, as dates are found
    folded = s.folded
    # The full pattern is tried only where a number phrase can begin.
    for start, qualified in _starts(s):
        while span < len(spans) and spans[span][1] <= start:
            span += 1
        if start < end or (span < len(spans) and spans[span][0] <= start):
            continue
        m = (lex.pattern if qualified else lex.bare).match(folded, start)
        if m and m.group("n2") and CHANGED_FROM.search(folded, max(0, start - 30), start):
            m = lex.bare.match(folded[:m.end("n1")], start)  # "rose from 20 to 38": two tolls, not a range
        found = _count(m.group(*GROUPS)) if m else None
        # "too soon to know how many people died": a question, no count.
        asked = HOW_BEFORE.search(folded, max(0, start - 5), start) is not None
        if found is not None and not asked and not _both_and(folded, m):  # type: ignore[arg-type]
            out.append(_number((m.start(), m.end(), text[m.start():m.end()], *found)))
            end = m.end()
    return _bounds_joined(text, out)


BOUNDS_JOIN = re.compile(r"\s+(?:and|to|but)\s+")


def _bounds_joined(text: str, numbers: list[NumberMention]) -> list[NumberMention]:
    """A least and a most joined are one range: "at least five and as many as 12 people" is 5–12."""
    out: list[NumberMention] = []
    for n in numbers:
        last = out[-1] if out else None
        if last is not None and last.kind in ("min", "above") and n.kind in ("max", "below") \
                and (last.count.low or 0) <= (n.count.high or 0) and BOUNDS_JOIN.fullmatch(text, last.end, n.start):
            out[-1] = _number((last.start, n.end, text[last.start:n.end], Count(last.count.low, n.count.high), "range"))
        else:
            out.append(n)
    return out
