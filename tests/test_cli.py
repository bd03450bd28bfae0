"""The command line: output, exit codes and one-line errors on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warledger import __version__
from warledger.cli import app
from warledger.extractor_version import extractor_version

EXAMPLE = Path(__file__).resolve().parents[1] / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
GOLD = Path(__file__).resolve().parents[2] / "shared/gold/000_236a5c723bb0497d.json"
runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_version_and_help_teach_with_examples():
    assert run("--version").output.strip() == f"warledger {__version__}"
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"extract", "eval", "demo", "ingest", "events", "totals", "audit", "export", "serve"} <= set(commands)
    for command in commands:
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example" in result.output, command


def test_extract_json_is_the_contract(tmp_path):
    result = run("extract", str(EXAMPLE), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == "warledger/1"
    assert data["document"] == {"id": EXAMPLE.stem, "title": "Syrian Desert campaign (2017–2024)",
                                "format": "wiki-plaintext", "extractor_version": extractor_version()}
    assert len(data["conflict"]["sides"]) == 2 and data["events"] and data["claims"]


def test_summary_is_readable():
    result = run("extract", str(EXAMPLE))
    assert result.exit_code == 0
    assert "Suhayl al-Hasan WIA" in result.output and "events:" in result.output


def test_stdin_with_reference_date():
    result = run("extract", "-", "--date", "2021-03-04", "--json",
                 stdin="SOHR said seven regime soldiers were killed in an IS ambush near Palmyra on Tuesday.")
    event = json.loads(result.stdout)["events"][0]
    assert event["date"]["start"] == "2021-03-02"
    assert event["casualties"][0]["count"] == {"low": 7, "high": 7}


@pytest.mark.parametrize("content, message", [
    (b"", "file is empty"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "binary file"),
])
def test_unreadable_input_exits_1_with_one_line(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("extract", str(path), "--json")
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_missing_file_fails_its_document_and_unknown_format_is_bad_usage(tmp_path):
    assert run("extract", str(tmp_path / "none.txt")).exit_code == 1
    result = run("extract", str(EXAMPLE), "--format", "pdf")
    assert result.exit_code == 2 and "unknown format 'pdf'" in result.stderr


def test_partly_bad_batch_exits_1_and_keeps_the_good(tmp_path):
    batch = tmp_path / "reports.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "r1", "text": "On 7 May 2020, IS attacked a convoy near al-Shola, killing 11 soldiers."}),
        "{oops",
        json.dumps({"id": "r3", "text": "Two civilians were killed by a landmine near Palmyra.", "date": "2021-01-02"}),
    ]), encoding="utf-8")
    result = run("extract", str(batch), "--jsonl")
    assert result.exit_code == 1
    ids = [json.loads(line)["document"]["id"] for line in result.stdout.splitlines()]
    assert ids == ["r1", "r3"]
    assert "reports.jsonl line 2: not valid JSON" in result.stderr


def test_size_limit_names_the_flag(tmp_path):
    result = run("extract", str(EXAMPLE), "--max-bytes", "100")
    assert result.exit_code == 1 and "--max-bytes" in result.stderr


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold not beside the repository")
def test_eval_scores_the_seed(tmp_path):
    pred = tmp_path / "pred.json"
    pred.write_text(run("extract", str(EXAMPLE), "--json").stdout, encoding="utf-8")
    result = run("eval", str(pred), str(GOLD), "--json")
    scores = json.loads(result.stdout)
    assert scores["conflict"]["commanders"]["f1"] == 1.0
    assert all(scores["conflict"]["checks"].values())
    assert scores["events"]["f1"] > 0.85


def test_eval_refuses_a_non_ledger_file(tmp_path):
    other = tmp_path / "x.json"
    other.write_text("[1, 2]")
    result = run("eval", str(other), str(other))
    assert result.exit_code == 2 and "not a warledger/1 ledger document" in result.stderr


def test_console_script_runs_the_demo():
    result = subprocess.run([sys.executable, "-m", "warledger", "demo"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and "Ba'athist Syria" in result.stdout


def test_every_command_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    missing = [name for name in commands if f"warledger {name}" not in readme]
    assert commands and not missing
    setup = [line for line in readme.splitlines() if line.startswith("make ")][:2]
    assert setup[0].startswith("make demo ") and setup[1].startswith("make test ")


def test_extract_trace_says_which_stage_set_each_value_and_the_data_line(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("On 3 May 2021, IS killed 7 soldiers near Palmyra, according to SOHR.\n"
                      "The death toll rose to 9 on Tuesday, the Syrian army said.\n", encoding="utf-8")
    result = run("extract", str(report), "--trace")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "== report" and lines[1].startswith("[0] On 3 May 2021")
    figure = next(line for line in lines if line.split()[:3] == ["figures", "set", "figures:"])
    assert "'7 soldiers' → 7 pro-government killed" in figure
    place = next(line for line in lines if line.split()[0] == "places")
    assert "Palmyra (Homs)" in place and ".tsv:" in place  # the gazetteer line that names it
    assert any(line.split()[0] == "attributions" and "sources.yaml:" in line for line in lines[2:])


def test_extract_trace_is_one_output_of_three(tmp_path):
    assert run("extract", str(EXAMPLE), "--trace", "--json").exit_code == 2
