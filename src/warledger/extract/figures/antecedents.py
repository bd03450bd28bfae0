"""Antecedents: whom a number with no noun of its own counts, from the people and sides named before it.

"killing 14 of them" counts the people last named in the clause; a toll ("the number of shepherds killed has
risen to 19") counts the side struck; neither a teller ("Kurdish officials said 48 …") nor the attackers named
before the attack, nor the subject of the verb whose object the number is ("IS took 200 prisoners"); "killed a
family of seven" counts the family's members.

>>> from warledger.extract.stages import facts_for
>>> s = facts_for("IS took 200 prisoners near Palmyra.")
>>> num = s.numbers[0]
>>> named_sides(s.text, num, 0, people_before(s.text, num, {a.start: a for a in s.actors}, 0), [], False)
[]
"""

from __future__ import annotations

import re

from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.figures import Figure, syntax
from warledger.extract.figures.bare_numbers import NUMBER_ASIDE
from warledger.extract.mentions.actors import ActorMention
from warledger.extract.text.numbers import NumberMention

TOLL_WORD = re.compile(r"\b(?:toll|losses|figure|number)\b", re.I)
TOLL_AFTER = re.compile(r"\s+(?:death\s+)?(?:toll|losses)\b", re.I)
TARGET_BEFORE = re.compile(r"\b(?:on|against|targeting|among)\s+(?:an?\s+|the\s+)?$", re.I)
NUMBER_OF_BEFORE = re.compile(r"\bnumber\s+of\s+(?:the\s+)?$", re.I)
TELLER_AFTER = re.compile(rf"\s+(?:{cue_alternation('speaker_nouns')})\b", re.I)
# An office right before a speech verb tells the count: "Officials said 40 were killed", "police say" (a side that
# speaks may tell its own: "The Russians claimed that … 10 were missing").
SPEAKS_AFTER = re.compile(rf"\s+(?:have\s+|had\s+|has\s+)?(?:{cue_alternation('teller_speech_verbs')})\b")
OFFICES = frozenset((*cue_list("office_nouns"), "police"))
# A passive's agent, where fire came from: "by an Israeli strike", "by an alleged Russian missile", "from the Ukrainian
# side".
AGENT_BEFORE = re.compile(r"\b(?:by|from)\s+(?:the\s+|an?\s+)?(?:[a-z]+\s+)?$")
ATTACK_VERB = re.compile(rf"\b(?:{cue_alternation('attack_verbs')})\b", re.I)
FAMILY_OF = re.compile(rf"\b(?:{cue_alternation('family_determiners')})\s+(?:\w+\s+)?family\s+of\s+$", re.I)


def people_before(text: str, num: NumberMention, actors: dict[int, ActorMention], start: int,
                  of_them: bool = False) -> list[ActorMention]:
    """The person nouns and sides of the clause before a number, but a teller ("Kurdish officials said 48 …",
    "police say 40 …"), the attackers named before the attack ("6 terrorists attacked the market, killing 14";
    "… of them" is theirs) and the people of a part told in a closed aside."""
    attack = None if of_them else ATTACK_VERB.search(text, start, num.start)
    start = attack.start() + 1 if attack else start
    # "caused nine deaths, including four children, and dozens of injuries": the part's people are no later count's
    asides = [m.span() for m in NUMBER_ASIDE.finditer(text, start, num.start)] \
        if "including" in text or "among them" in text else []
    return [a for a in actors.values() if start <= a.start and a.end <= num.start and a.person
            and not TELLER_AFTER.match(text, a.end) and not _office_speaking(text, a)
            and not any(b <= a.start < e for b, e in asides)]



def _office_speaking(text: str, a: ActorMention) -> bool:
    """Whether ``a`` is an office ("officials", "police") right before its speech verb."""
    return text[a.start:a.end].split()[-1].lower() in OFFICES and SPEAKS_AFTER.match(text, a.end) is not None


def _struck(text: str, before: list[ActorMention]) -> list[ActorMention]:
    """A toll counts the side struck ("the toll of the attack on a pro-government convoy", "the ISIL toll",
    "the number of shepherds killed"), never the side that struck ("the toll from a government air strike")."""
    return [a for a in before if a.party and a.party != "unknown" and (
        TOLL_AFTER.match(text, a.end) or TARGET_BEFORE.search(text, max(0, a.start - 16), a.start)
        or NUMBER_OF_BEFORE.search(text, max(0, a.start - 16), a.start))]


def heads_with_sides(text: str, before: list[ActorMention], actors: dict[int, ActorMention]) -> list[ActorMention]:
    """The person nouns among ``before``, each with the side its words name (not a teller's side: "Kurdish
    officials said …")."""
    sides = {a.start: a for a in before if a.kind == "modifier"}
    return [syntax.with_side_before(syntax.with_side(text, a, actors), sides) for a in before if a.kind == "head"]


# A side, then its verb (an adverb may stand before it), then the number: "IS took 200", "the army reportedly killed"
# (not "ISIL suffered over 300 dead": the subject's own losses; nor a teller's "officials claimed 200 deaths").
SUBJECT_VERB = re.compile(r"\s+(?:[a-z]+ly\s+)?"
                          rf"(?!suffered|sustained|incurred|(?:{cue_alternation('teller_speech_verbs')})\s)"
                          r"(?:[a-z]+ed|took|takes|take|held|holds|shot)\s+")


# A side, then a verb of its own losses, then the number: "with ISIL only receiving 11–17 casualties".
OWN_LOSS_VERB = re.compile(rf"\s+(?:[a-z]+ly\s+)?(?:{cue_alternation('suffered_loss_verbs')})\s+", re.I)


def named_sides(text: str, num: NumberMention, start: int, before: list[ActorMention], heads: list[ActorMention],
                 of_them: bool) -> list[ActorMention]:
    """The sides named before a number that it may count: the side struck, for a toll; the side that suffered it;
    else the people with a side, else any side (not the subject of the verb whose object the number is)."""
    if TOLL_WORD.search(text, start, num.start):
        return _struck(text, before)
    # The side right before a verb of its own losses counts them, not people named before that side.
    own = [a for a in before if a.party and a.party != "unknown" and OWN_LOSS_VERB.fullmatch(text, a.end, num.start)]
    if own:
        return own
    named = [h for h in heads if h.party and h.party != "unknown"] or [a for a in before if a.party]
    if of_them:
        return named
    # "a Russian camp was hit by a shell fired from the Ukrainian side, wounding four": the side the fire came from
    named = [a for a in named if not AGENT_BEFORE.search(text, max(0, a.start - 24), a.start)]
    # "IS took 200 prisoners", "the army killed 12": the verb's subject is not its object
    return [a for a in named if not SUBJECT_VERB.fullmatch(text, a.end, num.start)]


def family_of(text: str, num: NumberMention) -> Figure | None:
    """"killed a family of seven": the family's members, civilians."""
    family = FAMILY_OF.search(text, max(0, num.start - 24), num.start)
    if family is None:
        return None
    return Figure(family.start(), num.end, num.count, "civilians", None, None, head="family", qualifier=num.kind)
