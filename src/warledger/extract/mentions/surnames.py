"""Surnames: the last word of a person's full name, which names that person alone later in the document.

Wikipedia prose names a person in full once ("senior sergeant Serhiy Vasich and his subordinates, senior soldier
Vitaliy Parkhomuk and soldier Oleh Svynchuk") and by surname after ("killing Vasich, Parkhomuk and Svynchuk",
"Vasyliev was fired upon by Russian forces and died"). A full name counts where it follows a lower-case word or a
comma (not a sentence's first words, which may be anything capitalised) and no place preposition ("near Kamianka
Dniprovska"), and holds no actor or place; its last word is no body's ("… Brigade") nor an acronym. A surname is then
read in a sentence where it is no place and no actor of its own.

>>> from warledger.extract.stages import facts_for
>>> first = facts_for("The tank was crewed by senior sergeant Serhiy Vasich and soldier Oleh Svynchuk.", "UA")
>>> later = facts_for("A missile hit the tank, killing Vasich and Svynchuk.", "UA")
>>> first.places = later.places = []
>>> surnames_in(later, known_surnames([first, later]))
{'Vasich': None, 'Svynchuk': None}
>>> first = facts_for("On 1 May, Russian general Valery Gerasimov arrived near Izium.", "UA")
>>> first.places = []
>>> known_surnames([first])
{'Gerasimov': 'Russia'}
>>> first = facts_for("It said that Valery Gerasimov the Chief of General Staff of the Russian Army came.", "UA")
>>> first.places = []
>>> known_surnames([first])
{'Gerasimov': 'Russia'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.mentions.persons import GROUP_WORDS, PERSON_NAME

# "… Brigade", "the 10th Army Division"; "Mulberry Street", "Serena Hotel": a body's or a site's name, no person's
BODY_WORDS = GROUP_WORDS | frozenset(cue_list("formation_nouns")) | frozenset(cue_list("site_name_words"))

FULL_NAME = re.compile(rf"[a-z,]\s({PERSON_NAME})")
# (after "of" only a place's noun: "the village of Kamianka Dniprovska", not "a police vehicle of AIG Asharf Noor")
# (the prepositions only: "attacked Syed Haider Ali Rizvi" is a person)
AT_WORDS = "|".join(re.escape(w) for w in cue_list("place_at_words") if w != "of" and not w.endswith(("ed", "ing")))
PLACE_BEFORE = re.compile(rf"\b(?:{AT_WORDS}|{cue_alternation('village_cues')}|from|to|into|towards)\s+\Z", re.I)
# "opened fire on Ahmad Wali Karimi", "an attack on Ahmad Wali Karimi": whom fire or an attack was aimed at.
TARGET_BEFORE = re.compile(r"\b(?:fire|attacks?|assault|ambush)\s+on\s+\Z", re.I)


def known_surnames(sentences: Iterable[SentenceFacts]) -> dict[str, str | None]:
    """The surnames of the full names the document writes, each with the side named right before the full name
    ("Russian general Valery Gerasimov": Russia), or None where none is, or two are."""
    out: dict[str, str | None] = {}
    for s in sentences:
        for m in FULL_NAME.finditer(s.text):
            start, end = _past_title(s, *m.span(1))
            last = m.group(1).split()[-1]
            if last in BODY_WORDS or len(last) < 3 or not last[1:].islower() \
                    or (PLACE_BEFORE.search(s.text, max(0, start - 12), start)
                        and not TARGET_BEFORE.search(s.text, max(0, start - 16), start)) \
                    or any(start < a.end and a.start < end for a in (*s.actors, *s.places)):
                continue
            side = _side_of(s, start, end)
            out[last] = side if out.get(last, side) == side else None
    return out


def _past_title(s: SentenceFacts, start: int, end: int) -> tuple[int, int]:
    """A full name without the rank that opens it: "the car of Colonel Tariq Mehmood Khan" (at least two words
    left)."""
    title = next((a for a in s.actors if a.start == start and a.kind == "head"), None)
    rest = s.text[title.end:end] if title is not None else ""
    return (end - len(rest.lstrip()), end) if len(rest.split()) >= 2 else (start, end)


# A role set after the name: "Valery Gerasimov the Chief of General Staff of the Russian Army", ", a commander of …"
ROLE_AFTER = re.compile(r",?\s+(?:the|an?)\s+[^,;.]{1,70}")


def _side_of(s: SentenceFacts, start: int, end: int) -> str | None:
    """The side named right before a full name ("Russian general Valery Gerasimov"), else in the role set after
    it."""
    sides = [a for a in s.actors if a.party and a.party not in ("civilians", "unknown")]
    before = next((a.party for a in reversed(sides) if 0 <= start - a.end <= 1), None)
    role = ROLE_AFTER.match(s.text, end) if before is None else None
    return before or next((a.party for a in sides if role and end < a.start and a.end <= role.end()), None)


def surnames_in(s: SentenceFacts, known: dict[str, str | None]) -> dict[str, str | None]:
    """The known surnames a sentence writes where it names no place or actor by the word, with their sides."""
    taken = {s.text[a.start:a.end] for a in (*s.actors, *s.places)}
    return {w: side for w, side in known.items() if w.lower() in s.words and w not in taken}
