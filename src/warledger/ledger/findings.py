"""Stored findings: the audit (``warledger.audit``) kept with the claims it reads.

The audit compares a claim only with claims about the same people — a contradiction needs the same source,
party, group and status; a sum mismatch the same party, group and status (and, to tell a line restated
word for word, every claim of the line) — and a document's incidents only with its own claims. So when a
document's claims change, only the findings about the people they count, and its own, can change: those
are recomputed over every document's claims about those people, which gives what the whole audit would.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warledger.audit import contradictions, incidents_exceeding, sum_mismatches
from warledger.model import Claim, Finding

if TYPE_CHECKING:
    from warledger.ledger.store import Store

KINDS = ("contradiction", "sum-mismatch", "incidents-exceed-claim")
WHO = ("party", "grp", "status")
FIGURE = ("source", *WHO)
LINES_PER_QUERY = 500

Ref = tuple[str, int]  # a claim: its document and index
Rows = list[tuple[str, int, Claim]]


@dataclass
class Scope:
    """What a write can change: the (source, people) and the people of the claims it adds or removes, and the
    documents whose incidents changed."""

    figures: set[tuple[Any, ...]] = field(default_factory=set)
    whos: set[tuple[Any, ...]] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)

    def merge(self, other: Scope) -> None:
        self.figures |= other.figures
        self.whos |= other.whos
        self.docs |= other.docs

    def save(self, store: Store) -> None:
        """Note the scope as stale, to be recomputed by :func:`refresh_stale`."""
        rows = [("figure", *key, None) for key in self.figures] + [("who", None, *who, None) for who in self.whos] \
            + [("doc", None, None, None, None, doc) for doc in self.docs]
        for row in rows:
            store.execute("INSERT INTO findings_stale (scope, source, party, grp, status, doc_id) "
                          "VALUES (?, ?, ?, ?, ?, ?)", row)

    @classmethod
    def stale(cls, store: Store) -> Scope:
        """What is noted stale."""
        out = cls()
        for r in store.rows("SELECT DISTINCT * FROM findings_stale"):
            if r["scope"] == "figure":
                out.figures.add(tuple(r[k] for k in FIGURE))
            elif r["scope"] == "who":
                out.whos.add(tuple(r[k] for k in WHO))
            else:
                out.docs.add(r["doc_id"])
        return out

    def note(self, store: Store, doc_id: str) -> None:
        """Add the claims ``doc_id`` holds now (a document without claims has no finding to change)."""
        rows = store.rows("SELECT DISTINCT source, party, grp, status FROM claims WHERE doc_id = ?", (doc_id,))
        for r in rows:
            self.whos.add(tuple(r[k] for k in WHO))
            if r["source"] is not None:
                self.figures.add(tuple(r[k] for k in FIGURE))
        if rows:
            self.docs.add(doc_id)


def _equal(columns: Iterable[str], values: Iterable[Any]) -> tuple[str, tuple[Any, ...]]:
    """A condition that ``columns`` hold ``values``, a NULL matching a NULL."""
    pairs = list(zip(columns, values, strict=True))
    clause = " AND ".join(f"{c} IS NULL" if v is None else f"{c} = ?" for c, v in pairs)
    return clause, tuple(v for _, v in pairs if v is not None)


def refresh_stale(store: Store, scope: Scope | None = None) -> None:
    """Recompute the findings noted stale and those ``scope`` can have changed, then clear the notes."""
    pending = Scope.stale(store)
    if scope is not None:
        pending.merge(scope)
    refresh(store, pending)
    store.execute("DELETE FROM findings_stale")


def refresh(store: Store, scope: Scope) -> None:
    """Recompute the findings ``scope`` can have changed."""
    figures = sorted(scope.figures, key=repr)
    for key in figures:
        _delete(store, "contradiction", FIGURE, key)
    rows = _claims(store, [_equal(FIGURE, key) for key in figures])
    _insert(store, "contradiction", rows, contradictions([c for *_, c in rows]))
    whos = sorted(scope.whos, key=repr)
    for who in whos:
        _delete(store, "sum-mismatch", WHO, who)
    rows = _with_lines(store, _claims(store, [_equal(WHO, who) for who in whos]))
    found = sum_mismatches([c for *_, c in rows])
    _insert(store, "sum-mismatch", rows, [f for f in found if _who(rows[f.claims[0]][2]) in scope.whos])
    for doc in sorted(scope.docs):
        store.execute("DELETE FROM findings WHERE kind = 'incidents-exceed-claim' AND doc_id = ?", (doc,))
        ledger = store.ledger_document(doc)
        if ledger is not None:
            rows = [(doc, i, c) for i, c in enumerate(ledger.claims)]
            _insert(store, "incidents-exceed-claim", rows, incidents_exceeding(ledger.claims, ledger.events), doc)


def _who(claim: Claim) -> tuple[Any, ...]:
    return claim.party, claim.group, claim.status


def _delete(store: Store, kind: str, columns: tuple[str, ...], key: tuple[Any, ...]) -> None:
    clause, params = _equal(columns, key)
    store.execute(f"DELETE FROM findings WHERE kind = ? AND {clause}", (kind, *params))


def _claims(store: Store, conditions: list[tuple[str, tuple[Any, ...]]]) -> Rows:
    """Every claim meeting one of ``conditions``, in ledger order (document, then index)."""
    found: dict[Ref, Claim] = {}
    for clause, params in conditions:
        for doc, idx, claim in store.claims_where(clause, params):
            found[(doc, idx)] = claim
    return [(doc, idx, found[(doc, idx)]) for doc, idx in sorted(found)]


def _with_lines(store: Store, rows: Rows) -> Rows:
    """``rows`` and every other claim stated on one of their lines (same offset and text): whether a line
    restates another depends on all of its claims."""
    lines = {(c.offset, c.text) for *_, c in rows}
    offsets = sorted({offset for offset, _ in lines})
    found = {(doc, idx): c for doc, idx, c in rows}
    for start in range(0, len(offsets), LINES_PER_QUERY):
        chunk = offsets[start:start + LINES_PER_QUERY]
        for doc, idx, claim in store.claims_where(f"sentence_offset IN ({', '.join('?' for _ in chunk)})",
                                                  tuple(chunk)):
            if (claim.offset, claim.text) in lines:
                found[(doc, idx)] = claim
    return [(doc, idx, found[(doc, idx)]) for doc, idx in sorted(found)]


def _insert(store: Store, kind: str, rows: Rows, findings: list[Finding], doc: str | None = None) -> None:
    """Store ``findings`` of ``kind``, their claim indices (into ``rows``) kept as (document, index) pairs."""
    for f in findings:
        first = rows[f.claims[0]][2]
        refs = [[rows[i][0], rows[i][1]] for i in f.claims]
        store.execute("INSERT INTO findings (kind, source, party, grp, status, doc_id, claims, detail, delta, "
                      "events, cross_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (kind, first.source, first.party, first.group, first.status, doc,
                       json.dumps(refs, ensure_ascii=False), f.detail, f.delta, json.dumps(f.events),
                       int(f.cross_source)))


def stored_findings(store: Store) -> list[Finding]:
    """Every stored finding, its ``claims`` indexing the ledger's claims in order (``Store.claims``): by kind,
    then by the claims it cites, as the whole audit lists them."""
    positions = {(r["doc_id"], r["idx"]): n
                 for n, r in enumerate(store.rows("SELECT doc_id, idx FROM claims ORDER BY doc_id, idx"))}
    found = [Finding(r["kind"], [positions[(d, i)] for d, i in json.loads(r["claims"])], r["detail"],
                     None if r["delta"] is None else int(r["delta"]), json.loads(r["events"]),
                     bool(r["cross_source"]))
             for r in store.rows("SELECT * FROM findings")]
    return sorted(found, key=lambda f: (KINDS.index(f.kind), f.claims))
