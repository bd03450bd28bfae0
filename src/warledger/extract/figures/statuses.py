"""Status words: which words tell a figure's status, the direction each governs in, and toll revisions.

A status word of ``data/casualty_terms.yaml`` governs the phrase after it when it takes an object ("killing 11", "the
death of 12", "killed a soldier"), else the figure before it ("were killed", "dead"). A status word after a
hypothetical word tells of no deaths ("threatening to kill thousands"). Some statuses are told apart from the words
that carry them: "took 12 soldiers prisoner", "recovered 61 bodies", "the death toll of the attack … rose to 19".
A toll may revise an earlier one ("the toll rose to 35") or be the earlier one. A number with no noun is a
figure only right beside its status ("wounding another one", "and 96 were captured").

>>> s = SentenceFacts.of("IS killed 7 soldiers and threatened to kill 40 more; 3 civilians were wounded.")
>>> [(w.status, w.direction) for w in status_words(s, {10, 44, 58})]
[('killed', 'pre'), ('wounded', 'post')]
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation, cue_list, cue_words
from warledger.extract.figures import syntax
from warledger.extract.figures.coding_notes import coded_share
from warledger.extract.figures.deaths import one_death, to_death
from warledger.extract.figures.held import not_held_now, took
from warledger.extract.figures.inversions import inverted_passive
from warledger.extract.figures.moves import EVACUATED_PEOPLE, flight, moved_out, to_hospital, victims_fleeing
from warledger.extract.figures.syntax import ANOTHER_GAP, LOST_THINGS, STOP_WORDS, WORD, origin, things_after_status
from warledger.extract.text.numbers import is_quantity
from warledger.extract.text.phrases import Hit, PhraseMatcher
from warledger.model import Status

SPACE = re.compile(r"[\s\"“‘]*")
OBJECT_GAP = re.compile(r"[\s\"“‘]*(?:the\s+|a\s+|an\s+|some\s+|another\s+)?")
ARTICLE = re.compile(rf"\s+(?:{cue_alternation('object_articles')})\s+", re.I)
# "a" before a person, not before a span of time or way: "killed a soldier", not "killed a day after the attack".
ONE_PERSON = re.compile(rf"\b(?:{cue_alternation('one_person_determiners')})\s"
                        rf"(?!(?:{cue_alternation('rate_units')}|year)\b)", re.I)
HYPOTHETICAL_WORDS = cue_words("hypothetical_words")
# A hypothetical word, "to" after it unless it stands alone ("fear" also takes "that"), then up to two words; a
# capital "May" is the month ("On 11 May 165 were eliminated").
_WITHOUT_TO = cue_list("hypothetical_words_without_to")
_WITH_TO = "|".join(re.escape(w) for w in cue_list("hypothetical_words") if w not in _WITHOUT_TO)
HYPOTHETICAL = re.compile(rf"\b(?-i:(?!May\b))(?:{cue_alternation('hypothetical_words_without_to')}|"
                          rf"(?:{_WITH_TO})\s+(?:(?:was|were|had\s+been|has\s+been)\s+made\s+)?to|fear(?:ed|ing)?\s+that)"
                          r"(?:\s+\w+){0,2}\s*$", re.I)  # "an attempt was made to kill"
# "40 may have died": a death told with doubt ("could have killed" is none); "one would later die": a later death.
HEDGED = re.compile(r"\b(?:(?:may|might)\s+have\s+(?:been\s+)?|would\s+(?:later|subsequently|eventually)\s+)$", re.I)
BODIES_VERB = re.compile(rf"\b(?:{cue_alternation('bodies_verbs')})\b(?=\s+(?:[\w,-]+\s+){{0,3}}?(?:bodies|corpses)\b)",
                         re.I)
BODIES_PASSIVE = re.compile(r"\b(?:bod(?:ies|y)|corpses?)\s+(?:ha[ds]|have)?\s*(?:been\s+|(?:were|are|was|is)\s+)?"
                            rf"({cue_alternation('bodies_passive_verbs')})\b", re.I)  # "55 bodies were", "a body was"
# "claimed 7 civilians' lives", "claimed the lives of 12": a killing verb split around its object.
FATE_UNKNOWN = re.compile(r"\bfate\s+of\b(?=[^.;]{1,60}?\b(?:remain(?:s|ed)?|is|was|are|were)\s+unknown\b)", re.I)
SHOT_DEAD = re.compile(r"\bsho(?:t|ot|ots|oting)\b(?=\s+(?:[\w'-]+\s+){1,4}?(dead)\b)", re.I)  # "shoot the driver dead"
# "the death toll", "the number of regime soldiers killed", or "the number"/"the figure" alone right before its
# revision ("Between 11 and 14 were thought dead, though the number was eventually raised to sixteen"; not "the
# number of strikes had risen to 53", which counts no one).
TOLL = re.compile(rf"\b(?:death\s+)?toll\b|\blosses\b|\bnumber\s+of\s+(?:[\w'-]+\s+){{0,4}}?"
                  rf"(?:{cue_alternation('toll_count_nouns')}|(?P<wounded>{cue_alternation('toll_wounded_nouns')})|"
                  rf"(?P<displaced>{cue_alternation('toll_displaced_nouns')}))\b|"
                  rf"\bthe\s+(?:number|figure)\b(?!\s+of\b)(?=\s+(?:\w+\s+){{0,2}}?"
                  rf"(?:{cue_alternation('toll_rise_verbs')})\s+(?:\w+\s+)?(?:to|at)\b)", re.I)
TOLL_RISE = re.compile(rf"\b(?:{cue_alternation('toll_rise_verbs')})\s+(?:(?:down|up)\s+)?(?:from\s+[\d,]+\s+)?"
                       r"(?:to|at)\b"
                       r"|\breached\b|(?:(?<=killed )|(?<=dead )|(?<=deaths ))at\b"  # "… soldiers killed at 25"
                       r"|(?<=\s)(?=(?:exceed|surpass)\w*\s+\d)"  # "the toll exceeded 1,000": the number's own word
                       # "at 168", "a toll of about 20", "the actual death toll was close to 60"
                       rf"|\b(?:at|of|was|is)(?=\s+(?:\d[\d,]*|{cue_alternation('toll_number_openers')})\b)", re.I)
# The rise verb before the toll: "raised the death toll to 89", "updated the confirmed number of dead to 139".
RAISED_BEFORE = re.compile(rf"\b(?:{cue_alternation('toll_rise_verbs')})\s+(?:the|its|their)\s+(?:[\w-]+\s+)?$", re.I)
TO_AFTER_TOLL = re.compile(r"(?:\s+[\w-]+){0,3}?\s+(to)\b(?=\s+(?:about\s+|at\s+least\s+)?\d)", re.I)


# A status word governs the phrase after it ("killing 11": pre) or the one before it ("were killed": post).
Direction = Literal["pre", "post"]


class StatusWord(NamedTuple):
    start: int
    end: int
    status: Status
    direction: Direction
    own: bool = False  # the attacker's own death in his attack: "blew himself up", "a suicide bomber detonated"


@functools.cache
def terms() -> dict:
    """``data/casualty_terms.yaml``, read once."""
    return load_yaml("casualty_terms.yaml")


ONE_DETERMINERS = cue_words("one_person_determiners") | {"the"}
# A suicide attacker, a few words on him, then his detonation: "a Taliban suicide bomber wearing a police uniform
# detonated …", "Two suicide car bombers then set off …" (not "attempted to detonate", "was arrested").
SUICIDE_DEED = re.compile(rf"\b(?P<head>{cue_alternation('suicide_attacker_heads')})\b"
                          rf"(?:\s+(?!was\b|were\b)[\w'-]+){{0,5}}?"
                          rf"\s+(?P<verb>{cue_alternation('suicide_deed_verbs')})\b", re.I)


def _suicide_deeds(s: SentenceFacts, words: list[StatusWord]) -> list[StatusWord]:
    """The detonation of suicide attackers who are counted ("A suicide bomber detonated …", "Two suicide bombers
    set off …"): their own death, unless told already ("detonated his vest"); not of a bare plural ("… were injured
    when suicide bombers detonated …": no count of them, so the count before is not theirs)."""
    if "suicide" not in s.words:
        return []
    own = {w.start for w in words if w.own}
    return [StatusWord(m.start("verb"), m.end("verb"), "killed", "post", True)
            for m in SUICIDE_DEED.finditer(s.text)
            if m.start("verb") not in own and _counted(s.text[:m.start()], m["head"].lower().endswith("s"))]


def _counted(before: str, plural: bool) -> bool:
    """Whether the words right before a head count it: a number ("two unidentified suicide bombers"), or for one
    person an article ("a", "the", "another"); a few modifiers may stand between, no clause word ("57 sustained
    injuries when suicide bombers …" counts no bomber)."""
    for word in reversed(re.split(r"[,;:.()]", before)[-1].split()[-4:]):
        if word.isdigit() or is_quantity(word) or (not plural and word.lower() in ONE_DETERMINERS):
            return True
        if word.lower() in STOP_WORDS:
            return False
    return False


@functools.cache
def status_matcher() -> PhraseMatcher:
    """The status words and toll phrases, each with its status."""
    pairs = [(w, s) for s, words in terms()["statuses"].items() for w in words]
    pairs += [(w, "killed") for w in [*(terms().get("toll_phrases") or []), *self_detonation()]]
    return PhraseMatcher(pairs, shared=True)


@functools.cache
def attacker_heads() -> frozenset[str]:
    """Head nouns that name the attacking side ("43 attackers were killed")."""
    return frozenset(terms().get("attacker_heads") or [])


@functools.cache
def self_detonation() -> frozenset[str]:
    """A suicide attacker's own death ("blew himself up"): killed, the figure before it the attacker."""
    return frozenset(terms().get("self_detonation") or [])


@functools.cache
def _post_only() -> frozenset[str]:
    return frozenset(w.lower() for w in [*terms()["post_only"], *self_detonation()])


@functools.cache
def one_way_words(key: str) -> frozenset[str]:
    """Status words that govern in one direction only (``passive_only``, ``active_only`` in casualty_terms)."""
    return frozenset(w.lower() for w in terms()[key])


ARTICLE_BEFORE = re.compile(r"\bthe\s+$", re.I)
ONE_PERSON_BEFORE = re.compile(r"(?<![\w'’-])(?:an?|another|a\s+(?:single|lone|further))\s+\Z", re.I)
# A lower-case noun, no time word, after a verb's article: the verb acts on a thing ("executed the operation").
THING_OBJECT = re.compile(rf"(?!(?:{cue_alternation('object_time_words')})\b)[a-z][a-z-]+\b(?!\s+(?:of|who)\b)"
                          rf"|(?i:{cue_alternation('place_object_nouns')})\s+of\b")  # "captured the town of …"
VERB_FORM = re.compile(r"^[a-z]+(?:ing|ed)$")  # "fighting", "included": a verb, no adjective of an object
# "killed him", "wounded another.", "wounded another one": the verb's object
OBJECT_PRONOUN = re.compile(r"(?:him|her|them)(?:sel(?:f|ves))?\b|another(?:\s+one)?(?:\s*(?:[.,;]|$)|"
                            rf"\s+(?:{cue_alternation('object_end_words')})\s)", re.I)


SECOND_VERB = re.compile(r"\s+(?:and|or)\s+[a-z]+ed\s+(?:(?:an?|the)\s+)?")


def direction(text: str, start: int, end: int, object_starts: set[int], place_starts: Iterable[int] = ()) -> str:
    """"pre" when a word takes the phrase after it as its object ("killing 11", "killed a soldier"), or a place
    right after it (``place_starts``): "more than 500 PMF fighters captured al-Ba'aj" captured no fighters."""
    word = text[start:end].lower()
    if word in _post_only() or word.endswith("missing") or word.split(" ", 1)[0] in syntax.DIED_WORDS:
        return "post"  # "died of his injuries 10 days later" takes no object
    if word.endswith((" of", " at", " to", "ing")) or word.startswith(("the death", "death of")):
        return "pre"
    after = {SPACE.match(text, end).end(), OBJECT_GAP.match(text, end).end()}  # type: ignore[union-attr]
    if more := ANOTHER_GAP.match(text, end):
        after.add(more.end())  # "injured at least an additional 151"
    if (chained := SECOND_VERB.match(text, end)) is not None:
        after.add(chained.end())  # "an attacker stabbed and killed two women": both verbs take the object
    if after & object_starts or not after.isdisjoint(place_starts) \
            or any(ONE_PERSON.match(text, pos) or OBJECT_PRONOUN.match(text, pos) for pos in after):
        return "pre"  # "killed a soldier", "killed him": the verb has its object, so the phrase before is its agent
    # "shot dead the local mukhtar", "gunmen kill NISS officer": a noun after an article or none, and an
    # adjective or two (with no article, not after "the": "the captured included …" is a noun; and no verb
    # between: "killed fighting ISIL").
    article = ARTICLE.match(text, end)
    if article is None and ARTICLE_BEFORE.search(text, max(0, start - 5), start):
        return "post"
    if _noun_soon(text, article.end() if article else end, object_starts, article is not None):
        return "pre"
    if article is not None and THING_OBJECT.match(text, article.end()):
        return "pre"  # "three militants executed the operation": a thing as its object, so they are its agents
    return "post"


def _noun_soon(text: str, pos: int, object_starts: set[int], after_article: bool) -> bool:
    """A person noun within the next three words, before a closed-class word or (with no article) a verb; an age is
    passed over ("beheaded the 19-year-old daughter of a general")."""
    words = (tok for tok in WORD.finditer(text, pos) if not tok.group(0).endswith("-old"))
    for tok in itertools.islice(words, 3):
        word = tok.group(0)
        if tok.start() in object_starts:
            return True
        if word.lower() in STOP_WORDS or not word[0].isalpha() or (not after_article and VERB_FORM.search(word)):
            return False
    return False


def has_casualty_words(s: SentenceFacts) -> bool:
    """Whether a sentence has a word that can give a figure its status ("killed", "took … prisoner", "toll"):
    without one it holds no casualty figure."""
    return bool(status_matcher().find(s)) or bool(took(s)) or names_a_toll(s) or bodies_found(s) \
        or bool(to_death(s)) or bool(flight(s)) or bool(moved_out(s)) or bool(to_hospital(s)) \
        or ("fate" in s.words and FATE_UNKNOWN.search(s.text) is not None) \
        or bool(one_death(s)) \
        or ("suicide" in s.words and SUICIDE_DEED.search(s.text) is not None) \
        or ("atalit" in s.text and coded_share(s.text) is not None)  # "Unclear fatalites coded as 10 …"


def bodies_found(s: SentenceFacts) -> bool:
    """"recovered 61 bodies", "55 bodies had been received", "200 corpses were found", "a body was recovered":
    bodies that count the dead."""
    if s.words.isdisjoint(("bodies", "corpses", "body", "corpse")):
        return False
    return bool(BODIES_VERB.search(s.text) or BODIES_PASSIVE.search(s.text))


def names_a_toll(s: SentenceFacts) -> bool:
    """"the death toll", "losses", "the number was raised to sixteen": a toll, whose figure a rise verb gives."""
    return not s.words.isdisjoint(("toll", "losses")) \
        or (not s.words.isdisjoint(("number", "figure")) and TOLL.search(s.text) is not None)


def hypothetical(s: SentenceFacts, hit: Hit) -> bool:
    """A status word after a hypothetical word tells of no deaths: "threatening to kill thousands", "could have
    killed" (but "may have died" tells of deaths, with doubt)."""
    text = s.text
    m = HYPOTHETICAL.search(text, max(0, hit.start - 40), hit.start)
    if m is None or HEDGED.search(text, max(0, hit.start - 25), hit.start):
        return False
    if s.trace is not None:
        word = m.group(0).split()[0]
        note(s, "figures.hypothetical", "dropped", f"{text[hit.start:hit.end]} (after {word!r})",
             origin("hypothetical_words", word))
    return True


def _count_ends(s: SentenceFacts, hits: Sequence[Hit]) -> set[int]:
    """Where status words start right after a count, as adjectives of it ("12 injured civilians", "42 dead
    militants", after an article counting one: "a wounded soldier"), not verbs; but "shot dead two captured
    soldiers": the verb before the count tells their status."""
    verb_ends = {h.end + 1 for h in hits}
    ends = {n.end + 1 for n in getattr(s, "numbers", ()) if n.start not in verb_ends}
    return ends | {h.start for h in hits if (one := ONE_PERSON_BEFORE.search(s.text, max(0, h.start - 12), h.start))
                   and one.start() not in verb_ends}


LEGAL_CASE = re.compile(r"\s+(?:case|cases|charge|charges|trial)\b")


def _matched_words(s: SentenceFacts, object_starts: set[int], hits: Sequence[Hit] | None) -> list[StatusWord]:
    """The status words of the lexicon in the sentence, but those told of no one: hypothetical, held people set
    free or told another fate, an adjective of things, or a passive-only word with an object."""
    out = []
    maybe = not s.words.isdisjoint(HYPOTHETICAL_WORDS)
    hits = status_matcher().find(s) if hits is None else hits
    count_ends = _count_ends(s, hits)
    starts = {h.start for h in hits}
    places = {p.start for p in getattr(s, "places", ())}
    unreal_end = -1  # where the last status word told of no deaths ends
    for hit in hits:
        if maybe and _unreal(s, hit, unreal_end):
            unreal_end = hit.end
            continue  # nobody died
        if not_held_now(s.text, hit, starts) or syntax.acronym_named(s.text, hit.start, hit.end):
            continue  # set free, or the held are told another fate; "detained by the KIA" names an army
        if LEGAL_CASE.match(s.text, hit.end):
            continue  # "wanted in a kidnapping case": the name of a charge, no one's status
        status = hit.value if isinstance(hit.value, str) else hit.value[0]
        if hit.start in count_ends and things_after_status(s.text, hit.start - 1, s.actors):
            continue  # "four destroyed Russian tanks": an adjective of things
        way = "post" if hit.start in count_ends else direction(s.text, hit.start, hit.end, object_starts, places)
        word = s.text[hit.start:hit.end].lower()
        if way == "pre" and word in one_way_words("passive_only") and EVACUATED_PEOPLE.match(s.text, hit.end) is None:
            continue  # "US troops evacuated the two soldiers": what a side did, no one's status
        if way == "post" and (word in one_way_words("active_only") or LOST_THINGS.match(s.text, hit.start)):
            continue  # "three soldiers killed the same day were buried": counted already; "lost their homes"
        out.append(StatusWord(hit.start, hit.end, status, way, word in self_detonation()))
    return out


# After a hypothetical status word, the next of its list: "in danger from being killed by ISIL, dying from thirst".
UNREAL_LIST_GAP = re.compile(r"(?:\s+(?:by|from|of|in)\s+[^,;.\d]{1,30}?)?\s*(?:,|\bor\b)\s*(?:even\s+)?")


def _unreal(s: SentenceFacts, hit: Hit, unreal_end: int) -> bool:
    """Whether a status word tells of no deaths: after a hypothetical word, or next in the list of one that does
    (``unreal_end``: where that one ends, -1 for none)."""
    return hypothetical(s, hit) or (unreal_end >= 0 and UNREAL_LIST_GAP.fullmatch(s.text, unreal_end, hit.start)
                                    is not None)


def _shot_dead(text: str, words: list[StatusWord]) -> list[StatusWord]:
    """"shoot the driver dead": the verb split around its object, whose "dead" is no status of the people before it
    ("Two officers confront the suspect and shoot him dead")."""
    split = list(SHOT_DEAD.finditer(text))
    ends = {m.start(1) for m in split}
    return [w for w in words if w.start not in ends] + [StatusWord(m.start(), m.end(), "killed", "pre") for m in split]


def status_words(s: SentenceFacts, object_starts: set[int], hits: Sequence[Hit] | None = None) -> list[StatusWord]:
    """Status words with the direction in which each one governs (``hits``: the matcher's, if known).

    A status word followed by a number, a person noun or "a/an/another" + noun takes that phrase as
    its object (``object_starts``: where numbers and person nouns begin).
    """
    text = s.text
    out = _matched_words(s, object_starts, hits)
    if (inverted := inverted_passive(text)) is not None:  # "Also killed were two children": they come after it
        out = [w._replace(end=inverted[1], direction="pre") if w.start == inverted[0] else w for w in out]
    out += _took_words(s)
    # "shoot the driver dead", "stabbed 4 people to death": the verb split around its object.
    if "dead" in s.words:
        out = _shot_dead(text, out)
    out += [StatusWord(m.start(), m.end(), "killed", "pre") for m in to_death(s)]
    out += _suicide_deeds(s, out)  # "A suicide bomber detonated a device": his own death, told in the same verb
    out += [StatusWord(m.start(1), m.end(1), "wounded" if m[1].lower() == "injury" else "killed", "post")
            for m in one_death(s)]  # "resulting in one death", "one civilian death and two injuries"
    if "fate" in s.words:  # "The fate of 200 others remained unknown"
        out += [StatusWord(m.start(), m.end(), "missing", "pre") for m in FATE_UNKNOWN.finditer(text)]
    # Bodies recovered or exhumed are dead: "recovered 61 bodies", "exhumed 47 bodies from a mass grave".
    if "bod" in text or "corpse" in text:
        out += [StatusWord(m.start(), m.end(), "killed", "pre") for m in BODIES_VERB.finditer(text)]
        out += [StatusWord(m.start(1), m.end(1), "killed", "post") for m in BODIES_PASSIVE.finditer(text)]
    out += [StatusWord(m.start(1), m.end(1), "displaced", "post") for m in flight(s)
            if not victims_fleeing(text, m, [w.start for w in out])]
    out += [StatusWord(m.start(), m.end(), "displaced", "pre") for m in moved_out(s)]
    out += [StatusWord(m.start(), m.end(), "wounded", "post") for m in to_hospital(s)]
    # A toll named first and its figure later: "the death toll of the attack … rose to 19".
    if names_a_toll(s):
        out += _toll_figure_words(text)
    return sorted(out, key=lambda s: s.start)


def _took_words(s: SentenceFacts) -> list[StatusWord]:
    """A verb split around its object: "took 12 soldiers prisoner", "took three workers hostage", "took 40 men into
    custody" (fighters detained are captured: combatants_detained)."""
    out = []
    for m in took(s):
        word = m.group(1).lower()
        status = "kidnapped" if word.startswith("hostage") else "arrested" if word.endswith("custody") else "captured"
        # "40 residents were taken hostage": the passive governs the figure before it.
        passive = m.group(0).lower() == "taken" and not s.text[m.end():m.start(1)].strip()
        out.append(StatusWord(m.start(), m.end(1) if passive else m.end(), status, "post" if passive else "pre"))
    return out


def _toll_figure_words(text: str) -> list[StatusWord]:
    """The words that give a toll its figure: "the toll rose to 19", "raised the death toll to 89", "the number
    of people injured had increased to 13" (wounded)."""
    toll = TOLL.search(text)
    if toll is None:
        return []
    # "the number of people injured rose to 13", "the number of refugees had reached 60,000"
    status: Status = "wounded" if toll.group("wounded") else "displaced" if toll.group("displaced") else "killed"
    rises = [StatusWord(m.start(), m.end(), status, "pre") for m in TOLL_RISE.finditer(text, toll.end())
             if not _unreal_rise(text, m)]
    raised = RAISED_BEFORE.search(text, max(0, toll.start() - 40), toll.start())
    to = TO_AFTER_TOLL.match(text, toll.end()) if raised and not rises else None
    return [StatusWord(raised.start(), to.end(1), status, "pre")] if raised and to else rises


# "the death toll would rise to six" (and did); not "could rise to 100", "is expected to reach 50".
BASE_RISES = frozenset(("rise", "climb", "reach"))
WOULD_BEFORE = re.compile(r"\bwould\s+(?:[a-z]+ly\s+)?\Z")


def _unreal_rise(text: str, rise: re.Match[str]) -> bool:
    """Whether a toll's verb in its base form tells of a rise that may not come."""
    verb = rise.group(0).split()[:1]  # (empty where the pattern marks the place before "exceeded")
    return bool(verb) and verb[0].lower() in BASE_RISES and \
        WOULD_BEFORE.search(text, max(0, rise.start() - 25), rise.start()) is None
