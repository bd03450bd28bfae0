"""Numeric dates and the order a document writes them in: "21/03/2013" or "03/21/2013".

A numeric date ("21/03/2013", "03.21.2013") names its day and month in an
order the date alone often cannot tell ("03/04/2013"). The document decides:
a date whose first number is over 12 can only be day first, one whose second
number is over 12 only month first, and one that falls after the day the report
was published in one order but not in the other is read in the other; the
document's unambiguous dates vote, then its written dates ("21 March" or
"March 21"), and day first when nothing says.

>>> from warledger.extract.stages import facts_for
>>> from warledger.extract.text.dates import find_dates
>>> s = facts_for("On 03/21/2013 a bomb killed 4; on 04/02/2013 another killed 2.")
>>> order = document_date_order([s.date_matches])
>>> order, [d.span.start for d in find_dates(s, None, order)]
('mdy', ['2013-03-21', '2013-04-02'])
>>> document_date_order([facts_for("Shells hit Kutkai on 4/11/2016.").date_matches], "2016-04-12")
'mdy'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Literal

DateOrder = Literal["dmy", "mdy"]
# The groups of a written date that put its day first ("21 March") or its month first ("March 21").
DAY_FIRST_GROUPS = ("d1", "d3", "d7", "do", "dl")
MONTH_FIRST_GROUPS = ("m4",)


def _vote(m: re.Match[str], published: str | None) -> DateOrder | None:
    """The order one match shows, if it shows one."""
    if m["na"]:
        first, second = int(m["na"]), int(m["nb"])
        if first > 12 >= second or second > 12 >= first:
            return "dmy" if first > 12 else "mdy"
        return _before_publication(int(m["ny"]), first, second, published)
    if any(m.group(*DAY_FIRST_GROUPS)):
        return "dmy"
    return "mdy" if m[MONTH_FIRST_GROUPS[0]] else None


def _before_publication(year: int, first: int, second: int, published: str | None) -> DateOrder | None:
    """The one order in which a numeric date is not after the day its report was published (a report tells of
    days gone by): "4/11/2016" in a report of 12 April 2016 is month first."""
    if not published or first == second:
        return None
    day_first, month_first = f"{year:04d}-{second:02d}-{first:02d}", f"{year:04d}-{first:02d}-{second:02d}"
    if (day_first > published) == (month_first > published):
        return None
    return "mdy" if day_first > published else "dmy"


def document_date_order(matches: Iterable[Iterable[re.Match[str]]], published: str | None = None) -> DateOrder:
    """The order the document's numeric dates are read in: its unambiguous numeric dates decide (a date after the
    report's ``published`` day in one order only is unambiguous too), then its written dates, then day first (most
    of the world writes the day first)."""
    numeric: Counter[DateOrder] = Counter()
    written: Counter[DateOrder] = Counter()
    for sentence in matches:
        for m in sentence:
            vote = _vote(m, published)
            if vote is not None:
                (numeric if m["na"] else written)[vote] += 1
    for votes in (numeric, written):
        if votes:
            return "mdy" if votes["mdy"] > votes["dmy"] else "dmy"
    return "dmy"


def day_and_month(m: re.Match[str], order: DateOrder) -> tuple[int, int]:
    """The day and the month of a numeric date, in the document's order unless the numbers say otherwise."""
    first, second = int(m["na"]), int(m["nb"])
    if first > 12 or (order == "dmy" and second <= 12):
        return first, second
    return second, first

