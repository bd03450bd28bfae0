"""Singular drops: the rules that rule a singular ("a soldier", "the driver", "another") out as a figure.

A determiner and a person noun count one person, unless the noun is missing, names a thing or describes one, the
person is the agent after "by", the noun is plural, or the singular is a part of a total told already (right
after "including", or further into its list), is whom someone posed as or was mistaken for, or "his body" is a
person named before. The singular drops, in order: no_person_noun, names_a_thing, modifies_a_thing, by_agent,
plural_noun, part_of_total, inside_including_list, taken_for, named_persons_body.

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("Police are treating the attack as a terrorist incident.")
>>> one = Figure(34, 45, Count(1, 1), None, None, "killed", head="terrorist")
>>> kept_singular(s, one, frozenset())
False
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.figures import Figure
from warledger.extract.figures.singulars import PLURAL_HEAD
from warledger.extract.figures.syntax import INCLUDING_OPEN, STOP_WORDS, after_subset_cue
from warledger.extract.mentions.persons import named_objects
from warledger.model import Count  # noqa: F401  (the doctest's)

BY_AGENT = re.compile(r"\bby\s+\Z", re.I)  # "killed by a sniper": who killed, not who died
NEXT_WORD = re.compile(r"[\"”’']\s+([a-z][a-z-]*)\b")  # a quoted word used of a thing: a "terrorist" base
QUOTED_NOUN_FOLLOWERS = cue_words("quoted_noun_followers")
INCIDENT_NEXT = re.compile(rf"\s+(?:{cue_alternation('incident_nouns')}|incident)\b", re.I)
# "posing as a soldier", "mistaking him for a Chechen fighter", "accused of being an actress", "not to be confused
# with a politician", "who was also a poet": who someone seemed or is, no one more of the incident
TAKEN_FOR = re.compile(rf"\b(?:(?:{cue_alternation('disguise_words')})\s+as|(?:mistaking|mistaken|mistook)\s+"
                       rf"(?:\w+\s+)?for|confused\s+with|being|(?:who|he|she)\s+(?:is|was)(?:\s+also)?|"
                       rf"(?:{cue_alternation('role_as_verbs')})\b[^,;.]{{0,40}}?\s+as)\s+\Z", re.I)


def no_person_noun(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    """A determiner without a person noun counts no one ("a car bomb"), but for "another" alone ("wounding
    another": one of the others)."""
    return one.head is None and one.relative != "others"


def names_a_thing(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    """A quoted person noun before another noun names a thing: "shelled a "terrorist" base"."""
    m = NEXT_WORD.match(s.text, one.end)
    return m is not None and m.start(1) not in stops and m.group(1).lower() not in STOP_WORDS \
        and m.group(1).lower() not in QUOTED_NOUN_FOLLOWERS


def modifies_a_thing(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    """A person noun right before a thing's noun describes the thing: "escorting a passenger bus", "treating the
    attack as a terrorist incident"."""
    return s.text[one.end:one.end + 1] == " " and (any(
        a.start == one.end + 1 and a.kind == "head" and not a.person for a in s.actors)
        or INCIDENT_NEXT.match(s.text, one.end) is not None)


def by_agent(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    """After "by" stands who killed, not who died: "two soldiers were killed by a sniper"."""
    return BY_AGENT.search(s.text, max(0, one.start - 4), one.start) is not None


WORD_AFTER = re.compile(r"\s+([a-z][\w-]*)")
PUNCTUATION_AFTER = re.compile(r"\s*[,.;:()]")
SLIP_WORDS = 4  # "a security forces personnel": the words of a short phrase
VERB_FORM = re.compile(r"(?:ing|ed)$")  # "an attack involving suicide bombers": a phrase about a thing


def _phrase_ends(text: str, end: int) -> bool:
    """Whether a noun phrase ends at ``end``: a stop word or a punctuation mark follows, not another noun."""
    after = WORD_AFTER.match(text, end)
    return (after[1] in STOP_WORDS) if after else (PUNCTUATION_AFTER.match(text, end) is not None or end == len(text))


def plural_noun(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    """A determiner before a plural noun counts no one person: "killing its members" ("a member of the
    families" is one, and so is an article before a plural that ends a short phrase, as coded notes write it: "a
    security forces personnel", "a traffic policemen")."""
    if one.count.low != 1:
        return False  # two under one noun: "his parents"
    words = s.text[one.start:one.end].lower().split()
    if words[-1:] == ["other"]:
        return False  # "one of the guards died and the other was hurt": one of a pair
    if len(words) == 1 and one.head and one.head.lower() not in s.text[one.end:one.end + 40].lower():
        return False  # "eleven passengers died and another was taken to hospital": the noun told before
    if one.head and _article_slip(s.text, one, words):
        return False
    return bool(one.head and PLURAL_HEAD.search(one.head) and " of " not in s.text[one.start:one.end])


def _article_slip(text: str, one: Figure, words: list[str]) -> bool:
    """"a policemen was shot": an article, a few words that are no verb, and the noun that ends the phrase (not "a
    high personnel cost", "a militants' den", "an attack involving suicide bombers")."""
    return words[0] in ("a", "an", "one") and len(words) <= SLIP_WORDS \
        and not any(VERB_FORM.search(w) for w in words[1:-1]) and _phrase_ends(text, one.end)


def part_of_total(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    """Right after "including" or "of whom" a singular is one of a total told already: "killing five people,
    including a child"."""
    return after_subset_cue(s, one.start, 30) is not None


def inside_including_list(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    """Further into an "including …" list, the same: "including a prominent businessman and his infant
    daughter"."""
    return INCLUDING_OPEN.search(s.text, max(0, one.start - 80), one.start) is not None


def taken_for(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    """Whom someone posed as or was mistaken for is no one of the incident: "soldiers killed a civilian at a
    checkpoint, mistaking him for a Chechen fighter"; the role someone told already is wanted as is that person
    ("X, wanted by French authorities as a suspected accomplice, was killed"), and so is what a person told is ("X,
    who was also a poet, and a friend were shot": two)."""
    return TAKEN_FOR.search(s.text, max(0, one.start - 60), one.start) is not None


def named_persons_body(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    """"his body" after a person named as a death verb's object is that person, counted already: "ISIS beheaded a
    respected antiquarian, Khaled al-Asaad, … and hung his body on a column"."""
    return one.head in ("body", "corpse") and s.text[one.start:one.start + 4].lower() in ("his ", "her ") \
        and any(p.end <= one.start for p in named_objects(s.text))


SINGULAR_DROPS = (no_person_noun, names_a_thing, modifies_a_thing, by_agent, plural_noun, part_of_total,
                  inside_including_list, taken_for, named_persons_body)


def kept_singular(s: SentenceFacts, one: Figure, stops: frozenset[int]) -> bool:
    for drop in SINGULAR_DROPS:
        if drop(s, one, stops):
            if s.trace is not None:
                note(s, f"figures.{drop.__name__}", "dropped", s.text[one.start:one.end])
            return False
    return True
