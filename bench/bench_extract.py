"""Extraction speed against a spaCy baseline run in the same process.

    make bench            # or: .venv/bin/python bench/bench_extract.py [--mb 5] [--rounds 15]

Ours: the full warledger pipeline (sentences, numbers, dates, actors, places,
casualties, sources, event types, events and claims). Baseline: spaCy
``blank("en")`` with a sentencizer, an entity ruler holding the same place
names as our gazetteer, and a Matcher with casualty patterns — less work than
ours, so a ratio of 1.0 or more means we are not slower for doing more.
Both run over the same texts: the bundled example and the shared Wikipedia
corpus when it is beside the repository, repeated up to the size asked for.

Shared machines are noisy, so the two pipelines take turns, round after round,
and the ratio printed is the median of the rounds' ratios (the spread beside
it). Each document is new to our pipeline: its sentence caches are emptied
between documents, as they are in a real run. Also printed: start-up time of
the command line, the time to load the lexicons and the gazetteer with its villages
(once per process, in a fresh one), and peak memory (RSS).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

from warledger.extract.mentions.gazetteer import Gazetteer
from warledger.extract.pipeline import extract
from warledger.model import Document
from warledger.read import read_path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "wikipedia"
CASUALTY_PATTERNS = [
    [{"LIKE_NUM": True}, {"IS_ALPHA": True, "OP": "*"}, {"LOWER": {"IN": ["killed", "dead", "wounded", "injured"]}}],
    [{"LOWER": {"IN": ["killing", "wounding", "injuring"]}}, {"LIKE_NUM": True}],
    [{"LOWER": "death"}, {"LOWER": "of"}, {"LIKE_NUM": True}],
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["soldiers", "fighters", "militants", "civilians", "people"]}}],
]


def corpus(megabytes: float) -> list[Document]:
    with resources.as_file(resources.files("warledger.examples").joinpath(
            "syrian_desert_campaign_2017-2024.txt")) as example:
        paths = [example, *sorted(CORPUS.glob("*.md"))]
        base = [doc for p in paths for doc in read_path(p).documents]
    docs: list[Document] = []
    while sum(len(d.text) for d in docs) < megabytes * 1_000_000:
        docs += base
    return docs


def spacy_baseline():  # type: ignore[no-untyped-def]
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    names = sorted(set(Gazetteer.load().names()))
    ruler.add_patterns([{"label": "GPE", "pattern": name} for name in names])
    matcher = Matcher(nlp.vocab)
    matcher.add("CASUALTY", CASUALTY_PATTERNS)

    def run(docs: list[Document]) -> None:
        for sdoc in nlp.pipe(d.text for d in docs):
            matcher(sdoc)

    return run


def ours(docs: list[Document]) -> None:
    for doc in docs:
        extract(doc)


def seconds(run, docs: list[Document]) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    run(docs)
    return time.perf_counter() - start


def compare(docs: list[Document], baseline, rounds: int) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    """Median ratio (baseline time / ours), its lowest and highest round, and our best chars/s."""
    ratios, best = [], float("inf")
    for _ in range(rounds):
        mine = seconds(ours, docs)
        ratios.append(seconds(baseline, docs) / mine)
        best = min(best, mine)
    chars = sum(len(d.text) for d in docs)
    return statistics.median(ratios), min(ratios), max(ratios), chars / best


def startup_seconds() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "warledger", "--version"], check=True, capture_output=True)
    return time.perf_counter() - start


def load_seconds() -> float:
    """Seconds a fresh process takes to import the extractor and load its lexicons and gazetteer."""
    code = ("import time; t = time.perf_counter(); from warledger.extract.mentions.gazetteer import Gazetteer; "
            "from warledger.extract.mentions.actors import ActorLexicon; Gazetteer.load(); ActorLexicon.load(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in megabytes (default 5)")
    parser.add_argument("--rounds", type=int, default=15, help="turns on the example (default 15)")
    parser.add_argument("--corpus-rounds", type=int, default=None,
                        help="turns on the corpus (default a fifth of --rounds)")
    args = parser.parse_args()
    docs = corpus(args.mb)
    baseline = spacy_baseline()
    ours(docs[:21])  # lexicons, gazetteer and spaCy's vocabulary load once, as in a long run
    baseline(docs[:21])
    seed = docs[:1] * 4
    for label, sample, rounds in (("seed", seed, args.rounds),
                                  (f"corpus {sum(len(d.text) for d in docs) / 1e6:.1f} MB", docs,
                                   args.corpus_rounds or max(1, args.rounds // 5))):
        median, low, high, speed = compare(sample, baseline, rounds)
        print(f"{label:14s}: warledger {speed:,.0f} chars/s; ratio to the spaCy baseline {median:.2f} "
              f"(rounds {low:.2f}–{high:.2f}, {rounds} rounds)")
    print(f"start-up      : {startup_seconds():.2f} s")
    print(f"data load     : {load_seconds():.2f} s (lexicons, gazetteer and villages, once per process)")
    print(f"peak RSS      : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (both pipelines)")


if __name__ == "__main__":
    main()
