"""Score a predicted ledger against a hand-annotated one (``warledger eval``).

The metrics are the project's standard ones: events matched one-to-one by
the largest overlap of their sentences (a prediction on a gold event's
``support`` sentence joins that event), casualty figures matched inside
matched events on (party, status, low, high), claims on (party, group,
status, low, high, period), findings on (kind, offsets of the claims cited),
and the conflict record part by part as set F1. For short reports annotated only
with their totals, ``score_reports`` checks each report's killed count and
governorate.

>>> prf(3, 4, 6)
{'precision': 0.75, 'recall': 0.5, 'f1': 0.6, 'tp': 3, 'pred': 4, 'gold': 6}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from warledger.export.common import killed_figures_by_party, killed_total
from warledger.ledger.estimates import alternatives
from warledger.model import Event

Json = dict[str, Any]


def prf(tp: int, n_pred: int, n_gold: int) -> Json:
    """Precision, recall and F1 of ``tp`` hits among ``n_pred`` against ``n_gold``."""
    p = tp / n_pred if n_pred else float(not n_gold)
    r = tp / n_gold if n_gold else float(not n_pred)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred,
            "gold": n_gold}


def multiset_f1(pred: Iterable[Any], gold: Iterable[Any]) -> Json:
    p, g = Counter(pred), Counter(gold)
    return prf(sum((p & g).values()), sum(p.values()), sum(g.values()))


def _norm(value: Any) -> Any:
    return None if value is None else " ".join(str(value).replace("\u2019", "'").split()).casefold()


def _count(c: Json | None) -> tuple[Any, Any]:
    return ((c or {}).get("low"), (c or {}).get("high"))


def _span(offset: int | None, text: str | None) -> tuple[int, int] | None:
    return None if offset is None else (offset, offset + max(len(text or ""), 1))


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    return 0 if a is None or b is None else max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_events(pred: list[Json], gold: list[Json]) -> dict[int, list[int]]:
    """``{gold index: [predicted indices]}``: anchors first, then support sentences."""
    pairs = sorted(((_overlap(_span(p.get("offset"), p.get("text")), _span(g.get("offset"), g.get("text"))), i, j)
                    for i, p in enumerate(pred) for j, g in enumerate(gold)), reverse=True)
    used, mapping = set(), {}
    for ov, i, j in pairs:
        if ov > 0 and i not in used and j not in mapping:
            used.add(i)
            mapping[j] = [i]
    for i, p in enumerate(pred):
        if i in used:
            continue
        ps = _span(p.get("offset"), p.get("text"))
        best = max(((sum(_overlap(ps, _span(s.get("offset"), s.get("text"))) for s in g.get("support") or []), j)
                    for j, g in enumerate(gold)), default=(0, None))
        if best[0] > 0:
            used.add(i)
            mapping.setdefault(best[1], []).append(i)
    return mapping


def _fig_key(f: Json) -> tuple[Any, ...]:
    return (_norm(f.get("party")), _norm(f.get("status")), *_count(f.get("count")))


def _accuracy(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def score_events(pred: list[Json], gold: list[Json]) -> Json:
    mapping = match_events(pred, gold)
    mapped = sum(len(v) for v in mapping.values())
    events = prf(len(mapping), len(pred), len(gold))
    p = mapped / len(pred) if pred else float(not gold)
    events.update(precision=round(p, 4), f1=round(2 * p * events["recall"] / (p + events["recall"]), 4)
                  if p + events["recall"] else 0.0)
    tally = Counter()
    for j, preds in mapping.items():
        _score_matched(gold[j], [pred[i] for i in preds], tally)
    n_pred_f = sum(len(e.get("casualties") or []) for e in pred)
    n_gold_f = sum(len(e.get("casualties") or []) for e in gold)
    return {"events": events, "casualty_figures": prf(tally["fig"], n_pred_f, n_gold_f),
            "figure_source_accuracy": _accuracy(tally["src"], tally["fig"]),
            "figure_group_accuracy": _accuracy(tally["grp"], tally["fig"]),
            "date_span_accuracy": _accuracy(tally["date"], tally["date_n"]),
            "date_start_accuracy": _accuracy(tally["start"], tally["date_n"]),
            "admin1_accuracy": _accuracy(tally["admin1"], tally["admin1_n"]),
            "sub_type_accuracy": _accuracy(tally["type"], tally["type_n"])}


def _score_matched(ge: Json, preds: list[Json], tally: Counter) -> None:
    pe = preds[0]
    pool = [f for e in preds for f in e.get("casualties") or []]
    for gf in ge.get("casualties") or []:
        hit = next((x for x in pool if _fig_key(x) == _fig_key(gf)), None)
        if hit is not None:
            pool.remove(hit)
            tally["fig"] += 1
            tally["src"] += _norm(hit.get("source")) == _norm(gf.get("source"))
            tally["grp"] += _norm(hit.get("group")) == _norm(gf.get("group"))
    gd, pd = ge.get("date") or {}, pe.get("date") or {}
    if gd.get("start"):
        tally["date_n"] += 1
        tally["start"] += pd.get("start") == gd.get("start")
        tally["date"] += (pd.get("start"), pd.get("end")) == (gd.get("start"), gd.get("end"))
    if (ge.get("place") or {}).get("admin1"):
        tally["admin1_n"] += 1
        tally["admin1"] += _norm((pe.get("place") or {}).get("admin1")) == _norm(ge["place"]["admin1"])
    if ge.get("sub_type"):
        tally["type_n"] += 1
        tally["type"] += _norm(pe.get("sub_type")) == _norm(ge.get("sub_type"))


def _claim_key(c: Json, with_period: bool = True) -> tuple[Any, ...]:
    key = (_norm(c.get("party")), _norm(c.get("group")), _norm(c.get("status")), *_count(c.get("count")))
    period = c.get("period") or {}
    return key + ((period.get("start"), period.get("end")) if with_period else ())


def _finding_keys(doc: Json) -> Iterator[tuple[Any, ...]]:
    claims = doc.get("claims") or []
    for f in doc.get("findings") or []:
        cited = [i for i in f.get("claims") or [] if isinstance(i, int) and 0 <= i < len(claims)]
        offsets = [claims[i].get("offset") for i in cited]
        yield _norm(f.get("kind")), tuple(sorted(o for o in offsets if o is not None))


def _unit_paths(units: list[Json] | None, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for u in units or []:
        path = (*prefix, _norm(u.get("name")))
        yield path
        yield from _unit_paths(u.get("children"), path)


SIDE_PARTS = {
    "commanders": lambda s: [(_norm(c.get("name")), c.get("status")) for c in s.get("commanders") or []],
    "units": lambda s: list(_unit_paths(s.get("units"))),
    "strength": lambda s: [_count(x.get("count")) for x in s.get("strength") or []],
    "casualty_items": lambda s: [_count(x.get("count")) for x in s.get("casualties") or []],
    "combatants": lambda s: [_norm(c) for c in s.get("combatants") or []],
    "allies": lambda s: [_norm(c) for c in s.get("allies") or []],
}


def score_conflict(pred: Json | None, gold: Json | None) -> Json | None:
    if not gold:
        return None
    pred = pred or {}
    by_index = {s.get("index"): s for s in pred.get("sides") or []}
    out: Json = {}
    for part, items in SIDE_PARTS.items():
        p, g = [], []
        for gs in gold.get("sides") or []:
            ix = gs.get("index")
            p += [(ix, x) for x in items(by_index.get(ix, {}))]
            g += [(ix, x) for x in items(gs)]
        out[part] = multiset_f1(p, g)

    def span(c: Json) -> tuple[Any, Any]:
        return ((c.get("date") or {}).get("start"), (c.get("date") or {}).get("end"))

    def totals(c: Json) -> list[str]:
        return sorted(str((s.get("index"), *_count((s.get("casualties_total") or {}).get("count"))))
                      for s in c.get("sides") or [])

    def part_of(c: Json) -> list[Any]:
        return sorted(map(_norm, c.get("part_of") or []))

    out["checks"] = {"date": span(pred) == span(gold),
                     "total_casualties": _count(pred.get("total_casualties")) == _count(gold.get("total_casualties")),
                     "part_of": part_of(pred) == part_of(gold),
                     "side_totals": totals(pred) == totals(gold)}
    return out


def score(pred: Json, gold: Json) -> Json:
    """Every metric of ``pred`` against ``gold`` (both ledger JSON objects)."""
    result: Json = {"schema_ok": pred.get("schema") == "warledger/1"}
    result.update(score_events(pred.get("events") or [], gold.get("events") or []))
    pc, gc = pred.get("claims") or [], gold.get("claims") or []
    result["claims"] = multiset_f1(map(_claim_key, pc), map(_claim_key, gc))
    result["claims_ignoring_period"] = multiset_f1((_claim_key(c, False) for c in pc),
                                                   (_claim_key(c, False) for c in gc))
    result["findings"] = multiset_f1(_finding_keys(pred), _finding_keys(gold))
    result["conflict"] = score_conflict(pred.get("conflict"), gold.get("conflict"))
    return result


def format_report(result: Json) -> str:
    """The scores as aligned text lines."""
    lines = []
    for key in ("events", "casualty_figures", "claims", "claims_ignoring_period", "findings"):
        r = result[key]
        lines.append(f"{key:24s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                     f"(tp={r['tp']} pred={r['pred']} gold={r['gold']})")
    for key in ("figure_source_accuracy", "figure_group_accuracy", "date_span_accuracy", "date_start_accuracy",
                "admin1_accuracy", "sub_type_accuracy"):
        lines.append(f"{key:24s} {result[key]}")
    for key, r in (result.get("conflict") or {}).items():
        lines.append(f"{'conflict checks':24s} {r}" if key == "checks" else
                     f"conflict.{key:15s} F1={r['f1']:.3f} (tp={r['tp']} pred={r['pred']} gold={r['gold']})")
    return "\n".join(lines)


# --- report totals -------------------------------------------------------------------------------------------
# For users who annotate only what each short report adds up to: its killed count and its governorate.


def report_killed(events: Iterable[Event]) -> int:
    """A report's killed: over its events, each party's most conservative count (sub-figures left out)."""
    return sum(killed_total(event)[1] for event in events)


def report_killed_range(events: Iterable[Event]) -> tuple[int, int]:
    """A report's killed as alternatives: per incident and party, the smallest and the largest of its sources'
    estimates (sub-figures left out; a total over all parties is one more estimate of the dead of no side),
    summed over them."""
    low = high = 0
    for event in events:
        for figures in killed_figures_by_party(event, unsided_together=True).values():
            smallest, largest = alternatives(figures)
            low, high = low + smallest, high + largest
    return low, high


def report_admin1(events: list[Event]) -> str | None:
    """The governorate of the report's first incident with deaths (else with casualties, else its first)."""
    killed = [e for e in events if any(f.status == "killed" for f in e.casualties)]
    for event in killed or [e for e in events if e.casualties] or events:
        if event.place and event.place.admin1:
            return event.place.admin1
    return None


def score_reports(pairs: Iterable[tuple[Json, list[Event]]]) -> Json:
    """How often the killed count and the governorate of a report are exact.

    ``pairs`` are the annotation of each report (``{"id", "killed", "admin1"}``; a key left out is not
    scored) with the events extracted from it.
    """
    tally: Counter[str] = Counter()
    misses = []
    for gold, events in pairs:
        tally["reports"] += 1
        got = {"killed": report_killed(events), "admin1": report_admin1(events)}
        wrong = {}
        for key in ("killed", "admin1"):
            if key in gold:
                tally[key] += 1
                tally[f"{key}_exact"] += got[key] == gold[key]
                if got[key] != gold[key]:
                    wrong[key] = {"extracted": got[key], "annotated": gold[key]}
        if wrong:
            misses.append({"id": gold.get("id"), **wrong})
    return {"reports": tally["reports"],
            "killed_exact": _accuracy(tally["killed_exact"], tally["killed"]),
            "admin1_exact": _accuracy(tally["admin1_exact"], tally["admin1"]),
            "misses": misses}


def format_reports(result: Json) -> str:
    """Report-total scores and the reports that missed, as text lines."""
    lines = [f"reports       {result['reports']}",
             f"killed exact  {result['killed_exact']}",
             f"admin1 exact  {result['admin1_exact']}"]
    for miss in result["misses"]:
        parts = [f"{key} {v['extracted']} (annotated {v['annotated']})" for key, v in miss.items() if key != "id"]
        lines.append(f"  {miss['id']}: " + "; ".join(parts))
    return "\n".join(lines)
