"""Extraction on test cases written as data (tests/cases/*.yaml; tests/cases/README.md explains the tree).

Each case is a short text with the events, casualty figures and claims a
careful reader takes from it. Figures are compared as multisets on (party,
status, low, high), plus group, source and subset where the case gives them;
a case's figures must all be found and no others. Every case is its own test
(id ``file:name``) and must pass. A case the extractor gets wrong today carries
``xfail: "<reason>"`` and is a strict expected failure: when it starts passing,
the test fails until the ``xfail`` line is removed. There is no pass rate.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from warledger.extract.pipeline import extract
from warledger.model import LedgerDocument
from warledger.read import read_string

CASES_DIR = Path(__file__).parent / "cases"

# The keys a case may use (tests/cases/README.md describes each). Keys the runner reads are compared;
# the others (date end/precision, place, type, sub_type, a claim's period) are written down for readers and
# for later checks, and are not compared.
CASE_KEYS = {"name", "text", "date", "section", "events", "claims", "xfail"}
EVENT_KEYS = {"date", "admin1", "place", "type", "sub_type", "casualties"}
FIGURE_KEYS = {"party", "status", "low", "high", "group", "source", "subset_of", "attackers"}
CLAIM_KEYS = FIGURE_KEYS | {"period"}
DATE_KEYS = {"start", "end", "precision"}


def load_cases() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.rglob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append((path, case))
    return out


CASES = load_cases()


def case_id(path: Path, case: dict[str, Any]) -> str:
    return f"{path.stem}:{case['name']}"


def _params(with_xfail: bool) -> list[Any]:
    params = []
    for path, case in CASES:
        marks = []
        if with_xfail and case.get("xfail"):
            marks.append(pytest.mark.xfail(reason=str(case["xfail"]), strict=True))
        params.append(pytest.param(case, id=case_id(path, case), marks=marks))
    return params


def run_case(case: dict[str, Any]) -> LedgerDocument:
    text = case["text"]
    if case.get("section"):
        text = f"## {case['section']}\n{text}"
    date = str(case["date"]) if case.get("date") else None
    doc = read_string(text, case["name"], fmt="text", reference_date=date).documents[0]
    return extract(doc)


def _key(f: dict[str, Any]) -> tuple[Any, ...]:
    return (f.get("party"), f.get("status"), f.get("low"), f.get("high"))


def _pred_figures(ledger: LedgerDocument) -> list[dict[str, Any]]:
    return [{"party": f.party, "status": f.status, "low": f.count.low, "high": f.count.high, "group": f.group,
             "source": f.source, "subset_of": f.subset_of, "attackers": f.attackers}
            for e in ledger.events for f in e.casualties]


def _figure_problems(expected: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[str]:
    want, got = Counter(map(_key, expected)), Counter(map(_key, predicted))
    problems = [f"missing figure {k}" for k in (want - got).elements()]
    problems += [f"unexpected figure {k}" for k in (got - want).elements()]
    unused = list(predicted)  # figures of the same key are matched in the order told
    for fig in expected:
        match = next((p for p in unused if _key(p) == _key(fig)), None)
        if match is not None:
            unused.remove(match)
        for attr in ("group", "source", "subset_of", "attackers"):
            if match is not None and attr in fig and match[attr] != fig[attr]:
                problems.append(f"{_key(fig)}: {attr} {match[attr]!r}, expected {fig[attr]!r}")
    return problems


def _event_problems(expected: list[dict[str, Any]], ledger: LedgerDocument) -> list[str]:
    problems = []
    events = [e for e in ledger.events if e.casualties] or ledger.events
    for want in expected:
        figs = Counter(_key(f) for f in want.get("casualties") or [])
        event = next((e for e in events if Counter((f.party, f.status, f.count.low, f.count.high)
                                                   for f in e.casualties) == figs), None)
        if event is None:
            if figs:  # the figures may all be there, but told as another event's
                problems.append(f"no event holds exactly {sorted(figs.elements(), key=str)}")
            continue
        date = want.get("date") or {}
        if date.get("start") and (event.date is None or event.date.start != str(date["start"])):
            problems.append(f"date {event.date and event.date.start} != {date['start']}")
        if "admin1" in want and (event.place.admin1 if event.place else None) != want["admin1"]:
            problems.append(f"admin1 {event.place and event.place.admin1} != {want['admin1']}")
    if not expected and ledger.events:
        problems.append(f"unexpected events: {[e.text for e in ledger.events]}")
    return problems


def _claim_problems(expected: list[dict[str, Any]], ledger: LedgerDocument) -> list[str]:
    got = Counter((c.party, c.status, c.count.low, c.count.high) for c in ledger.claims)
    want = Counter(_key(c) for c in expected)
    return [f"missing claim {k}" for k in (want - got).elements()]


def case_problems(case: dict[str, Any]) -> list[str]:
    ledger = run_case(case)
    expected_events = case.get("events") or []
    expected_figures = [f for e in expected_events for f in e.get("casualties") or []]
    problems = _figure_problems(expected_figures, _pred_figures(ledger))
    if "events" in case:
        problems += _event_problems(expected_events, ledger)
    if case.get("claims"):
        problems += _claim_problems(case["claims"], ledger)
    return problems


@pytest.mark.parametrize("case", _params(with_xfail=True))
def test_case(case):
    assert case_problems(case) == []


@pytest.mark.parametrize("case", _params(with_xfail=False))
def test_every_quote_is_its_span_in_the_text(case):
    ledger = run_case(case)
    text = f"## {case['section']}\n{case['text']}" if case.get("section") else case["text"]
    for event in ledger.events:
        assert text[event.offset:event.offset + len(event.text)] == event.text
        for fig in event.casualties:
            assert text[fig.quote_offset:fig.quote_offset + len(fig.quote)] == fig.quote


def _schema_problems(where: str, case: dict[str, Any]) -> list[str]:
    problems = [f"{where}: unknown key {k!r}" for k in set(case) - CASE_KEYS]
    problems += [f"{where}: no {k!r}" for k in ("name", "text") if not case.get(k)]
    if "xfail" in case and not (isinstance(case["xfail"], str) and case["xfail"].strip()):
        problems.append(f"{where}: xfail must be a one-line reason, not {case['xfail']!r}")
    for event in case.get("events") or []:
        problems += [f"{where}: unknown event key {k!r}" for k in set(event) - EVENT_KEYS]
        problems += [f"{where}: unknown date key {k!r}" for k in set(event.get("date") or {}) - DATE_KEYS]
        for fig in event.get("casualties") or []:
            problems += [f"{where}: unknown figure key {k!r}" for k in set(fig) - FIGURE_KEYS]
    for claim in case.get("claims") or []:
        problems += [f"{where}: unknown claim key {k!r}" for k in set(claim) - CLAIM_KEYS]
        problems += [f"{where}: unknown period key {k!r}" for k in set(claim.get("period") or {}) - DATE_KEYS]
    return problems


def test_the_case_tree_is_one_tree_of_unique_names_and_known_keys():
    assert CASES, f"no cases under {CASES_DIR}"
    files: dict[str, list[str]] = {}
    for path in sorted(CASES_DIR.rglob("*.yaml")):
        files.setdefault(path.stem, []).append(str(path.relative_to(CASES_DIR)))
    problems = [f"file name {stem} used {len(paths)} times: {paths}" for stem, paths in files.items() if len(paths) > 1]
    names = Counter(case["name"] for _, case in CASES)
    problems += [f"case name {name} used {n} times" for name, n in names.items() if n > 1]
    for path, case in CASES:
        problems += _schema_problems(case_id(path, case), case)
    assert problems == []
