"""The extraction stages: the declared order holds, and each stage reads only what it declares."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from warledger.extract.analysis import DocAnalysis
from warledger.extract.pipeline import PIPELINE, STAGES, analyse, extract
from warledger.extract.stages import GIVEN, GIVEN_PER_SENTENCE, Pipeline, Stage, StageOrderError
from warledger.model import to_dict
from warledger.read import read_path, read_string

FIXTURES = Path(__file__).parent / "fixtures" / "wikitext"
REPORTS = Path(__file__).parent / "reports"


def _documents() -> list:
    with resources.as_file(resources.files("warledger.examples")) as examples:
        docs = [d for p in sorted(Path(examples).glob("*.txt")) for d in read_path(p).documents]
    docs += [d for p in sorted(FIXTURES.glob("*"))[:3] for d in read_path(p).documents]
    docs += read_path(REPORTS / "wire_with_background.jsonl").documents[:25]
    docs += read_path(REPORTS / "monitor_roundups.jsonl").documents[:25]
    return docs


def test_every_stage_reads_only_what_an_earlier_stage_set():
    set_so_far = {*GIVEN, *(f"sentence.{n}" for n in GIVEN_PER_SENTENCE)}
    for stage in STAGES:
        assert set(stage.requires) <= set_so_far, stage.name
        set_so_far |= set(stage.assigns)
    assert PIPELINE.stages == STAGES


def test_a_stage_before_what_it_reads_is_refused_when_the_pipeline_is_built():
    by_name = {s.name: s for s in STAGES}
    with pytest.raises(StageOrderError, match=r"stage 'figures' requires .*sides"):
        Pipeline([s for s in STAGES if s.name != "sides"])
    with pytest.raises(StageOrderError, match="'actors' requires theatre"):
        Pipeline([by_name["sentences"], by_name["actors"], by_name["places"], by_name["theatre"]])


def test_every_stage_says_what_it_does():
    for stage in STAGES:
        assert stage.rule and stage.rule[0].isupper(), stage.name


def test_strict_runs_see_only_what_each_stage_declares_and_give_the_same_ledger():
    for doc in _documents():
        strict = analyse(doc, strict=True)
        assert to_dict(extract(doc))["events"] == to_dict(strict.events), doc.id


def test_a_stage_reading_what_it_did_not_declare_fails_when_strict():
    doc = read_string("On 3 May 2021, IS killed 7 soldiers near Palmyra.", "r", fmt="text").documents[0]

    def peek_at_sides(analysis: DocAnalysis) -> None:
        """Reads the sides without saying so."""
        analysis.count = len(analysis.sides or ())

    sneaky = Stage("sneaky", peek_at_sides, ("sentences",), ("count",))
    pipeline = Pipeline([*STAGES, sneaky])
    assert pipeline(DocAnalysis(doc)).count == 2  # the loose run reads it unnoticed …
    with pytest.raises(AttributeError, match="sides"):
        pipeline(DocAnalysis(doc), strict=True)  # … the strict run does not


def test_a_stage_that_does_not_set_what_it_promises_fails_when_strict():
    doc = read_string("IS killed 7 soldiers.", "r", fmt="text").documents[0]
    idle = Stage("idle", lambda analysis: None, ("sentences",), ("sentence.mood",))
    with pytest.raises(StageOrderError, match=r"'idle' did not set sentence\.mood"):
        Pipeline([*STAGES, idle])(DocAnalysis(doc), strict=True)


def test_the_architecture_page_names_every_stage_and_what_it_sets():
    page = (Path(__file__).parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in page.splitlines() if line.startswith("| `")}
    for stage in STAGES:
        assert stage.name in rows, stage.name
        assert all(f"`{name}`" in rows[stage.name].split("|")[3] for name in stage.assigns), stage.name
