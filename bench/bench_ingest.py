"""Ingest speed with one process, two worker processes and a two-worker Dask cluster.

    .venv/bin/python bench/bench_ingest.py [--docs 10000] [--rounds 3]

The corpus: ``--docs`` distinct documents in one JSONL batch, each a few sentences of different reports of
tests/reports recombined, with a reference date of its own (their dates resolve against it), so that no
two are alike and none is skipped. Each way of ingesting runs in a fresh process into a fresh SQLite
ledger, so that its peak RSS (the writer's, not its workers') is its own; each runs at 1,000 documents
and at ``--docs``, and memory flat in corpus size means about the same peak at both.

Printed: documents a second for each way, its ratio to one process, and its share of bare extraction
speed (``extract()`` over the same documents in one process, lexicons loaded, without reading or
storing); the ledgers' counts must agree, unless the extractor's files were edited while the bench
ran (that is said). Whole runs are timed, start-up included: a pool's or a cluster's start is part
of what an ingest costs. Shared machines are noisy: with ``--rounds`` the three ways take turns, and
the ratio printed is the median of the turns' ratios, with its spread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "tests" / "reports"
WAYS = {"one process": {"workers": 1}, "two processes": {"workers": 2},
        "dask, two workers": {"workers": 2, "engine": "dask"}}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
FIRST_DAY = dt.date(2014, 1, 1)


def build_corpus(path: Path, count: int, seed: int = 7) -> None:
    """``count`` distinct documents of 3 to 6 sentences from different reports, written as a JSONL batch."""
    rng = random.Random(seed)
    reports = [SENTENCE_END.split(json.loads(line)["text"]) for f in sorted(REPORTS.glob("*.jsonl"))
               for line in f.open(encoding="utf-8") if line.strip()]
    seen: set[tuple[str, dt.date]] = set()
    with path.open("w", encoding="utf-8") as out:
        while len(seen) < count:
            text = " ".join(rng.choice(report) for report in rng.sample(reports, rng.randint(3, 6)))
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(4000))
            if (text, day) in seen:
                continue
            seen.add((text, day))
            out.write(json.dumps({"id": f"B-{len(seen):06}", "text": text, "date": day.isoformat()}) + "\n")


def run_ingest(way: str, corpus: Path) -> dict[str, object]:
    """One ingest into a fresh ledger, in this process: its time, its summary, the extractor
    that ran and the peak RSS."""
    import warledger
    from warledger.extractor_version import extractor_version

    with tempfile.TemporaryDirectory() as tmp, warledger.open(Path(tmp) / "ledger.db") as led:
        start = time.perf_counter()
        summary = led.ingest(corpus, **WAYS[way])
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "documents": summary.new, "summary": summary.line(),
            "extractor": extractor_version(), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_bare(corpus: Path) -> dict[str, object]:
    """``extract()`` over the corpus's documents, one at a time as they are read, timing extraction alone."""
    from warledger.extract.pipeline import extract
    from warledger.read import iter_path

    docs = iter_path(corpus)
    extract(next(docs))  # lexicons and gazetteer load once, as in any long run
    seconds, count = 0.0, 1
    for doc in docs:
        start = time.perf_counter()
        extract(doc)
        seconds += time.perf_counter() - start
        count += 1
    return {"seconds": seconds, "documents": count - 1}


def in_child(task: str, corpus: Path) -> dict[str, object]:
    """``task`` run in a fresh Python process (its peak RSS its own); what it measured."""
    out = subprocess.run([sys.executable, __file__, "--task", task, "--corpus", str(corpus)], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def rate(measured: dict[str, object]) -> float:
    return float(measured["documents"]) / float(measured["seconds"])  # type: ignore[arg-type]


Run = dict[str, dict[str, object]]  # way of ingesting → what its child measured


def report(small: Run, turns: list[Run], bare: dict[str, object], sizes: list[int]) -> None:
    """Median rates over the turns, the median of each turn's ratio to one process with its spread, the
    share of bare extraction speed, and the peak RSS at each size."""
    extraction = rate(bare)
    print(f"bare extraction (one process, {sizes[-1]:,} documents): {extraction:,.0f} docs/s")
    print(f"{'':19s}{'docs/s':>8s}   {'× one process (turns)':22s}{'of bare extract':>16s}   peak RSS of the writer")
    for way in WAYS:
        speed = statistics.median(rate(turn[way]) for turn in turns)
        ratios = [rate(turn[way]) / rate(turn["one process"]) for turn in turns]
        spread = f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})"
        peaks = [small[way]["rss_mb"]] if small else []
        rss = " / ".join(f"{mb:.0f} MB at {n:,}" for mb, n in zip([*peaks, max(t[way]["rss_mb"] for t in turns)],
                                                                  sizes, strict=True))
        print(f"{way:19s}{speed:8,.0f}   {spread:22s}{speed / extraction:16.0%}   {rss}")
    runs = [turn[way] for turn in turns for way in WAYS]
    extractors, lines = {run["extractor"] for run in runs}, {run["summary"] for run in runs}
    if len(extractors) > 1:  # the extractor's files were edited while the bench ran: its rows may differ
        print("the extractor changed between runs:", ", ".join(sorted(extractors)))
    print("ledgers agree:" if len(lines) == 1 else "LEDGERS DIFFER:", *sorted(lines), sep="\n  ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the corpus (default 10,000)")
    parser.add_argument("--rounds", type=int, default=1, help="turns of the three ways at --docs (default 1)")
    parser.add_argument("--task", help=argparse.SUPPRESS)  # a child's: one way of ingesting, or "bare"
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        print(json.dumps(run_bare(args.corpus) if args.task == "bare" else run_ingest(args.task, args.corpus)))
        return
    sizes = sorted({min(1_000, args.docs), args.docs})
    print(f"{os.cpu_count()} cores; corpus: {args.docs:,} distinct documents recombined from tests/reports; "
          f"{args.rounds} turn(s)")
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {n: Path(tmp) / f"corpus-{n}.jsonl" for n in sizes}
        for n, path in corpora.items():
            build_corpus(path, n)
        small = {way: in_child(way, corpora[sizes[0]]) for way in WAYS} if len(sizes) > 1 else {}
        turns = [{way: in_child(way, corpora[sizes[-1]]) for way in WAYS} for _ in range(args.rounds)]
        report(small, turns, in_child("bare", corpora[sizes[-1]]), sizes)


if __name__ == "__main__":
    main()
