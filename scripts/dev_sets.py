"""Development sets that are not ours: third-party incident data with narrative text and coded counts.

    .venv/bin/python scripts/dev_sets.py build    # cached raw files -> /work/cache/devsets/<set>.jsonl
    .venv/bin/python scripts/dev_sets.py score    # extract each converted set; killed-exact and wounded-exact

Every third-party file lives OUTSIDE the repository, under ``$WARLEDGER_DEVSETS`` (default
``/work/cache/devsets``): the raw files of a set in ``<set>/``, the converted reports in ``<set>.jsonl``
(the format ``warledger eval-reports`` reads) and, after ``score``, the misses in ``<set>.misses.jsonl``.
Nothing here is committed but this script; each set's function says where its raw file came from.

The Syria and Iraq rows of any third-party set are the project's private test: ``build`` drops every row
whose country is Syria or Iraq before anything else reads it.

The scoring rule is ``warledger eval-reports``'s: a report is right when the killed count extracted from it
(over its incidents, each party's most conservative figure, parts of a total left out) equals the coded count.
Wounded is scored the same way from the wounded figures, where a set codes it.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

CACHE = Path(os.environ.get("WARLEDGER_DEVSETS", "/work/cache/devsets"))
PRIVATE = {"syria", "iraq"}  # our own test: never converted, never read

Row = dict[str, Any]


class Missing(Exception):
    """A cached raw file (or a converted set) is not where it should be."""


def _raw(name: str, file: str) -> Path:
    path = CACHE / name / file
    if not path.is_file():
        raise Missing(f"{path} is missing: put the raw file of set {name!r} there (see scripts/dev_sets.py)")
    return path


def _private(country: str | None) -> bool:
    return (country or "").strip().casefold() in PRIVATE


def _int(value: Any) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


def _low(value: Any) -> int | None:
    """The low end of a coded count: ``"6"`` -> 6, ``"3-4"`` -> 3; anything else (blank, "Unknown") -> None."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*\d+\s*)?", str(value if value is not None else ""))
    return int(m.group(1)) if m else None


def _report(rid: str, text: str, date: str | None, killed: int, why: str, paragraphs: bool = False,
            **extra: Any) -> Row:
    """One report in the format ``warledger eval-reports`` reads; its text's spaces collapsed, its line breaks
    kept as paragraph breaks only when ``paragraphs`` (a set whose raw text has a line for a dateline or a
    heading)."""
    parts = text.splitlines() if paragraphs else [text]
    row: Row = {"id": rid, "text": "\n\n".join(" ".join(part.split()) for part in parts if part.strip())}
    if date:
        row["date"] = date
    row.update(killed=killed, why=why, **extra)
    return row


# --- the sets ------------------------------------------------------------------------------------------------


def acled_africa() -> Iterator[Row]:
    """ACLED Africa event notes, June–July 2016 (500 rows over 35 countries; 285 of political violence, 29 countries).

    Source: github.com/AschHarwood/acled, file ``acled.csv``, commit f435e91d548a9a560c81ff42791dc86af860c179
    (2016-09-26). An ACLED export (columns notes, fatalities, event_date, country, admin1, event_type...).
    Terms: the repository states no licence; the data are ACLED's, under ACLED's terms of use (attribution;
    non-commercial use) -- https://acleddata.com/terms-of-use/. Cache: ``acled_africa/acled.csv``.

    Kept: rows of political violence (battles, violence against civilians, remote violence); riots, protests,
    strategic developments and non-violent transfers are left out. ``fatalities`` is the event's total over
    every party, so it is compared with the killed total over every party.
    """
    violent = re.compile(r"^(battle|violence against civilians|remote violence)", re.I)
    with _raw("acled_africa", "acled.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if _private(r.get("country")) or not violent.match(r.get("event_type") or ""):
                continue
            killed = _int(r.get("fatalities"))
            if killed is None or not (r.get("notes") or "").strip():
                continue
            yield _report(f"acled-{r['event_id_cnty']}", r["notes"], r.get("event_date") or None, killed,
                          "acled_africa coded count", country=r.get("country"), event_type=r.get("event_type"))


def dronestream() -> Iterator[Row]:
    """US drone strikes in Pakistan, Yemen and Somalia, 2002–2014: the Bureau of Investigative Journalism's
    one-line strike summaries with its coded deaths (min–max) and injuries, as served by the Dronestream API.

    Source: github.com/alachyankar/dronestream-map, file ``data.json``, commit
    6cdbe88ef0750b5ae5a705b0d82cfd670198a983 (2014-10-29): a dump of http://api.dronestre.am/data.
    Terms: the repository states no licence; the summaries and counts are the Bureau of Investigative
    Journalism's (thebureauinvestigates.com), relayed by Josh Begley's Dronestream. Cache: ``dronestream/data.json``.

    ``killed`` is the low end of the coded deaths (``"3-4"`` -> 3), the extractor's conservative reading;
    ``killed_max`` is kept so a count inside the range can be told apart. Strikes with deaths coded as
    "Unknown" are left out. ``wounded`` is the low end of the coded injuries where any are coded.
    """
    strikes = json.loads(_raw("dronestream", "data.json").read_text(encoding="utf-8"))["strike"]
    for s in strikes:
        if _private(s.get("country")) or not (s.get("bij_summary_short") or "").strip():
            continue
        low, high = _low(s.get("deaths")), _low(s.get("deaths_max"))
        if low is None:
            continue
        extra: Row = {"killed_max": max(high or low, low), "country": s.get("country")}
        wounded = _low(s.get("injuries"))
        if wounded is not None:
            extra["wounded"] = wounded
        # the running number is unique; a few bureau ids repeat (two strikes on one entry)
        yield _report(f"drone-{s.get('number')}-{s.get('bureau_id') or ''}", s["bij_summary_short"],
                      (s.get("date") or "")[:10] or None, low, "dronestream coded count", **extra)


def wiki_terror() -> Iterator[Row]:
    """A list of terrorist incidents, 2016–2022, 324 rows over 50 countries (291 and 48 without Syria and Iraq):
    one paragraph per incident in the style of Wikipedia's yearly "List of terrorist incidents" articles, with
    coded Dead and Injured.

    Source: github.com/namin1993/Capstone_Project, file ``segment_3_load_terror_table/static/js/data_terror.js``,
    commit 2a6992d4d1442b86305757298a827b09bc752f52 (2022-09-09; deleted from the repository later). The
    repository names its upstream only as ``Resources/klapeye-global-terrorism.csv``; the descriptions read as
    Wikipedia list entries (Wikipedia text is CC BY-SA 4.0). The repository states no licence.
    Cache: ``wiki_terror/data_terror.js``. Only the year is coded, so no reference date is given.
    """
    text = _raw("wiki_terror", "data_terror.js").read_text(encoding="utf-8")
    rows = json.loads(text[text.index("["):].rstrip().rstrip(";"))
    for n, r in enumerate(rows, start=1):
        if _private(r.get("Country")) or not (r.get("Description") or "").strip():
            continue
        killed = _int(r.get("Dead"))
        if killed is None:
            continue
        # The lists give the attackers apart ("15 (+13)"): Dead and Injured count the victims only.
        extra: Row = {"country": r.get("Country"), "year": r.get("Year"), "attackers_counted": False}
        wounded = _int(r.get("Injured"))
        if wounded is not None:
            extra["wounded"] = wounded
        yield _report(f"wiki-{n:03d}", r["Description"], None, killed, "wiki_terror coded count", **extra)


def _every(rows: list[Row], limit: int) -> list[Row]:
    """At most about ``limit`` rows, every k-th of them in file order, so the choice spreads over the file."""
    step = -(-len(rows) // limit) if rows else 1
    return rows[::step]


def _gtd_date(r: dict[str, str]) -> str | None:
    """``iyear-imonth-iday`` as YYYY-MM-DD; None when the month or the day is coded 0 (unknown)."""
    year, month, day = _int(r.get("iyear")), _int(r.get("imonth")), _int(r.get("iday"))
    return f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None


def gtd() -> Iterator[Row]:
    """Global Terrorism Database (START, University of Maryland), release 0718: 474 incidents in the United
    States, 2000–2017, each with its incident summary ("MM/DD/YYYY: ...") and coded nkill and nwound (393 with
    no death: a set that mostly tests not inventing deaths).

    Source: github.com/extinctconcept/CS5820-Final, file ``data/globalterrorismdb_0718dist.csv``, commit
    1a042184e06893a956ffa52bc34ff8be44c7b0aa (2020-11-17, "fixed terror data": the eventids restored; the file is
    unchanged since): an extract of ``globalterrorismdb_0718dist.csv`` with all 135 GTD columns, cp1252-encoded.
    (The copy first looked at, github.com/nehabaddam/Topics-in-CS ``Assignment-2/globalterrorismdb.csv``, holds
    37 rows of 1970 and no summaries.) Terms: the repository states no licence; the data are START's, under the
    GTD End User Agreement (cite the GTD; non-commercial use; no public posting or redistribution) --
    https://www.start.umd.edu/gtd/. Cache: ``gtd/globalterrorismdb_0718dist.csv``.

    Kept: rows with a summary and a numeric ``nkill`` (every k-th if more than 500). Caveat: GTD's ``nkill`` is the
    total confirmed deaths INCLUDING perpetrators (codebook; ``nkillter`` counts the perpetrators, kept as
    ``perpetrators_killed``), and ``nwound`` likewise includes wounded perpetrators. ``date`` is the incident day
    where month and day are known (GTD codes an unknown one as 0).
    """
    with _raw("gtd", "globalterrorismdb_0718dist.csv").open(encoding="cp1252", newline="") as f:
        rows = [r for r in csv.DictReader(f) if not _private(r.get("country_txt"))]
    rows = [r for r in rows if (r.get("summary") or "").strip() and _int(r.get("nkill")) is not None]
    for r in _every(rows, 500):
        extra: Row = {"country": r.get("country_txt"), "provstate": r.get("provstate")}
        for key, field in (("wounded", "nwound"), ("perpetrators_killed", "nkillter")):
            if _int(r.get(field)) is not None:
                extra[key] = _int(r.get(field))
        yield _report(f"gtd-{r['eventid']}", r["summary"], _gtd_date(r), _int(r["nkill"]) or 0,
                      "gtd coded nkill", **extra)


def gtd_world() -> Iterator[Row]:
    """Global Terrorism Database (START, University of Maryland) incidents worldwide, 2000–2017, outside the United
    States, Syria and Iraq: every fifth of 2,844 rows with a summary (Afghanistan, Nigeria, Pakistan, India, Yemen,
    Bangladesh, Russia, the Philippines, Somalia …), each "MM/DD/YYYY: ..." with coded nkill and nwound.

    Source: github.com/marco2012/GlobalTerrorism, file ``static/data/terrorism_2000.csv``, commit
    d71348d420a57a11c9e7346d2aa5c2b7328abb42: an extract of GTD made for a visualisation (20 columns; no ``iday``
    and no ``nkillter``: the day is read from the eventid, YYYYMMDD…). Terms: the repository states no licence;
    the data are START's, under the GTD End User Agreement (no redistribution). Cache:
    ``gtd_world/terrorism_2000.csv``. The extract codes no blank ``nkill``: an unknown toll may stand as 0.
    ``nkill`` and ``nwound`` include the perpetrators (GTD's codebook).
    """
    with _raw("gtd_world", "terrorism_2000.csv").open(encoding="utf-8", errors="replace", newline="") as f:
        rows = [r for r in csv.DictReader(f) if (r.get("summary") or "").strip() and _int(r.get("nkill")) is not None
                and r.get("country_txt") != "United States" and not _private(r.get("country_txt"))]
    for r in _every(rows, 570):
        day = r["eventid"][:8]
        date = f"{day[:4]}-{day[4:6]}-{day[6:]}" if day[4:6] != "00" and day[6:] != "00" else None
        extra: Row = {"country": r.get("country_txt")}
        if _int(r.get("nwound")) is not None:
            extra["wounded"] = _int(r.get("nwound"))
        yield _report(f"gtdw-{r['eventid']}", r["summary"], date, _int(r["nkill"]) or 0, "gtd coded nkill", **extra)


def rand() -> Iterator[Row]:
    """RAND Database of Worldwide Terrorism Incidents (RDWTI), 1998–2009, outside Syria and Iraq: 21,420 incidents,
    each a description of one to a few sentences (Afghanistan, the West Bank and Gaza, Thailand, Colombia, Israel,
    India, Kashmir, Pakistan, Nepal, Spain, Russia, Somalia …) with coded Fatalities and Injuries.

    Source: github.com/paulnorthrop/exdex, file ``data/terrorism.rda`` at commit
    67084d1a0b3c741d18cef92ef8fb106f645128c8 (2018-09-30; removed from the package later): the whole RDWTI, 1968–2009,
    40,129 rows of Date, City, Country, Perpetrator, Weapon, Injuries, Fatalities, Description. Terms: the data are
    the RAND Corporation's (https://www.rand.org/nsrd/projects/terrorism-incidents.html), not for redistribution.
    The R file was turned into ``rand/rdwti.csv`` once, outside the project, with the ``rdata`` package (text read
    as Mac Roman, the day counts from 1970-01-01 written as ISO days). Cache: ``rand/rdwti.csv``.

    Kept: rows from 1998 on (when the database took in domestic incidents as well as international ones) with a
    description; every k-th of those with deaths (about 500) and of those without (about 200), so the set weighs
    the reading of tolls while still testing that no death is made up. The description opens with the country in
    capitals in the older rows ("PERU.  …"). Whether a dead attacker is in Fatalities is not stated.
    """
    with _raw("rand", "rdwti.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if not _private(r.get("Country")) and r["Date"] >= "1998"
                and (r.get("Description") or "").strip() and _int(r.get("Fatalities")) is not None]
    deadly = [r for r in rows if _int(r["Fatalities"])]
    quiet = [r for r in rows if not _int(r["Fatalities"])]
    for n, r in enumerate(_every(deadly, 500) + _every(quiet, 200)):
        extra: Row = {"country": r.get("Country")}
        if _int(r.get("Injuries")) is not None:
            extra["wounded"] = _int(r["Injuries"])
        yield _report(f"rand-{r['Date']}-{n:03d}", r["Description"], r["Date"] or None, _int(r["Fatalities"]) or 0,
                      "rand coded Fatalities", **extra)


ACLED_VIOLENT = re.compile(r"^(battle|violence against civilians|remote violence|explosions)", re.I)


def _acled_rows(name: str, file: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    """An ACLED export's rows of political violence with notes and a numeric count, Syria and Iraq left out; the
    column names are folded to lower case (exports before 2017 write them in capitals)."""
    with _raw(name, file).open(encoding=encoding, newline="") as f:
        rows = [{k.lower(): v for k, v in r.items()} for r in csv.DictReader(f)]
    return [r for r in rows if not _private(r.get("country")) and ACLED_VIOLENT.match(r.get("event_type") or "")
            and (r.get("notes") or "").strip() and _int(r.get("fatalities")) is not None]


def _acled_report(set_name: str, r: dict[str, str]) -> Row:
    return _report(f"{set_name}-{r['event_id_cnty']}", r["notes"], _acled_day(r.get("event_date")),
                   _int(r["fatalities"]) or 0, f"{set_name} coded count", country=r.get("country"),
                   event_type=r.get("event_type"), acled_admin1=r.get("admin1"))


def _acled_day(value: str | None) -> str | None:
    """ACLED's event date as ISO: "04 May 2020", "2015-03-21", "21/03/2015" (day first) or "01-January-2015"."""
    from datetime import datetime

    for form in ("%d %B %Y", "%B %d %Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%B-%Y"):
        try:
            return datetime.strptime((value or "").strip(), form).date().isoformat()
        except ValueError:
            continue
    return None


def acled_2020() -> Iterator[Row]:
    """ACLED event notes, 27 April – 9 May 2020, worldwide: Ukraine, Yemen, Mexico, India, Pakistan, Afghanistan,
    Libya, Azerbaijan, Somalia, Nigeria and more; 2,368 rows of political violence outside Syria and Iraq.

    Source: github.com/RPanlilio/acled, file ``acled.csv``, commit 6566b7a91ffb49efeb50adf98ae737e5fb511ca1 (an
    ACLED export of the 2020 format: notes open "On 4 May 2020, ..."). Terms: the repository states no licence; the
    data are ACLED's, under ACLED's terms of use -- https://acleddata.com/terms-of-use/. Cache:
    ``acled_2020/acled.csv``. Kept: battles, explosions and remote violence, violence against civilians (every k-th
    if more than 700). ``fatalities`` is the event's total over every party; some notes say the count was coded
    otherwise than the text tells ("coded as 10"), as ACLED's rules ask.
    """
    for r in _every(_acled_rows("acled_2020", "acled.csv"), 700):
        yield _acled_report("acled20", r)


def acled_asia_2015() -> Iterator[Row]:
    """ACLED Asia event notes, 2015: India, Pakistan, Bangladesh, Nepal, Myanmar, Thailand, Cambodia, Sri Lanka;
    2,249 rows of political violence, often whole news paragraphs.

    Source: github.com/katehara/ACLED---Data-Mining, file ``acled.csv``, commit
    6167f4fb362dc0b92c8b7aec797f52ca2fcb2dc5 (the 2015 ACLED Asia pilot, columns in capitals). Terms: the
    repository states no licence; ACLED's terms of use apply. Cache: ``acled_asia_2015/acled.csv``. Kept as
    ``acled_2020`` keeps its rows (every k-th if more than 700).
    """
    for r in _every(_acled_rows("acled_asia_2015", "acled.csv"), 700):
        yield _acled_report("acled15", r)


def _airwars_count(value: str | None) -> tuple[int, int] | None:
    """Airwars' "3 – 7" or "2" as (low, high); "Unknown" -> None."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?", value or "")
    return (int(m.group(1)), int(m.group(2) or m.group(1))) if m else None


def airwars_gaza() -> Iterator[Row]:
    """Airwars' assessments of civilian harm in Gaza, October 2023 onward: 584 incidents, each a narrative of one to
    several paragraphs naming the victims, with the civilians reported killed (a range) and injured.

    Source: github.com/klinares/airwars_scraping_project, file ``data/airwars_incidence.csv``, commit
    71500501fafa794064b0c3880d7732d594ad2d08 (deleted from the repository later), scraped from airwars.org. Terms:
    the repository states no licence; the texts are Airwars'. Cache: ``airwars_gaza/airwars_incidence.csv``.
    The scrape ran paragraphs together (a sentence's full stop runs into the next one's first word) and appended
    the page's summary table (", SummaryStrike status..."), which is cut off. ``killed`` is the low end of the
    civilians reported killed and ``killed_max`` its high end; Airwars counts civilians only, and turns vague words
    into numbers by its own method ("others" as two).
    """
    with _raw("airwars_gaza", "airwars_incidence.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        killed, injured = _airwars_count(r.get("Civilians reported killed")), \
            _airwars_count(r.get("Civilians reported injured"))
        text = (r.get("Airwars_assessment") or "").split(", SummaryStrike status")[0]
        if killed is None or not text.strip():
            continue
        extra: Row = {"country": "Palestine", "killed_max": killed[1]}
        if injured is not None:
            extra["wounded"] = injured[0]
        yield _report(f"airwars-{r['Incidence_id']}", text, _acled_day(r.get("Incidence_date", "").replace("-", " ")
                      .title()), killed[0], "airwars civilians reported killed (low end)", **extra)


def isaf() -> Iterator[Row]:
    """ISAF press releases on operations in Afghanistan, 2009–2013: 724 releases of a few paragraphs each (a
    dateline, the operation, the people killed or detained, often a leader named and what he did), each coded by
    one expert annotator with the least number killed and the least number captured.

    Source: github.com/strickvl/isafpr_finetune, file ``data/isaf_press_releases_ft_test.jsonl`` (the test split,
    in a chat format: the release after "PRESS RELEASE TEXT:", the coding as JSON), commit
    be1b439727f51bfdb68d32ce47ec111c64645e7e; the data set's card on the Hugging Face hub
    (strickvl/isafpressreleases) states CC BY-SA 4.0. Cache: ``isaf/isaf_press_releases_ft_test.jsonl``.
    ``killed`` is ``min_killed`` (every party: insurgents and, in a few releases, civilians), ``captured`` is
    ``min_captured`` (people detained or captured); ``date`` is the day of the release, read from its dateline. The
    coder turns vague words into fixed least numbers ("several" as three).
    """
    with _raw("isaf", "isaf_press_releases_ft_test.jsonl").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            turns = {turn["from"]: turn["value"] for turn in json.loads(line)["conversations"]}
            coded = json.loads(turns["gpt"])
            text = turns["human"].removeprefix("PRESS RELEASE TEXT:").strip()
            yield _report(f"isaf-{i:04d}", text, _release_day(text, coded["start_date"]), coded["min_killed"],
                          "isaf min_killed", paragraphs=True, country="Afghanistan", captured=coded["min_captured"])


DATELINE = re.compile(r"\(([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:,\s+(\d{4}))?\)")


def _release_day(text: str, operation_day: str) -> str:
    """The day a release was issued, from its dateline ("KABUL, Afghanistan (Jan. 18)"), its year that of the
    operation's coded day (the next one for a dateline in January after a December operation); the operation's
    day where there is no dateline."""
    from warledger.data import load_yaml

    m = DATELINE.search(text)
    month = load_yaml("dates.yaml")["months"].get(m.group(1).lower()) if m else None
    if m is None or month is None:
        return operation_day
    year = int(m.group(3) or operation_day[:4])
    if not m.group(3) and month < int(operation_day[5:7]):
        year += 1
    return f"{year:04d}-{month:02d}-{int(m.group(2)):02d}"


EVAL = Path(__file__).resolve().parent.parent / "eval"


def current_events() -> Iterator[Row]:
    """Wikipedia "Current events" items on armed violence, 2015–2018, outside Syria and Iraq: one to three
    sentences per item, hand-annotated by us (eval/current_events/README.md tells the source, the licence and the
    annotators' rules). The set is ours, so it is read from the repository, not the cache.

    ``killed`` leaves out attackers who died in their own attack; an item whose toll is only a vague word
    ("dozens") is not scored; a range ("between 20 and 30") is scored on its low end, with the high end as
    ``killed_max``.
    """
    for line in (EVAL / "current_events" / "items.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r.get("killed") is None or _private(r.get("country")):
            continue
        extra: Row = {"country": r.get("country"), "attackers_counted": False}
        if r.get("killed_high") is not None and r["killed_high"] > r["killed"]:
            extra["killed_max"] = r["killed_high"]
        if r.get("wounded") is not None:
            extra["wounded"] = r["wounded"]
        yield _report(r["id"], r["text"], r.get("date"), r["killed"], "current events hand count", **extra)


SETS: dict[str, Callable[[], Iterable[Row]]] = {
    "acled_africa": acled_africa,
    "acled_2020": acled_2020,
    "acled_asia_2015": acled_asia_2015,
    "airwars_gaza": airwars_gaza,
    "current_events": current_events,
    "dronestream": dronestream,
    "gtd": gtd,
    "gtd_world": gtd_world,
    "isaf": isaf,
    "rand": rand,
    "wiki_terror": wiki_terror,
}


# --- build ---------------------------------------------------------------------------------------------------


def _cache_dir() -> None:
    if not CACHE.is_dir():
        raise Missing(f"cache {CACHE} is missing: create it and put the raw files there (see scripts/dev_sets.py)")


def build() -> int:
    _cache_dir()
    built, skipped = 0, []
    for name, convert in SETS.items():
        try:
            rows = list(convert())
        except Missing as err:
            skipped.append(f"skip {name}: {err}")
            continue
        out = CACHE / f"{name}.jsonl"
        with out.open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{name:14s} {len(rows):5d} reports -> {out}")
        built += 1
    if not built:
        raise Missing(f"no raw file of any set under {CACHE}: nothing to build (see scripts/dev_sets.py)")
    for line in skipped:
        print(line, file=sys.stderr)
    return 0


# --- score ---------------------------------------------------------------------------------------------------


def report_count(events: Iterable[Any], statuses: frozenset[str] = frozenset({"wounded"})) -> int:
    """A report's wounded (or the people of other statuses), as ``evaluate.report_killed`` adds up its killed: per
    incident, each party's most conservative count of those figures (sub-figures left out), summed over parties
    and incidents."""
    from warledger.ledger.estimates import incident_estimate

    total = 0
    for event in events:
        groups: dict[str | None, list[Any]] = defaultdict(list)
        for fig in event.casualties:
            if fig.status in statuses and fig.subset_of is None:
                groups[fig.party].append(fig)
        total += sum(incident_estimate(figs, "conservative")[1] for figs in groups.values())
    return total


# The people a set codes as captured: taken in a raid or detained (the statuses this model keeps apart).
CAPTURED = frozenset({"captured", "arrested"})


def _victims_only(events: list[Any]) -> list[Any]:
    """The events without the figures of their attackers (for a set whose counts leave the attackers out), each
    part's ``subset_of`` moved to its total's new place."""
    out = []
    for event in events:
        figs = event.casualties
        dropped = {i for i, f in enumerate(figs) if f.attackers}
        kept = [i for i, f in enumerate(figs) if i not in dropped and f.subset_of not in dropped]
        where = {old: new for new, old in enumerate(kept)}
        figures = [replace(figs[i], subset_of=where[figs[i].subset_of]) if figs[i].subset_of is not None else figs[i]
                   for i in kept]
        out.append(replace(event, casualties=figures))
    return out


def _rate(hits: int, total: int) -> str:
    return f"{hits}/{total} = {100 * hits / total:.1f}%" if total else "—"


def score_set(name: str) -> dict[str, Any]:
    from warledger.evaluate import report_killed, report_killed_range, score_reports
    from warledger.extract.pipeline import extract_all
    from warledger.model import DocumentFailure
    from warledger.read import read_path

    path = CACHE / f"{name}.jsonl"
    if not path.is_file():
        raise Missing(f"{path} is missing: run `python scripts/dev_sets.py build` first")
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold[row["id"]] = row
    result = read_path(str(path), "jsonl")
    failures = list(result.failures)
    ledgers = []
    for out in extract_all(result.documents):
        (failures if isinstance(out, DocumentFailure) else ledgers).append(out)
    for d in ledgers:
        if gold[d.document.id].get("attackers_counted") is False:
            d.events = _victims_only(d.events)
    scores = score_reports(({"id": d.document.id, "killed": gold[d.document.id]["killed"]}, d.events)
                           for d in ledgers)
    in_range = within = wounded_n = wounded_hits = deadly_n = deadly_hits = captured_n = captured_hits = 0
    misses = []
    for d in ledgers:
        g = gold[d.document.id]
        killed, wounded = report_killed(d.events), report_count(d.events)
        captured = report_count(d.events, CAPTURED)
        in_range += g["killed"] <= killed <= g.get("killed_max", g["killed"])
        # The issue's rule: the sources' smallest and largest estimates, summed, bound the coded count (overlap
        # its range where it has one).
        low, high = report_killed_range(d.events)
        within += low <= g.get("killed_max", g["killed"]) and g["killed"] <= high
        if g["killed"] > 0:  # the measure of ACLED-style notes counts the notes with deaths
            deadly_n += 1
            deadly_hits += killed == g["killed"]
        if "wounded" in g:
            wounded_n += 1
            wounded_hits += wounded == g["wounded"]
        if "captured" in g:
            captured_n += 1
            captured_hits += captured == g["captured"]
        if killed != g["killed"] or g.get("wounded", wounded) != wounded or g.get("captured", captured) != captured:
            misses.append({"id": g["id"], "killed": killed, "gold_killed": g["killed"], "wounded": wounded,
                           "gold_wounded": g.get("wounded"), "captured": captured,
                           "gold_captured": g.get("captured"), "text": g["text"]})
    with (CACHE / f"{name}.misses.jsonl").open("w", encoding="utf-8") as f:
        for miss in misses:
            f.write(json.dumps(miss, ensure_ascii=False) + "\n")
    n = len(ledgers)
    killed_hits = n - len(scores["misses"])
    return {"set": name, "reports": len(gold), "extracted": n, "failures": len(failures),
            "killed_exact": _rate(killed_hits, n), "with_deaths": _rate(deadly_hits, deadly_n),
            "killed_in_coded_range": _rate(in_range, n) if any("killed_max" in g for g in gold.values()) else "—",
            "within_alternatives": _rate(within, n),
            "wounded_exact": _rate(wounded_hits, wounded_n), "captured_exact": _rate(captured_hits, captured_n)}


def score() -> int:
    _cache_dir()
    scored, skipped = 0, []
    for name in SETS:
        try:
            s = score_set(name)
        except Missing as err:
            skipped.append(f"skip {name}: {err}")
            continue
        scored += 1
        print(f"{s['set']:15s} reports {s['reports']:4d} (failed {s['failures']})  killed exact {s['killed_exact']:18s}"
              f"  with deaths {s['with_deaths']:18s}  in coded range {s['killed_in_coded_range']:18s}"
              f"  wounded exact {s['wounded_exact']:18s}  within alternatives {s['within_alternatives']:18s}"
              f"  captured exact {s['captured_exact']}")
    if not scored:
        raise Missing(f"no converted set under {CACHE}: run `python scripts/dev_sets.py build` first")
    for line in skipped:
        print(line, file=sys.stderr)
    print(f"misses: {CACHE}/<set>.misses.jsonl")
    return 0


def main(argv: list[str]) -> int:
    commands = {"build": build, "score": score}
    if len(argv) != 1 or argv[0] not in commands:
        print("usage: python scripts/dev_sets.py build|score", file=sys.stderr)
        return 2
    try:
        return commands[argv[0]]()
    except Missing as err:
        print(f"dev_sets: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
