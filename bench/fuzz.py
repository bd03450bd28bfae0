"""Mutation fuzzing: mutated fixtures through read → extract → audit → JSON, in-process, each input timed.

    .venv/bin/python bench/fuzz.py [--count 10000] [--seed 1] [--jobs 2] [--save DIR] [--slow 10]
    .venv/bin/python bench/fuzz.py --replay DIR/000123-ValueError.jsonl     # one saved input, with its traceback

The seeds are the bundled example, tests/fixtures/wikitext/*, the first lines of each tests/reports/*.jsonl and
the shared Wikipedia corpus when it is beside the repository. Each input is one seed with one to four mutations
stacked: bits flipped, bytes inserted or deleted, a chunk duplicated many times, two seeds spliced, markup
openers inserted (together or scattered), long digit runs, long runs of blanks on heading or field lines,
truncation, NULs, lone surrogates, CR/CRLF line ends, or the whole re-encoded as UTF-16/UTF-32/cp1252. Input
``i`` depends only on ``--seed`` and ``i``, so a run is the same with any number of jobs.

Each input goes through what ``warledger extract`` does with a file: ``read_path`` (by the seed's suffix, so
detection runs), ``extract`` under the default budget (a document over it is counted, not an error),
``audit_document``, JSON out and back, and a check that every quote is the text at its offset. What raises,
breaks a property or takes longer than ``--slow`` seconds is saved under ``--save`` (a new temporary folder
when left out) with a ``.why`` file beside it. An input still running after ``--timeout`` seconds is stopped
(SIGALRM) and reported where it was.

Printed: inputs tried, outcomes, exceptions by type and innermost warledger frame with one saved example
each, the slowest inputs with their size and time per stage, and the peak RSS. Not run in CI; exits 0.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import signal
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import warledger
from warledger.audit import audit_document
from warledger.extract.pipeline import extract
from warledger.limits import BudgetExceeded
from warledger.model import Document, LedgerDocument, from_dict, to_dict
from warledger.read import read_path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(warledger.__file__).resolve().parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wikipedia"
REPORT_LINES = 3
OPENERS = [b"{{", b"}}", b"[[", b"]]", b"<ref>", b"</ref>", b"<ref name=a>", b"<!--", b"-->", b"{|", b"|}",
           b"[http://example.org ", b"'''", b"''", b"<div>", b"<nowiki>", b"==", b"\n== ", b"\n= ", b"|", b"(",
           b"[", b"{{{", b"&", b"\n- Casualties1: ", b"\n- Field: ", b"\nnote1|", b"\n* ", b'{"id": "x", "text": ',
           b", ", b" and ", b"killed "]
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]
TIMES = [2, 3, 10, 100, 1000, 10_000, 100_000]


# --- seeds ---------------------------------------------------------------------


def seeds() -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of every seed; the name's suffix picks the reader as a file's would."""
    out = [(p.name, p.read_bytes()) for p in sorted((PACKAGE / "examples").glob("*.txt"))]
    out += [(p.name, p.read_bytes()) for p in sorted((ROOT / "tests" / "fixtures" / "wikitext").glob("*"))]
    for path in sorted((ROOT / "tests" / "reports").glob("*.jsonl")):
        out.append((path.name, b"".join(path.read_bytes().splitlines(keepends=True)[:REPORT_LINES])))
    out += [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*")) if p.is_file()]
    return out


# --- mutations: (rng, data, another seed, size cap) → data ---------------------


def _at(rng: random.Random, data: bytes) -> int:
    return rng.randint(0, len(data))


def flip(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 32) if out else 0):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def insert(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    if rng.random() < 0.5 and other:
        start = rng.randrange(len(other))
        piece = other[start:start + rng.randint(1, 2000)]
    else:
        piece = rng.randbytes(rng.randint(1, 64))
    i = _at(rng, data)
    return data[:i] + piece + data[i:]


def delete(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    i = _at(rng, data)
    return data[:i] + data[i + rng.randint(1, max(1, len(data) // rng.choice([2, 10, 100]))):]


def duplicate(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    i = _at(rng, data)
    chunk = data[i:i + rng.randint(1, 300)] or b"x"
    times = min(rng.choice(TIMES), max(1, (cap - len(data)) // len(chunk)))
    return data[:i] + chunk * times + data[i:]


def splice(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    return data[:_at(rng, data)] + other[_at(rng, other):]


def markup(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    opener = rng.choice(OPENERS)
    times = min(rng.choice(TIMES), max(1, cap // (2 * len(opener))))
    if rng.random() < 0.5:
        i = _at(rng, data)
        return data[:i] + opener * times + data[i:]
    places = sorted(_at(rng, data) for _ in range(min(times, 5000)))
    parts, last = [], 0
    for i in places:
        parts += [data[last:i], opener]
        last = i
    return b"".join([*parts, data[last:]])


def digits(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    n = min(rng.choice([12, 31, 100, 4301, 10_000, 100_000]), cap)
    run = b"9" * n if rng.random() < 0.5 else "".join(rng.choice("0123456789,") for _ in range(n)).encode()
    i = _at(rng, data)
    return data[:i] + run + data[i:]


def truncate(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    return data[:_at(rng, data)]


def nuls(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 2, 5, 50, 1000])):
        out.insert(_at(rng, out), 0)
    return bytes(out)


def surrogates(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    i = _at(rng, data)
    return data[:i] + rng.choice([b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\\ud800", b"\xef\xbb\xbf"]) + data[i:]


def spaces(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    """A long run of blanks, often on a line of its own kind: what backtracking line patterns choke on."""
    lead = rng.choice([b"", b"\n", b"\n# ", b"\n= ", b"\n== ", b"\n- ", b"\n- Casualties1: 5", b"\nnote1|", b"\n---\n"])
    run = rng.choice([b" ", b"\t", b" \t", b"\xc2\xa0"]) * min(rng.choice(TIMES), cap // 2)
    i = _at(rng, data)
    return data[:i] + lead + b"x" + run + rng.choice([b"", b"x", b"=", b"#", b"\n"]) + data[i:]


def line_ends(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n", b"\x85", b"\xe2\x80\xa8"]))


def reencode(rng: random.Random, data: bytes, other: bytes, cap: int) -> bytes:
    return data.decode("utf-8", "replace").encode(rng.choice(ENCODINGS), "replace")


MUTATIONS: list[Callable[[random.Random, bytes, bytes, int], bytes]] = [
    flip, insert, delete, duplicate, splice, markup, digits, spaces, truncate, nuls, surrogates, line_ends, reencode]


def make_input(seed: int, index: int, pool: list[tuple[str, bytes]], cap: int) -> tuple[str, list[str], bytes]:
    """Input ``index`` of a run: its seed's name, the mutations applied and the bytes."""
    rng = random.Random(f"{seed}:{index}")
    name, data = rng.choice(pool)
    names = []
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
        mutation = rng.choice(MUTATIONS)
        data = mutation(rng, data, rng.choice(pool)[1], cap)[:cap]
        names.append(mutation.__name__)
    return name, names, data


# --- one input -----------------------------------------------------------------


class PropertyBroken(Exception):
    """A quote that is not the text at its offset, or JSON that does not read back; ``what`` names the property."""

    def __init__(self, what: str, message: str):
        super().__init__(message)
        self.what = what


class Timeout(BaseException):
    """Raised by SIGALRM in a worker; a BaseException so the code under test cannot swallow it."""


@dataclass
class Outcome:
    index: int
    seed: str
    mutations: list[str]
    size: int
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    documents: int = 0
    read_failures: int = 0
    over_budget: int = 0
    error: str | None = None  # exception type, or "Timeout", "PropertyBroken"
    where: str | None = None  # file:line (function) of the innermost warledger frame
    message: str = ""
    saved: str | None = None
    rss_kb: int = 0


def _spans(doc: Document, ledger: LedgerDocument) -> None:
    text = doc.text
    pairs = [(e.offset, e.text, "event.text") for e in ledger.events]
    pairs += [(f.quote_offset, f.quote, "figure.quote") for e in ledger.events for f in e.casualties]
    pairs += [(s.offset, s.text, "event.support") for e in ledger.events for s in e.support]
    pairs += [(c.offset, c.text, "claim.text") for c in ledger.claims]
    pairs += [(c.quote_offset, c.quote, "claim.quote") for c in ledger.claims]
    for offset, quote, what in pairs:
        if quote is not None and (offset is None or text[offset:offset + len(quote)] != quote):
            raise PropertyBroken(what, f"{what} {quote[:60]!r} is not the text at offset {offset}")


def _round_trip(ledger: LedgerDocument) -> None:
    encoded = json.dumps(to_dict(ledger), ensure_ascii=False).encode("utf-8")
    if to_dict(from_dict(LedgerDocument, json.loads(encoded))) != json.loads(encoded):
        raise PropertyBroken("json", "the ledger JSON does not read back the same")


def _timed(out: Outcome, stage: str, work: Callable[[], object]) -> object:
    start = time.perf_counter()
    try:
        return work()
    finally:
        out.stages[stage] = out.stages.get(stage, 0.0) + time.perf_counter() - start


def run_input(name: str, data: bytes, out: Outcome) -> None:
    """What ``warledger extract FILE --json`` does with the input, each stage timed, and the properties checked."""
    result = _timed(out, "read", lambda: read_path(Path(name), data=data, doc_id=Path(name).stem))
    out.read_failures = len(result.failures)
    out.documents = len(result.documents)
    for doc in result.documents:
        try:
            ledger = _timed(out, "extract", lambda doc=doc: extract(doc))
        except BudgetExceeded:
            out.over_budget += 1
            continue
        _timed(out, "check", lambda doc=doc, ledger=ledger: _spans(doc, ledger))
        audited = _timed(out, "audit", lambda ledger=ledger: audit_document(ledger))
        _timed(out, "json", lambda audited=audited: _round_trip(audited))


def _where(err: BaseException) -> str:
    if isinstance(err, PropertyBroken):
        return f"the {err.what} property"
    frames = [f for f in traceback.extract_tb(err.__traceback__) if Path(f.filename).resolve().is_relative_to(PACKAGE)]
    if not frames:
        return "outside warledger"
    f = frames[-1]
    return f"{Path(f.filename).resolve().relative_to(PACKAGE.parent)}:{f.lineno} ({f.name})"


# --- workers -------------------------------------------------------------------

_STATE: dict = {}


def _on_alarm(signum: int, frame: object) -> None:
    raise Timeout


def _init(pool: list[tuple[str, bytes]], args: argparse.Namespace) -> None:
    _STATE.update(pool=pool, args=args)
    signal.signal(signal.SIGALRM, _on_alarm)
    name, data = pool[0]
    run_input(name, data, Outcome(-1, name, [], len(data)))  # lexicons load here, not in the first input's time


def _save(out: Outcome, data: bytes, why: str, folder: Path) -> str:
    label = out.error or "slow"
    path = folder / f"{out.index:06d}-{label}{Path(out.seed).suffix}"
    path.write_bytes(data)
    path.with_name(path.name + ".why").write_text(
        f"seed {out.seed}, mutations {', '.join(out.mutations)}, {out.size:,} bytes, {out.seconds:.2f} s "
        f"({_stages(out)})\n{out.error or ''} at {out.where or '-'}: {out.message}\n\n{why}", encoding="utf-8")
    return str(path)


def fuzz_one(index: int) -> Outcome:
    pool, args = _STATE["pool"], _STATE["args"]
    name, mutations, data = make_input(args.seed, index, pool, args.max_kb * 1024)
    out = Outcome(index, name, mutations, len(data))
    why = ""
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, args.timeout)
    try:
        run_input(name, data, out)
    except (Exception, Timeout) as err:  # what the fuzzer is here to find
        out.error, out.where = type(err).__name__, _where(err)
        out.message = " ".join(str(err).split())[:200]
        why = "".join(traceback.format_exception(err))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    out.seconds = time.perf_counter() - start
    if out.error or out.seconds > args.slow:
        out.saved = _save(out, data, why, Path(args.save))
    out.rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return out


def outcomes(args: argparse.Namespace, pool: list[tuple[str, bytes]]) -> Iterator[Outcome]:
    if args.jobs <= 1:
        _init(pool, args)
        yield from map(fuzz_one, range(args.count))
        return
    with multiprocessing.get_context("fork").Pool(args.jobs, _init, (pool, args), maxtasksperchild=500) as workers:
        yield from workers.imap_unordered(fuzz_one, range(args.count), chunksize=1)


# --- the report ----------------------------------------------------------------


def _stages(out: Outcome) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in sorted(out.stages.items(), key=lambda kv: -kv[1]) if v >= 0.01) or "-"


def report(results: list[Outcome], args: argparse.Namespace, seeds_used: int, wall: float) -> None:
    errors: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for out in results:
        if out.error:
            errors[(out.error, out.where or "?")].append(out)
    outcome_counts = Counter("exception" if o.error else "over budget" if o.over_budget else "ok" for o in results)
    print(f"\nwarledger fuzz: {len(results):,} inputs from {seeds_used} seeds (--seed {args.seed}), {args.jobs} jobs, "
          f"{wall:.0f} s")
    print("outcomes      : " + ", ".join(f"{n:,} {k}" for k, n in outcome_counts.most_common())
          + f"; {sum(o.documents for o in results):,} documents, {sum(o.read_failures for o in results):,} read "
          f"failures, {sum(o.over_budget for o in results):,} over the time budget")
    print(f"exceptions    : {sum(len(v) for v in errors.values()) or 'none'}")
    for (kind, where), outs in sorted(errors.items(), key=lambda kv: -len(kv[1])):
        first = min(outs, key=lambda o: o.size)
        print(f"  {len(outs):5d} × {kind} at {where}\n          {first.message[:110]}\n          e.g. {first.saved} "
              f"({first.size:,} bytes, {first.seed}: {', '.join(first.mutations)})")
    print(f"slowest inputs (saved when over {args.slow:g} s):")
    for out in sorted(results, key=lambda o: -o.seconds)[:args.top]:
        print(f"  {out.seconds:7.2f} s {out.size:>11,} bytes  {out.seed} [{', '.join(out.mutations)}]  "
              f"{_stages(out)}" + (f"\n          {out.saved}" if out.saved else ""))
    worst = max(results, key=lambda o: o.rss_kb, default=None)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak RSS      : {max(own, children, worst.rss_kb if worst else 0) / 1024:.0f} MB"
          + (f" (a worker, reached by input {worst.index}: {worst.size:,} bytes, {worst.seed})" if worst else ""))
    print(f"saved in      : {args.save}")


def replay(paths: list[str]) -> None:
    """Run saved inputs in the foreground, printing each one's traceback or stage times."""
    for path in paths:
        out = Outcome(0, path, [], Path(path).stat().st_size)
        start = time.perf_counter()
        try:
            run_input(path, Path(path).read_bytes(), out)
            print(f"{path}: ok in {time.perf_counter() - start:.2f} s ({_stages(out)})")
        except Exception:
            traceback.print_exc()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="inputs to try (default 10,000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; input i depends only on it (default 1)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--save", help="folder for inputs that raised or were slow (default: a new temporary one)")
    parser.add_argument("--slow", type=float, default=10.0, help="save inputs taking longer (seconds, default 10)")
    parser.add_argument("--timeout", type=float, default=120.0, help="stop an input after this (seconds, default 120)")
    parser.add_argument("--max-kb", type=int, default=1024, help="largest input made, in KB (default 1024)")
    parser.add_argument("--top", type=int, default=10, help="slowest inputs to list (default 10)")
    parser.add_argument("--replay", nargs="+", metavar="FILE", help="run saved inputs in the foreground")
    args = parser.parse_args()
    if args.replay:
        replay(args.replay)
        return
    args.save = args.save or tempfile.mkdtemp(prefix="warledger-fuzz-")
    Path(args.save).mkdir(parents=True, exist_ok=True)
    pool = seeds()
    results: list[Outcome] = []
    start = time.perf_counter()
    columns = (TextColumn("fuzzing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[found]} found"))
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("fuzz", total=args.count, found=0)
        for out in outcomes(args, pool):
            results.append(out)
            progress.update(task, advance=1, found=sum(1 for o in results if o.error))
    report(results, args, len(pool), time.perf_counter() - start)


if __name__ == "__main__":
    main()
