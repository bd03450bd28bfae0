"""One row per event note: an ACLED-style note that closes with its coder's count is one event.

A note such as "On 3 May 2021, gunmen shot a trader in Kano. Another two men were found dead in a nearby
village the next day. 3 fatalities." codes one row, whatever days or places its sentences tell: the coder's
count ("3 fatalities.", "Fatalities coded as 4.", "Fatalities are split across 2 events (7).") is the row's
toll, and the people the note told of are its parts. The note's incidents are merged into the first (the
row's day and place), and every killed figure the note told becomes a part of the coder's count.

>>> from warledger.model import CasualtyFigure, Count, Event
>>> from warledger.extract.analysis import SentenceFacts
>>> note = SentenceFacts.of("3 fatalities.")
>>> note.start = 80
>>> def killed(n, at): return CasualtyFigure(None, None, "killed", Count(n, n), quote_offset=at)
>>> events = [Event("e-1", None, 0, "", casualties=[killed(1, 10)]),
...           Event("e-2", None, 40, "", casualties=[killed(2, 40), killed(3, 80)])]
>>> [(c.count.low, c.subset_of) for c in one_row(events, [note])[0].casualties]
[(1, 2), (2, 2), (3, None)]
"""

from __future__ import annotations

from warledger.extract.analysis import SentenceFacts
from warledger.extract.figures.coding_notes import coded_share
from warledger.model import Event


def one_row(events: list[Event], sentences: list[SentenceFacts]) -> list[Event]:
    """``events`` as one event when the note closes with a coder's count of fatalities; else unchanged."""
    # (the note's last two sentences: a text that only mentions fatalities on the way is no note)
    remark = next((s for s in reversed(sentences[-2:]) if "atalit" in s.text and coded_share(s.text)), None)
    if remark is None or not events:
        return events
    row = events[0]
    for event in events[1:]:
        base = len(row.casualties)
        for c in event.casualties:
            c.subset_of = None if c.subset_of is None else c.subset_of + base
            row.casualties.append(c)
        row.sources = list(dict.fromkeys([*row.sources, *event.sources]))
        row.actors = list(dict.fromkeys([*row.actors, *event.actors]))
    _parts_of_the_count(row, remark)
    return [row]


def _parts_of_the_count(row: Event, remark: SentenceFacts) -> None:
    """Every killed figure the note told is a part of the coder's count, which counts all sides together."""
    end = remark.start + len(remark.text)
    toll = next((c for c in row.casualties if c.status == "killed" and c.subset_of is None
                 and c.quote_offset is not None and remark.start <= c.quote_offset < end), None)
    if toll is None:
        return
    at = row.casualties.index(toll)
    parts = [c for c in row.casualties if c is not toll and c.status == "killed" and c.subset_of is None]
    for c in parts:
        c.subset_of = at
    sides = {c.party for c in row.casualties if c.subset_of == at}
    if len(sides) > 1:
        toll.party = "unknown"
    elif sides:
        toll.party = sides.pop()
