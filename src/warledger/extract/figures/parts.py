"""Parts and their totals: which total a figure told as a part belongs to.

A figure right after "including", "among them" or "of whom" is a part of the last total before it, and so is a
later item of the list such a cue opens; one with "of them" in it ("killing eight, five of them children"), one
right after a comma that names what one of them was ("two females, one a teacher") and a day's count "alone" are
parts of the last total too.

>>> from warledger.model import Count
>>> s = SentenceFacts.of("IS killed 35 soldiers, including nine Russians.")
>>> figs = [Figure(10, 21, Count(35, 35), "SY", None, "killed")]
>>> subset_parent(s, Figure(33, 46, Count(9, 9), None, None, "killed"), figs)
0
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_list
from warledger.extract.figures import Figure
from warledger.extract.figures.phrases import COPULA
from warledger.extract.figures.statuses import StatusWord
from warledger.extract.figures.syntax import (
    ALONE_AFTER,
    INCLUDING_OPEN,
    OF_THE_WOUNDED,
    OF_THEM,
    PASSIVE,
    SUBSET_WORDS,
    after_subset_cue,
)

ONE_OF_THEM_A = re.compile(r"(?i:one|two|three)\s+(?:an?|the)\s")  # "…, one a teacher", "…, one the mayor"
ITEM_JOIN_BEFORE = re.compile(r"(?:,\s*|\s+)(?:and|as\s+well\s+as)\s+\Z")


def last_total(figures: list[Figure]) -> int | None:
    """The last figure that is no part of another."""
    return next((i for i in range(len(figures) - 1, -1, -1) if figures[i].subset_of is None), None)


def the_totals_people(text: str, fig: Figure) -> bool:
    """Whether a part counts its total's own people: "two of them" (not "of whom were civilians"), "3,500 on 22
    January alone"."""
    of_them = OF_THEM.search(text, fig.start, fig.end + 9)
    if of_them is not None:
        return not COPULA.match(text, of_them.end())
    return ALONE_AFTER.match(text, fig.end) is not None


def of_the_wounded(text: str, fig: Figure) -> bool:
    """Whether a figure counts some of the wounded: "three of the wounded", "six of the injured"."""
    return OF_THE_WOUNDED.search(text, fig.start, fig.end + 20) is not None


def of_the_wounded_before(text: str, fig: Figure, word: StatusWord | None) -> bool:
    """Whether a count of some of the wounded has a status word before it that is not theirs: in "Two of the dead
    and six of the injured were soldiers" the six are of the wounded told before, none killed."""
    return word is not None and word.end <= fig.start and word.status != "wounded" and of_the_wounded(text, fig)


def told_part_of(s: SentenceFacts, fig: Figure, figures: list[Figure]) -> int | None:
    """The total a figure with "of them" in it is a part of ("killing eight, five of them children"): the last
    one; a day's count "alone" is a part of the last one not told as a part itself ("4,900 people – including 470
    surrendered ISIL fighters – had fled …, 3,500 on 22 January alone": the 4,900)."""
    if of_the_wounded(s.text, fig):
        # The wounded who died later are dead beyond those told, a part only of the toll they raise ("the toll
        # rose to 7 after three of the wounded died").
        total = last_total(figures)
        return total if total is not None and figures[total].revision is not None else None
    if OF_THEM.search(s.text, fig.start, fig.end) or (ONE_OF_THEM_A.match(s.text, fig.start)
                                                      and s.text[:fig.start].rstrip().endswith(",")):
        return last_total(figures)  # "two females, one a teacher"
    if (same := _of_the_same(s.text, fig, figures)) is not None:
        return same
    if not ALONE_AFTER.match(s.text, fig.end):
        return None
    totals = [i for i, f in enumerate(figures) if f.subset_of is None and after_subset_cue(s, f.start, 20) is None]
    return totals[-1] if totals else None



OF_THE_HEAD = re.compile(r"\S+\s+of\s+the\s+(?:[\w-]+\s+){0,2}?([\w-]+)\Z", re.I)


def _of_the_same(text: str, fig: Figure, figures: list[Figure]) -> int | None:
    """The earlier figure of the sentence a partitive counts some of, by its noun: "killed the nine passengers …,
    beheading two of the passengers" (the two are of the nine)."""
    m = OF_THE_HEAD.match(text, fig.start, fig.end)
    if m is None:
        return None
    return next((i for i in range(len(figures) - 1, -1, -1) if figures[i].subset_of is None
                 and (figures[i].head or "").lower() == m.group(1).lower()
                 and (figures[i].count.low or 0) >= (fig.count.high or fig.count.low or 0)), None)


ASIDE_CLOSED_AND = re.compile(r"\s*,\s*and\s")


def anothers_after_aside(text: str, part: Figure, word_start: int, candidates: list[Figure]) -> bool:
    """Whether the status word after a parts list's closed aside is a later count's: "caused seven deaths, including
    two children, and several injuries", "Seven people died, including two policemen, and 11 others were hurt" (the
    parts are of the dead, the later count no part of them)."""
    closed = ASIDE_CLOSED_AND.search(text, part.end, word_start)
    return closed is not None and any(closed.end() <= f.start and f.end < word_start
                                      and PASSIVE.match(text, f.end).end() == word_start  # type: ignore[union-attr]
                                      for f in candidates)


def own_count_after_aside(text: str, part: Figure, fig: Figure, statuses: list[StatusWord]) -> bool:
    """Whether a figure after a part's closed aside has its own status word right after it ("…, including two
    children, and several injuries"): a count of its own, no further item of the parts."""
    closed = ASIDE_CLOSED_AND.match(text, part.end)
    return closed is not None and closed.end() <= fig.start and any(s.start == fig.end + 1 for s in statuses)


def subset_parent(s: SentenceFacts, fig: Figure, figures: list[Figure]) -> int | None:
    """The total a figure right after "including" or "of whom" is a part of: the last one before it; so is a later
    item of the list the cue opens ("including a policeman and three children", the policeman no count of his
    own)."""
    start = fig.start
    if after_subset_cue(s, start, 20) is None:
        m = INCLUDING_OPEN.search(s.text, max(0, start - 80), start) if not s.words.isdisjoint(SUBSET_WORDS) else None
        # the list's first item, or one joined to it (not "9 civilians including 6 children among 17-21 killed")
        if m is None or (any(m.start() < f.start < start for f in figures)
                         and not ITEM_JOIN_BEFORE.search(s.text, max(0, start - 14), start)):
            return None
        parents = [i for i, f in enumerate(figures) if f.end <= m.start() and f.subset_of is None]
        # "Five militants, including the suicide bomber and at least 9 civilians": another side's, the list's own
        return parents[-1] if parents and same_side(figures[parents[-1]], fig) else None
    parents = [i for i, f in enumerate(figures) if f.end <= start and f.subset_of is None]
    return parents[-1] if parents else None


ARMY_NOUNS = frozenset(cue_list("army_nouns"))
# Irregulars by name ("fighters" and "combatants" may be any side's).
IRREGULAR_NOUNS = frozenset(cue_list("irregular_fighter_nouns")) - {"fighters", "fighter", "combatants", "combatant"}


def same_side(total: Figure, part: Figure) -> bool:
    """Whether a part may be of the total's side: either names none, or both the same."""
    sided = [p for p in (total.party, part.party) if p not in (None, "unknown")]
    return len(set(sided)) < 2 and not opposed_heads(total, part)


def opposed_heads(total: Figure, part: Figure) -> bool:
    """A state's troops in a count of irregulars or the reverse: "21 militants including 2 commanders and 4
    soldiers"."""
    heads = {h.split()[-1] for h in (total.head, part.head) if h}
    return bool(heads & ARMY_NOUNS and heads & IRREGULAR_NOUNS)
