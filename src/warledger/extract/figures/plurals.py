"""Plurals with no number: people a status is told of without a count, at least two (the contract's bare plural).

"Soldiers were wounded when their truck hit a landmine", "The assailants were killed", "ISIL executed more
civilians", "killing all the militants who were on it", "while others were wounded"; and plurals named right after
"including" a count of people are its parts ("killing more than 45 ISIL members, including suicide bombers"). A side
whose plural acts on something counts no one ("Russian forces captured the bridge").

>>> from warledger.extract.stages import facts_for
>>> from warledger.extract.figures.statuses import status_words
>>> s = facts_for("Soldiers were wounded when their truck hit a landmine.")
>>> [(s.text[f.start:f.end], f.count.low, f.count.high) for f in bare_plurals(
...     s, {a.start: a for a in s.actors}, status_words(s, set()))]
[('Soldiers', 2, None)]
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation
from warledger.extract.figures import Figure
from warledger.extract.figures.singulars import PLURAL_HEAD
from warledger.extract.figures.statuses import StatusWord, attacker_heads
from warledger.extract.figures.syntax import PASSIVE, side_right_before
from warledger.extract.mentions.actors import ActorMention
from warledger.model import Count

OWNER_OPENS = re.compile(r"(?:^|[;:,]\s*)[A-Z][\w-]*['’]s\s+\Z")  # "Palmyra's residents": a place owns the plural
ASPECT_GAP = re.compile(r"\s+(?:continued|began|started|managed|(?:were|was)\s+(?:able|allowed))\s+to\s+")
CLAUSE_OPEN = re.compile(r"(?:^|[;:,]\s*|\.\s+)\Z")  # a clause begins right before: its subject follows
AND_ONLY = re.compile(r"\s+and\s+")
OF_THE_BEFORE = re.compile(r"\bof\s+(?:the\s+)?\Z")
AUXILIARY_AFTER = re.compile(r"\s+(?:were|was|are|(?:have|had|has)\s+been)\s")  # a passive, not "had captured"
OWN_STATUS_AFTER = re.compile(rf"\s+(?:{cue_alternation('own_status_verbs')})\b")  # a status it gives itself
JOINER_BEFORE = re.compile(r"\b(?:while|whereas|and|but)\s+\Z")
ALL_BEFORE = re.compile(r"\s+all\s+(?:of\s+)?(?:the|its|their|his|her)\s+(?:[\w-]+\s+){0,2}\Z")
# "The assailants were killed", "some Russian soldiers were captured", "…, while some soldiers surrendered", "Groups
# of Russian soldiers were captured", "… ended when the last defenders surrendered", "…, with some Russian troops
# surrendering": "the", "some" or "groups of" opens the clause
THE_OPENS = re.compile(r"(?:^|[;:,]\s*|,\s*with\s+|\b(?:while|whereas|but|when)\s+)"
                       r"(?:[Tt]he(?:\s+(?:last|remaining|surviving))?|[Ss]ome|[Gg]roups\s+of)\s+\Z")


def bare_plurals(s: SentenceFacts, actors: dict[int, ActorMention], statuses: list[StatusWord]) -> list[Figure]:
    """A plural person noun with no number that opens its clause, right before its status, counts at least two
    (the contract's bare plural): "Soldiers were wounded when their truck hit a landmine", "The assailants were
    killed"; so do "others" a status verb takes ("killing 23 and wounding others")."""
    posts = {w.start: w.end for w in statuses if w.direction == "post"}
    verbs = [w for w in statuses if w.direction == "pre"]
    pres = {w.end + 1 for w in verbs}
    plurals = _plural_heads(s.text, actors)
    out: list[Figure] = []
    for i, head in enumerate(plurals):
        # "Russian soldiers and civilians were killed" (not "20 members of the regime forces and militias", where
        # the plural before "and" is another count's).
        listed = i > 0 and AND_ONLY.fullmatch(s.text, plurals[i - 1].end, head.start) is not None \
            and not OF_THE_BEFORE.search(s.text, max(0, plurals[i - 1].start - 8), plurals[i - 1].start)
        if head.text == "others" and head.start in pres:  # "killing 23 and wounding others"
            out.append(_at_least_two(head))
        elif head.text != "others" and (taken := _taken_object(s, head, actors, verbs)) is not None:
            out.append(_at_least_two(taken))
        elif _told_subject(s.text, head, posts, listed):
            # "Russian soldiers and civilians were killed": the plural before "and" is told the status too.
            out += [_at_least_two(plurals[i - 1])] if listed and not any(f.start == plurals[i - 1].start
                                                                          for f in out) else []
            out.append(_at_least_two(head))
    return out


# Between a status verb and the plural it takes: "executed more civilians", "killing Ukrainian civilians".
OBJECT_GAP = re.compile(r"\s+(?:more\s+)?\Z")
# Before the verb, what makes it a finite verb or its progressive, not an adjective ("the captured jihadists",
# "interviews with surrendered IS militants") nor a noun ("the killing of civilians"): its subject, an auxiliary.
VERB_OPENER = re.compile(rf"\b(?:{cue_alternation('object_verb_openers')})\s+(?:[a-z]+ly\s+)?\Z", re.I)


def _taken_object(s: SentenceFacts, head: ActorMention, actors: dict[int, ActorMention],
                  verbs: list[StatusWord]) -> ActorMention | None:
    """A plural of no number a finite status verb takes as its object, with its side's word: "Russian soldiers
    were killing civilians", "ISIL executed more civilians"."""
    if s.text[head.end:head.end + 4] == " of ":
        return None  # "found bodies of 11 militants": the count after "of" says who
    side = side_right_before(head, actors)
    start = side.start if side is not None and side.party else head.start
    verb = next((w for w in verbs if w.end < start and OBJECT_GAP.fullmatch(s.text, w.end, start)), None)
    if verb is None or not (VERB_OPENER.search(s.text, max(0, verb.start - 26), verb.start)
                            or any(a.end + 1 == verb.start and a.party for a in actors.values())):
        return None
    return head._replace(start=start, party=side.party, group=side.group) if start != head.start else head


def _with_side_before(head: ActorMention, actors: dict[int, ActorMention], text: str) -> ActorMention:
    """A plural of no side with a side's word right before it, told a status in the passive or one it gives itself,
    is that side's, from the side's word on: "Islamic State fighters were killed", "the remaining ISIL defenders
    surrendered" ("IS forces captured the station" acts)."""
    if head.party is not None or not (AUXILIARY_AFTER.match(text, head.end) or OWN_STATUS_AFTER.match(text, head.end)):
        return head
    side = side_right_before(head, actors)
    return head._replace(start=side.start, party=side.party, group=side.group) if side and side.party else head


def all_of_objects(s: SentenceFacts, actors: dict[int, ActorMention], statuses: list[StatusWord]) -> list[Figure]:
    """Everyone of a plural a status word takes, with no number: "killing all the militants who were on it",
    "killing all of its crew members" count at least two."""
    if "all" not in s.words:
        return []
    pres = {w.end for w in statuses if w.direction == "pre"}
    out = []
    for head in actors.values():
        if head.kind == "head" and head.person and PLURAL_HEAD.search(head.text):
            m = ALL_BEFORE.search(s.text, max(0, head.start - 50), head.start)
            if m is not None and m.start() in pres:
                out.append(_at_least_two(head)._replace(relative=None))
    return out


SIDE_WITH_NOUN = re.compile(r"\s[a-z]+$")  # a side's name ending in a lower-case noun


def _plural_heads(text: str, actors: dict[int, ActorMention]) -> list[ActorMention]:
    """The plural person nouns of a side, of attackers, or "others"; a side's name that ends in one is one too
    ("Iraqi soldiers", "Kurdish fighters"; not a name such as "Syrian Democratic Forces")."""
    plurals = [_with_side_before(h, actors, text) for h in actors.values() if h.person and PLURAL_HEAD.search(h.text)
               and (h.kind == "head" or SIDE_WITH_NOUN.search(h.text))]
    return [h for h in plurals if h.party is not None or h.text.lower() in attacker_heads() or h.text == "others"
            or _side_named(side_right_before(h, actors))]


def _side_named(side: ActorMention | None) -> bool:
    """A side's word of a known side ("ISIL prisoners"): the plural after it is that side's people."""
    return side is not None and side.party not in (None, "unknown")


# After a one-word status verb, what shows it has no object: a preposition, a conjunction, an adverb or the clause's
# end ("soldiers captured in the raid"; not "Russian forces captured the bridge" nor "lost control", where they act).
NO_OBJECT_AFTER = re.compile(r"\s*(?:[,.;:)(]|\Z)|\s+(?:in|near|at|on|during|by|while|after|when|and|or|as|from|to|"
                             r"with|inside|outside|amid|before|since|for|over|under|into|[a-z]+ly)\b")


def _told_subject(text: str, head: ActorMention, posts: dict[int, int], listed: bool) -> bool:
    """A plural subject told its status right after it ("were killed", "were captured", "died")."""
    gap = PASSIVE.match(text, head.end).end()  # type: ignore[union-attr]
    aspect = ASPECT_GAP.match(text, head.end)  # "civilians continued to flee"
    right_after = posts.get(head.end + 1)
    acts = right_after is not None and " " not in text[head.end + 1:right_after] \
        and not OWN_STATUS_AFTER.match(text, head.end) and not NO_OBJECT_AFTER.match(text, right_after)
    return (_subject_opening(text, head, gap) or listed) and not acts \
        and (gap in posts or right_after is not None or (aspect is not None and aspect.end() in posts))


def _subject_opening(text: str, head: ActorMention, gap: int) -> bool:
    """A plural that opens its clause, or after "the" one with a passive, "died" or "continued to" ("The assailants
    were killed"; "The militants captured a checkpoint" acts)."""
    if head.start == 0 or CLAUSE_OPEN.search(text, max(0, head.start - 3), head.start) is not None \
            or OWNER_OPENS.search(text, max(0, head.start - 30), head.start) is not None:
        return True  # "Soldiers were wounded", "Palmyra's residents were evacuated"
    if head.text == "others" and JOINER_BEFORE.search(text, max(0, head.start - 9), head.start):
        return True  # "…, while others were wounded"
    passive = gap - head.end > 1 or OWN_STATUS_AFTER.match(text, head.end) is not None \
        or ASPECT_GAP.match(text, head.end) is not None  # "groups of civilians continued to flee"
    return passive and THE_OPENS.search(text, max(0, head.start - 26), head.start) is not None


def _at_least_two(head: ActorMention) -> Figure:
    # Attacker nouns come this far without a side, and "others" ("…, while others were wounded"): the people
    # counted before.
    relative = ("others" if head.text == "others" else "attackers") if head.party is None else None
    return Figure(head.start, head.end, Count(2, None), head.party, head.group, None, head=head.text.lower(),
                  qualifier="min", relative=relative)

INCLUDED_PLURAL = re.compile(r"(?:\s+(?:in|near|at)\s+[^,;.\d]{1,50})?\s*,?\s*(?:including|among\s+them)\s+"
                             r"(?P<words>(?!(?:the|an?|his|her|their|its)\s)[a-z-]+\s+)?\Z")


def including_plurals(s: SentenceFacts, chosen: list[Figure], actors: dict[int, ActorMention]) -> list[Figure]:
    """Plural people with no number of their own, right after "including" a count of people, and the plurals
    listed with them, are parts of at least two: "killing more than 45 ISIL members, including suicide bombers"."""
    if "including " not in s.text and "among them " not in s.text:
        return []
    heads = sorted((a for a in actors.values() if a.kind == "head" and a.person and PLURAL_HEAD.search(a.text)),
                   key=lambda a: a.start)
    nouns = person_heads(actors)
    out: list[Figure] = []
    for head in heads:
        listed = bool(out) and AND_ONLY.fullmatch(s.text, out[-1].end, head.start) is not None
        cue = _included_cue(s.text, head, chosen, nouns)
        if (listed or cue is not None) and s.text[head.end:head.end + 4] != " of ":  # "members of Quds Force"
            start = cue.start("words") if cue is not None and cue.group("words") else head.start  # "suspected …"
            out.append(Figure(start, head.end, Count(2, None), head.party, head.group, None,
                              head=head.text.lower(), qualifier="min"))
    return out


def person_heads(actors: dict[int, ActorMention]) -> frozenset[str]:
    """The person nouns of the sentence, lower-cased: what a count of people ends on."""
    return frozenset(a.text.lower() for a in actors.values() if a.kind == "head" and a.person)


def _included_cue(text: str, head: ActorMention, chosen: list[Figure],
                  nouns: frozenset[str]) -> re.Match[str] | None:
    """The "including" between a count of people and ``head`` right after it, if there is one."""
    for f in chosen:
        if f.head in nouns and f.end <= head.start and (m := INCLUDED_PLURAL.fullmatch(text, f.end, head.start)):
            return m
    return None

