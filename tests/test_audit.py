"""The audit on hand-made tallies and on the seed article's ledger."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warledger import audit as audit_module
from warledger.audit import audit, same_tally
from warledger.audit import gap as real_gap
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


def test_a_figure_stated_many_times_is_one_finding():
    year = ("2023-01-01", "2023-12-31")
    claims = [claim(*year, (412, 412) if k % 2 else (417, 417), offset=k) for k in range(600)]
    [(kind, ixs, delta)] = run(claims)
    assert (kind, delta) == ("contradiction", 5)
    assert ixs == [*range(0, 600, 2), *range(1, 600, 2)]  # every 417, then every 412
    parts = [claim(f"{y}-01-01", f"{y}-12-31", (n, n), offset=46) for y, n in ((2022, 166), (2023, 46), (2024, 58))]
    total = claim("2022-03-01", "2024-12-31", (250, 250), source=None, offset=2279)
    restated = [claim(c.period.start, c.period.end, (c.count.low, c.count.high), c.source, offset=9000 + 10 * k + line)
                for k in range(50) for line, c in ((0, parts[0]), (0, parts[1]), (0, parts[2]), (5, total))]
    [(kind, ixs, delta)] = run([*parts, total, *restated])  # the same two lines, word for word, 51 times over
    assert (kind, delta, len(ixs)) == ("sum-mismatch", 20, 4 * 51)
    assert ixs[:2] == [3, 7] and ixs[51] == 0  # the total and its restatements, then each part and its own


def test_incidents_against_a_restated_claim_are_one_finding():
    events = [_event("2020-04-09", 21), _event("2020-07-05", 26), _event("2020-08-20", 327)]
    totals = [claim("2019-03-01", "2020-10-31", (397, 397), source=None, offset=k) for k in range(100)]
    inner = claim("2019-03-21", "2020-04-20", (150, 150), offset=200)
    [(kind, ixs, delta)] = run([*totals, inner], events)
    assert (kind, ixs, delta) == ("incidents-exceed-claim", [*range(100), 100], 106)


def test_each_figure_is_compared_with_a_bounded_number_of_others(monkeypatch):
    """A thousand different counts for one tally: each meets MAX_PARTNERS later ones, not all of them."""
    calls = []
    monkeypatch.setattr(audit_module, "gap", lambda a, b: calls.append(1) or real_gap(a, b))
    claims = [claim("2023-01-01", "2023-12-31", (k, k), offset=k) for k in range(1000)]
    findings = run(claims)
    assert len(calls) <= audit_module.MAX_PARTNERS * len(claims)
    assert len(findings) == len(calls)  # every pair compared is a contradiction: no two counts meet
    assert findings[0] == ("contradiction", [0, 1], 1)


class CountingSpan(DateSpan):
    """A date span that counts how often its dates are read: the audit's unit of work."""

    reads = 0

    def __getattribute__(self, name):
        if name in ("start", "end"):
            CountingSpan.reads += 1
        return super().__getattribute__(name)


class CountingFigures(list):
    """An incident's figures, counting how often they are gone through."""

    reads = 0

    def __iter__(self):
        CountingFigures.reads += 1
        return super().__iter__()


def _block(b):
    """One article's worth of tallies, 4·b years after 2019: two contradictions, a sum mismatch and incidents
    that exceed a claim, and incidents of other people besides."""
    y, o = 2019 + 4 * b, 1000 * b

    def tally(start, end, count, source, party, status, offset):
        return Claim(CountingSpan(start, end, "period"), party, None, status, Count(count, count), source, None,
                     o + offset, f"line {o + offset}", quote=str(count))

    def incident(day, party, low, k):
        return Event(f"e{b}-{k}", None, o, "x", CountingSpan(day, day, "day"), None,
                     casualties=CountingFigures([CasualtyFigure(party, None, "wounded", Count(low, low))]))

    claims = [tally(f"{y}-01-01", f"{y}-12-31", 412, "SOHR", "IS", "killed", 1),
              tally(f"{y}-01-01", f"{y}-12-31", 417, "SOHR", "IS", "killed", 2),
              tally(f"{y}-01-01", f"{y + 2}-12-31", 1611, "SOHR", "pro-government", "killed", 3),
              tally(f"{y}-03-21", f"{y + 2}-12-31", 1610, "SOHR", "pro-government", "killed", 4),
              *(tally(f"{y + k}-01-01", f"{y + k}-12-31", n, "UN", "civilians", "killed", 5)
                for k, n in enumerate((166, 46, 58))),
              tally(f"{y}-03-01", f"{y + 2}-12-31", 250, None, "civilians", "killed", 6),
              tally(f"{y}-03-01", f"{y + 1}-10-31", 397, None, "IS", "wounded", 7),
              tally(f"{y}-03-21", f"{y + 1}-04-20", 150, "SOHR", "IS", "wounded", 8)]
    events = [incident(f"{y + 1}-{day}", "IS", n, k) for k, (day, n) in enumerate((("04-09", 21), ("07-05", 26),
                                                                                     ("08-20", 327)))]
    events += [incident(f"{y + k % 3}-{1 + k:02d}-15", "SDF", k, 3 + k) for k in range(10)]
    return claims, events


def _blocks(n):
    claims, events = [], []
    for b in range(n):
        more_claims, more_events = _block(b)
        claims += more_claims
        events += more_events
    return claims, events


def _work(n):
    CountingSpan.reads = CountingFigures.reads = 0
    claims, events = _blocks(n)
    findings = audit([("d", c) for c in claims], [("d", e) for e in events])
    return CountingSpan.reads + CountingFigures.reads, findings


def test_the_audit_of_many_articles_is_each_articles_audit_and_grows_linearly():
    claims, events = _block(0)
    assert sorted(run(claims, events)) == [("contradiction", [0, 1], 5), ("contradiction", [2, 3], 1),
                                           ("incidents-exceed-claim", [8, 9], 106), ("sum-mismatch", [7, 4, 5, 6], 20)]
    small, _ = _work(40)
    work, findings = _work(320)
    assert work <= 8 * small * 1.5  # a pairwise audit does about 64 times the work for 8 times the ledger
    size = len(claims)
    expected = []
    for b in range(320):
        for f in audit([("d", c) for c in _block(b)[0]], [("d", e) for e in _block(b)[1]]):
            expected.append((f.kind, [b * size + i for i in f.claims], f.delta, f.events))
    assert sorted(expected) == sorted((f.kind, f.claims, f.delta, f.events) for f in findings)
