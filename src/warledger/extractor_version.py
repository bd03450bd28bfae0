"""The extractor's version: a digest of the code and data that turn text into a ledger.

A ledger row is only as good as the rules that extracted it, so the ledger
keys each document by this version (with its text and reference date) and
re-extracts a document when the rules change. The package version would not
do: rules change between releases, and an editable install never bumps it.

The digest covers every ``*.py`` file under ``warledger/extract/`` (subpackages
too) and every file under ``warledger/data/``, each with its relative path, so
a renamed, added or removed file changes it as well as an edited one.

>>> v = extractor_version()
>>> len(v), all(c in "0123456789abcdef" for c in v)
(16, True)
>>> extractor_version() == v
True
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable

DIGITS = 16  # 64 bits: no two extractors of one project will collide

# The trees the extractor reads, and which of their files count.
TREES: dict[str, Callable[[str], bool]] = {
    "extract": lambda name: name.endswith(".py"),
    "data": lambda name: not name.endswith(".pyc"),
}


@functools.cache
def extractor_version() -> str:
    """The first 16 hex digits of a SHA-256 over the extractor's sources and data files (computed once
    per process: the files are read-only while it runs)."""
    digest = hashlib.sha256()
    package = resources.files("warledger")
    for tree, counts in TREES.items():
        for path, file in sorted(_files(package.joinpath(tree), tree)):
            if counts(file.name):
                content = file.read_bytes()
                digest.update(f"{path}\0{len(content)}\0".encode())
                digest.update(content)
    return digest.hexdigest()[:DIGITS]


def _files(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    """Every file below ``folder`` with its path from the package (``/``-separated on every system),
    skipping ``__pycache__``."""
    for entry in folder.iterdir():
        path = f"{prefix}/{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _files(entry, path)
        elif entry.is_file():
            yield path, entry
