"""The static audit site (warledger report): ranking, evidence, links, escaping, and the pages in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

import warledger
from warledger.audit import audit
from warledger.cli import app
from warledger.model import Claim, Count, DateSpan
from warledger.report import KIND_WEIGHTS, finding_weight, page_name, write_site
from warledger.report.evidence import arithmetic

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
WIKITEXT = ROOT / "tests/fixtures/wikitext"
ARTIFACTS = ROOT / "artifacts"
SEED = EXAMPLE.stem
WIKI_SEED = "wikitext/syrian_desert_campaign.wiki"
HOSTILE_ID = '../../evil"><script>alert(2)</script>'
HOSTILE_TEXT = """= <script>alert("title")</script> & "Co" =

== Casualties <i>2015</i> ==
According to Airwars, 412 IS militants were killed in 2015 <img src=x onerror=alert(1)>.

In 2015, 420 IS militants were killed, according to Airwars.
"""
TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "footer", "h1", "h2", "p", "a", "br",
        "span", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "mark"}  # no script, img, link, form
ROW = re.compile(r'<tr class="(document|finding)".*?</tr>', re.S)
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """The bundled example, the wikitext fixtures, an article with a hostile title and a record with a hostile id."""
    folder = tmp_path_factory.mktemp("report")
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    record = {"id": HOSTILE_ID, "title": "<b>bold</b>",
              "text": "On 3 May 2021, IS killed 7 soldiers near Palmyra, according to SOHR."}
    (folder / "batch.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    path = str(folder / "ledger.db")
    with warledger.open(path) as led:
        for paths in (EXAMPLE, WIKITEXT, [folder / "hostile.txt", folder / "batch.jsonl"]):
            assert not led.ingest(paths).failed
    return path


@pytest.fixture(scope="module")
def site(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    told: list[tuple[str, int, int]] = []
    with warledger.open(db, create=False) as led:
        summary = write_site(led, out, progress=lambda *args: told.append(args))
        assert summary.documents == len(led.documents()) == len(told) == 9
        assert summary.findings == len(led.audit()) and summary.index == out / "index.html"
    assert [done for _, done, _ in told] == list(range(1, 10)) and {total for *_, total in told} == {9}
    return out


def _page(site: Path, doc_id: str) -> str:
    return (site / "doc" / page_name(doc_id)).read_text(encoding="utf-8")


def _rows(html: str) -> list[str]:
    return [m.group(0) for m in ROW.finditer(html)]


def _expected_weights(db: str) -> dict[str, tuple[int, int]]:
    """(weight, findings) per document, from the ledger's own audit: kind weight × Δ over the findings citing it."""
    with warledger.open(db, create=False) as led:
        pairs, findings, docs = led.claims(), led.audit(), [d["id"] for d in led.documents()]
    cited = {d: [f for f in findings if d in {pairs[i][0] for i in f.claims}] for d in docs}
    return {d: (sum(KIND_WEIGHTS[f.kind] * f.delta for f in fs), len(fs)) for d, fs in cited.items()}


def test_index_ranks_every_document_by_the_weight_of_its_findings(db, site):
    expected = _expected_weights(db)
    rows = _rows((site / "index.html").read_text(encoding="utf-8"))
    listed = [(re.search(r'class="id">(.*?)</span>', r).group(1), int(re.search(r'weight">([\d,]+)<', r)
                                                                      .group(1).replace(",", ""))) for r in rows]
    ids = [unescape(i) for i, _ in listed]
    assert sorted(ids) == sorted(expected)  # every document, once
    assert [w for _, w in listed] == sorted((w for _, w in listed), reverse=True)
    assert {i: w for i, (_, w) in zip(ids, listed, strict=True)} == {d: w for d, (w, _) in expected.items()}
    assert ids[0] == SEED and ids[1] == WIKI_SEED  # the example's incidents over a claim (Δ 106) weigh most
    silent = [i for i in ids if expected[i][1] == 0]
    assert silent and ids[-len(silent):] == sorted(silent)  # no findings: weight 0, after the rest, by id
    seed_row = rows[0]
    assert f'href="doc/{page_name(SEED)}"' in seed_row and f'<td class="num">{expected[SEED][1]}</td>' in seed_row


def test_a_document_page_shows_the_known_findings_with_their_sentences(db, site):
    html = _page(site, SEED)
    rows = _rows(html)
    assert len(rows) == _expected_weights(db)[SEED][1] == html.count('<tr class="finding"')
    contradiction = next(r for r in rows if "412 ≠ 417" in r)
    assert '<td class="kind">contradiction</td>' in contradiction
    assert "<mark>412 pro-gov.</mark>" in contradiction and "In 2023, <mark>417 pro-government fighters</mark>, " \
        "46 IS militants and 167 civilians were killed." in contradiction
    parts = next(r for r in rows if "1,096 + 166 + 46 + 58 = 1,366 ≠ 1,336" in r)
    assert "<mark>1,336 killed</mark>" in parts and all(f"<mark>{n} IS</mark>" in parts for n in ("1,096", "166"))
    assert "1,611 + 264 + 412 + 568 = 2,855 ≠ 2,859 = 2,563 + 292 + 4" in html
    incidents = next(r for r in rows if "= 503 &gt; 397" in r)
    assert "<mark>397 IS militants</mark>" in incidents and "incident e-057" in incidents
    assert "A stated total does not equal the sum of the parts" in parts  # the kind explained
    section = "https://en.wikipedia.org/wiki/Syrian_Desert_campaign_(2017%E2%80%932024)#Casualties"
    assert f'href="{section}"' in contradiction
    assert 'Text from Wikipedia, <a href="https://en.wikipedia.org/wiki/Wikipedia:' in html
    wiki_page = page_name(WIKI_SEED)  # the same figures in the wikitext article: a link to its page
    assert f'<a href="{wiki_page}">Syrian Desert campaign (December 2017–December 2024)</a>' in contradiction


def test_findings_on_a_page_come_heaviest_first(db, site):
    with warledger.open(db, create=False) as led:
        weights = sorted((finding_weight(f) for f in led.audit()
                          if any(led.claims()[i][0] == WIKI_SEED for i in f.claims)), reverse=True)
    cells = [re.search(r'<td class="num weight">([\d,]+)</td>', r).group(1) for r in _rows(_page(site, WIKI_SEED))]
    assert [int(c.replace(",", "")) for c in cells] == weights and len(weights) > 2


def _links(html: str) -> list[str]:
    return re.findall(r'\s(?:href|src|action)="([^"]*)"', html)


def test_every_link_is_relative_or_to_english_wikipedia(site):
    pages = [site / "index.html", *sorted((site / "doc").iterdir())]
    assert len(pages) == 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert set(re.findall(r"<(\w+)", html)) <= TAGS and "@import" not in html and "url(" not in html
        for link in _links(html):
            parts = urlsplit(link)
            if parts.scheme:
                assert parts.scheme == "https" and parts.netloc == "en.wikipedia.org", link
                continue
            assert not link.startswith("/") and not parts.netloc, link
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file() and target.is_relative_to(site.resolve()), link


def test_hostile_titles_and_ids_are_escaped_and_stay_inside_the_site(site):
    names = sorted(p.name for p in (site / "doc").iterdir())
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+\.html", n) for n in names) and len(set(names)) == len(names)
    assert sorted(p.name for p in site.iterdir()) == ["doc", "index.html"]  # nothing written beside them
    html = _page(site, "hostile")
    assert '&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; &quot;Co&quot;' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert "420 ≠ 412" in html or "412 ≠ 420" in html
    assert "#Casualties_%3Ci%3E2015%3C%2Fi%3E" in html  # the section, escaped into the link
    record = _page(site, HOSTILE_ID)
    assert "&lt;b&gt;bold&lt;/b&gt;" in record and "<b>" not in record
    assert "wikipedia" not in record.lower()  # a text record: no article link, no attribution
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in index and "<script" not in index


def test_arithmetic_is_shown_only_when_it_gives_back_the_audits_delta():
    year = DateSpan("2023-01-01", "2023-12-31", "year")
    pairs = [("d", Claim(year, "IS", None, "killed", Count(412, 412), "SOHR", None, 0, "a")),
             ("d", Claim(year, "IS", None, "killed", Count(26, 30), "SOHR", None, 9, "b"))]
    [found] = audit(pairs, [])
    assert arithmetic(pairs, found, {}) == "412 ≠ 26–30" and found.delta == 382
    found.delta += 1  # figures that do not give the audit's Δ back: no sum is written out
    assert arithmetic(pairs, found, {}) is None


@pytest.mark.parametrize("ids", [("a/b", "a-b", "a b", "a.b"), ("..", ".", "", "/"), ("Ab", "aB", "ab")])
def test_page_names_are_unique_and_never_a_path(ids):
    names = [page_name(i) for i in ids]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+\.html", n) and not n.startswith("-") for n in names)
    assert len({n.lower() for n in names}) == len(names)  # also on a case-insensitive file system


# --- the pages in a browser -------------------------------------------------------------------------------------


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install chromium); CI must run the browser tests")
        pytest.skip("Chromium not installed")
    return path


@contextmanager
def _browser_page() -> Iterator:
    """A headless Chromium page; it fails the test on a console error, a script error, a dialog or any request
    that is not for a file."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 1200})
        problems: list[str] = []
        page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
        page.on("pageerror", lambda err: problems.append(str(err)))
        page.on("dialog", lambda d: problems.append(f"dialog {d.message}") or d.dismiss())
        page.on("request", lambda r: r.url.startswith("file://") or problems.append(f"request to {r.url}"))
        yield page
        browser.close()
        assert not problems


def test_pages_render_in_headless_chromium(db, site):
    expected = _expected_weights(db)
    with _browser_page() as page:
        page.goto((site / "index.html").as_uri())
        assert page.locator("table.documents tbody tr").count() == len(expected)
        first = page.locator("table.documents tbody tr").first
        assert SEED in first.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report_index.png"), full_page=True)
        first.locator("a").click()  # the relative link opens the document's page
        page.wait_for_selector("table.findings")
        assert page.url.endswith(f"/doc/{page_name(SEED)}")
        assert page.locator("table.findings tbody tr.finding").count() == expected[SEED][1]
        assert page.locator("table.findings mark").count() >= expected[SEED][1]
        background = page.locator("mark").first.evaluate("m => getComputedStyle(m).backgroundColor")
        assert background == "rgb(255, 204, 51)"  # the inline style passed the page's CSP
        assert "Text from Wikipedia, CC BY-SA 4.0" in page.locator(".attribution").inner_text()
        page.screenshot(path=str(ARTIFACTS / "report_document.png"), full_page=True)
        page.goto((site / "doc" / page_name("hostile")).as_uri())
        assert page.locator("table.findings tbody tr.finding").count() == expected["hostile"][1] == 1
        assert page.locator("script, img").count() == 0 and "<script>" in page.locator("h1").inner_text()


# --- the command -------------------------------------------------------------------------------------------------


def test_report_command_writes_the_site(db, tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "site"), "--db", db])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"wrote \S+index\.html and 9 document pages: \d+ findings in \d+ documents\n",
                        result.stdout)
    assert (tmp_path / "site/index.html").is_file() and len(list((tmp_path / "site/doc").iterdir())) == 9


def test_report_command_fails_in_one_line_without_a_ledger(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "site"), "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert result.stderr.startswith("warledger: error: no ledger at") and result.stderr.count("\n") == 1
    assert not (tmp_path / "missing.db").exists() and not (tmp_path / "site").exists()


def test_report_help_states_the_weights():
    result = runner.invoke(app, ["report", "--help"])
    text = " ".join(result.output.split())
    assert result.exit_code == 0 and "Example" in text
    assert all(f"{kind} {weight}" in text for kind, weight in KIND_WEIGHTS.items())
