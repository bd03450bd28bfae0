"""Casualty figures: bind each number phrase to a party, a group and a status.

A *phrase* is a number with what follows it ("26 government troops", "nine IS
fighters", "246 pro-government"). Its status comes from the nearest status
word that governs it: one before it that takes an object ("killing 11",
"the death of 12", "put the death toll at 16"), or one after it ("were
killed", "dead", "sustained injuries"). "including" makes a sub-figure.

>>> [(f.party, f.status, f.count.low, f.subset_of) for f in find_figures(
...     "IS killed 35 pro-government fighters, including nine Russians, and wounded 15 others.")]
[('pro-government', 'killed', 35, None), ('pro-government', 'killed', 9, 0), ('pro-government', 'wounded', 15, None)]
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from warledger.data import load_yaml
from warledger.extract.analysis import SentenceFacts
from warledger.extract.mentions.actors import SYRIA, ActorLexicon, ActorMention
from warledger.extract.mentions.persons import aged_names, find_persons
from warledger.extract.text.numbers import NumberMention, is_quantity, word_value
from warledger.extract.text.phrases import Hit, PhraseMatcher
from warledger.model import Count

WORD = re.compile(r"[\w’'\-]+|[^\w\s]")
PHRASE_WORDS = 8  # a figure's phrase is read at most this many words past its number
STOP_WORDS = {"and", "or", "but", "while", "were", "was", "are", "is", "had", "have", "has", "been", "in", "on",
              "at", "near", "from", "by", "during", "after", "before", "when", "as", "with", "to", "who", "which",
              "that", "since", "between", "into", "across", "against", "for", "dead", "died", "also"}
FILLERS = {"other", "more", "additional", "regular", "local", "young", "armed", "unidentified", "unknown", "senior",
           "former", "retired", "elderly", "wounded", "off-duty", "unarmed", "veteran", "prominent",
           "loyal", "foreign", "of", "the", "its", "their", "his", "her", "whom", "them", "further", "fellow",
           "own", "elite", "special", "top", "low-ranking", "high-ranking", "rank-and-file", "second", "third",
           "fourth", "fifth", "sixth", "x"}  # "x": "2x SDF KIA"
MORE_AFTER = re.compile(r"\s+(?:more|others)\b", re.I)
PARTITIVE = re.compile(r"^\w+\s+of\s+the\s+\w+", re.I)  # "one of the women": some of those counted before
QUOTES = frozenset({"'", "’", '"', "”", "“", "‘"})
SUBSET_CUES = re.compile(r"(?:including|among\s+them|among\s+whom|of\s+whom|incl\.|inc\.)\s*$", re.I)
# The words each window pattern needs: a sentence without any of them skips the pattern.
SUBSET_WORDS = frozenset({"including", "among", "whom", "incl", "inc"})
NEGATION_WORDS = frozenset({"no", "none", "not"})
HYPOTHETICAL_WORDS = frozenset({"could", "would", "might", "may", "threaten", "threatened", "threatening",
                                "threatens", "fear", "feared", "fearing", "risk", "risked", "risking", "plan",
                                "planned", "planning", "plans", "aim", "aimed", "aiming", "try", "tried",
                                "trying", "attempt", "attempted", "attempting"})
EACH_SIDE = re.compile(r"\s*(?:on|from)\s+(?:each|either)\s+sides?", re.I)
BOTH_SIDES = re.compile(r"\s*(?:on|from)\s+both\s+sides", re.I)  # one total over the two sides
SPACE = re.compile(r"[\s\"“‘]*")
OBJECT_GAP = re.compile(r"[\s\"“‘]*(?:the\s+|a\s+|an\s+|some\s+|another\s+)?")
ARTICLE = re.compile(r"\s+(?:the|a|an|another|his|her|its|their)\s+", re.I)
OF_ARTICLE = re.compile(r"\s+of\s+(?:the\s+|a\s+|an\s+)?")
PASSIVE = re.compile(r"\s*(?:(?:were|was|have been|had been|has been|are|had|have|has)\s+(?:also\s+|reportedly\s+)?)?")
AND_WORDS = re.compile(r"\s+(?:and|&)\s+(?:[\w-]+\s+){0,2}?")
AMONG_SIDE = re.compile(r"\s+among\s+(?:the\s+)?")
ONE_PERSON = re.compile(r"\b(?:a|an|another|one|his|her)\s", re.I)
RELATIVE_HEADS = {"others", "other", "more"}
AGE = re.compile(r"^\d+-(?:year|month|week|day)s?-old$")
# What may stand between a figure and the status after it: "were also reportedly killed".
ADJACENT = re.compile(r"^[\s,]*(?:(?:were|was|are|is|had|have|has|been|being|also|reportedly|later|all|both|then|"
                      r"subsequently|badly|seriously|critically|lightly|fatally|allegedly|reported|confirmed|found|"
                      r"left|on\s+each\s+side|on\s+both\s+sides|of\s+whom|of\s+them|aged\s+\d+,?)\s+)*$", re.I)
# Still inside an "including …" list: "including a prominent businessman and his infant daughter".
INCLUDING_OPEN = re.compile(r"\b(?:including|among\s+them|among\s+whom)\b(?:[^,;.()]|,\s*\d+\s*,)*$", re.I)
# Between a total and the list that breaks it down: "42 people: 36 soldiers and 6 …", "two civilians, a man
# and a boy", "rose to 154 on Sunday, the Observatory said, with 102 IS members, …".
BREAKDOWN_GAP = re.compile(r"^[^;.]{0,60}?(?:,|:|\(|\s[–—-])\s*(?:with\s+|namely\s+)?$", re.I)
# Between two items of a breakdown: the rest of an item's words, an aside in parentheses, a comma or "and"
# ("2 fighters of the Manbij Military Council (QSD) and 13 civilians").
ITEM_GAP = re.compile(r"(?:,?\s*aged\s+\d+)?[^,;.\d()]{0,40}?(?:\s*\([^)]*\))?\s*(?:,\s*)?(?:\band\s+|&\s+)?$")
AND_ITEM = re.compile(r"^\s+and\s+[^,;.\d]{1,40}?\s+and\s+$", re.I)  # "9 SDF and Asayish fighters and 4 civilians"
INCLUDING_ASIDE = re.compile(r",\s*(?:including|among\s+them)\b[^,]*,", re.I)
NEGATED = re.compile(r"\b(?:no|none\s+of|not\s+a\s+single|not)\s+$", re.I)
DETERMINER = re.compile(r"\s+(?:and|&)\s+(?:a|an|his|her|their|its|the)\s", re.I)  # "a colonel and his driver"
AMONG = re.compile(r"\b(?:among\s+the|the)\s+(dead|killed|victims|wounded|injured|missing)\s+"
                   r"(?:were|was|are|included|include)\s+$", re.I)
AMONG_AFTER = re.compile(r"\s+(?:were|was)\s+(?:also\s+)?among\s+the\s+(dead|killed|victims|wounded|injured|missing)\b",
                         re.I)
_AMONG_STATUS = {"wounded": "wounded", "injured": "wounded", "missing": "missing"}
OF_THEIR = re.compile(r"\s+of\s+(?:their|its)\s", re.I)
OF_THEM = re.compile(r"\s+of\s+(?:them|whom|those)\b", re.I)
COPULA = re.compile(r"\s+(?:were|was)\s+(?:all\s+)?", re.I)
LIST_GOES_ON = re.compile(r"(?:\s+(?:in|near|at|on)\s+[^,;.\d]{1,40})?\s*,\s*"
                          r"(?:as\s+well\s+as\s+|along\s+with\s+|and\s+)?\Z", re.I)
LIST_JOIN = re.compile(r"^\s*(?:,\s*)?(?:and\s+|&\s+)?$", re.I)
HYPOTHETICAL = re.compile(r"\b(?:could|would|might|may|threaten(?:ed|ing|s)?\s+to|fear(?:ed|ing)?\s+(?:to|that)|"
                          r"risk(?:ed|ing)?|plan(?:ned|ning|s)?\s+to|aim(?:ed|ing)?\s+to|tr(?:y|ied|ying)\s+to|"
                          r"attempt(?:ed|ing)?\s+to)(?:\s+\w+){0,2}\s*$", re.I)
# "up to 40 civilians may have died": a past death told with doubt; "could have killed" is none.
HEDGED = re.compile(r"\b(?:may|might)\s+have\s+(?:been\s+)?$", re.I)
BODIES_VERB = re.compile(r"\b(?:recovered|retrieved|exhumed|unearthed|pulled\s+out|found)\b(?=\s+(?:[\w,-]+\s+){0,3}?"
                         r"bodies\b)", re.I)
BODIES_PASSIVE = re.compile(r"\bbodies\s+(?:had|have)?\s*(?:been\s+|were\s+)?(received|recovered|retrieved|found|"
                            r"brought\s+in|pulled\s+out|exhumed)\b", re.I)  # "55 bodies had been received"
TOOK = re.compile(r"\btook\b(?=[^.;]{1,60}?\b(prisoners?|captives?|hostages?)\b)", re.I)
TOLL = re.compile(r"\b(?:death\s+)?toll\b|\bnumber\s+of\s+(?:[\w'-]+\s+){0,4}?(?:killed|dead|deaths|victims|"
                  r"fatalities)\b", re.I)  # "the number of regime soldiers killed … had risen to 11"
TOLL_WORD = re.compile(r"\b(?:toll|losses|figure|number)\b", re.I)
NUMBER_OF_BEFORE = re.compile(r"\bnumber\s+of\s+(?:the\s+)?$", re.I)
TOLL_RISE = re.compile(r"\b(?:rose|risen|climbed|jumped|increased|grew|reached|stands?|stood)\s+(?:to|at)\b"
                       r"|\breached\b|(?:(?<=killed )|(?<=dead )|(?<=deaths ))at\b"  # "… soldiers killed at 25"
                       r"|\b(?:at|of)(?=\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                       r"thirty|forty|fifty|about|around|least|more|over|some)\b)", re.I)  # "… dead soldiers … at six"
EARLIER_TOLL = re.compile(r"\b(?:an?\s+|the\s+)?(?:earlier|initial|previous|preliminary|first)\s+(?:death\s+)?"
                          r"(?:toll|tally|count|reports?)\b|\bhad\s+(?:earlier\s+|initially\s+|previously\s+|first\s+)"
                          r"?(?:given|reported|documented|put|said|recorded)\b|\b(?:initially|previously|at\s+first)\s+"
                          r"(?:reported|documented|put|said|gave)\b", re.I)
TOLL_AFTER = re.compile(r"\s+(?:death\s+)?(?:toll|losses)\b", re.I)
TARGET_BEFORE = re.compile(r"\b(?:on|against|targeting|among)\s+(?:an?\s+|the\s+)?$", re.I)
AND_BEFORE = re.compile(r"\band\s+$", re.I)
FAMILY_OF = re.compile(r"\b(?:a|an|the|one|entire|whole)\s+(?:\w+\s+)?family\s+of\s+$", re.I)
SPEAKS = re.compile(r"\s+(?!and\b|but\b)(?:(?!was\b|were\b|is\b|are\b|been\b|had\b|has\b)[\w-]+\s+){0,4}?"
                    r"(?:said|says|told|stated|added|explained|announced|put|gave|estimated)\b", re.I)
CLAUSE_END = re.compile(r"\s*(?:[.,;]|$)")
BY_AGENT = re.compile(r"\bby\s+\Z", re.I)  # "killed by a sniper": who killed, not who died
NEXT_WORD = re.compile(r"[\"”’']\s+([a-z][a-z-]*)\b")  # a quoted word used of a thing: a "terrorist" base
ARTICLE_WORDS = frozenset({"a", "an", "the", "his", "her", "their", "its", "who", "whose", "whom", "which", "that",
                           "said", "says", "told"})
BODY_WORDS = frozenset({"body", "bodies", "corpse", "corpses", "remains", "lives", "life", "souls", "deaths", "death"})
SIDE_PHRASE = re.compile(r"\s+(?:on|from)\s+the\s+(\S+)\s+side\b", re.I)
TELLER_AFTER = re.compile(r"\s+(?:officials?|sources?|spokesm[ae]n|media|activists?|authorities|ministry|command|"
                          r"agency)\b", re.I)
PERSON_BEFORE = re.compile(r"([\w-]+)\s+$")
OF_BEFORE = re.compile(r"([\w-]+)\s+of\s+\Z")
AND_THE = re.compile(r"\band\s+(the)\s+", re.I)
SAME_CLAUSE = re.compile(r"[^.;]*$")
PRONOUN = re.compile(r"\s+(him|her)\b", re.I)
THE_OBJECT = re.compile(r"\s+(the)\s+", re.I)  # "shot dead the (local) driver"
PLURAL_HEAD = re.compile(r"(?:s|people|men|children|police|personnel|staff|militia)$", re.I)
APPOSITION_GAP = re.compile(r",\s*")
LIST_AFTER = re.compile(r"(?:,?\s+aged\s+\d+)?\s*(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)(?:a|an|another|one|two|three|four|"
                        r"five|\d+|his|her|their)\b", re.I)  # "a boy aged 9 and his sister" goes on
POST_ONLY = {"dead", "died", "kia", "wia", "deaths", "casualties", "injuries", "fatalities", "perished",
             "lost their lives", "sustained injuries", "sustained various injuries", "succumbed"}


class Figure(NamedTuple):
    start: int
    end: int
    count: Count
    party: str | None
    group: str | None
    status: str | None
    subset_of: int | None = None
    head: str | None = None
    each_side: bool = False
    relative: str | None = None  # "others" (same party as before) | "attackers" (the other side) | "both"
    # | "among" (part of the incident's last total: "Among the dead were seven soldiers")
    qualifier: str = "exact"  # the number's kind: exact, range, min ("at least"), above, max, …
    # "later": a revised toll ("the toll rose to 35"), "own": a source revising its own ("raised its toll to
    # 74"), "earlier": the toll a later one replaced ("an earlier toll stood at 27")
    revision: str | None = None


class StatusWord(NamedTuple):
    start: int
    end: int
    status: str
    direction: str  # pre (governs what follows) | post (governs what precedes)


@functools.cache
def _terms() -> dict:
    return load_yaml("casualty_terms.yaml")


@functools.cache
def _status_matcher() -> PhraseMatcher:
    terms = _terms()
    pairs = [(w, s) for s, words in terms["statuses"].items() for w in words]
    pairs += [(w, "killed") for w in terms.get("toll_phrases") or []]
    return PhraseMatcher(pairs, shared=True)


def _direction(text: str, start: int, end: int, object_starts: set[int]) -> str:
    """"pre" when a word takes the phrase after it as its object ("killing 11", "killed a soldier")."""
    word = text[start:end].lower()
    if word in POST_ONLY or word.endswith("missing"):
        return "post"
    if word.endswith((" of", " at", " to", "ing")) or word.startswith(("the death", "death of")):
        return "pre"
    after = {SPACE.match(text, end).end(), OBJECT_GAP.match(text, end).end()}  # type: ignore[union-attr]
    if after & object_starts or any(ONE_PERSON.match(text, pos) for pos in after):
        return "pre"
    # "shot dead the local mukhtar": a noun after an article and an adjective or two.
    article = ARTICLE.match(text, end)
    if article:
        for tok in itertools.islice(WORD.finditer(text, article.end()), 3):
            if tok.start() in object_starts:
                return "pre"
            if tok.group(0).lower() in STOP_WORDS or not tok.group(0)[0].isalpha():
                break
    return "post"


def _took(s: SentenceFacts) -> list[re.Match[str]]:
    """"took 12 soldiers prisoner": the verb split around its object."""
    return list(TOOK.finditer(s.text)) if "took" in s.words else []


def status_words(s: SentenceFacts, object_starts: set[int], hits: Sequence[Hit] | None = None) -> list[StatusWord]:
    """Status words with the direction in which each one governs (``hits``: the matcher's, if known).

    A status word followed by a number, a person noun or "a/an/another" + noun takes that phrase as
    its object (``object_starts``: where numbers and person nouns begin).
    """
    out = []
    text = s.text
    hypothetical = not s.words.isdisjoint(HYPOTHETICAL_WORDS)
    for hit in _status_matcher().find(s) if hits is None else hits:
        if hypothetical and HYPOTHETICAL.search(text, max(0, hit.start - 40), hit.start) \
                and not HEDGED.search(text, max(0, hit.start - 25), hit.start):
            continue  # "threatening to kill thousands", "could have killed": nobody died
        status = hit.value if isinstance(hit.value, str) else hit.value[0]
        out.append(StatusWord(hit.start, hit.end, status, _direction(text, hit.start, hit.end, object_starts)))
    # A verb split around its object: "took 12 soldiers prisoner", "took three workers hostage".
    for m in _took(s):
        status = "kidnapped" if m.group(1).lower().startswith("hostage") else "captured"
        out.append(StatusWord(m.start(), m.start() + 4, status, "pre"))
    # Bodies recovered or exhumed are dead: "recovered 61 bodies", "exhumed 47 bodies from a mass grave".
    if "bodies" in text:
        out += [StatusWord(m.start(), m.end(), "killed", "pre") for m in BODIES_VERB.finditer(text)]
        out += [StatusWord(m.start(1), m.end(1), "killed", "post") for m in BODIES_PASSIVE.finditer(text)]
    # A toll named first and its figure later: "the death toll of the attack … rose to 19".
    if not s.words.isdisjoint(("toll", "number")):
        toll = TOLL.search(text)
        out += [StatusWord(m.start(), m.end(), "killed", "pre") for m in TOLL_RISE.finditer(text, toll.end())] \
            if toll else []
    return sorted(out, key=lambda s: s.start)


@dataclass
class _Scan:
    end: int
    party: str | None = None
    group: str | None = None
    head: ActorMention | None = None
    modifiers: int = 0
    unknown_words: int = 0


def _absorb(scan: _Scan, actor: ActorMention) -> None:
    if actor.kind == "head":
        scan.head = actor
        if scan.party is None or (actor.group and scan.group is None and actor.party == scan.party):
            scan.party = scan.party or actor.party
            scan.group = scan.group or (actor.group if actor.party == scan.party else None)
    else:
        scan.modifiers += 1
        if scan.party is None:
            scan.party, scan.group = actor.party, actor.group
        elif scan.group is None and actor.party == scan.party:
            scan.group = actor.group
    scan.end = actor.end


def _scan_phrase(text: str, start: int, actors: dict[int, ActorMention], max_unknown: int = 2,
                 stops: frozenset[int] = frozenset()) -> _Scan:
    """Read modifiers and a head noun after a number, up to a stop word or a status word (``stops``)."""
    scan = _Scan(end=start)
    pos = start
    for tok in itertools.islice(WORD.finditer(text, start), PHRASE_WORDS):
        at = tok.start()
        if at < pos:
            continue
        if at in stops:
            break  # "six civilians were killed and 10 injured": the status ends the phrase
        actor = actors.get(at)
        if actor is not None:
            _absorb(scan, actor)
            pos = actor.end
            if actor.kind == "head":
                break
            continue
        word = tok.group(0).lower()
        if word in FILLERS or word in QUOTES or (word[0].isdigit() and AGE.match(word)):
            continue  # "'dozens' of ISIL fighters"
        if word in STOP_WORDS or not word[0].isalnum() or word[0].isdigit():
            break
        scan.unknown_words += 1
        if scan.unknown_words > max_unknown:
            break
    return scan


def _member_of(text: str, scan: _Scan, actors: dict[int, ActorMention]) -> _Scan:
    """"11 members of the Baqir Brigade": the group comes after the head."""
    m = OF_ARTICLE.match(text, scan.end)
    if not m or scan.head is None or scan.head.party is not None:
        return scan
    actor = actors.get(m.end())
    if actor is None or actor.kind != "modifier":
        return scan
    return replace(scan, party=scan.party or actor.party, group=scan.group or actor.group, end=actor.end)


def _bare_number_allowed(text: str, num: NumberMention, statuses: list[StatusWord]) -> bool:
    """A number with no noun is a figure only right next to its status."""
    before = any(s.direction == "pre" and 0 <= num.start - s.end <= 2 for s in statuses)
    of_whom = OF_THEM.match(text, num.end)  # "three of whom died"
    gap_end = PASSIVE.match(text, of_whom.end() if of_whom else num.end).end()  # type: ignore[union-attr]
    return before or any(s.start == gap_end and s.direction == "post" for s in statuses)


def _their_side(scan: _Scan, num: NumberMention, actors: dict[int, ActorMention]) -> _Scan:
    """"three of their fighters": the side named last before the number."""
    sides = [a for a in actors.values() if a.end <= num.start and a.kind == "modifier" and a.party]
    return replace(scan, party=sides[-1].party, group=sides[-1].group) if sides else scan


def _second_status(text: str, num: NumberMention, statuses: list[StatusWord]) -> bool:
    """"killing 2 PMF members and injuring 3": a number right after a second status word."""
    return any(s.direction == "pre" and 0 <= num.start - s.end <= 2
               and AND_BEFORE.search(text, max(0, s.start - 6), s.start)
               and any(o.end <= s.start for o in statuses) for s in statuses)  # a first status before it


def _antecedent(text: str, num: NumberMention, scan: _Scan, actors: dict[int, ActorMention],
                breaks: tuple[int, ...]) -> _Scan:
    """A number with no noun counts the people last named in its clause:
    "killing 14 of them", "the number of shepherds killed has risen to 19"."""
    if scan.head is not None or scan.modifiers:
        return scan
    # "…, three of whom died" looks back past the comma.
    clause_start = 0 if OF_THEM.match(text, num.end) else _clause_start(breaks, num.start)
    # The people last named: a person noun, its side given by "of …" when it has none of its own
    # ("a bus carrying members of the 4th Division"), else a side named alone.
    before = [a for a in actors.values() if clause_start <= a.start and a.end <= num.start and a.person
              and not TELLER_AFTER.match(text, a.end)]  # "Kurdish officials said 48 were killed": the teller
    heads = [_with_side(text, a, actors) for a in before if a.kind == "head"]
    if heads and heads[-1].party is None and heads[-1].text.lower() in _terms().get("attacker_heads", []):
        m = OF_THEM.match(text, num.end)  # "pursued the attackers and killed 4 of them"
        return _Scan(end=m.end() if m else scan.end, head=heads[-1])
    # A toll counts the side struck ("the toll of the attack on a pro-government convoy", "the ISIL toll"),
    # never the side that struck ("the toll from a government air strike rose to 34").
    if TOLL_WORD.search(text, clause_start, num.start):
        named = [a for a in before if a.party and a.party != "unknown" and (
            TOLL_AFTER.match(text, a.end) or TARGET_BEFORE.search(text, max(0, a.start - 16), a.start)
            or NUMBER_OF_BEFORE.search(text, max(0, a.start - 16), a.start))]  # "the number of shepherds killed"
    else:
        named = [h for h in heads if h.party and h.party != "unknown"] or [a for a in before if a.party]
    m = OF_THEM.match(text, num.end)
    if not named:
        return scan
    last = named[-1]
    return _Scan(end=m.end() if m else scan.end, party=last.party, group=last.group, head=last)


def _with_side(text: str, head: ActorMention, actors: dict[int, ActorMention]) -> ActorMention:
    """"members of the Baqir Brigade": a head without a side takes the one after "of"."""
    m = OF_ARTICLE.match(text, head.end)
    side = actors.get(m.end()) if m and head.party is None else None
    return head._replace(party=side.party, group=side.group) if side and side.kind == "modifier" else head


def _copula(text: str, num: NumberMention, scan: _Scan, actors: dict[int, ActorMention], max_unknown: int) -> _Scan:
    """"10 were Palestinian militiamen": the noun after "were" says who the number is."""
    if scan.head is not None or scan.modifiers:
        return scan
    of_whom = OF_THEM.match(text, num.end)  # "11 of whom were civilians"
    m = COPULA.match(text, of_whom.end() if of_whom else num.end)
    if not m:
        return scan
    alt = _member_of(text, _scan_phrase(text, m.end(), actors, max_unknown), actors)
    return alt if (alt.head is not None or alt.modifiers) and not alt.unknown_words else scan


def _coordinated_heads(text: str, scan: _Scan, actors: dict[int, ActorMention]) -> _Scan:
    """"19 Syrian soldiers and loyal militiamen": one figure over both nouns, its group unsaid."""
    m = AND_WORDS.match(text, scan.end)
    if scan.head is None or not m or DETERMINER.match(text, m.start()):
        return scan
    for tok in WORD.finditer(text, m.start(), min(len(text), m.end() + 40)):
        actor = actors.get(tok.start())
        word = tok.group(0)
        stop = actor is None and word.lower() in STOP_WORDS and word.lower() != "and"
        counted = word.lower() not in ("and", "&") and (word_value(word) is not None or is_quantity(word))
        if word[0].isdigit() or counted or stop:
            return scan  # "a woman and her two children" are two figures
        if actor is not None and actor.kind == "head" and actor.person and actor.text.lower() not in RELATIVE_HEADS:
            same = actor.group == scan.group or (actor.group is None and actor.party is None)
            return replace(scan, end=actor.end, group=scan.group if same else None)
    return scan


def _phrase(s: SentenceFacts, num: NumberMention, actors: dict[int, ActorMention], statuses: list[StatusWord],
            max_unknown: int = 2, stops: frozenset[int] = frozenset()) -> Figure | None:
    """The figure a number starts, if it counts people (``stops``: where status words begin)."""
    text = s.text
    scan = _member_of(text, _scan_phrase(text, num.end, actors, max_unknown, stops), actors)
    if scan.head is not None and not scan.head.person:
        return None  # "130 airstrikes", "60 kilometers": a noun of its own that is no person
    if scan.head is None and scan.unknown_words and "family" not in s.words:
        return None  # "12 kilometres east", "two hills": words that name no one
    if not s.words.isdisjoint(NEGATION_WORDS) and NEGATED.search(text, max(0, num.start - 30), num.start):
        return None  # "no one was hurt"
    # "killing 14 of them", "rose to 19": a number with nothing after it counts the people named before
    # ("captured two hills" has a noun of its own, so it does not).
    if max_unknown and not scan.unknown_words \
            and (OF_THEM.match(text, num.end) or _bare_number_allowed(text, num, statuses)):
        named = _copula(text, num, scan, actors, max_unknown)  # "11 of whom were civilians" says who
        if named is scan and not _second_status(text, num, statuses):
            named = _antecedent(text, num, scan, actors, s.breaks)
        scan = named  # "killing 2 PMF members and injuring 3": the 3 are of the figure before (others)
    scan = _coordinated_heads(text, _copula(text, num, scan, actors, max_unknown), actors)
    if scan.head is not None and scan.party is None and OF_THEIR.match(text, num.end):
        scan = _their_side(scan, num, actors)  # "the PMF said three of their fighters were killed"
    family = "family" in s.words and FAMILY_OF.search(text, max(0, num.start - 24), num.start)
    if family and scan.head is None and not scan.modifiers:  # "killed a family of seven": its members
        return Figure(family.start(), num.end, num.count, "civilians", None, None, head="family", qualifier=num.kind)
    bare = scan.head is None and (scan.unknown_words or not scan.modifiers)
    more = bare and not scan.unknown_words and MORE_AFTER.match(text, num.end)  # "and two more in Talmenes"
    if bare and not more and (scan.unknown_words or not _bare_number_allowed(text, num, statuses)):
        return None
    if scan.head is not None and not scan.head.person:
        return None
    head = scan.head.text.lower() if scan.head else None
    relative = None
    if head in RELATIVE_HEADS or (scan.head is None and not scan.modifiers):
        relative = "others"
    elif scan.head and scan.head.party is None and head in _terms().get("attacker_heads", []):
        relative = "attackers"
    each = bool(EACH_SIDE.match(text, scan.end))
    if BOTH_SIDES.match(text, scan.end) and scan.party is None:
        relative = "both"  # "22 combatants on both sides": a total, of no one side
    return Figure(num.start, max(scan.end, num.end), num.count, scan.party, scan.group, None, head=head,
                  each_side=each, relative=relative, qualifier=num.kind)


def _clause_start(breaks: tuple[int, ...], pos: int) -> int:
    """Where the clause holding ``pos`` begins."""
    i = bisect.bisect_right(breaks, pos)
    return breaks[i - 1] if i else 0


def _clause_of(breaks: tuple[int, ...], pos: int) -> int:
    return bisect.bisect_right(breaks, pos)


def _bind_status(text: str, fig: Figure, statuses: list[StatusWord], breaks: tuple[int, ...],
                 figures: list[Figure]) -> StatusWord | None:
    """The status word that governs ``fig``.

    One before it that takes an object ("killing 12 soldiers and three
    civilians") wins, unless one after it follows the figure, or the list of
    figures it ends, directly ("26 troops and nine IS fighters were killed").
    """
    clause = _clause_of(breaks, fig.start)
    same = [s for s in statuses if _clause_of(breaks, s.start) == clause]
    left = next((s for s in reversed(same) if s.direction == "pre" and s.end <= fig.start), None)
    right = next((s for s in same if s.direction == "post" and s.start >= fig.end), None)
    if right is None and left is None:
        # "135 people were killed, 85 civilians and 50 soldiers", "…, as well as 74 attackers": the list goes on
        return next((s for s in reversed(statuses) if s.end <= fig.start and s.direction == "post"
                     and LIST_GOES_ON.match(text, s.end, fig.start)), None)
    if right is None or left is None:
        return right or left
    last = _list_end(text, fig, figures, right.start)
    return right if ADJACENT.match(_gap(text, last.end, right.start)) else left


def _list_end(text: str, fig: Figure, figures: list[Figure], limit: int) -> Figure:
    """The last figure of the list ``fig`` starts ("A, B and C were killed"), before ``limit``."""
    last = fig
    for other in figures:
        if last.end <= other.start and other.end <= limit and LIST_JOIN.match(_gap(text, last.end, other.start)) \
                and not OF_THEM.search(text, other.start, other.end + 9):  # "8 fighters, three of whom died"
            last = other
    return last


def _side_after(text: str, fig: Figure, word: StatusWord, actors: dict[int, ActorMention]) -> Figure:
    """"14 dead among regime forces": the side comes after the status word."""
    m = AMONG_SIDE.match(text, word.end)
    side = actors.get(m.end()) if m else None
    return fig._replace(party=side.party, group=side.group, relative=None) if side and side.party else fig


def _adjacent(text: str, fig: Figure, word: StatusWord, figures: list[Figure]) -> bool:
    """A named person's status stands right beside the name or its list ("X and two soldiers were killed")."""
    if word.start >= fig.end:
        return bool(ADJACENT.match(_gap(text, _list_end(text, fig, figures, word.start).end, word.start)))
    return len(text[word.end:fig.start].split()) <= 3


def _gap(text: str, start: int, end: int) -> str:
    """The words between two phrases, an "including …" aside left out."""
    return INCLUDING_ASIDE.sub(" ", text[start:end])


def _after_subset_cue(s: SentenceFacts, pos: int, reach: int) -> bool:
    """Whether "including", "among them" or "of whom" stands right before ``pos``."""
    return not s.words.isdisjoint(SUBSET_WORDS) \
        and bool(SUBSET_CUES.search(s.text[max(0, pos - reach):pos].rstrip(" ,")))


def _last_total(figures: list[Figure]) -> int | None:
    return next((i for i in range(len(figures) - 1, -1, -1) if figures[i].subset_of is None), None)


def _subset_parent(s: SentenceFacts, fig: Figure, figures: list[Figure]) -> int | None:
    if not _after_subset_cue(s, fig.start, 20):
        return None
    parents = [i for i, f in enumerate(figures) if f.end <= fig.start and f.subset_of is None]
    return parents[-1] if parents else None


def _singulars(text: str, numbers: list[NumberMention], singular: PhraseMatcher, heads: dict[int, ActorMention],
               statuses: list[StatusWord]) -> list[NumberMention]:
    """"a soldier", "another member", "shot dead the driver": determiners that count one person.

    Only determiners with a person noun within a few words are kept; "the" only right after a
    status word that takes an object, before a noun that is not plural.
    """
    taken = [(n.start, n.end) for n in numbers]
    out = []
    for m in singular.find(text):
        alone = CLAUSE_END.match(text, m.end) is not None  # "injuring another."
        near = alone or any(0 < h - m.end <= 40 for h in heads)
        if near and not any(s <= m.start < e for s, e in taken) and not _of_person(text, m.start, heads):
            out.append(NumberMention(m.start, m.end, text[m.start:m.end], Count(1, 1), "exact"))
    verbs = [w.end for w in statuses if w.direction == "pre" and text[w.end - 3:w.end] != " of"]  # not "capture of"
    articles = [m for m in (THE_OBJECT.match(text, end) for end in verbs) if m]
    if verbs and " and the " in text:  # "killing 25 soldiers and the civilian driver"
        articles += [m for m in AND_THE.finditer(text, verbs[0]) if SAME_CLAUSE.match(text, verbs[0], m.start())]
    for the in articles:
        tokens = itertools.islice(WORD.finditer(text, the.end()), 3)
        head = next((heads[t.start()] for t in tokens if t.start() in heads), None)
        if head is not None and not PLURAL_HEAD.search(head.text):
            out.append(NumberMention(the.start(1), the.end(1), the.group(1), Count(1, 1), "exact"))
    # A headline's bare noun: "Balad: farmer killed by unexploded ordnance".
    posts = {w.start for w in statuses if w.direction == "post"}
    bare = [h for h in heads.values() if h.start == 0 or text[h.start - 2:h.start] in (": ", "; ")] \
        if 0 in heads or ": " in text or "; " in text else []
    for head in bare:
        if not PLURAL_HEAD.search(head.text) and PASSIVE.match(text, head.end).end() in posts:  # type: ignore[union-attr]
            out.append(NumberMention(head.start, head.start, "", Count(1, 1), "exact"))
    return out


def _pronoun_figures(text: str, statuses: list[StatusWord], actors: dict[int, ActorMention]) -> list[Figure]:
    """"opened fire on a member of the NDF, killing him": one person, the one last named."""
    out = []
    for word in statuses:
        m = PRONOUN.match(text, word.end) if word.direction == "pre" else None
        named = [a for a in actors.values() if a.kind == "head" and a.person and a.end <= word.start] if m else []
        if m and named:
            person = _with_side(text, named[-1], actors)
            out.append(Figure(m.start(1), m.end(1), Count(1, 1), person.party, person.group, None, head=m.group(1)))
    return out


def _adjunct(text: str, end: int, stops: frozenset[int]) -> bool:
    """"a "terrorist" base": a person noun before another noun names a thing, not a person."""
    m = NEXT_WORD.match(text, end)
    return m is not None and m.start(1) not in stops and m.group(1).lower() not in STOP_WORDS \
        and m.group(1).lower() not in ARTICLE_WORDS


def _of_person(text: str, pos: int, heads: dict[int, ActorMention]) -> bool:
    """"a member of a local militia", "the brother of a commander": only the first is the casualty."""
    m = OF_BEFORE.search(text, max(0, pos - 30), pos)
    return m is not None and m.start(1) in heads and m.group(1).lower() not in BODY_WORDS  # "the body of a soldier"


def _appositions(text: str, figures: list[Figure], ones: list[Figure]) -> list[Figure]:
    """"killing its driver, a member of a local militia": one person told twice, not two."""
    out: list[Figure] = []
    for fig in figures:
        prev = out[-1] if out else None
        gap = APPOSITION_GAP.match(text, prev.end) if prev is not None else None
        if prev is not None and fig in ones and gap is not None and gap.end() == fig.start \
                and not LIST_AFTER.match(text, fig.end):
            if prev.party is None and fig.party is not None:
                out[-1] = prev._replace(party=fig.party, group=fig.group)
            continue
        out.append(fig)
    return out


def _person_figures(text: str, actors: dict[int, ActorMention], breaks: tuple[int, ...]) -> list[Figure]:
    out = []
    # "his father Jumaa Ahmad, 44": a name right after a person noun is that person, already counted.
    named = [p for p in aged_names(text) if not PERSON_BEFORE.search(text, max(0, p.start - 30), p.start)
             or not any(a.kind == "head" and a.person and a.end == PERSON_BEFORE.search(
                 text, max(0, p.start - 30), p.start).end(1) for a in actors.values())]
    for person in find_persons(text) + named:
        clause_start = _clause_start(breaks, person.start)
        inside = [a for a in actors.values() if person.start <= a.start < person.end and a.kind == "modifier"]
        # "the mukhtar of the village": a person noun with a side of its own says whose the person is.
        inside += [a for a in actors.values() if person.start <= a.start < person.end and a.kind == "head"
                   and a.party]
        before = [a for a in actors.values() if clause_start <= a.start < person.start and a.kind == "modifier"
                  and person.start - a.end <= 80]
        actor = (inside or before[-1:] or [None])[0]
        out.append(Figure(person.start, person.end, Count(1, 1), actor.party if actor else None,
                          actor.group if actor else None, None, head="person"))
    return out


def _candidates(s: SentenceFacts, actors: dict[int, ActorMention], statuses: list[StatusWord], breaks: tuple[int, ...],
                numbers: list[NumberMention], singular: PhraseMatcher) -> list[Figure]:
    text = s.text
    stops = frozenset(w.start for w in statuses)
    phrases = [p for p in (_phrase(s, n, actors, statuses, stops=stops) for n in numbers) if p is not None]
    heads = {a.start: a for a in actors.values() if a.kind == "head" and a.person}
    objects = {w.end for w in statuses if w.direction == "pre"}
    # A determiner right after "killing" has its noun's adjectives read ("shot dead a prominent protest activist").
    ones = [p for p in (_phrase(s, n, actors, statuses, max_unknown=2 if n.start - 1 in objects else 1,
                                stops=stops)
                        for n in _singulars(text, numbers, singular, heads, statuses))
            if p is not None and (p.head is not None or p.relative == "others")  # "injuring another"
            and not _adjunct(text, p.end, stops) and not BY_AGENT.search(text, max(0, p.start - 4), p.start)
            and not (p.head and PLURAL_HEAD.search(p.head) and " of " not in text[p.start:p.end])  # "its members"
            and not _after_subset_cue(s, p.start, 30)
            and not INCLUDING_OPEN.search(text, max(0, p.start - 80), p.start)]
    persons = _person_figures(text, actors, breaks)
    if " him" in text or " her" in text:
        persons += _pronoun_figures(text, statuses, actors)
    chosen = list(phrases)
    for extra in ones + persons:
        if not any(extra.start < c.end and c.start < extra.end for c in chosen):
            chosen.append(extra)
    # "…, a local militia leader said": whoever speaks is the teller, not a casualty.
    told = sorted((f for f in chosen if not SPEAKS.match(text, f.end)), key=lambda f: f.start)
    return _appositions(text, told, ones) if ones else told


def _lost_by_attackers(text: str, status: StatusWord, actors: dict[int, ActorMention],
                       breaks: tuple[int, ...]) -> bool:
    if text[status.start:status.end].lower() not in ("lost", "losing"):
        return False
    clause_start = _clause_start(breaks, status.start)
    heads = [a for a in actors.values() if clause_start <= a.start < status.start and a.kind == "head"]
    return bool(heads) and heads[-1].text.lower() in _terms().get("attacker_heads", [])


def _agent_party(text: str, status: StatusWord, actors: dict[int, ActorMention], breaks: tuple[int, ...],
                 sides: tuple[str, str] | None) -> str | None:
    """Victims named only as "fighters": the subject's own side after "lost", else its enemy."""
    clause_start = _clause_start(breaks, status.start)
    agents = [a for a in actors.values() if clause_start <= a.start < status.start and a.party
              and a.party not in ("unknown", "civilians")]
    if not agents:
        return None
    # The subject: the clause's first side ("IS cells ambushed an NDF patrol, killing five militiamen",
    # "US strikes on Iran-backed groups killed nine fighters"); after "lost", the side right before it.
    word = text[status.start:status.end].lower()
    agent = agents[0].party if word.endswith("ing") or word not in ("lost", "losing") else agents[-1].party
    if word in ("lost", "losing"):
        return agent
    if sides and agent in sides:
        return sides[1] if agent == sides[0] else sides[0]
    return None


def find_figures(text: str | SentenceFacts, lexicon: ActorLexicon | None = None, theatre: str | None = SYRIA,
                 default_status: str | None = None, sides: tuple[str, str] | None = None,
                 require_status: bool = True) -> list[Figure]:
    """Every casualty figure in one sentence, in text order.

    ``text``: a sentence's facts (its numbers, clause breaks and actors found), or a text on its own.
    ``default_status`` applies where no status word governs a figure (a tally
    headed "Accumulated fatalities: …"), in sentences that have a status word
    somewhere unless ``require_status`` is off; ``sides`` are the two main parties of
    the document, to tell whose "fighters" a side killed.
    """
    lexicon = lexicon or ActorLexicon.load()
    if isinstance(text, str):
        from warledger.extract.stages import facts_for

        text = facts_for(text, theatre, lexicon)
    s = text
    hits = _status_matcher().find(s)
    if (require_status or default_status is None) and not hits and not _took(s) and "toll" not in s.words:
        return []  # every figure needs a status word in its sentence: skip the costly passes
    text = s.text
    by_start = {a.start: a for a in s.actors}
    numbers = s.numbers
    # A status word takes as its object a number or a person noun right after it ("gunned down the mukhtar").
    objects = {n.start for n in numbers} | {a.start for a in by_start.values() if a.person}
    statuses = status_words(s, objects, hits)
    breaks = s.breaks
    phrases = _candidates(s, by_start, statuses, breaks, numbers, lexicon.singular)
    figures: list[Figure] = []
    among_words = "among" in s.words
    for fig in phrases:
        parent = _subset_parent(s, fig, figures)
        if parent is None and figures and OF_THEM.search(text, fig.start, fig.end):
            parent = _last_total(figures)  # "16 people, 11 of whom were civilians", "five of them children"
        prev = figures[-1] if figures else None
        if parent is None and prev is not None and prev.subset_of is not None \
                and (LIST_JOIN.match(text[prev.end:fig.start]) or AND_ITEM.match(text[prev.end:fig.start])):
            parent = prev.subset_of  # "including 77 IS members and 40 SDF fighters"
        word = _bind_status(text, fig, statuses, breaks, phrases)
        if fig.head == "person" and word is not None and not _adjacent(text, fig, word, phrases):
            word = None  # "commander X stated that the dam had been captured": X is the teller
        status = word.status if word else default_status
        if status is None and figures and LIST_JOIN.match(text[figures[-1].end:fig.start]):
            status = figures[-1].status  # "…, four soldiers and three of the attackers": the list's status
        if fig.party is None and fig.relative is None and word is not None and word.direction == "pre":
            if _lost_by_attackers(text, word, by_start, breaks):
                fig = fig._replace(relative="attackers")  # "The attackers also lost 56 fighters"
            else:
                fig = fig._replace(party=_agent_party(text, word, by_start, breaks, sides))
        if parent is not None:
            status = status or figures[parent].status
            # "killed or wounded 8 fighters, three of whom died": the three are a count of their own.
            subset = parent if status == figures[parent].status else None
            of_them = OF_THEM.search(text, fig.start, fig.end + 9)  # "two of them": the total's people …
            of_them = of_them is not None and not COPULA.match(text, of_them.end())  # … unless "of whom were civilians"
            party = figures[parent].party if of_them and figures[parent].party else fig.party or figures[parent].party
            fig = fig._replace(subset_of=subset, party=party)
        elif status is None and (among := AMONG.search(text, max(0, fig.start - 60), fig.start)):
            status, fig = _AMONG_STATUS.get(among.group(1).lower(), "killed"), fig._replace(relative="among")
        elif prev is not None and prev.relative == "among" and LIST_JOIN.match(text[prev.end:fig.start]):
            status, fig = prev.status, fig._replace(relative="among")  # "The dead include 29 …, 19 … and six …"
        elif parent is None and not figures and fig.relative is None and fig.head not in lexicon.generic \
                and PARTITIVE.match(text[fig.start:fig.end]):
            fig = fig._replace(relative="among")  # "One of the women, aged 29, was killed": told before
        elif among_words and (among := AMONG_AFTER.match(text, fig.end)) is not None:
            # "five soldiers were among the dead": a part of the toll already given
            status, fig = _AMONG_STATUS.get(among.group(1).lower(), "killed"), fig._replace(relative="among")
        if word is not None and among_words:
            fig = _side_after(text, fig, word, by_start)  # "3 fatalities among CTS troops" names the side
        if fig.party is None and " side" in text and (side := SIDE_PHRASE.match(text, fig.end)) \
                and (actor := by_start.get(side.start(1))):
            fig = fig._replace(party=actor.party, group=actor.group)  # "28 fighters on the insurgent side"
        if status is not None:
            figures.append(fig._replace(status=status, revision=_revision(s, word)))
    return _at_least_covers_list(text, _breakdowns(text, _resolve_relatives(figures)))


def _breakdowns(text: str, figures: list[Figure]) -> list[Figure]:
    """A list right after a total that adds up to it is its breakdown: each item is a part of the total."""
    out = list(figures)
    for i, total in enumerate(out):
        if total.count.low is None or total.count.high not in (None, total.count.low):
            continue  # an exact total, or "at least 135" that its parts add up to
        j = i + 1
        near = j < len(out) and out[j].start - total.end <= 80
        gap = BREAKDOWN_GAP.match(text[total.end:out[j].start]) if near else None
        if gap is None:
            continue
        chain = [j]
        if gap.group(0).rstrip().endswith("("):  # "18 killed (10 soldiers and 8 PMC)": all inside are parts
            close = text.find(")", out[j].start)
            chain = [k for k in range(j, len(out)) if close < 0 or out[k].start < close]
            for k in chain:
                out[k] = out[k]._replace(subset_of=i)
            continue
        while chain[-1] + 1 < len(out) and ITEM_GAP.match(text, out[chain[-1]].end, out[chain[-1] + 1].start):
            chain.append(chain[-1] + 1)
        items = [out[k] for k in chain]
        exact = all(f.count.low is not None and f.count.low == f.count.high for f in items)
        # After a bare comma the items must be of the total's kind ("two civilians, a man and a boy"), not a
        # list going on ("two soldiers, a civilian and a child").
        alike = gap.group(0).rstrip().endswith((":", "(", "with", "namely", "–", "—", "-")) \
            or all(f.party in (total.party, None, "unknown") for f in items) or total.party in (None, "unknown")
        free = all(f.status == total.status and f.subset_of in (None, total.subset_of) for f in items)
        if len(items) > 1 and exact and alike and free and sum(f.count.low or 0 for f in items) == total.count.low:
            for k in chain:
                out[k] = out[k]._replace(subset_of=i)
    return out


def _revision(s: SentenceFacts, word: StatusWord | None) -> str | None:
    """Whether a toll revises an earlier one ("the toll rose to 35") or is the earlier one."""
    text = s.text
    if word is None or s.words.isdisjoint(_revision_gate()):
        return None
    clause = max(text.rfind(";", 0, word.start), text.rfind(". ", 0, word.start), text.rfind(", ", 0, word.start),
                 0)
    if EARLIER_TOLL.search(text, clause, word.start):
        return "earlier"  # "an earlier toll stood at 27", "initial reports said 18 dead"
    # "raised the ISIL toll to 34": the verb may stand a few words before the toll phrase (not before "died").
    phrase = text[word.start:word.end].lower()
    if not phrase.endswith((" to", " at")) and set(phrase.split()).isdisjoint(_terms()["revision_words"]):
        return None
    words = set(text[max(clause, word.start - 30):word.end].lower().split())
    if words.isdisjoint(_terms()["revision_words"]):
        return None
    return "own" if not words.isdisjoint(("its", "their")) else "later"  # "raised its toll": its own count


@functools.cache
def _revision_gate() -> frozenset[str]:
    """Words without one of which a sentence revises no toll."""
    return frozenset(_terms()["revision_words"]) | {"earlier", "initial", "previous", "preliminary", "first", "had",
                                                    "initially", "previously"}


def _at_least_covers_list(text: str, figures: list[Figure]) -> list[Figure]:
    """A leading "at least" covers every item of its list (contract's Count rules)."""
    out: list[Figure] = []
    for fig in figures:
        prev = out[-1] if out else None
        if prev is not None and prev.qualifier == "min" and fig.qualifier == "exact" and fig.count.low is not None \
                and LIST_JOIN.match(text[prev.end:fig.start]):
            fig = fig._replace(count=Count(fig.count.low, None), qualifier="min")
        out.append(fig)
    return out


def _resolve_relatives(figures: list[Figure]) -> list[Figure]:
    """"15 others" take the party and group of the figure before them."""
    out: list[Figure] = []
    for fig in figures:
        # "20 children" inside "72 deaths, including 20 children" is not whom "the toll" counts.
        last = next((f for f in reversed(out) if f.subset_of is None), None)
        if fig.relative == "others" and last is not None and fig.party is None:
            fig = fig._replace(party=last.party, group=last.group)
        out.append(fig)
    return out
