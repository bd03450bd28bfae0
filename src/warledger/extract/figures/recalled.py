"""Recalled incidents: a count told only to name an earlier incident that the sentence's news follows from.

A brief about an arrest, a trial, a curfew or an inquiry names the killing it follows from in a relative
clause ("a day after a double suicide bombing that has killed two people", "sentenced to death for the church
shooting in which nine people were killed") or as the cause of a protest ("to protest the death of two
protesters"). Those dead are the earlier incident's, counted in its own report, not the news of this one; an
offensive "after an attack that killed 5 soldiers" tells that attack, and its dead count.

>>> text = "A curfew is declared a day after a double suicide bombing that has killed two people."
>>> recalled_before(text, text.index("two people"))
True
>>> recalled_before("Two suicide bombers kill at least 24 people.", 27)
False
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.figures import Figure, keep_only

# What the news follows from, told apart from the incident itself ("retook the town after a day of clashes that
# left 14 soldiers dead" is that day's news): a stretch of time after it ("a day after", "six years after"), an
# incident called earlier ("following an earlier shooting in which a boy was killed"), an inquiry into it, a blame
# or a response for it ("human error was to blame for an airstrike … that killed 30", "In response to yesterday's
# bombing … that killed 88"), or a sentence or a charge for it ("sentenced to death for the church shooting in
# which").
_FOLLOWS = (r"(?:\b(?:hours?|days?|weeks?|months?|years?)\s+(?:after|following)"
            r"|\b(?:investigation|inquiry|probe)\s+into|\b(?:liable|responsible|to\s+blame)\s+for"
            r"|\binvolved\s+in|\bin\s+(?:response|retaliation)\s+(?:to|for)"
            r"|\b(?:after|following)(?=\s+(?:an?|the)\s+(?:earlier|previous|prior)\s)"
            rf"|\b(?:{cue_alternation('sentence_verbs')})\b[^;.]{{0,120}}?\b(?:for|in|over|in\s+(?:relation|connection)\s+(?:to|with)))")
# The earlier incident, a place or a day after its noun, then the relative clause the count stands in (and the parts
# it names: "… that killed at least 19 people, including Shuja Khanzada").
_INCIDENT = (rf"(?:(?:{cue_alternation('incident_nouns')}|shooting|airstrike|air\s+strike|strike|shelling)s?)"
             r"(?:\s+(?:of|at|in|on|near)\s+[^,;.()]{1,80}?)?")
RECALLED = re.compile(
    rf"{_FOLLOWS}\s+(?:(?:the|a|an|[\w-]+['’]s)\s+(?:[\w'’-]+\s+){{0,5}}?|(?:(?!\d)[\w'’-]+\s+){{0,5}}?)"
    rf"{_INCIDENT},?\s+(?:that|which|(?:in|during)\s+which|where)\s+"
    r"(?:[^,;.]|,\s+(?:including|among\s+them)\b){0,80}$", re.I)
FRONTED_STRETCH = re.compile(r"\s*(?:[\w-]+\s+)?")  # the sentence opens with the stretch: "Two days after …"
# Days or more after an incident told with its own verb, after the news: "…, two weeks after a similar attack killed
# hundreds" (not "hours after a bombing in Damascus killed 14 soldiers": that day's news too; not "Two days after an
# IS ambush killed seven soldiers, the army launched a sweep": a sentence that opens so tells the ambush).
DAYS_AFTER = re.compile(rf"\b(?:days?|weeks?|months?|years?)\s+(?:after|following)\s+(?:the|a|an|their|its|his|her|"
                        r"[\w-]+['’]s)\s+"
                        rf"(?:[\w'’-]+\s+){{0,5}}?{_INCIDENT}\s+[^,;.]{{0,80}}$", re.I)
# The killing someone is accused of, or the deaths a charge is about: "Roof is suspected of killing nine people",
# "acquits X of the charge of killing three prisoners", "charge a man with murder in the deaths of an imam and his
# assistant", "a stretch after it": "six years after the murder of around 58 people".
ACCUSED = re.compile(
    rf"\b(?:(?:{cue_alternation('accusation_words')})\b[^;.]{{0,80}}?\b"
    r"(?:of|with|for|in)\s+(?:the\s+)?(?:(?:charges?|accusations?)\s+of\s+)?"
    r"|(?:hours?|days?|weeks?|months?|years?)\s+(?:after|following)\s+the\s+)"
    r"(?:killing|murdering|(?:murders?|killings?|deaths?)\s+of|(?:[\w-]+\s+)?(?:murder|manslaughter)\s+(?:in|for)\s+"
    r"the\s+(?:[\w,-]+\s+){0,5}?deaths?\s+of)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
# The deaths someone is held to account for, told of in an aside or a relative clause of the person or the group:
# "Abdul Basit Khan, who was responsible for the deaths of 12 policemen, died", "The group, blamed for the killing of 40
# villagers last year, attacked …", "a commander wanted for the murder of five policemen" (not "A roadside bomb was
# responsible for the deaths of three soldiers": the news's own dead).
HELD_TO_ACCOUNT = re.compile(r"(?:(?:\bwho\b[^;.,]{0,60}?|,\s*(?:[\w-]+\s+){0,2}?)\b(?:responsible|blamed)|\bwanted)"
                             r"\s+for\s+(?:the\s+)?(?:deaths?|killings?|murders?)\s+of\s+(?:the\s+|a\s+|an\s+)?$", re.I)
# The killing someone planned, the victim's role words before the name: "a militant who masterminded the murder of
# Apache Corporation worker William Henderson".
MASTERMINDED = re.compile(rf"\b(?:{cue_alternation('mastermind_verbs')})\s+the\s+(?:killings?|murders?|deaths?)\s+of\s+"
                          r"(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}$", re.I)
# "to protest the death of two protesters", "in protest against the execution of its leader": the dead are the
# protest's cause; "held on the anniversary of the death of a poet", "commemorating the killing of …": an earlier
# death remembered (not "mourned the death of …": the mourned may be the news's own dead).
PROTESTED = re.compile(r"\b(?:protest(?:s|ing|ed)?\s+(?:against\s+|over\s+|at\s+)?|anniversary\s+of\s+|"
                       r"commemorat[a-z]*\s+)the\s+"
                       r"(?:deaths?|killings?|murders?|executions?|hangings?|assassinations?)\s+of\s+"
                       r"(?:(?:the\s+)?death\s+sentences?\s+(?:of|on|against)\s+)?$", re.I)
# The guard, with "protest" (PROTESTED): a word without which none of the patterns can match
FOLLOW_WORDS = cue_words("recall_guard_words") | cue_words("sentence_verbs") | cue_words("accusation_words") \
    | cue_words("mastermind_verbs")


# A clause after the news that tells what it follows, on an earlier day: "… will be halting some of its operations
# after gunmen killed six of its workers yesterday", "calls for calm … after a person was killed … yesterday".
AFTER_CLAUSE = re.compile(r"\b(?:after|following|in\s+the\s+wake\s+of|in\s+(?:retaliation|revenge)\s+for|"
                          r"in\s+protest\s+(?:of|at|against))\b[^;.]*\Z", re.I)
RELATIVE_WORD = re.compile(r"\b(?:which|that|who|where)\b")
EARLIER_DAY = re.compile(r"\b(?:yesterday(?:['’]s)?|the\s+(?:previous|prior)\s+(?:day|night|evening)|"
                         r"the\s+day\s+before|last\s+(?:night|week|month|year)|earlier\s+that\s+(?:day|morning)|"
                         r"earlier\s+(?:in\s+the\s+(?:day|week|month)|this\s+(?:week|month))|"
                         r"(?:a|an|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago)\b", re.I)


def recalled_before(text: str, start: int) -> bool:
    """Whether the count at ``start`` stands in a relative clause of an earlier incident the news follows from, in
    a clause of what the news follows on an earlier day, or names the dead a protest is about."""
    window = text[max(0, start - 200):start]
    return any(p.search(window) is not None for p in (RECALLED, PROTESTED, ACCUSED, MASTERMINDED, HELD_TO_ACCOUNT)) \
        or _days_after_the_news(text, start, window) or _after_an_earlier_day(text, start, window)


def _days_after_the_news(text: str, start: int, window: str) -> bool:
    """Whether the count stands in an incident told days or more before the news the sentence opens with
    (``window``: the text before ``start``)."""
    m = DAYS_AFTER.search(window)
    return m is not None and FRONTED_STRETCH.fullmatch(text, 0, start - len(window) + m.start()) is None


def _after_an_earlier_day(text: str, start: int, window: str) -> bool:
    """Whether the count stands in an "after" clause that follows the news and whose day is an earlier one ("after
    gunmen killed six of its workers yesterday", "following yesterday's attacks in which 39 people died")."""
    after = AFTER_CLAUSE.search(window)
    opens = start - len(window) + after.start() if after else 0
    if after is None or not text[:opens].strip():
        return False  # no news told before the clause ("After gunmen killed six …, …": the clause is the news)
    end = min((i for i in (text.find(";", start), text.find(".", start)) if i >= 0), default=len(text))
    day = EARLIER_DAY.search(text, opens, end)
    # A day before the count dates the clause's incident only when the count is in its relative clause ("…
    # yesterday's attacks in which 39 people died"; not "after the passage of three bills yesterday leave three
    # people dead")
    return day is not None and (day.start() >= start or RELATIVE_WORD.search(text, day.end(), start) is not None)


def no_recalled(s: SentenceFacts, figures: list[Figure]) -> list[Figure]:
    """Counts of an earlier incident the news follows from are dropped ("imposes a curfew … to protest the death of
    two protesters", "an inquiry into the suicide bombing on Sunday that killed at least 19 people"); parts of them
    are recalled with them ("the murder of 58 people, including journalists")."""
    if s.words.isdisjoint(FOLLOW_WORDS) and "protest" not in s.text:
        return figures
    recalled: set[int] = set()
    for i, f in enumerate(figures):  # a part comes after its total
        if recalled_before(s.text, f.start) or f.subset_of in recalled:
            recalled.add(i)
    kept = [i for i in range(len(figures)) if i not in recalled]
    if len(kept) == len(figures):
        return figures
    if s.trace is not None:
        note(s, "figures.no_recalled", "dropped",
             ", ".join(s.text[f.start:f.end] for i, f in enumerate(figures) if i not in kept))
    return keep_only(figures, kept)
