"""The audit on hand-made tallies and on the seed article's ledger."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warledger.audit import audit, same_tally
from warledger.cli import app
from warledger.model import CasualtyFigure, Claim, Count, DateSpan, Event

EXAMPLE = Path(__file__).resolve().parents[1] / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def claim(start, end, count, source="SOHR", party="IS", offset=0, quote="q"):
    return Claim(DateSpan(start, end, "period"), party, None, "killed", Count(*count), source, None, offset, quote,
                 quote=quote)


def run(claims, events=()):
    return [(f.kind, f.claims, f.delta) for f in audit([("d", c) for c in claims], [("d", e) for e in events])]


def test_same_source_and_period_with_different_counts_contradict():
    assert run([claim("2023-01-01", "2023-12-31", (412, 412)), claim("2023-01-01", "2023-12-31", (417, 417))]) \
        == [("contradiction", [0, 1], 5)]


def test_running_tally_under_another_label_is_the_same_period():
    assert same_tally(DateSpan("2019-01-01", "2021-12-31", "period"), DateSpan("2019-03-21", "2021-12-31", "period"))
    assert run([claim("2019-01-01", "2021-12-31", (1611, 1611)), claim("2019-03-21", "2021-12-31", (1610, 1610))]) \
        == [("contradiction", [0, 1], 1)]


def test_sub_period_ranges_and_other_sources_do_not_contradict():
    assert run([claim("2024-01-01", "2024-12-31", (568, 568)), claim("2024-01-01", "2024-10-31", (458, 458))]) == []
    assert run([claim("2023-01-01", "2023-12-31", (412, 412)), claim("2023-01-01", "2023-12-31", (417, 417), "UN")]) \
        == []
    assert run([claim("2023-01-01", "2023-12-31", (410, 420)), claim("2023-01-01", "2023-12-31", (417, 417))]) == []


def test_stated_total_against_another_lines_parts():
    parts = [claim(f"{y}-01-01", f"{y}-12-31", (n, n), offset=46) for y, n in ((2022, 166), (2023, 46), (2024, 58))]
    total = claim("2022-03-01", "2024-12-31", (250, 250), source=None, offset=2279)
    assert run([*parts, total]) == [("sum-mismatch", [3, 0, 1, 2], 20)]
    total_ok = claim("2022-03-01", "2024-12-31", (270, 270), source=None, offset=2279)
    assert run([*parts, total_ok]) == []


def _event(day, low, party="IS"):
    return Event(f"e-{day}", None, 0, "x", DateSpan(day, day, "day"), None,
                 casualties=[CasualtyFigure(party, None, "killed", Count(low, low))])


def test_incidents_exceeding_a_claim_with_smaller_tallies_standing_in():
    total = claim("2019-03-01", "2020-10-31", (397, 397), source=None, offset=1)
    inner = claim("2019-03-21", "2020-04-20", (150, 150), offset=2)
    events = [_event("2020-04-09", 21), _event("2020-07-05", 26), _event("2020-08-20", 327)]
    assert run([total, inner], events) == [("incidents-exceed-claim", [0, 1], 106)]
    assert run([total], events[:2]) == []


@pytest.mark.skipif(not (SHARED / "gold").exists(), reason="shared gold not beside the repository")
def test_seed_audit_finds_the_gold_findings(tmp_path):
    sys.path.insert(0, str(SHARED / "tools"))
    import score_ledger

    runner = CliRunner()
    db = str(tmp_path / "a.db")
    assert runner.invoke(app, ["ingest", str(EXAMPLE), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["audit", "--db", db, "--json"])
    pred = json.loads(result.stdout)
    assert all("document" in c and "offset" in c for c in pred["claims"])
    gold = json.loads((SHARED / "gold/000_236a5c723bb0497d.json").read_text(encoding="utf-8"))
    scores, _ = score_ledger.score(pred, gold)
    assert scores["findings"]["tp"] >= 6 and scores["findings"]["pred"] - scores["findings"]["tp"] <= 2
