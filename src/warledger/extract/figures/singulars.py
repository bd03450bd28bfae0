"""Singulars: what counts one person without a number — a determiner, "the" after a verb, a name, a pronoun.

"a soldier", "another member", "shot dead the driver" and a headline's bare
noun ("Balad: farmer killed …") each count one person when a person noun
follows; so do a titled or aged name ("General Ali …", "Jumaa Ahmad, 44") and
"him"/"her" after a status word that takes an object ("…, killing him").
"a member of a local militia" counts the member only.

>>> from warledger.extract.stages import facts_for
>>> from warledger.extract.mentions.actors import ActorLexicon
>>> from warledger.extract.figures.statuses import status_words
>>> s = facts_for("Gunmen shot dead the driver and wounded a soldier.")
>>> heads = {a.start: a for a in s.actors if a.kind == "head" and a.person}
>>> statuses = status_words(s, set(heads))
>>> [(n.text, n.start) for n in singulars(s, s.numbers, ActorLexicon.load().singular, heads, statuses)]
[('a', 40), ('the', 17)]
"""

from __future__ import annotations

import functools
import itertools
import re

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.figures import NAMED_PERSON, Figure
from warledger.extract.figures.statuses import StatusWord, self_detonation
from warledger.extract.figures.syntax import NEGATION_WORDS, PASSIVE, STOP_WORDS, WORD, clause_start
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
from warledger.extract.text.numbers import NumberMention, word_value
from warledger.extract.text.phrases import PhraseMatcher
from warledger.model import Count

# "injuring another.", "wounded another in Homs": no noun follows ("another one" is the number's)
CLAUSE_END = re.compile(rf"\s*(?:[.,;]|$)|\s+(?:{cue_alternation('object_end_words')})\s")
THE_OBJECT = re.compile(r"\s+(the)\s+", re.I)  # "shot dead the (local) driver"
AND_THE = re.compile(r"\band\s+(the)\s+", re.I)
SAME_CLAUSE = re.compile(r"[^.;]*$")
PLURAL_HEAD = re.compile(rf"(?:(?<!s)s|{cue_alternation('plural_person_nouns')})$", re.I)  # ("actress": one)
PERSON_BEFORE = re.compile(r"([\w-]+)\s+$")
OF_BEFORE = re.compile(r"([\w-]+)\s+(?:of|from)\s+\Z")  # "a member of a militia", "soldiers from a unit"
NOT_A_THING = re.compile(r"[a-z]+(?:ed|ing)|nationals?|citizens?|residents?")  # after a national's noun
BODY_WORDS = cue_words("body_words")  # "the body of a soldier": the soldier is the casualty
BARE_WORDS = 3  # a bare noun's phrase: at most this many words up to the person noun ("former separatist leader")
# "the" opening a clause, or joined to a figure before it: "Five military personnel and the assailant were killed",
# "after the previous ISIL commander was killed".
THE_OPENS = re.compile(rf"(?:^|[,;:]\s*|\b(?:and|before|once|until|{cue_alternation('subordinate_conjunctions')})\s+)"
                       r"(the)\s+", re.I)
OF_WORDS = re.compile(r"\s+of\s+")
HEADLINE_PLACE = re.compile(r"[:;] ")  # "Balad: farmer killed …"
ORDINAL_NEXT = re.compile(rf"(?:{cue_alternation('subject_order_words')})\s+", re.I)
BESIDES = re.compile(rf"\b(?:{cue_alternation('besides_words')})\s+(the|an?)\s+", re.I)
BESIDES_WORDS = cue_words("besides_words")
# A sentence with none of them tells no named person's death, capture or wound.
# "died"/"dies" take no object: a name before them is the dead ("Hisham Barakat dies in a bomb attack").
DEATH_WORDS = cue_words("person_death_verbs") | cue_words("person_capture_verbs") | cue_words("person_wound_verbs") \
    | {entry.split()[0].lower() for entry in OBJECT_VERB_LIST} | {"died", "dies"}  # "executes" (not "of")
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
# "the Philippine Army stated", "Ukrainian forces reported": a side that tells, up to two words before its verb.
TELLS = re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{cue_alternation('teller_speech_verbs')})\b")
COMPOUND_NOUNS = cue_words("person_compound_nouns")
DIED_WORDS = frozenset({"died", "dies", "perished", "succumbed"})  # a status verb told with no auxiliary


@functools.cache
def closed_words() -> frozenset[str]:
    """Words that end a bare noun's phrase or show a noun is no object or counts no one: stop words, articles,
    determiners and negations ("No reported combatant dead")."""
    return STOP_WORDS | cue_words("object_articles") | NEGATION_WORDS


def _one(start: int, end: int, text: str) -> NumberMention:
    return NumberMention(start, end, text, Count(1, 1), "exact")


def _of_person(text: str, pos: int, heads: dict[int, ActorMention]) -> bool:
    """"a member of a local militia", "the brother of a commander", "645 soldiers from a single unit": only the first
    is the casualty."""
    m = OF_BEFORE.search(text, max(0, pos - 30), pos)
    return m is not None and m.start(1) in heads and m.group(1).lower() not in BODY_WORDS


def _compound(text: str, head: ActorMention, heads: dict[int, ActorMention]) -> bool:
    """"a GNA fighter jet", "a sniper rifle", "an Italian destroyer": the person noun names a thing's kind (a
    national's, before a lower-case noun that names no person: not "a Bosnian national", "a Saudi linked to IS")."""
    after = WORD.match(text, head.end + 1) if text[head.end:head.end + 1] == " " else None
    if after is None:
        return False
    word = after.group(0)
    return word.lower() in COMPOUND_NOUNS or (head.text[:1].isupper() and word.islower() and after.start() not in heads
                                               and word not in closed_words() and not NOT_A_THING.fullmatch(word))


def _determiners(s: SentenceFacts, numbers: list[NumberMention], singular: PhraseMatcher,
                 heads: dict[int, ActorMention], statuses: list[StatusWord]) -> list[NumberMention]:
    """"a soldier", "another member", "injuring another.", "one was killed and another injured": a determiner
    with a person noun within a few words, or alone before its status ("evacuated another 800 civilians": the
    number counts them)."""
    taken = [(n.start, n.end) for n in numbers]
    out, text = [], s.text
    status_starts = {w.start for w in statuses}
    for m in singular.find(s):
        # "injuring another.", "and another injured" (not "their dead": a possessive's noun is left unsaid).
        alone = CLAUSE_END.match(text, m.end) is not None or (
            m.end + 1 in status_starts and text[m.start:m.end].lower().endswith("another"))
        near = alone or any(0 < h - m.end <= 40 and not _compound(text, heads[h], heads) for h in heads)
        if near and not any(s <= m.start < e or s == m.end + 1 for s, e in taken) \
                and not _of_person(text, m.start, heads):
            out.append(_one(m.start, m.end, text[m.start:m.end]))
    return out


def _objects(text: str, heads: dict[int, ActorMention], statuses: list[StatusWord]) -> list[NumberMention]:
    """"shot dead the driver", "killing 25 soldiers and the civilian driver": "the" right after a status word
    that takes an object, before a noun that is not plural."""
    verbs = [w.end for w in statuses if w.direction == "pre" and text[w.end - 3:w.end] != " of"]  # not "capture of"
    articles = [m for m in (THE_OBJECT.match(text, end) for end in verbs) if m]
    if verbs and " and the " in text:
        articles += [m for m in AND_THE.finditer(text, verbs[0]) if SAME_CLAUSE.match(text, verbs[0], m.start())]
    out = []
    for the in articles:
        tokens = itertools.islice(WORD.finditer(text, the.end()), 3)
        head = next((heads[t.start()] for t in tokens if t.start() in heads), None)
        if head is not None and not PLURAL_HEAD.search(head.text):
            out.append(_one(the.start(1), the.end(1), the.group(1)))
    return out


def _headline_nouns(text: str, heads: dict[int, ActorMention], statuses: list[StatusWord],
                    closed: frozenset[str]) -> list[NumberMention]:
    """A headline's bare noun, opening the text or after its place: "Balad: farmer killed by unexploded
    ordnance", "Border police officer was killed near the gate", "Senior Taliban leader, X, was shot dead" (a few
    words may come before the noun)."""
    posts = {w.start for w in statuses if w.direction == "post"}
    out = []
    for at in [0] + [m.end() for m in HEADLINE_PLACE.finditer(text)] if posts and heads else ():
        head = _singular_head(text, at, heads, closed, BARE_WORDS + 1, compound=True)
        if head is not None and any(PASSIVE.match(text, end).end() in posts  # type: ignore[union-attr]
                                    for end in _subject_ends(text, head.end)):
            out.append(_one(at, at, ""))  # the phrase from its first word: "Senior ISIS leader"
    return out


def _singular_head(text: str, start: int, heads: dict[int, ActorMention], closed: frozenset[str],
                   reach: int = BARE_WORDS, compound: bool = False) -> ActorMention | None:
    """The singular person noun that ends the few words from ``start`` ("NISS officer", "former separatist
    leader"; with ``compound``, "militant leader": the last of two nouns), if no closed-class word (an article, a
    number, a stop word) comes first."""
    for tok in itertools.islice(WORD.finditer(text, start), reach):
        head = heads.get(tok.start())
        # "Canadian businessman": a national's noun before another names what the national is
        while head is not None and (compound or head.text[:1].isupper()) \
                and (after := heads.get(head.end + 1)) is not None:
            head = after
        if head is not None:
            return None if PLURAL_HEAD.search(head.text) else head
        word = tok.group(0).lower()
        if (not word[0].isalpha() and not AGED.fullmatch(word)) or word in closed or word_value(word) is not None:
            return None  # (an age is passed over: "the 86-year-old priest")
    return None


def _noun_after(text: str, end: int, closed: frozenset[str]) -> bool:
    """A lower-case word right after a noun, that no closed class holds: "militant locations", "civilian
    protesters" (the noun was an adjective)."""
    after = WORD.match(text, end + 1) if text[end:end + 1] == " " else None
    return after is not None and after.group(0).islower() and after.group(0) not in closed


def _bare_objects(text: str, heads: dict[int, ActorMention], statuses: list[StatusWord],
                  closed: frozenset[str]) -> list[NumberMention]:
    """A headline's object with no determiner: "gunmen kill NISS officer", "killed former separatist leader".

    Only after a verb with a subject ("the wounded soldier" is no object)."""
    out: list[NumberMention] = []
    for w in statuses if heads else ():
        if w.direction != "pre":
            continue
        before = text[max(0, w.start - 12):w.start].split()
        last = before[-1].lower() if before else ""  # a number counts the noun: "the body of one killed civilian"
        if text[w.end - 3:w.end] == " of" or last in closed or word_value(last) is not None:
            continue
        first = WORD.match(text, w.end + 1) if text[w.end:w.end + 1] == " " else None
        head = _singular_head(text, first.start(), heads, closed) if first else None
        if first and head and not _noun_after(text, head.end, closed):
            out.append(_one(first.start(), first.start(), ""))
    return out


def _the_subjects(text: str, heads: dict[int, ActorMention], statuses: list[StatusWord],
                  closed: frozenset[str]) -> list[NumberMention]:
    """A clause that opens on "the" and a singular person noun told a status: "The driver was shot dead",
    "The son of a local landowner was kidnapped and killed" ("the body of a soldier" is the soldier's)."""
    posts = {w.start: w for w in statuses if w.direction == "post"}
    out: list[NumberMention] = []
    if not posts or not heads:
        return out
    for the in THE_OPENS.finditer(text):
        first = ORDINAL_NEXT.match(text, the.end())  # "the first Peshmerga fighter was killed"
        head = _singular_head(text, first.end() if first else the.end(), heads, closed, reach=2)
        if head is None or head.text.lower() in BODY_WORDS:
            continue
        if any(_told_status(text, end, posts) for end in _subject_ends(text, head.end)):
            out.append(_one(the.start(1), the.end(1), the.group(1)))
    return out


def _told_status(text: str, end: int, posts: dict[int, StatusWord]) -> bool:
    """A subject ending at ``end`` is told a status: "was killed", "died" (not "civilian casualties", a noun)."""
    gap = PASSIVE.match(text, end)
    word = posts.get(gap.end()) if gap else None  # type: ignore[union-attr]
    said = text[word.start:word.end].lower() if word is not None else ""  # "The attacker detonated his vest" too
    return word is not None and (gap.end() - end > 1 or said in DIED_WORDS or said in self_detonation())


def _besides(text: str, heads: dict[int, ActorMention], closed: frozenset[str]) -> list[NumberMention]:
    """"Besides the bomber, two guards were killed": the one set beside the dead is one of them."""
    out = []
    for m in BESIDES.finditer(text):
        if _singular_head(text, m.end(), heads, closed):
            out.append(_one(m.start(1), m.end(1), m.group(1)))
    return out


APPOSITION = re.compile(r",[^,;.]{1,60},")  # ", identified as John Doe,"


def _subject_ends(text: str, end: int) -> list[int]:
    """Where a subject may end: after its noun, after an "of" phrase of a few words ("the son of a local
    landowner"), or after an apposition between commas ("The driver, identified as John Doe, was injured")."""
    of = OF_WORDS.match(text, end)
    aside = APPOSITION.match(text, end)
    return [end] + ([w.end() for w in WORD.finditer(text, of.end(), of.end() + 40)][:BARE_WORDS + 1] if of else []) \
        + ([aside.end()] if aside else [])


def singulars(s: SentenceFacts, numbers: list[NumberMention], singular: PhraseMatcher, heads: dict[int, ActorMention],
              statuses: list[StatusWord]) -> list[NumberMention]:
    """"a soldier", "another member", "shot dead the driver", "kill NISS officer", "The driver was killed":
    determiners and bare nouns that count one person.

    Only determiners with a person noun within a few words are kept; "the" only right after a
    status word that takes an object, before a noun that is not plural, or opening its clause as the subject
    of a status; a bare singular noun only as the object of a status verb.
    """
    closed = closed_words()
    return _determiners(s, numbers, singular, heads, statuses) + _objects(s.text, heads, statuses) \
        + _headline_nouns(s.text, heads, statuses, closed) + _bare_objects(s.text, heads, statuses, closed) \
        + _the_subjects(s.text, heads, statuses, closed) \
        + (_besides(s.text, heads, closed) if BESIDES_WORDS & s.words else [])


def _named_alone(text: str, actors: dict[int, ActorMention]) -> list[PersonMention]:
    """Aged names not right after a person noun: "his father Jumaa Ahmad, 44" is the father, counted already."""
    out = []
    for person in aged_names(text):
        noun = PERSON_BEFORE.search(text, max(0, person.start - 30), person.start)
        if noun is None or not any(a.kind == "head" and a.person and a.end == noun.end(1) for a in actors.values()):
            out.append(person)
    return out


def _aside_side(text: str, person: PersonMention, actors: dict[int, ActorMention]) -> list[ActorMention]:
    """The side of an aside right after a name ("Artem Murakhovskyi, a commander of the Azov Battalion, was
    killed"): the last one named in it ("head of the Regiment of the National Guard of Russia")."""
    aside = ASIDE_AFTER.match(text, person.end)
    sides = _sides_in(aside, actors)
    if not sides and aside is not None and text[aside.start():aside.end()].lstrip().startswith("("):
        # "Mohammed al-Abadi (Abu Osama al-Qurashi), a senior ISIL figure": an alias, then the aside
        sides = _sides_in(ASIDE_AFTER.match(text, aside.end()), actors)
    # A civilian calling first is the person's, whoever's the thing it belongs to ("the owner of Ukrainian
    # agricultural company Nibulon").
    return sides[:1] if sides and sides[0].kind == "head" and sides[0].party == "civilians" else sides[-1:]


def _sides_in(aside: re.Match[str] | None, actors: dict[int, ActorMention]) -> list[ActorMention]:
    """The sides named inside an aside (none without one)."""
    return [a for a in actors.values() if aside and aside.start() < a.start < aside.end() and a.party
            and a.kind in ("modifier", "head")]


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
    side or group ("The Free Syrian
    Army …", "Islamic State fighters …": a name that begins with one) nor a titled person counted already."""
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
    persons = find_persons(s) + _named_alone(s.text, actors)
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


AGED = re.compile(r"\b\d{1,3}-year-old\b")


def _aged(text: str, person: PersonMention) -> bool:
    """"96-year-old Boris Romanchenko", "Jumaa Ahmad, 44,": a person told by age and no side is a civilian."""
    return AGED.search(text, max(0, person.start - 16), person.end) is not None \
        or AGE_AFTER_NAME.match(text, person.end) is not None
