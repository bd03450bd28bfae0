"""Stored incidents: the same partition whatever the order documents arrive in, stable ids, merges and
splits, and totals, the timeline, the map and findings answered in SQL, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import random
import warnings
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

import warledger
from warledger.audit import audit
from warledger.extract.pipeline import extract
from warledger.ledger.dedup import footprint, match
from warledger.ledger.estimates import estimate_reports, incident_estimate
from warledger.ledger.schema import DERIVED
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
from warledger.read import read_path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from warledger.web.api import create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
BY = [("year", "party"), ("month", "party"), ("party",), ("admin1", "status"), ("year", "admin1", "party", "status"),
      ("status",), ("source",), ("year", "source", "party"), ("admin1", "source", "status")]
Ledgered = list[tuple[Document, LedgerDocument]]


@pytest.fixture(scope="module")
def corpus() -> Ledgered:
    """The bundled example, the wikitext fixtures and every report of tests/reports, read and extracted once."""
    paths = [EXAMPLE, *sorted((ROOT / "tests/fixtures/wikitext").iterdir()),
             *sorted((ROOT / "tests/reports").glob("*.jsonl"))]
    return [(doc, extract(doc)) for path in paths for doc in read_path(path).documents]


def _put(led: warledger.Ledger, docs: Iterable[tuple[Document, LedgerDocument]]) -> None:
    for doc, ledger in docs:
        led.store.put(doc, ledger)


def _partition(led: warledger.Ledger) -> set[frozenset[str]]:
    return {frozenset(i.events) for i in led.incidents()}


def _estimates(led: warledger.Ledger) -> dict[frozenset[str], list[tuple[Any, ...]]]:
    """Each incident's estimates under both policies, by its events."""
    out: dict[frozenset[str], list[tuple[Any, ...]]] = defaultdict(list)
    for policy in ("conservative", "median"):
        for i in led.incidents(policy):
            out[frozenset(i.events)] += sorted((e.party or "", e.status, e.low, e.best, e.high, *e.sources)
                                               for e in i.estimates)
    return out


def _ids(led: warledger.Ledger) -> dict[frozenset[str], str]:
    return {frozenset(i.events): i.id for i in led.incidents()}


# --- the reference: every pair compared, and the Python totals warledger computed before it stored incidents ----


def _components(pairs: list[tuple[str, Event]]) -> list[list[tuple[str, Event]]]:
    """The incidents ``dedup.match`` makes, comparing every pair; each in member order (its anchor first)."""
    prints = [footprint(doc, event) for doc, event in pairs]
    parent = list(range(len(pairs)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in combinations(range(len(pairs)), 2):
        if match(prints[i], prints[j]) is not None:
            parent[root(i)] = root(j)
    groups: dict[int, list[tuple[str, Event]]] = defaultdict(list)
    for i, pair in enumerate(pairs):  # pairs come in document and text order
        groups[root(i)].append(pair)
    return [sorted(g, key=lambda de: ((de[1].date.start if de[1].date else None) or "9999", de[0]))
            for g in groups.values()]


def _keys(event: Event, party: str | None, status: str, source: str | None, by: tuple[str, ...]) -> tuple[Any, ...]:
    start = (event.date.start if event.date else None) or ""
    values = {"year": start[:4] or None, "month": start[:7] or None, "party": party,
              "admin1": event.place.admin1 if event.place else None, "source": source, "status": status}
    return tuple(values[k] for k in by)


def _reference_totals(pairs: list[tuple[str, Event]], by: tuple[str, ...], status: str | None, policy: str,
                      keep: Any = lambda event: True) -> list[dict[str, Any]]:
    """``totals.totals`` as it was computed in Python before incidents were stored, over the incidents every
    pair's match makes (an incident's reports: one per document); ``keep`` picks incidents by their anchor
    (by source: reports by their event)."""
    rows: list[tuple[tuple[Any, ...], tuple[int, int, int | None]]] = []
    if "source" in by:
        for _, event in filter(lambda de: keep(de[1]), pairs):
            groups: dict[tuple[Any, ...], list[CasualtyFigure]] = defaultdict(list)
            for fig in event.casualties:
                if fig.subset_of is None and status in (None, fig.status):
                    groups[(fig.party, fig.status, fig.source)].append(fig)
            rows += [(_keys(event, *k, by), incident_estimate(figs, policy)) for k, figs in groups.items()]
    else:
        for group in filter(lambda g: keep(g[0][1]), _components(pairs)):
            reports: dict[tuple[Any, ...], dict[str, list[CasualtyFigure]]] = defaultdict(lambda: defaultdict(list))
            for doc, event in group:
                for fig in event.casualties:
                    if fig.subset_of is None:
                        reports[(fig.party, fig.status)][doc].append(fig)
            rows += [(_keys(group[0][1], party, st, None, by), estimate_reports(list(figs.values()), policy))
                     for (party, st), figs in reports.items() if status in (None, st)]
    sums: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, 0, 0, 0])
    for key, (low, best, high) in rows:
        acc = sums[key]
        acc[0], acc[1], acc[3] = acc[0] + low, acc[1] + best, acc[3] + 1
        acc[2] = None if high is None or acc[2] is None else acc[2] + high
    return [{**dict(zip(by, key, strict=True)), "low": v[0], "best": v[1], "high": v[2], "estimates": v[3]}
            for key, v in sorted(sums.items(), key=lambda kv: tuple(str(x) for x in kv[0]))]


@pytest.fixture(scope="module")
def stored(corpus, tmp_path_factory) -> warledger.Ledger:
    """The corpus stored in a SQLite ledger, in the order read."""
    led = warledger.open(tmp_path_factory.mktemp("stored") / "ledger.db")
    _put(led, corpus)
    yield led
    led.close()


def test_stored_incidents_are_the_components_of_the_match_relation(stored):
    expected = _components(stored.store.events_with_documents())
    assert _partition(stored) == {frozenset(f"{d}:{e.id}" for d, e in g) for g in expected}
    anchors = {frozenset(f"{d}:{e.id}" for d, e in g): f"{g[0][0]}:{g[0][1].id}" for g in expected}
    assert all(i.events[0] == anchors[frozenset(i.events)] for i in stored.incidents())
    assert any(len(g) > 2 for g in expected)  # the corpus has incidents told three times and more


@pytest.mark.parametrize("by", BY, ids=",".join)
def test_sql_totals_equal_the_python_totals(stored, by):
    pairs = stored.store.events_with_documents()
    for policy in ("conservative", "median"):
        for status in ("killed", None):
            assert stored.totals(by, status, policy) == _reference_totals(pairs, by, status, policy)


FILTERED = {  # filters: the first and last day they keep
    "a year": ({"year": 2016}, "2016-01-01", "2016-12-31"),
    "days inside months": ({"date_from": "2016-03-02", "date_to": "2019-11-15"}, "2016-03-02", "2019-11-15"),
    "a governorate": ({"admin1": "Homs"}, None, None),
    "a party up to a month's end": ({"party": "IS", "date_to": "2018-06-30"}, None, "2018-06-30"),
}


@pytest.mark.parametrize("name", FILTERED)
def test_filtered_totals_from_running_sums_or_rows_equal_the_python_totals(stored, name):
    """Month-aligned filters read the running totals, others the rows: both give the reference's sums, over
    the incidents whose first report (by source: the reports) falls in the range and governorate."""
    filters, first, last = FILTERED[name]

    def keep(event: Event) -> bool:
        day = event.date.start if event.date else None
        in_range = (first is None or (day or "") >= first) and (last is None or (day or "9999") <= last)
        return in_range and filters.get("admin1") in (None, event.place and event.place.admin1)

    pairs = stored.store.events_with_documents()
    for by in (("year", "party"), ("source", "party")):
        expected = [r for r in _reference_totals(pairs, by, "killed", "median", keep)
                    if filters.get("party") in (None, r["party"])]
        assert stored.totals(by, "killed", "median", **filters) == expected


def test_a_source_filter_sums_that_sources_own_figures_and_a_type_filter_the_incidents_of_that_type(stored):
    by_source = {r["source"]: r for r in stored.totals(("source",), "killed")}
    source = max((s for s in by_source if s), key=lambda s: by_source[s]["best"])
    (only,) = stored.totals((), "killed", source=source)
    assert (only["low"], only["best"], only["estimates"]) == tuple(by_source[source][k] for k in ("low", "best",
                                                                                                   "estimates"))
    types = {e.type for e in stored.events() if e.type}
    for kind in sorted(types)[:3]:
        total, incidents = stored.incident_page(limit=100_000, type=kind)
        anchors = {i.events[0] for i in incidents}
        expected = sum(e.best for i in incidents for e in i.estimates if e.status == "killed")
        got = sum(r["best"] for r in stored.totals(("party",), "killed", type=kind))
        assert total == len(incidents) and got == expected and anchors
        assert all(stored.incident(i.id)[0].events[0] in anchors for i in incidents[:5])


def test_shuffled_ingest_gives_the_same_incidents_and_estimates(corpus, stored, tmp_path):
    expected, estimates = _partition(stored), _estimates(stored)
    totals = {by: stored.totals(by, None, "median") for by in BY}
    for seed in (1, 2):
        docs = list(corpus)
        random.Random(seed).shuffle(docs)
        with warledger.open(tmp_path / f"shuffled-{seed}.db") as led:
            _put(led, docs)
            assert _partition(led) == expected
            assert _estimates(led) == estimates
            assert {by: led.totals(by, None, "median") for by in BY} == totals


def test_documents_taken_out_and_put_back_leave_the_same_incidents(corpus, stored, tmp_path):
    """Replacing documents by versions without events and then by themselves again re-splits and re-merges
    their incidents back to the partition of a straight ingest, with the same running totals."""
    docs = list(corpus)
    random.Random(3).shuffle(docs)
    with warledger.open(tmp_path / "replaced.db") as led:
        _put(led, docs)
        for doc, ledger in docs[:300]:
            empty = LedgerDocument(ledger.document, None, [], [])
            led.store.put(Document(doc.id, doc.title, doc.format, doc.text + " (withdrawn)"), empty)
        _put(led, docs[:300])
        assert _partition(led) == _partition(stored)
        assert _estimates(led) == _estimates(stored)
        assert [led.totals(by) for by in BY] == [stored.totals(by) for by in BY]


# --- ids: stable, merged into the oldest, split off to the largest part ------------------------------------------


def _report(doc_id: str, day: str, place: tuple[str, str] = ("Palmyra", "Homs"), killed: int = 5,
            party: str = "IS") -> tuple[Document, LedgerDocument]:
    """A one-event report: ``killed`` of ``party`` on ``day`` at ``place``, told by SOHR."""
    event = Event("e-001", None, 0, "x", DateSpan(day, day, "day"), Place(*place, 34.55, 38.27, "town"),
                  "Battles", "Armed clash", casualties=[CasualtyFigure(party, None, "killed", Count(killed, killed),
                                                                       "SOHR")])
    text = f"{doc_id}: {killed} {party} killed at {place[0]} on {day}."
    return Document(doc_id, doc_id, "text", text), LedgerDocument(DocumentInfo(doc_id, doc_id, "text"), None, [event])


def test_ids_stay_stable_when_an_unrelated_document_arrives(led):
    _put(led, [_report("a", "2020-05-01"), _report("b", "2020-05-03"), _report("d", "2021-01-01")])
    before = _ids(led)
    assert sorted(before.values()) == ["i-000001", "i-000002", "i-000003"]
    _put(led, [_report("e", "2022-07-07", ("Hama", "Hama"))])
    after = _ids(led)
    assert {k: v for k, v in after.items() if k in before} == before
    assert after[frozenset({"e:e-001"})] == "i-000004"
    _put(led, [_report("d", "2021-01-01", killed=6)])  # replaced: its event takes its old incident back
    assert _ids(led)[frozenset({"d:e-001"})] == before[frozenset({"d:e-001"})]
    assert led.incident("i-000003")[0].estimates[0].best == 6


def test_merging_keeps_the_older_id_and_records_the_other(led):
    """b and b2 (two reports of 3 May) make i-000002; c (2 May) matches a (1 May) and them: one incident, the
    older id i-000001, kept on b's rows (the larger incident's), and i-000002 recorded as merged into it."""
    _put(led, [_report("a", "2020-05-01"), _report("b", "2020-05-03", killed=7), _report("b2", "2020-05-03"),
               _report("c", "2020-05-02")])
    [merged] = led.incidents()
    assert merged.id == "i-000001"
    assert merged.events == ["a:e-001", "c:e-001", "b:e-001", "b2:e-001"]  # by date, then document
    assert len(merged.merges) == 3 and all("same place Palmyra" in m.matched for m in merged.merges)
    assert (merged.estimates[0].low, merged.estimates[0].best, merged.estimates[0].high) == (5, 5, 7)
    incident, ids = led.incident("i-000002")
    assert incident.id == "i-000001" and [m["id"] for m in ids] == ["i-000002"]
    assert ids[0]["event"] == "c:e-001" and "shared party IS" in ids[0]["reasons"]
    assert led.incident("i-000009") is None and led.incident("e-001") is None


def test_replacing_a_document_re_merges_only_its_incidents(led):
    _put(led, [_report("a", "2020-05-01"), _report("b", "2020-05-03"), _report("b2", "2020-05-03"),
               _report("c", "2020-05-02"), _report("d", "2021-01-01")])
    untouched = led.store.rows("SELECT * FROM incidents WHERE number = 3")
    _put(led, [_report("c", "2020-05-02", ("Raqqa", "Raqqa"))])  # c moves away: a and b, b2 part
    ids = _ids(led)
    assert ids[frozenset({"b:e-001", "b2:e-001"})] == "i-000001"  # the largest part keeps the id
    assert ids[frozenset({"a:e-001"})] == "i-000004" and ids[frozenset({"c:e-001"})] == "i-000005"
    assert led.incident("i-000002")[0].id == "i-000001"  # merged before, it still resolves
    assert led.store.rows("SELECT * FROM incidents WHERE number = 3") == untouched  # d's incident: not touched
    _put(led, [_report("c", "2020-05-02")])  # back: the three merge again, under the oldest id
    assert _ids(led)[frozenset({"a:e-001", "b:e-001", "b2:e-001", "c:e-001"})] == "i-000001"
    assert {m["id"] for m in led.incident("i-000001")[1]} == {"i-000002", "i-000004"}
    assert led.incident("i-000005") is None  # c's own incident, left empty when it merged: gone


def test_merged_totals_count_each_incident_once(led):
    _put(led, [_report("a", "2020-05-01"), _report("b", "2020-05-03", killed=7), _report("c", "2020-05-02")])
    assert led.totals(("year", "party")) == [{"year": "2020", "party": "IS", "low": 5, "best": 5, "high": 7,
                                             "estimates": 1}]
    assert led.totals(("source",)) == [{"source": "SOHR", "low": 17, "best": 17, "high": 17, "estimates": 3}]
    assert [(p["place"], p["best"], p["estimates"]) for p in led.places()] == [("Palmyra", 5, 1)]


# --- both backends, findings, migration, API ------------------------------------------------------------------


def _answers(led: warledger.Ledger, ids: bool = True) -> dict[str, Any]:
    """What the ledger answers (or without incident ids and merges, which follow the order documents were
    stored in: an id is given when an incident is made, a merge is recorded as the event that made it came)."""
    incidents = {policy: [{**to_dict(i), **({} if ids else {"id": None, "merges": None})}
                          for i in led.incidents(policy)] for policy in ("conservative", "median")}
    return {"incidents": incidents,
            "totals": [led.totals(by, None, policy) for by in BY for policy in ("conservative", "median")],
            "timeline": led.timeline(), "places": led.places(), "findings": to_dict(led.audit())}


def test_postgres_and_sqlite_give_the_same_incidents_totals_and_findings(corpus, stored, pg_url):
    with warledger.open(pg_url) as led:
        _put(led, corpus)
        assert _answers(led) == _answers(stored)


def test_stored_findings_are_the_audit_and_follow_changed_claims(corpus, tmp_path):
    with warledger.open(tmp_path / "findings.db") as led:
        _put(led, corpus)

        def whole_audit() -> list[dict[str, Any]]:
            return to_dict(audit(led.claims(), led.store.events_with_documents()))

        assert to_dict(led.audit()) == whole_audit() and len(led.audit()) >= 8
        with led.store.findings_deferred():  # as an ingest stores documents: noted, then audited once
            _put(led, [(Document(d.id, d.title, d.format, d.text + " again"), ledger) for d, ledger in corpus[:7]])
            assert led.store.rows("SELECT COUNT(*) AS n FROM findings_stale")[0]["n"] > 0
        assert to_dict(led.audit()) == whole_audit()
        assert led.store.rows("SELECT COUNT(*) AS n FROM findings_stale")[0]["n"] == 0
        doc, ledger = copy.deepcopy(corpus[0])
        ledger.claims[0].count = Count(1, 1)  # a claim changes: a contradiction more, or one fewer
        led.store.put(Document(doc.id, doc.title, doc.format, doc.text + " "), ledger)
        assert to_dict(led.audit()) == whole_audit()
        led.store.put(doc, LedgerDocument(ledger.document, None, [], []))  # its claims gone: their findings too
        assert to_dict(led.audit()) == whole_audit()


def test_a_ledger_from_before_stored_incidents_gets_them_on_opening(corpus, stored, tmp_path):
    path = tmp_path / "old.db"
    with warledger.open(path) as led:
        _put(led, corpus)
        for table in ("findings", "incident_merged", "incident_estimates", "incident_members", "incidents",
                      "findings_stale", "incident_totals", "party_totals", "place_totals", "source_totals", "counters"):
            led.store.execute(f"DROP TABLE {table}")
        led.store.execute("DROP INDEX claims_line")
        led.store.execute(f"DELETE FROM migrations WHERE name IN ({', '.join('?' for _ in DERIVED)})", tuple(DERIVED))
        led.store.conn.commit()
    with warledger.open(path) as led:
        assert _answers(led, ids=False) == _answers(stored, ids=False)


def test_api_answers_from_the_stored_incidents(tmp_path):
    db = str(tmp_path / "api.db")
    with warledger.open(db) as led:
        _put(led, [_report("a", "2020-05-01"), _report("b", "2020-05-03"), _report("b2", "2020-05-03"),
                   _report("c", "2020-05-02"), _report("d", "2021-01-01", ("Hama", "Hama"), killed=3)])
    client = TestClient(create_app(db))
    page = client.get("/api/incidents", params={"limit": 1}).json()
    assert (page["total"], page["items"][0]["id"], len(page["items"][0]["events"])) == (2, "i-000001", 4)
    assert client.get("/api/incidents", params={"admin1": "Hama"}).json()["items"][0]["id"] == "i-000003"
    old = client.get("/api/incidents/i-000002").json()
    assert old["id"] == "i-000001" and old["merged"][0]["id"] == "i-000002"
    assert client.get("/api/incidents/i-000099").status_code == 404
    timeline = client.get("/api/timeline", params={"from": "2020-01-01"}).json()
    assert [(r["month"], r["party"], r["best"]) for r in timeline] == [("2020-05", "IS", 5), ("2021-01", "IS", 3)]
    points = client.get("/api/map", params={"to": "2020-12-31"}).json()
    assert [(p["place"], p["lat"], p["best"]) for p in points] == [("Palmyra", 34.55, 5)]
    assert client.get("/api/totals", params={"from": "2021-01-01"}).json()[0]["best"] == 3
    assert client.get("/api/timeline", params={"from": "2021-02-30"}).status_code == 400
