"""Parsers for single infobox items: commanders, units, strength, casualties.

Each takes the reader's :class:`InfoboxItem` list of one field and returns
model objects; nothing is dropped silently (unreadable items come back as
:class:`Unparsed`).

>>> parse_commander("Suhayl al-HasanWIA")
Commander(name='Suhayl al-Hasan', status='WIA', role=None)
>>> parse_commander("Abu Abdallah (Top IS commander)KIA")
Commander(name='Abu Abdallah', status='KIA', role='Top IS commander')
>>> parse_commander("Ahmed Saif (WIA)")
Commander(name='Ahmed Saif', status='WIA', role=None)
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import cast

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts
from warledger.extract.mentions.sources import canonical_source
from warledger.extract.text.dates import date_matches, find_dates
from warledger.extract.text.numbers import NumberMention, find_numbers
from warledger.extract.text.phrases import PhraseMatcher
from warledger.model import Commander, CommanderStatus, Count, InfoboxItem, Status, StrengthItem, Unit

# Image-size and flag debris left where an icon was: "16px", "class=…|20px",
# flag emoji (regional indicator pairs), "File:….svg", a lone quote, "()".
# A file name is at most 255 characters (a wiki page title's limit): unbounded, "\S+" before ".svg" re-read a
# long run of non-spaces from each of its characters (quadratic).
DEBRIS = re.compile(
    r"\b\d{1,3}px\b|\bclass=[^|,]*\|?|[\U0001F1E6-\U0001F1FF]|\b(?:File|Image):\S+|"
    r"\S{1,255}\.(?:svg|png|jpe?g|gif)\b|\(\s*\)|^'$|^\s*,\s*$"
)
# "Suhayl al-HasanWIA" (a glued icon's text), "Ahmed Saif (WIA)", "Ahmed Saif [KIA]".
STATUS_SUFFIX = re.compile(r"[(\[]?\s*(?P<status>KIA|WIA|POW|MIA)\s*[)\]]?\s*$")
ROLE = re.compile(r"\((?P<role>[^()]+)\)\s*$")
UNTIL = re.compile(r"\(\s*(?:until|till|to)\s+(?P<year>\d{4})\s*\)", re.I)
UNKNOWN = re.compile(r"^\s*(?:unknown|n/?a|none|\?)\s*\.?$", re.I)
PAREN = re.compile(r"\((?P<inner>[^()]*)\)")
SOURCE_PHRASES = re.compile(
    r"\bper\s+(?P<per>[^,;:()]+)|\((?P<claim>[^()]*?)\s+(?:claim|estimate)\b[^()]*\)|"
    r"\baccording\s+to\s+(?P<acc>[^,;:()]+)", re.I)
LEADING_CUE = re.compile(r"^(?:per|according\s+to)\s+", re.I)  # "(per Saudi claim)": the claimant is "Saudi"
YEAR_IN_PAREN = re.compile(r"\((?:[^()]*\b)?(?P<year>(?:19|20)\d\d)\b[^()]*\)")


DEBRIS_SIGNS = ("px", "class=", "File:", "Image:", ".svg", ".png", ".jp", ".gif", "()", "( ")


def clean(text: str) -> str:
    """An item with icon debris removed and whitespace collapsed (each stage cleans the same items)."""
    if not text.isascii() or any(sign in text for sign in DEBRIS_SIGNS) or text.strip() in (",", "'"):
        text = DEBRIS.sub(" ", text)
    return " ".join(text.split()).strip(" ,;|")


def is_unknown(text: str) -> bool:
    return bool(UNKNOWN.match(text))


def parse_commander(text: str) -> Commander | None:
    """A commander with a glued ``KIA``/``WIA``/``POW``/``MIA`` status and role."""
    text = clean(text)
    if not text:
        return None
    if is_unknown(text):
        return Commander(None, None)
    status: CommanderStatus | None = None
    if m := STATUS_SUFFIX.search(text):
        status, text = cast(CommanderStatus, m.group("status")), text[:m.start()].strip()
    role = None
    if m := ROLE.search(text):
        role, text = m.group("role").strip(), text[:m.start()].strip()
    if not text and not status and role:
        text, role = role, None
    return Commander(text or None, status, role)


SEPARATOR = re.compile(r"^(?:-{3,}|<hr\s*/?>)$", re.I)  # "----", "<hr>": a block ends
PAREN_LINE = re.compile(r"^\((?P<inner>[^()]+)\)$")  # an item that is one parenthesis


def parse_commanders(items: list[InfoboxItem]) -> list[Commander]:
    """A side's commanders: a line that is a parenthesis names the role of the one before ("Hans Jordan" then
    "(Ninth Army)"); a heading ("First Phase:") and a separator name no one."""
    out: list[Commander] = []
    for item in items:
        text = clean(item.text)
        if SEPARATOR.match(text) or text.endswith(":"):
            continue
        if (m := PAREN_LINE.match(text)) and out and out[-1].role is None:
            out[-1].role = m.group("inner").strip()
        elif commander := parse_commander(text):
            out.append(commander)
    return out


# "* 2nd Battalion, 5th Marine Regiment" in plain text: a sub-unit's item, then an unbulleted larger formation.
SUB_UNIT_END = re.compile(r"\b(?:Battalion|Company|Squadron|Platoon|Battery|Troop)$")
PARENT_FORMATION = re.compile(r"\b(?:Regiment|Brigade|Division|Marines|Group)\b")


def _one_name_per_unit(items: list[InfoboxItem]) -> list[InfoboxItem]:
    """Items with a unit named "Nth Battalion, Mth Regiment" joined again, where the comma split it: the second
    part has lost the first's bullet (plain text keeps no wikilink to say it is one name)."""
    out: list[InfoboxItem] = []
    for item in items:
        prev = out[-1] if out else None
        if prev and prev.depth > item.depth == 0 and SUB_UNIT_END.search(prev.text.strip()) \
                and PARENT_FORMATION.search(item.text):
            out[-1] = dataclasses.replace(prev, text=f"{prev.text.strip()}, {item.text.strip()}")
        else:
            out.append(item)
    return out


def parse_units(items: list[InfoboxItem]) -> list[Unit]:
    """The unit tree: each item's depth (count of ``*``) gives its parent."""
    roots: list[Unit] = []
    stack: list[tuple[int, Unit]] = []
    for item in _one_name_per_unit(items):
        text = clean(item.text)
        until = None
        if m := UNTIL.search(text):
            until, text = int(m.group("year")), clean(text[:m.start()] + text[m.end():])
        text = text.rstrip(" :")  # "Army Group North:" heads the formations listed under it
        if not text or is_unknown(text):
            continue
        unit = Unit(text, until=until)
        while stack and stack[-1][0] >= item.depth:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(unit)
        stack.append((item.depth, unit))
    return roots


@functools.cache
def _status_matcher() -> PhraseMatcher:
    """Infobox status words; the longest wins where they overlap ("killed and wounded" over "killed")."""
    terms = load_yaml("casualty_terms.yaml")
    pairs = [(w, status) for status, words in terms["statuses"].items() for w in words]
    pairs += [(w, status) for status, words in (terms.get("infobox_statuses") or {}).items() for w in words]
    return PhraseMatcher(pairs)


def find_status(text: str) -> tuple[Status | None, tuple[int, int] | None]:
    """The first status word in ``text`` and its span."""
    hits = _status_matcher().find(text)
    if not hits:
        return None, None
    first = hits[0]
    return cast(Status, first.value if isinstance(first.value, str) else first.value[0]), (first.start, first.end)


def count_mentions(text: str) -> list[NumberMention]:
    """Numbers in ``text`` that are counts, not years or dates."""
    item = SentenceFacts.of(text)  # one scan of the item for the dates and the numbers
    item.date_matches = date_matches(item)
    return find_numbers(item, outside=[(d.start, d.end) for d in find_dates(item, 2000)])


def item_source(text: str) -> str | None:
    """The source an item names: "(per SOHR)", "Per SOHR:", "(Syrian claim)", "(per Saudi claim)".

    >>> item_source("1,500 killed (per Saudi claim)")
    'Saudi-led coalition'
    """
    m = SOURCE_PHRASES.search(text)
    if not m:
        return None
    raw = LEADING_CUE.sub("", (m.group("per") or m.group("claim") or m.group("acc") or "").strip())
    if not any(ch.isalpha() for ch in raw):  # "(2019 estimate)" names a year, not a source
        return None
    return canonical_source(raw) or raw


def parse_strength(item: InfoboxItem) -> StrengthItem | None:
    """A strength item: count, year and estimate source; the count in a parenthesis where none stands outside
    ("Forward Observation Team, Battery C (4 men)", "(91 Divisions)"); a heading ("16 March:") is no item."""
    text = clean(item.text)
    if not text:
        return None
    year = None
    if m := YEAR_IN_PAREN.search(text):
        year = int(m.group("year"))
    outside = PAREN.sub(" ", text)
    numbers = [] if text.lower().startswith("unknown") else count_mentions(outside) or count_mentions(
        " ".join(m.group("inner") for m in PAREN.finditer(text)))
    if not numbers and text.endswith(":"):
        return None
    count = numbers[0].count if numbers else Count(None, None)
    return StrengthItem(text=text, count=count, year=year, source=item_source(text),
                        approximate=count.approximate)
