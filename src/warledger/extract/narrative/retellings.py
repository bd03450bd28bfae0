"""Figures told again: a later sentence that tells people the incident has told already adds no one.

A pronoun or "the victim" after the incident's one dead person, a sum that repeats the toll, the count told again
in number and noun or as people of no side ("eight civilians … the eight family members"), the count again under
a definite article ("Police named the three dead as …") and a coder's fatality note after the dead all point
back at people told before; an additive word ("also", "another four") says they are more.

>>> [of_no_side(p) for p in ("civilians", "unknown", "IS")]
[True, True, False]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation, cue_list, cue_words
from warledger.extract.figures import NAMED_PERSON, Figure
from warledger.extract.figures.singulars import BESIDES_WORDS
from warledger.extract.figures.statuses import attacker_heads
from warledger.extract.figures.syntax import MORE_OF, said_in_clauses
from warledger.extract.text.counts import count_mentions
from warledger.model import CasualtyFigure, Count, Event

FATALITY_NOTE = re.compile(r"^\W*(?:\d+|one|no)\s+fatalit(?:y|ies)\b|\bfatalities\s*:\s*\d+", re.I)
BACK_REFERENCES = cue_words("back_reference_nouns")
# The content words of the total words ("overall", "total", "altogether"): none of them, no total word.
TOTAL_HEADS = frozenset(word for w in cue_list("total_words") for word in w.split() if len(word) > 2)
TOTAL_IN = re.compile(rf"\b(?:{cue_alternation('total_words')})\b", re.I)
ANOTHER_BEFORE = re.compile(rf"\b{MORE_OF}\s+(?:[\w-]+\s+)?\Z", re.I)
ADDITIVE = cue_words("additive_words")


def told_again(event: Event, sent: SentenceFacts, fig: Figure, before: list[Figure]) -> bool:
    """"killed him" after the incident's one person of that status told already ("An officer was killed in his
    house. Militants stormed the home and killed him"): the same person; and a sum that repeats the toll told
    ("26 people were killed …, in total 26 were killed"): the same toll (``before``: the sentence's figures before
    it)."""
    status = fig.status or "killed"
    if (fig.head or "").lower() in ("him", "her", "he", "she"):  # "… was gunned down. He died on the way."
        return _one_told(event.casualties, status)
    if _the_one_again(sent, fig):  # "a man was killed and his body was found"
        return _one_told(event.casualties, status) or _one_told(before, status)
    if _retold(event, sent, fig, status, before) or the_count_again(event, sent, fig, status) \
            or _phrase_again(event, sent, fig, status):
        return True
    if sent.words.isdisjoint(TOTAL_HEADS):
        return False  # no total word in the sentence
    clause = re.split(r"[,;:]", sent.text[max(0, fig.start - 50):fig.start])[-1]  # "in total 26 … and 91 were …"
    if TOTAL_IN.search(clause) is None:
        return False
    told = [(c.count, c.status) for c in event.casualties if c.subset_of is None]
    return (fig.count, status) in told + [(f.count, f.status or "killed") for f in before if f.subset_of is None]


def _phrase_again(event: Event, sent: SentenceFacts, fig: Figure, status: str) -> bool:
    """The incident's figure told again word for word, or a person by the same full name: "killed the rebel leader
    Omar Jan and one additional fighter … The troops shot back, killing Omar Jan and one additional fighter" (its
    additive word is the phrase's, not a sign of more)."""
    phrase = sent.text[fig.start:fig.end].lower()
    name = f" {phrase}" if fig.head == NAMED_PERSON else None  # the whole name: "the rebel leader Omar Jan"
    return any(c.status == status and c.count == fig.count and (c.quote_offset or sent.start) < sent.start
               and ((c.quote or "").lower() == phrase or (name and (c.quote or "").lower().endswith(name)))
               for c in event.casualties)


def _one_told(figures: Sequence[CasualtyFigure | Figure], status: str) -> bool:
    """Whether one person of that status is told among ``figures``."""
    return any(f.count.low == 1 == f.count.high and (f.status or "killed") == status for f in figures)


# "The slain militant, Omais Ahmad …": a name set after the dead one told by a definite article and an adjective.
THE_SLAIN_BEFORE = re.compile(rf"\bthe\s+(?:{cue_alternation('back_reference_adjectives')})\s+[\w-]+(?:\s+[\w-]+)?,\s+"
                              r"(?:[A-Z][\w'’-]*\s+){0,3}\Z", re.I)


def _the_one_again(sent: SentenceFacts, fig: Figure) -> bool:
    """"The victim", "his body", "the slain militant, X": the one dead person told before."""
    words = sent.text[fig.start:fig.end].lower().split()
    return (len(words) == 2 and words[0] in ("the", "his", "her") and words[1] in BACK_REFERENCES) \
        or THE_SLAIN_BEFORE.search(sent.text, max(0, fig.start - 80), fig.start) is not None


THE_BEFORE = re.compile(r"\bthe\s+(?:(?:bodies|remains|corpses)\s+of\s+(?:the\s+)?)?\Z", re.I)  # "the bodies of two"


def the_count_again(event: Event, sent: SentenceFacts, fig: Figure, status: str) -> bool:
    """A count of the dead under a definite article in a later sentence points back to them when the incident has
    told that many already, one figure or all its figures together ("Two soldiers and a guard were killed at the
    post. Police named the three dead as …"), unless it says they are more ("the three other dead") or counts a side
    none of those was of (or attackers, after civilians)."""
    low = fig.count.low
    definite = THE_BEFORE.search(sent.text, 0, fig.start) or sent.text[fig.start:fig.start + 4].lower() == "the "
    if low is None or low != fig.count.high or low < 2 or not definite \
            or _additive_in_clause(sent, fig) or "other" in sent.text[fig.start:fig.end].lower().split():
        return False
    told = [c for c in event.casualties if c.status == status and c.subset_of is None and c.quote_offset is not None
            and c.quote_offset < sent.start]
    if _other_people(sent, fig, told):
        return False
    return any(c.count.low == low == c.count.high for c in told) or sum(c.count.low or 0 for c in told) == low


# An additive word, but not one that adds a telling or a teller ("other sites also reported 11 deaths", "another
# user on Facebook grieved for a family of nine": the same dead), nor one of a later step ("held two men for further
# questioning").
ADDITIVE_WORD = re.compile(r"(?<!\bfor\s)(?<!\buntil\s)(?<!\bpending\s)"
                           rf"\b(?:{cue_alternation('additive_words')})\b(?!\s+(?:"
                           rf"{cue_alternation('teller_speech_verbs')}|(?:[\w-]+\s+)?(?:{cue_alternation('account_nouns')}|"
                           rf"{cue_alternation('teller_nouns')}|user|post)s?)\b)", re.I)


def adds_people(sent: SentenceFacts) -> bool:
    """Whether a sentence says its people are more than those told ("also", "another", "in addition"), not that
    someone more told of them ("also reported")."""
    return not sent.words.isdisjoint(ADDITIVE) and ADDITIVE_WORD.search(sent.text) is not None


def _additive_in_clause(sent: SentenceFacts, fig: Figure) -> bool:
    """Whether the figure's clause says its people are more ("the bodies of two killed were recovered, while Fawzi
    posted additional photos": the photos are more)."""
    return said_in_clauses(sent.text, sent.breaks, ADDITIVE_WORD, [fig.start])


def _retold(event: Event, sent: SentenceFacts, fig: Figure, status: str, before: list[Figure]) -> bool:
    """A later sentence that tells the incident's count of the same people again, in number and noun or as people of
    no side ("eight civilians were killed … the eight family members"), tells no more dead ("… killed four Fulanis
    and a Konkomba. … Four Fulanis were killed in reprisal attacks"; "killed several villagers … killing several
    villagers": a vague count too), unless it says they are more ("another four Fulanis", "also", "had increased
    to 13"); one person, only as :func:`_one_again` says."""
    if not _may_be_told_again(event, sent, fig, status, before):
        return False
    noun = _last_word(sent.text[fig.start:fig.end])
    nouns = {noun, _last_word(fig.head or "")}  # "fired on the gunmen, killing several": their noun
    return any(_same_count(c.count, fig.count) and (_last_word(c.quote or "") in nouns
                                                    or (of_no_side(fig.party) and of_no_side(c.party)
                                                        and not _civilians_beside_fighters(fig, noun, c))
                                                    or _fighters_again(fig, noun, c) or _number_again(fig, c))
               for c in event.casualties if c.status == status and c.quote_offset is not None
               and c.quote_offset < sent.start and not _attackers_after_victims(fig, c))


def _other_people(sent: SentenceFacts, fig: Figure, told: list[CasualtyFigure]) -> bool:
    """Whether a count names a side none of the ``told`` was of, in its own words ("… killing a farmer and his son.
    Troops later killed the two Hezbollah members"; not "Police named the two dead": the side is the teller's), or
    counts attackers after civilians ("… the two gunmen")."""
    named = any(fig.start <= a.start and a.end <= fig.end and a.party == fig.party for a in sent.actors)
    return (named and not of_no_side(fig.party) and all(c.party != fig.party for c in told)) \
        or all(_attackers_after_victims(fig, c) for c in told)


def _attackers_after_victims(fig: Figure, told: CasualtyFigure) -> bool:
    """Attackers counted after civilians are other people: "… shot dead two guests. Soldiers later shot dead the
    two gunmen"."""
    return (fig.head or "").lower() in attacker_heads() and told.party == "civilians"


def _may_be_told_again(event: Event, sent: SentenceFacts, fig: Figure, status: str, before: list[Figure]) -> bool:
    """Whether a figure's count may tell people told before: one count, no word that makes them more, no revision
    of a number alone, and one person only as :func:`_one_again` says."""
    low = fig.count.low
    return low is not None and fig.count.high in (low, None) and not _additive_near(sent, fig) \
        and not ANOTHER_BEFORE.search(sent.text, 0, fig.start) and (bool(fig.head) or not fig.revision) \
        and (low != 1 or (bool(fig.head) and _one_again(event, sent, fig, status, before)))


def _number_again(fig: Figure, told: CasualtyFigure) -> bool:
    """A number with no noun, as many of the same side as told before: "killed several militants and held four …
    shot several and held four"."""
    return not fig.head and told.count == fig.count and told.party == fig.party


def _civilians_beside_fighters(fig: Figure, noun: str, told: CasualtyFigure) -> bool:
    """Civilians counted after fighters of no side named, or fighters after civilians, are other people: "two
    fighters were killed … killing him and two customers"."""
    return (fig.party == "civilians" != told.party and _last_word(told.quote or "") in FIGHTER_NOUNS) \
        or (told.party == "civilians" != fig.party and noun in FIGHTER_NOUNS)


def _fighters_again(fig: Figure, noun: str, told: CasualtyFigure) -> bool:
    """Fighters of no side named, as many as the armed men told before: "security forces killed five militants. …
    the militants fled once they had lost five fighters"."""
    return fig.party is None and noun in FIGHTER_NOUNS and _last_word(told.quote or "") in FIGHTER_NOUNS \
        and told.party != "civilians"


FIGHTER_NOUNS = cue_words("irregular_fighter_nouns")
ORDER_WORDS = cue_words("subject_order_words") | {"other", "another"}
ANYONE = frozenset({"civilian", "person", "victim", "individual", "resident"})  # nouns that say no more of whom


def _one_again(event: Event, sent: SentenceFacts, fig: Figure, status: str, before: list[Figure]) -> bool:
    """One person told by a noun when the incident has told one person of that status alone is that person again
    ("resulted in the death of one civilian … confirming the death of one civilian", "a girl … one civilian"); a
    name, another noun ("a rabbi … a newspaper publisher"), "one" alone, "a second woman", one told with an
    additive word ("In addition, a passer-by was injured") or after others of that status in its sentence
    ("killing two children and their mother") is another."""
    told = [c for c in event.casualties if c.status == status and c.subset_of is None]
    words = sent.text[fig.start:fig.end].lower().split()
    nouns = {_last_word(words[-1]), _last_word(told[0].quote or "")} - {""} if told else set()
    return sum(c.count.low or 0 for c in told) == 1 and fig.head != NAMED_PERSON and len(words) > 1 \
        and (len(nouns) == 1 or not nouns.isdisjoint(ANYONE)) and ORDER_WORDS.isdisjoint(words) \
        and not adds_people(sent) and not any((f.status or "killed") == status for f in before)


def _last_word(phrase: str) -> str:
    """A phrase's last word, lower-case and out of its quotes ("an 'infiltrator'" … "the infiltrator")."""
    words = phrase.lower().split()
    return words[-1].strip("'’‘\"“”") if words else ""


def _additive_near(sent: SentenceFacts, fig: Figure) -> bool:
    """An additive word about the count, near it ("four more were wounded", "also killed four"), not about another
    act of its sentence ("the page also gave the names of the four wounded")."""
    return ADDITIVE_WORD.search(sent.text, max(0, fig.start - 25), min(len(sent.text), fig.end + 25)) is not None


def _same_count(told: Count, again: Count) -> bool:
    """The count told again, its "at least" dropped or added ("at least eight civilians … the eight victims")."""
    return told.low == again.low and (told.high == again.high or told.high is None or again.high is None)


def of_no_side(party: str | None) -> bool:
    """Civilians or people of no side named: "eight civilians" and "eight members of one family" may be the same."""
    return party in (None, "unknown", "civilians")


def without_repeated_count(event: Event, sent: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """A fatality note after the incident's dead ("[1 fatality reported]") repeats their count: its killed go."""
    if "atalit" in sent.text and FATALITY_NOTE.search(sent.text) \
            and any(c.status == "killed" for c in event.casualties):
        return [f for f in figures if f.status != "killed" or f.revision]  # not the coder's count
    return figures


def attackers_again(event: Event, sent: SentenceFacts, base: int) -> None:
    """Dead attackers told again in a later sentence are those told before ("Two gunmen were killed. … the two gunmen
    …"), and a suicide attacker's death told by his detonation is among any later count of dead attackers ("A suicide
    bomber detonated a vest … In addition to four assailants, seven soldiers were killed") or in a toll that includes
    him ("… nine died, including the attacker"), in the same sentence too ("One bomber detonated his explosives …, and
    nine civilians and three assailants were killed"): the earlier figure becomes a part of the later one, or of the
    toll the later one is part of (``base``: the first of the sentence's casualties)."""
    for i, earlier in enumerate(event.casualties):
        if not (earlier.attackers and earlier.status == "killed" and earlier.subset_of is None and earlier.count.low):
            continue
        bomber = "suicide" in (quote := (earlier.quote or "").lower()) or quote.endswith("bomber")  # (his own blast)
        if i >= base and not bomber:
            continue  # in its own sentence, only a bomber's blast is told again by the attackers' count after it
        later = _attackers_later(event, earlier, max(base, i + 1), bomber)
        if later is None and bomber and i < base and ATTACKER_INCLUDED.search(sent.text):
            later = next((j for j, c in enumerate(event.casualties[base:], base) if c.status == "killed"), None)
        if later is None:
            continue
        again = event.casualties[later]
        earlier.subset_of = again.subset_of if again.subset_of is not None else later
        if again.attackers and earlier.party not in (None, "unknown"):
            again.party = earlier.party  # the attackers' side, told with the bomber ("In addition to the bomber, …")


def _attackers_later(event: Event, earlier: CasualtyFigure, base: int, bomber: bool) -> int | None:
    """The sentence's count of dead attackers that holds ``earlier``: as many, under a definite article, or for a
    suicide attacker (``bomber``) any as many or more."""
    return next((j for j, c in enumerate(event.casualties[base:], base) if c.attackers and c.status == "killed"
                 and (c.count.low or 0) >= (earlier.count.low or 0)
                 and (bomber or (c.count == earlier.count and (c.quote or "").lower().startswith("the ")))), None)


# "including the attacker", "including two soldiers and the bomber".
ATTACKER_INCLUDED = re.compile(r"\binclud(?:ing|ed)\s+(?:[^.;]{0,60}?\s)?(?:the\s+)?(?:[\w-]+\s+)?"
                               rf"(?:{'|'.join(attacker_heads())})\b", re.I)


PLURAL_HEADS = "|".join(h for h in sorted(attacker_heads()) if h.endswith("s"))
# "In addition to the bombers, six guests were killed": the attackers set beside the dead died too.
BESIDE_ATTACKERS = re.compile(rf"\b(?:{cue_alternation('besides_words')})\s+(the\s+(?:suicide\s+)?(?:{PLURAL_HEADS}))"
                              r"\s*,", re.I)
# "Three suicide bombers stormed a hotel": their count, after its number.
ATTACKERS_COUNTED = re.compile(rf"\s+(?:[\w-]+\s+)?(?:suicide\s+)?(?:{PLURAL_HEADS})\b", re.I)


def attackers_set_beside(event: Event, sent: SentenceFacts, earlier: Sequence[SentenceFacts], party: str | None
                         ) -> None:
    """Attackers set beside the dead with no count of their own ("In addition to the bombers, …") are as many as
    an ``earlier`` sentence of the incident counted ("Three suicide bombers stormed a hotel."), and dead, of the
    attacking ``party``, unless the incident counts its dead attackers already."""
    beside = BESIDE_ATTACKERS.search(sent.text) if not BESIDES_WORDS.isdisjoint(sent.words) else None
    if beside is None or any(c.attackers and c.status == "killed" for c in event.casualties):
        return
    # (numbers are read only in sentences that tell harm: "Three bombers stormed a hotel" tells none)
    count = next((n.count for s in earlier for n in (s.numbers or count_mentions(s))
                  if ATTACKERS_COUNTED.match(s.text, n.end)), None)
    if count is None or not count.low:
        return
    told = next((c for c in event.casualties if c.quote_offset is not None and c.quote_offset >= sent.start), None)
    event.casualties.append(CasualtyFigure(
        party=party or "unknown", group=None, status="killed", count=count, source=told.source if told else None,
        source_kind=told.source_kind if told else None, quote=beside.group(1),
        quote_offset=sent.start + beside.start(1), attackers=True))
