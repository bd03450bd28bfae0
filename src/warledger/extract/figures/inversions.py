"""Inverted passives: the status word opens the sentence and the people it tells of come after "was" or "were", where
a verb's object would stand ("Also killed were two children", "Also reported wounded was a shopkeeper").

>>> inverted_passive("Also killed were two children.")
(5, 16)
>>> inverted_passive("Two children were also killed.") is None
True
"""

from __future__ import annotations

import re

# Only adverbs may stand before the participle ("Among those killed were …" names a total's part, read elsewhere).
INVERTED = re.compile(r"\W*(?:(?:also|reportedly|initially|later|allegedly)\s+)*(?:reported\s+)?"
                      r"([a-z]+)\s+(?:was|were)(?=\s)", re.I)


def inverted_passive(text: str) -> tuple[int, int] | None:
    """Where the opening participle of an inverted passive starts, and where its "was"/"were" ends."""
    m = INVERTED.match(text)
    return (m.start(1), m.end()) if m is not None else None
