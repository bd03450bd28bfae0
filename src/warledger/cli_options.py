"""Options and reporting shared by the commands: the limits of those that read documents (``extract``,
``ingest``), and the output options of those that list rows (``events``, ``totals``…).

Exit codes scripts can trust: 0 every document went through, 1 some documents
failed (each said on stderr in one line; the others came out or were stored),
2 bad usage, 3 an internal error.
"""

from __future__ import annotations

import csv
import functools
import inspect
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from warledger import cli_values
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


def usage_error(message: str) -> typer.Exit:
    """Print a one-line error to stderr and return the exit (bad usage) to raise."""
    say(f"warledger: error: {message}")
    return typer.Exit(EXIT_USAGE)


OUTPUTS = ("table", "json", "csv", "nl")
FLAGS = {"json": "--json", "csv": "--csv", "nl": "--nl"}
"""The machine formats, each with its flag (as sqlite-utils names them)."""

FormatOption = Annotated[str | None, typer.Option("--format", help="table (the default), json, csv or nl: the "
                                                  "same as --json, --csv, --nl.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON array.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print CSV with a header row; a nested value (a date, "
                                       "casualties) is one cell of compact JSON.")]
NlFlag = Annotated[bool, typer.Option("--nl", help="Print newline-delimited JSON: the objects of --json, one "
                                      "a line.")]
_OUTPUT_PARAMETERS = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
                      for name, kind, default in (("fmt", FormatOption, None), ("as_json", JsonFlag, False),
                                                  ("as_csv", CsvFlag, False), ("as_nl", NlFlag, False))]


def output_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a listing command ``--json``, ``--csv``, ``--nl`` and ``--format`` (their alias), and call it with
    the one format they ask for as ``output``: a table unless one is given, a usage error when two are.

    Typer reads the options from the signature, so the command's own parameters are kept and these added.
    """
    @functools.wraps(command)
    def listing(*args: Any, fmt: str | None = None, as_json: bool = False, as_csv: bool = False,
                as_nl: bool = False, **kwargs: Any) -> None:
        command(*args, output=_output_format(fmt, as_json, as_csv, as_nl), **kwargs)

    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "output"]
    listing.__signature__ = inspect.Signature(own + _OUTPUT_PARAMETERS)  # type: ignore[attr-defined]
    return listing


def _output_format(fmt: str | None, as_json: bool, as_csv: bool, as_nl: bool) -> str:
    """The one format asked for, checked before any query runs.

    >>> _output_format(None, False, True, False), _output_format("json", True, False, False)
    ('csv', 'json')
    """
    flagged = [name for name, on in zip(FLAGS, (as_json, as_csv, as_nl), strict=True) if on]
    asked = [FLAGS[name] for name in flagged] + ([f"--format {fmt}"] if fmt is not None and fmt not in flagged
                                                 else [])
    if len(asked) > 1:
        raise usage_error(f"choose one of {', '.join(asked[:-1])} and {asked[-1]}")
    try:
        return cli_values.choice("--format", fmt if fmt is not None else next(iter(flagged), "table"), OUTPUTS)
    except cli_values.Unknown as err:
        raise usage_error(str(err)) from None


def print_records(records: list[dict[str, Any]], output: str) -> None:
    """Records as one JSON array (``json``), one JSON object a line (``nl``), or CSV (``csv``): a header of every
    key in the order first seen, each cell its value's JSON text (null empty, a string as it is)."""
    if output == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1))
    elif output == "nl":
        for record in records:
            print(json.dumps(record, ensure_ascii=False))
    elif records:  # with no rows there are no columns to name
        columns = list(dict.fromkeys(key for record in records for key in record))
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([_cell(record.get(column)) for column in columns] for record in records)


def _cell(value: Any) -> str:
    """A CSV cell: text as it is, null empty, anything else (a number, a date, the casualties) as compact JSON,
    which reads back as the value it was."""
    if value is None or isinstance(value, str):
        return value or ""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
