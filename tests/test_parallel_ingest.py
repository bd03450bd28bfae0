"""Parallel ingest: worker processes and Dask store the same ledger, row for row, as one process does.

One corpus (the bundled example, the wikitext fixtures, reports of tests/reports as files and as JSONL
batches, a binary file and a repeated id) is ingested with ``workers=1``, ``workers=2`` and a Dask local
cluster of two workers; every table is compared in the order its rows were stored.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sqlite3
import sys
from concurrent.futures import Future
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

import warledger
from warledger.cli import app
from warledger.ledger import parallel

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
WIKI = ROOT / "tests/fixtures/wikitext"
REPORTS = ROOT / "tests/reports"
LEDGER = ("documents", "document_history", "events", "figures", "claims")
RUNS = {"one process": {"workers": 1}, "two processes": {"workers": 2}, "dask": {"workers": 2, "engine": "dask"}}
ingest_module = importlib.import_module("warledger.ledger.ingest")  # warledger.ledger.ingest is also a function


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but ``migrations``, in the order it was stored (rowid), without the times
    it was written (columns named ``*_at``): the ledger's own tables and all that is derived from them."""
    with closing(sqlite3.connect(db)) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                                   "NOT LIKE 'sqlite%' AND name != 'migrations' ORDER BY name")]
        return {table: _rows(conn, table) for table in tables}


def _rows(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    try:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
    except sqlite3.OperationalError:  # a WITHOUT ROWID table (the pre-summed totals): in the order of its key
        width = len(conn.execute(f"SELECT * FROM {table} LIMIT 0").description)
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY {', '.join(str(i) for i in range(1, width + 1))}")
    kept = [i for i, column in enumerate(cursor.description) if not column[0].endswith("_at")]
    return [tuple(row[i] for i in kept) for row in cursor]


def _records(name: str, count: int) -> list[dict[str, str]]:
    with (REPORTS / name).open(encoding="utf-8") as f:
        return [{"id": r["id"], "text": r["text"], "date": r["date"]} for r in map(json.loads, f)][:count]


def make_corpus(folder: Path) -> Path:
    """About 45 documents: one long article, six wikitext pages, 20 report files, a JSONL batch of 15, a
    second batch that repeats one of its ids, and a binary file that cannot be read."""
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    shutil.copytree(WIKI, folder / "wiki")
    (folder / "reports").mkdir()
    for i, record in enumerate(_records("wire_copy.jsonl", 10) + _records("iraq_2014_2019.jsonl", 10)):
        (folder / "reports" / f"r{i:02}.txt").write_text(record["text"], encoding="utf-8")
    batch = _records("monitor_roundups.jsonl", 15)
    (folder / "a_batch.jsonl").write_text("".join(json.dumps(r) + "\n" for r in batch), encoding="utf-8")
    again = [batch[3], *_records("syria_2025.jsonl", 1)]
    (folder / "z_again.jsonl").write_text("".join(json.dumps(r) + "\n" for r in again), encoding="utf-8")
    (folder / "reports" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("parallel") / "corpus")


@pytest.fixture(scope="module")
def runs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """Each engine's first and second ingest of the corpus into its own ledger, and the rows it stored."""
    out: dict[str, dict[str, object]] = {}
    for name, options in RUNS.items():
        db = tmp_path_factory.mktemp("ledgers") / "l.db"
        with warledger.open(db) as led:
            first = led.ingest(corpus, **options)
            rows = dump(db)
            again = led.ingest(corpus, **options)
        out[name] = {"first": first, "rows": rows, "again": again, "rows again": dump(db)}
    return out


def test_every_engine_stores_the_same_rows_in_the_order_read(runs):
    base = runs["one process"]["rows"]
    assert len(base["documents"]) > 40 and len(base["events"]) > 100 and base["claims"] and base["figures"]
    assert set(LEDGER) <= set(base)
    for name in RUNS:
        assert runs[name]["rows"].keys() == base.keys(), name
        for table, rows in base.items():
            assert runs[name]["rows"][table] == rows, (name, table)


def test_every_engine_gives_the_same_summary_and_reports_the_bad_documents(runs):
    base = runs["one process"]["first"]
    assert (base.new, base.unchanged, base.replaced) == (len(runs["one process"]["rows"]["documents"]), 0, 0)
    assert [(f.stage, f.id) for f in base.failed] == [("read", "corpus/reports/image.txt"), ("read", "F-004")]
    assert "image.txt" in base.failed[0].reason and "already taken" in base.failed[1].reason
    for name in RUNS:
        assert runs[name]["first"] == base, name


def test_a_second_run_finds_every_document_unchanged(runs):
    for name in RUNS:
        first, again = runs[name]["first"], runs[name]["again"]
        assert (again.new, again.replaced, again.unchanged) == (0, 0, first.new), name
        assert again.failed == first.failed, name
        assert runs[name]["rows again"] == runs[name]["rows"], name


def test_a_running_dask_cluster_stores_the_same_rows(corpus, runs, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            warledger.open(tmp_path / "l.db") as led:
        summary = led.ingest(corpus, engine="dask", scheduler=cluster.scheduler_address)
    assert summary == runs["one process"]["first"]
    assert dump(tmp_path / "l.db") == runs["one process"]["rows"]


def test_only_documents_whose_key_changed_are_sent_to_the_workers(corpus, tmp_path, monkeypatch):
    folder = tmp_path / "c"
    shutil.copytree(corpus, folder)
    db = tmp_path / "l.db"
    with warledger.open(db) as led:
        led.ingest(folder, workers=2)
        changed = folder / "reports" / "r03.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + " Two more soldiers died of their wounds.",
                           encoding="utf-8")
        sent: list[str] = []
        submit = parallel.ProcessPool.submit

        def counting(self, jobs):
            sent.extend(doc.id for doc, _ in jobs)
            return submit(self, jobs)

        monkeypatch.setattr(parallel.ProcessPool, "submit", counting)
        summary = led.ingest(folder, workers=2)
    assert (summary.replaced, summary.new, sent) == (1, 0, ["c/reports/r03.txt"])


CRASHING_EXTRACTOR = '''
import os

from warledger.ledger.ingest import extract_batch as extract_for_real


def extract_batch(jobs, limits):
    """Kill the worker process, as a crash in C code or the OOM killer would, on a text that says CRASH."""
    if any("CRASH" in doc.text for doc, _ in jobs):
        os._exit(70)
    return extract_for_real(jobs, limits)
'''


def test_a_document_that_kills_its_worker_fails_alone(corpus, tmp_path, monkeypatch):
    (tmp_path / "crashing_extractor.py").write_text(CRASHING_EXTRACTOR, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))  # the worker processes import it from here
    crashing = importlib.import_module("crashing_extractor")
    folder = tmp_path / "c"
    shutil.copytree(corpus, folder)
    (folder / "reports" / "r05.txt").write_text("CRASH: 5 soldiers were killed in Homs.", encoding="utf-8")
    with warledger.open(tmp_path / "single.db") as led:
        expected = led.ingest(folder, workers=1)  # extracted here: this process must not crash
    monkeypatch.setattr(ingest_module, "extract_batch", crashing.extract_batch)
    with warledger.open(tmp_path / "parallel.db") as led:
        summary = led.ingest(folder, workers=2)
    lost = [f for f in summary.failed if f.id == "c/reports/r05.txt"]
    assert len(lost) == 1 and lost[0].stage == "extract" and "worker process" in lost[0].reason
    assert (summary.new, [f for f in summary.failed if f not in lost]) == (expected.new - 1, expected.failed)
    single, crashed = dump(tmp_path / "single.db"), dump(tmp_path / "parallel.db")
    assert crashed["documents"] == [row for row in single["documents"] if row[0] != "c/reports/r05.txt"]
    assert crashed["events"] == [row for row in single["events"] if row[0] != "c/reports/r05.txt"]
    del sys.modules["crashing_extractor"]


@pytest.mark.parametrize("error", [OSError("handle is closed"), RuntimeError("cannot schedule new futures")])
def test_a_pool_breaking_while_a_batch_is_sent_loses_that_batch_only(error, monkeypatch):
    """A worker's death is marked on the pool without the lock submit holds (Python 3.11), so a submit may
    meet a half-torn-down pool and fail to start a worker: its batch is lost and run again job by job."""
    engine = parallel.ProcessPool(lambda jobs: [job * 2 for job in jobs], workers=2)
    first = {"done": False}

    class HalfBroken:
        def submit(self, work, jobs):
            if not first["done"]:
                first["done"] = True
                raise error
            done: Future[list[int]] = Future()
            done.set_result(work(jobs))
            return done

        def shutdown(self, **_):
            pass

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", lambda *args, **kwargs: HalfBroken())
    try:
        results = list(parallel.in_order([("a", [1, 2]), ("b", [3])], engine, lost=lambda job, err: None))
    finally:
        engine.close()
    assert results == [("a", [2, 4]), ("b", [6])] and engine.generation == 1


def test_a_document_taking_over_an_old_rows_id_is_looked_up_in_its_turn(tmp_path):
    """An older warledger stored d/r1.txt under its stem, r1; a batch record r1 with the same text follows
    it in one run. Once d/r1.txt has taken the row over, r1 is new: read ahead, it would look unchanged."""
    text = "On 7 May 2020, IS attacked military vehicles near al-Shola, killing 11 regime soldiers."
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "r1.txt").write_text(text, encoding="utf-8")
    (tmp_path / "z.jsonl").write_text(json.dumps({"id": "r1", "text": text}) + "\n", encoding="utf-8")
    with warledger.open(tmp_path / "old.db") as led:
        led.ingest(tmp_path / "d" / "r1.txt")
        led.store.execute("UPDATE documents SET origin = NULL")  # as warledger before ids kept their folder
        led.store.conn.commit()
    summaries = {}
    for workers in (1, 2):
        shutil.copy(tmp_path / "old.db", tmp_path / f"w{workers}.db")
        with warledger.open(tmp_path / f"w{workers}.db") as led:
            summaries[workers] = led.ingest([tmp_path / "d", tmp_path / "z.jsonl"], workers=workers)
    assert (summaries[1].renamed, summaries[1].new, summaries[1].unchanged) == (1, 1, 0)
    assert summaries[2] == summaries[1]


def test_cli_ingest_with_workers_and_engines(corpus, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "l.db"), "--workers", "2"])
    assert result.exit_code == 1  # the binary file and the repeated id
    with warledger.open(tmp_path / "single.db") as led:
        assert result.stdout.strip() == led.ingest(corpus, workers=1).line()
    for wrong, message in ((["--engine", "spark"], "unknown engine 'spark'"),
                           (["--scheduler", "tcp://127.0.0.1:8786"], "needs the dask engine"),
                           (["--workers", "0"], "")):
        result = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "l.db"), *wrong])
        assert result.exit_code == 2 and message in result.stderr, wrong


def test_bad_engine_options_raise_before_anything_is_read(tmp_path):
    with warledger.open(tmp_path / "l.db") as led:
        for options in ({"workers": 0}, {"engine": "spark"}, {"scheduler": "tcp://127.0.0.1:8786"}):
            with pytest.raises(ValueError):
                led.ingest(tmp_path / "missing", **options)
