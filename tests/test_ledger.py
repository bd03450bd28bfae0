"""The ledger store: idempotent ingest, history, queries, totals and the CLI."""

from __future__ import annotations

import importlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import warledger
import warledger.extractor_version as versions
from warledger.cli import app
from warledger.extract.pipeline import extract
from warledger.extractor_version import extractor_version
from warledger.ledger.schema import MIGRATIONS
from warledger.ledger.store import ChangeKey
from warledger.model import (
    CasualtyFigure,
    Count,
    DateSpan,
    Document,
    DocumentInfo,
    Event,
    LedgerDocument,
    Place,
    to_dict,
)
from warledger.read import read_path, read_string

EXAMPLE = Path(__file__).resolve().parents[1] / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
SEED_ID = EXAMPLE.stem
runner = CliRunner()
ingest_module = importlib.import_module("warledger.ledger.ingest")  # warledger.ledger.ingest is also a function

REPORTS = [
    "On 7 May 2020, IS attacked military vehicles near al-Shola, Deir ez-Zor, killing 11 regime soldiers.",
    "On 3 January 2021, IS militants killed 15 people near Ithriya, SOHR said.",
    "On 12 March 2021, seven NDF members were killed in an IS ambush near al-Sukhnah, according to SOHR.",
]


def test_ingest_is_idempotent(led):
    first = led.ingest(EXAMPLE)
    counts = led.counts()
    assert (first.new, first.unchanged, counts["documents"]) == (1, 0, 1)
    assert counts["events"] > 50 and counts["claims"] > 40
    second = led.ingest(EXAMPLE)
    assert (second.new, second.unchanged) == (0, 1)
    assert led.counts() == counts


def test_stored_ledger_equals_the_extraction(led):
    led.ingest(EXAMPLE)
    fresh = extract(read_path(EXAMPLE).documents[0])
    stored = led.document(SEED_ID)
    assert to_dict(stored.events) == to_dict(fresh.events)
    assert to_dict(stored.claims) == to_dict(fresh.claims)
    assert to_dict(stored.conflict) == to_dict(fresh.conflict)


def test_the_attackers_mark_is_stored_and_read_back(led, tmp_path):
    report = tmp_path / "attack.txt"
    report.write_text("On 20 January 2016, gunmen stormed a university in Charsadda, Pakistan, killing 20 people. "
                      "At least 4 of the attackers were also killed.", encoding="utf-8")
    led.ingest(report)
    stored = led.document("attack")
    fresh = extract(read_path(report).documents[0])
    assert to_dict(stored.events) == to_dict(fresh.events)
    marks = sorted((f.count.low, f.attackers) for e in stored.events for f in e.casualties)
    assert marks == [(4, True), (20, False)]


def test_changed_document_replaces_rows_and_keeps_history(led, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORTS[0], encoding="utf-8")
    led.ingest(path)
    path.write_text(REPORTS[0].replace("11 regime soldiers", "12 regime soldiers"), encoding="utf-8")
    summary = led.ingest(path)
    assert summary.replaced == 1
    counts = led.counts()
    assert (counts["documents"], counts["document_history"], counts["events"]) == (1, 1, 1)
    assert led.events()[0].casualties[0].count == Count(12, 12)


def test_bad_documents_are_reported_and_the_rest_ingested(led, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, text in enumerate(REPORTS):
        (folder / f"r{i}.txt").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 10)
    summary = led.ingest([folder])
    assert summary.new == 3 and len(summary.failed) == 2
    assert sorted(d["id"] for d in led.documents()) == ["reports/r0.txt", "reports/r1.txt", "reports/r2.txt"]


def test_queries_filter_by_party_year_governorate_and_source(led):
    led.ingest(EXAMPLE)
    is_2020 = led.events(party="IS", year=2020)
    assert is_2020 and all(e.date.start.startswith("2020") for e in is_2020)
    assert all(any(f.party == "IS" for f in e.casualties) for e in is_2020)
    homs = led.events(admin1="Homs")
    assert homs and all(e.place.admin1 == "Homs" for e in homs)
    sohr = led.events(source="SOHR")
    assert sohr and all(any(f.source == "SOHR" for f in e.casualties) for e in sohr)


def _event(figures):
    return Event("e-1", None, 0, "x", DateSpan("2020-05-07", "2020-05-07", "day"), Place("Mayadin", "Deir ez-Zor"),
                 "Battles", "Armed clash", casualties=figures)


def test_totals_add_one_sources_figures_and_compare_sources(led):
    event = _event([CasualtyFigure("pro-government", None, "killed", Count(26, 30), "SOHR"),
                    CasualtyFigure("pro-government", None, "killed", Count(16, 16), "Syrian military"),
                    CasualtyFigure("IS", None, "killed", Count(9, 9)),
                    CasualtyFigure("IS", None, "killed", Count(4, None)),
                    CasualtyFigure("IS", "Russia", "killed", Count(2, 2), subset_of=2)])
    led.store.put(Document("d", "d", "text", "x"), LedgerDocument(DocumentInfo("d", "d", "text"), None, [event]))
    rows = {r["party"]: r for r in led.totals(("year", "party"))}
    assert (rows["pro-government"]["low"], rows["pro-government"]["best"], rows["pro-government"]["high"]) \
        == (16, 16, 30)
    assert (rows["IS"]["low"], rows["IS"]["best"], rows["IS"]["high"]) == (13, 13, None)
    median = {r["party"]: r for r in led.totals(("party",), policy="median")}
    assert median["pro-government"]["best"] == 21


def test_totals_refuse_unknown_keys(led):
    with pytest.raises(ValueError, match="group by"):
        led.totals(by=("colour",))


def test_sqlite_file_opens_in_plain_sqlite(tmp_path):
    led = warledger.open(tmp_path / "ledger.db")
    led.ingest(EXAMPLE)
    conn = sqlite3.connect(tmp_path / "ledger.db")
    names = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert conn.execute("SELECT COUNT(*) FROM figures WHERE party = 'IS'").fetchone()[0] > 10


def test_cli_ledger_commands(tmp_path):
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["ingest", str(EXAMPLE), "--db", db])
    assert result.exit_code == 0 and "1 new" in result.stdout
    events = json.loads(runner.invoke(app, ["events", "--db", db, "--party", "IS", "--format", "json"]).stdout)
    assert events and all(any(f["party"] == "IS" for f in e["casualties"]) for e in events)
    csv_out = runner.invoke(app, ["totals", "--db", db, "--by", "year,party", "--format", "csv"]).stdout
    assert csv_out.splitlines()[0] == "year,party,low,best,high,estimates"
    claims = json.loads(runner.invoke(app, ["claims", "--db", db, "--format", "json"]).stdout)
    assert any(c["source"] == "SOHR" and c["count"] == "1,611" for c in claims)
    docs = json.loads(runner.invoke(app, ["documents", "--db", db, "--format", "json"]).stdout)
    assert docs[0]["id"] == SEED_ID
    shown = runner.invoke(app, ["show", f"{SEED_ID}:{events[0]['id']}", "--db", db])
    assert shown.exit_code == 0 and events[0]["text"][:30] in shown.stdout.replace("\n", " ")
    assert runner.invoke(app, ["show", "nope:e-1", "--db", db]).exit_code == 2


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(500):
        (folder / f"r{i:03d}.txt").write_text(REPORTS[i % 3].replace("On ", f"Report {i}. On "), encoding="utf-8")
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "warledger", "ingest", str(folder), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.2)
        try:
            done = sqlite3.connect(db, timeout=1).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            continue
        if done >= 50:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 500
    assert conn.execute("SELECT COUNT(DISTINCT doc_id) FROM events").fetchone()[0] == 500
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 500


def test_reports_of_one_incident_are_counted_once(led, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "sohr.txt").write_text("On 7 May 2020, IS attacked military vehicles near al-Shola in Deir ez-Zor, "
                                     "killing 11 regime soldiers, SOHR said.", encoding="utf-8")
    (folder / "sana.txt").write_text("On 7 May 2020, terrorists attacked an army patrol in the Deir ez-Zor desert, "
                                     "killing nine soldiers, state media reported.", encoding="utf-8")
    (folder / "other.txt").write_text("On 7 May 2020, two civilians were killed by a landmine near Palmyra.",
                                      encoding="utf-8")
    led.ingest([folder])
    found = led.incidents()
    merged = [i for i in found if len(i.events) == 2]
    assert len(found) == 2 and len(merged) == 1
    est = next(e for e in merged[0].estimates if e.party == "pro-government")
    assert (est.low, est.best, est.high) == (9, 9, 11)
    assert any("same governorate Deir ez-Zor" in r for r in merged[0].merges[0].matched)
    rows = {r["party"]: r for r in led.totals(by=("party",))}
    assert (rows["pro-government"]["low"], rows["pro-government"]["high"], rows["pro-government"]["estimates"]) \
        == (9, 11, 1)
    by_source = {r["source"]: r["best"] for r in led.totals(by=("source",))}
    assert by_source["SOHR"] == 11 and by_source["Syrian state media"] == 9
    assert led.counts()["figures"] == 3  # no figure is dropped by the merge


def test_cli_incidents_lists_merges(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    for name, text in (("a", "On 3 June 2021, IS killed 25 soldiers near al-Sukhnah, SOHR said."),
                       ("b", "On 3 June 2021, 20 soldiers were killed in an IS attack near al-Sukhnah.")):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "i.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    data = json.loads(runner.invoke(app, ["incidents", "--db", db, "--format", "json"]).stdout)
    assert len(data) == 1 and len(data[0]["events"]) == 2 and data[0]["merges"][0]["matched"]


# --- the change key: text, reference date and extractor version, checked before extracting ----------------

YESTERDAY = "Yesterday, IS militants killed four soldiers near Palmyra, SOHR said."


@pytest.fixture()
def extractions(monkeypatch):
    """Count the documents ingest extracts (each still extracted for real)."""
    calls: list[str] = []

    def counting(doc, limits=None):
        calls.append(doc.id)
        return extract(doc, limits)

    monkeypatch.setattr(ingest_module, "extract", counting)
    return calls


def test_extractor_version_is_a_short_stable_digest():
    version = extractor_version()
    assert len(version) == 16 and int(version, 16) >= 0
    versions.extractor_version.cache_clear()
    assert extractor_version() == version  # read again from the files: the same digest


def test_unchanged_document_is_not_extracted_again(led, tmp_path, extractions):
    path = tmp_path / "report.txt"
    path.write_text(REPORTS[0], encoding="utf-8")
    assert led.ingest(path).new == 1 and extractions == ["report"]
    again = led.ingest(path)
    assert (again.unchanged, again.new, again.replaced) == (1, 0, 0)
    assert extractions == ["report"]  # the key matched before extracting


def test_new_extractor_version_replaces_stale_rows(led, tmp_path, monkeypatch, extractions):
    path = tmp_path / "report.txt"
    path.write_text(REPORTS[0], encoding="utf-8")
    led.ingest(path)
    assert led.store.document("report")["extractor_version"] == extractor_version()
    assert led.counts()["figures"] == 1
    monkeypatch.setattr(versions, "extractor_version", lambda: "0123456789abcdef")

    def new_rules(doc, limits=None):  # an extractor that no longer finds the figure
        extractions.append(doc.id)
        ledger = extract(doc, limits)
        for event in ledger.events:
            event.casualties = []
        return ledger

    monkeypatch.setattr(ingest_module, "extract", new_rules)
    summary = led.ingest(path)
    assert (summary.replaced, summary.unchanged, extractions) == (1, 0, ["report", "report"])
    row = led.store.document("report")
    assert row["extractor_version"] == "0123456789abcdef"
    assert led.document("report").document.extractor_version == "0123456789abcdef"
    counts = led.counts()
    assert (counts["documents"], counts["events"], counts["figures"]) == (1, 1, 0)  # no stale figure is kept
    assert (counts["document_history"], row["version"]) == (0, 1)  # same text: no second copy of it
    assert led.ingest(path).unchanged == 1 and len(extractions) == 2


def test_changed_reference_date_re_extracts(led, tmp_path, extractions):
    path = tmp_path / "report.txt"
    path.write_text(YESTERDAY, encoding="utf-8")
    led.ingest(path, reference_date="2020-05-10")
    assert led.events()[0].date.start == "2020-05-09"
    summary = led.ingest(path, reference_date="2021-05-10")
    assert (summary.replaced, len(extractions)) == (1, 2)
    assert led.store.document("report")["reference_date"] == "2021-05-10"
    assert [e.date.start for e in led.events()] == ["2021-05-09"]
    assert led.ingest(path, reference_date="2021-05-10").unchanged == 1 and len(extractions) == 2


def test_extracted_json_names_the_extractor_version(tmp_path):
    doc = read_string(REPORTS[1], "r", fmt="text").documents[0]
    assert to_dict(extract(doc))["document"]["extractor_version"] == extractor_version()
    path = tmp_path / "r.txt"
    path.write_text(REPORTS[1], encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert json.loads(result.stdout)["document"]["extractor_version"] == extractor_version()


def test_ledger_from_before_extractor_versions_re_extracts_once(led, tmp_path, extractions):
    path = tmp_path / "report.txt"
    path.write_text(REPORTS[2], encoding="utf-8")
    led.ingest(path)
    led.store.execute("ALTER TABLE documents DROP COLUMN extractor_version")  # as a ledger before 0008 was
    led.store.execute("DELETE FROM migrations WHERE name = ?", ("0008_documents_extractor_version",))
    led.store.conn.commit()
    assert led.store.migrate() == ["0008_documents_extractor_version"]
    assert led.store.document("report")["extractor_version"] is None
    assert led.ingest(path).replaced == 1 and len(extractions) == 2
    assert led.store.document("report")["extractor_version"] == extractor_version()
    assert led.ingest(path).unchanged == 1 and len(extractions) == 2
    assert led.counts()["events"] == 1


def test_an_id_clash_is_reported_without_extracting(led, tmp_path, extractions):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(REPORTS[0], encoding="utf-8")
    led.ingest(tmp_path / "x" / "report.txt")
    clash = led.ingest(tmp_path / "y" / "report.txt")
    assert clash.failed[0].stage == "store" and "already taken by" in clash.failed[0].reason
    assert extractions == ["report"]


def test_put_decides_again_under_its_lock(led):
    """Two ingests that both found the key missing: the second put finds the first one's row and stores nothing."""
    doc = read_string(REPORTS[0], "one", fmt="text").documents[0]
    first, second = extract(doc), extract(doc)
    assert not led.store.holds(doc, ChangeKey.of(doc))
    assert (led.store.put(doc, first), led.store.put(doc, second)) == ("new", "unchanged")
    assert led.store.holds(doc, ChangeKey.of(doc))
    assert not led.store.holds(doc, ChangeKey.of(doc, "fedcba9876543210"))
