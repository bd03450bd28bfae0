"""Casualty figures: what a sentence's numbers and persons count, bound to a party, a group and a status.

:func:`warledger.extract.figures.casualties.find_figures` runs the passes;
each module of this package decides one thing, and every one of them makes or
reads a :class:`Figure`:

- ``syntax``: the words and small patterns the others share (clauses, "of them", list joins);
- ``statuses``: the status words and the direction each governs in (took, bodies, tolls, revisions);
- ``phrases``: what a number's phrase counts (its modifiers and head, or the people named before it);
- ``possessives``: whose a possessed count is ("three of their fighters", "two of their own", "its losses");
- ``singulars``: what counts one person (a determiner, a name, a pronoun);
- ``plurals``: what a plural with no number counts ("Soldiers were wounded": at least two);
- ``candidates``: which phrases, singulars, plurals and persons are figures to bind;
- ``binding``: which status word governs a figure, and whose it is when the phrase does not say;
- ``breakdowns``: a figure as a part of another (breakdowns, "at least" lists, "others");
- ``rates``: a rate or a ratio, which counts no one ("500 men killed every day");
- ``casualties``: the ordered passes over the candidates.

>>> Figure(0, 11, Count(11, 11), "IS", None, "killed").qualifier
'exact'
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from warledger.extract.text.numbers import CountKind
from warledger.model import Count, Status

# Whom a figure counts when its words do not say: the party before it ("15 others"), the other side ("43
# attackers"), no one side ("22 combatants on both sides"), or a part of the incident's last total ("Among
# the dead were seven soldiers").
Relation = Literal["others", "attackers", "both", "among"]
# A toll that revises an earlier one ("the toll rose to 35"), a source revising its own ("raised its toll to
# 74"), or the toll a later one replaced ("an earlier toll stood at 27").
Revision = Literal["later", "own", "lowered", "earlier"]
# The head of a figure that is a named person ("Major Valeriy Chybineyev"), not a noun of the text ("one person").
NAMED_PERSON = "<named person>"


class Figure(NamedTuple):
    """One casualty figure of a sentence (offsets into the sentence's text)."""

    start: int
    end: int
    count: Count
    party: str | None
    group: str | None
    status: Status | None
    subset_of: int | None = None
    head: str | None = None
    each_side: bool = False
    relative: Relation | None = None
    qualifier: CountKind = "exact"  # the number's kind: exact, range, min ("at least"), above, max, …
    revision: Revision | None = None


def keep_only(figures: list[Figure], kept: list[int]) -> list[Figure]:
    """The figures at the indices ``kept``, in order, their parts' links renumbered (a part of a dropped total
    loses its total)."""
    at = {old: new for new, old in enumerate(kept)}
    return [figures[i]._replace(subset_of=at.get(figures[i].subset_of)) if figures[i].subset_of is not None
            else figures[i] for i in kept]
