"""The ``warledger`` command: a thin layer over the library.

Exit codes scripts can trust: 0 ok, 1 some documents failed, 2 bad usage or
nothing readable.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from warledger import __version__, cli_ledger, cli_report
from warledger.boundary import guard
from warledger.cli_options import (
    DEFAULTS,
    EXIT_INTERNAL,
    EXIT_USAGE,
    ErrorsJson,
    MaxBytes,
    MaxCount,
    MaxSeconds,
    exit_for,
    limits,
    report_failures,
    say,
)
from warledger.inputs import DEFAULT_MAX_BYTES, FORMATS
from warledger.limits import Deadline, Limits
from warledger.model import DocumentFailure

if TYPE_CHECKING:
    from warledger.model import Document, LedgerDocument

# The commands import the readers, the extractor and the ledger when they run, so that
# "warledger --version" and "--help" answer at once.

EXAMPLE = "syrian_desert_campaign_2017-2024.txt"

app = typer.Typer(
    help="Turn conflict narratives into a sourced, audited ledger of events and casualties.\n\n"
    "Example: warledger extract article.txt --json > ledger.json",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"warledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """warledger: conflict narratives in, a sourced ledger out."""


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print a one-line error to stderr and return the exit to raise."""
    say(f"warledger: error: {message}")
    return typer.Exit(code)


def _documents(files: list[str], fmt: str | None, date: str | None, limits: Limits
               ) -> Iterator[Document | DocumentFailure]:
    """Each document of the files named, in order, read one at a time."""
    from warledger.read import iter_path

    for name in files:
        if name == "-":
            yield from iter_path("stdin", fmt, date, limits.max_bytes,
                                 data=sys.stdin.buffer.read(limits.max_bytes + 1))
        else:
            yield from iter_path(name, fmt, date, limits.max_bytes)


def _ledger(doc: Document, limits: Limits) -> LedgerDocument | DocumentFailure:
    """The audited ledger of one document, or the failure of the stage that failed."""
    from warledger.extract.pipeline import extract

    deadline = Deadline(doc.id, limits.max_seconds)  # one budget for extracting and auditing the document
    out = guard("extract", doc.id, doc.id, lambda: extract(doc, limits, deadline))
    if isinstance(out, DocumentFailure):
        return out
    return guard("audit", doc.id, doc.id, lambda: _audited(out, deadline))


def _audited(ledger: LedgerDocument, deadline: Deadline) -> LedgerDocument:
    from warledger.audit import audit_document

    deadline.check("audit")
    return audit_document(ledger)


def _serialise(ledger: LedgerDocument, as_json: bool, as_jsonl: bool) -> str:
    """The text printed for one ledger, made whole before any of it is printed."""
    from warledger.model import to_dict
    from warledger.summary import print_summary

    if as_json or as_jsonl:
        text = json.dumps(to_dict(ledger), ensure_ascii=False, indent=None if as_jsonl else 1)
    else:
        console = Console(file=io.StringIO(), force_terminal=sys.stdout.isatty(), width=Console().width)
        print_summary(ledger, console)
        text = console.file.getvalue().rstrip("\n")
    text.encode("utf-8")  # what cannot be written fails here, for this document alone
    return text


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Files to read; '-' reads standard input.",
                                               metavar="FILE|-")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}; "
                                            "detected when left out.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Reference (publication) date YYYY-MM-DD "
                                             "for 'yesterday', 'on Sunday'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ledger JSON (warledger/1).")] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="Print one ledger JSON per line.")] = False,
    show_trace: Annotated[bool, typer.Option("--trace", help="Print, per sentence, what each stage and pass "
                                             "set or dropped and the data line behind it (for rule authors).")
                          ] = False,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    max_seconds: MaxSeconds = DEFAULTS.max_seconds,
    max_count: MaxCount = DEFAULTS.max_count,
    errors_json: ErrorsJson = None,
) -> None:
    """Extract the ledger (conflict record, events, claims) from documents.

    Each document is read, extracted, audited and printed on its own: one that
    fails is reported in one line (exit code 1) and the others still come out.

    \b
    Examples:
      warledger extract article.txt                 # readable summary
      warledger extract article.txt --json > a.json # the contract's JSON
      warledger extract reports.jsonl --jsonl       # a batch, one line each
      cat report.txt | warledger extract - --date 2021-03-04 --json
      warledger extract report.txt --trace          # why each figure came out
    """
    if fmt is not None and fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if sum((as_json, as_jsonl, show_trace)) > 1:
        raise fail("choose one of --json, --jsonl and --trace")
    budget = limits(max_bytes, max_seconds, max_count)
    if show_trace:
        exit_for(_print_traces(files, fmt, date, budget, errors_json))
        return
    failures: list[DocumentFailure] = []
    whole: list[str] = []  # --json prints one object, or one array of them
    for doc in _documents(files, fmt, date, budget):
        out = doc if isinstance(doc, DocumentFailure) else _ledger(doc, budget)
        if not isinstance(out, DocumentFailure):
            out = guard("serialise", doc.id, doc.id, lambda out=out: (_serialise(out, as_json, as_jsonl), out))
        if isinstance(out, DocumentFailure):
            failures.append(out)
            continue
        text, ledger = out
        if as_json:
            whole.append(text)
        else:
            print(text)
        doc_id = ledger.document.id
        for warning in ledger.warnings:
            say(f"warledger: warning: {'' if doc_id in warning else doc_id + ': '}{warning}")
    if as_json and whole:
        print(whole[0] if len(whole) == 1 else "[\n" + ",\n".join(whole) + "\n]")
    report_failures(failures, errors_json)
    exit_for(failures)


def _print_traces(files: list[str], fmt: str | None, date: str | None, budget: Limits,
                  errors_json: Path | None) -> list[DocumentFailure]:
    """Print each document's trace; the failures, reported."""
    from warledger.extract.trace import format_trace, trace

    failures: list[DocumentFailure] = []
    for doc in _documents(files, fmt, date, budget):
        out = doc if isinstance(doc, DocumentFailure) else guard(
            "extract", doc.id, doc.id, lambda doc=doc: list(format_trace(trace(doc, budget))))
        if isinstance(out, DocumentFailure):
            failures.append(out)
            continue
        print(f"== {doc.id}")
        print("\n".join(out))
    report_failures(failures, errors_json)
    return failures


def _load_json(path: Path) -> dict:
    from warledger.model import SCHEMA

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise fail(f"{path}: cannot read ({err.strerror or err})") from None
    except (ValueError, RecursionError) as err:  # not UTF-8, not JSON, nested too deeply, a number too long
        raise fail(f"{path}: not a JSON file ({' '.join(str(err).split())[:200]})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise fail(f"{path}: not a {SCHEMA} ledger document (see warledger extract --json)")
    return data


@app.command(name="eval")
def evaluate(
    pred: Annotated[Path, typer.Argument(help="Predicted ledger JSON (warledger extract --json).")],
    gold: Annotated[Path, typer.Argument(help="Hand-annotated ledger JSON of the same document.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score a predicted ledger against your own annotation.

    Precision, recall and F1 for events, casualty figures, claims, findings and
    the conflict record; accuracy of dates, places, types and sources.

    \b
    Example:
      warledger extract article.txt --json > pred.json
      warledger eval pred.json article.gold.json
    """
    from warledger.evaluate import format_report, score

    result = score(_load_json(pred), _load_json(gold))
    print(json.dumps(result, indent=1) if as_json else format_report(result))


@app.command(name="eval-reports")
def evaluate_reports(
    reports: Annotated[Path, typer.Argument(help="JSONL: one report per line with its annotated totals.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score report totals: extract each report and compare its killed count and governorate.

    Each line is {"id", "text", "date"?, "killed"?, "admin1"?}: "killed" is what the
    report adds up to (each party's most conservative figure per incident, parts of a
    total left out), "admin1" the governorate of its first deadly incident.

    \b
    Example:
      warledger eval-reports my_reports.jsonl
    """
    from warledger.evaluate import format_reports, score_reports
    from warledger.extract.pipeline import extract_all
    from warledger.read import read_path

    result = read_path(str(reports), "jsonl")
    failures = list(result.failures)
    ledgers = []
    for out in extract_all(result.documents):
        if isinstance(out, DocumentFailure):
            failures.append(out)
        else:
            ledgers.append(out)
    report_failures(failures, None)
    if not ledgers:
        raise typer.Exit(1)
    gold = _annotations(reports)
    scores = score_reports((gold.get(doc.document.id, {"id": doc.document.id}), doc.events) for doc in ledgers)
    print(json.dumps(scores, indent=1) if as_json else format_reports(scores))
    exit_for(failures)


def _annotations(path: Path) -> dict[str, dict]:
    """The annotated totals of each report, by id (lines that are no JSON object are the reader's to report)."""
    from warledger.read.jsonl import batch_lines

    out = {}
    for n, line in batch_lines(path.read_text(encoding="utf-8", errors="replace")):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # the reader reports the line
            continue
        if isinstance(record, dict):
            rec_id = str(record.get("id") or f"{path}:{n}")
            out[rec_id] = {"id": rec_id, **{k: record[k] for k in ("killed", "admin1") if k in record}}
    return out


@app.command()
def demo(db: Annotated[str, typer.Option("--db", help="Where to keep the demo ledger.")] = "ledger.db") -> None:
    """Run warledger on the bundled example: its summary, then a ledger with its totals.

    \b
    Example:
      warledger demo && warledger events --db ledger.db --party IS
    """
    from warledger.audit import audit_document
    from warledger.extract.pipeline import extract_all
    from warledger.read import read_path
    from warledger.summary import print_summary

    with resources.as_file(resources.files("warledger.examples").joinpath(EXAMPLE)) as path:
        print(f"warledger {__version__}: the bundled example, {Path(path).name}\n")
        result = read_path(path)
        for out in extract_all(result.documents):
            if isinstance(out, DocumentFailure):
                raise fail(out.reason)
            print_summary(audit_document(out), Console())
        print()
        cli_ledger.ingest([str(path)], db=db)
    cli_ledger.totals(db=db)
    cli_ledger.audit(db=db)
    print(f"\nAsk more of the ledger: warledger events --db {db} --party IS --from 2020-01-01")
    print(f"Open the dashboard: .venv/bin/warledger serve --db {db}   then browse http://127.0.0.1:8000/")


for command in (*cli_ledger.COMMANDS, cli_report.report):
    app.command()(command)


def main() -> None:
    """Console-script entry point: whatever goes wrong ends in one line and an exit code, never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise SystemExit(0) from None
    except Exception as err:  # a bug of ours: say so in one line, with the code scripts can tell apart
        say(f"warledger: internal error ({type(err).__name__}: {' '.join(str(err).split())[:300]}); "
            "please report it with the input that caused it")
        raise SystemExit(EXIT_INTERNAL) from None
