"""The documents of a ledger ranked by the weight of their findings.

A finding belongs to every document one of its claims comes from (a contradiction between two articles is
on both pages). A document weighs the sum of its findings' weights (:func:`~warledger.report.evidence.finding_weight`);
documents are ranked by weight, then number of findings, then id, so those with no findings (weight 0) come
last, in id order.

>>> from warledger.model import Claim, Count, Finding
>>> c = Claim(None, "IS", None, "killed", Count(5, 5), "SOHR", None, 0, "s")
>>> rows = [{"id": i, "title": i, "format": "text", "claims": 1, "events": 0} for i in ("a", "b", "c")]
>>> found = [Finding("contradiction", [0, 1], "", 2), Finding("sum-mismatch", [1], "", 4)]
>>> [(e.id, e.weight, e.findings) for e in rank(rows, [("a", c), ("b", c)], found)]
[('b', 14, (1, 0)), ('a', 6, (0,)), ('c', 0, ())]
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from warledger.model import Finding
from warledger.report.evidence import KIND_WEIGHTS, Pairs, finding_weight
from warledger.report.links import is_wikipedia, page_name


@dataclass(frozen=True)
class DocEntry:
    """One document as the site lists it; ``findings`` index the ledger's findings, heaviest first."""

    id: str
    title: str | None
    format: str
    page: str  # its file name in the site's doc/ folder
    claims: int
    events: int
    findings: tuple[int, ...]
    weight: int
    revision_url: str | None = None  # the revision read, where the document's provenance names one (a dump's page)

    @property
    def name(self) -> str:
        return self.title or self.id

    @property
    def wikipedia(self) -> bool:
        return is_wikipedia(self.format)


@dataclass(frozen=True)
class AuditView:
    """What the pages are made from: the ledger's claims, its findings (indexing them) and its documents."""

    pairs: Pairs
    findings: list[Finding]
    documents: dict[str, DocEntry]


def rank(rows: list[dict[str, Any]], pairs: Pairs, findings: list[Finding]) -> list[DocEntry]:
    """``rows`` (the ledger's ``documents()``) ranked by the weight of the findings citing their claims."""
    cited: dict[str, list[int]] = {}
    for k, finding in enumerate(findings):
        for doc in dict.fromkeys(pairs[i][0] for i in finding.claims):
            cited.setdefault(doc, []).append(k)
    entries = []
    for row in rows:
        ks = sorted(cited.get(row["id"], []), key=lambda k: -finding_weight(findings[k]))
        entries.append(DocEntry(row["id"], row["title"], row["format"], page_name(row["id"]), row["claims"],
                                row["events"], tuple(ks), sum(finding_weight(findings[k]) for k in ks),
                                _revision_url(row.get("provenance"))))
    return sorted(entries, key=lambda e: (-e.weight, -len(e.findings), e.id))


def _revision_url(provenance: str | None) -> str | None:
    """The URL of the revision a document was read from (its stored provenance), if any."""
    url = json.loads(provenance).get("url") if provenance else None
    return url if isinstance(url, str) and url.startswith("https://") else None


def kinds(findings: list[Finding]) -> list[str]:
    """The kinds of finding to count, those with a weight first."""
    return list(dict.fromkeys([*KIND_WEIGHTS, *(f.kind for f in findings)]))
