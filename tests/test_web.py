"""The HTTP API (in-process) and the dashboard in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

import warledger
from warledger.web.api import MAX_POST_BYTES, TOKEN_ENV, create_app

AUTH = {"Authorization": "Bearer s3cret"}
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
    assert doc["licence"] == "CC BY-SA 4.0" and doc["source_url"].startswith("https://en.wikipedia.org/wiki/")
    assert any(c["source"] == "SOHR" for c in client.get("/api/claims").json())
    assert client.get("/api/totals", params={"by": "year,party"}).json()[0]["low"] >= 0
    audit = client.get("/api/findings").json()
    assert len(audit["findings"]) == 8 and all(0 <= i < len(audit["claims"]) for f in audit["findings"]
                                               for i in f["claims"])
    assert client.get("/docs").status_code == 200 and "openapi" in client.get("/openapi.json").text


def test_a_document_whose_id_holds_a_slash_and_its_citation(tmp_path):
    folder = tmp_path / "reports" / "a"
    folder.mkdir(parents=True)
    (folder / "r.txt").write_text("On 3 May 2021, IS killed 7 soldiers near Palmyra.", encoding="utf-8")
    db = str(tmp_path / "slash.db")
    with warledger.open(db) as led:
        led.ingest(tmp_path / "reports")
    app = TestClient(create_app(db))
    doc = app.get("/api/documents/reports/a/r.txt").json()
    assert (doc["id"], doc["licence"]) == ("reports/a/r.txt", "")  # a report: no Wikipedia licence to cite
    assert app.get("/api/events/reports/a/r.txt:e-001").json()["id"] == "reports/a/r.txt:e-001"


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


@pytest.fixture
def ingest(tmp_path, monkeypatch) -> TestClient:
    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    return TestClient(create_app(str(tmp_path / "ingest.db"), allow_ingest=True))


def test_post_outcomes_match_warledger_ingest(ingest):
    report = {"id": "r1", "text": "On 7 May 2020, IS killed 11 soldiers near al-Shola, SOHR said."}
    answers = [ingest.post("/api/documents", json=r, headers=AUTH)
               for r in (report, report, {**report, "text": report["text"].replace("11", "12")})]
    assert [(a.status_code, a.json()["outcome"]) for a in answers] == [(201, "new"), (200, "unchanged"),
                                                                        (200, "replaced")]
    assert ingest.get("/api/documents/r1").json()["version"] == 2


def test_an_absurd_count_is_a_warning_not_an_error(ingest):
    text = "On 3 March 2021, 99999999999999999999 civilians were killed in Idlib."
    answer = ingest.post("/api/documents", json={"id": "n20", "text": text}, headers=AUTH)
    assert answer.status_code == 201 and answer.json()["outcome"] == "new"
    assert any("100,000,000" in w for w in answer.json()["warnings"])


HOSTILE = {  # name: (method, path, request options, the status it must get)
    "offset past SQLite's integers": ("GET", "/api/events?offset=100000000000000000000", {}, 422),
    "negative offset": ("GET", "/api/events?offset=-1", {}, 422),
    "non-ASCII token": ("POST", "/api/documents", {"json": {"id": "x", "text": "y"},
                                                  "headers": {"Authorization": "Bearer s3crét".encode()}}, 401),
    "Latin-1 token": ("POST", "/api/documents", {"content": b"{}",
                                                "headers": {"Authorization": b"Bearer \xe9\xff"}}, 401),
    "malformed JSON without a token": ("POST", "/api/documents", {"content": b'{"id": '}, 401),
    "huge body without a token": ("POST", "/api/documents", {"content": b"x" * (MAX_POST_BYTES + 1)}, 401),
    "malformed JSON": ("POST", "/api/documents", {"content": b'{"id": ', "headers": AUTH}, 422),
    "JSON that is no object": ("POST", "/api/documents", {"content": b"[1, 2]", "headers": AUTH}, 422),
    "text missing": ("POST", "/api/documents", {"json": {"id": "x"}, "headers": AUTH}, 422),
    "declared body over the limit": ("POST", "/api/documents",
                                     {"content": b"x" * (MAX_POST_BYTES + 1), "headers": AUTH}, 413),
    "Content-Length no number": ("POST", "/api/documents",
                                 {"content": b"{}", "headers": {**AUTH, "Content-Length": "2x"}}, 400),
    "wrong method": ("PUT", "/api/documents", {}, 405),
    "unknown route": ("GET", "/nowhere", {}, 404),
    "unknown static file": ("GET", "/static/nope.js", {}, 404),
    "path out of the static folder": ("GET", "/static/../api.py", {}, 404),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_requests_get_4xx_in_the_one_error_shape(ingest, name):
    method, path, options, status = HOSTILE[name]
    response = ingest.request(method, path, **options)
    assert response.status_code == status
    assert response.json() == {"error": {"status": status, "message": response.json()["error"]["message"]}}
    assert response.json()["error"]["message"] and "Traceback" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def test_an_error_keeps_its_headers(ingest):
    assert ingest.put("/api/documents").headers["allow"]  # a 405 says what is allowed
    assert ingest.post("/api/documents").headers["connection"] == "close"  # a 401 leaves the body unread


def test_an_unexpected_error_is_a_json_500_with_its_traceback_in_the_log(client, monkeypatch, caplog):
    def broken(self, *args, **kwargs):
        raise RuntimeError("secret detail /home/x/ledger.db")

    monkeypatch.setattr(warledger.ledger.Ledger, "incident_page", broken)
    response = client.get("/api/incidents")
    assert response.status_code == 500 and response.headers["x-frame-options"] == "DENY"
    message = response.json()["error"]["message"]
    assert "RuntimeError" in message and "secret" not in message and "\n" not in message
    assert "secret detail" in caplog.text


def test_a_missing_ledger_is_refused_at_start(tmp_path):
    with pytest.raises(FileNotFoundError, match="no ledger at"):
        create_app(str(tmp_path / "typo.db"))
    assert not (tmp_path / "typo.db").exists()
    create_app(str(tmp_path / "new.db"), allow_ingest=True)  # a server that may ingest starts a new ledger
    assert (tmp_path / "new.db").exists()
    app = TestClient(create_app(str(tmp_path / "new.db")))
    (tmp_path / "new.db").unlink()
    gone = app.get("/api/events")  # and reading never creates one
    assert gone.status_code == 503 and "no ledger at" in gone.json()["error"]["message"]
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/api/events", "/api/nowhere", "/openapi.json", "/docs"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    policy = dict(d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["connect-src"] == "'self'" and "unsafe-inline" not in policy["script-src"]
    assert "http" not in headers["content-security-policy"]  # nothing from another origin


def test_docs_are_served_from_packaged_assets(client):
    page = client.get("/docs")
    assert page.status_code == 200 and not re.search(r"(https?:)?//", page.text)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) == 3 and all(client.get(a).status_code == 200 for a in assets)
    script_src = page.headers["content-security-policy"].split("script-src ")[1].split(";")[0]
    assert script_src.startswith("'self' 'sha256-")  # the inline configuration script, by its hash only


def _swallow(chunks: int, sent: list[int]) -> Iterator[bytes]:
    block = b"x" * (1 << 20)
    for _ in range(chunks):
        sent[0] += 1
        yield block


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="RSS is read from /proc")
@pytest.mark.parametrize("headers, status", [({}, 401), (AUTH, 413)], ids=["no token", "token"])
def test_a_large_chunked_body_is_refused_before_it_is_read(ingest_server, monkeypatch, headers, status):
    import httpx

    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    sent, peak, done = [0], [_rss_mb()], threading.Event()
    start = peak[0]

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_mb())
            time.sleep(0.005)

    threading.Thread(target=watch, daemon=True).start()
    try:  # a generator has no length: httpx sends it chunked, with no Content-Length to refuse it by
        response = httpx.post(ingest_server + "/api/documents", content=_swallow(100, sent), headers=headers,
                              timeout=30)
    finally:
        done.set()
    assert response.status_code == status and response.json()["error"]["status"] == status
    assert sent[0] < 50, f"the client sent {sent[0]} MB before the server refused it"
    assert peak[0] - start < 50, f"memory grew by {peak[0] - start:.0f} MB"


def test_concurrent_posts_of_one_new_id(ingest_server, monkeypatch):
    import httpx

    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    report = {"id": "race", "text": "On 7 May 2020, IS killed 11 soldiers near al-Shola, SOHR said."}
    barrier, statuses = threading.Barrier(10), []

    def post() -> None:
        barrier.wait()
        response = httpx.post(ingest_server + "/api/documents", json=report, headers=AUTH, timeout=60)
        assert set(response.json()) in ({"error"}, {"id", "outcome", "events", "claims", "findings", "warnings"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(statuses) == 10 and statuses.count(201) == 1, statuses
    assert set(statuses) <= {200, 201, 409}, statuses


@pytest.fixture(scope="module")
def server(db, serve):
    with serve(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def ingest_server(tmp_path_factory, serve):
    with serve(create_app(str(tmp_path_factory.mktemp("web") / "posted.db"), allow_ingest=True)) as url:
        yield url


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install chromium); CI must run the browser tests")
        pytest.skip("Chromium not installed")
    return path


@contextmanager
def _browser_page(base: str) -> Iterator:
    """A headless Chromium page; it fails the test on a CSP violation, a script error or a request elsewhere."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        problems: list[str] = []
        page.on("console", lambda m: "Content Security Policy" in m.text and problems.append(m.text))
        page.on("pageerror", lambda err: problems.append(str(err)))
        page.on("request", lambda r: r.url.startswith(base) or problems.append(f"request to {r.url}"))
        yield page
        browser.close()
        assert not problems


def test_dashboard_in_headless_chromium(server):
    from playwright.sync_api import expect

    with _browser_page(server) as page:
        page.goto(server + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        assert page.locator("#map path.marker").count() > 5
        assert page.locator("#timeline .bar rect").count() > 5
        assert page.locator("#totals td").count() > 5
        assert page.locator("#audit .finding").count() == 8  # all about killed, the counting status
        swatch = page.locator("#legend i").first.evaluate("i => getComputedStyle(i).backgroundColor")
        assert swatch != "rgba(0, 0, 0, 0)"  # its style attribute was applied
        before = page.locator("#count").inner_text()
        page.select_option("#f-party", "IS")
        expect(page.locator("#count")).not_to_have_text(before)  # no eval: the page's CSP forbids it
        assert int(page.locator("#count").inner_text().split()[0]) < int(before.split()[0])
        page.click("#tab-reports")
        row = page.locator("#list tr.row").filter(has_text="SOHR").first
        row.click()
        page.wait_for_selector("#detail mark")
        assert page.locator("#detail .evidence").inner_text() and page.locator("#detail mark").count() >= 1
        expect(page.locator("#detail .attribution")).to_contain_text("CC BY-SA 4.0")  # a Wikipedia article's text
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)


def test_docs_in_headless_chromium_offline(server):
    with _browser_page(server) as page:
        page.goto(server + "/docs")
        page.wait_for_selector(".opblock", timeout=20_000)
        assert page.locator(".opblock").count() >= 8
        page.locator(".opblock-summary").first.click()
        page.wait_for_selector(".opblock-body")
