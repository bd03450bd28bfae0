"""ACLED event type and sub-type from cue phrases (``data/event_types.yaml``).

The highest-priority cue found wins. Territory changes hand depend on who
takes it: the state ("Government regains territory") or a non-state actor
("Non-state actor overtakes territory"); the actor named before the cue decides.
Which parties are states is decided once, in ``data/state_parties.yaml``: the
government of the war regains territory; a foreign state or a coalition of
states is a state for the exports but, as in ACLED, overtakes territory.

>>> classify("IS forces captured the T-2 Pumping Station", ["IS"])
('Battles', 'Non-state actor overtakes territory')
>>> classify("an IED exploded, killing a Russian general", [])
('Explosions/Remote violence', 'Remote explosive/landmine/IED')
>>> classify("Turkish forces captured the town", ["Turkey"])
('Battles', 'Non-state actor overtakes territory')
>>> is_state_party("US-led coalition"), is_government_party("US-led coalition")
(True, False)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts
from warledger.extract.text.phrases import PhraseMatcher

DEFAULT = ("Battles", "Armed clash")


@functools.cache
def _state_parties() -> tuple[frozenset[str], frozenset[str]]:
    data = load_yaml("state_parties.yaml")
    return frozenset(data["government"]), frozenset(data["foreign_states"])


def is_government_party(party: str | None) -> bool:
    """Whether ``party`` is the state of the war told of or fights for it
    (ACLED's government forces and affiliates, UCDP's primary side A)."""
    return party in _state_parties()[0]


def is_state_party(party: str | None) -> bool:
    """Whether ``party`` is a state: the government, or a foreign state's forces
    alone or in a coalition of states (a "government of a state" for UCDP)."""
    government, foreign = _state_parties()
    return party in government or party in foreign


def state_parties() -> frozenset[str]:
    """Every state party (``data/state_parties.yaml``)."""
    government, foreign = _state_parties()
    return government | foreign


RuleActor = Literal["state", "non-state"]  # the government side of the war (is_government_party), or any other


@dataclass(frozen=True)
class _Rule:
    type: str
    sub_type: str
    priority: int
    actor: RuleActor | None  # who must act for the rule to fit (None: anyone)


@functools.cache
def _matcher() -> PhraseMatcher:
    data = load_yaml("event_types.yaml")
    pairs = []
    for row in data["rules"]:
        rule = _Rule(row["type"], row["sub_type"], int(row.get("priority", 0)), row.get("actor"))
        pairs += [(cue, rule) for cue in row.get("cues") or []]
    return PhraseMatcher(pairs, case_sensitive=[c for row in data["rules"] for c in row.get("case_sensitive") or []],
                         shared=True)


@functools.cache
def _not_event_matcher() -> PhraseMatcher:
    return PhraseMatcher(((cue, True) for cue in load_yaml("event_types.yaml").get("not_events") or []), shared=True)


def commentary_blanked(s: SentenceFacts) -> str | SentenceFacts:
    """A sentence with each clause of assessment or deployment ("reinforcements
    were sent", "would likely") blanked out, offsets kept, so its words don't
    make an event (the sentence itself where it has none)."""
    hits = _not_event_matcher().find(s)
    if not hits:
        return s
    out = text = s.text
    for hit in hits:
        start = max(text.rfind(sep, 0, hit.start) for sep in (",", ";", " while ", " after "))
        ends = [i for i in (text.find(sep, hit.end) for sep in (",", ";", " while ")) if i != -1]
        start, end = max(start, 0), min(ends, default=len(text))
        out = out[:start] + " " * (end - start) + out[end:]
    return out


def cue_rules(text: str | SentenceFacts) -> list[tuple[int, _Rule]]:
    """Every cue in ``text`` with its rule, in text order."""
    out = []
    for hit in _matcher().find(text):
        rules = hit.value if isinstance(hit.value, tuple) else (hit.value,)
        out += [(hit.start, r) for r in rules]
    return out


def _fits(rule: _Rule, actor_party: str | None) -> bool:
    if rule.actor is None:
        return True
    state = is_government_party(actor_party)  # a foreign state "overtakes" (ACLED Codebook)
    return state if rule.actor == "state" else not state


def classify(text: str | SentenceFacts, parties_before: list[str | None] | None = None,
             party_at: dict[int, str | None] | None = None) -> tuple[str, str] | None:
    """``(type, sub_type)`` for ``text``, or ``None`` when no cue is found.

    ``parties_before`` are the parties named in the text in order (the first
    is taken as the actor); ``party_at`` refines it per cue offset.
    """
    candidates = cue_rules(text)
    if not candidates:
        return None
    first_party = next((p for p in parties_before or [] if p), None)
    best: _Rule | None = None
    for offset, rule in candidates:
        actor = (party_at or {}).get(offset, first_party)
        if _fits(rule, actor) and (best is None or rule.priority > best.priority):
            best = rule
    # The side named first may be the object ("IS forces were driven back"): a cue
    # whose actor test fails still says what happened.
    best = best or max((r for _, r in candidates), key=lambda r: r.priority)
    return best.type, best.sub_type
