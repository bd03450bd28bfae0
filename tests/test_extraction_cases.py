"""Extraction on test cases written as data (tests/cases/**/*.yaml).

Each case is a short text with the events, casualty figures and claims a
careful reader takes from it. Figures are compared as multisets on (party,
status, low, high), plus group, source and subset where the case gives them;
a case's figures must all be found and no others. Cases in ``core`` files must
all pass; over the whole corpus the pass rate must stay at the target.
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
PASS_RATE = 0.90


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.rglob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append((f"{path.stem}:{case['name']}", case))
    return out


CASES = load_cases()
CORE = [(name, case) for name, case in CASES if name.startswith("core")]


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
             "source": f.source, "subset_of": f.subset_of} for e in ledger.events for f in e.casualties]


def _figure_problems(expected: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[str]:
    want, got = Counter(map(_key, expected)), Counter(map(_key, predicted))
    problems = [f"missing figure {k}" for k in (want - got).elements()]
    problems += [f"unexpected figure {k}" for k in (got - want).elements()]
    for fig in expected:
        match = next((p for p in predicted if _key(p) == _key(fig)), None)
        for attr in ("group", "source", "subset_of"):
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
            continue  # reported as missing figures
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


@pytest.mark.parametrize("name, case", CORE, ids=[n for n, _ in CORE])
def test_core_case(name, case):
    assert case_problems(case) == []


def test_case_corpus_pass_rate():
    results = {name: case_problems(case) for name, case in CASES}
    passed = sum(1 for p in results.values() if not p)
    failures = "\n".join(f"{n}: {p}" for n, p in results.items() if p)
    assert len(CASES) >= 40
    assert passed / len(CASES) >= PASS_RATE, f"{passed}/{len(CASES)} cases pass\n{failures}"


def test_every_quote_is_its_span_in_the_text():
    for _, case in CASES:
        ledger = run_case(case)
        text = f"## {case['section']}\n{case['text']}" if case.get("section") else case["text"]
        for event in ledger.events:
            assert text[event.offset:event.offset + len(event.text)] == event.text
            for fig in event.casualties:
                assert text[fig.quote_offset:fig.quote_offset + len(fig.quote)] == fig.quote
