"""No input stops a batch: each bad file of the robustness campaign beside a good report.

Every case runs in one batch with ``good.txt`` (a one-line valid report): the good
document always comes out, a bad one is one line naming the document and the stage,
and the exit code says which happened (0 all good, 1 some failed, 2 usage, 3 internal).
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import warledger
from warledger import cli
from warledger.cli import app
from warledger.extract.pipeline import extract
from warledger.ledger.schema import MIGRATIONS
from warledger.limits import BudgetExceeded, Limits
from warledger.model import Count, to_dict
from warledger.read import read_path, read_string

runner = CliRunner()
GOOD = "On 3 March 2021, an airstrike killed 5 civilians in Idlib, according to SOHR.\n"
REPORT = "On 7 May 2020, IS attacked a convoy near al-Shola, killing {n} soldiers, SOHR said.\n"
EXAMPLE = Path(__file__).resolve().parents[1] / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"

# name → (bytes or text of the bad file, what must be said of it on stderr, whether the document still comes out)
BAD_FILES = {
    "deep.jsonl": ('{"id":"d","text":' + "[" * 100_000 + "]" * 100_000 + "}\n", "nested too deeply", False),
    "surrogate.jsonl": ('{"id":"s","text":"On 3 March 2021 \\ud800 5 civilians were killed in Idlib."}\n',
                        "lone surrogate replaced", True),
    "bigcount.txt": ("On 3 March 2021, " + "9" * 20 + " civilians were killed in Idlib.\n", "no count of people",
                     True),
    "count63.txt": (f"On 3 March 2021, {2**63} civilians were killed in Idlib.\n", "no count of people", True),
    "hugenum.txt": ("On 3 March 2021, " + "9" * 5000 + " civilians were killed in Idlib.\n", None, True),
    "infobox_hugenum.txt": ("= W =\n- Casualties1: " + "9" * 5000 + " killed\n\nOn 3 March 2021, 5 civilians were "
                            "killed in Idlib.\n", "without a number", True),
    "nul.txt": ("On 3 March 2021, 5 civilians were killed\x00 in Idlib.\n", "NUL character removed", True),
    "utf16.txt": (GOOD.encode("utf-16"), None, True),
    "utf16le.txt": (GOOD.encode("utf-16-le"), None, True),
    "types.jsonl": ('{"id": true, "text": "5 civilians were killed in Idlib on 3 March 2021."}\n'
                    '{"id": "t5", "title": 5, "text": "5 killed in Homs on 1 May 2020."}\n',
                    'types.jsonl line 1: "id" must be a string, not bool', True),
}


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", errors="surrogatepass")
    return path


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_never_stops_the_batch(tmp_path, name):
    data, said, comes_out = BAD_FILES[name]
    good, bad = _write(tmp_path, "good.txt", GOOD), _write(tmp_path, name, data)
    result = runner.invoke(app, ["extract", str(good), str(bad), "--jsonl"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1)
    ledgers = [json.loads(line) for line in result.stdout.splitlines()]
    assert ledgers[0]["document"]["id"] == "good"
    assert sum(f["count"]["low"] for e in ledgers[0]["events"] for f in e["casualties"]) == 5
    assert (len(ledgers) > 1) == comes_out
    assert said is None or said in result.stderr
    assert all(line.startswith("warledger: ") for line in result.stderr.splitlines())


def test_utf16_and_a_stray_nul_are_text():
    doc = read_string(GOOD.replace("killed", "kil\x00led"), "n", fmt="text").documents[0]
    assert "killed" in doc.text and "NUL" in doc.warnings[0]
    from warledger.read.decode import decode

    assert decode(GOOD.encode("utf-16-be"), "x").text == GOOD
    assert decode("Homs".encode("utf-32"), "x").text == "Homs"


def test_an_oversized_count_is_dropped_with_a_warning_and_the_rest_kept():
    text = "On 3 March 2021, 99999999999999999999 civilians and 4 soldiers were killed in Idlib."
    ledger = extract(read_string(text, "r", fmt="text").documents[0])
    # so many dead are no one day's: the sentence is a claim, whose one true count stays
    counts = [f.count for e in ledger.events for f in e.casualties] + [c.count for c in ledger.claims]
    assert counts == [Count(4, 4)]
    assert any("no count of people" in w for w in ledger.warnings)
    lower = extract(read_string(text, "r", fmt="text").documents[0], Limits(max_count=3))
    assert not [f for e in lower.events for f in e.casualties] and not lower.claims


def test_time_budget_stops_one_document_with_a_clear_message(tmp_path):
    doc = read_path(EXAMPLE).documents[0]
    with pytest.raises(BudgetExceeded, match=r"over the time budget of 0\.001 s .* raise it with --max-seconds"):
        extract(doc, Limits(max_seconds=0.001))
    good = _write(tmp_path, "good.txt", GOOD)
    # 10 ms: the example takes some 60 ms, the one-line report under 1 ms even on a busy machine.
    result = runner.invoke(app, ["extract", str(EXAMPLE), str(good), "--jsonl", "--max-seconds", "0.01",
                                 "--errors-json", str(tmp_path / "errors.json")])
    assert result.exit_code == 1 and "over the time budget" in result.stderr
    errors = json.loads((tmp_path / "errors.json").read_text())
    assert {e["stage"] for e in errors} == {"extract"} and errors[0]["document"] == EXAMPLE.stem


def test_a_record_over_the_size_limit_fails_alone(tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"id": "big", "text": GOOD * 100}) + "\n" + json.dumps({"id": "ok", "text": GOOD})
                     + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(batch), "--jsonl", "--max-bytes", "2000"])
    assert result.exit_code == 1 and "b.jsonl line 1 (id 'big'): record is over the limit of 2,000" in result.stderr
    assert [json.loads(x)["document"]["id"] for x in result.stdout.splitlines()] == ["ok"]


def test_an_internal_error_exits_3_in_one_line(monkeypatch, capsys):
    def broken() -> None:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: a bug over two lines)" in err


def test_same_named_files_in_two_folders_are_two_documents(tmp_path):
    for sub, n in (("a", 5), ("b", 7)):
        (tmp_path / "d" / sub).mkdir(parents=True)
        (tmp_path / "d" / sub / "report.txt").write_text(REPORT.format(n=n), encoding="utf-8")
    with warledger.open(tmp_path / "l.db") as led:
        summary = led.ingest(tmp_path / "d")
        assert (summary.new, summary.replaced) == (2, 0)
        assert [d["id"] for d in led.documents()] == ["d/a/report.txt", "d/b/report.txt"]


def test_an_id_taken_by_another_file_is_an_error_not_an_overwrite(tmp_path):
    for sub, n in (("x", 5), ("y", 7)):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(REPORT.format(n=n), encoding="utf-8")
    with warledger.open(tmp_path / "l.db") as led:
        assert led.ingest(tmp_path / "x" / "report.txt").new == 1
        clash = led.ingest(tmp_path / "y" / "report.txt")
        assert clash.new + clash.replaced == 0 and "already taken by" in clash.failed[0].reason
        assert clash.failed[0].stage == "store"
        both = led.ingest([tmp_path / "x" / "report.txt", tmp_path / "y" / "report.txt"])
        assert "already taken by" in both.failed[0].reason
        (tmp_path / "x" / "report.txt").rename(tmp_path / "moved.txt")
        assert led.ingest(tmp_path / "y" / "report.txt").replaced == 1  # x's file is gone: y is its new version


def test_an_old_ledger_maps_stem_ids_to_paths_without_duplicates(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "r1.txt").write_text(REPORT.format(n=5), encoding="utf-8")
    path = tmp_path / "old.db"
    with warledger.open(path) as led:
        led.ingest(folder / "r1.txt")
    with sqlite3.connect(path) as conn:  # as warledger before ids kept their folder stored it
        conn.execute("UPDATE documents SET origin = NULL")
    with warledger.open(path) as led:
        summary = led.ingest(folder)
        assert summary.renamed == 1 and [d["id"] for d in led.documents()] == ["d/r1.txt"]
        assert led.counts()["events"] == 1
        assert led.ingest(folder).unchanged == 1


def test_two_concurrent_ingests_into_one_sqlite_file_both_finish(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(40):
        (folder / f"r{i}.txt").write_text(REPORT.format(n=i + 1), encoding="utf-8")
    db = str(tmp_path / "l.db")
    command = [sys.executable, "-m", "warledger", "ingest", str(folder), "--db", db]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    said = [re.search(r"(\d+) new, (\d+) unchanged", out).groups() for out, _ in outputs]
    assert sum(int(new) for new, _ in said) == 40 and all(int(n) + int(u) == 40 for n, u in said)
    with warledger.open(db, create=False) as led:
        assert led.counts()["documents"] == 40 and led.counts()["events"] == 40


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_concurrent_puts_of_one_id_store_it_once(request, tmp_path, backend):
    where = request.getfixturevalue("pg_url") if backend == "postgres" else str(tmp_path / "l.db")
    warledger.open(where).close()
    doc = read_string(REPORT.format(n=3), "one", fmt="text").documents[0]
    outcomes: list[str] = []

    def put() -> None:
        with warledger.open(where) as led:
            outcomes.append(led.store.put(doc, extract(doc)))

    threads = [threading.Thread(target=put) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["new"] + ["unchanged"] * 7


def test_postgres_holds_big_counts_and_never_sees_a_nul(pg_url, tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"id": "n\x00ul", "text": "On 3 March 2021, 5,000,000,000 people were killed in "
                                 "Idlib.\x00", "date": "2021-03-04"}) + "\n", encoding="utf-8")
    with warledger.open(pg_url) as led:
        summary = led.ingest(batch, limits=Limits(max_count=10**12))
        assert summary.new == 1, summary.failed
        stored = led.document("nul")
        assert [c.count.low for c in stored.claims] == [5_000_000_000]


def test_reading_commands_need_an_existing_ledger(tmp_path):
    missing = tmp_path / "typo.db"
    for command in (["events"], ["totals"], ["documents"], ["audit"], ["serve"]):
        result = runner.invoke(app, [*command, "--db", str(missing)])
        assert result.exit_code == 2 and "no ledger at" in result.stderr, command
    assert not missing.exists()


def test_the_last_migration_is_recorded(tmp_path):
    with warledger.open(tmp_path / "l.db") as led:
        names = [r["name"] for r in led.store.rows("SELECT name FROM migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]


def test_a_field_of_thousands_of_items_gives_bounded_output():
    """Each infobox item's claim quotes its field: 4,000 items once gave 161 MB of JSON for 40 KB of text."""
    text = "= W =\n- Combatant1: IS\n- Casualties1: " + ", ".join(["5 killed"] * 4000)
    ledger = extract(read_string(text, "w").documents[0])
    assert len(ledger.claims) == 200 and all(len(c.text) <= 1000 for c in ledger.claims)
    assert any("more than 200 items in one field" in w for w in ledger.warnings)
    assert len(json.dumps(to_dict(ledger))) < 20 * len(text)
