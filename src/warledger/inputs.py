"""What the readers accept: the input formats, the size limit and reference dates.

Kept apart from :mod:`warledger.read` so the command line can show them in
``--help`` without loading every reader.
"""

import datetime as dt
import re

FORMATS = ("wiki-plaintext", "wikitext", "text", "jsonl")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # one document larger than this is refused (``--max-bytes`` changes it)
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_day(value: str) -> bool:
    """Whether ``value`` is a calendar day written YYYY-MM-DD, as a reference date must be.

    >>> is_day("2021-03-04"), is_day("2021-02-30"), is_day("2021-03-04\\n"), is_day("0000-01-01")
    (True, False, False, False)
    """
    try:
        return DAY.fullmatch(value) is not None and dt.date.fromisoformat(value) is not None
    except ValueError:
        return False
