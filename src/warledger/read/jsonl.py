"""Reader for JSONL batches: one report per line.

Each line is ``{"id", "text", "date"?, "title"?, "format"?}``. A bad line is
reported with its id (or line number) and reason; the other lines still come
out.

>>> docs, bad = parse_batch('{"id": "a", "text": "x"}\\nnot json\\n', "b.jsonl")
>>> [d["id"] for d in docs], bad[0].reason
(['a'], 'line 2 is not valid JSON (Expecting value)')
"""

from __future__ import annotations

import json
from typing import Any

from warledger.model import ReadFailure


def _check(record: Any, line_no: int) -> str | None:
    if not isinstance(record, dict):
        return f"line {line_no} is not a JSON object"
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return f"line {line_no} has no \"text\""
    for key in ("id", "date", "title", "format"):
        if record.get(key) is not None and not isinstance(record[key], (str, int)):
            return f"line {line_no}: \"{key}\" must be a string"
    return None


def looks_like_jsonl(text: str) -> bool:
    """True when the first lines are JSON objects with a ``text`` key."""
    lines = [line for line in text.lstrip()[:100_000].splitlines()[:5] if line.strip()]
    try:
        return bool(lines) and all("text" in (json.loads(line) or {}) for line in lines)
    except (ValueError, TypeError):
        return False


def parse_batch(text: str, name: str) -> tuple[list[dict[str, Any]], list[ReadFailure]]:
    """Split a batch into valid records (with ``id`` filled in) and failures."""
    records: list[dict[str, Any]] = []
    failures: list[ReadFailure] = []
    seen: set[str] = set()
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            failures.append(ReadFailure(name, f"line {line_no} is not valid JSON ({err.msg})"))
            continue
        problem = _check(record, line_no)
        rec_id = str(record.get("id") or f"{name}:{line_no}") if isinstance(record, dict) else None
        if problem is None and rec_id in seen:
            problem = f"line {line_no} repeats id {rec_id!r}"
        if problem:
            failures.append(ReadFailure(name, problem, rec_id))
            continue
        seen.add(rec_id)
        records.append({**record, "id": rec_id})
    return records, failures
