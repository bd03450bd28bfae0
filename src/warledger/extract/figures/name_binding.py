"""Beside the name: whether a named person's status word is told of that person — right after the name or its list,
past an apposition ("Artem Petrenko, a commander of the 5th Brigade, was killed"), a relative clause or a hedge.

>>> from warledger.extract.figures import NAMED_PERSON, Figure
>>> from warledger.extract.figures.statuses import StatusWord
>>> from warledger.model import Count
>>> text = "Arif Rahman, a bus conductor, who was hurt in the attack, died on Monday."
>>> fig = Figure(0, 11, Count(1, 1), None, None, None, head=NAMED_PERSON)
>>> adjacent(text, fig, StatusWord(58, 62, "killed", "post"), [fig])
True
"""

from __future__ import annotations

import re

from warledger.extract.figures import NAMED_PERSON, Figure
from warledger.extract.figures.binding import ADJACENT, gap, list_end
from warledger.extract.figures.statuses import StatusWord
from warledger.extract.figures.syntax import APPOSITION_CHAR, DEEDS_THEN
from warledger.extract.mentions.persons import BECAME_RECORD, BODY_AFTER_NAME, PASSIVE_THEN

APPOSITION_FIRST = re.compile(rf"^\s*,{APPOSITION_CHAR}{{1,120}},")  # ", identified as Heather D. Heyer,"
# ", a bus conductor, who suffered burn injuries in the attack, died": an apposition, then a relative clause
APPOSITION_RELATIVE = re.compile(rf"^\s*,{APPOSITION_CHAR}{{1,120}},\s*(?:who|which)\s[^,;]{{1,140}},")
# An apposition whose closing comma the writer left out: "Brig. Gen. X, commander of the 10th Army Division were …"
APPOSITION_UNCLOSED = re.compile(r"^\s*,(?:(?!\s(?:that|who|which)\s)[^,;.\d]|\d+(?:st|nd|rd|th)\b|(?<=\s[A-Z])\.)"
                                 r"{1,120}?(?=\s+(?:were|was|had|has|have)\b)")
# "was badly, though not critically, wounded"; a name's body: "Yasser al-Dahla of The Gathering of … group was"
WHO_OPENS = re.compile(r"^\s*,\s*who\s+")  # "…, including Colonel X, who died of his wounds": his own clause
OWN_PASSIVE_THEN = re.compile(rf"^{PASSIVE_THEN}")  # "… was admitted to a hospital but later succumbed"
HEDGE_ASIDE = re.compile(r",\s+(?:though|but|if|albeit)\s+not\s+[a-z]+ly,")
NAME_OF_BODY = re.compile(rf"^{BODY_AFTER_NAME}(?=\s+(?:were|was|had|has|have)\b)")
RECORD_BEFORE = re.compile(rf"{BECAME_RECORD}$")  # "X became the first reporter to be killed"


def adjacent(text: str, fig: Figure, word: StatusWord, figures: list[Figure]) -> bool:
    """A named person's status stands right beside the name or its list ("X and two soldiers were killed")."""
    if word.start >= fig.end:  # an apposition may stand between: "Artem Murakhovskyi, a commander of …, was killed"
        end = list_end(text, fig, figures, word.start).end
        between = gap(text, end, word.start)
        # The writer's missing comma only after a name, and not before another figure: "Radio Free Europe/Radio
        # Liberty, Russian Major General Andrei Sukhovetsky was killed" (the general is the subject).
        readings = [between, APPOSITION_FIRST.sub("", between, count=1), HEDGE_ASIDE.sub("", between, count=1),
                    APPOSITION_RELATIVE.sub("", between, count=1), WHO_OPENS.sub("", between, count=1),
                    OWN_PASSIVE_THEN.sub("", between, count=1),
                    OWN_PASSIVE_THEN.sub("", APPOSITION_FIRST.sub("", between, count=1), count=1)]
        if fig.head == NAMED_PERSON and not any(end < f.start < word.start for f in figures):
            readings += [APPOSITION_UNCLOSED.sub("", between, count=1), NAME_OF_BODY.sub("", between, count=1)]
        return any(ADJACENT.match(reading) or RECORD_BEFORE.fullmatch(reading) for reading in readings)
    between = text[word.end:fig.start]  # a few words, or a possessive role: "killing the 6th Regiment's commander, X"
    return len(between.split()) <= 3 or POSSESSIVE_ROLE.fullmatch(between) is not None


POSSESSIVE_ROLE = re.compile(r"\s+(?:the\s+)?[^,;.]{1,50}?['’]s\s+[^,;.]{1,40},\s*")


def beside_the_name(text: str, fig: Figure, word: StatusWord, statuses: list[StatusWord],
                    figures: list[Figure]) -> bool:
    """Whether a named person's status word stands beside the name, or follows one that does ("Colonel X, the
    commander of …, was severely wounded in Bakhmut and died of his injuries")."""
    chain = (w for w in statuses if fig.end <= w.start and w.direction == "post"
             and DEEDS_THEN.fullmatch(text, w.end, word.start))
    return adjacent(text, fig, word, figures) or any(adjacent(text, fig, w, figures) for w in chain)
