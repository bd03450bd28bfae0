"""Breakdowns: a sentence's figures read as a list — parts of a total, "at least" over a list, "others".

Run in order on the figures the per-figure passes kept: a part written before its
total points at it ("three civilians among seven killed"); "15 others" take the
side of the figure before them; a list right after a total that adds up to it
is its breakdown ("42 people: 36 soldiers and 6 civilians"), whose parts then take the total's side; a leading "at
least" covers every item of its list; one person and "eight other militants" are one figure of nine; families
count only as they move or are held; a side's fighters who flee withdraw; civilians taken are hostages; a rate
counts no one; names right after a count of as many are those people. The list passes, in order: no_rates,
no_recalled, families_move_or_are_held, forces_withdraw, civilians_taken_are_hostages, part_before_total,
resolve_relatives, one_and_others, names_of_the_count, breakdowns, resolve_relatives, at_least_covers_list,
sided_by_parts, mixed_totals, taken_then_killed.

>>> from warledger.model import Count
>>> s = SentenceFacts.of("42 people: 36 soldiers and 6 civilians.")
>>> figs = [Figure(0, 9, Count(42, 42), None, None, "killed"), Figure(11, 22, Count(36, 36), "SY", None, "killed"),
...         Figure(27, 38, Count(6, 6), "civilians", None, "killed")]
>>> [f.subset_of for f in breakdowns(s, figs)]
[None, 0, 0]
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation, cue_list, cue_words
from warledger.extract.figures import NAMED_PERSON, Figure, keep_only
from warledger.extract.figures.rates import no_rates
from warledger.extract.figures.recalled import no_recalled
from warledger.extract.figures.syntax import APPOSITION_CHAR, DEEDS_THEN, LIST_JOIN, ONE_PERSON_ITEM
from warledger.extract.mentions.event_types import is_state_party
from warledger.model import Count

# Between a total and the list that breaks it down: "42 people: 36 soldiers and 6 …", "two civilians, a man
# and a boy", "four volunteers—two Americans and …", "rose to 154 on Sunday, the Observatory said, with 102 IS
# members, …", "13 civilians, consisting of seven women and six children".
BREAKDOWN_GAP = re.compile(rf"^[^;.]{{0,80}}?(?:,|:|\(|\s?[–—]|\s-)\s*"
                           rf"(?:with\s+|namely\s+|(?:{cue_alternation('strength_verbs')})\s+)?$", re.I)
# Between a part and the total it is among: "Three civilians were among seven people killed", "5-6 civilians,
# including a small child, among up to 13 killed".
# (past the rest of the part's phrase: "A senior commander for Punjab was among four militants killed")
AMONG_NEXT = re.compile(r"(?:\s+(?:for|of|from|in)\s+[^,;.\d]{1,40}?)?(?:,\s*including\s[^,;]{1,60},)?,?\s+"
                        r"(?:(?:were|was)\s+)?"
                        r"(?:(?:also|reportedly|allegedly)\s+)?among\s+(?:the\s+)?", re.I)
# Between two items of a breakdown: the rest of an item's words, an aside in parentheses, a comma or "and"
# ("2 fighters of the Manbij Military Council (QSD) and 13 civilians").
ITEM_GAP = re.compile(r"(?:,?\s*aged\s+\d+)?[^,;.\d()]{0,40}?(?:\s*\([^)]*\))?\s*(?:,\s*)?(?:\band\s+|&\s+)?$")
LIST_OPENERS = (":", "(", "with", "namely", "–", "—", "-")  # after these the items are of the total's kind


# "his brother", "her son": a relative of the person told before (cues/person_kin_nouns.yaml).
KIN_HEADS = cue_words("person_kin_nouns")
KIN_OWNER = re.compile(r"(?:his|her)\s", re.I)


def _kin_of(before: list[Figure], fallback: Figure | None) -> Figure | None:
    """The person a relative belongs to: the last one person told before, when a side's."""
    person = next((f for f in reversed(before) if f.count.low == f.count.high == 1), None)
    return person if person is not None and person.party not in (None, "unknown", "civilians") else fallback


def resolve_relatives(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """"15 others" take the party and group of the figure before them: "IS killed 35 pro-government fighters
    and wounded 15 others" (the 15 are pro-government); people inside a side's total are that side's."""
    out: list[Figure] = []
    for fig in figures:
        # "20 children" inside "72 deaths, including 20 children" is not whom "the toll" counts.
        last = next((f for f in reversed(out) if f.subset_of is None), None)
        if fig.revision == "earlier":  # "rose to 19, 13 soldiers and six IS fighters, after it had reported 14"
            last = next((f for f in out if f.status == fig.status), last)
        # "wounding two others, including Major General X": a part takes the side its total took here.
        source = out[fig.subset_of] if fig.subset_of is not None and fig.subset_of < len(out) \
            else last if fig.relative == "others" else None
        if fig.head in KIN_HEADS and KIN_OWNER.match(s.text, fig.start):
            source = _kin_of(out, source)
        # "several civilians, including four people": people inside a side's total are that side's.
        if source is not None and (fig.party is None or (fig.party in ("unknown", "civilians") and (
                fig.subset_of is not None or fig.head in KIN_HEADS) and source.party not in (None, "unknown"))):
            fig = fig._replace(party=source.party, group=source.group)
            if s.trace is not None and fig.party is not None:
                note(s, "figures.resolve_relatives", "set", f"{s.text[fig.start:fig.end]} → {fig.party}")
        out.append(fig)
    return out


# Between one person and the others counted with them: "an ISIL commander and eight other militants", "Shaker
# al-Afri, a senior ISIL member, and four others", "an ISIL commander in the Kartan area, along with 14 other".
WITH_OTHERS = re.compile(r"^[^.;\d]{0,60}?,?\s+(?:and|along\s+with|together\s+with)\s+$", re.I)
OTHER_WORD = re.compile(r"\bothers?\b", re.I)
# "Isnilon Hapilon and Omar Maute", "X, Y and Z", "X, deputy chief of operations in Anbar, and Y"
NAME_JOIN = re.compile(rf"(?:,{APPOSITION_CHAR}{{1,80}},\s*(?:and\s+)?|(?:,\s*|\s+)(?:and\s+)?)\Z")


def one_and_others(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """One person and the others told with them are one figure: "an Iraqi ISIL commander and eight other militants
    were killed" counts nine; so are names listed together ("Isnilon Hapilon and Omar Maute were killed": 2)."""
    out: list[Figure] = []
    moved: list[int] = []  # where each figure went (a part may point at a total after it)
    for fig in figures:
        one = out[-1] if out else None
        if one is not None and (_joins_others(s.text, one, fig) or _joins_names(s.text, one, fig)):
            # "X, Y and Z": each name joined adds its count to the list's so far
            high = None if fig.count.high is None or one.count.high is None else fig.count.high + one.count.high
            out[-1] = one._replace(end=fig.end, count=Count(fig.count.low + one.count.low, high),  # type: ignore[operator]
                                   party=one.party or fig.party, group=one.group or fig.group)
            if s.trace is not None:
                note(s, "figures.one_and_others", "set", f"{s.text[one.start:fig.end]}: one figure")
        else:
            out.append(fig)
        moved.append(len(out) - 1)
    if len(out) == len(figures):
        return figures
    return [f if f.subset_of is None else f._replace(subset_of=moved[f.subset_of]) for f in out]


def names_of_the_count(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """Names set between commas right after a count of as many people are those people again: "Two soldiers,
    Sergeant A and Captain B, and three policemen died" counts five."""
    again = {i for i in range(1, len(figures)) if _named_again(s.text, figures[i - 1], figures[i])}
    if not again:
        return figures
    at = [i - sum(1 for j in again if j <= i) for i in range(len(figures))]  # where each kept figure goes
    return [f if f.subset_of is None else f._replace(subset_of=at[f.subset_of - (f.subset_of in again)])
            for i, f in enumerate(figures) if i not in again]


def _named_again(text: str, count: Figure, names: Figure) -> bool:
    return names.head == NAMED_PERSON and (count.count.low or 0) > 1 and names.count == count.count \
        and text[count.end:names.start].strip() == "," and text.startswith(",", names.end)


def _joins_others(text: str, one: Figure, fig: Figure) -> bool:
    return (one.count == Count(1, 1) and fig.count.low is not None and one.status == fig.status
            and one.subset_of is None and fig.subset_of is None and one.party in (None, fig.party)
            and OTHER_WORD.search(text, fig.start, fig.end) is not None
            and WITH_OTHERS.match(text[one.end:fig.start]) is not None)


def _joins_names(text: str, one: Figure, fig: Figure) -> bool:
    sided_alike = one.party == fig.party or None in (one.party, fig.party)
    return (one.head == NAMED_PERSON == fig.head and one.status == fig.status and one.end < fig.start
            and one.subset_of is None and fig.subset_of is None and sided_alike
            and NAME_JOIN.fullmatch(text, one.end, fig.start) is not None and bool(text[one.end:fig.start].strip()))


def _in_parentheses(text: str, figures: list[Figure], first: int) -> list[int]:
    """"18 killed (10 soldiers and 8 PMC)": every figure inside the parentheses is a part."""
    close = text.find(")", figures[first].start)
    return [k for k in range(first, len(figures)) if close < 0 or figures[k].start < close]


def _items(text: str, figures: list[Figure], first: int) -> list[int]:
    """The figures of the list that begins at ``first``."""
    chain = [first]
    while chain[-1] + 1 < len(figures) and ITEM_GAP.match(text, figures[chain[-1]].end, figures[chain[-1] + 1].start):
        chain.append(chain[-1] + 1)
    return chain


def _adds_up(total: Figure, items: list[Figure], opener: str, uncounted: int = 0) -> bool:
    """Exact items, more than one (``uncounted``: of one person each), of the total's status and kind, adding up."""
    if len(items) + uncounted < 2 or not all(f.count.low is not None and f.count.low == f.count.high for f in items):
        return False
    # After a bare comma the items must be of the total's kind ("two civilians, a man and a boy"), not a list going
    # on ("two soldiers, a civilian and a child"); "others" are of no kind ("10 others, 5 police and 5 civilians").
    alike = opener.endswith(LIST_OPENERS) or total.party in (None, "unknown") or total.relative == "others" \
        or all(f.party in (total.party, None, "unknown") for f in items)
    free = all(f.status == total.status and f.subset_of in (None, total.subset_of) for f in items)
    return alike and free and sum(f.count.low or 0 for f in items) + uncounted == total.count.low


def _parts(text: str, figures: list[Figure], i: int) -> list[int]:
    """The figures after the total ``figures[i]`` that break it down, if any."""
    total, j = figures[i], i + 1
    if total.count.low is None or total.count.high not in (None, total.count.low) or j == len(figures):
        return []  # an exact total, or "at least 135" that its parts add up to; a figure to follow it
    between = text[total.end:figures[j].start] if figures[j].start - total.end <= 80 else "."  # (. : none near)
    if ONE_PERSON_ITEM.match(between):  # "Three teachers, the headmistress and two of her staff, were shot"
        chain = _items(text, figures, j)  # (closed by a comma)
        closed = text[figures[chain[-1]].end:].lstrip().startswith(",")
        return chain if closed and _adds_up(total, [figures[k] for k in chain], ",", 1) else []
    gap = BREAKDOWN_GAP.match(between)
    if gap is None:
        return []
    opener = gap.group(0).rstrip()
    if opener.endswith("("):
        return _in_parentheses(text, figures, j)
    chain = _items(text, figures, j)
    return chain if _adds_up(total, [figures[k] for k in chain], opener) else []


def breakdowns(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """A list right after a total that adds up to it is its breakdown: each item is a part of the total
    ("42 people: 36 soldiers and 6 civilians", "18 killed (10 soldiers and 8 PMC)")."""
    out = list(figures)
    for i in range(len(out)):
        parts = _parts(s.text, out, i)
        if parts and out[i].relative == "others":  # its parts, not the figure before, tell whose they are
            out[i] = out[i]._replace(party=None, group=None, relative=None)
        for k in parts:
            if out[i].subset_of is not None and out[k].subset_of == out[i].subset_of:
                continue  # "four volunteers—two Americans, one Canadian and one Swede": siblings, not its parts
            out[k] = out[k]._replace(subset_of=i)
            if s.trace is not None:
                note(s, "figures.breakdowns", "set", f"{s.text[out[k].start:out[k].end]} ⊂ "
                     f"{s.text[out[i].start:out[i].end]}")
    return out


# "at least 21 people had been killed and 112 wounded": the second count's verb is left out (gapping); "at least 10
# people died and 15 more were injured", "killing at least 10 soldiers and wounding 20": a bare count's clause of its
# own.
GAPPED_BEFORE = re.compile(r"\s+(?:(?:had|have|has)\s+been\s+|were\s+|was\s+)?[a-z]+\s+and\s+\Z")
STATUS_AFTER = re.compile(r"\s+(?:killed|dead|wounded|injured|hurt)\b")
BARE_CLAUSE_AFTER = re.compile(r"(?:\s+more)?\s+(?:were|was|had\s+been|have\s+been)\s+"
                               r"(?:killed|wounded|injured|hurt)\b")
VERB_AND_BEFORE = re.compile(r"\s+and\s+(?:wounding|injuring|killing)\s+\Z")


def _gapped(text: str, prev: Figure, fig: Figure) -> bool:
    bare = fig.head is None or fig.head not in text[fig.start:fig.end].lower()  # its noun is the count's before
    if GAPPED_BEFORE.match(text, prev.end, fig.start):
        return bool(STATUS_AFTER.match(text, fig.end) or (bare and BARE_CLAUSE_AFTER.match(text, fig.end)))
    return bare and VERB_AND_BEFORE.match(text, prev.end, fig.start) is not None


def at_least_covers_list(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """A leading "at least" covers every item of its list (contract's Count rules): "at least 12 soldiers and
    4 civilians" counts at least 4 civilians; so it does the count of a gapped clause: "at least 21 people had
    been killed and 112 wounded", and a bare count's ("killing at least 10 soldiers and wounding 20"). An "at
    least" inside a list covers its own item only ("28 soldiers, at least 40 militants and 14 civilians")."""
    out: list[Figure] = []
    for fig in figures:
        prev = out[-1] if out else None
        if prev is not None and prev.qualifier == "min" and fig.qualifier == "exact" and fig.count.low is not None \
                and (LIST_JOIN.match(s.text[prev.end:fig.start]) or _gapped(s.text, prev, fig)) \
                and _leads(s.text, out):
            fig = fig._replace(count=Count(fig.count.low, None), qualifier="min")
            if s.trace is not None:
                note(s, "figures.at_least_covers_list", "set", f"{s.text[fig.start:fig.end]} → at least")
        out.append(fig)
    return out


def _leads(text: str, figures: list[Figure]) -> bool:
    """Whether the last of ``figures`` opens its list, or takes its "at least" from the item before it."""
    if len(figures) < 2:
        return True
    before, last = figures[-2], figures[-1]
    return before.qualifier == "min" or not LIST_JOIN.match(text[before.end:last.start])


def part_before_total(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """A figure said to be among the next one is a part of it, though written first: "Three civilians were
    among seven people killed" (or, in a headline, "Three civilians among seven killed") counts seven, three
    of them civilians; so does a part with its own parts told between ("Three civilians, including one child,
    were among up to seven killed")."""
    out = list(figures)
    for i in range(1, len(out)):
        total, before = out[i], out[i - 1]
        at = before.subset_of if before.subset_of is not None and before.subset_of < i - 1 else i - 1
        part = out[at]
        if part.subset_of is None and total.subset_of is None and part.status == total.status \
                and AMONG_NEXT.fullmatch(s.text, before.end, total.start) and _at_most(part.count, total.count):
            out[at] = part._replace(subset_of=i)
            out[i] = _own_words(s.text, total)
            if s.trace is not None:
                note(s, "figures.part_before_total", "set", f"{s.text[part.start:part.end]} ⊂ "
                     f"{s.text[total.start:total.end]}")
    return out


def _own_words(text: str, total: Figure) -> Figure:
    """A bare total ("among seven killed") is of no one side: the side its number took from the people named
    before it (the part) is dropped."""
    if total.head is None or total.head in text[total.start:total.end].lower():
        return total
    return total._replace(party=None, group=None, head=None)


def _at_most(part: Count, total: Count) -> bool:
    """Whether a part fits in a total: "up to seven" holds three."""
    bound = total.low if total.low is not None else total.high
    return part.low is not None and bound is not None and part.low <= bound


MOVED_OR_HELD = frozenset({"displaced", "captured", "kidnapped", "arrested"})


def families_move_or_are_held(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """Families count one per family only as they move or are held ("900 families were evacuated", "14 Syrian
    families surrendered"): killed or wounded, their members are told, not how many families ("civilians from two
    families died"); such a figure is dropped, and its parts are the figure's before it ("eight civilians from two
    families, including six children")."""
    kept = [i for i, f in enumerate(figures)
            if not ((f.head or "").lower().endswith("families") and f.status not in MOVED_OR_HELD)]
    if len(kept) == len(figures):
        return figures
    before = {i: i - 1 if i > 0 and figures[i - 1].subset_of is None else None
              for i in range(len(figures)) if i not in kept}
    return keep_only([f._replace(subset_of=before[f.subset_of]) if f.subset_of in before else f for f in figures], kept)


SURRENDER = re.compile(r"\bsurrender", re.I)


def forces_withdraw(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """A side's fighters who evacuate or flee withdraw; they are not displaced people ("Russian forces evacuated
    to the eastern side of the river"), unless counted among people who fled ("2,000 people, including 300 ISIL
    gunmen, had fled")."""
    kept = [i for i, f in enumerate(figures) if not (
        f.status == "displaced" and f.subset_of is None and f.party not in (None, "unknown", "civilians"))]
    return figures if len(kept) == len(figures) else keep_only(figures, kept)


def civilians_taken_are_hostages(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """Civilians an armed side captures are hostages, kidnapped ("Russian forces had captured employees at the city
    hall"); civilians who surrender are captured ("14 Syrian families surrendered")."""
    if not any(f.status == "captured" and f.party == "civilians" for f in figures) or SURRENDER.search(s.text):
        return figures
    return [f._replace(status="kidnapped") if f.status == "captured" and f.party == "civilians" else f
            for f in figures]


def sided_by_parts(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """Fighters or officials of no named side are the side of their parts when these name one side, not civilians
    ("the bodies of six military officials, including a Russian colonel"); people are left to mixed_totals."""
    out = list(figures)
    for i, total in enumerate(figures):
        parts = [f for f in figures if f.subset_of == i and f.party not in (None, "unknown")]
        if total.party is None and total.relative is None and len({f.party for f in parts}) == 1 \
                and parts[0].party != "civilians":
            out[i] = total._replace(party=parts[0].party, group=parts[0].group)
    return out


def mixed_totals(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """A total of no named side whose parts name two sides or more counts everyone (party null, as the contract
    files a total over all parties): "about 440 people were killed, including 200 soldiers, 110 ISIL fighters and
    127 civilians". So does one whose one part is an armed group's fighters, who live and flee among civilians
    ("2,000 people, including 300 ISIL gunmen, had fled"), and so does one whose part is named "civilians", a word
    that sets them apart from the fighters among the rest ("killed 42 people, including 13 civilians"). A state's
    troops, or civilians named as children or women, as the one part leave it "people" ("dozens of people,
    including eight soldiers", "four people, including two children")."""
    out = list(figures)
    for i, total in enumerate(figures):
        parts = [f for f in figures if f.subset_of == i]
        sides = {f.party for f in parts if f.party not in (None, "unknown")}
        # A bare count reads as "others" of the side before until its parts show it counts every side.
        if total.party in (None, "unknown") and total.relative in (None, "others") and (
                len(sides) > 1 or any(_armed_group(side) for side in sides)
                or any(f.head in CIVILIAN_HEADS for f in parts)):
            out[i] = total._replace(party=None, group=None, relative="both")
            for j, part in enumerate(figures):  # a part of no side of its own counts everyone too ("3,500 on … alone")
                if part.subset_of == i and part.party in (None, "unknown") and part.relative is None:
                    out[j] = part._replace(party=None, relative="both")
            if s.trace is not None:
                note(s, "figures.mixed_totals", "set", f"{s.text[total.start:total.end]} → every side")
    return out


CIVILIAN_HEADS = frozenset(("civilians", "non-combatants", "noncombatants"))


def _armed_group(party: str) -> bool:
    """Whether ``party`` is the fighters of a non-state armed group (not civilians, not a state's forces)."""
    return party != "civilians" and not is_state_party(party)


# "50 soldiers … were captured and summarily executed", "200 Turkmens were reportedly held and killed", "two men
# were abducted, beaten and shot", "X, the town treasurer, was abducted …, and was killed" (past an apposition).
TAKEN_THEN_KILLED = re.compile(rf"(?:,[^.;,]{{1,80}},)?[^.;,]{{0,40}}?\b(?:were|was|had\s+been)\s+(?:\w+ly\s+)?"
                               rf"(?P<taken>{cue_alternation('taken_verbs')})\b(?:{DEEDS_THEN.pattern})"
                               r"(?:executed|killed|shot|beheaded|murdered)\b", re.I)
TAKEN_WORDS = frozenset(cue_list("taken_verbs"))
TAKEN_STATUS = {"captured": "captured", "seized": "captured", "detained": "arrested", "arrested": "arrested"}


def taken_then_killed(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """People taken and then killed ("50 soldiers were captured and summarily executed") are counted taken as well
    as dead: a figure of the taking is added after the sentence's figures."""
    if s.words.isdisjoint(TAKEN_WORDS):
        return figures
    taken = []
    for fig in figures:
        m = TAKEN_THEN_KILLED.match(s.text, fig.end) if fig.status == "killed" else None
        if m is not None:
            taken.append(fig._replace(status=TAKEN_STATUS.get(m.group("taken").lower(), "kidnapped"),
                                      subset_of=None))
            if s.trace is not None:
                note(s, "figures.taken_then_killed", "set", f"{s.text[fig.start:fig.end]} → {taken[-1].status}")
    return figures + taken


LIST_PASSES = (no_rates, no_recalled, families_move_or_are_held, forces_withdraw, civilians_taken_are_hostages,
               part_before_total,
               resolve_relatives,
               one_and_others, names_of_the_count, breakdowns, resolve_relatives, at_least_covers_list, sided_by_parts,
               mixed_totals, taken_then_killed)
