"""Score warledger on the hand-annotated Wikipedia articles in eval/wikipedia/ (other wars, and Syrian and Iraqi
battles of the shared corpus).

    .venv/bin/python scripts/wiki_eval.py [eval/wikipedia] [--misses]

Each ``<slug>.txt`` is read and extracted with the library; ``<slug>.gold.json`` is its hand annotation (the
shape is described in eval/wikipedia/README.md). A predicted figure (an event's casualty figure, kind
"incident", or a claim, kind "claim") is matched to the gold figure whose quote its quote overlaps, one to one,
the better candidate first; a prediction without a quote offset stands for its whole sentence. Then:

- figures P/R: right when count, status, party and kind all equal the gold; "num+status" asks count and status;
- dates: of matched gold figures with a date, the share whose prediction is an event whose span holds the gold
  span and is at most 7 days long;
- admin1: of matched gold figures, the share whose event's ``place.admin1`` equals the gold (None = None);
- sources: of matched gold figures with a source, the share whose prediction names one;
- infobox: combatant (side, name) and commander (name, status) F1 where the gold gives an infobox.

Party names are compared after folding the state of the article's theatre and "pro-government" into
"government", and the Islamic State's names (and its Philippine affiliates) into "IS".
``--misses`` lists every gold figure that is not fully right, beside its matched prediction.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from warledger.extract.pipeline import extract
from warledger.model import LedgerDocument
from warledger.read import read_path

ROOT = Path(__file__).resolve().parents[1]
STATES = {"SY": "syria", "IQ": "iraq",
          "LY": "libya", "PH": "philippines", "UA": "ukraine", "YE": "yemen", "AF": "afghanistan", "SO": "somalia",
          "ML": "mali", "BF": "burkina faso", "NG": "nigeria", "MM": "myanmar", "SD": "sudan"}
IS_NAMES = {"is", "isil", "isis", "islamic state", "maute group", "abu sayyaf", "iswap", "is sahel", "iskp"}
ADMIN_WORDS = (" oblast", " governorate", " province", " district", " region")


@dataclass
class Pred:
    start: int
    end: int
    quoted: bool
    count: tuple[int | None, int | None]
    status: str
    party: str | None
    kind: str
    source: str | None
    span: tuple[str | None, str | None] | None
    admin1: str | None


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    full: int = 0
    num_status: int = 0
    dated: int = 0
    date_ok: int = 0
    matched: int = 0
    admin1_ok: int = 0
    sourced: int = 0
    source_kept: int = 0
    comb: list[int] = field(default_factory=lambda: [0, 0, 0])  # true positives, predicted, gold
    cmd: list[int] = field(default_factory=lambda: [0, 0, 0])

    def add(self, other: Tally) -> None:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, list):
                setattr(self, f.name, [a + b for a, b in zip(mine, theirs, strict=True)])
            else:
                setattr(self, f.name, mine + theirs)


def party_key(party: str | None, theatre: str) -> str | None:
    """A party name folded for comparison: ``party_key("Ukraine", "UA") == "government"``."""
    if party is None:
        return None
    p = party.casefold().strip()
    if p in ("government", "pro-government") or p == STATES.get(theatre):
        return "government"
    if p in IS_NAMES:
        return "is"
    return "civilians" if p == "civilian" else p


def admin_key(name: str | None) -> str | None:
    if name is None:
        return None
    name = name.casefold().strip()
    for word in ADMIN_WORDS:
        name = name.removesuffix(word)
    return name


def prose_start(text: str) -> int:
    """Offset of the first line that is not the title, an infobox line or a note: infobox claims are not scored."""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body and not (body.startswith(("= ", "- ")) or body.startswith("note")):
            return pos
        pos += len(line)
    return pos


def _pred(fig: Any, kind: str, sentence: tuple[int, str], span: Any, admin1: str | None) -> Pred:
    if fig.quote_offset is not None and fig.quote:
        start, end, quoted = fig.quote_offset, fig.quote_offset + len(fig.quote), True
    else:
        start, end, quoted = sentence[0], sentence[0] + len(sentence[1]), False
    return Pred(start, end, quoted, (fig.count.low, fig.count.high), fig.status, fig.party, kind, fig.source,
                (span.start, span.end) if span else None, admin1)


def predictions(ledger: LedgerDocument, first: int) -> list[Pred]:
    """Every casualty figure of every event, and every claim, that lies in the prose."""
    preds = []
    for event in ledger.events:
        admin1 = event.place.admin1 if event.place else None
        for fig in event.casualties:
            preds.append(_pred(fig, "incident", (event.offset, event.text), event.date, admin1))
    preds += [_pred(c, "claim", (c.offset, c.text), None, None) for c in ledger.claims]
    return [p for p in preds if p.start >= first]


def gold_figures(text: str, gold: dict[str, Any]) -> list[dict[str, Any]]:
    """The gold figures with the character span of each quote in the document."""
    out = []
    seen: dict[tuple[Any, ...], int] = {}  # a figure annotated again in a sentence the article repeats word for word
    for fig in gold["figures"]:
        at = text.find(fig["sentence"])
        if at < 0 or fig["quote"] not in fig["sentence"]:
            raise SystemExit(f"{gold['title']}: quote or sentence not in the text: {fig['quote']!r}")
        same = (fig["sentence"], fig["quote"], fig["status"], fig["party"], fig["kind"], str(fig["count"]))
        for _ in range(seen.get(same, 0)):  # the nth such figure lies in the nth copy of the sentence
            again = text.find(fig["sentence"], at + 1)
            at = again if again >= 0 else at
        seen[same] = seen.get(same, 0) + 1
        start = at + fig["sentence"].index(fig["quote"])
        out.append(dict(fig, start=start, end=start + len(fig["quote"])))
    return out


def right(g: dict[str, Any], p: Pred, theatre: str) -> tuple[bool, bool]:
    """(fully right, number and status right)."""
    num_status = p.count == (g["count"]["low"], g["count"]["high"]) and p.status == g["status"]
    full = num_status and p.kind == g["kind"] and party_key(p.party, theatre) == party_key(g["party"], theatre)
    return full, num_status


def match(golds: list[dict[str, Any]], preds: list[Pred], theatre: str) -> dict[int, Pred]:
    """One-to-one matching by overlapping quotes: a fully right pair first, then number and status, then a
    quoted prediction, then the longer overlap."""
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            overlap = min(g["end"], p.end) - max(g["start"], p.start)
            if overlap > 0:
                pairs.append(((*right(g, p, theatre), p.quoted, overlap), gi, pi))
    pairs.sort(key=lambda x: x[0], reverse=True)
    taken_g: dict[int, Pred] = {}
    taken_p: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in taken_g and pi not in taken_p:
            taken_g[gi] = preds[pi]
            taken_p.add(pi)
    return taken_g


def date_right(gold_span: dict[str, str], p: Pred) -> bool:
    if p.kind != "incident" or not p.span or not p.span[0] or not p.span[1]:
        return False
    start, end = date.fromisoformat(p.span[0]), date.fromisoformat(p.span[1])
    inside = start <= date.fromisoformat(gold_span["start"]) and date.fromisoformat(gold_span["end"]) <= end
    exact = (p.span[0], p.span[1]) == (gold_span["start"], gold_span["end"])  # "two months ago": May, as the gold
    return exact or (inside and (end - start).days <= 7)


def tally_figures(golds: list[dict[str, Any]], preds: list[Pred], theatre: str, misses: bool) -> Tally:
    t = Tally(gold=len(golds), pred=len(preds))
    matched = match(golds, preds, theatre)
    for gi, g in enumerate(golds):
        p = matched.get(gi)
        full, num_status = right(g, p, theatre) if p else (False, False)
        t.full += full
        t.num_status += num_status
        if misses and not full:
            print(f"  miss {g['quote']!r} gold={g['count']} {g['status']} {g['party']} {g['kind']}  pred={p}")
        if p is None:
            continue
        t.matched += 1
        t.admin1_ok += admin_key(p.admin1) == admin_key(g["admin1"])
        if g.get("date"):
            t.dated += 1
            t.date_ok += date_right(g["date"], p)
        if g.get("source"):
            t.sourced += 1
            t.source_kept += p.source is not None
    if misses:
        taken = {id(p) for p in matched.values()}
        for p in preds:
            if id(p) not in taken:
                print(f"  extra {p}")
    return t


def set_counts(pred: list[Any], gold: list[Any]) -> list[int]:
    remaining, tp = list(gold), 0
    for x in pred:
        if x in remaining:
            remaining.remove(x)
            tp += 1
    return [tp, len(pred), len(gold)]


def tally_infobox(ledger: LedgerDocument, gold: dict[str, Any] | None, t: Tally) -> None:
    """Combatants as (side, name) and commanders as (name, status), case-folded."""
    if not gold:
        return
    sides = ledger.conflict.sides if ledger.conflict else []
    comb = [(s.index, c.casefold()) for s in sides for c in s.combatants]
    gold_comb = [(i + 1, c.casefold()) for i, side in enumerate(gold.get("combatants", [])) for c in side]
    t.comb = set_counts(comb, gold_comb)
    if gold.get("commanders"):
        cmd = [((c.name or "").casefold(), c.status) for s in sides for c in s.commanders]
        t.cmd = set_counts(cmd, [((c["name"] or "").casefold(), c["status"]) for c in gold["commanders"]])


def score_article(txt: Path, misses: bool) -> Tally:
    gold = json.loads(txt.with_suffix(".gold.json").read_text(encoding="utf-8"))
    result = read_path(txt)
    if result.failures:
        raise SystemExit(f"{txt}: {result.failures[0].reason}")
    doc = result.documents[0]
    ledger = extract(doc)
    if misses:
        print(f"{txt.stem}:")
    t = tally_figures(gold_figures(doc.text, gold), predictions(ledger, prose_start(doc.text)),
                      gold["theatre"], misses)
    tally_infobox(ledger, gold.get("infobox"), t)
    return t


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  — "


def f1(c: list[int]) -> str:
    tp, n_pred, n_gold = c
    return "  — " if not n_gold else ratio(2 * tp, n_pred + n_gold)


def row(name: str, t: Tally) -> str:
    cells = [f"{t.gold:4d}", f"{t.pred:4d}", ratio(t.full, t.pred), ratio(t.full, t.gold),
             ratio(t.num_status, t.pred), ratio(t.num_status, t.gold), ratio(t.date_ok, t.dated),
             ratio(t.admin1_ok, t.matched), ratio(t.source_kept, t.sourced), f1(t.comb), f1(t.cmd)]
    return f"{name:34.34s} " + "  ".join(f"{c:>6s}" for c in cells)


def main(argv: list[str]) -> None:
    misses = "--misses" in argv
    args = [a for a in argv if a != "--misses"]
    folder = Path(args[0]) if args else ROOT / "eval" / "wikipedia"
    total = Tally()
    lines = []
    for txt in sorted(folder.glob("*.txt")):
        t = score_article(txt, misses)
        total.add(t)
        lines.append(row(txt.stem, t))
    head = ["gold", "pred", "P", "R", "P n+s", "R n+s", "dates", "admin1", "source", "comb", "cmd"]
    print(f"{'article':34s} " + "  ".join(f"{h:>6s}" for h in head))
    print("\n".join(lines))
    print(row("TOTAL (micro)", total))
    print(f"counts: full {total.full}, number and status {total.num_status}, dates {total.date_ok}/{total.dated}, "
          f"admin1 {total.admin1_ok}/{total.matched}, sources {total.source_kept}/{total.sourced}")


if __name__ == "__main__":
    main(sys.argv[1:])
