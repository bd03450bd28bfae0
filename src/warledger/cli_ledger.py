"""Ledger commands of the ``warledger`` CLI: ingest, events, totals, claims, documents, show, audit, incidents,
export and serve.

Every command but ``ingest`` reads a ledger that exists (a mistyped ``--db`` is an error, not an empty
answer), and checks what it was asked for against what the ledger holds (:mod:`warledger.cli_values`).
"""

from __future__ import annotations

import itertools
import json
import shlex
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from warledger import cli_values
from warledger.cli_options import (
    DEFAULTS,
    ErrorsJson,
    MaxBytes,
    MaxCount,
    MaxSeconds,
    exit_for,
    limits,
    output_options,
    print_records,
    report_failures,
    say,
)
from warledger.cli_options import usage_error as _fail  # cli_report's name for it
from warledger.inputs import DEFAULT_MAX_BYTES, FORMATS
from warledger.model import to_dict
from warledger.summary import fmt_count

if TYPE_CHECKING:
    from warledger.ledger import EventFilter, Ledger
    from warledger.ledger.ingest import Source
    from warledger.model import Event

DbOption = Annotated[str, typer.Option("--db", help="The ledger: a SQLite file path or a postgresql:// URL.")]
TABLE_ROWS = 50
"""Events a table shows unless --limit says otherwise; --json, --csv and --nl print them all."""
PartyOption = Annotated[str | None, typer.Option(help="A side, in any name the actors lexicon knows: IS, ISIS, "
                                                "Daesh, pro-government, SDF…")]
FromOption = Annotated[str | None, typer.Option("--from", help="The first day, YYYY-MM-DD.")]
ToOption = Annotated[str | None, typer.Option("--to", help="The last day, YYYY-MM-DD.")]
Admin1Option = Annotated[str | None, typer.Option(help="A governorate, in any spelling the gazetteer knows: Raqqa, "
                                                 "ar-Raqqah, Deir Ezzor…")]
SourceOption = Annotated[str | None, typer.Option(help="Who told a figure: SOHR, Syrian state media…")]
TypeOption = Annotated[str | None, typer.Option(help="An event type or sub-type: Battles, Armed clash…")]
PROGRESS_EVERY = 10.0
"""Seconds between progress lines when stderr is no terminal (a log, a CI job); a short ingest prints none."""
PROGRESS_DOCUMENTS = 1000
"""Off a terminal, a progress line at least every this many documents."""


def _open(db: str, create: bool = False) -> Ledger:
    """The ledger at ``db``; only ``ingest`` (or ``serve --create``) makes a new one, so that a mistyped
    path is an error rather than an empty answer."""
    from warledger.ledger import Ledger  # the store and the extractor load when a command runs

    try:
        return Ledger.open(db, create=create)
    except FileNotFoundError:
        raise _fail(f"no ledger at {db!r}; make one with: warledger ingest FILES --db {shlex.quote(db)}") from None
    except Exception as err:  # a bad path or a file that is not a database
        raise _fail(f"cannot open ledger {db!r}: {' '.join(str(err).split())}") from None


def _checked(check: Callable[[], Any]) -> Any:
    """What ``check`` returns; what it refuses (:class:`cli_values.Unknown`) is a usage error in one line."""
    try:
        return check()
    except cli_values.Unknown as err:
        raise _fail(str(err)) from None


def _print_rows(rows: list[dict[str, Any]], output: str, title: str = "", whole: tuple[str, ...] = ()) -> None:
    """Rows in a machine format (:func:`print_records`), or a table whose ``whole`` columns are never wrapped or
    cut (ids to copy)."""
    if output != "table":
        print_records(rows, output)
        return
    table = Table(title=title or None)
    for column in rows[0] if rows else []:
        table.add_column(column, no_wrap=column in whole, min_width=_widest(rows, column) if column in whole
                         else None)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    Console().print(table)


def _widest(rows: list[dict[str, Any]], column: str) -> int:
    return max(len(str(row[column])) for row in rows)


def ingest(paths: Annotated[list[str], typer.Argument(help="Files, directories or globs.")],
           db: DbOption = "ledger.db",
           fmt: Annotated[str | None, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")] = None,
           date: Annotated[str | None, typer.Option("--date", help="Reference date YYYY-MM-DD.")] = None,
           workers: Annotated[int | None, typer.Option("--workers", min=1, show_default="the number of cores",
                                                       help="Extract in this many processes (1: in this one, "
                                                       "a document at a time).")] = None,
           engine: Annotated[str, typer.Option("--engine", help="processes (on this machine) or dask "
                                               "(a Dask cluster; needs the dask extra).")] = "processes",
           scheduler: Annotated[str | None, typer.Option("--scheduler", help="The Dask scheduler's address, "
                                                         "e.g. tcp://10.0.0.5:8786 (--engine dask; without it "
                                                         "a local cluster of --workers processes).")] = None,
           infobox: Annotated[list[str] | None, typer.Option("--infobox", help="A MediaWiki dump: also read "
                                                             "the pages calling this infobox template (repeat it "
                                                             "for more).")] = None,
           all_pages: Annotated[bool, typer.Option("--all", help="A MediaWiki dump: read every article, not "
                                                   "only the conflict articles.")] = False,
           max_bytes: MaxBytes = DEFAULT_MAX_BYTES, max_seconds: MaxSeconds = DEFAULTS.max_seconds,
           max_count: MaxCount = DEFAULTS.max_count, errors_json: ErrorsJson = None) -> None:
    """Add documents to the ledger (made when missing); unchanged ones are skipped, changed ones replaced.

    A file found in a directory is stored under its path ("reports/a/r1.txt"), a file
    named alone under its stem, a JSONL record under its own id. A document that
    fails is reported with its stage in one line (exit code 1); the rest are stored.

    A document is unchanged (and not extracted again) while its text, its --date
    and the extractor's rules and data are; after a rule change it is re-extracted.

    Extraction runs in --workers processes, or on a Dask cluster with --engine dask;
    this process alone writes the ledger, in the order the documents were read, so
    the result is the same however many workers extract.

    A MediaWiki XML dump (.xml, .xml.bz2, multistream too) is read a page at a time:
    the articles calling {{Infobox military conflict}} or one of its redirects
    (--infobox adds templates, --all takes every article), each stored under
    "enwiki/Title" with its revision and licence. An ingest that was interrupted
    continues when run again: the pages stored already are found unchanged.

    \b
    Examples:
      warledger ingest reports/ --db ledger.db
      warledger ingest 'articles/*.txt' batch.jsonl --errors-json failed.json
      warledger ingest big.jsonl --workers 8
      warledger ingest big.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
      warledger ingest enwiki-latest-pages-articles-multistream.xml.bz2 --infobox "Infobox civil conflict"
    """
    if fmt is not None and fmt not in FORMATS:
        raise _fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    led = _open(db, create=True)
    from warledger.ledger.ingest import expand
    from warledger.ledger.parallel import default_workers
    from warledger.read import DumpPages

    try:
        with _progress(expand(paths)[0]) as advance:
            summary = led.ingest(paths, fmt=fmt, reference_date=date,
                                 limits=limits(max_bytes, max_seconds, max_count), progress=advance,
                                 workers=workers or default_workers(), engine=engine, scheduler=scheduler,
                                 pages=DumpPages(tuple(infobox or ()), all_pages))
    except ValueError as err:  # an engine that cannot run: unknown, not installed, unreachable
        raise _fail(str(err)) from None
    print(summary.line())
    report_failures(summary.failed, errors_json)
    exit_for(summary.failed)


@contextmanager
def _progress(files: list[Source]) -> Iterator[Callable[[Path], None]]:
    """What to call after each document: a bar on a terminal, else a plain line on stderr now and then."""
    console = Console(stderr=True)
    if not console.is_terminal:  # a bar would not show in a log: its lines say the run is alive
        yield _progress_lines(files)
        return
    number = {source.path: i for i, source in enumerate(files, start=1)}
    documents = itertools.count(1)
    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("files {task.description}"),
                  console=console, transient=True) as bar:
        task = bar.add_task("", total=len(files))

        def advance(path: Path) -> None:
            bar.update(task, completed=number[path] - 1, description=f"{next(documents):,} documents  {path.name}")

        yield advance


def _progress_lines(files: list[Source]) -> Callable[[Path], None]:
    """Counts the documents (a JSONL file holds many) and says how far it got every ``PROGRESS_DOCUMENTS``
    documents, or after ``PROGRESS_EVERY`` seconds without a line."""
    number = {source.path: i for i, source in enumerate(files, start=1)}
    documents = itertools.count(1)
    due = time.monotonic() + PROGRESS_EVERY

    def advance(path: Path) -> None:
        nonlocal due
        done = next(documents)
        if done % PROGRESS_DOCUMENTS == 0 or time.monotonic() >= due:
            documents_so_far = f"{done:,} document" + ("s" if done > 1 else "")
            say(f"ingest: {documents_so_far} so far (file {number[path]:,} of {len(files):,}: {path.name}) …")
            due = time.monotonic() + PROGRESS_EVERY

    return advance


@output_options
def events(db: DbOption = "ledger.db", party: PartyOption = None,
           status: Annotated[str | None, typer.Option(help="killed, wounded, captured, missing…")] = None,
           date_from: FromOption = None, date_to: ToOption = None, admin1: Admin1Option = None,
           source: SourceOption = None, type: TypeOption = None,
           doc: Annotated[str | None, typer.Option(help="A document id (see warledger documents).")] = None,
           limit: Annotated[int | None, typer.Option(min=0, show_default=f"{TABLE_ROWS} in a table, all in "
                                                     "--json, --csv, --nl", help="Show at most this many events; "
                                                     "0 shows them all.")] = None,
           offset: Annotated[int, typer.Option(min=0, help="Skip this many events first (the next page).")] = 0,
           output: str = "table") -> None:
    """List events in date order, filtered by a figure's party, status or source, dates, governorate, type or
    document; each id (DOC:EVENT) is what warledger show takes.

    A filter value the ledger does not hold is an error that names the closest ones it does.
    A table shows 50 events a page; --json, --csv and --nl print every event unless --limit is given.

    \b
    Examples:
      warledger events --party IS --admin1 Homs --from 2020-01-01 --to 2020-12-31
      warledger events --offset 50                  # the next 50
      warledger events --party ISIS --json > is.json
      warledger events --csv > events.csv           # nested values as JSON cells
      warledger show syrian_desert_campaign_2017-2024:e-005
    """
    _checked(lambda: cli_values.days(date_from, date_to))
    led = _open(db)
    where = _event_filter(led, party, status, date_from, date_to, admin1, source, type, doc)
    page = limit if limit is not None else (TABLE_ROWS if output == "table" else 0)
    total, found = _event_page(led, where, page, offset)
    if output == "table":
        _print_rows([_event_row(d, e) for d, e in found], output, _page_title(total, offset, len(found)),
                    whole=("id", "date"))
    else:
        _print_rows([{**to_dict(e), "document": d} for d, e in found], output)
    more = total - offset - len(found)
    if more > 0 and found:  # how to see the rest: below a table; on stderr, so that JSON and CSV stay whole
        hint = (f"{more:,} more events: --offset {offset + len(found)} shows the next {min(more, page):,}, "
                "--limit 0 all of them")
        if output == "table":
            print(hint)
        else:
            say(f"warledger: note: {hint}")


def _event_filter(led: Ledger, party: str | None, status: str | None, date_from: str | None, date_to: str | None,
                  admin1: str | None, source: str | None, type: str | None, doc: str | None) -> EventFilter:
    """The filter of what was typed, each value read as the ledger spells it."""
    from warledger.ledger import EventFilter

    fields = (cli_values.PARTY, cli_values.STATUS, cli_values.ADMIN1, cli_values.SOURCE, cli_values.TYPE,
              cli_values.DOCUMENT)
    party, status, admin1, source, type, doc = (
        _resolved(led, field, typed) for field, typed in zip(fields, (party, status, admin1, source, type, doc),
                                                             strict=True))
    return EventFilter(party, status, date_from, date_to, admin1, source, type, doc)


def _resolved(led: Ledger, field: cli_values.Field, typed: str | None) -> str | None:
    """The ledger's value for ``typed``, said on stderr when it is another name of it (ISIS → IS)."""
    value = _checked(lambda: cli_values.resolve(led.store, field, typed))
    if typed is not None and value.casefold() != typed.strip().casefold():
        say(f"warledger: note: {field.option} {typed!r} reads as {value!r}")
    return value


def _event_page(led: Ledger, where: EventFilter, limit: int, offset: int) -> tuple[int, list[tuple[str, Event]]]:
    """How many events match, and ``limit`` of them from ``offset`` (``limit`` 0: all of them)."""
    if limit:
        return led.store.events_page(where, limit, offset)
    found = led.store.events_with_documents(where, in_text_order=False)
    return len(found), found[offset:]


def _page_title(total: int, offset: int, shown: int) -> str:
    if shown == total:
        return f"{total:,} events"
    return f"events {offset + 1:,}–{offset + shown:,} of {total:,}" if shown else f"0 of {total:,} events"


def _event_row(doc_id: str, e: Event) -> dict[str, Any]:
    return {"id": f"{doc_id}:{e.id}", "date": e.date.start if e.date else None,
            "place": e.place.name if e.place else None, "admin1": e.place.admin1 if e.place else None,
            "type": e.sub_type,
            "casualties": "; ".join(f"{fmt_count(f.count)} {f.party or 'all sides'} {f.status}"
                                    + (f" ({f.source})" if f.source else "") for f in e.casualties)}


@output_options
def totals(db: DbOption = "ledger.db",
           by: Annotated[str, typer.Option("--by", help="Comma-separated: year, month, party, admin1, source, "
                                           "status.")] = "year,party",
           status: Annotated[str, typer.Option(help="killed, wounded, captured, missing…")] = "killed",
           policy: Annotated[str, typer.Option(help="conservative or median.")] = "conservative",
           party: PartyOption = None, date_from: FromOption = None, date_to: ToOption = None,
           admin1: Admin1Option = None, source: SourceOption = None, type: TypeOption = None,
           output: str = "table") -> None:
    """Sum figures over incidents: low, best and high per group, and how many estimates (an incident's toll of
    one party and status) they add up.

    The filters are those of warledger events: incidents by their first report's day, governorate and type,
    by a party they have a toll for; --source sums that source's own figures, report by report. The same
    numbers as the dashboard and /api/totals for the same filters.

    \b
    Examples:
      warledger totals --by year,party,admin1 --policy median
      warledger totals --by month --status wounded --json
      warledger totals --by party --admin1 Raqqa --from 2017-06-01 --to 2017-10-31
    """
    from warledger.ledger.estimates import POLICIES

    keys = _checked(lambda: cli_values.groupings(by))
    _checked(lambda: cli_values.choice("--policy", policy, POLICIES))
    _checked(lambda: cli_values.days(date_from, date_to))
    led = _open(db)
    status = _resolved(led, cli_values.STATUS, status)
    where = _event_filter(led, party, None, date_from, date_to, admin1, source, type, None)
    filters = {k: v for k, v in (("party", where.party), ("date_from", date_from), ("date_to", date_to),
                                 ("admin1", where.admin1), ("source", where.source), ("type", where.type)) if v}
    _print_rows(led.totals(keys, status, policy, **filters), output, f"{status} by {by} ({policy})")


@output_options
def claims(db: DbOption = "ledger.db",
           doc: Annotated[str | None, typer.Option(help="A document id (see warledger documents).")] = None,
           output: str = "table") -> None:
    """List claims: totals over periods, with their sources.

    \b
    Example:
      warledger claims --csv > claims.csv
    """
    led = _open(db)
    rows = [{"doc": d, "period": f"{c.period.start}..{c.period.end or ''}" if c.period else None,
             "party": c.party, "group": c.group, "status": c.status, "count": fmt_count(c.count), "source": c.source,
             "quote": c.quote} for d, c in led.claims(_resolved(led, cli_values.DOCUMENT, doc))]
    _print_rows(rows, output, f"{len(rows)} claims")


@output_options
def documents(db: DbOption = "ledger.db", output: str = "table") -> None:
    """List the documents in the ledger.

    \b
    Example:
      warledger documents --db ledger.db
    """
    _print_rows(_open(db).documents(), output, "documents")


def show(event_id: Annotated[str, typer.Argument(help="DOC:EVENT as warledger events prints it, e.g. "
                                                 "seed:e-005.", metavar="DOC:EVENT")],
         db: DbOption = "ledger.db") -> None:
    """Show one event with its evidence sentence, each figure highlighted.

    \b
    Example:
      warledger show syrian_desert_campaign_2017-2024:e-005
    """
    led = _open(db)
    doc_id, eid = _checked(lambda: cli_values.event_key(led.store, event_id))
    event = next(e for e in led.events(doc=doc_id) if e.id == eid)
    text = Text(event.text)
    for fig in event.casualties:
        if fig.quote_offset is not None and event.offset <= fig.quote_offset < event.offset + len(event.text):
            start = fig.quote_offset - event.offset
            text.stylize("bold reverse", start, start + len(fig.quote or ""))
    console = Console()
    console.print(f"[bold]{event_id}[/] {event.date.start if event.date else '?'} "
                  f"{event.place.name if event.place else ''} ({event.sub_type})")
    console.print(text)
    for span in event.support:
        console.print(Text(span.text, style="dim"))
    for fig in event.casualties:
        console.print(f"  {fmt_count(fig.count)} {fig.party or 'all sides'} {fig.group or ''} {fig.status} "
                      f"source={fig.source or '-'}")


def audit(db: DbOption = "ledger.db",
          as_json: Annotated[bool, typer.Option("--json", help="Print {claims, findings} as JSON.")] = False) -> None:
    """Find contradictions, sums that don't add up and incidents that exceed a claim.

    \b
    Example:
      warledger audit --db ledger.db --json > audit.json
    """
    led = _open(db)
    claims = led.claims()
    findings = led.audit()
    if as_json:
        rows = [{**to_dict(c), "document": d} for d, c in claims]
        print(json.dumps({"claims": rows, "findings": to_dict(findings)}, ensure_ascii=False, indent=1))
        return
    console = Console()
    console.print(f"[bold]audit[/]: {len(findings)} findings over {len(claims)} claims")
    for f in findings:
        console.print(f"[bold]{f.kind}[/] (Δ {f.delta}): {f.detail}", highlight=False)
        for ix in f.claims:
            doc, claim = claims[ix]
            console.print(f"   {doc}@{claim.offset}: “{claim.quote or claim.text[:80]}”", highlight=False)


def export(fmt: Annotated[str, typer.Option("--format", help="ucdp-ged, acled, geojson, parquet or json.")],
           out: Annotated[str, typer.Option("-o", "--output", help="The file to write.")],
           db: DbOption = "ledger.db",
           policy: Annotated[str, typer.Option(help="conservative or median: how an incident's reports and "
                                               "sources make its best estimate.")] = "conservative",
           level: Annotated[str, typer.Option(help="incident (reports of one event merged) or report (each "
                                              "report's event on its own): ucdp-ged, acled, geojson.")]
           = "incident") -> None:
    """Write the ledger in a layout other tools read.

    ucdp-ged and acled have the codebooks' columns, a row per incident counted as warledger totals
    counts (so their sums agree); GED keeps the deadly ones only. geojson: a point per geocoded
    incident. parquet: a row per report with its incident's id. json: the contract's documents.

    \b
    Examples:
      warledger export --format ucdp-ged -o ged.csv
      warledger export --format acled -o acled.csv --level report
      warledger export --format geojson -o incidents.geojson   # for QGIS
      warledger export --format parquet -o events.parquet      # for pandas / DuckDB
    """
    from warledger.export import export as write

    try:
        count = write(_open(db), fmt, out, policy, level)
    except ValueError as err:
        raise _fail(str(err)) from None
    except OSError as err:
        raise _fail(f"cannot write {out}: {err.strerror or err}") from None
    print(f"wrote {count} records to {out}")


@output_options
def incidents(db: DbOption = "ledger.db", policy: Annotated[str, typer.Option(help="conservative or median.")]
              = "conservative", output: str = "table") -> None:
    """List incidents: the events of every report about one incident merged, with why they merged.

    \b
    Example:
      warledger incidents --db ledger.db --json
    """
    from warledger.ledger.estimates import POLICIES

    _checked(lambda: cli_values.choice("--policy", policy, POLICIES))
    found = _open(db).incidents(policy)
    if output != "table":
        _print_rows(to_dict(found), output)
        return
    rows = [{"id": i.id, "date": i.date.start if i.date else None, "admin1": i.place.admin1 if i.place else None,
             "reports": len(i.events),
             "estimates": "; ".join(f"{e.party} {e.status} {e.low}/{e.best}/{e.high if e.high is not None else '…'}"
                                    for e in i.estimates),
             "merged because": " | ".join(", ".join(m.matched) for m in i.merges)} for i in found]
    _print_rows(rows, output, f"{len(rows)} incidents")


def serve(db: DbOption = "ledger.db", host: str = "127.0.0.1", port: int = 8000,
          allow_ingest: Annotated[bool, typer.Option("--allow-ingest", help="Enable POST /api/documents, "
                                                      "guarded by the token in $WARLEDGER_TOKEN.")] = False,
          create: Annotated[bool, typer.Option("--create", help="Make an empty ledger when --db names none.")]
          = False) -> None:
    """Serve the JSON API and the dashboard (open http://HOST:PORT/; API docs at /docs).

    \b
    Example:
      warledger serve --db ledger.db --port 8000
    """
    import uvicorn

    from warledger.web.api import create_app

    _open(db, create).close()  # a clear error now rather than on the first request
    print(f"warledger dashboard on http://{host}:{port}/ (API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(db, allow_ingest), host=host, port=port, log_level="warning")


COMMANDS = (ingest, events, totals, claims, documents, show, audit, incidents, export, serve)
