"""Readers on the seed, the shared Wikipedia corpus and broken input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warledger.read import detect_format, read_path, read_string
from warledger.read.sections import section_at
from warledger.read.wiki_plaintext import split_items

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_236a5c723bb0497d.txt"
EXAMPLE = Path(__file__).resolve().parents[1] / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
CORPUS = SHARED / "corpus" / "wikipedia"


@pytest.fixture(scope="module")
def seed():
    return read_path(EXAMPLE).documents[0]


def test_seed_reads_as_wiki_plaintext_with_exact_offsets(seed):
    assert seed.format == "wiki-plaintext"
    assert seed.title == "Syrian Desert campaign (2017–2024)"
    assert seed.text == EXAMPLE.read_text(encoding="utf-8")
    names = [f.name for f in seed.infobox]
    assert names[:3] == ["Conflict", "Partof", "Date"] and "Casualties3" in names
    for fld in seed.infobox:
        assert seed.text[fld.offset:fld.offset + len(fld.value)] == fld.value
        for item in fld.items:
            assert seed.text[item.offset:item.offset + len(item.text)] == item.text


def test_seed_note_line_is_kept_apart(seed):
    assert [n.name for n in seed.notes] == ["note1"]
    assert seed.notes[0].value.startswith("Accumulated fatalities according to SOHR: 1,611")


def test_seed_sections_nest_and_skip_the_timeline_level(seed):
    paths = [s.path for s in seed.sections]
    assert "2018 > April–June" in paths and "2019: IS insurgency begins" in paths and "Casualties" in paths
    offset = seed.text.index("On 22 May, an IS attack")
    assert section_at(seed, offset).path == "2018 > April–June"


def test_unit_items_keep_their_star_depth(seed):
    units = next(f for f in seed.infobox if f.name == "Units1")
    depths = [(i.text, i.depth) for i in units.items[:4]]
    assert depths == [("Syrian Arab Armed Forces", 0), ("Army", 1), ("4th Division", 2), ("12th Brigade", 3)]


def test_split_items_respects_parentheses():
    items = split_items("500–600 (UN estimate, 2024), 300 men", 10)
    assert [(i.text, i.offset) for i in items] == [("500–600 (UN estimate, 2024)", 10), ("300 men", 39)]


@pytest.mark.parametrize("data, message", [
    (b"", "file is empty"),
    (b"   \n\n", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
])
def test_unreadable_files_fail_with_one_line(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    result = read_path(path)
    assert not result.documents
    assert message in result.failures[0].reason and "\n" not in result.failures[0].reason


def test_oversized_file_names_the_limit_and_the_flag(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("On 3 May, 4 soldiers were killed.\n" * 100)
    reason = read_path(path, max_bytes=1000).failures[0].reason
    assert "over the limit of 1,000" in reason and "--max-bytes" in reason


def test_cp1252_text_is_read_with_a_warning(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Clashes near Ma’adan killed 5 soldiers.".encode("cp1252"))
    doc = read_path(path).documents[0]
    assert "Ma’adan" in doc.text
    assert any("cp1252" in w for w in doc.warnings)


def test_unknown_format_is_a_failure_not_a_crash():
    result = read_string("text", "x", fmt="pdf")
    assert "unknown format 'pdf'" in result.failures[0].reason


def test_bad_reference_date_is_refused():
    result = read_string("On Sunday 3 people died.", "x", fmt="text", reference_date="03/04/2021")
    assert "not YYYY-MM-DD" in result.failures[0].reason


def test_markdown_article_front_matter_gives_title_and_sections():
    path = CORPUS / "battle_of_tabqa.md"
    if not path.exists():
        pytest.skip("shared corpus not beside the repository")
    doc = read_path(path).documents[0]
    assert doc.format == "text" and doc.title == "Battle of Tabqa"
    assert doc.text.lstrip().startswith("The **Battle of Tabqa**")
    assert doc.source_offset(0) == path.read_text(encoding="utf-8").index(doc.text[:40])
    assert "Background" in [s.title for s in doc.sections]


def test_news_report_title_is_its_first_line():
    doc = read_string("IS ambush kills 7 soldiers\n\nSOHR said on Sunday that seven soldiers died.", "r",
                      reference_date="2021-03-04").documents[0]
    assert (doc.format, doc.title, doc.reference_date) == ("text", "IS ambush kills 7 soldiers", "2021-03-04")


def test_jsonl_batch_reports_bad_records_and_keeps_the_good():
    lines = [json.dumps({"id": "a", "text": "On 7 May 2020, IS killed 11 soldiers.", "date": "2020-05-08"}),
             "{broken",
             json.dumps({"id": "c", "text": ""}),
             json.dumps({"id": "d", "text": "Two civilians were injured.", "date": "yesterday"}),
             json.dumps({"id": "a", "text": "duplicate id"})]
    result = read_string("\n".join(lines), "batch", name="batch.jsonl")
    assert [d.id for d in result.documents] == ["a"]
    assert result.documents[0].reference_date == "2020-05-08"
    reasons = [f.reason for f in result.failures]
    assert "batch.jsonl line 2: not valid JSON (Expecting property name enclosed in double quotes)" in reasons
    assert "batch.jsonl line 3 (id 'c'): no \"text\"" in reasons
    assert any("not YYYY-MM-DD" in r for r in reasons)
    assert any("repeats id 'a'" in r for r in reasons)


@pytest.mark.parametrize("text, name, expected", [
    ("= War =\n- Date: 2019\n\n==Background==\nx", "a.txt", "wiki-plaintext"),
    ('{"id": "1", "text": "x"}\n{"id": "2", "text": "y"}\n', "b.txt", "jsonl"),
    ("{{Infobox military conflict\n| conflict = X\n}}\n'''X''' was a [[battle]].\n==Background==\n", "c", "wikitext"),
    ("IS ambush kills 7 soldiers near Palmyra.", "d.txt", "text"),
    ("anything", "e.jsonl", "jsonl"),
])
def test_format_detection(text, name, expected):
    assert detect_format(text, name) == expected


def test_seed_file_and_bundled_example_are_the_same_text():
    if not SEED.exists():
        pytest.skip("shared seed not beside the repository")
    assert SEED.read_bytes() == EXAMPLE.read_bytes()
