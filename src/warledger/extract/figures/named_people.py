"""Named people: a name told dead, captured or wounded counts one person, with the side its title, aside or clause
gives it.

"Constable Rahul Verma (40) was shot dead", "Omar Maute and Isnilon Hapilon were killed", "killed Oleksiy
Vadaturskyi, the owner of …": each name is one person. A name right after a counted noun ("his father Jumaa Ahmad,
44") is that noun's person, counted already.

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("Assistant constable Rahul Verma (40) and Ivan Petrenko, a commander of the Azov Battalion, died.")
>>> [(s.text[f.start:f.end], f.party) for f in person_figures(s, {a.start: a for a in s.actors}, s.breaks)]
[('Rahul Verma (40)', 'pro-government'), ('Ivan Petrenko', 'Ukraine')]
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.figures import NAMED_PERSON, Figure
from warledger.extract.figures.syntax import DIED_WORDS, clause_start
from warledger.extract.mentions.actors import ActorMention
from warledger.extract.mentions.persons import (
    AGE_AFTER_NAME,
    BRACKETED_ASIDE,
    OBJECT_VERB_LIST,
    PersonMention,
    aged_names,
    find_persons,
    named_objects,
    named_subjects,
)
from warledger.model import Count

AGED = re.compile(r"\b\d{1,3}-year-old\b")  # "96-year-old Boris Romanchenko"
PERSON_BEFORE = re.compile(r"\b(?:his|her|their|its|an?|the|one)\s+(?:[\w-]+\s+){0,2}?([\w-]+)\s+$", re.I)
# A sentence with none of them tells no named person's death, capture or wound.
# "died", "succumbed" take no object: a name before them is the dead ("Hisham Barakat dies in a bomb attack").
DEATH_WORDS = cue_words("person_death_verbs") | cue_words("person_capture_verbs") | cue_words("person_wound_verbs") \
    | {entry.split()[0].lower() for entry in OBJECT_VERB_LIST} | DIED_WORDS  # "executes" (not "of")
# A noun phrase set after a name: ", a commander of the Azov Battalion,", ", leader of the Manbij Military Council,",
# ", ISIL's chief of security in Homs province,", ", who was in charge of ISIL drones,"
# (not ", aged 7, was killed by regime shelling,": the verb's phrase tells who killed).
NAME_PARTICLE = re.compile(rf"(?:{cue_alternation('name_particles')})-", re.I)  # "al-Rawi"
ASIDE_AFTER = re.compile(r",\s*(?:(?:an?|the|who)\s+|[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+of\s+|[A-Z][\w-]*['’]s\s+)"
                         r"(?:[^,;.]{1,120}(?:,|(?=\s+(?:was|were)\s))"  # the writer may leave the closing comma out
                         # or end the sentence with the aside, a plain one (not "…, who masterminded …", "…, X said")
                         rf"|(?![^,;.]*\b(?:who|which|that|{cue_alternation('speech_verbs')})\b)[^,;.]{{1,120}}"
                         r"(?=\.?\s*$))"
                         rf"|{BRACKETED_ASIDE}")  # "Major general X (commander of the Chechen 141st Regiment)"
VICTIMS_OF = re.compile(r"\b(?:deaths?|killings?|murders?)\s+of\b", re.I)
# "the Philippine Army stated", "Ukrainian forces reported": a side that tells, up to two words before its verb.
TELLS = re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{cue_alternation('teller_speech_verbs')})\b")


def _named_alone(text: str, actors: dict[int, ActorMention], titled: list[PersonMention]) -> list[PersonMention]:
    """Aged names not right after a counted person noun: "his father Jumaa Ahmad, 44" is the father, counted
    already; "Assistant constable Rahul Verma (40)" is one person, titled (and counted once)."""
    out = []
    for person in aged_names(text):
        noun = PERSON_BEFORE.search(text, max(0, person.start - 40), person.start)
        if (noun is None or not any(a.kind == "head" and a.person and a.end == noun.end(1) for a in actors.values())) \
                and not any(t.start < person.end and person.start < t.end for t in titled):
            out.append(person)
    return out


def _aside_side(text: str, person: PersonMention, actors: dict[int, ActorMention]) -> list[ActorMention]:
    """The side of an aside right after a name ("Artem Murakhovskyi, a commander of the Azov Battalion, was
    killed"): the last one named in it ("head of the Regiment of the National Guard of Russia")."""
    aside = ASIDE_AFTER.match(text, person.end)
    sides = _sides_in(text, aside, actors)
    if not sides and aside is not None and text[aside.start():aside.end()].lstrip().startswith("("):
        # "Mohammed al-Abadi (Abu Osama al-Qurashi), a senior ISIL figure": an alias, then the aside
        sides = _sides_in(text, ASIDE_AFTER.match(text, aside.end()), actors)
    # A civilian calling first is the person's, whoever's the thing it belongs to ("the owner of Ukrainian
    # agricultural company Nibulon").
    return sides[:1] if sides and sides[0].kind == "head" and sides[0].party == "civilians" else sides[-1:]


def _sides_in(text: str, aside: re.Match[str] | None, actors: dict[int, ActorMention]) -> list[ActorMention]:
    """The sides named inside an aside (none without one), but the victims of a killing it tells ("…, who was
    responsible for the deaths of 12 policemen,": not the person's side)."""
    return [a for a in actors.values() if aside and aside.start() < a.start < aside.end() and a.party
            and a.kind in ("modifier", "head") and not VICTIMS_OF.search(text, aside.start(), a.start)]


def _person_side(text: str, person: PersonMention, actors: dict[int, ActorMention], breaks: tuple[int, ...]
                 ) -> ActorMention | None:
    """Whose a named person is: a side inside the name ("the mukhtar of the village" has a side of its own), else
    the side named last before it in its clause, unless that side only tells of it ("the Philippine Army stated
    that Amin Bacu had been killed")."""
    start = clause_start(breaks, person.start)
    inside = [a for a in actors.values() if person.start <= a.start < person.end and a.kind == "modifier"]
    inside += [a for a in actors.values() if person.start <= a.start < person.end and a.kind == "head" and a.party]
    inside += _aside_side(text, person, actors)
    # A side named before, or a person noun of a side right before the name ("IS leaders Isnilon Hapilon").
    before = [a for a in actors.values() if start <= a.start < person.start and person.start - a.end <= 80
              and (a.kind == "modifier" or (a.party and person.start - a.end <= 1))
              and not TELLS.match(text, a.end)]
    return (inside or before[-1:] or _side_of_role(person, actors) or [None])[0]


def _side_of_role(person: PersonMention, actors: dict[int, ActorMention]) -> list[ActorMention]:
    """The side's noun before a role right before the name: "militant leaders Omar Maute and Isnilon Hapilon"."""
    role = next((a for a in actors.values() if a.kind == "head" and 0 <= person.start - a.end <= 1), None)
    return [a for a in actors.values() if role is not None and a.party and 0 <= role.start - a.end <= 1]


def _named_dead(s: SentenceFacts, actors: dict[int, ActorMention], persons: list[PersonMention]) -> list[PersonMention]:
    """Names told dead ("Omar Maute and Isnilon Hapilon were killed", "shot and killed Brendan Tevlin") that are no
    side or group ("The Free Syrian Army …", "Islamic State fighters …": a name that begins with one) nor a titled
    person counted already."""
    titled = [(p.start, p.end) for p in persons]
    named = named_subjects(s.text, frozenset(s.surnames)) + named_objects(s.text, frozenset(s.surnames))
    return [p for p in named if s.text[p.start:p.start + 4] != "The "
            and not (_opens_with_side(actors.get(p.start)) and not _name_after_side(s.text, p, actors))
            and not any(start < p.end and p.start < end for start, end in titled)]


def _name_after_side(text: str, person: PersonMention, actors: dict[int, ActorMention]) -> bool:
    """"PMC Vadim Tumakov was confirmed killed", "ISIL War Minister Dohan al-Rawi had been killed": two capitalised
    words (or name particles) of no side after the side's word are a name ("Islamic State fighters" has none); no
    one's name opens on "people" ("the charity People In Need")."""
    side = actors[person.start]
    rest = text[side.end:person.end].split()
    return side.party != "unknown" and len(rest) >= 2 and all(w[:1].isupper() or NAME_PARTICLE.match(w) for w in rest) \
        and not any(side.end < a.start < person.end for a in actors.values())


def _opens_with_side(actor: ActorMention | None) -> bool:
    """"Islamic State fighters were killed" is a side's count, not a name; "Major Valeriy Chybineyev", whose rank
    is a person noun of no side, is a name."""
    return actor is not None and not (actor.kind == "head" and actor.person and actor.party is None
                                      and actor.group is None)


def _object_side(text: str, person: PersonMention, actors: dict[int, ActorMention]) -> ActorMention | None:
    """A named person a verb kills takes only the side inside the name, right before its title ("had killed Russian
    Major General Vitaly Gerasimov") or in its aside ("killed Oleksiy Vadaturskyi, the owner of …"): a side further
    before it is the killer's."""
    inside = next((a for a in actors.values() if person.start <= a.start < person.end and a.party), None)
    title = min(person.start, person.title_start)  # "killed Russian Major General X", "French jihadist X"
    before = next((a for a in actors.values() if a.kind == "modifier" and a.party
                   and (0 <= title - a.end <= 1 or title <= a.start < person.start)), None)
    return inside or before or next(iter(_aside_side(text, person, actors)), None)


def person_figures(s: SentenceFacts, actors: dict[int, ActorMention], breaks: tuple[int, ...]) -> list[Figure]:
    """Titled and aged names, "the commander of …", names told dead or wounded: each one person; names listed
    together share the side one of them names ("Isnilon Hapilon and Omar Maute were killed": both the Maute
    group's)."""
    out: list[tuple[Figure, int]] = []
    persons = find_persons(s)
    persons += _named_alone(s.text, actors, persons)
    objects = named_objects(s.text, frozenset(s.surnames)) if s.words & DEATH_WORDS else []
    for person in persons + (_named_dead(s, actors, persons) if s.words & DEATH_WORDS else []):
        if _inside_a_sides_name(person, actors):
            continue
        # "killed Major general Andrei Sukhovetsky": the verb's object may be read from the name on
        actor = _object_side(s.text, person, actors) if any(person.start < o.end and o.start < person.end
                                                            for o in objects) \
            else _person_side(s.text, person, actors, breaks)
        # A surname alone keeps the side its full name was given with ("Russian general Valery Gerasimov"), over a
        # teller's side around it ("According to the Ukrainian … Agency, Gerasimov was wounded").
        known = s.surnames.get(s.text[person.start:person.end])
        party = known or (actor.party if actor else None)
        party = "civilians" if party is None and _aged(s.text, person) else party
        out.append((Figure(person.start, person.end, Count(1, 1), party, actor.group if actor else None, None,
                           head=NAMED_PERSON), person.title_start))
    listed = {start: fig for fig, start in out if fig.party is not None}
    return [fig._replace(party=listed[start].party, group=listed[start].group)
            if fig.party is None and start in listed else fig for fig, start in out]


def _inside_a_sides_name(person: PersonMention, actors: dict[int, ActorMention]) -> bool:
    """Whether a title and the name after it are words of a side's name ("the Kata'ib Imam Ali Brigades"): no one."""
    return any(a.start <= person.title_start and person.end <= a.end and a.party for a in actors.values())


def _aged(text: str, person: PersonMention) -> bool:
    """"96-year-old Boris Romanchenko", "Jumaa Ahmad, 44,": a person told by age and no side is a civilian."""
    return AGED.search(text, max(0, person.start - 16), person.end) is not None \
        or AGE_AFTER_NAME.match(text, person.end) is not None
