"""Audit time as the ledger grows: the seed article's prose repeated to 1, 2 and 4 MB.

    .venv/bin/python bench/bench_audit.py [--mb 1 2 4] [--rounds 9]

The seed's text after its first ``==`` heading (the prose, without the infobox)
is repeated into one document, extracted once (not timed) and audited. The
baseline is the first size, run in the same process: a linear audit prints
ratios near 2.0 and 4.0, a quadratic one 4 and 16. Shared machines are noisy,
so the sizes take turns, round after round, and each keeps its best round.
Peak memory is traced (tracemalloc) over one more audit of each size, apart
from the timed ones, since tracing slows Python down.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from warledger.audit import audit
from warledger.extract.pipeline import extract
from warledger.limits import Limits
from warledger.model import LedgerDocument
from warledger.read import read_string

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_236a5c723bb0497d.txt"
EXAMPLE = ROOT / "src" / "warledger" / "examples" / "syrian_desert_campaign_2017-2024.txt"


def prose(megabytes: float) -> str:
    """The seed's prose (from its first heading on), repeated to about ``megabytes`` of UTF-8."""
    text = (SEED if SEED.exists() else EXAMPLE).read_text(encoding="utf-8")
    body = text[text.index("\n==") + 1:]
    return body * max(1, round(megabytes * 1_000_000 / len(body.encode("utf-8"))))


def ledger(megabytes: float) -> LedgerDocument:
    doc = read_string(prose(megabytes), f"seed-x{megabytes:g}", "wiki-plaintext").documents[0]
    return extract(doc, Limits(max_bytes=2**40, max_seconds=float("inf")))


def run(led: LedgerDocument) -> int:
    doc = led.document.id
    return len(audit([(doc, c) for c in led.claims], [(doc, e) for e in led.events]))


def best_seconds(ledgers: list[LedgerDocument], rounds: int) -> list[float]:
    """Each ledger's fastest audit, the ledgers taking turns ``rounds`` times."""
    best = [float("inf")] * len(ledgers)
    for _ in range(rounds):
        for k, led in enumerate(ledgers):
            start = time.perf_counter()
            run(led)
            best[k] = min(best[k], time.perf_counter() - start)
    return best


def peak_mb(led: LedgerDocument) -> float:
    tracemalloc.start()
    try:
        run(led)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1.0, 2.0, 4.0], help="sizes (default 1 2 4)")
    parser.add_argument("--rounds", type=int, default=9, help="turns; each size keeps its best (default 9)")
    args = parser.parse_args()
    ledgers = [ledger(mb) for mb in args.mb]
    seconds = best_seconds(ledgers, args.rounds)
    for mb, led, took in zip(args.mb, ledgers, seconds, strict=True):
        print(f"{mb:4g} MB: {len(led.claims):6,} claims {len(led.events):6,} events {run(led):4} findings; "
              f"audit {took * 1000:7.1f} ms, ratio to {args.mb[0]:g} MB {took / seconds[0]:5.2f}; "
              f"peak {peak_mb(led):6.1f} MB (tracemalloc)")

if __name__ == "__main__":
    main()
