"""People moved from their homes, or to a hospital: the words that make a figure displaced (or wounded) apart from
the status lexicon.

People who flee, leave or have evacuated a place ("About 4,000 people had fled the city"), and people a side
rescues and moves away ("rescued another 635 civilians from eastern Ramadi", "moved over 3,000 civilians out of
Ramadi", "granting 3,000 civilians safe passage"). Fighters who flee are none: the nouns are those of
``cues/moved_people_nouns.yaml``. People taken to a hospital or treated there are wounded ("five soldiers were
brought to the hospitals of Lebedyn").

>>> from warledger.extract.analysis import SentenceFacts
>>> [m.group(0) for m in moved_out(SentenceFacts.of("Troops rescued 635 civilians from eastern Ramadi."))]
['rescued']
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_words

# "About 4,000 people had fled the city", "only a few families managed to flee", "for 200 civilians to flee", "9,000
# people had evacuated the enclave", "5,500 civilians had so far reportedly fled": people moved from their homes.
MOVED_PEOPLE = cue_alternation("moved_people_nouns")
FLIGHT_WORDS = cue_words("flight_verbs") | cue_words("departure_verbs")
# An aside may stand between the people and their flight: "4,900 people – including 470 surrendered fighters – had
# fled", "some 2,000 people, including 300 gunmen, had fled", "the last 80 villagers, mostly women, fled".
FLED_ASIDE = r"(?:\s*[–—]\s*[^–—.;]{1,80}?\s*[–—]|,\s+(?:including|mostly|mainly|largely)\s+[^,;.]{1,60},)?"
FLED = re.compile(rf"\b(?:{MOVED_PEOPLE}){FLED_ASIDE}\s+(?:(?:had|have|has|having|already|reportedly|also|to|by\s+now|"
                  r"(?:were|was|are|is)(?=\s+\w+ing\b)|"  # "hundreds of civilians were leaving the pocket"
                  r"so\s+far|"
                  r"(?:managed|continued|began|started)(?:\s+to)?|"  # "began fleeing", "began to flee"
                  r"(?:been|were|was)\s+(?:able|allowed)\s+to)\s+)*"
                  rf"({cue_alternation('flight_verbs')}|(?<=had\s)evacuated|(?<=have\s)evacuated|"
                  rf"(?:{cue_alternation('departure_verbs')})(?=\s+(?:the\s+)?(?-i:[A-Z])|\s+the\s+\w|(?<=able\sto\sleave)|(?<=allowed\sto\sleave)))\b",
                  re.I)
# "Iraqi forces evacuated another 250 civilians": an active evacuation counts the people it moves.
EVACUATED_PEOPLE = re.compile(rf"\s+(?:[\w,-]+\s+){{0,3}}?(?:{MOVED_PEOPLE})\b", re.I)
# Where rescued people are taken: out of a place, from a place named, on to camps; not "rescued five people from the
# rubble" (saved, not moved from their homes).
TAKEN_AWAY = (r"\s+out\s+of\b|\s+from\s+(?:(?:eastern|western|northern|southern|central)\s+)?(?-i:[A-Z])|"
              rf"[^.;]{{0,60}}?,?\s+who\s+were\s+(?:then\s+)?(?:{cue_alternation('taken_away_verbs')})\s+to\b")
GRANT_FORMS = ("grant", "grants", "granted", "granting")
MOVE_WORDS = cue_words("rescue_verbs") | frozenset(GRANT_FORMS)  # none of them: no rescue told
MOVED_OUT = re.compile(rf"\b(?:{cue_alternation('rescue_verbs')})\b"
                       rf"(?=\s+(?:[\w,-]+\s+){{0,3}}?(?:{MOVED_PEOPLE})\b(?:{TAKEN_AWAY}))|"
                       rf"\bgrant(?:ed|ing|s)?\b"
                       rf"(?=\s+(?:[\w,-]+\s+){{0,3}}?(?:{MOVED_PEOPLE})\s+safe\s+passage\b)", re.I)


# The dead brought somewhere: "the bodies of 21 civilians had arrived at the hospital" (no one fled).
BODIES_OF_BEFORE = re.compile(r"\b(?:bodies|corpses|remains)\s+of\s+[^,;.]{1,60}\Z", re.I)


def flight(s: SentenceFacts) -> list[re.Match[str]]:
    """"About 4,000 people had fled the city", "3,000 civilians had managed to escape": people who left their homes
    (fighters who flee are none; the bodies of the dead brought somewhere are no one's flight)."""
    if s.words.isdisjoint(FLIGHT_WORDS) and "evacuated" not in s.words:
        return []
    return [m for m in FLED.finditer(s.text) if not BODIES_OF_BEFORE.search(s.text, max(0, m.start() - 80), m.start())]


def moved_out(s: SentenceFacts) -> list[re.Match[str]]:
    """The verbs of people a side rescues and moves away: "the Iraqi Army had saved 1,000 civilians trapped in
    Ramadi, who were transferred to refugee camps"."""
    return list(MOVED_OUT.finditer(s.text)) if not s.words.isdisjoint(MOVE_WORDS) else []


def victims_fleeing(text: str, m: re.Match[str], status_starts: list[int]) -> bool:
    """"an airstrike on people fleeing the clashes killed 80": a participle of flight beside another status in its
    clause (``status_starts``: where the sentence's other status words start) tells of that status's victims
    ("425 civilians fleeing the pocket; some … had gunshot wounds" fled)."""
    if not m.group(1).lower().endswith("ing"):
        return False
    start, end = text.rfind(";", 0, m.start()) + 1, text.find(";", m.end())
    end = len(text) if end < 0 else end  # the clause runs to the next ";" or the sentence's end
    return any(start <= w < end for w in status_starts)


# "were taken to the Central District Hospital", "were treated in Turkish hospitals": the figure before is wounded.
TO_HOSPITAL = re.compile(rf"\b(?:{cue_alternation('hospital_verbs')})\s+(?:to|in|at)\s+"
                         r"(?:the\s+|a\s+)?(?:[\w-]+\s+){0,4}?hospitals?\b", re.I)


# The dead taken to a hospital are no wounded: "the bodies of four children were taken to the hospital".
THE_DEAD_BEFORE = re.compile(r"\b(?:bod(?:y|ies)|corpses?|remains|the\s+dead|deceased)\b[^,;.]{0,60}$", re.I)


def to_hospital(s: SentenceFacts) -> list[re.Match[str]]:
    """Where the sentence takes people to a hospital or treats them there (not the dead)."""
    if s.words.isdisjoint(("hospital", "hospitals")):
        return []
    return [m for m in TO_HOSPITAL.finditer(s.text) if not THE_DEAD_BEFORE.search(s.text, 0, m.start())]
