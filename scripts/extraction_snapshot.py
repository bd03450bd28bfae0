"""Extract a fixed set of texts and write every result to one JSON file, to diff two versions of the extractor.

    .venv/bin/python scripts/extraction_snapshot.py OUT.json        # then: diff -u BEFORE.json AFTER.json

A restructuring of the extractor promises no change of result; this is how the promise is checked. The texts:
the bundled example, the reports of tests/reports, the extraction cases of tests/cases, the wikitext fixtures
and, when ../shared is beside the repository, the seed and its Wikipedia corpus.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import yaml

from warledger.extract.pipeline import extract
from warledger.model import to_dict
from warledger.read import read_path, read_string

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _documents():  # type: ignore[no-untyped-def]
    with resources.as_file(resources.files("warledger.examples")) as examples:
        paths = sorted(Path(examples).glob("*.txt"))
    paths += sorted((ROOT / "tests" / "fixtures" / "wikitext").glob("*"))
    paths += sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "wikipedia").glob("*.md"))
    paths += sorted((ROOT / "tests" / "reports").glob("*.jsonl"))
    for path in paths:
        yield from read_path(path).documents
    for path in sorted((ROOT / "tests" / "cases").rglob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            text = f"## {case['section']}\n{case['text']}" if case.get("section") else case["text"]
            date = str(case["date"]) if case.get("date") else None
            yield from read_string(text, f"{path.stem}:{case['name']}", fmt="text", reference_date=date).documents


def main() -> None:
    out = {}
    for doc in _documents():
        ledger = to_dict(extract(doc))
        ledger.get("document", {}).pop("extractor_version", None)  # the version changes with every edit
        out[doc.id] = ledger
    Path(sys.argv[1]).write_text(json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    print(f"{len(out)} documents → {sys.argv[1]}")


if __name__ == "__main__":
    main()
