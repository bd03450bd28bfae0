"""Options and reporting shared by the commands that read documents (``extract``, ``ingest``).

Exit codes scripts can trust: 0 every document went through, 1 some documents
failed (each said on stderr in one line; the others came out or were stored),
2 bad usage, 3 an internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from warledger.inputs import DEFAULT_MAX_BYTES
from warledger.limits import Limits
from warledger.model import DocumentFailure

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse a document (a file, or one JSONL record) "
                                       "larger than this many bytes.")]
MaxSeconds = Annotated[float, typer.Option("--max-seconds", min=0.001, help="Stop working on one document after "
                                           "this many seconds; it is reported and the batch goes on.")]
MaxCount = Annotated[int, typer.Option("--max-count", min=1, help="Drop (with a warning) any casualty count above "
                                       "this: no count of people.")]
ErrorsJson = Annotated[Path | None, typer.Option("--errors-json", help="Also write the failures as a JSON list of "
                                                 "{document, source, stage, message} (for unattended runs).",
                                                 dir_okay=False)]
DEFAULTS = Limits()


def limits(max_bytes: int = DEFAULT_MAX_BYTES, max_seconds: float = DEFAULTS.max_seconds,
           max_count: int = DEFAULTS.max_count) -> Limits:
    return Limits(max_bytes=max_bytes, max_seconds=max_seconds, max_count=max_count)


def say(message: str) -> None:
    """One line on stderr, never wrapped, so scripts can read it."""
    print(message, file=sys.stderr)


def report_failures(failures: Iterable[DocumentFailure], errors_json: Path | None) -> None:
    """Each failure on stderr in one line, and in ``errors_json`` when asked."""
    failures = list(failures)
    for failure in failures:
        label = f"{failure.id}: " if failure.id and failure.id not in failure.reason else ""
        say(f"warledger: error: {label}{failure.reason}")
    if errors_json is not None:
        rows = [{"document": f.id, "source": f.source, "stage": f.stage, "message": f.reason} for f in failures]
        try:
            errors_json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        except OSError as err:
            say(f"warledger: error: cannot write {errors_json}: {err.strerror or err}")


def exit_for(failures: list[DocumentFailure]) -> None:
    """Raise the exit that says whether any document failed."""
    if failures:
        raise typer.Exit(EXIT_SOME_FAILED)
