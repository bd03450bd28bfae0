"""The hand-annotated Wikipedia set (eval/wikipedia): every gold figure stands in its article as quoted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SET = Path(__file__).resolve().parents[1] / "eval" / "wikipedia"
GOLDS = sorted(SET.glob("*.gold.json"))
STATUSES = {"killed", "wounded", "captured", "missing", "kidnapped", "arrested", "displaced", "killed or wounded",
            "killed or missing",
            "killed or captured"}


def test_the_set_is_there():
    assert len(GOLDS) >= 4
    assert "CC BY-SA 4.0" in (SET / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_every_quote_is_in_its_sentence_and_every_sentence_in_the_article(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    assert gold["licence"] == "CC BY-SA 4.0" and gold["url"].startswith("https://en.wikipedia.org/wiki/")
    quotes = {f["quote"] for f in gold["figures"]}
    for fig in gold["figures"]:
        assert fig["sentence"] in text and fig["quote"] in fig["sentence"], fig["quote"]
        assert fig["status"] in STATUSES and fig["kind"] in ("incident", "claim"), fig["quote"]
        assert fig["subset_of_quote"] is None or fig["subset_of_quote"] in quotes, fig["quote"]
        low, high = fig["count"]["low"], fig["count"]["high"]
        assert low is None or high is None or low <= high, fig["quote"]
