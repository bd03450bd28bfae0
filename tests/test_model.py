"""The data model's JSON round-trip, on generated and on real values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.model import (
    SCHEMA,
    CasualtyFigure,
    Claim,
    ConflictRecord,
    Count,
    DateSpan,
    Event,
    Finding,
    LedgerDocument,
    Place,
    Unit,
    from_dict,
    ledger_from_dict,
    to_dict,
)

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "000_236a5c723bb0497d.json"

counts = st.builds(Count, st.none() | st.integers(0, 10**6), st.none() | st.integers(0, 10**6), st.booleans())
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
opt_words = st.none() | words
dates = st.builds(DateSpan, st.none() | st.dates().map(str), st.none() | st.dates().map(str),
                  st.sampled_from(["day", "days", "month", "part-of-month", "season", "year", "period"]),
                  st.booleans())
places = st.builds(Place, opt_words, opt_words, st.none() | st.floats(-90, 90), st.none() | st.floats(-180, 180),
                   st.sampled_from(["site", "town", "admin1", "unknown"]), opt_words, st.none() | st.integers(0))
figures = st.builds(CasualtyFigure, opt_words, opt_words, st.sampled_from(["killed", "wounded", "missing"]),
                    counts, opt_words, opt_words, st.none() | st.integers(0), st.none() | st.integers(0))
events = st.builds(Event, words, opt_words, st.integers(0), words, st.none() | dates, st.none() | places,
                   opt_words, opt_words, st.lists(words, max_size=3), st.lists(figures, max_size=3),
                   st.lists(words, max_size=2))
claims = st.builds(Claim, st.none() | dates, opt_words, opt_words, st.just("killed"), counts, opt_words, opt_words,
                   st.integers(0), words)
findings = st.builds(Finding, st.sampled_from(["contradiction", "overlap"]), st.lists(st.integers(0, 50)), words,
                     st.none() | st.integers())
units = st.recursive(st.builds(Unit, words), lambda kids: st.builds(Unit, words, st.lists(kids, max_size=3)),
                     max_leaves=8)


@settings(max_examples=60)
@given(events=st.lists(events, max_size=3), claims=st.lists(claims, max_size=3),
       findings=st.lists(findings, max_size=2), units=st.lists(units, max_size=2))
def test_ledger_round_trips_through_json(events, claims, findings, units):
    from warledger.model import DocumentInfo, Side

    conflict = ConflictRecord(name="X", sides=[Side(index=1, units=units)])
    ledger = LedgerDocument(DocumentInfo("d", "T", "text"), conflict, events, claims, findings)
    data = json.loads(json.dumps(to_dict(ledger)))
    assert data["schema"] == SCHEMA
    assert ledger_from_dict(data) == ledger


def test_required_keys_are_written_even_when_empty():
    fig = to_dict(CasualtyFigure("IS", None, "killed", Count(9, 9)))
    assert fig == {"party": "IS", "group": None, "status": "killed", "count": {"low": 9, "high": 9}, "source": None}


def test_wrong_schema_is_refused():
    with pytest.raises(ValueError, match="not a warledger/1 document"):
        ledger_from_dict({"schema": "other/2"})


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold file not beside the repository")
def test_the_gold_file_reads_into_the_model_and_back():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    ledger = ledger_from_dict(gold)
    assert len(ledger.events) == len(gold["events"])
    again = to_dict(ledger)
    assert again["conflict"]["sides"][0]["commanders"] == gold["conflict"]["sides"][0]["commanders"]
    assert [e["casualties"] for e in again["events"]] == [
        [{k: f[k] for k in again["events"][i]["casualties"][j]} for j, f in enumerate(e["casualties"])]
        for i, e in enumerate(gold["events"])]
    assert from_dict(Count, gold["conflict"]["total_casualties"]) == Count(4859, 4859)
