"""Extraction speed against a spaCy baseline run in the same process.

    make bench            # or: .venv/bin/python bench/bench_extract.py [--mb 5]

Ours: the full warledger pipeline (sentences, numbers, dates, actors, places,
casualties, sources, event types, events and claims). Baseline: spaCy
``blank("en")`` with a sentencizer, an entity ruler holding the same place
names as our gazetteer, and a Matcher with casualty patterns — less work than
ours, so a ratio of 1.0 or more means we are not slower for doing more.
Both run over the same texts: the bundled example and the shared Wikipedia
corpus when it is beside the repository, repeated up to the size asked for.
Also printed: start-up time of the command line and peak memory (RSS).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

from warledger.extract.gazetteer import Gazetteer
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


def time_ours(docs: list[Document]) -> float:
    extract(docs[0])  # lexicons and gazetteer load once, as in a long run
    start = time.perf_counter()
    for doc in docs:
        extract(doc)
    return time.perf_counter() - start


def spacy_baseline():  # type: ignore[no-untyped-def]
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    gazetteer = Gazetteer.load()
    names = sorted({name for name in gazetteer.names()})
    ruler.add_patterns([{"label": "GPE", "pattern": name} for name in names])
    matcher = Matcher(nlp.vocab)
    matcher.add("CASUALTY", CASUALTY_PATTERNS)
    return nlp, matcher


def time_baseline(docs: list[Document]) -> float:
    nlp, matcher = spacy_baseline()
    list(nlp.pipe([docs[0].text]))
    start = time.perf_counter()
    for sdoc in nlp.pipe(d.text for d in docs):
        matcher(sdoc)
    return time.perf_counter() - start


def startup_seconds() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "warledger", "--version"], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in megabytes (default 5)")
    args = parser.parse_args()
    docs = corpus(args.mb)
    chars = sum(len(d.text) for d in docs)
    seed = docs[:1]
    ours_seed, base_seed = time_ours(seed * 20), time_baseline(seed * 20)
    ours, base = time_ours(docs), time_baseline(docs)
    print(f"seed x20     : warledger {20 * len(seed[0].text) / ours_seed:,.0f} chars/s, "
          f"spaCy baseline {20 * len(seed[0].text) / base_seed:,.0f} chars/s, ratio {base_seed / ours_seed:.2f}")
    print(f"corpus {chars / 1e6:.1f} MB: warledger {chars / ours:,.0f} chars/s, "
          f"spaCy baseline {chars / base:,.0f} chars/s, ratio {base / ours:.2f}")
    print(f"start-up     : {startup_seconds():.2f} s")
    print(f"peak RSS     : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (both pipelines)")


if __name__ == "__main__":
    main()
