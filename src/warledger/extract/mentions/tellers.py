"""Tellers the sources lexicon does not know: a named person or an office that says or reports a figure.

``data/sources.yaml`` names the monitors, governments and media that tell most tolls. Prose also quotes people and
offices by name ("Ihor Terekhov, the mayor of Kharkiv, said", "according to Colonel Jo-Ar Herrera", "provincial
officials said"); such a teller is kept as written, with the kind its words say ("other" if none), so that a
figure keeps the word of who told it. A teller stands right before its speech verb (an apposition between commas
may follow the name) or right after "according to".

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("Ihor Terekhov, the mayor of Kharkiv, said 14 civilians were killed.")
>>> [(t.source, s.text[t.start:t.end]) for t in named_tellers(s, [])]
[('Ihor Terekhov', 'Ihor Terekhov')]
>>> [t.source for t in named_tellers(facts_for("According to provincial officials, 9 people died."), [])]
['provincial officials']
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.mentions.sources import CLAIMS_AN_ATTACK, Attribution, listed_source, source_kind
from warledger.extract.text.numbers import word_value

# A name as written: up to five capitalised words (initials and titles such as "Gen." among them), or an office:
# "provincial officials", "the regional administration", "hospital sources" (data/cues/office_nouns.yaml).
# A word of a name: capitalised, or a particle joined to it ("al-Saadi", "bin Laden", "Abu Bakr").
NAME_WORD = rf"(?:[A-Z][\w.'’-]*|(?:{cue_alternation('name_particles')})-[A-Z][\w'’-]*)"
# A social-media account is a name too: "a post from @CityNewsNet writes that …".
NAME = rf"(?:(?:{NAME_WORD}\s+){{0,4}}(?:[A-Z][\w'’-]+|(?:{cue_alternation('name_particles')})-[A-Z][\w'’-]*)" \
       r"|@\w{2,30})"
OFFICE_WORDS = cue_alternation("office_nouns")
# (opening a sentence too: "Hospitals in Sirte reported")
OFFICE = rf"(?:[\w-]+\s+){{0,2}}(?:{OFFICE_WORDS}|{'|'.join(w[0].upper() + w[1:] for w in OFFICE_WORDS.split('|'))})"
# A named outlet's page ("the Rafah Today Facebook page") and an acronym after a name ("the Palestine Press Agency
# (PPA)") are part of the teller's name.
CHANNEL = rf"(?:\s+(?:news\s+)?(?:{cue_alternation('teller_channel_nouns')})\b)"
TELLER_NAME = rf"{NAME}{CHANNEL}?(?:\s+\([A-Z][\w.-]{{1,15}}\))?"
ADVERBS = cue_alternation("teller_adverbs")
# A plural teller's present tense only before "that" ("Other sources report that …"; not "Another report put …").
PRESENT_SPEECH = ("report", "claim", "estimate", "allege", "confirm")
SPEECH = rf"(?:{cue_alternation('teller_speech_verbs')}|(?:{'|'.join(PRESENT_SPEECH)})(?=\s+that\b))"
# "Terekhov said", "Ihor Terekhov, the mayor of Kharkiv, said", "officials have said", "Ukraine counterattacked and
# claimed".
TELLS_AFTER = re.compile(rf"(?:^|(?<=[\s,(]))(?:the\s+|The\s+)?"
                         rf"(?P<name>{TELLER_NAME}|{OFFICE}(?:\s+(?:in|at|near)\s+(?:the\s+)?{NAME})?)"
                         rf"(?:,\s[^,;]{{1,80}},)?\s+(?:(?:{ADVERBS})\s+)*(?:[a-z]+ed\s+and\s+)?{SPEECH}\b")
# "the commander of Fallujah operations, Lieutenant General Abdel Wahab al-Saadi, reported": a name set after a role.
COMMA_SPEECH = re.compile(rf",\s+(?:(?:{ADVERBS})\s+)*{SPEECH}\b")  # the cheap test for the pattern below
TELLS_APPOSED = re.compile(rf"(?<=,\s)(?P<name>{NAME}),\s+(?:(?:{ADVERBS})\s+)*{SPEECH}\b")
TELLS_BEFORE = re.compile(r"\b(?:[Aa]ccording\s+to\s+(?:the\s+|a\s+|an\s+)?|statement\s+(?:released|issued)\s+by\s+)"
                          rf"(?:statement\s+(?:released|issued)\s+by\s+)?(?P<name>{TELLER_NAME}|{OFFICE})")
# "A Facebook post by X said …", "a tweet from @Agency identified …": the post's writer tells what it says.
POST_WORDS = ("post", "posts", "tweet", "tribute", "video")
POSTED_BY = re.compile(rf"\b(?:[Aa]n?|[Tt]he)\s+(?:[A-Z][\w/]*\s+)?(?:{'|'.join(POST_WORDS)})\s+(?:by|from)\s+"
                       rf"(?:the\s+)?(?P<name>{NAME})")
SPEECH_WORDS = cue_words("teller_speech_verbs") | frozenset(PRESENT_SPEECH)
GUARD = SPEECH_WORDS | {"according"} | frozenset(POST_WORDS)
# "… claimed responsibility." with no count of its own ("…, saying it killed 20" tells one).
RESPONSIBILITY = re.compile(r"\s+responsibility\b(?![^.;]*\b(?:saying|said|claiming|adding)\b)", re.I)
CLAIMED_LIVES = re.compile(r"(?:\s+[\w'’-]+){0,3}?\s+lives\b", re.I)  # "claimed (the) 7 civilians' lives"
# "Local commander Wali Khan Dawar later reported killed", its auxiliary left out: the person's death, no telling.
REPORTED_STATUS = re.compile(rf"\s+(?:{cue_alternation('person_death_verbs')}|{cue_alternation('person_wound_verbs')}|"
                             rf"{cue_alternation('person_capture_verbs')}|dead|missing)\b", re.I)
KNOWN_GAP_END = re.compile(r"[,;.()]")  # punctuation between a known source and a name: the name is another
# Capitalised words that open a sentence or name a time, not a teller ("On Monday, officials said").
NOT_NAMES = cue_words("teller_not_names")


def named_tellers(s: SentenceFacts, known: list[Attribution]) -> list[Attribution]:
    """Tellers the lexicon does not know, where no known source is named at the same place."""
    if s.words.isdisjoint(GUARD):
        return []
    out = []
    # "according to …" and "a statement released by …" name their teller after them; a speech verb, before it.
    before = (() if s.words.isdisjoint(("according", "statement")) else (TELLS_BEFORE,)) \
        + (() if s.words.isdisjoint(POST_WORDS) else (POSTED_BY,))
    after = () if s.words.isdisjoint(SPEECH_WORDS) else (TELLS_AFTER, TELLS_APPOSED) \
        if COMMA_SPEECH.search(s.text) else (TELLS_AFTER,)
    for pattern in after + before:
        for m in pattern.finditer(s.text):
            start, end = m.span("name")
            name = _name(m.group("name"))
            if pattern in after and (_claims_an_attack(s.text, m.end()) or PLACE_BEFORE.search(s.text, 0, start)):
                continue  # "the Balochistan Liberation Army claimed responsibility for the attack": no count told
            if name and not _told_by_known(s.text, start, end, known):
                out.append(Attribution(start, end, name))
    return sorted(out, key=lambda a: a.start)


# A name after "in", "at" or "near" is a place: "officials in Kandahar said" are officials (the office's pattern
# reads them with their place), "a nurse at the hospital in Lashkar Gah wrote" names no teller.
PLACE_BEFORE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+)*\Z")


def _claims_an_attack(text: str, verb_end: int) -> bool:
    """"claimed responsibility for the attack", and "a bombing … claimed 7 civilians' lives" (a killing, not a
    telling), or "X later reported killed" (a death)."""
    return bool(CLAIMS_AN_ATTACK.match(text, verb_end) or RESPONSIBILITY.match(text, verb_end)
                or CLAIMED_LIVES.match(text, verb_end) or REPORTED_STATUS.match(text, verb_end))


def _told_by_known(text: str, start: int, end: int, known: list[Attribution]) -> bool:
    """Whether a known source is named at the same place, or just before ("the Syrian Network for Human Rights
    said": the known "Syrian Network" and its verb)."""
    return any((a.start < end and start < a.end) or (0 <= start - a.end <= 25 and not KNOWN_GAP_END.search(
        text, a.end, start)) for a in known)


POINTING_BACK = cue_words("back_teller_nouns") | {"government"}  # a lone noun that points back at a teller


def _name(written: str) -> str | None:
    """The teller as the ledger keeps it: its words without a leading article, unless they are no name."""
    words = written.split()
    while words and words[0].lower() in NOT_NAMES:
        words.pop(0)
    if any(word_value(w) is not None for w in words):
        return None  # "Four reported Boko Haram dead": a count, no teller
    if len(words) == 1 and words[0].lower() in POINTING_BACK:
        return None  # "the government said", "the ministry added": which one, the text said before
    return " ".join(words) or None


# "The ministry added that …", "the monitor said": a teller named before, pointed back at (back_teller_nouns.yaml).
BACK_TELLER = re.compile(rf"\b[Tt]he\s+(?P<noun>{cue_alternation('back_teller_nouns')})\s+"
                         rf"(?:(?:{ADVERBS})\s+)*{SPEECH}\b")


def back_tellers(sentences: list[SentenceFacts]) -> None:
    """Give a sentence whose teller points back ("The ministry added that 5 others were wounded", "He added that
    …") the last source of that kind named before it in the document ("he", "she": the last named person; "they"
    and "the same source": the last teller); a sentence naming its own source keeps it."""
    kinds = _back_kinds()
    told: list[str] = []  # the sources named so far, in order
    for s in sentences:
        if not s.attributions:
            s.attributions = _pointed_back(s, told, kinds)
        elif told:  # "The same source noted that …": the teller named last
            s.attributions = [replace(a, source=told[-1]) if a.source.lower().startswith("same ") else a
                              for a in s.attributions]
        told += [a.source for a in s.attributions]


def _pointed_back(s: SentenceFacts, told: list[str], kinds: dict[str, tuple[str, ...]]) -> list[Attribution]:
    if "the " in s.folded and not s.words.isdisjoint(kinds) and (m := BACK_TELLER.search(s.text)):
        source = _last_of(told, kinds.get(m.group("noun").lower(), ()))
        return [Attribution(m.start("noun"), m.end("noun"), source)] if source else []
    if told and s.words & PRONOUNS and (m := PRONOUN_TELLER.match(s.text)):
        person = m.group("noun").lower() in ("he", "she")
        source = next((t for t in reversed(told) if not person or _a_persons_name(t)), None)
        return [Attribution(m.start("noun"), m.end("noun"), source)] if source else []
    return []


def _a_persons_name(source: str) -> bool:
    """A teller kept as written, not one of the lexicon, with two capitalised words or more ("Oleh Synyehubov")."""
    words = source.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words) and not listed_source(source)


# "He added that …", "They also reported …": a pronoun teller opens the sentence (after an opener or not).
PRONOUNS = frozenset(("he", "she", "they", "it"))
PRONOUN_TELLER = re.compile(rf"(?:[A-Z][\w ]{{0,30}},\s+)?(?P<noun>[Hh]e|[Ss]he|[Tt]hey|It)\s+(?:(?:{ADVERBS})\s+)*"
                            rf"{SPEECH}\b")  # "He added that …", "In addition, he stated that …", "It added that …"


def _last_of(told: list[str], kinds: tuple[str, ...]) -> str | None:
    return next((source for source in reversed(told) if source_kind(source) in kinds), None)


@functools.cache
def _back_kinds() -> dict[str, tuple[str, ...]]:
    """Each back-teller noun and the kinds of source it may stand for."""
    return {noun: tuple(kinds) for noun, kinds in load_yaml("cues/back_teller_nouns.yaml")["kinds"].items()}
