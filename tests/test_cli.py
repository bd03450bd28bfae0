"""The command line: output, exit codes and one-line errors on bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
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


# --- the ledger commands: what they print is what they take, and what they refuse they say in one line ---

SEED = EXAMPLE.stem


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("ledger") / "ledger.db")
    assert run("ingest", str(EXAMPLE), "--db", db, "--workers", "1").exit_code == 0
    return db


def error_line(result) -> str:
    """The one line a refused command prints on stderr."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def event_ids(db: str, *filters: str) -> list[str]:
    result = run("events", "--db", db, "--json", *filters)
    assert result.exit_code == 0, result.stderr
    return [f"{e['document']}:{e['id']}" for e in json.loads(result.stdout)]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_events_print_ids_that_show_takes(ledger_db):
    ids = event_ids(ledger_db)
    assert len(ids) == 88 and all(i.startswith(f"{SEED}:e-") for i in ids)
    shown = run("show", ids[1], "--db", ledger_db)
    assert shown.exit_code == 0 and shown.stdout.startswith(ids[1])
    table = run("events", "--db", ledger_db, "--limit", "2")
    assert f"{SEED}:e-001" in table.stdout  # whole in the table, never cut to fit


def test_show_says_how_an_event_is_named(ledger_db):
    bare = run("show", "e-009", "--db", ledger_db)
    assert bare.exit_code == 2
    assert error_line(bare) == ("warledger: error: no event 'e-009': an event is named DOC:EVENT, as warledger "
                                f"events prints it; did you mean {SEED}:e-009?")
    assert "no document 'nope'" in error_line(run("show", "nope:e-001", "--db", ledger_db))
    assert f"document '{SEED}' has no event 'e-999'" in error_line(run("show", f"{SEED}:e-999", "--db", ledger_db))


@pytest.mark.parametrize("command", [
    ["events"], ["totals"], ["claims"], ["documents"], ["show", f"{SEED}:e-001"], ["audit"], ["incidents"],
    ["export", "--format", "json", "-o", "out.json"], ["report", "site"], ["serve"],
])
def test_reading_commands_refuse_a_ledger_that_is_not_there(tmp_path, command):
    missing = tmp_path / "leger.db"
    result = run(*command, "--db", str(missing))
    assert result.exit_code == 2
    assert error_line(result) == (f"warledger: error: no ledger at '{missing}'; make one with: "
                                  f"warledger ingest FILES --db {missing}")
    assert not missing.exists()


@pytest.mark.parametrize("option, typed, held", [
    ("--party", "ISIS", "IS"), ("--party", "isis", "IS"), ("--party", "Daesh", "IS"), ("--party", "is", "IS"),
    ("--admin1", "raqqa", "Raqqa"), ("--admin1", "Ar-Raqqah", "Raqqa"), ("--admin1", "Deir Ezzor", "Deir ez-Zor"),
    ("--status", "Killed", "killed"),
])
def test_filters_read_what_the_user_typed_as_the_ledger_spells_it(ledger_db, option, typed, held):
    result = run("events", "--db", ledger_db, "--json", option, typed)
    expected = event_ids(ledger_db, option, held)
    assert expected and [f"{e['document']}:{e['id']}" for e in json.loads(result.stdout)] == expected
    if typed.casefold() != held.casefold():
        assert f"warledger: note: {option} '{typed}' reads as '{held}'" in result.stderr


@pytest.mark.parametrize("option, typed, line", [
    ("--party", "ISSI", "no party 'ISSI' in this ledger; did you mean IS? "
                        "(parties: civilians, IS, pro-government, unknown)"),
    ("--party", "Wagner Group", "no party 'Wagner Group' in this ledger; did you mean pro-government? "
                                "(parties: civilians, IS, pro-government, unknown)"),
    ("--admin1", "Palmyra", "no governorate 'Palmyra' in this ledger; did you mean Homs? "
                            "(governorates: Aleppo, Damascus, Deir ez-Zor, Hama, Homs, Raqqa)"),
    ("--admin1", "Raqa", "no governorate 'Raqa' in this ledger; did you mean Raqqa? "
                         "(governorates: Aleppo, Damascus, Deir ez-Zor, Hama, Homs, Raqqa)"),
    ("--source", "SOHRR", "no source 'SOHRR' in this ledger; did you mean SOHR? "
                          "(sources: IS, Russia, SOHR, Syrian military, Syrian state media)"),
    # a part of the name is enough for rapidfuzz's WRatio (difflib suggested nothing here)
    ("--doc", "syrian", f"no document 'syrian' in this ledger; did you mean {SEED}? (documents: {SEED})"),
])
def test_a_filter_that_matches_nothing_names_the_closest_values(ledger_db, option, typed, line):
    result = run("events", "--db", ledger_db, option, typed)
    assert result.exit_code == 2 and result.stdout == ""
    assert error_line(result) == f"warledger: error: {line}"


@pytest.mark.parametrize("args, line", [
    (["--from", "2017-13-01"], "--from '2017-13-01' is not a calendar day; write YYYY-MM-DD, e.g. 2020-01-31"),
    (["--to", "2020-02-30"], "--to '2020-02-30' is not a calendar day; write YYYY-MM-DD, e.g. 2020-01-31"),
    (["--from", "2020-1-5"], "--from '2020-1-5' is not a calendar day; write YYYY-MM-DD, e.g. 2020-01-31"),
    (["--from", "2020-01-01", "--to", "2019-01-01"], "--from 2020-01-01 is after --to 2019-01-01: no day is in "
                                                     "between"),
])
def test_event_dates_must_be_calendar_days(ledger_db, args, line):
    result = run("events", "--db", ledger_db, *args)
    assert result.exit_code == 2 and error_line(result) == f"warledger: error: {line}"


def test_events_come_a_page_at_a_time_and_say_how_to_see_the_rest(ledger_db):
    every = event_ids(ledger_db)
    first = run("events", "--db", ledger_db, "--limit", "5", "--json")
    assert [f"{e['document']}:{e['id']}" for e in json.loads(first.stdout)] == every[:5]
    assert first.stderr.strip() == ("warledger: note: 83 more events: --offset 5 shows the next 5, "
                                    "--limit 0 all of them")
    page = run("events", "--db", ledger_db, "--limit", "5", "--offset", "5", "--format", "csv")
    assert [f"{row['document']}:{row['id']}" for row in csv_rows(page.stdout)] == every[5:10]
    table = run("events", "--db", ledger_db)
    assert "events 1–50 of 88" in table.stdout
    assert table.stdout.rstrip().endswith("38 more events: --offset 50 shows the next 38, --limit 0 all of them")
    last = run("events", "--db", ledger_db, "--offset", "50")
    assert "events 51–88 of 88" in last.stdout and "more events" not in last.output


def test_events_json_is_the_contract_with_each_document(ledger_db):
    extracted = {e["id"]: e for e in json.loads(run("extract", str(EXAMPLE), "--json").stdout)["events"]}
    result = run("events", "--db", ledger_db, "--json", "--limit", "0")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert len(listed) == len(extracted) and all(e["document"] == SEED for e in listed)
    assert all(e.keys() - {"document"} == extracted[e["id"]].keys() for e in listed)
    assert listed == json.loads(run("events", "--db", ledger_db, "--format", "json", "--limit", "0").stdout)


LISTINGS = ("events", "totals", "claims", "documents", "incidents")


def says_the_same(row: dict[str, str], record: dict) -> bool:
    """Whether a CSV row holds a JSON object: a string as it is, null empty, anything else as its JSON."""
    def cell(value: object, text: str) -> bool:
        if value is None or isinstance(value, str):
            return text == (value or "")
        return json.loads(text) == value

    return all(cell(record.get(column), text) for column, text in row.items()) and row.keys() >= record.keys()


@pytest.mark.parametrize("command", LISTINGS)
def test_csv_and_nl_hold_the_objects_of_json(ledger_db, command):
    records = json.loads(run(command, "--db", ledger_db, "--json").stdout)
    rows = csv_rows(run(command, "--db", ledger_db, "--csv").stdout)
    assert records and len(rows) == len(records)
    assert all(says_the_same(row, record) for row, record in zip(rows, records, strict=True))
    lines = run(command, "--db", ledger_db, "--nl").stdout.rstrip("\n").split("\n")
    assert [json.loads(line) for line in lines] == records
    assert run(command, "--db", ledger_db, "--format", "nl").stdout == "\n".join(lines) + "\n"


def test_csv_keeps_a_nested_value_in_one_cell_of_compact_json(ledger_db):
    row = next(row for row in csv_rows(run("events", "--db", ledger_db, "--csv").stdout) if row["casualties"] != "[]")
    figures = json.loads(row["casualties"])
    assert figures[0]["count"]["low"] >= 1 and figures[0]["status"]
    assert row["casualties"] == json.dumps(figures, ensure_ascii=False, separators=(",", ":"))
    assert json.loads(row["date"])["start"] <= json.loads(row["date"])["end"]


def test_machine_formats_list_every_event_and_the_table_a_page(ledger_db):
    every = event_ids(ledger_db)
    assert len(every) > 50
    csv_out = run("events", "--db", ledger_db, "--csv")
    nl_out = run("events", "--db", ledger_db, "--nl")
    assert [f"{row['document']}:{row['id']}" for row in csv_rows(csv_out.stdout)] == every
    assert [f"{e['document']}:{e['id']}" for e in map(json.loads, nl_out.stdout.splitlines())] == every
    assert csv_out.stderr == nl_out.stderr == ""  # nothing left to page through
    assert f"events 1–50 of {len(every)}" in run("events", "--db", ledger_db).stdout
    limited = run("events", "--db", ledger_db, "--nl", "--limit", "3", "--offset", "1")
    assert [f"{e['document']}:{e['id']}" for e in map(json.loads, limited.stdout.splitlines())] == every[1:4]
    assert "--offset 4 shows the next 3" in limited.stderr


@pytest.mark.parametrize("command", LISTINGS)
@pytest.mark.parametrize("flags, line", [
    (["--json", "--format", "csv"], "choose one of --json and --format csv"),
    (["--json", "--csv"], "choose one of --json and --csv"),
    (["--nl", "--csv"], "choose one of --csv and --nl"),
    (["--json", "--csv", "--nl"], "choose one of --json, --csv and --nl"),
    (["--nl", "--format", "table"], "choose one of --nl and --format table"),
    (["--format", "jsn"], "unknown --format 'jsn'; choose one of table, json, csv, nl; did you mean json?"),
    (["--format", "jsonl"], "unknown --format 'jsonl'; choose one of table, json, csv, nl; did you mean nl or json?"),
])
def test_one_output_format_at_a_time(ledger_db, command, flags, line):
    result = run(command, "--db", ledger_db, *flags)
    assert result.exit_code == 2 and result.stdout == ""
    assert error_line(result) == f"warledger: error: {line}"


def test_a_flag_and_its_format_alias_agree(ledger_db):
    both = run("totals", "--db", ledger_db, "--csv", "--format", "csv")
    assert both.exit_code == 0 and both.stdout == run("totals", "--db", ledger_db, "--csv").stdout


def test_totals_name_a_grouping_they_do_not_know(ledger_db):
    result = run("totals", "--db", ledger_db, "--by", "yaer,party")
    assert result.exit_code == 2
    assert error_line(result) == ("warledger: error: cannot group totals by 'yaer'; --by takes a comma-separated "
                                  "list of year, month, party, admin1, source, status; did you mean year?")
    policy = run("totals", "--db", ledger_db, "--policy", "best")
    assert error_line(policy) == "warledger: error: unknown --policy 'best'; choose one of conservative, median"
    assert run("totals", "--db", ledger_db, "--by", "Year, party", "--json").exit_code == 0


def test_totals_take_the_filters_of_events(ledger_db):
    import warledger

    with warledger.open(ledger_db) as led:
        want = led.totals(("party",), "killed", admin1="Homs", date_from="2018-01-01", type="Battles")
        by_source = led.totals(("party",), "killed", source="SOHR")
    got = run("totals", "--db", ledger_db, "--by", "party", "--admin1", "homs", "--from", "2018-01-01",
              "--type", "battles", "--json")
    assert got.exit_code == 0 and json.loads(got.stdout) == want and want
    sohr = run("totals", "--db", ledger_db, "--by", "party", "--source", "SOHR", "--json")
    assert json.loads(sohr.stdout) == by_source
    bad = run("totals", "--db", ledger_db, "--from", "2017-13-01")
    assert bad.exit_code == 2 and "--from" in error_line(bad)


def reports(tmp_path: Path, n: int) -> Path:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps({"id": f"r{i}", "text": f"On 7 May 2020, IS killed {i + 2} soldiers "
                                           "near Palmyra."}) for i in range(n)), encoding="utf-8")
    return batch


def test_ingest_tells_a_log_how_far_it_got(tmp_path, monkeypatch):
    from warledger import cli_ledger

    monkeypatch.setattr(cli_ledger, "PROGRESS_EVERY", 0.0)  # a line after every document, as after every 10 s
    result = run("ingest", str(reports(tmp_path, 3)), "--db", str(tmp_path / "l.db"), "--workers", "1")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"ingest: {n} document{'s' * (n > 1)} so far (file 1 of 1: batch.jsonl) …"
                                          for n in (1, 2, 3)]


def test_ingest_tells_a_log_every_n_documents(tmp_path, monkeypatch):
    from warledger import cli_ledger

    monkeypatch.setattr(cli_ledger, "PROGRESS_DOCUMENTS", 2)  # as every 1,000, however fast
    result = run("ingest", str(reports(tmp_path, 5)), "--db", str(tmp_path / "l.db"), "--workers", "1")
    assert result.exit_code == 0
    assert [line.split(" so far")[0] for line in result.stderr.splitlines()] == [
        "ingest: 2 documents", "ingest: 4 documents"]


def test_a_fast_ingest_prints_no_progress(tmp_path):
    result = run("ingest", str(reports(tmp_path, 3)), "--db", str(tmp_path / "l.db"), "--workers", "1")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_says_it_is_building_the_environment_before_it_does(tmp_path):
    root = Path(__file__).resolve().parents[1]
    plan = subprocess.run(["make", "-n", "-C", str(root), "demo", f"VENV={tmp_path / 'venv'}"],
                          capture_output=True, text=True, timeout=30).stdout.splitlines()
    building = next(i for i, line in enumerate(plan) if "building the environment" in line)
    assert building < next(i for i, line in enumerate(plan) if " -m venv " in line)
