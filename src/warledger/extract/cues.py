"""Cue words: the word lists the rules read, one YAML file each under ``data/cues/``.

A rule's vocabulary (speech verbs, background markers, fillers, …) lives in
data, with a header saying what it is for; the code keeps only syntax. From
each list come the cheap guard set (the words of its entries: a sentence with
none of them skips the rule's pattern) and a regex alternation (longest entry
first, any run of spaces between words), so the guard and the pattern never
drift apart. Each entry's line in its file is kept for ``extract --trace``.

>>> "could" in cue_words("hypothetical_words")
True
>>> cue_line("hypothetical_words", "could") > 0
True
>>> import re
>>> bool(re.fullmatch(cue_alternation("hypothetical_words"), "threatened"))
True
"""

from __future__ import annotations

import functools
import re

import yaml

from warledger.data import data_text


@functools.cache
def _load(name: str) -> tuple[tuple[str, ...], dict[str, int]]:
    """The list's entries in file order, and the line (from 1) of each."""
    node = yaml.compose(data_text(f"cues/{name}.yaml"))
    words = next(value for key, value in node.value if key.value == "words")
    entries = tuple(str(item.value) for item in words.value)
    return entries, {str(item.value): item.start_mark.line + 1 for item in words.value}


def cue_list(name: str) -> tuple[str, ...]:
    """The entries of ``data/cues/<name>.yaml`` in file order."""
    return _load(name)[0]


@functools.cache
def cue_words(name: str) -> frozenset[str]:
    """Every word of the list's entries, in lower case: a sentence with none of them needs no closer look."""
    return frozenset(word for entry in cue_list(name) for word in entry.lower().split())


@functools.cache
def cue_alternation(name: str) -> str:
    """The list as a regex alternation (no group), longest entry first, any spaces between its words."""
    entries = sorted(cue_list(name), key=lambda e: (-len(e), e))
    return "|".join(r"\s+".join(re.escape(w) for w in e.split()) for e in entries)


def cue_line(name: str, entry: str) -> int | None:
    """The line of ``entry`` in its file (for a trace: which data line a decision came from)."""
    return _load(name)[1].get(entry)
