"""Sources: who a figure is attributed to ("according to SOHR", "Russia said").

Canonical names and their aliases live in ``data/sources.yaml``.

>>> canonical_source("the Syrian Observatory for Human Rights")
'SOHR'
>>> canonical_source("Amaq")
'IS'
"""

from __future__ import annotations

import functools

from warledger.data import load_yaml
from warledger.extract.phrases import PhraseMatcher, fold


@functools.cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in load_yaml("sources.yaml")["sources"]:
        table[fold(entry["source"])] = entry["source"]
        for name in entry.get("names") or []:
            table.setdefault(fold(name.strip()), entry["source"])
    return table


@functools.cache
def source_matcher() -> PhraseMatcher:
    """A matcher over every source alias; values are canonical sources."""
    entries = load_yaml("sources.yaml")["sources"]
    phrases = [(name, e["source"]) for e in entries for name in [e["source"], *(e.get("names") or [])]]
    sensitive = [n for e in entries for n in e.get("case_sensitive") or []]
    return PhraseMatcher(phrases, case_sensitive=sensitive)


def canonical_source(text: str) -> str | None:
    """The canonical source for an alias, or the one alias found inside ``text``."""
    key = fold(" ".join(text.split())).strip(" .,:;")
    for prefix in ("the ", ""):
        if (hit := _aliases().get(key.removeprefix(prefix))) is not None:
            return hit
    hits = source_matcher().find(text)
    return hits[0].value if len(hits) == 1 and isinstance(hits[0].value, str) else None
