"""Held people: hostages, captives and prisoners, as a status noun, and what became of them.

"12 hostages" are kidnapped, "200 prisoners" captured — unless the sentence frees them ("troops rescued 10
hostages", "seven more hostages were rescued": no casualties, as the counting policy says) or tells them another
fate ("12 hostages were executed", "700 prisoners including deserters were executed": the verb's status). A verb
split around its object takes people prisoner or hostage ("took 12 soldiers prisoner").

>>> from warledger.extract.text.phrases import Hit
>>> text = "Troops rescued 10 hostages and 12 prisoners were executed."
>>> not_held_now(text, Hit(18, 26, "kidnapped"), set()), not_held_now(text, Hit(34, 43, "captured"), {49})
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation
from warledger.extract.figures.syntax import PASSIVE
from warledger.extract.text.phrases import Hit

HELD_NOUNS = frozenset({"hostages", "captives", "prisoners"})
# Held people whose noun says they were taken ("200 IS prisoners at the detention center" are held by law).
TAKEN_NOUNS = frozenset({"hostages", "captives"})
RELEASED_LATER = re.compile(rf"\b(?:{cue_alternation('release_verbs')})\b", re.I)
RELEASED_BEFORE = re.compile(rf"\b(?:{cue_alternation('release_verbs')})\s+(?:[\w,-]+\s+){{0,4}}?$", re.I)
FORMER_BEFORE = re.compile(r"\b(?:former|ex-)\s*\Z", re.I)
RELEASED_AFTER = re.compile(rf"(?:\s+of\s+war)?(?:\s+(?:{cue_alternation('passive_auxiliaries')}))+\s+"
                            rf"(?:being\s+)?(?:\w+\s+)?(?:{cue_alternation('release_verbs')})\b", re.I)
# "700 prisoners including deserters were executed": a part named between the held and their verb.
HELD_ASIDE = re.compile(r"(?:,?\s+(?:including|among\s+them)\s+[^,;.]{1,40}?(?=,|\s+(?:were|was|had|have)\b),?)?")


def not_held_now(text: str, hit: Hit, status_starts: set[int]) -> bool:
    """Whether a held noun's status word counts no one held: they were set free or are former prisoners, or a
    status verb right after them (``status_starts``: where the sentence's status words begin) tells what became of
    them."""
    if text[hit.start:hit.end].lower() not in HELD_NOUNS:
        return False
    if RELEASED_BEFORE.search(text, max(0, hit.start - 50), hit.start) or RELEASED_AFTER.match(text, hit.end) \
            or FORMER_BEFORE.search(text, max(0, hit.start - 8), hit.start):
        return True  # "10,000 former prisoners" are held no more
    gap = PASSIVE.match(text, HELD_ASIDE.match(text, hit.end).end())  # type: ignore[union-attr]
    return gap is not None and gap.end() > hit.end + 1 and gap.end() in status_starts


def held_status(text: str, start: int, end: int, statuses: Sequence[tuple[int, int, str, str]]) -> str | None:
    """The status of a held noun that heads a figure with no status word of its own: "a number of foreign hostages
    were possibly being held" are kidnapped (the noun's status word lies inside the figure's words;
    ``statuses``: the sentence's status words, start, end, status and direction)."""
    if RELEASED_LATER.search(text, end):
        return None  # "three out of four hostages who were taken by Russian troops were released"
    return next((status for w_start, w_end, status, *_ in statuses if start <= w_start and w_end <= end
                 and text[w_start:w_end].lower() in TAKEN_NOUNS), None)


# "took 12 soldiers prisoner", "taking 40 residents hostage", "took 40 men into custody": the verb split around its
# object.
TAKE_FORMS = ("took", "take", "takes", "taking", "taken")
TOOK = re.compile(rf"\b(?:{'|'.join(TAKE_FORMS)})\b"
                  r"(?=[^.;]{1,60}?\b(prisoners?|captives?|hostages?|into\s+custody)\b)", re.I)


def took(s: SentenceFacts) -> list[re.Match[str]]:
    """"took 12 soldiers prisoner", "taking 40 residents hostage": the verb split around its object."""
    return list(TOOK.finditer(s.text)) if not s.words.isdisjoint(TAKE_FORMS) else []
