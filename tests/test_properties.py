"""Properties that hold for any input, bytes or text, in any format.

- reading never raises: what cannot be read is a :class:`DocumentFailure`;
- extraction never raises, save :class:`BudgetExceeded` when a document passes its budget;
- every value with evidence quotes the text at its offset (``doc.text[o:o + len(q)] == q``);
- the ledger JSON encodes as UTF-8 and reads back to the same JSON;
- the command line, given a bad file beside a good one, prints the good ledger and exits 0 or 1.

The inputs are built from the fragments that broke readers before: markup openers and closers,
infobox and heading lines, JSON lines with odd types, long digit runs, deep brackets, NULs, lone
surrogates, BOMs, CRLF and control characters. tests/test_extract_properties.py has the property
on news-like word salad; this file adds the hostile inputs and the other formats. The number of
examples comes from the Hypothesis profile (tests/conftest.py: ``ci`` when ``CI`` is set).

The regressions at the end are what these properties and ``bench/fuzz.py`` found, each as the
smallest input that showed it.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from warledger.audit import audit_document
from warledger.cli import app
from warledger.extract.pipeline import extract
from warledger.limits import BudgetExceeded
from warledger.model import Document, DocumentFailure, LedgerDocument, from_dict, to_dict
from warledger.read import FORMATS, ReadResult, read_path, read_string

GOOD = "On 3 March 2021, an airstrike killed 5 civilians in Idlib, according to SOHR.\n"

MARKUP = ["{{", "}}", "[[", "]]", "[", "]", "{", "}", "{|", "|}", "|-", "|", "||", "!", "<ref>", "</ref>",
          "<ref name=a />", '<ref name="b">', "<!--", "-->", "<br>", "<nowiki>", "</nowiki>", "'''", "''", "=",
          "==", "===", "\n== Course ==\n", "\n=== 2019 ===\n", "= Title =\n", "=  =\n", "\n- Field: value\n",
          "\n- Casualties1: 5 killed, 3 wounded (per SOHR)\n", "\n- Casualties2: unknown\n", "\n- Strength1: ~2,000\n",
          "\n- Commander1: A (KIA)\n", "\n- Combatant1: IS\n", "\n- Date: 2017 – 2024\n", "\n- : \n", "\n-  x\n",
          "\nnote1|SOHR: 264 killed in 2022\n", "{{Infobox military conflict\n| conflict = X\n| casualties1 = 5 killed",
          "{{flagicon|Syria}}", "[[Palmyra|Tadmur]]", "[http://x.org a]", "&nbsp;", "&#x41;", "* ", "** ", "# ",
          "---\ntitle: T\ndate: 2021-01-01\n---\n", "# Heading\n", "\r\n", "\r", "\n", "\n\n", "\t", "\ufeff",
          "\x00", "\ud800", "\udfff", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u200b", "\u202e", "–", "—",
          "½", "٣", "०", "Ⅻ"]
WORDS = ["On", "12", "March", "2019", ",", "IS", "SDF", "killed", "at least", "five", "soldiers", "near", "Palmyra",
         "and", "wounded", "according to", "SOHR", ".", "the next day", "between 26 and 30", "civilians",
         "including", "two children", "Deir ez-Zor", "since", "yesterday", "were", "dead", "(", ")", "T-4",
         "on 1, 2, 3, 4, 5 and 6 May", "dozens", "1,000", "2,000–3,000", "killing", "an ambush", "in 2022",
         "last year", "last week", "on Sunday", "two days ago", "1000000000 days ago", "the following day",
         "in the following days", "a few days before", "On 31 December 9999", "On 1 January 1", "three days later"]
DAYS = st.none() | st.dates().map(str) | st.sampled_from(["0001-01-01", "9999-12-31", "2021-02-30"])

LINE_STARTS = ["# ", "## ", "= ", "== ", "- ", "- Casualties1: 5", "note1|", "* ", "| ", "---\ndate:"]


def _digits() -> st.SearchStrategy[str]:
    return st.integers(1, 3000).map(lambda n: "9" * n) | st.text("0123456789,.–- ", min_size=1, max_size=400)


def _nested() -> st.SearchStrategy[str]:
    pairs = st.sampled_from([("{{", "}}"), ("[[", "]]"), ("(", ")"), ("[", "]"), ("<ref>", "</ref>"),
                             ("{|", "|}"), ("<!--", "-->"), ("'''", "'''")])
    return st.tuples(pairs, st.integers(1, 400), st.booleans()).map(
        lambda t: t[0][0] * t[1] + "x" + (t[0][1] * t[1] if t[2] else ""))


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                          max_size=3), max_leaves=8)


def _json_line() -> st.SearchStrategy[str]:
    odd = JSON_VALUES | st.sampled_from(["", " ", "2021-03-04", "2021-13-45", "wikitext", "jsonl", "bogus"])
    record = st.fixed_dictionaries({}, optional={"id": odd, "text": odd | st.just(GOOD), "date": odd,
                                                 "title": odd, "format": odd})
    return st.tuples(record | JSON_VALUES, st.booleans()).map(lambda t: json.dumps(t[0], ensure_ascii=t[1]) + "\n")


FRAGMENT = (st.sampled_from(MARKUP) | st.sampled_from(WORDS).map(lambda w: w + " ") | _digits() | _nested()
            | _json_line() | st.text(st.characters(exclude_categories=()), max_size=12)
            | st.tuples(st.sampled_from(MARKUP + WORDS), st.integers(2, 2000)).map(lambda t: t[0] * t[1])
            | st.tuples(st.sampled_from(LINE_STARTS), st.sampled_from([" ", "\t", " \t"]), st.integers(1, 3000)).map(
                lambda t: f"\n{t[0]}x{t[1] * t[2]}x\n"))
TEXTS = st.lists(FRAGMENT, max_size=50).map("".join)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"]


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


def _with_bytes(text: str, junk: bytes, at: int) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    return data[:at] + junk + data[at:]


BYTES = (st.binary(max_size=3000) | st.builds(_encoded, TEXTS, st.sampled_from(ENCODINGS))
         | st.builds(_with_bytes, TEXTS, st.binary(max_size=40), st.integers(0, 2000)))
SUFFIXES = [".txt", ".md", ".jsonl", ".wiki", "", ".JSONL"]


def _check_read(result: ReadResult) -> None:
    """Documents are clean text with offsets inside it; failures are one line naming where."""
    assert isinstance(result, ReadResult)
    for failure in result.failures:
        assert isinstance(failure, DocumentFailure) and failure.reason and "\n" not in failure.reason
    for doc in result.documents:
        assert isinstance(doc, Document) and doc.format in FORMATS and doc.format != "jsonl"
        assert "\x00" not in doc.text
        doc.text.encode("utf-8")  # no lone surrogate left
        n = len(doc.text)
        for section in doc.sections:
            assert 0 <= section.start <= section.end <= n, section
        for fld in [*doc.infobox, *doc.notes]:
            assert 0 <= fld.offset <= n, fld
            assert doc.text[fld.offset:fld.offset + len(fld.value)] == fld.value, fld
            for item in fld.items:
                assert doc.text[item.offset:item.offset + len(item.text)] == item.text, (item, fld)
        for citation in doc.citations:
            assert 0 <= citation.offset <= n, citation


def _span(text: str, offset: int | None, quote: str | None, what: object) -> None:
    if quote is not None:
        assert offset is not None and text[offset:offset + len(quote)] == quote, what


def _check_spans(doc: Document, ledger: LedgerDocument) -> None:
    """Every quote is the document text at its offset; every other offset lies inside the text."""
    text, n = doc.text, len(doc.text)
    for event in ledger.events:
        _span(text, event.offset, event.text, event)
        for support in event.support:
            _span(text, support.offset, support.text, support)
        for fig in event.casualties:
            _span(text, fig.quote_offset, fig.quote, fig)
        if event.place is not None and event.place.offset is not None:
            assert 0 <= event.place.offset < n, event.place
    for claim in ledger.claims:
        _span(text, claim.offset, claim.text, claim)
        _span(text, claim.quote_offset, claim.quote, claim)
    if ledger.conflict is not None:
        items = [*ledger.conflict.other_casualties, *(i for s in ledger.conflict.sides for i in s.casualties)]
        offsets = [i.offset for i in items] + [u.offset for u in ledger.conflict.unparsed]
        assert all(o is None or 0 <= o <= n for o in offsets), offsets


def _check_json(ledger: LedgerDocument) -> None:
    """The JSON is UTF-8 and reads back to the same JSON."""
    as_json = to_dict(ledger)
    encoded = json.dumps(as_json, ensure_ascii=False).encode("utf-8")
    again = from_dict(LedgerDocument, json.loads(encoded.decode("utf-8")))
    assert to_dict(again) == json.loads(encoded)


def _ledger(doc: Document) -> LedgerDocument | None:
    try:
        return extract(doc)
    except BudgetExceeded:
        return None


@given(BYTES, st.sampled_from(SUFFIXES), st.sampled_from([None, *FORMATS]),
       st.sampled_from([None, "2021-03-04", "2021-02-30", "yesterday", ""]))
def test_read_path_never_raises(data, suffix, fmt, date):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"in{suffix}"
        path.write_bytes(data)
        _check_read(read_path(path, fmt, date))
        _check_read(read_path(path, fmt, date, data=data, doc_id="stdin"))
        _check_read(read_path(path, fmt, date, max_bytes=max(1, len(data) // 2)))


@given(TEXTS, st.sampled_from([None, *FORMATS]), st.sampled_from(["", "x.jsonl", "x.wiki", "x.txt"]))
def test_read_string_never_raises(text, fmt, name):
    _check_read(read_string(text, "s", fmt, name=name))


@given(TEXTS, st.sampled_from(FORMATS), DAYS)
def test_extract_never_raises_keeps_spans_and_round_trips(text, fmt, date):
    result = read_string(text, "p", fmt=fmt, reference_date=date)
    _check_read(result)
    for doc in result.documents:
        ledger = _ledger(doc)
        if ledger is None:
            continue
        _check_spans(doc, ledger)
        _check_json(audit_document(ledger))


@given(st.lists(st.sampled_from(MARKUP) | st.sampled_from(WORDS).map(lambda w: w + " ") | _digits(),
                min_size=1, max_size=40).map("".join), DAYS)
def test_an_infobox_article_keeps_its_spans(body, date):
    """The wiki-plaintext shape: a title, infobox lines, then headings and prose, all of them mangled."""
    text = "= War =\n- Combatant1: IS\n- Casualties1: 5 killed\n" + body + "\n== Course ==\n" + body
    result = read_string(text, "w", reference_date=date)
    _check_read(result)
    for doc in result.documents:
        ledger = _ledger(doc)
        if ledger is not None:
            _check_spans(doc, ledger)
            _check_json(ledger)


runner = CliRunner()


@given(BYTES, st.sampled_from(SUFFIXES), st.booleans())
def test_cli_prints_the_good_ledger_beside_a_bad_file(data, suffix, from_stdin):
    with tempfile.TemporaryDirectory() as folder:
        good = Path(folder) / "good.txt"
        good.write_text(GOOD, encoding="utf-8")
        bad = Path(folder) / f"bad{suffix}"
        bad.write_bytes(data)
        result = runner.invoke(app, ["extract", str(good), "-" if from_stdin else str(bad), "--jsonl"],
                               input=data if from_stdin else None)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    ledgers = [json.loads(line) for line in result.stdout.split("\n") if line]  # a line may hold U+2028
    assert ledgers[0]["document"]["id"] == "good"
    assert [f["count"]["low"] for e in ledgers[0]["events"] for f in e["casualties"]] == [5]
    assert all(line.startswith("warledger: ") for line in result.stderr.splitlines()), result.stderr


# --- regressions: what these properties and bench/fuzz.py found ------------------------------------------------


def test_a_jsonl_number_too_long_for_python_is_a_bad_line_not_a_crash():
    long_number = '{"id": "a", "text": "5 killed", "n": ' + "9" * 5000 + "}"
    result = read_string(long_number + "\n" + json.dumps({"id": "b", "text": GOOD}), "x", name="x.jsonl")
    assert [d.id for d in result.documents] == ["b"]
    assert [f.reason for f in result.failures] == ["x.jsonl line 1: not readable JSON (a number of over 4,300 digits)"]
    assert read_string("9" * 4301, "x", name="x.jsonl").failures[0].reason.startswith("x.jsonl line 1: not readable")


def test_a_jsonl_record_may_hold_unescaped_line_separators(tmp_path):
    """JSON leaves U+2028, U+2029 and U+0085 unescaped (``ensure_ascii=False``); only "\\n" ends a record."""
    text = GOOD.replace(" killed", "\u2028killed").replace("Idlib", "Idlib\x85\u2029")
    batch = json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n" + json.dumps({"id": "b", "text": GOOD})
    assert [d.text for d in read_string(batch, "x", name="x.jsonl").documents] == [text, GOOD]
    result = runner.invoke(app, ["extract", "-", "--jsonl"], input=batch.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["document"]["id"] for line in result.stdout.split("\n") if line] == ["a", "b"]


def test_eval_says_in_one_line_what_json_it_cannot_read(tmp_path):
    for name, body in (("deep.json", "[" * 100_000 + "]" * 100_000), ("long.json", '{"schema": ' + "9" * 5000 + "}")):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        result = runner.invoke(app, ["eval", str(path), str(path)])
        assert result.exit_code == 2, result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.stderr.startswith(f"warledger: error: {path}: not a JSON file (")
        assert result.stderr.count("\n") == 1


def test_eval_reports_leaves_unreadable_lines_to_the_reader(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "a", "text": "5 killed in Homs", "killed": ' + "9" * 5000 + "}\n" + "[" * 100_000 + "\n"
                    + json.dumps({"id": "b", "text": GOOD, "killed": 5}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval-reports", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert "line 1: not readable JSON" in result.stderr
    assert "line 2: not valid JSON (nested too deeply)" in result.stderr


def test_an_infobox_claim_quotes_the_text_at_its_offset():
    """An item's words after a "Per SOHR:" label, the raw item when cleaning changed them, an "unknown" item."""
    text = ("= W =\n- Combatant1: IS\n- Combatant2: Syria\n- Casualties1: Per SOHR: 900 killed\n"
            "- Casualties2: Per SOHR: 12  killed, unknown\n- Casualties3: unknown\n\n== Course ==\nx\n")
    doc = read_string(text, "w").documents[0]
    claims = extract(doc).claims
    assert [c.quote for c in claims] == ["900 killed", "Per SOHR: 12  killed", "unknown", "unknown"]
    for claim in claims:
        assert doc.text[claim.quote_offset:claim.quote_offset + len(claim.quote)] == claim.quote
    assert claims[-1].quote_offset == text.index("unknown", text.index("Casualties3"))


def test_an_unnamed_infobox_line_is_quoted_at_its_offset():
    doc = read_string("= W =\n-   a line without a field name\n== A ==\nx\n", "w").documents[0]
    fld = doc.infobox[0]
    assert doc.text[fld.offset:fld.offset + len(fld.value)] == fld.value


def test_a_markdown_heading_with_a_long_run_of_blanks_reads_in_linear_time():
    """The heading pattern was cubic in the blanks of a line: a 4 KB line took minutes."""
    line = "# a" + " " * 200_000 + "b\n"  # the old pattern would not finish this in a day
    doc = read_string(line + "## Course ##\n" + GOOD, "h", fmt="text").documents[0]
    assert [(s.title, s.level) for s in doc.sections][-1] == ("Course", 2)


def test_a_reference_date_must_be_a_real_day():
    """30 February, month 13 or a trailing newline came through the YYYY-MM-DD pattern and failed in extraction."""
    batch = "\n".join(json.dumps({"id": f"r{i}", "text": "Yesterday 5 civilians were killed in Idlib.", "date": date})
                      for i, date in enumerate(["2021-02-30", "2021-13-01", "2021-03-04\n", "2021-03-04"]))
    result = read_string(batch, "b", name="b.jsonl")
    assert [d.id for d in result.documents] == ["r3"]
    assert result.failures[0].reason == "r0: reference date '2021-02-30' is not YYYY-MM-DD (a day of the calendar)"
    for front in ("date: 2021-02-30", 'date: "2021-02-30"', "date: " + "[" * 1000):
        doc = read_string(f"---\n{front}\n---\n{GOOD}", "f", fmt="text").documents[0]
        assert doc.reference_date is None and extract(doc).events


@pytest.mark.parametrize("date, text", [
    ("0001-01-01", "Yesterday 5 civilians were killed in Idlib. Last week 3 died."),
    ("0001-06-01", "Last year 5 civilians were killed in Idlib."),
    ("0999-06-01", "Last year 5 civilians were killed in Idlib."),
    ("2021-03-04", "1000000000 days ago 5 civilians were killed in Idlib."),
    (None, "On 31 December 9999, 5 civilians were killed in Idlib. The next day 3 died. In the following days 2 died."),
])
def test_relative_dates_past_the_calendar_ends_are_no_dates(date, text):
    doc = read_string(text, "c", fmt="text", reference_date=date).documents[0]
    ledger = extract(doc)
    spans = [e.date for e in ledger.events] + [c.period for c in ledger.claims]
    assert spans and all(dt.date.fromisoformat(day) for s in spans if s for day in (s.start, s.end) if day)
