"""The HTTP API (in-process) and the dashboard in headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

import warledger
from warledger.web.api import TOKEN_ENV, create_app

EXAMPLE = Path(__file__).resolve().parents[1] / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SEED = EXAMPLE.stem


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("web") / "web.db")
    with warledger.open(path) as led:
        led.ingest(EXAMPLE)
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


def test_events_page_with_filters_and_evidence(client):
    page = client.get("/api/events", params={"party": "IS", "from": "2021-01-01", "limit": 5}).json()
    assert page["total"] > 5 and len(page["items"]) == 5 and page["limit"] == 5
    first = page["items"][0]
    assert first["id"].startswith(f"{SEED}:") and first["date"]["start"] >= "2021-01-01"
    assert any(f["party"] == "IS" and f["quote"] for f in first["casualties"])
    later = client.get("/api/events", params={"party": "IS", "from": "2021-01-01", "limit": 5, "offset": 5}).json()
    assert {e["id"] for e in later["items"]}.isdisjoint(e["id"] for e in page["items"])
    newest = client.get("/api/events", params={"sort": "-date", "limit": 1}).json()["items"][0]
    assert newest["date"]["start"] >= first["date"]["start"]


def test_event_document_claims_totals_findings(client):
    event = client.get(f"/api/events/{SEED}:e-005").json()
    doc = client.get(f"/api/documents/{SEED}").json()
    assert doc["text"][event["offset"]:event["offset"] + len(event["text"])] == event["text"]
    assert any(c["source"] == "SOHR" for c in client.get("/api/claims").json())
    assert client.get("/api/totals", params={"by": "year,party"}).json()[0]["low"] >= 0
    audit = client.get("/api/findings").json()
    assert len(audit["findings"]) == 8 and all(0 <= i < len(audit["claims"]) for f in audit["findings"]
                                               for i in f["claims"])
    assert client.get("/docs").status_code == 200 and "openapi" in client.get("/openapi.json").text


@pytest.mark.parametrize("path, status", [("/api/events/nope", 404), ("/api/documents/none", 404),
                                          ("/api/events?limit=0", 422), ("/api/totals?by=colour", 400),
                                          ("/api/nowhere", 404), ("/api/events?sort=place", 422)])
def test_one_error_shape(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert set(response.json()) == {"error"} and response.json()["error"]["status"] == status


def test_read_only_by_default(client):
    assert client.post("/api/documents", json={"id": "x", "text": "y"}).status_code in (404, 405)


def test_guarded_ingest(db, tmp_path, monkeypatch):
    path = str(tmp_path / "ingest.db")
    app = TestClient(create_app(path, allow_ingest=True))
    text = "On 7 May 2020, IS killed 11 soldiers near al-Shola, SOHR said."
    report = {"id": "r1", "text": text, "date": "2020-05-08"}
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    assert app.post("/api/documents", json=report).status_code == 503
    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    assert app.post("/api/documents", json=report).json()["error"]["status"] == 401
    auth = {"Authorization": "Bearer s3cret"}
    created = app.post("/api/documents", json=report, headers=auth)
    assert created.status_code == 201 and created.json()["outcome"] == "new" and created.json()["events"] == 1
    assert app.post("/api/documents", json={**report, "id": "bad id!"}, headers=auth).status_code == 422
    assert app.post("/api/documents", json={**report, "format": "pdf"}, headers=auth).status_code == 422
    huge = {**report, "id": "big", "text": "x " * (1_100_000)}
    assert app.post("/api/documents", json=huge, headers=auth).status_code == 413
    assert app.get("/api/events").json()["total"] == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(db):
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install chromium); CI must run the browser tests")
        pytest.skip("Chromium not installed")
    return path


def test_dashboard_in_headless_chromium(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        page.goto(server + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        assert page.locator("#map circle.marker").count() > 5
        assert page.locator("#timeline rect.bar").count() > 5
        assert page.locator("#totals td").count() > 5
        assert page.locator("#audit .finding").count() == 8
        before = page.locator("#count").inner_text()
        page.select_option("#f-party", "IS")
        page.wait_for_function(f"document.querySelector('#count').textContent !== {before!r}")
        assert int(page.locator("#count").inner_text().split()[0]) < int(before.split()[0])
        row = page.locator("tr.event-row").filter(has_text="SOHR").first
        row.click()
        page.wait_for_selector("#detail mark")
        assert page.locator("#detail .evidence").inner_text() and page.locator("#detail mark").count() >= 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        browser.close()
