"""Score warledger's conflict records on the hand-annotated infoboxes in eval/infobox/.

    .venv/bin/python scripts/infobox_eval.py [eval/infobox] [--misses] [--plain]

Each ``<slug>.wiki`` is the ``{{Infobox military conflict}}`` of one Wikipedia article, read and extracted with the
library; ``<slug>.gold.json`` holds its hand-made conflict record (eval/infobox/README.md says how it was made).
The parts are scored as the library's ``warledger eval`` scores them (:func:`warledger.evaluate.score_conflict`):
set F1 over (side, item) of combatants, allies, commanders (name, status), unit paths, strength counts and
casualty counts, summed over the articles (micro). Two more figures: casualty items with their status as well as
their count, and "allies wrong", the allies predicted that the gold does not list as allies plus the gold allies
not found (the issue asks for none). ``--misses`` prints, per article, what each side got wrong. ``--plain`` reads
each infobox as the seed's plain-text lines ("- Commander1: A, B KIA") that the wikitext reader renders it to,
where a comma no longer tells a list from a name.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from warledger.evaluate import SIDE_PARTS, multiset_f1, score_conflict
from warledger.extract.pipeline import extract
from warledger.model import to_dict
from warledger.read import read_path, read_string

ROOT = Path(__file__).resolve().parents[1]
PARTS = (*SIDE_PARTS, "casualty_status")
Json = dict[str, Any]


def casualty_status(side: Json) -> list[tuple[Any, ...]]:
    """A side's casualty items as (status, low, high)."""
    return [(c.get("status"), (c.get("count") or {}).get("low"), (c.get("count") or {}).get("high"))
            for c in side.get("casualties") or []]


def side_items(conflict: Json, part: str) -> Counter[tuple[Any, ...]]:
    """Every (side, item) of one part of a conflict record."""
    items = casualty_status if part == "casualty_status" else SIDE_PARTS[part]
    return Counter((s.get("index"), x) for s in conflict.get("sides") or [] for x in items(s))


def predicted(path: Path, plain: bool = False) -> Json:
    result = read_path(path)
    if result.failures:
        raise SystemExit(f"{path}: {result.failures[0].reason}")
    doc = result.documents[0]
    if plain:  # the title and field lines, up to the first blank line, read again as plain text
        doc = read_string(doc.text.split("\n\n")[0] + "\n", path.stem, fmt="wiki-plaintext").documents[0]
    conflict = extract(doc).conflict
    return to_dict(conflict) if conflict is not None else {}


def score_file(path: Path, totals: Counter[str], misses: bool, plain: bool) -> Json:
    gold = json.loads(path.with_suffix("").with_suffix(".gold.json").read_text(encoding="utf-8"))["conflict"]
    pred = predicted(path, plain)
    result = score_conflict(pred, gold) or {}
    status = multiset_f1(side_items(pred, "casualty_status").elements(), side_items(gold, "casualty_status").elements())
    result["casualty_status"] = status
    for part in PARTS:
        for key in ("tp", "pred", "gold"):
            totals[f"{part}.{key}"] += result[part][key]
    allies_p, allies_g = side_items(pred, "allies"), side_items(gold, "allies")
    totals["allies_wrong"] += sum(((allies_p - allies_g) + (allies_g - allies_p)).values())
    totals["articles"] += 1
    totals["date_ok"] += result["checks"]["date"]
    if misses:
        print_misses(path.stem, pred, gold)
    return result


def print_misses(name: str, pred: Json, gold: Json) -> None:
    lines = []
    for part in PARTS:
        p, g = side_items(pred, part), side_items(gold, part)
        extra, missed = sorted((p - g).elements(), key=str), sorted((g - p).elements(), key=str)
        if extra or missed:
            lines.append(f"  {part}: extra {extra} missed {missed}")
    if lines:
        print(f"{name}:\n" + "\n".join(lines))


def f1(totals: Counter[str], part: str) -> str:
    tp, n_pred, n_gold = (totals[f"{part}.{k}"] for k in ("tp", "pred", "gold"))
    return f"{2 * tp / (n_pred + n_gold):.2f} ({tp}/{n_pred}/{n_gold})" if n_pred + n_gold else "—"


def main(argv: list[str]) -> None:
    misses, plain = "--misses" in argv, "--plain" in argv
    args = [a for a in argv if a not in ("--misses", "--plain")]
    folder = Path(args[0]) if args else ROOT / "eval" / "infobox"
    totals: Counter[str] = Counter()
    for path in sorted(folder.glob("*.wiki")):
        score_file(path, totals, misses, plain)
    print(f"infoboxes {totals['articles']}; F1 (tp/pred/gold), micro over the articles:")
    for part in PARTS:
        print(f"  {part:16s} {f1(totals, part)}")
    print(f"  allies wrong     {totals['allies_wrong']}")
    print(f"  dates right      {totals['date_ok']}/{totals['articles']}")


if __name__ == "__main__":
    main(sys.argv[1:])
