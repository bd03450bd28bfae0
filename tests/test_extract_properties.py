"""Properties of extraction that hold for any text: it never raises, every
quote is the text at its offset, and a batch of 1,000 reports comes out whole."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from warledger.cli import app
from warledger.extract.pipeline import extract
from warledger.read import read_string

WORDS = ["On", "12", "March", "2019", ",", "IS", "killed", "at", "least", "five", "soldiers", "near", "Palmyra",
         "and", "wounded", "others", "according", "to", "SOHR", ".", "the", "next", "day", "between", "26",
         "–", "30", "civilians", "including", "two", "children", "Deir", "ez-Zor", "since", "yesterday", "a",
         "group", "of", "fighters", "were", "dead", "\n", "==", "2020", "(", ")", "T-2", "4th", "Division"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=60), st.sampled_from(["text", "wikitext"]),
       st.none() | st.dates().map(str))
def test_extraction_never_raises_and_quotes_are_spans(words, fmt, date):
    result = read_string(" ".join(words), "p", fmt=fmt, reference_date=date)
    for doc in result.documents:
        ledger = extract(doc)
        for event in ledger.events:
            assert doc.text[event.offset:event.offset + len(event.text)] == event.text
            for fig in event.casualties:
                assert doc.text[fig.quote_offset:fig.quote_offset + len(fig.quote)] == fig.quote
        for claim in ledger.claims:
            assert doc.text[claim.offset:claim.offset + len(claim.text)] == claim.text


def test_a_batch_of_1000_reports_in_one_call(tmp_path):
    texts = ["On 7 May 2020, IS attacked military vehicles near al-Shola, Deir ez-Zor, killing 11 regime soldiers.",
             "SOHR said seven civilians were killed by a landmine near Palmyra on Sunday.",
             "Iraqi forces killed 12 militants near Mosul yesterday, the Security Media Cell said."]
    batch = tmp_path / "reports.jsonl"
    batch.write_text("\n".join(json.dumps({"id": f"r{i}", "text": texts[i % 3], "date": "2021-03-04"})
                               for i in range(1000)), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(batch), "--jsonl"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1000
    killed = [sum(f["count"]["low"] for e in doc["events"] for f in e["casualties"]) for doc in lines[:3]]
    assert killed == [11, 7, 12]
