"""Scanning a number's phrase: the modifiers and the head noun read after it, word by word.

A :class:`Scan` is what the words after a number say: its side and group (a modifier of the actor lexicon), its head
noun, and how many words it read that the lexicon does not know. The scan stops at a stop word, a status word or its
word limit; a long unit or post name is read through when a person noun ends it ("one rapid response battalion
soldier").

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("killed one rapid response battalion soldier in Kumba")
>>> scan = scan_phrase(s.text, 10, {a.start: a for a in s.actors})
>>> scan.head.text, s.text[10:scan.end]
('soldier', ' rapid response battalion soldier')
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from warledger.extract.cues import cue_words
from warledger.extract.figures import syntax
from warledger.extract.figures.held import HELD_NOUNS
from warledger.extract.figures.statuses import VERB_FORM
from warledger.extract.figures.syntax import QUOTES, STOP_WORDS, WORD
from warledger.extract.mentions.actors import ActorMention
from warledger.extract.mentions.event_types import is_state_party

PHRASE_WORDS = 9  # a figure's phrase is read at most this many words past its number
LATER = re.compile(r"\w+\s+(?:days?|weeks?|months?|hours?)\s+(?:later|after)\b", re.I)  # "rose to 89 two days later"
FILLERS = cue_words("phrase_fillers")  # passed over: "15 other soldiers", "2x SDF KIA"
# "and" between two names, the second right before a noun: "JTF and Kamuku militiamen", "TTP and other militants".
NAMES_JOINED = re.compile(r"and\s+([A-Z][\w-]*|other)(?=\s)")
# "and" inside a body's name, then its short form, before the person noun: "a Criminal Investigation and
# Intelligence Department (CIID) officer".
NAME_AND = re.compile(r"and\s+(?:[A-Z][\w-]*\s+){1,4}(?:\([A-Z][\w-]*\)\s+)?")
DASHES = frozenset({"-", "–"})
NAME_DASH = re.compile(r"[-–]\s+[A-Z]")  # a dash, then a name's next word
AGE = re.compile(r"(?:\d+|[a-z]+)[\s-]+(?:year|month|week|day)s?[\s-]+old\b", re.I)  # "68-year-old", "10 year old"
AND_NEXT = re.compile(r"\s+and\s+")


@dataclass
class Scan:
    """What the words after a number say: the side, the group, the head noun, and how many words were read."""

    end: int
    party: str | None = None
    group: str | None = None
    head: ActorMention | None = None
    modifiers: int = 0
    unknown_words: int = 0
    names_read: int = 0  # the unknown words that are capitalised
    sides_joined: bool = False  # "250 soldiers and civilians": two sides' people under one number


def _absorb(scan: Scan, actor: ActorMention) -> None:
    if actor.kind == "head":
        scan.head = actor
        if actor.party == "civilians" and scan.party and is_state_party(scan.party):
            scan.party, scan.group = "civilians", None  # "14 Syrian families": a state's people, not its army
        if scan.party in (None, "unknown") or (actor.group and scan.group is None and actor.party == scan.party):
            scan.party = actor.party or scan.party  # "two Canadian women": the later noun tells the side
            scan.group = scan.group or (actor.group if actor.party == scan.party else None)
    else:
        scan.modifiers += 1
        if not actor.person or syntax.names_its_people(actor):
            scan.head = actor  # "9 Russian aircraft": a side's machines, no one; "52 Yemeni soldiers": its people
        if scan.party is None:
            scan.party, scan.group = actor.party, actor.group
        elif scan.group is None and actor.party == scan.party:
            scan.group = actor.group
    scan.end = actor.end


def _status_adjective_head(text: str, end: int, actors: dict[int, ActorMention], scan: Scan) -> None:
    """A status word right after a number and before a person noun is an adjective of it ("42 dead militants", "three
    captured soldiers", "a captured Wagner mercenary"): the noun and the sides named before it give the side and
    the head, while the phrase still ends before the status word."""
    chain = syntax.sides_then_person(text, end, actors)
    if chain and scan.head is None:
        phrase_end = scan.end
        for actor in chain:
            _absorb(scan, actor)
        scan.end = phrase_end


def _read_actor(scan: Scan, actor: ActorMention, actors: dict[int, ActorMention]) -> None:
    if actor.kind == "modifier" and scan.unknown_words == scan.names_read:
        scan.unknown_words = 0  # "three Libyan government troops": names before a side describe it
    thing = actors.get(actor.end + 1) if actor.kind == "head" and not actor.text.endswith("s") else None
    # "15 civilian buildings", "two military vehicles": a person word that names a thing's kind (a plural is a
    # noun of its own: "three suspects hours later")
    _absorb(scan, thing if thing is not None and thing.kind == "head" and not thing.person else actor)


def _passed_over(text: str, tok: re.Match[str], word: str, actors: dict[int, ActorMention]) -> int | None:
    """Where the phrase goes on past words that are no modifier: an age ("a 68-year-old woman"), a filler or a quote
    ("'dozens' of ISIL fighters"), a name's short form ("seven Central Reserve Police Force (CRPF) personnel"),
    "and" between two names before one person noun ("five JTF and Kamuku militiamen")."""
    if (word[0].isdigit() or word.endswith("-old")) and (age := AGE.match(text, tok.start())):
        return age.end()
    if word in FILLERS or word in QUOTES or (word in ("those", "these") and text[:tok.start()].endswith(" of ")):
        return tok.end()  # ("nine of those civilians": the demonstrative after "of" is the noun's)
    if word == "and" and (joined := NAMES_JOINED.match(text, tok.start())) and joined.start(1) not in actors:
        head = actors.get(joined.end(1) + 1)
        if head is not None and head.kind == "head" and head.person:
            return tok.end()
    if word == "and" and _and_inside_a_name(text, tok.start(), actors):
        return tok.end()
    if word in DASHES and NAME_DASH.match(text, tok.start()):
        return tok.end()  # "National Liberation Front of Tripura - Biswamohan": a dash inside a name
    short = syntax.ACRONYM.match(text, tok.start()) if word == "(" else None
    return short.end() if short else None


def _and_inside_a_name(text: str, at: int, actors: dict[int, ActorMention]) -> bool:
    """Whether "and" at ``at`` joins two capitalised words of one name that a person noun ends."""
    before = text[:at].split()
    inner = NAME_AND.match(text, at) if before and before[-1][:1].isupper() else None
    head = actors.get(inner.end()) if inner else None
    return head is not None and head.kind == "head" and head.person


ARTICLES = cue_words("object_articles")
# Further unknown words read when a person noun ends them: "one rapid response battalion soldier".
LONG_NAME_WORDS = 2
NAME_WORDS = 3  # and further capitalised ones: "two United Liberation Front of Asom - Independent (ULFA-I) cadres"


def scan_phrase(text: str, start: int, actors: dict[int, ActorMention], max_unknown: int = 2,
                stops: frozenset[int] = frozenset()) -> Scan:
    """Read modifiers and a head noun after a number, up to a stop word or a status word (``stops``); a longer run
    of unknown words is read when a person noun ends it (a unit's or a post's long name)."""
    scan = _scan(text, start, actors, max_unknown, stops)
    if scan.unknown_words > max_unknown >= 2:
        longer = _scan(text, start, actors, max_unknown + LONG_NAME_WORDS + NAME_WORDS, stops)
        if longer.head is not None and longer.head.person and _one_name(text, start, longer.head, stops) \
                and (longer.unknown_words <= max_unknown + LONG_NAME_WORDS
                     or longer.names_read == longer.unknown_words):
            scan = longer
    if scan.head is not None and scan.end == scan.head.end and _quoted(text, scan.head):
        scan.end += 1  # "an 'infiltrator', wanted by …, was killed": the closing quote is the noun's
    return scan


def _quoted_singular(text: str, at: int, actors: dict[int, ActorMention]) -> ActorMention | None:
    """A singular noun in quotes of its own is the one person's ("a LeT 'commander'"); a plural in quotes is mostly a
    side's word for its enemies ("109 'terrorists' neutralised"), whose side the text leaves open."""
    actor = actors.get(at + 1)
    return actor if actor is not None and actor.kind == "head" and not actor.text.endswith("s") else None


def _quoted(text: str, head: ActorMention) -> bool:
    """A noun in quotes of its own: "a LeT 'commander'"."""
    return text[head.start - 1:head.start] in QUOTES and text[head.end:head.end + 1] in QUOTES


def _one_name(text: str, start: int, head: ActorMention, stops: frozenset[int]) -> bool:
    """Whether the words up to a person noun are one name's, the noun ending it: no verb or article among them ("a
    band of his rivals stabbed the activist") and no noun after it ("the party's youth wing office")."""
    if any((VERB_FORM.search(w) and w.islower() and w not in FILLERS) or w.lower() in ARTICLES
           for w in text[start:head.start].split()):  # ("three suspected Hizb ul Ahrar commanders": an adjective)
        return False
    after = WORD.search(text, head.end)
    return after is None or after.start() in stops or not after.group(0)[0].islower() \
        or after.group(0) in STOP_WORDS or bool(text[head.end:after.start()].strip())


def _scan(text: str, start: int, actors: dict[int, ActorMention], max_unknown: int, stops: frozenset[int]) -> Scan:
    """Read the phrase, giving up after ``max_unknown`` words that are neither a side nor a noun of the lexicon."""
    scan = Scan(end=start)
    pos = start
    # the words a name or a bracket passed over spend none of the limit ("One National Liberation Front of Tripura
    # (NLFT) militant")
    for tok in itertools.islice((t for t in WORD.finditer(text, start) if t.start() >= pos), PHRASE_WORDS):
        at = tok.start()
        if at in stops:
            _at_status(text, start, tok, actors, scan)
            break  # "six civilians were killed and 10 injured": the status ends the phrase
        actor = _quoted_singular(text, at, actors) if text[at] in QUOTES else actors.get(at)
        if actor is not None and not syntax.nationality_of_side(text, actor, actors):
            _read_actor(scan, actor, actors)
            pos = actor.end
            if syntax.ends_phrase(actor, actors):
                break
            continue
        word = tok.group(0).lower()
        if (skip := _passed_over(text, tok, word, actors)) is not None:
            pos = skip
            continue
        if word in STOP_WORDS or not word[0].isalnum() or word[0].isdigit() or LATER.match(text, at) \
                or (word.endswith("ly") and tok.end() + 1 in stops) or _joined_to_status(text, tok, stops):
            break  # "and one seriously injured": the adverb is the status's
        scan.unknown_words += 1
        scan.names_read += tok.group(0)[0].isupper()  # "Libyan", "Christian" (not "a single unit of the")
        if scan.unknown_words > max_unknown:
            break
    return scan


def _joined_to_status(text: str, tok: re.Match[str], stops: frozenset[int]) -> bool:
    """A participle joined to the status word by "and" is the verb, not a noun of the phrase: "Six Taliban encircled and
    shot dead near Lashkar Gah" (a headline's passive with no auxiliary)."""
    joined = AND_NEXT.match(text, tok.end()) if tok.group(0).endswith("ed") else None
    return joined is not None and joined.end() in stops


def _at_status(text: str, start: int, tok: re.Match[str], actors: dict[int, ActorMention], scan: Scan) -> None:
    """A status word ends the phrase, but may describe its noun ("42 dead militants": the noun after it) or be
    its noun ("so many prisoners": a held noun; "53 Ukrainian prisoners of war … were killed": a person noun); in a
    part of a group, it describes the group, whose noun the phrase goes on to."""
    between = text[start:tok.start()].lower().split()
    if not between:
        _status_adjective_head(text, tok.start() - 1 if tok.group(0).lower() in HELD_NOUNS else tok.end(), actors, scan)
    elif (noun := actors.get(tok.start())) is not None and noun.kind == "head" and noun.person:
        _read_actor(scan, noun, actors)
    elif "of" in between and FILLERS.issuperset(between) and scan.head is None:
        for actor in syntax.sides_then_person(text, tok.end(), actors):  # "two of the wounded soldiers died"
            _absorb(scan, actor)
