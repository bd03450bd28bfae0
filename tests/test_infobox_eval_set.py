"""The hand-annotated infobox set (eval/infobox): every gold record is well formed and belongs to its wikitext."""

from __future__ import annotations

import json
from pathlib import Path

import mwparserfromhell
import pytest

SET = Path(__file__).resolve().parents[1] / "eval" / "infobox"
GOLDS = sorted(SET.glob("*.gold.json"))
STATUSES = {"killed", "wounded", "captured", "missing", "kidnapped", "arrested", "displaced", "casualties"}
COMMANDER_STATUSES = {None, "KIA", "WIA", "POW", "MIA"}


def test_the_set_is_there():
    assert len(GOLDS) == len(list(SET.glob("*.wiki"))) >= 40
    assert "CC BY-SA 4.0" in (SET / "README.md").read_text(encoding="utf-8")


def _counts_ordered(items: list[dict]) -> bool:
    return all(c["low"] is None or c["high"] is None or c["low"] <= c["high"] for c in (i["count"] for i in items))


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_each_record_is_well_formed_and_of_its_infobox(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    wikitext = (SET / gold["file"]).read_text(encoding="utf-8")
    assert gold["licence"] == "CC BY-SA 4.0" and gold["url"].startswith("https://en.wikipedia.org/wiki/")
    template = mwparserfromhell.parse(wikitext).filter_templates(recursive=False)[0]
    assert str(template.name).strip().lower() == "infobox military conflict"
    conflict = gold["conflict"]
    assert [s["index"] for s in conflict["sides"]] == list(range(1, len(conflict["sides"]) + 1))
    for side in conflict["sides"]:
        assert all(c["status"] in COMMANDER_STATUSES for c in side["commanders"])
        assert all(i["status"] in STATUSES for i in side["casualties"])
        assert _counts_ordered(side["casualties"]) and _counts_ordered(side["strength"])
        # every combatant is named in the side's combatant fields (the annotation reads, it does not invent)
        fields = " ".join(str(p.value) for p in template.params if str(p.name).strip().startswith("combatant"))
        assert all(name.split()[-1].lower() in fields.lower() or name == "United Kingdom"
                   for name in side["combatants"]), side
