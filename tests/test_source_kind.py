"""The kind of teller behind a figure's or a claim's source (``source_kind``): extracted, written in the JSON,
stored in the ledger and exported."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import warledger
from warledger.data import load_yaml
from warledger.export import export
from warledger.extract.mentions.sources import canonical_source, source_kind
from warledger.extract.pipeline import extract
from warledger.ledger.schema import MIGRATIONS
from warledger.model import CasualtyFigure, LedgerDocument, SourceKind, ledger_from_dict, to_dict
from warledger.read import read_string

SOHR_REPORT = "On 3 January 2021, IS militants killed 15 civilians near Ithriya, according to SOHR."
INFOBOX = """= Battle of Tabqa =

- Conflict: Battle of Tabqa
- Date: 2017
- Combatant1: Syrian Democratic Forces
- Combatant2: Islamic State
- Casualties1: 120 killed (per Jane's Defence Weekly)
- Casualties2: 300 killed (per SOHR)
- Casualties3: 45 civilians killed

==Battle==
The SDF took the dam in May 2017.
"""


def _extract(text: str, fmt: str = "text") -> LedgerDocument:
    return extract(read_string(text, "r", fmt=fmt).documents[0])


def _figures(text: str) -> list[CasualtyFigure]:
    return [f for e in _extract(text).events for f in e.casualties]


@pytest.mark.parametrize(("text", "source", "kind"), [
    (SOHR_REPORT, "SOHR", "monitor"),
    ("On 5 March 2018, the Syrian army said it had killed 20 IS militants near al-Sukhnah.", "Syrian military",
     "military"),
    ("On 2 May 2019, IS fighters killed 14 PMF members near Baiji, the Security Media Cell said.", "Iraqi military",
     "military"),
    ("On 4 June 2019, a car bomb killed 12 civilians in Deir ez-Zor, SANA reported.", "Syrian state media",
     "government"),
    ("On 2 May 2019, an IS attack killed 6 soldiers near Palmyra, Amaq claimed.", "IS", "armed-group"),
    ("On 2 May 2019, an airstrike killed nine civilians in Raqqa, health officials said.", "medical sources",
     "medical"),
    ("On 2 May 2019, an airstrike killed nine civilians in Raqqa, a hospital source said.", "medical sources",
     "medical"),
    ("On 2 May 2019, an airstrike killed nine civilians in Idlib, according to the Directorate of Health.",
     "medical sources", "medical"),
    ("On 2 May 2019, an airstrike killed nine civilians in Idlib, the White Helmets said.", "White Helmets", "ngo"),
    ("On 2 May 2019, an airstrike killed nine civilians in Idlib, the UN said.", "UN", "un"),
    ("On 2 May 2019, an airstrike killed nine civilians in Idlib, Reuters reported.", "Reuters", "media"),
    ("On 2 May 2019, an airstrike killed nine civilians in Raqqa, local residents said.", "local residents", "other"),
    ("On 2 May 2019, an airstrike killed nine civilians in Raqqa.", None, None),
])
def test_a_figure_carries_the_kind_of_its_teller(text, source, kind):
    figures = _figures(text)
    assert figures and all((f.source, f.source_kind) == (source, kind) for f in figures)


def test_claims_carry_the_kind_also_when_the_source_is_inherited():
    ledger = _extract("In 2022, SOHR documented 264 pro-government fighters killed in the Syrian Desert. "
                      "166 IS members were also killed.")
    assert [(c.count.low, c.source, c.source_kind, c.source_inherited) for c in ledger.claims] == [
        (264, "SOHR", "monitor", False), (166, "SOHR", "monitor", True)]


def test_infobox_claims_carry_the_kind_and_an_unknown_teller_the_kind_its_words_say():
    claims = _extract(INFOBOX, fmt="wiki-plaintext").claims
    assert [(c.count.low, c.source, c.source_kind) for c in claims] == [
        (120, "Jane's Defence Weekly", "media"), (300, "SOHR", "monitor"), (45, None, None)]


@pytest.mark.parametrize(("teller", "kind"), [
    ("the transport ministry", "government"), ("provincial officials", "government"), ("hospital sources", "medical"),
    ("the defence ministry", "military"), ("a regional newspaper", "media"), ("residents", "other")])
def test_a_teller_the_lexicon_does_not_know_takes_the_kind_its_words_say(teller, kind):
    assert source_kind(teller) == kind


def test_every_lexicon_entry_has_a_kind_of_the_contract():
    kinds = typing.get_args(SourceKind)
    data = load_yaml("sources.yaml")
    assert all(entry["kind"] in kinds for entry in data["sources"])
    assert set(data["kind_words"]) <= set(kinds)
    # every canonical name the reader can give (claimants, a theatre's army) is an entry, never "other"
    names = {entry["source"] for entry in data["sources"]}
    assert set(data["claimants"].values()) | set(data["theatre_military"].values()) <= names
    assert source_kind(canonical_source("the Syrian Observatory for Human Rights")) == "monitor"
    assert source_kind("a teller nobody listed") == "other" and source_kind(None) is None


def test_json_writes_the_kind_where_a_source_is_named_and_reads_it_back():
    ledger = _extract(SOHR_REPORT + " Four soldiers were killed near Palmyra on 9 January 2021.")
    data = json.loads(json.dumps(to_dict(ledger)))
    figures = [f for e in data["events"] for f in e["casualties"]]
    assert figures[0]["source"] == "SOHR" and figures[0]["source_kind"] == "monitor"
    assert figures[-1]["source"] is None and "source_kind" not in figures[-1]  # null: left out, like subset_of
    again = ledger_from_dict(data)
    assert again == ledger and again.events[0].casualties[0].source_kind == "monitor"


def _ingest(led, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert led.ingest(path).new == 1


def test_the_ledger_stores_and_reads_the_kind(led, tmp_path):
    _ingest(led, tmp_path, "report.txt", SOHR_REPORT)
    _ingest(led, tmp_path, "tabqa.txt", INFOBOX)
    figure = led.events(doc="report")[0].casualties[0]
    assert (figure.source, figure.source_kind) == ("SOHR", "monitor")
    claims = [c for _, c in led.claims("tabqa")]
    assert [c.source_kind for c in claims] == ["media", "monitor", None]
    assert to_dict(led.document("report").events) == to_dict(_extract(SOHR_REPORT).events)


def test_rows_stored_before_the_column_read_as_no_kind(led, tmp_path):
    assert "0009_source_kind" in [name for name, _ in MIGRATIONS]
    _ingest(led, tmp_path, "report.txt", SOHR_REPORT)
    led.store.execute("UPDATE figures SET source_kind = NULL")  # as 0009 leaves the rows of an older ledger
    led.store.conn.commit()
    figure = led.events()[0].casualties[0]
    assert figure.source == "SOHR" and figure.source_kind is None
    assert "source_kind" not in to_dict(figure)


def test_exports_carry_the_kind(tmp_path):
    led = warledger.open(tmp_path / "ledger.db")
    try:
        _ingest(led, tmp_path, "report.txt", SOHR_REPORT)
        export(led, "parquet", tmp_path / "x.parquet")
        rows = pq.read_table(tmp_path / "x.parquet").to_pylist()
        assert rows[0]["casualties"][0]["source_kind"] == "monitor"
        export(led, "json", tmp_path / "x.json")
        docs = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
        assert docs[0]["events"][0]["casualties"][0]["source_kind"] == "monitor"
        export(led, "geojson", tmp_path / "x.geojson")  # Ithriya is geocoded: the incident is a point
        features = json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))["features"]
        assert features[0]["properties"]["source_kinds"] == "monitor"
    finally:
        led.close()
