"""The ``report`` command of the ``warledger`` CLI: the audit of a ledger as a static site."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from warledger.cli_ledger import DbOption, _fail, _open


def report(out: Annotated[Path, typer.Argument(help="The folder to write the site into (made when missing).",
                                               file_okay=False, metavar="OUT")],
           db: DbOption = "ledger.db") -> None:
    """Write the audit as a static HTML site for Wikipedia editors, readable offline.

    OUT/index.html ranks every document by the weight of its findings (each
    finding weighs its kind's weight times the number of people by which its
    figures disagree: contradiction 3, sum-mismatch 2, incidents-exceed-claim 1);
    OUT/doc/*.html shows each finding of a document with its arithmetic and the
    sentences it compares, the figures highlighted and the sections linked.

    \b
    Example:
      warledger report site/ --db ledger.db   # then open site/index.html
    """
    from warledger.report import write_site  # the audit loads when the command runs

    led = _open(db)
    try:
        with Progress(TextColumn("writing pages"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("auditing the ledger", total=None)
            summary = write_site(led, out, progress=lambda doc, done, total: bar.update(
                task, completed=done, total=total, description=doc))
    except OSError as err:
        raise _fail(f"cannot write the site to {out}: {err.strerror or err}") from None
    finally:
        led.close()
    print(summary.line())
