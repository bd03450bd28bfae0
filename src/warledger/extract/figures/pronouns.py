"""Pronouns as casualties: "killing him", "killing only themselves", "He died the next day".

A pronoun after a killing verb counts the person last named before it, of that person's side; "themselves" counts
the number before it, and "them" the group counted right before its noun with no status of its own ("a tea stall run by
two sisters, …, killing them"). A reflexive after a suicide attacker's own death ("detonated his vest, killing
himself") is that attacker, counted already.

>>> from warledger.extract.stages import facts_for
>>> from warledger.extract.figures.statuses import status_words
>>> s = facts_for("Gunmen opened fire on a soldier, killing him.")
>>> [f.head for f in pronoun_figures(s.text, status_words(s, set()), {a.start: a for a in s.actors}, s.numbers)]
['him']
"""

from __future__ import annotations

import re

from warledger.extract.figures import Figure
from warledger.extract.figures.statuses import StatusWord, one_way_words
from warledger.extract.figures.syntax import side_right_before, with_side
from warledger.extract.mentions.actors import ActorMention
from warledger.extract.text.numbers import NumberMention
from warledger.model import Count

# "killing him", "killing himself": one person; "killing only themselves": the people counted before.
PRONOUN = re.compile(r"\s+(?:only\s+|also\s+)?(him(?:self)?|her(?:self)?|themselves|them)\b", re.I)
COUNT_RIGHT_BEFORE = re.compile(r"\s+(?:[a-z][\w-]*\s+)?\Z")  # "two sisters", "four aid workers"
# "He died", "She later succumbed": the pronoun opens the sentence, a death word follows (an adverb between).
SUBJECT_PRONOUN = re.compile(r"(He|She)\s+(?:(?:later|subsequently|also|then)\s+)?(?=died\b|succumbed\b)")
# The agents of the sentence before go on: "They then shot him dead", "He later killed her".
AGENTS_TOLD_BEFORE = re.compile(r"(?:They|He|She)\s+(?:(?:later|then|subsequently|also|allegedly)\s+)?[a-z]+")
# The object pronoun's clause goes on past it ("shot him dead in …"), not a noun it owns ("killed her goats").
OBJECT_ENDS = re.compile(r"\s*(?:[,.;:]|$)|\s+(?:dead|to\s+death|and|in|at|on|near|after|before|while|as|outside|"
                         r"with|the|a|an|later|same|two|three|several)\b")
# A pronoun told killed in a clause of where or when: "…, where he was shot and killed" (not opening a sentence:
# "He was killed on 12 October" in a victim's story may be a named victim again, or another day's death; not "two
# days before she was killed": a look back).
PRONOUN_TOLD_DEAD = re.compile(r",\s+(?:where|when)\s+(he|she)\s+was\s+(?:(?:later|then|fatally)\s+)?"
                               r"(?=shot\s+dead\b|killed\b|shot\s+and\s+killed\b)")


def pronoun_figures(text: str, statuses: list[StatusWord], actors: dict[int, ActorMention],
                    numbers: list[NumberMention]) -> list[Figure]:
    """"opened fire on a member of the NDF, killing him": one person, the one last named ("two suicide bombers
    detonated at a mosque, killing only themselves": the two)."""
    out = []
    for word in statuses:
        # "shot and killed John Clark and buried him": the pronoun of a burial (a word that counts only its
        # object) is the dead person counted already.
        m = PRONOUN.match(text, word.end) if word.direction == "pre" \
            and text[word.start:word.end].lower() not in one_way_words("active_only") else None
        named = [a for a in actors.values() if a.kind == "head" and a.person and a.end <= word.start] if m else []
        if m is None:
            continue
        if not named:
            out += _named_before_this_sentence(text, m)
            continue
        person = _with_own_side(with_side(text, named[-1], actors), actors)
        count = _pronoun_count(text, m.group(1).lower(), person, numbers, statuses)
        if count is None:
            continue
        them = m.group(1).lower() == "them"
        # "A Syrian refugee detonated a bomb …, killing only himself": who kills himself is no civilian victim.
        reflexive = m.group(1).lower() in ("himself", "herself", "themselves")
        if reflexive and _detonated_before(statuses, word.start):
            continue  # "the attacker detonated his vest, killing himself": the attacker, counted already
        party, group = (None, None) if reflexive and person.party == "civilians" else (person.party, person.group)
        # ("them" is told by its group's noun: the same people, if told again later)
        head = text[person.start:person.end].split()[-1] if them else m.group(1)
        out.append(Figure(m.start(1), m.end(1), count, party, group, None, head=head))
    return out


def _named_before_this_sentence(text: str, m: re.Match[str]) -> list[Figure]:
    """"Gunmen abducted a shopkeeper. They then shot him dead.": one person, the one the sentence before told of,
    where the agents it told go on (not "They then killed her goats": a noun she owns)."""
    if m.group(1).lower() not in ("him", "her") or not AGENTS_TOLD_BEFORE.match(text) \
            or not OBJECT_ENDS.match(text, m.end()):
        return []
    return [Figure(m.start(1), m.end(1), Count(1, 1), None, None, None, head=m.group(1))]


def _pronoun_count(text: str, pronoun: str, person: ActorMention, numbers: list[NumberMention],
                   statuses: list[StatusWord]) -> Count | None:
    """One for "him" or "her"; for "themselves" the number last before the person named, for "them" the one right
    before its noun; None where there is none."""
    counted = [n.count for n in numbers if n.end <= person.start]
    if pronoun not in ("themselves", "them"):
        return Count(1, 1)
    if not counted or (pronoun == "them" and not _counted_right_before(text, person, numbers, statuses)):
        return None
    return counted[-1]


def subject_pronoun_figures(text: str, statuses: list[StatusWord], named: bool) -> list[Figure]:
    """"He died the next day", "She later succumbed", "…, where he was shot and killed": one person, whose side the
    incident told before gives; in a clause, only where the sentence names no one (``named``) the pronoun may be."""
    found = [] if named else [*PRONOUN_TOLD_DEAD.finditer(text)]
    found += [m for m in [SUBJECT_PRONOUN.match(text)] if m is not None]
    return [Figure(m.start(1), m.end(1), Count(1, 1), None, None, None, head=m.group(1).capitalize()) for m in found
            if any(w.status == "killed" and w.direction == "post" and w.start == m.end() for w in statuses)]


def _with_own_side(person: ActorMention, actors: dict[int, ActorMention]) -> ActorMention:
    """A person noun of no side takes the one named right before it ("two Boko Haram suicide bombers")."""
    side = side_right_before(person, actors)
    return person._replace(party=side.party, group=side.group) if person.party is None and side else person


def _detonated_before(statuses: list[StatusWord], at: int) -> bool:
    """Whether a suicide attacker's own death ("detonated his vest") is told before ``at``."""
    return any(w.own for w in statuses if w.end <= at)


def _counted_right_before(text: str, person: ActorMention, numbers: list[NumberMention], statuses: list[StatusWord]
                          ) -> bool:
    """Whether a number counts ``person`` right before its noun, with no status word of its own before it: "them"
    counts "a tea stall run by two sisters, …, killing them" (not "abducted two traders and killed them": the
    traders are counted killed already)."""
    told = {w.end for w in statuses if w.direction == "pre"}
    return any(n.end <= person.start and COUNT_RIGHT_BEFORE.fullmatch(text, n.end, person.start)
               and not any(0 <= n.start - end <= 1 for end in told) for n in numbers)
