"""The dashboard on a ledger of more than 1,000 events, in headless Chromium; the facets it lists.

Every figure the page shows must be the library's (``Ledger.totals``, ``warledger totals``) for the same
filters, over the whole ledger, however quickly the filters change.
"""

from __future__ import annotations

import asyncio
import calendar
import csv
import io
import itertools
import json
import math
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import warledger
from warledger.ledger import EventFilter
from warledger.ledger.facets import facets
from warledger.web.api import create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
REPORTS = sorted((ROOT / "tests/reports").glob("*.jsonl"))
STATIC = ROOT / "src/warledger/web/static"
ARTIFACTS = ROOT / "artifacts"
SLOW = "admin1=Homs"
"""Requests with this filter are answered late, so that a quicker later answer arrives first."""


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("dashboard") / "big.db")
    with warledger.open(path) as led:
        led.ingest([EXAMPLE, *REPORTS])
        assert led.counts()["events"] > 1000  # more than the old dashboard's one page
    return path


@pytest.fixture(scope="module")
def full(db):
    """The ledger the page shows, read through the library."""
    with warledger.open(db) as ledger:
        yield ledger


# --- facets ---------------------------------------------------------------------------------------------

NOTE = ("On 3 May 2021, IS militants killed 7 soldiers near Palmyra, SOHR said. On 9 June 2022, an airstrike "
        "killed 4 civilians in Idlib, the White Helmets said.")


def test_facets_count_events_on_each_backend(led, tmp_path):
    (tmp_path / "note.txt").write_text(NOTE, encoding="utf-8")
    led.ingest(tmp_path / "note.txt")
    found = facets(led.store)
    assert found["year"] == [{"value": "2021", "count": 1}, {"value": "2022", "count": 1}]
    assert found["admin1"] == [{"value": "Homs", "count": 1}, {"value": "Idlib", "count": 1}]
    assert found["party"] == [{"value": "civilians", "count": 1}, {"value": "pro-government", "count": 1}]
    assert found["source"] == [{"value": "SOHR", "count": 1}, {"value": "White Helmets", "count": 1}]
    assert found["status"] == [{"value": "killed", "count": 2}]
    assert {"Battles", "Armed clash"} <= {f["value"] for f in found["type"]}  # types and sub-types, as filtered


def test_facets_list_every_value_of_the_ledger_with_its_events(full):
    found = facets(full.store)
    events = full.store.events_with_documents()
    every = {"party": {f.party for _, e in events for f in e.casualties} - {None},
             "source": {f.source for _, e in events for f in e.casualties} - {None},
             "admin1": {e.place.admin1 for _, e in events if e.place} - {None}}
    for key, values in every.items():
        assert {f["value"] for f in found[key]} == values
        for f in found[key]:
            total, _ = full.store.events_page(EventFilter(**{key: f["value"]}), 1, 0)
            assert f["count"] == total, (key, f)
    assert sum(f["count"] for f in found["year"]) == sum(1 for _, e in events if e.date)


# --- the boundaries -------------------------------------------------------------------------------------

def _inside(lon: float, lat: float, rings: list) -> bool:
    hit = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
    return hit


def _km_to(lon: float, lat: float, rings: list) -> float:
    """Distance from a point to the nearest edge of ``rings``, in km (flat near the point)."""
    k = math.cos(math.radians(lat))
    best = math.inf
    for ring in rings:
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            ax, ay, bx, by, px = x1 * k, y1, x2 * k, y2, lon * k
            t = max(0.0, min(1.0, ((px - ax) * (bx - ax) + (lat - ay) * (by - ay)) /
                             (((bx - ax) ** 2 + (by - ay) ** 2) or 1)))
            best = min(best, math.hypot(px - ax - t * (bx - ax), lat - ay - t * (by - ay)) * 111.2)
    return best


@pytest.mark.parametrize("town, lon, lat, admin1", [
    ("Tartus", 35.887, 34.889, "Tartus"), ("Latakia", 35.791, 35.531, "Latakia"), ("Baniyas", 35.949, 35.182, "Tartus"),
    ("Ras al-Ayn", 40.071, 36.850, "Hasakah"), ("Kobani", 38.353, 36.891, "Aleppo"),
    ("Tell Abyad", 38.954, 36.696, "Raqqa")])
def test_border_and_coastal_towns_fall_in_their_governorate(town, lon, lat, admin1):
    """On the old coarse outline Tartus and Latakia were in the sea and Kobani in Turkey. Natural Earth's
    1:10m line puts the border towns (right on the border) within half a kilometre of their governorate."""
    geo = json.loads((STATIC / "admin1.geojson").read_text(encoding="utf-8"))
    rings = next(f["geometry"]["coordinates"] for f in geo["features"] if f["properties"]["admin1"] == admin1)
    assert _inside(lon, lat, rings) or _km_to(lon, lat, rings) < 0.5, town


def test_boundaries_name_the_ledger_governorates():
    geo = json.loads((STATIC / "admin1.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["admin1"] for f in geo["features"]} - {None}
    known = {line.split("\t")[0] for line in (ROOT / "src/warledger/data/governorates.tsv").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith(("#", "admin1\t"))
        and line.split("\t")[1] in ("SY", "IQ")}  # Ukraine's oblasts have points on the map, no outlines yet
    assert names <= known and len(names) == len(known) - 1  # Halabja (2014) is drawn inside Sulaymaniyah
    assert "Natural Earth" in geo["source"]


# --- the page in Chromium -------------------------------------------------------------------------------

def _slowed(app):
    """``app``, but answering the requests that carry SLOW a second late."""
    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and SLOW in scope.get("query_string", b"").decode():
            await asyncio.sleep(1.0)
        await app(scope, receive, send)
    return wrapped


@pytest.fixture(scope="module")
def server(db, serve) -> Iterator[str]:
    if not (STATIC / "vendor/VENDORED.json").is_file():
        pytest.fail("the dashboard's libraries are not vendored: run make dev (python scripts/vendor_web.py)")
    with serve(_slowed(create_app(db))) as base:
        yield base


@contextmanager
def _page(base: str, width: int = 1280, height: int = 1000) -> Iterator:
    """A headless Chromium page; it fails the test on a CSP violation, a script error or a request elsewhere."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install chromium); CI must run the browser tests")
        pytest.skip("Chromium not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
        problems: list[str] = []
        page.on("console", lambda m: "Content Security Policy" in m.text and problems.append(m.text))
        page.on("pageerror", lambda err: problems.append(str(err)))
        page.on("request", lambda r: r.url.startswith((base, "blob:", "data:")) or problems.append(r.url))
        yield page
        browser.close()
        assert not problems


def _ready(page, base: str, query: str = "") -> None:
    page.goto(f"{base}/{query}")
    page.wait_for_selector("body[data-ready=true][data-busy=false]", timeout=20_000)


def _shown(page, **filters: str) -> None:
    """Wait until the page has drawn the answers for exactly these filters (status and policy by default)."""
    wanted = {"party": "", "status": "killed", "policy": "conservative", "admin1": "", "from": "", "to": "",
              "source": "", "type": "", **filters}
    query = "&".join(f"{k}={v}" for k, v in wanted.items() if v).replace(" ", "+")
    page.wait_for_selector(f"body[data-busy=false][data-shown='{query}']", timeout=20_000)


def _cells(page) -> dict[str, tuple[int, int, int | None]]:
    """The totals table: (row|party) → (low, best, high)."""
    found = page.eval_on_selector_all(".cell[data-where]", "cs => cs.map(c => [c.dataset.where, c.dataset.low, "
                                                          "c.dataset.best, c.dataset.high])")
    return {w: (int(lo), int(b), int(h) if h else None) for w, lo, b, h in found}


def _by_cell(rows: list[dict]) -> dict[str, tuple[int, int, int | None]]:
    return {f"{r['year'] or ''}|{r['party'] or ''}": (r["low"], r["best"], r["high"]) for r in rows}


def _drawn_cells(page) -> dict[str, tuple[int, int, int | None]]:
    return {k: v for k, v in _cells(page).items() if "*" not in k}  # the totals of rows and columns aside


def test_every_panel_counts_incidents_over_the_whole_ledger(server, full, db):
    from typer.testing import CliRunner

    from warledger.cli import app as cli

    with _page(server) as page:
        _ready(page, server)
        governorates = page.eval_on_selector_all("#f-admin1 option", "os => os.map(o => o.textContent)")[1:]
        assert governorates == [f"{f['value']} ({f['count']:,})" for f in facets(full.store)["admin1"]]
        assert page.locator("#f-party option").count() == len(facets(full.store)["party"]) + 1
        assert page.locator("#f-source option").count() == len(facets(full.store)["source"]) + 1

        months = sorted({r["month"] for r in full.timeline() if r["month"]})
        first, last = months[0], months[-1]
        span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1
        timeline = page.locator("#timeline")
        assert (timeline.get_attribute("data-first"), timeline.get_attribute("data-last")) == (first, last)
        assert page.locator("#timeline .month-hit rect").count() == span > len(months)  # empty months too

        cli = CliRunner().invoke(cli, ["totals", "--db", db, "--by", "year,party", "--json"])
        assert _drawn_cells(page) == _by_cell(full.totals(("year", "party"))) == _by_cell(json.loads(cli.stdout))
        whole = full.totals((), "killed", "conservative")[0]
        assert _cells(page)["*|*"] == (whole["low"], whole["best"], whole["high"])
        _markers_match(page, full)

        page.select_option("#f-party", "IS")
        _shown(page, party="IS")
        assert _drawn_cells(page) == _by_cell(full.totals(("year", "party"), party="IS"))
        _markers_match(page, full, party="IS")

        page.locator(".cell[data-where='2019|IS']").click()  # a number opens the incidents behind it
        year = {"party": "IS", "date_from": "2019-01-01", "date_to": "2019-12-31"}
        _shown(page, party="IS", **{"from": "2019-01-01", "to": "2019-12-31"})
        assert "party=IS" in page.url and "from=2019-01-01" in page.url
        total, _ = full.incident_page(limit=1, **year)
        assert f"of {total:,} incidents" in page.locator("#pager").inner_text()
        row = page.locator("#list tr.row").first
        incident = row.get_attribute("data-id")
        row.focus()
        page.keyboard.press("Enter")  # keyboard: Enter opens the incident
        page.wait_for_selector("#detail #members li")
        assert f"open={incident}" in page.url
        page.locator("#members button").first.click()  # and its report, in its document
        page.wait_for_selector("#detail .evidence")

        with page.expect_download() as download:
            page.click("#dl-totals-csv")
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert [(r["year"], r["party"], int(r["best"])) for r in rows] == [
            (r["year"], r["party"] or "", r["best"]) for r in full.totals(("year", "party"), **year)]
        assert page.evaluate("import('/static/util.js').then(u => [u.plural(1, 'event'), u.plural(2, 'event')])") \
            == ["1 event", "2 events"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard_full_ledger.png"), full_page=True)


def _markers_match(page, full, **filters) -> None:
    points = full.places("killed", "conservative", **filters)
    drawn = page.eval_on_selector_all("#map path.marker", "ps => ps.map(p => [p.dataset.place, +p.dataset.best])")
    assert sorted(drawn) == sorted([p["place"] or "", p["best"]] for p in points)


def test_quick_filter_changes_leave_one_chart_with_the_last_counts(server, full):
    with _page(server) as page:
        _ready(page, server)
        page.select_option("#f-admin1", "Homs")  # answered late (SLOW)
        page.select_option("#f-admin1", "Aleppo")
        page.select_option("#f-party", "IS")
        _shown(page, admin1="Aleppo", party="IS")
        page.wait_for_timeout(1500)  # the late answers for Homs have come by now: they must change nothing
        _shown(page, admin1="Aleppo", party="IS")
        assert page.locator("#timeline svg").count() == 1 and page.locator("#claims-lane svg").count() <= 1
        total = sum(r["best"] for r in full.totals(("party",), admin1="Aleppo", party="IS"))
        incidents, _ = full.incident_page(limit=1, admin1="Aleppo", party="IS")
        count = page.locator("#count").inner_text()
        assert count.startswith(f"{incidents:,} incident") and f"{total:,} killed" in count


def monthrange(month: str) -> tuple[str, str]:
    """The first and last day of ``"YYYY-MM"``."""
    year, mm = map(int, month.split("-"))
    return f"{month}-01", f"{month}-{calendar.monthrange(year, mm)[1]:02d}"


def test_the_view_lives_in_the_url(server):
    with _page(server) as page:
        _ready(page, server, "?party=SDF&rows=admin1&tab=reports")
        assert page.locator("#f-party").input_value() == "SDF"
        assert page.locator("#totals-rows").input_value() == "admin1"
        assert page.locator("#tab-reports").get_attribute("aria-selected") == "true"
        page.select_option("#f-party", "IS")
        _shown(page, party="IS")
        page.go_back()
        _shown(page, party="SDF")
        assert page.locator("#f-party").input_value() == "SDF"
        month = page.locator("#timeline .month-hit rect").nth(3)
        first, last = monthrange(month.get_attribute("data-month"))
        month.click()  # a month's column shows that month
        _shown(page, party="SDF", **{"from": first, "to": last})
        assert f"from={first}&to={last}" in page.url


def test_a_text_search_finds_the_reports_whose_sentence_holds_it(server, full):
    from playwright.sync_api import expect

    total, _ = full.store.events_page(EventFilter(status="killed", text="car bomb"), 1, 0)  # the page counts killed
    with _page(server) as page:
        _ready(page, server)
        page.fill("#q", "Car bomb")
        page.click("#search button")
        page.wait_for_selector("#tab-reports[aria-selected=true]")
        expect(page.locator("#list-note")).to_contain_text(f"{total:,} reports hold")
        assert "q=Car+bomb" in page.url and total > 0
        rows = page.locator("#list tbody tr")
        assert rows.count() == min(total, 50)
        assert all("car bomb" in t.lower() for t in rows.all_inner_texts()[:5])


def test_the_first_screen_has_an_axis_boundaries_a_legend_and_zoom(server):
    with _page(server, width=1440, height=900) as page:
        _ready(page, server)
        assert page.locator("#timeline svg [aria-label='y-axis tick'], #timeline svg g[aria-label*='y-axis']").count()
        assert page.locator("#map .leaflet-control-zoom").count() == 1
        assert page.locator("#map path.governorate, #map .leaflet-overlay-pane path").count() > 20
        assert page.locator("#map .legend, #map .leaflet-control .legend, #map-legend").count() >= 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard_1440x900.png"))


def test_a_phone_gets_one_column(server):
    with _page(server, width=390, height=844) as page:
        _ready(page, server)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways page scroll
        main = page.locator("main").bounding_box()
        for panel in ("#timeline-panel", "#map-panel", "#totals-panel", "#list-panel"):
            box = page.locator(panel).bounding_box()
            assert box["width"] > main["width"] - 40, panel  # one column: every panel full width
        assert page.locator("#map").bounding_box()["width"] > 330
        assert page.locator("header").bounding_box()["height"] < 844 / 4
        assert page.evaluate("getComputedStyle(document.querySelector('#list')).overflowX") == "auto"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard_390.png"), full_page=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard_390x844.png"))
