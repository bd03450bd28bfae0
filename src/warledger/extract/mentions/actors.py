"""Actors and parties: who the people in a sentence are.

``data/actors.yaml`` lists *modifiers* (words that name a side: "IS",
"pro-government", "Hezbollah") and *heads* (person nouns: "soldiers",
"civilians", "people"), each with a party and an optional group. Users extend
it with their own file (``WARLEDGER_ACTORS`` or ``ActorLexicon.load(path)``).

>>> lex = ActorLexicon.load()
>>> [(m.text, m.party, m.kind) for m in lex.find("26 government troops and nine IS fighters")]
[('government troops', 'pro-government', 'modifier'), ('IS fighters', 'IS', 'head')]
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml

from warledger.data import data_text, load_yaml
from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_list, cue_words
from warledger.extract.mentions.event_types import is_government_party, is_state_party
from warledger.extract.text.phrases import PhraseMatcher

SYRIA = "SY"

ActorKind = Literal["modifier", "head"]
"""A modifier names a side ("IS", "pro-government"); a head is a person noun ("soldiers", "civilians")."""


class ActorMention(NamedTuple):
    start: int
    end: int
    text: str
    party: str | None
    group: str | None
    kind: ActorKind
    person: bool = True


_mention = functools.partial(tuple.__new__, ActorMention)  # made per hit: no Python-level constructor


@dataclass(frozen=True, eq=False)  # hashed by identity: looked up on every hit
class _Entry:
    party: str | None
    group: str | None
    kind: ActorKind
    theatre: str | None
    person: bool
    anywhere: bool = True  # a head wherever it stands ("commander Abu X"), else only as a common noun (_common_noun)


# "infiltrators disguised as NDF members", "gunmen dressed in army uniforms": a side worn, not the clause's side.
DISGUISE_WORDS = re.compile(rf"\b(?:{cue_alternation('disguise_words')})\b", re.I)  # the cheap test first
DISGUISE_SET = frozenset(cue_list("disguise_words"))
MACHINE_NOUNS = frozenset(cue_list("machine_nouns"))
# A model's designation right before a person word makes it a machine: "Su-30SM fighters", "MiG-29 fighters".
MODEL_BEFORE = re.compile(r"\b[A-Z][A-Za-z]{0,2}-\d+[A-Za-z0-9-]*\s+\Z")
DISGUISED = re.compile(rf"\b(?:{cue_alternation('disguise_words')})\s+(?:as\s+|in\s+)?(?:an?\s+|the\s+)?", re.I)
NAME_AFTER = re.compile(r"\s[A-Z][a-z]|['’]s\s|-[a-z]")  # "President Zelenskyy", "a friend's home", "hostage-takers"
AGE_BEFORE = re.compile(r"\byears?[-\s]\Z", re.I)  # "68-year-", "14-year ", "two years "
# "an official statement", "the official toll": "official" before a noun is its adjective, no person (not "an official
# said", "an official in the ministry", "an official speaking on condition of anonymity").
WORD_AFTER = re.compile(r"\s+([a-z]+)\b")
NO_NOUN = frozenset({"of", "said", "says", "told", "tells"})  # "an official of the Frontier Corps"
STOP_WORDS = cue_words("phrase_stop_words")
# "the Abu Hamas family", "Umm Assad": a word after a kunya or patronymic is part of a person's name, not an actor.
KUNYA_BEFORE = re.compile(r"\b(?:Abu|Umm|Bin|Ibn|Bint)\s+\Z")


def _entries(data: dict[str, Any], kind: ActorKind) -> list[tuple[str, _Entry]]:
    """Each name of the lexicon's modifiers or heads with its entry; a side's name for its machines ("Russian
    aircraft") is no person."""
    out = []
    for row in data.get(kind + "s") or []:
        for theatre in row.get("theatres") or [row.get("theatre")]:  # one entry per war it applies in
            entry = _Entry(row.get("party"), row.get("group"), kind, theatre, row.get("person", True),
                           row.get("anywhere", True))
            machines = dataclasses.replace(entry, person=False)
            out += [(str(name), machines if str(name).rsplit(None, 1)[-1].lower() in MACHINE_NOUNS else entry)
                    for name in row.get("names") or []]
    return out


def _case_sensitive(data: dict[str, Any]) -> list[str]:
    return [str(n) for kind in ("modifiers", "heads") for row in data.get(kind) or []
            for n in row.get("case_sensitive") or []]


def government_party(theatre: str | None) -> str:
    """The government side is "pro-government" in Syria, "government" elsewhere."""
    return "pro-government" if theatre in (None, SYRIA) else "government"


class ActorLexicon:
    """Finds modifier and head mentions; party names follow the theatre."""

    def __init__(self, data: dict[str, Any]):
        phrases = _entries(data, "modifier") + _entries(data, "head")
        self._matcher = PhraseMatcher(phrases, case_sensitive=_case_sensitive(data), shared=True)
        # Determiners that count one person ("a soldier").
        self.singular = PhraseMatcher(((str(w), True) for row in data.get("singular") or [] for w in row), shared=True)
        self.generic = frozenset(str(n).lower() for row in data.get("heads") or [] if row.get("generic")
                                 for n in row.get("names") or [])
        self.default_sides = {k: tuple(v) for k, v in (data.get("default_sides") or {}).items()}
        self._theatres = PhraseMatcher((w, code) for code, words in (data.get("theatres") or {}).items()
                                       for w in words)

    @classmethod
    def load(cls, path: str | Path | None = None) -> ActorLexicon:
        """The bundled lexicon, extended by ``path`` or ``$WARLEDGER_ACTORS``."""
        extra = path or os.environ.get("WARLEDGER_ACTORS")
        return _load(str(extra) if extra else None)

    def theatre_of(self, text: str) -> str | None:
        """The war a text is about, by the country words it uses most."""
        counts = self.theatre_words(text)
        return counts.most_common(1)[0][0] if counts else None

    def theatre_words(self, text: str) -> Counter[str]:
        """How many words of each war's country the text uses ("Syria", "Aleppo", "SOHR" are Syria's)."""
        return Counter(h.value if isinstance(h.value, str) else h.value[0] for h in self._theatres.find(text))

    def find(self, text: str | SentenceFacts, theatre: str | None = SYRIA) -> list[ActorMention]:
        """Actor mentions in ``text`` (or a sentence); entries of another theatre are skipped."""
        out = []
        hits = self._matcher.find(text)
        worn = DISGUISE_WORDS.search(text) if isinstance(text, str) else not text.words.isdisjoint(DISGUISE_SET)
        text = text if isinstance(text, str) else text.text
        disguises = {m.end() for m in DISGUISED.finditer(text)} if worn else ()
        for hit in hits:
            entry = _resolve(hit.value, theatre)
            if entry is not None and hit.start not in disguises \
                    and not KUNYA_BEFORE.search(text, max(0, hit.start - 5), hit.start) \
                    and (entry[4] or _common_noun(text, hit.start, hit.end)) \
                    and not _official_adjective(text, hit.start, hit.end):
                start = _after_age(text, hit.start) if text.startswith("old ", hit.start) else hit.start
                if entry[3] and "-" in text[max(0, start - 16):start] \
                        and MODEL_BEFORE.search(text, max(0, start - 16), start):
                    entry = (*entry[:3], False)  # "two Russian Su-30SM fighters": the machines of a model
                out.append(_mention((start, hit.end, text[start:hit.end], *entry[:4])))
        return out


def _official_adjective(text: str, start: int, end: int) -> bool:
    """Whether "official" is an adjective of the noun after it ("in an official statement")."""
    after = WORD_AFTER.match(text, end) if text[start:end].lower() == "official" else None
    word = after.group(1) if after else ""
    return bool(word) and word not in STOP_WORDS and word not in NO_NOUN and not word.endswith(("ed", "ing"))


def _common_noun(text: str, start: int, end: int) -> bool:
    """A noun written as a common noun: in lower case but at the sentence's start, neither before a name, "'s" or
    "-" nor after "-" ("the Secretary of State", "President Zelenskyy", "a friend's home" and "hostage-takers" hold
    no head)."""
    return (start == 0 or (text[start].islower() and text[start - 1] != "-")) and not NAME_AFTER.match(text, end)


def _after_age(text: str, start: int) -> int:
    """Where a noun begins that an age runs into: "a 68-year-old woman" and "a 14-year old boy" name a woman and a
    boy, not an "old woman" or "old boy" inside the words of their age."""
    return start + 4 if AGE_BEFORE.search(text, max(0, start - 8), start) else start


@functools.lru_cache(maxsize=8192)
def _resolve(value: Any, theatre: str | None) -> tuple[str | None, str | None, ActorKind, bool, bool] | None:
    """Party, group, kind, person and anywhere of a lexicon hit in a theatre (``None``: not of this war)."""
    entries = value if isinstance(value, tuple) else (value,)
    fitting = [e for e in entries if e.theatre in (None, theatre)]
    exact = [e for e in fitting if e.theatre == theatre]
    entry = (exact or fitting or [None])[0]
    if entry is None:
        return None
    party = government_party(theatre) if entry.party == "pro-government" and entry.theatre is None else entry.party
    return party, entry.group, entry.kind, entry.person, entry.anywhere


@functools.cache
def _load(extra_path: str | None) -> ActorLexicon:
    data = dict(load_yaml("actors.yaml"))
    if extra_path:
        with open(extra_path, encoding="utf-8") as fh:
            extra = yaml.safe_load(fh) or {}
        for key in ("modifiers", "heads", "singular"):
            data[key] = list(extra.get(key) or []) + list(data.get(key) or [])
    data["heads"] = list(data.get("heads") or []) + _person_nouns(data)
    return ActorLexicon(data)


def _person_nouns(data: dict[str, Any]) -> list[dict[str, Any]]:
    """WordNet's person nouns (data/person_nouns.tsv) that no entry of the lexicon names, as two heads: people of
    no side ("a grocer", "two peasants", "her mother-in-law": civilians, as "man" is) and people who carry arms or
    lead ("a reservist", "a party leader": the sentence tells their side, as for "fighters"). A compound whose last
    word the lexicon names is left to that entry ("a non-commissioned officer" is an officer). Before a name such a
    noun is a title ("President Zelenskyy", "Sheikh Othman"), before "'s" an owner ("a friend's home"), and so is one
    written with a capital inside a sentence ("the Secretary of State"): no head."""
    known = {str(n).lower() for kind in ("modifiers", "heads") for row in data.get(kind) or []
             for n in row.get("names") or []}
    names: dict[str, list[str]] = {"person": [], "kin": [], "armed": [], "leader": []}
    for noun, plurals, kind in person_nouns():
        names[kind] += [n for n in (noun, *plurals) if n not in known and n.rsplit(None, 1)[-1] not in known]
    return [{"names": names["person"] + names["kin"], "party": "civilians", "anywhere": False},
            {"names": names["armed"] + names["leader"], "party": None, "anywhere": False}]


@functools.cache
def person_nouns() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """Each noun of data/person_nouns.tsv with its plurals and class (person, kin, leader or armed)."""
    rows = [line.split("\t") for line in data_text("person_nouns.tsv").splitlines() if not line.startswith("#")]
    return tuple((noun, tuple(plurals.split("|")), kind) for noun, plurals, kind in rows[1:])  # after the header


def kin_nouns() -> frozenset[str]:
    """The nouns of relatives and friends, singular and plural ("uncle", "mothers-in-law", "friends")."""
    return frozenset(n for noun, plurals, kind in person_nouns() if kind == "kin" for n in (noun, *plurals))


def main_sides(mentions: Iterable[list[ActorMention]], lexicon: ActorLexicon,
               theatre: str | None) -> tuple[str, str] | None:
    """The two armed parties a document names most: who fights whom."""
    armed = [a for group in mentions for a in group if a.party and a.party not in ("unknown", "civilians")]
    # "militants", "terrorists" say little about who fights; they count only where nothing else does.
    named = [a for a in armed if a.text.lower() not in lexicon.generic]
    counts = Counter(a.party for a in named)
    if len(counts) < 2:
        counts = Counter(a.party for a in armed)
    # Named as often, a non-state party is the one that fights (the coalition's air strikes only back a side).
    top = sorted(counts, key=lambda p: (-counts[p], is_state_party(p) and not is_government_party(p)))[:2]
    if len(top) == 2:
        return top[0], top[1]
    default = lexicon.default_sides.get(theatre or "")
    return (default[0], default[1]) if default else None
