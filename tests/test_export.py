"""Exports of the seed ledger, read back with standard tools."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import warledger
from warledger.cli import app
from warledger.export import export

EXAMPLE = Path(__file__).resolve().parents[1] / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"


@pytest.fixture(scope="module")
def led(tmp_path_factory):
    ledger = warledger.open(tmp_path_factory.mktemp("x") / "ledger.db")
    ledger.ingest(EXAMPLE)
    yield ledger
    ledger.close()


SPEC = (Path(__file__).resolve().parents[2] / "shared/spec/exports.md")


def _codebook_columns(layout: str) -> list[str]:
    """The columns ``../shared/spec/exports.md`` lists for a layout, in order (the codebooks' own)."""
    text = SPEC.read_text(encoding="utf-8").split(f"## {layout}", 1)[1]
    listed = text.split("`", 1)[1].split("`", 1)[0]
    return [c.strip() for c in listed.split(",")]


def _killed_best(ledger) -> int:
    return sum(row["best"] for row in ledger.totals(by=("status",)) if row["status"] == "killed")


def test_ucdp_ged_has_the_codebooks_columns_one_row_per_deadly_incident(led, tmp_path):
    path = tmp_path / "ged.csv"
    n = export(led, "ucdp-ged", path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    if SPEC.is_file():
        assert list(rows[0])[:49] == _codebook_columns("UCDP GED")
    deadly = [i for i in led.incidents() if any(e.status == "killed" and (e.best or e.high != 0) for e in i.estimates)]
    assert n == len(rows) == len(deadly) < len(led.incidents())
    assert [r["id"] for r in rows] == [str(i) for i in range(1, n + 1)] and rows[0]["relid"].startswith("i-")
    assert sum(int(r["best"]) for r in rows) == _killed_best(led)  # the rows sum to `warledger totals`
    for r in rows:
        assert int(r["best"]) == sum(int(r[k]) for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"))
    outpost = next(r for r in rows if r["date_start"] == "2018-05-22")
    assert (outpost["side_a"], outpost["deaths_a"], outpost["low"], outpost["high"]) == (
        "pro-government", "16", "16", "30")
    assert outpost["adm_1"] == "Homs" and outpost["where_prec"] == "1" and outpost["date_prec"] == "1"
    assert (outpost["country"], outpost["country_id"], outpost["region"]) == ("Syria", "652", "Middle East")
    lon, lat = float(outpost["longitude"]), float(outpost["latitude"])
    assert outpost["geom_wkt"] == f"POINT({outpost['longitude']} {outpost['latitude']})"
    assert int(outpost["priogrid_gid"]) == (int((lat + 90) // 0.5)) * 720 + int((lon + 180) // 0.5) + 1


def test_acled_has_the_layouts_columns_and_names_publishers(led, tmp_path):
    path = tmp_path / "acled.csv"
    n = export(led, "acled", path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    if SPEC.is_file():
        assert list(rows[0])[:31] == _codebook_columns("ACLED")
    assert n == len(rows) == len(led.incidents())
    assert sum(int(r["fatalities"]) for r in rows) == _killed_best(led)
    bus = next(r for r in rows if r["event_date"] == "30 December 2020")
    assert bus["fatalities"] == "39" and bus["admin1"] == "Deir ez-Zor" and bus["time_precision"] == "1"
    assert (bus["iso"], bus["country"], bus["disorder_type"]) == ("760", "Syria", "Political violence")
    assert all(r["event_type"] for r in rows) and all(int(r["timestamp"]) > 1.6e9 for r in rows)
    documents = {d["id"] for d in led.documents()}
    assert not any(r["source"] in documents for r in rows)  # publishers, not the file the row came from
    outpost = next(r for r in rows if r["event_date"] == "22 May 2018")
    assert (outpost["inter1"], outpost["inter2"], outpost["interaction"]) == (
        "State forces", "Rebel group", "State forces-Rebel group")


def test_geojson_one_point_per_incident_with_flat_properties(led, tmp_path):
    path = tmp_path / "x.geojson"
    n = export(led, "geojson", path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == n > 10
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert 35 < lon < 43 and 32 < lat < 37
    ids = [f["properties"]["id"] for f in data["features"]]
    assert len(ids) == len(set(ids)) and all(i.startswith("i-") for i in ids)
    # QGIS shows a list or an object as a string: every property is a scalar
    assert all(not isinstance(v, (list, dict)) for f in data["features"] for v in f["properties"].values())


def test_parquet_has_typed_dates_and_each_reports_incident(led, tmp_path):
    import pyarrow as pa

    path = tmp_path / "events.parquet"
    n = export(led, "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == n == led.counts()["events"]
    assert table.schema.field("date_start").type == pa.date32()
    rows = table.to_pylist()
    assert sum(len(r["casualties"]) for r in rows) == led.counts()["figures"]
    assert {r["incident_id"] for r in rows} == {i.id for i in led.incidents()}


def test_json_documents_follow_the_contract(led, tmp_path):
    path = tmp_path / "ledger.json"
    export(led, "json", path)
    docs = json.loads(path.read_text(encoding="utf-8"))
    assert docs[0]["schema"] == "warledger/1" and len(docs[0]["findings"]) == 8


def test_cli_export_and_bad_format(led, tmp_path):
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    runner.invoke(app, ["ingest", str(EXAMPLE), "--db", db])
    ok = runner.invoke(app, ["export", "--format", "acled", "-o", str(tmp_path / "a.csv"), "--db", db])
    assert ok.exit_code == 0 and "wrote" in ok.stdout
    bad = runner.invoke(app, ["export", "--format", "xlsx", "-o", str(tmp_path / "a.x"), "--db", db])
    assert bad.exit_code == 2 and "unknown export format" in bad.stderr
    per_report = runner.invoke(app, ["export", "--format", "acled", "-o", str(tmp_path / "r.csv"), "--db", db,
                                     "--level", "report", "--policy", "median"])
    assert per_report.exit_code == 0 and f"wrote {led.counts()['events']} records" in per_report.stdout


# --- state parties (data/state_parties.yaml; docs/counting-policy.md, "State parties") ---------------------

SYRIA = ("On 9 June 2017, US-led coalition forces captured the village of al-Tanf in Syria from IS, killing 12 IS "
         "fighters.\n\nOn 3 March 2019, a US-led coalition airstrike on the village of Baghouz in Syria killed 15 IS "
         "fighters.\n\nOn 4 October 2021, clashes between the SDF and IS near Hajin in Syria killed 7 SDF fighters.\n")
IRAQ = ("On 12 March 2017, Iraqi forces recaptured the village of Badush, west of Mosul, from IS after clashes that "
        "killed 14 IS fighters.\n\nOn 2 May 2017, Iraqi forces backed by US-led coalition airstrikes clashed with IS "
        "in western Mosul, killing 20 IS fighters.\n")


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    folder = tmp_path_factory.mktemp("states")
    ledger = warledger.open(folder / "ledger.db")
    for name, text in (("syria.txt", SYRIA), ("iraq.txt", IRAQ)):
        (folder / name).write_text(text, encoding="utf-8")
        ledger.ingest(folder / name)
    yield ledger
    ledger.close()


def _rows(ledger, fmt, path, key):
    export(ledger, fmt, path)
    return {r[key]: r for r in csv.DictReader(path.open(encoding="utf-8"))}


def test_ucdp_ged_a_coalition_of_states_is_side_a(states, tmp_path):
    rows = _rows(states, "ucdp-ged", tmp_path / "ged.csv", "date_start")
    got = {d: (r["side_a"], r["side_b"], r["type_of_violence"]) for d, r in rows.items()}
    assert got["2017-06-09"] == got["2019-03-03"] == ("US-led coalition", "IS", "1")  # was IS's rival, type 2
    assert rows["2019-03-03"]["deaths_b"] == "15"
    assert got["2017-05-02"] == ("government", "IS", "1")  # the coalition is on the government's side
    assert got["2021-10-04"] == ("SDF", "IS", "2")  # no state: non-state conflict


def test_acled_only_the_government_regains_territory(states, tmp_path):
    rows = _rows(states, "acled", tmp_path / "acled.csv", "event_date")
    assert (rows["12 March 2017"]["sub_event_type"], rows["12 March 2017"]["actor1"]) == (
        "Government regains territory", "government")
    # a foreign state actor's capture (ACLED Codebook, "Non-state actor overtakes territory")
    assert (rows["09 June 2017"]["sub_event_type"], rows["09 June 2017"]["actor1"]) == (
        "Non-state actor overtakes territory", "US-led coalition")
    assert rows["09 June 2017"]["inter1"] == "External/Other forces"  # ACLED's Inter 8


def test_every_export_row_cites_the_wikipedia_article_it_quotes(led, tmp_path):
    # The example is a Wikipedia article (plain-text format): each row keeps its attribution.
    want = {"source_url": "https://en.wikipedia.org/wiki/Syrian_Desert_campaign_(2017%E2%80%932024)",
            "licence": "CC BY-SA 4.0"}
    for kind in ("ucdp-ged", "acled"):
        export(led, kind, tmp_path / f"{kind}.csv")
        rows = list(csv.DictReader((tmp_path / f"{kind}.csv").open(encoding="utf-8")))
        assert {(r["source_url"], r["licence"]) for r in rows} == {(want["source_url"], want["licence"])}
    export(led, "geojson", tmp_path / "x.geojson")
    props = [f["properties"] for f in json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))["features"]]
    assert props and all(p["licence"] == "CC BY-SA 4.0" and p["source_url"] == want["source_url"] for p in props)
    export(led, "parquet", tmp_path / "x.parquet")
    assert set(pq.read_table(tmp_path / "x.parquet").column("licence").to_pylist()) == {"CC BY-SA 4.0"}


def test_report_level_rows_are_one_per_reports_event(led, tmp_path):
    n = export(led, "acled", tmp_path / "reports.csv", level="report")
    rows = list(csv.DictReader((tmp_path / "reports.csv").open(encoding="utf-8")))
    assert n == len(rows) == led.counts()["events"]
    assert all(":e-" in r["event_id_cnty"] for r in rows)
    with pytest.raises(ValueError, match="unknown level"):
        export(led, "acled", tmp_path / "x.csv", level="country")


def test_an_oblast_s_event_carries_ukraine_in_both_codebooks(tmp_path):
    report = tmp_path / "kharkiv.txt"
    report.write_text("On 20 July 2022, a Russian missile strike on Kharkiv killed three civilians, the regional "
                      "governor said.\n", encoding="utf-8")
    with warledger.open(tmp_path / "ua.db") as ledger:
        ledger.ingest(report)
        export(ledger, "ucdp-ged", tmp_path / "ged.csv")
        export(ledger, "acled", tmp_path / "acled.csv")
    [ged] = list(csv.DictReader((tmp_path / "ged.csv").open(encoding="utf-8")))
    [acled] = list(csv.DictReader((tmp_path / "acled.csv").open(encoding="utf-8")))
    assert (ged["adm_1"], ged["country"], ged["country_id"], ged["region"]) == (
        "Kharkiv Oblast", "Ukraine", "369", "Europe")
    assert (acled["admin1"], acled["iso"], acled["country"], acled["fatalities"]) == (
        "Kharkiv Oblast", "804", "Ukraine", "3")
