"""Reader for JSONL batches: one report per line.

Each line is ``{"id", "text", "date"?, "title"?, "format"?}``. A bad line is
reported with its line number and id, and why; the other lines still come out.
A batch may be any size: lines are read one at a time, and each record is held
to the per-document size limit.

>>> out = list(iter_batch(batch_lines('{"id": "a", "text": "x"}\\nnot json\\n'), "b.jsonl"))
>>> out[0]["id"], out[1].reason
('a', 'b.jsonl line 2: not valid JSON (Expecting value)')
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from warledger.inputs import DEFAULT_MAX_BYTES
from warledger.model import DocumentFailure

TEXT_KEYS = ("id", "date", "title", "format")
ID_NEAR_START = re.compile(r'"id"\s*:\s*"([^"\\]{1,200})"')


def _fields(record: dict[str, Any]) -> str | None:
    """What is wrong with a record's fields, if anything; numbers given as ids or titles become text."""
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return 'no "text"'
    for key in TEXT_KEYS:
        value = record.get(key)
        if isinstance(value, bool) or not isinstance(value, str | int | float | None):
            return f'"{key}" must be a string, not {type(value).__name__}'
        if isinstance(value, int | float):
            record[key] = str(value)
    return None


def batch_lines(text: str) -> Iterator[tuple[int, str]]:
    """The numbered lines of a batch held in memory, split on ``"\\n"`` alone as a file's are: a JSON string may
    hold U+2028, U+2029 or U+0085 unescaped, where ``str.splitlines`` would cut the record in two.

    >>> [line for _, line in batch_lines('{"text": "a\\u2028b"}\\n{}')]
    ['{"text": "a\\u2028b"}', '{}']
    """
    return enumerate(text.split("\n"), start=1)


def looks_like_jsonl(text: str) -> bool:
    """True when the first lines are JSON objects with a ``text`` key."""
    lines = [line for line in text.lstrip()[:100_000].split("\n")[:5] if line.strip()]
    try:
        return bool(lines) and all("text" in (json.loads(line) or {}) for line in lines)
    except (ValueError, TypeError, RecursionError):
        return False


def _parse_line(line: str, max_bytes: int) -> tuple[dict[str, Any] | None, str | None]:
    """One line's record and what is wrong with it, if anything."""
    if len(line) > max_bytes // 4 and len(line.encode("utf-8", "surrogatepass")) > max_bytes:
        named = ID_NEAR_START.search(line, 0, 2000)  # name it without parsing all of it
        return ({"id": named.group(1)} if named else None,
                f"record is over the limit of {max_bytes:,} bytes; raise it with --max-bytes")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return None, f"not valid JSON ({err.msg})"
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        return None, f"not readable JSON (a number of over {sys.get_int_max_str_digits():,} digits)"
    except RecursionError:
        return None, "not valid JSON (nested too deeply)"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    return record, _fields(record)


def _record_id(record: dict[str, Any] | None, fallback: str) -> str | None:
    if record is None:
        return None
    value = record.get("id")
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) and value != "" else fallback


def iter_batch(lines: Iterable[tuple[int, str]], name: str, max_bytes: int = DEFAULT_MAX_BYTES
               ) -> Iterator[dict[str, Any] | DocumentFailure]:
    """Each numbered line's record (with ``id`` filled in), or a failure naming the line and the id."""
    seen: set[str] = set()
    for line_no, line in lines:
        if not line.strip():
            continue
        record, problem = _parse_line(line, max_bytes)
        rec_id = _record_id(record, f"{name}:{line_no}")
        if problem is None and rec_id in seen:
            problem = f"repeats id {rec_id!r}"
        if problem is not None or record is None:
            own_id = rec_id if rec_id != f"{name}:{line_no}" else None
            label = f" (id {own_id!r})" if own_id else ""
            yield DocumentFailure(name, f"{name} line {line_no}{label}: {problem}", own_id)
            continue
        seen.add(rec_id)
        yield {**record, "id": rec_id}
