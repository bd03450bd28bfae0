"""A trace for rule authors: per sentence, what each stage and pass set or dropped, and the data line behind it.

``warledger extract FILE --trace`` prints it. Each stage's findings on a
sentence are listed under the stage's name (actors with the line of
``actors.yaml`` that names them, places with their gazetteer line); the named
passes inside a stage add their own notes (``figures.bind_status`` …).

>>> from warledger.read import read_string
>>> doc = read_string("On 3 May 2021, IS killed 7 soldiers near Palmyra.", "r", fmt="text").documents[0]
>>> lines = list(format_trace(trace(doc)))
>>> any("figures" in line and "7 soldiers" in line for line in lines)
True
>>> any("places" in line and "places_curated.tsv:" in line for line in lines)
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import yaml

from warledger.data import data_text
from warledger.extract.analysis import DocAnalysis, SentenceFacts, TraceNote
from warledger.extract.pipeline import PIPELINE
from warledger.extract.stages import Stage
from warledger.extract.text.phrases import fold
from warledger.limits import Deadline, Limits
from warledger.model import Document

# The data file whose lines name what a stage finds, by the stage's name.
STAGE_DATA = {"actors": "actors.yaml", "attributions": "sources.yaml", "places": "gazetteer.tsv"}


def trace(doc: Document, limits: Limits | None = None) -> DocAnalysis:
    """Run the pipeline on ``doc`` with every sentence's trace on."""
    limits = limits or Limits()
    analysis = DocAnalysis(doc, limits, Deadline(doc.id, limits.max_seconds))
    for stage in PIPELINE.stages:
        before = _held(stage, analysis)
        stage.run(analysis)
        if stage.name == "sentences":
            for s in analysis.sentences:
                s.trace = []
        _note_assigned(stage, analysis, before)
    return analysis


def _sentence_fields(stage: Stage) -> list[str]:
    return [n.split(".", 1)[1] for n in stage.assigns if n.startswith("sentence.")]


def _held(stage: Stage, analysis: DocAnalysis) -> set[int]:
    """The items a stage's sentence fields hold before it runs: a stage that revises a field (villages, units)
    notes only what it adds."""
    return {id(item) for s in getattr(analysis, "sentences", []) for name in _sentence_fields(stage)
            for item in _items(getattr(s, name, None))}


def _note_assigned(stage: Stage, analysis: DocAnalysis, before: set[int]) -> None:
    """Note on each sentence what ``stage`` set on it (empty findings and items it kept are left out)."""
    names = _sentence_fields(stage)
    for s in getattr(analysis, "sentences", []) if names else []:
        for name in names:
            for item in _items(getattr(s, name, None)):
                if id(item) in before:
                    continue
                what, origin = describe(s, item), _origin(stage.name, s, item)
                s.trace.append(TraceNote(stage.name, "set", f"{name}: {what}", origin))  # type: ignore[union-attr]


def _items(value: Any) -> list[Any]:
    if value is None or isinstance(value, str | frozenset | dict):
        return []  # the folded text, the word set and the surnames say nothing a reader needs
    return list(value) if isinstance(value, list | tuple) else [value]


def describe(s: SentenceFacts, item: Any) -> str:
    """One finding as a reader would quote it: ``"7 soldiers" → 7 government killed``."""
    if isinstance(item, int):
        return f"clause at {item}: {s.text[item:item + 30]!r}"
    if isinstance(item, re.Match):
        return repr(s.text[item.start():item.end()])  # matched on the folded text: quote the sentence
    quote = repr(s.text[item.start:item.end])
    if hasattr(item, "status"):
        count = item.count.low if item.count.low == item.count.high else f"{item.count.low}–{item.count.high}"
        return f"{quote} → {count} {item.party or '?'} {item.status}" + (f" (part of #{item.subset_of})"
                                                                        if item.subset_of is not None else "")
    if hasattr(item, "entry"):
        return f"{quote} → {item.entry.name} ({item.entry.admin1 or item.entry.kind})"
    if hasattr(item, "kind") and hasattr(item, "party"):
        return f"{quote} → {item.party or '-'}" + (f" / {item.group}" if item.group else "") + f" [{item.kind}]"
    if hasattr(item, "source"):
        return f"{quote} → {item.source}"
    if hasattr(item, "count"):
        return f"{quote} = {item.count.low}–{item.count.high}"
    return quote


def _origin(stage: str, s: SentenceFacts, item: Any) -> str | None:
    """The line of the data file that names what was found, where a stage reads one."""
    file = STAGE_DATA.get(stage)
    if file is None or not hasattr(item, "start"):
        return None
    if hasattr(item, "entry") and item.entry.curated:
        file = "places_curated.tsv"
    key = fold(item.entry.name if hasattr(item, "entry") else s.text[item.start:item.end]).strip()
    line = _lines(file).get(key)
    return f"{file}:{line}" if line else None


@functools.cache
def _lines(file: str) -> dict[str, int]:
    """Each name a data file holds (folded) and the first line it stands on."""
    text = data_text(file)
    lines: dict[str, int] = {}
    if file.endswith(".tsv"):
        for i, row in enumerate(text.splitlines(), start=1):
            lines.setdefault(fold(row.split("\t", 1)[0]), i)
        return lines
    for node in _scalars(yaml.compose(text)):
        lines.setdefault(fold(str(node.value)).strip(), node.start_mark.line + 1)
    return lines


def _scalars(node: Any) -> Iterator[Any]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _scalars(child)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


def format_trace(analysis: DocAnalysis) -> Iterator[str]:
    """The trace as lines of text: each sentence, then its notes in the order the stages made them."""
    for s in analysis.sentences:
        if not s.trace:
            continue
        yield f"[{s.start}] {s.text if len(s.text) <= 160 else s.text[:157] + '...'}"
        for n in s.trace:
            yield f"    {n.stage:<24} {n.action:<8} {n.what}" + (f"   ({n.origin})" if n.origin else "")
