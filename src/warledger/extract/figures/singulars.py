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
from warledger.extract.figures.scan import AGE
from warledger.extract.figures.statuses import StatusWord
from warledger.extract.figures.syntax import CARRYING, DIED_WORDS, NEGATION_WORDS, PASSIVE, QUOTES, STOP_WORDS, WORD
from warledger.extract.mentions.actors import ActorMention
from warledger.extract.mentions.persons import find_persons
from warledger.extract.text.numbers import NumberMention, is_quantity, word_value
from warledger.extract.text.phrases import PhraseMatcher
from warledger.model import Count

# "injuring another.", "wounded another in Homs": no noun follows ("another one" is the number's)
CLAUSE_END = re.compile(rf"\s*(?:[.,;]|$)|\s+(?:{cue_alternation('object_end_words')})\s")
THE_OBJECT = re.compile(r"\s+(the)\s+", re.I)  # "shot dead the (local) driver"
AND_THE = re.compile(r"\band\s+(the)\s+", re.I)
SAME_CLAUSE = re.compile(r"[^.;]*$")
PLURAL_HEAD = re.compile(rf"(?:(?<!s)s|{cue_alternation('plural_person_nouns')})$", re.I)  # ("actress": one)
OF_BEFORE = re.compile(r"([\w-]+)\s+(?:of|from)\s+\Z")  # "a member of a militia", "soldiers from a unit"
NOT_A_THING = re.compile(r"[a-z]+(?:ed|ing)|nationals?|citizens?|residents?")  # after a national's noun
BODY_WORDS = cue_words("body_words")  # "the body of a soldier": the soldier is the casualty
BARE_WORDS = 3  # a bare noun's phrase: at most this many words up to the person noun ("former separatist leader")
# "Policeman and two shopkeepers wounded": a counted item ends a headline's list.
COUNTED_ITEM = re.compile(r"(?:\d+|[a-z]+)\s+(?:[a-z-]+\s+){0,2}?[a-z-]+(?=\s+(?:were\s+)?[a-z]+ed\b)")
SPEECH = "|".join(sorted(cue_words("teller_speech_verbs") - {"denied", "denies"}))
# "the" opening a clause, or joined to a figure before it: "Five military personnel and the assailant were killed",
# "after the previous ISIL commander was killed"; or told by a teller: "officials said (that) the driver was killed"
# (not "denied").
THE_OPENS = re.compile(rf"(?:^|[,;:]\s*|\b(?:and|before|once|until|that|{cue_alternation('subordinate_conjunctions')}|"
                       rf"{SPEECH})\s+)(the)\s+", re.I)
OF_WORDS = re.compile(rf"\s+(?:{cue_alternation('subject_phrase_prepositions')})\s+")
OF_PHRASE_WORDS = 8  # "the driver of the cooperative bank branch of Charsadda"
PHRASE_STOP = re.compile(r"[,;:.()]")  # "the governor of the province, one person was killed": the phrase ends
RELATIVE_WORDS = frozenset(("who", "whom", "whose", "which", "that"))  # "the son of a man who was killed": the man
HEADLINE_PLACE = re.compile(r"[:;] ")  # "Balad: farmer killed …"
ORDINAL_NEXT = re.compile(rf"(?:{cue_alternation('subject_order_words')})\s+", re.I)
BESIDES = re.compile(rf"\b(?:{cue_alternation('besides_words')})\s+(the|an?)\s+", re.I)
BESIDES_WORDS = cue_words("besides_words")
COMPOUND_NOUNS = cue_words("person_compound_nouns")


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
    end = head.end + (text[head.end:head.end + 1] in QUOTES)  # "a 'terrorist' base"
    after = WORD.match(text, end + 1) if text[end:end + 1] == " " else None
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
    found = list(singular.find(s))
    for m in found:
        # "injuring another.", "and another injured" (not "their dead": a possessive's noun is left unsaid).
        alone = CLAUSE_END.match(text, m.end) is not None or (
            PASSIVE.match(text, m.end).end() in status_starts  # type: ignore[union-attr]
            and text[m.start:m.end].lower().endswith("another"))
        # A head past another count is that count's: "a Filipino newspaper said 2 Filipinos (a man) were held".
        reach = min([c.start for c in (*numbers, *found) if c.start >= m.end] + [m.end + 40])
        near = alone or any(m.end < h < reach and not _compound(text, heads[h], heads) for h in heads) \
            or _named_body_before_head(text, m.end, heads)
        if near and not any(s <= m.start < e or s == m.end + 1 for s, e in taken) \
                and not _of_person(text, m.start, heads):
            out.append(_one(m.start, m.end, text[m.start:m.end]))
    return out


# A body's long name, its short form after it, before a person noun: "a Criminal Investigation and Intelligence
# Department (CIID) officer".
BODY_NAME = re.compile(r"\s+[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|and|of|for))*\s+\([A-Z][\w-]*\)\s+")


def _named_body_before_head(text: str, end: int, heads: dict[int, ActorMention]) -> bool:
    name = BODY_NAME.match(text, end)
    return name is not None and name.end() in heads


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
        other = _the_other_alone(text, the.end())
        if other:
            out.append(_one(the.start(1), other, text[the.start(1):other]))
        elif head is not None and not PLURAL_HEAD.search(head.text):
            out.append(_one(the.start(1), the.end(1), the.group(1)))
    return out


OTHER = re.compile(r"other\b", re.I)


def _the_other_alone(text: str, end: int) -> int:
    """Where "the other" with no noun after it ends, one person of a pair ("killing one and wounding the other"); 0
    where no such words stand at ``end``."""
    other = OTHER.match(text, end)
    return other.end() if other is not None and CLAUSE_END.match(text, other.end()) is not None else 0


def _headline_nouns(text: str, heads: dict[int, ActorMention], statuses: list[StatusWord],
                    closed: frozenset[str]) -> list[NumberMention]:
    """A headline's bare noun, opening the text or after its place: "Balad: farmer killed by unexploded ordnance",
    "Border police officer was killed near the gate", "Senior Taliban leader, X, was shot dead" (a few words first)."""
    posts = {w.start for w in statuses if w.direction == "post"}
    out = []
    for at in [0] + [m.end() for m in HEADLINE_PLACE.finditer(text)] if posts and heads else ():
        head = _singular_head(text, at, heads, closed, BARE_WORDS + 1, compound=True)
        if head is None:
            continue
        starts, end = _headline_list(text, at, head, heads, closed)
        if any(PASSIVE.match(text, e).end() in posts for e in _subject_ends(text, end)):  # type: ignore[union-attr]
            # the phrase from its first word ("Senior ISIS leader"); bare nouns joined count one each
            out.append(NumberMention(at, at, "", Count(len(starts), len(starts)), "exact"))
    return out


AND_ITEM = re.compile(r"\s+and\s+")


def _headline_list(text: str, at: int, head: ActorMention, heads: dict[int, ActorMention],
                   closed: frozenset[str]) -> tuple[list[int], int]:
    """Where each bare noun a headline's subject lists starts, and where the list ends: "Man and boy die as drone
    hits compound", "Policeman and two shopkeepers wounded" (a counted item ends the list: its own number counts it)."""
    starts, end = [at], head.end
    while (joined := AND_ITEM.match(text, end)) is not None:
        item = _singular_head(text, joined.end(), heads, closed, BARE_WORDS + 1, compound=True)
        if item is None:
            counted = COUNTED_ITEM.match(text, joined.end())
            return starts, counted.end() if counted else end
        starts.append(joined.end())
        end = item.end
    return starts, end


def _singular_head(text: str, start: int, heads: dict[int, ActorMention], closed: frozenset[str],
                   reach: int = BARE_WORDS, compound: bool = False) -> ActorMention | None:
    """The singular person noun that ends the few words from ``start`` ("NISS officer", "former separatist
    leader"; with ``compound``, "militant leader": the last of two nouns), if no closed-class word (an article, a
    number, a stop word) comes first."""
    pos = start
    for tok in itertools.islice((t for t in WORD.finditer(text, start) if t.start() >= pos), reach):
        if age := AGE.match(text, tok.start()):  # an age is passed over: "the 86-year-old priest", "12 year old boy"
            pos = age.end()
            continue
        head = heads.get(tok.start())
        # "Canadian businessman": a national's noun before another names what the national is
        while head is not None and (compound or head.text[:1].isupper()) \
                and (after := heads.get(head.end + 1)) is not None:
            head = after
        if head is not None:
            return None if PLURAL_HEAD.search(head.text) else head
        word = tok.group(0).lower()
        if not word[0].isalpha() or word in closed or word_value(word) is not None:
            return None
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
    if not posts:
        return out
    for the in THE_OPENS.finditer(text):
        owner = OWNER.match(text, the.end())  # "The victim's mother was wounded": the one after the owner
        first = ORDINAL_NEXT.match(text, owner.end() if owner else the.end())  # "the first Peshmerga fighter"
        start = first.end() if first else owner.end() if owner else the.end()
        head = _singular_head(text, start, heads, closed, reach=2, compound=True)
        other = OTHER.match(text, start)
        if head is None and other is not None and _told_status(text, other.end(), posts):
            out.append(_one(the.start(1), other.end(), text[the.start(1):other.end()]))  # "the other was hurt"
        if head is None or head.text.lower() in BODY_WORDS:
            continue
        ends = _subject_ends(text, head.end)
        if any(_told_status(text, end, posts) for end in ends + _companion_ends(text, ends, heads)):
            end = owner.end(1) if owner else the.end(1)
            out.append(_one(the.start(1), end, text[the.start(1):end]))
    return out


OWNER = re.compile(r"[a-z][\w-]*(['’]s?)\s+")  # "the man's", "the victims'": whose the person is


# "The driver of a bus and his helper", "The gunman and one soldier", "The assailant and two civilians"
COMPANION = re.compile(r"\s+and\s+(?P<det>his|her|their|an?|[\w-]+)\s+(?:[\w-]+\s+){0,2}?(?P<head>[\w-]+)")


def _companion_ends(text: str, ends: list[int], heads: dict[int, ActorMention]) -> list[int]:
    """Where a subject ends that a companion joins, one of his or a count of others: "The driver of a bus and his
    helper were killed", "The assailant and one soldier were killed" (each counted on his own)."""
    joined = (COMPANION.match(text, end) for end in ends)
    return [heads[m.start("head")].end for m in joined if m is not None and m.start("head") in heads
            and (m["det"].lower() in ("his", "her", "their", "a", "an") or m["det"].isdigit() or is_quantity(m["det"]))]


def _told_status(text: str, end: int, posts: dict[int, StatusWord]) -> bool:
    """A subject ending at ``end`` is told a status: "was killed", "died" (not "civilian casualties", a noun)."""
    gap = PASSIVE.match(text, end)
    word = posts.get(gap.end()) if gap else None  # type: ignore[union-attr]
    said = text[word.start:word.end].lower() if word is not None else ""  # "The attacker detonated his vest" too
    return word is not None and (gap.end() - end > 1 or said in DIED_WORDS or word.own)


def _besides(text: str, heads: dict[int, ActorMention], closed: frozenset[str]) -> list[NumberMention]:
    """"Besides the bomber, two guards were killed": the one set beside the dead is one of them."""
    out = []
    for m in BESIDES.finditer(text):
        if _singular_head(text, m.end(), heads, closed):
            out.append(_one(m.start(1), m.end(1), m.group(1)))
    return out


# ", identified as John Doe,"; after a bracketed place: "The clerk at a bank in Tabor (Upper Province), Ana Ruiz,"
APPOSITION = re.compile(r"(?:\s*\([^()]{1,60}\))?,[^,;.]{1,60},")
LOAD = re.compile(rf"\s+{CARRYING}\s[^,;.()]{{1,100}}?(?=\s+(?:was|were)\s)")  # "… carrying aid to the town was"


def _subject_ends(text: str, end: int) -> list[int]:
    """Where a subject may end: after its noun, after a phrase of a few words it opens with "of", "at" or "to" ("the
    son of a local landowner", "the envoy to the water board", "the clerk at a bank in Tabor") and the load of
    the vehicle it names ("The driver of a van carrying a polio team … was shot"), or after an apposition between
    commas ("The driver, identified as John Doe, was injured"; "The clerk at a bank, Ana Ruiz, was shot")."""
    of = OF_WORDS.match(text, end)
    stop = PHRASE_STOP.search(text, of.end(), of.end() + 60) if of else None
    of_ends = [w.end() for w in itertools.takewhile(lambda w: w.group(0).lower() not in RELATIVE_WORDS, WORD.finditer(
        text, of.end(), stop.start() if stop else of.end() + 60))][:OF_PHRASE_WORDS] if of else []
    loads = [m.end() for e in of_ends if (m := LOAD.match(text, e))]
    asides = [m for e in [end, *of_ends] if (m := APPOSITION.match(text, e))]
    return [end] + of_ends + loads[:1] + [m.end() for m in asides if not _titled(m.group(0))]


def _titled(aside: str) -> bool:
    """An aside that opens on a title names the person, who is counted by the name: "the commander of the brigade,
    General Omar Nasser, was killed" (one)."""
    return any(p.title_start <= 2 for p in find_persons(aside))


# Two people under one noun: "an elderly couple", "his parents" (not "a couple of", "a couple hundred": numbers; not
# "the parents of the pupils": of how many, unsaid; not "the couple", told already; not "his parents Souad and
# Muhammad": the names count).
# The count stands on the determiner, whose noun the phrase then reads.
PAIR = re.compile(r"\b(?:([Aa]n?|[Tt]he)\s+(?:[\w-]+\s+){0,2}?couple|([Hh]is|[Hh]er)\s+(?:[\w-]+\s+)?parents)\b"
                  r"(?!\s+(?:of|hundred|thousand|dozen)\b|,?\s+[A-Z])")
PAIR_WORDS = frozenset({"couple", "parents"})


def _pairs(text: str) -> list[NumberMention]:
    return [NumberMention(m.start(), m.end(m.lastindex or 1), m.group(m.lastindex or 1), Count(2, 2), "exact")
            for m in PAIR.finditer(text)]


# One article or possessive before singular nouns listed and joined by "and", then a plural verb: one person each ("A
# shopkeeper and student were wounded", "his son, cousin and driver were killed"; "a teacher and activist was killed"
# is one).
JOINED_PAIR = re.compile(r"\b([Aa]n?|[Hh]is|[Hh]er)\s+(?:[\w-]+\s+){0,2}?"
                         r"(?P<items>[a-z][\w-]*(?:,\s+[a-z][\w-]*){0,4},?\s+and\s+[a-z][\w-]*)"
                         r"(?:\s+(?:of|from)\s+[^,;.]{1,40}?)?\s+(?:were|are|have)\b")
LIST_GAP = re.compile(r",?\s+and\s+|,\s+")


def _joined_pairs(text: str, heads: dict[int, ActorMention]) -> list[NumberMention]:
    out = []
    for m in JOINED_PAIR.finditer(text):
        starts = [m.start("items")] + [gap.end() for gap in LIST_GAP.finditer(text, m.start("items"), m.end("items"))]
        if all((h := heads.get(at)) is not None and h.person and not h.text.endswith("s") for at in starts):
            out.append(NumberMention(m.start(), m.end(1), m.group(1), Count(len(starts), len(starts)), "exact"))
    return out


def singulars(s: SentenceFacts, numbers: list[NumberMention], singular: PhraseMatcher, heads: dict[int, ActorMention],
              statuses: list[StatusWord]) -> list[NumberMention]:
    """"a soldier", "another member", "shot dead the driver", "kill NISS officer", "The driver was killed":
    determiners and bare nouns that count one person.

    Only determiners with a person noun within a few words are kept; "the" only right after a
    status word that takes an object, before a noun that is not plural, or opening its clause as the subject
    of a status; a bare singular noun only as the object of a status verb.
    """
    closed = closed_words()
    pairs = _pairs(s.text) if PAIR_WORDS & s.words else []
    pairs += _joined_pairs(s.text, heads) if "and" in s.words else []
    heads = {at: h for at, h in heads.items() if h.text.lower() != "couple"}  # never one person
    return pairs + _determiners(s, numbers + pairs, singular, heads, statuses) + _objects(s.text, heads, statuses) \
        + _headline_nouns(s.text, heads, statuses, closed) + _bare_objects(s.text, heads, statuses, closed) \
        + _the_subjects(s.text, heads, statuses, closed) \
        + (_besides(s.text, heads, closed) if BESIDES_WORDS & s.words else [])
