"""The ledger as a JSON array of the contract's documents (warledger/1)."""

from __future__ import annotations

import json
from pathlib import Path

from warledger.audit import audit_document
from warledger.ledger import Ledger
from warledger.model import to_dict


def write(ledger: Ledger, path: Path) -> int:
    docs = [ledger.document(d["id"]) for d in ledger.documents()]
    data = [to_dict(audit_document(doc)) for doc in docs if doc is not None]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(data)
