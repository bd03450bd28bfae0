"""The MediaWiki dump reader on small dumps built here from the wikitext fixtures.

Each dump is written in the current export schema (0.11) into a temporary directory: plain, bz2, and bz2 in
two streams as the multistream dumps are. It holds conflict articles (one calls a redirect of the infobox, one
has a broken infobox), an article without a conflict infobox, an attack article, a redirect and a page outside
the articles' namespace.
"""

from __future__ import annotations

import bz2
import hashlib
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

import warledger
from warledger.extract.pipeline import extract
from warledger.model import Document, DocumentFailure, Provenance, to_dict
from warledger.read import iter_path, read_path
from warledger.read.dump import infobox_pattern, iter_dump, iter_pages, looks_like_dump
from warledger.report import write_site

FIXTURES = Path(__file__).parent / "fixtures" / "wikitext"
HEAD = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ http://www.mediawiki.org/xml/export-0.11.xsd" \
version="0.11" xml:lang="en">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>enwiki</dbname>
    <base>https://en.wikipedia.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.43.0-wmf.1</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
      <namespace key="4" case="first-letter">Wikipedia</namespace>
      <namespace key="10" case="first-letter">Template</namespace>
    </namespaces>
  </siteinfo>
"""
TAIL = "</mediawiki>\n"
# (title, namespace, fixture or text, redirect target): in dump order.
PAGES = [
    ("Battle of Hodeidah", 0, "battle_of_hodeidah.wiki", None),  # {{Infobox Military Conflict: a redirect
    ("Palmyra", 0, "palmyra_settlement.wiki", None),
    ("Hodeidah offensive", 0, "#REDIRECT [[Battle of Hodeidah]]\n{{Rcat shell|{{R from move}}}}", "Battle of Hodeidah"),
    ("Second Battle of Tikrit", 0, "second_battle_of_tikrit.wiki", None),
    ("Wikipedia:WikiProject Military history", 4, "{{Infobox military conflict|conflict=Example}}\nA guide.", None),
    ("January 2021 Baghdad bombings", 0, "baghdad_bombings_2021.wiki", None),
    ("Broken battle", 0, "malformed.wiki", None),
    ("Syrian Desert campaign (December 2017–December 2024)", 0, "syrian_desert_campaign.wiki", None),
]
CONFLICTS = ["enwiki/Battle_of_Hodeidah", "enwiki/Second_Battle_of_Tikrit", "enwiki/Broken_battle",
             "enwiki/Syrian_Desert_campaign_(December_2017–December_2024)"]


def _sha1_base36(data: bytes) -> str:
    n, out = int(hashlib.sha1(data).hexdigest(), 16), ""
    while n:
        n, d = divmod(n, 36)
        out = "0123456789abcdefghijklmnopqrstuvwxyz"[d] + out
    return out.rjust(31, "0")


def page_xml(n: int, title: str, ns: int, text: str, redirect: str | None = None) -> str:
    """One ``<page>`` as Special:Export writes it, its revision saved on day ``n`` of March 2024."""
    data = text.encode("utf-8")
    redirect_tag = f"    <redirect title={quoteattr(redirect)} />\n" if redirect else ""
    return f"""  <page>
    <title>{escape(title)}</title>
    <ns>{ns}</ns>
    <id>{n}</id>
{redirect_tag}    <revision>
      <id>{1000 + n}</id>
      <parentid>{900 + n}</parentid>
      <timestamp>2024-03-{n:02d}T12:34:56Z</timestamp>
      <contributor>
        <username>Editor{n}</username>
        <id>{50 + n}</id>
      </contributor>
      <comment>copyedit</comment>
      <origin>{1000 + n}</origin>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="{len(data)}" sha1="{_sha1_base36(data)}" xml:space="preserve">{escape(text)}</text>
      <sha1>{_sha1_base36(data)}</sha1>
    </revision>
  </page>
"""


def pages_xml() -> list[str]:
    out = []
    for n, (title, ns, source, redirect) in enumerate(PAGES, start=1):
        text = (FIXTURES / source).read_text(encoding="utf-8") if source.endswith(".wiki") else source
        out.append(page_xml(n, title, ns, text, redirect))
    return out


def dump_bytes() -> bytes:
    return (HEAD + "".join(pages_xml()) + TAIL).encode("utf-8")


def multistream_bytes() -> bytes:
    """Two bz2 streams, one after the other, split between two pages, as Wikipedia's multistream dumps are."""
    pages = pages_xml()
    first = (HEAD + "".join(pages[:4])).encode("utf-8")
    second = ("".join(pages[4:]) + TAIL).encode("utf-8")
    return bz2.compress(first) + bz2.compress(second)


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same dump plain, in bz2, and in two bz2 streams."""
    root = tmp_path_factory.mktemp("dumps")
    files = {"plain": root / "enwiki-test-pages-articles.xml",
             "bz2": root / "enwiki-test-pages-articles.xml.bz2",
             "multistream": root / "enwiki-test-pages-articles-multistream.xml.bz2"}
    files["plain"].write_bytes(dump_bytes())
    files["bz2"].write_bytes(bz2.compress(dump_bytes()))
    files["multistream"].write_bytes(multistream_bytes())
    return files


def documents(out: list[Document | DocumentFailure]) -> list[Document]:
    assert all(isinstance(d, Document) for d in out), [d.reason for d in out if isinstance(d, DocumentFailure)]
    return [d for d in out if isinstance(d, Document)]


def fixture_doc(name: str) -> Document:
    result = read_path(FIXTURES / name)
    assert not result.failures
    return result.documents[0]


# --- which pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plain", "bz2", "multistream"])
def test_read_path_gives_the_conflict_articles_of_every_kind_of_dump(dumps, kind):
    result = read_path(dumps[kind])
    assert result.failures == []
    assert [d.id for d in result.documents] == CONFLICTS
    assert {d.format for d in result.documents} == {"wikitext"}


def test_the_three_kinds_of_dump_read_alike(dumps):
    texts = {kind: [(d.id, d.text) for d in read_path(path).documents] for kind, path in dumps.items()}
    assert texts["bz2"] == texts["plain"] == texts["multistream"]


def test_all_pages_takes_every_article_but_no_redirect_and_no_other_namespace(dumps):
    docs = documents(list(iter_dump(dumps["plain"], all_pages=True)))
    assert [d.title for d in docs] == [title for title, ns, _, redirect in PAGES if ns == 0 and redirect is None]


def test_infobox_names_add_templates_to_the_default_ones(dumps):
    docs = documents(list(iter_dump(dumps["plain"], infobox_names=["Infobox civilian attack"])))
    assert [d.id for d in docs] == [*CONFLICTS[:2], "enwiki/January_2021_Baghdad_bombings", *CONFLICTS[2:]]


@pytest.mark.parametrize(("text", "found"), [
    ("{{Infobox military conflict\n| conflict = X}}", True),
    ("{{infobox military conflict|conflict=X}}", True),  # the first letter in either case
    ("{{ Infobox_military__conflict |conflict=X}}", True),  # underscores are spaces, a run of them is one
    ("{{Template:Infobox military conflict}}", True),
    ("{{Infobox Military Conflict<!-- a redirect -->|conflict=X}}", True),
    ("{{warbox|conflict=X}}", True),
    ("{{Infobox military Conflict|conflict=X}}", False),  # another page: case counts after the first letter
    ("{{Infobox military conflicts|conflict=X}}", False),
    ("The Infobox military conflict template", False),
])
def test_the_conflict_infobox_is_found_as_mediawiki_spells_it(tmp_path, text, found):
    path = tmp_path / "one.xml"
    path.write_text(HEAD + page_xml(1, "X", 0, text) + TAIL, encoding="utf-8")
    assert len(documents(list(iter_dump(path)))) == int(found)


def test_an_empty_infobox_name_is_refused():
    with pytest.raises(ValueError, match="empty"):
        infobox_pattern(["Infobox military conflict", " _ "])


# --- what each document carries -----------------------------------------------------------------------------


def test_a_page_is_read_as_its_fixture_is_and_gives_the_same_conflict_record(dumps):
    docs = {d.id: d for d in read_path(dumps["multistream"]).documents}
    for doc_id, name in [("enwiki/Battle_of_Hodeidah", "battle_of_hodeidah.wiki"),
                         ("enwiki/Second_Battle_of_Tikrit", "second_battle_of_tikrit.wiki"),
                         (CONFLICTS[3], "syrian_desert_campaign.wiki")]:
        direct, paged = fixture_doc(name), docs[doc_id]
        assert paged.text == direct.text
        assert paged.infobox == direct.infobox
        conflict = extract(paged).conflict
        assert conflict is not None and conflict.sides
        assert conflict == extract(direct).conflict


def test_a_broken_infobox_is_still_read_with_warnings(dumps):
    doc = next(d for d in iter_dump(dumps["plain"]) if d.id == "enwiki/Broken_battle")
    assert isinstance(doc, Document) and doc.infobox and doc.warnings
    assert doc.warnings == fixture_doc("malformed.wiki").warnings


def test_the_title_is_the_page_title_and_the_reference_date_the_revision_day(dumps):
    doc = next(iter_dump(dumps["plain"]))
    assert (doc.id, doc.title, doc.reference_date) == ("enwiki/Battle_of_Hodeidah", "Battle of Hodeidah", "2024-03-01")
    assert doc.text.startswith("= Battle of Hodeidah =\n")


def test_each_page_comes_with_its_revision_url_and_licence(dumps):
    doc, said = next(iter_pages(dumps["bz2"]))
    assert doc.id == "enwiki/Battle_of_Hodeidah"
    assert said == {"page": "1", "revision": "1001", "timestamp": "2024-03-01T12:34:56Z",
                    "url": "https://en.wikipedia.org/w/index.php?oldid=1001", "licence": "CC BY-SA 4.0"}


def test_the_revision_is_the_documents_provenance_through_the_ledger(dumps, tmp_path):
    doc = next(iter_dump(dumps["plain"]))
    assert doc.provenance == Provenance("https://en.wikipedia.org/w/index.php?oldid=1001", "1001",
                                        "2024-03-01T12:34:56Z", "CC BY-SA 4.0")
    with warledger.open(tmp_path / "l.db") as led:
        led.ingest(dumps["plain"])
        stored = led.store.ledger_document("enwiki/Battle_of_Hodeidah")
        write_site(led, tmp_path / "site")
    assert stored is not None and stored.document.provenance == doc.provenance
    assert to_dict(stored.document)["provenance"]["url"].endswith("oldid=1001")
    page = next((tmp_path / "site" / "doc").glob("enwiki-Battle_of_Hodeidah-*.html")).read_text(encoding="utf-8")
    assert 'href="https://en.wikipedia.org/w/index.php?oldid=1001"' in page  # the revision read, cited


def test_a_page_over_the_size_limit_fails_alone(dumps):
    out = list(iter_dump(dumps["plain"], max_bytes=6000))  # the Syrian Desert campaign is 8 KB
    assert [d.id for d in out if isinstance(d, Document)] == CONFLICTS[:3]
    (failure,) = [d for d in out if isinstance(d, DocumentFailure)]
    assert failure.id == CONFLICTS[3]
    assert "over the limit of 6,000" in failure.reason and "--max-bytes" in failure.reason


# --- resuming ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start_after", ["Second Battle of Tikrit", "Second_Battle_of_Tikrit",
                                         "enwiki/Second_Battle_of_Tikrit"])
def test_start_after_skips_up_to_that_page(dumps, start_after):
    docs = documents(list(iter_dump(dumps["bz2"], start_after=start_after)))
    assert [d.id for d in docs] == CONFLICTS[2:]


def test_start_after_a_page_the_dump_lacks_is_one_failure(dumps):
    (failure,) = list(iter_dump(dumps["plain"], start_after="Battle of Nowhere"))
    assert isinstance(failure, DocumentFailure)
    assert "no page 'Battle of Nowhere' to start after" in failure.reason


# --- broken dumps ---------------------------------------------------------------------------------------------


def assert_one_line(failure: Document | DocumentFailure, *words: str) -> None:
    assert isinstance(failure, DocumentFailure)
    assert "\n" not in failure.reason and all(w in failure.reason for w in words), failure.reason


def test_a_truncated_dump_gives_the_pages_before_the_break_then_a_failure(tmp_path):
    data = dump_bytes()
    path = tmp_path / "cut.xml"
    path.write_bytes(data[:data.index(b"<title>Broken battle</title>") + 100])
    *docs, failure = list(iter_path(path))
    assert [d.id for d in docs] == CONFLICTS[:2]
    assert_one_line(failure, str(path), "breaks off after the page 'January 2021 Baghdad bombings'", "XML error")


def test_a_dump_cut_in_its_first_page_is_one_failure(tmp_path):
    path = tmp_path / "cut.xml"
    path.write_bytes(dump_bytes()[:len(HEAD) + 300])
    (failure,) = list(iter_path(path))
    assert_one_line(failure, "breaks off before its first page (XML error: unclosed token")


def test_a_multistream_dump_cut_in_its_second_stream_keeps_the_first(tmp_path):
    data = multistream_bytes()
    path = tmp_path / "cut.xml.bz2"
    path.write_bytes(data[:-40])
    out = list(iter_path(path))
    assert [d.id for d in out[:-1]] == CONFLICTS[:2]
    assert_one_line(out[-1], "breaks off after the page 'Second Battle of Tikrit'", "bz2 data ends")


@pytest.mark.parametrize(("name", "data", "why"), [
    ("notes.xml", b"Just some notes, not XML at all.\n", "XML error: syntax error: line 1, column 0"),
    ("feed.xml", b'<?xml version="1.0"?><rss><channel/></rss>', "its root element is <rss>"),
    ("empty.xml", b"", "XML error: no element found"),
    ("junk.xml.bz2", b"BZh9" + bytes(range(200)), "read error"),
    ("text.xml.bz2", bz2.compress(b"plain words"), "XML error"),
])
def test_a_file_that_is_no_dump_is_one_failure(tmp_path, name, data, why):
    path = tmp_path / name
    path.write_bytes(data)
    (failure,) = list(iter_path(path))
    assert_one_line(failure, f"{path}: not a MediaWiki XML dump", why)


def test_a_page_without_a_title_breaks_the_dump_without_raising(tmp_path):
    path = tmp_path / "odd.xml"
    pages = pages_xml()
    path.write_text(HEAD + pages[0] + pages[1].replace("<title>Palmyra</title>", "") + TAIL, encoding="utf-8")
    *docs, failure = list(iter_path(path))
    assert [d.id for d in docs] == CONFLICTS[:1]
    assert_one_line(failure, "breaks off after the page 'Battle of Hodeidah'")


def test_a_missing_dump_is_one_failure(tmp_path):
    (failure,) = list(iter_dump(tmp_path / "gone.xml.bz2"))
    assert_one_line(failure, "cannot read")


# --- recognising a dump ------------------------------------------------------------------------------------------


def test_a_dump_is_known_by_its_first_bytes_whatever_its_name(tmp_path):
    split_part = tmp_path / "enwiki-20240301-pages-articles-multistream1.xml-p1p41242.bz2"
    split_part.write_bytes(multistream_bytes())
    unnamed = tmp_path / "export"
    unnamed.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n' + dump_bytes())
    for path in (split_part, unnamed):
        assert looks_like_dump(path)
        assert [d.id for d in read_path(path).documents] == CONFLICTS
    assert not looks_like_dump(FIXTURES / "battle_of_hodeidah.wiki")


def test_a_dump_read_as_wikitext_is_still_a_dump_and_its_pages_keep_their_ids(dumps):
    result = read_path(dumps["plain"], fmt="wikitext", doc_id="ignored")
    assert [d.id for d in result.documents] == CONFLICTS


# --- memory -------------------------------------------------------------------------------------------------------


def _many_pages(path: Path, pages: int) -> Path:
    """A dump of ``pages`` small articles, none of them about a conflict."""
    with path.open("w", encoding="utf-8") as f:
        f.write(HEAD)
        for n in range(1, pages + 1):
            f.write(page_xml(n % 28 + 1, f"Village {n}", 0, f"'''Village {n}''' is a village. " * 10))
        f.write(TAIL)
    return path


def _peak_while_streaming(path: Path) -> int:
    """The peak of traced memory while streaming the dump at ``path``."""
    tracemalloc.start()
    try:
        assert list(iter_dump(path)) == []
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_however_many_pages(tmp_path):
    small, large = _many_pages(tmp_path / "small.xml", 300), _many_pages(tmp_path / "large.xml", 1500)
    assert list(iter_dump(small)) == []  # what the first dump read loads once (data files, patterns) is not counted
    grown = _peak_while_streaming(large) - _peak_while_streaming(small)
    assert grown < 20_000, grown  # an emptied page kept under the root costs about 80 bytes: 96,000 here


# --- through warledger ingest -----------------------------------------------------------------------------------


def test_ingest_takes_infobox_names_and_all_from_the_command_line(dumps, tmp_path):
    from typer.testing import CliRunner

    from warledger.cli import app

    runner, db = CliRunner(), str(tmp_path / "cli.db")
    plain = runner.invoke(app, ["ingest", str(dumps["bz2"]), "--db", db, "--workers", "1"])
    assert plain.exit_code == 0, plain.stderr
    more = runner.invoke(app, ["ingest", str(dumps["bz2"]), "--db", db, "--workers", "1",
                               "--infobox", "Infobox civilian attack"])
    assert more.exit_code == 0 and "1 new" in more.stdout  # the Baghdad bombings; the conflicts unchanged
    every = runner.invoke(app, ["ingest", str(dumps["bz2"]), "--db", db, "--workers", "1", "--all"])
    with warledger.open(db) as led:
        ids = {d["id"] for d in led.documents()}
    titles = [title for title, ns, _, redirect in PAGES if ns == 0 and redirect is None]
    assert every.exit_code == 0 and ids == {f"enwiki/{t.replace(' ', '_')}" for t in titles}
    empty = runner.invoke(app, ["ingest", str(dumps["bz2"]), "--db", db, "--infobox", " "])
    assert empty.exit_code == 2 and "infobox name" in empty.stderr


def test_a_dump_found_in_a_directory_is_read_and_a_second_run_resumes(dumps, tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / dumps["multistream"].name).write_bytes(dumps["multistream"].read_bytes())
    with warledger.open(tmp_path / "d.db") as led:
        first = led.ingest(folder)
        again = led.ingest(folder)
    assert first.new == len(CONFLICTS) and not first.failed
    assert again.new == 0 and again.unchanged == len(CONFLICTS)  # stored pages are not extracted again
