"""Binding: which status word governs a figure, and whose it is when unsaid (its total: ``parts.py``).

A status word before a figure that takes an object ("killing 12 soldiers and
three civilians") governs it, unless one after it follows the figure, or the
list of figures it ends, directly ("26 troops and nine IS fighters were
killed"). Whose the figure is when the words around the status say so: ``sides.py``.

>>> from warledger.extract.stages import facts_for
>>> from warledger.extract.figures.statuses import status_words
>>> s = facts_for("IS killed 7 soldiers; 26 troops and nine IS fighters were killed.")
>>> words = status_words(s, {n.start for n in s.numbers})
>>> figs = [Figure(n.start, n.end + 9, n.count, None, None, None) for n in s.numbers]
>>> [(w.start, w.direction) for w in (governing_status(s.text, f, words, s.breaks, figs) for f in figs)]
[(3, 'pre'), (58, 'post'), (58, 'post')]
"""

from __future__ import annotations

import re

from warledger.extract.cues import cue_alternation, cue_words
from warledger.extract.figures import NAMED_PERSON, Figure
from warledger.extract.figures.revisions import revision_words
from warledger.extract.figures.statuses import StatusWord
from warledger.extract.figures.syntax import (
    APPOSITION_CHAR,
    CARRYING,
    DEEDS_THEN,
    LIST_JOIN,
    OF_THEM,
    OWN_MOVE,
    OWN_PASSIVE,
    OWN_VERB,
    SUBORDINATE,
    TELLING_VERB,
    anothers_relative,
    clause_of,
    death_after_adjective,
    in_relative_clause,
    sheltered,
)
from warledger.extract.mentions.persons import BRACKETED_ASIDE
from warledger.extract.text.numbers import word_value

# What may stand between a figure and the status after it: "were also reportedly killed", "aged 9,".
ADJACENT = re.compile(rf"^[\s,]*(?:(?:{cue_alternation('status_gap_words')}|aged\s+\d+,?)\s+)*$", re.I)
NAME_OPENING = re.compile(r"^\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}(?=\s)")
INCLUDING_ASIDE = re.compile(r",\s*(?:including|among\s+them)\b[^,]*,", re.I)
PAREN_ASIDE = re.compile(BRACKETED_ASIDE)
# "by Russian strikes at Mariupol", "during battle near Tikrit"
PLACE_PHRASES = rf"(?:\s+(?:{cue_alternation('list_gap_prepositions')})\s+[^,;.\d]{{1,40}}){{0,2}}"
# "killed along with 4 others", "had been killed by Russian strikes at Mariupol, six in …": the list goes on.
LIST_GOES_ON = re.compile(rf"{PLACE_PHRASES}(?:\s*,\s*(?:as\s+well\s+as\s+|along\s+with\s+|and\s+)?|"
                          r"\s+(?:(?:along|together)\s+)?with\s+)\Z", re.I)
# "eight crewmen were killed on the Caesar Kunikov and three on the Novocherkassk": the verb left out after "and".
AND_GOES_ON = re.compile(rf"{PLACE_PHRASES}\s+and\s+\Z", re.I)
GAP_WORDS = cue_words("status_gap_words")  # "were reported missing": no verb of the figure's own
AND_NOUN = re.compile(r"\s+and\s+(?:an?|the|\d+)\s", re.I)  # a noun phrase of its own after "and"
NEW_SUBJECT = re.compile(rf"\b(?:{cue_alternation('new_subject_words')})\b", re.I)


def gap(text: str, start: int, end: int) -> str:
    """The words between two phrases, an "including …" or a bracketed aside left out ("Major general X (commander
    of the 141st Regiment) was killed")."""
    return PAREN_ASIDE.sub(" ", INCLUDING_ASIDE.sub(" ", text[start:end]))


NAMED_APPOSITION_JOIN = re.compile(rf"^,{APPOSITION_CHAR}{{1,80}},\s*(?:and\s+)?$")


def list_end(text: str, fig: Figure, figures: list[Figure], limit: int) -> Figure:
    """The last figure of the list ``fig`` starts ("A, B and C were killed"), before ``limit``."""
    last = fig
    for other in figures:
        if last.end <= other.start and other.end <= limit and _joined(text, last, other) \
                and not OF_THEM.search(text, other.start, other.end + 9):  # "8 fighters, three of whom died"
            last = other
    return last


def _joined(text: str, last: Figure, other: Figure) -> bool:
    """Whether ``other`` goes on the list ``last`` ends: "A, B and C"; names may bear appositions ("X, deputy chief
    of operations in Anbar, and Y")."""
    between = gap(text, last.end, other.start)
    return bool(LIST_JOIN.match(between)) or (last.head == NAMED_PERSON == other.head
                                              and NAMED_APPOSITION_JOIN.match(between) is not None)


def governing_status(text: str, fig: Figure, statuses: list[StatusWord], breaks: tuple[int, ...],
                figures: list[Figure]) -> StatusWord | None:
    """The status word that governs ``fig`` (``figures``: the sentence's candidates, for the list it ends)."""
    clause = clause_of(breaks, fig.start)
    same = [s for s in statuses if clause_of(breaks, s.start) == clause]
    if _takes_none(text, fig):
        return None
    left = _status_before(text, fig, same)
    right = _status_after(text, fig, same, figures)
    if right is None and left is None:
        # "135 people were killed, 85 civilians and 50 soldiers", "…, as well as 74 attackers": the list goes on
        # (not "One townhouse was destroyed and three others were damaged", "… and one of the gunmen was holding a
        # pistol": a verb of their own)
        own = OWN_PASSIVE.match(text, fig.end) or OWN_MOVE.match(text, fig.end) or OWN_PROGRESSIVE.match(text, fig.end)
        return None if own else next(
            (s for s in reversed(statuses) if s.end <= fig.start and s.direction == "post"
             and (LIST_GOES_ON.match(text, s.end, fig.start) or _and_goes_on(text, s, fig, figures))), None)
    if right is None:
        return _killed_after_taking(text, fig, left, same, figures) if left is not None else None
    if left is None:  # "a man who tried to rob a school pupil … was killed": the man's status, not the pupil's
        return None if in_relative_clause(text, fig, figures) or LOAD_BEFORE.search(text, 0, fig.start) else right
    return _nearer(text, fig, figures, left, right)


def _takes_none(text: str, fig: Figure) -> bool:
    """Whether the figure's people take no status of the sentence: they lived ("Three children … survived the
    killings"), a place held them ("sheltering 400"), they are a passive's agent, or the size of a force someone
    leads ("a rebel leader who commands 60 men")."""
    return SURVIVED_AFTER.match(text, fig.end) is not None or sheltered(text, fig.start) \
        or _passive_agent(text, fig) or COMMANDED_BEFORE.search(text, max(0, fig.start - 40), fig.start) is not None


OWN_PROGRESSIVE = re.compile(r"\s+(?:was|were)\s+[a-z]+ing\b")  # "… and one of them was holding a pistol"
COMMANDED_BEFORE = re.compile(rf"\b(?:{cue_alternation('command_verbs')})\s+(?:(?:about|around|some)\s+)?\Z", re.I)
SOUGHT_BEFORE = re.compile(rf"\b(?:{cue_alternation('sought_phrases')})\s+\Z", re.I)
LOAD_BEFORE = re.compile(rf"\b{CARRYING}\s+\Z", re.I)  # "a van carrying 12 people was shot at": the van's status
# "by" right before a count, after a word that is no change of a toll ("rose by 12"): the passive's agent.
BY_BEFORE = re.compile(r"\b([a-z]+)\s+by\s+(?:(?:at\s+least|up\s+to|some|about|around)\s+)?\Z", re.I)
# The agent's own status: a relative clause or a finite verb of its own ("by five gunmen, two of whom were killed").
AGENT_OWN_STATUS = re.compile(rf"[^.;]*?\b(?:who|whom|have|{cue_alternation('finite_auxiliaries')})\b", re.I)


def _passive_agent(text: str, fig: Figure) -> bool:
    """Whether the figure is a passive's agent ("a man was stabbed to death by three people", "was beaten by two
    men and later succumbed to his injuries"): the status before is its victim's, and so is a verb joined after it
    with no subject or auxiliary of its own."""
    by = BY_BEFORE.search(text, max(0, fig.start - 60), fig.start)
    if by is None or by.group(1).lower() in revision_words():
        return False
    return AGENT_OWN_STATUS.match(text, fig.end, min(len(text), fig.end + 80)) is None


AND_THEN_VERB = re.compile(rf"{PLACE_PHRASES}\s+and\s+(?:(?:later|then|subsequently|eventually)\s+)?\Z", re.I)
THEM_AFTER = re.compile(r"\s+them\b", re.I)  # ("… and executed him": "him" counts the one person himself)


def _killed_after_taking(text: str, fig: Figure, left: StatusWord, same: list[StatusWord],
                         figures: list[Figure]) -> StatusWord:
    """"Rebels kidnapped two villagers and killed them": a death told of the people taken, by a pronoun, is theirs."""
    if left.status == "killed":
        return left
    end = list_end(text, fig, figures, len(text)).end
    death = next((s for s in same if s.start > end and s.status == "killed" and s.direction == "pre"), None)
    if death is None or not AND_THEN_VERB.fullmatch(text, end, death.start) or not THEM_AFTER.match(text, death.end):
        return left
    return death


# A release verb, or another deed's noun ("the deaths of five detainees and the mistreatment of eleven others").
AND_RELEASED = re.compile(rf"\band\s+(?:(?:{cue_alternation('release_verbs')})\b|the\s+[a-z]+\s+of\s)", re.I)
# What a deed leaves behind, with no status but its own after it: "destroyed all three hospitals, leaving a single
# volunteer doctor operating", "had captured 95% of Tikrit, with only around 30 ISIL fighters left hiding".
LEAVING_WHAT_IS_LEFT = re.compile(r",\s*(?:leaving|with\s+only)\s", re.I)
WITH_OPENS = re.compile(r",\s*with\s+\Z", re.I)  # "captured nine buildings, with 10 civilians leaving the area"
# A clause of its own subject: "shot dead a singer … as she was out with her mother", "… where hundreds prayed",
# "killed a worker after they hit his daughter" (the daughter is the other verb's).
OWN_SUBJECT = re.compile(rf"{SUBORDINATE.pattern}\s*(?:he|she|they|we)\s+(?:was|were|had|is|are|[a-z]+ed|"
                         rf"{cue_alternation('irregular_deed_verbs')})\b|\bwhere\s+\Z", re.I)
OWN_DOING = re.compile(r"\s+([a-z]+ing)\b")
# "killing five people and trapping others under the rubble": a deed of its own, joined by "and", takes the figure.
AND_ANOTHER_DEED = re.compile(r"\band\s+(?:[a-z]+ly\s+)?([a-z]+ing)\s+(?:\S+\s+){0,3}\Z", re.I)
# "kill 13 men but spare the life of one woman": a verb of its own after "but", then its object
BUT_ANOTHER_DEED = re.compile(rf"\bbut\s+([a-z]+)\s+(?:{cue_alternation('object_articles')})\s[^,;.]*\Z", re.I)


def _status_before(text: str, fig: Figure, same: list[StatusWord]) -> StatusWord | None:
    """The last status word before the figure in its clause, unless a release verb, another deed or what the deed
    left stands between ("killing four prison officers and freeing about 350 prisoners": freed, not killed), or the
    figure opens a "with" of its own doing; none for one sought ("detained two men in search of a Taliban leader":
    the leader takes only a status of his own, as in "search for 30 miners reportedly killed")."""
    if SOUGHT_BEFORE.search(text, max(0, fig.start - 20), fig.start):
        return None
    left = next((s for s in reversed(same) if s.direction == "pre" and s.end <= fig.start), None)
    return None if left is not None and _another_deeds(text, left, fig, same) else left


def _another_deeds(text: str, left: StatusWord, fig: Figure, same: list[StatusWord]) -> bool:
    """Whether what stands between a status word and the figure makes the figure another deed's: a release, another
    subject's clause, a deed joined by "and", what the deed left, a "with" of the figure's doing, an attributive use."""
    starts = {w.start for w in same}
    deed = AND_ANOTHER_DEED.search(text, left.end, fig.start) or BUT_ANOTHER_DEED.search(text, left.end, fig.start)
    doing = OWN_DOING.match(text, fig.end)
    return bool(AND_RELEASED.search(text, left.end, fig.start) or OWN_SUBJECT.search(text, left.end, fig.start)
                or (deed and deed.start(1) not in starts)
                or LEAVING_WHAT_IS_LEFT.search(text, left.end, fig.start)
                or (doing and doing.start(1) not in starts and WITH_OPENS.search(text, left.end, fig.start))
                or _attributive(text, left, fig))


ATTRIBUTIVE_BEFORE = re.compile(rf"\b(?:{cue_alternation('attributive_openers')})\s+\Z", re.I)


def _attributive(text: str, word: StatusWord, fig: Figure) -> bool:
    """A participle after a determiner or a preposition describes its own noun, no count after that noun ("many of
    the evacuated women pledged loyalty to its leader", "interviews with surrendered militants and some of their
    relatives")."""
    return text[word.start:word.end].endswith("ed") and bool(text[word.end:fig.start].strip()) \
        and ATTRIBUTIVE_BEFORE.search(text, max(0, word.start - 8), word.start) is not None


# "…, and one of the pilots survived", "Three children, including a four-day-old baby, survived the killings"
SURVIVED_AFTER = re.compile(rf"(?:\s*,\s*(?:including|among\s+them)\b[^,;.]*,)?\s+"
                            rf"(?:{cue_alternation('survival_verbs')})\b", re.I)
OWN_AUXILIARY = re.compile(r"\s+(?:was|were|had|has|have)\b")


def _and_goes_on(text: str, word: StatusWord, fig: Figure, figures: list[Figure]) -> bool:
    """The verb left out after "and", with no other count between ("… left six dead on Monday - four IS members and
    two local fighters": the parts of a total, not more dead)."""
    return AND_GOES_ON.match(text, word.end, fig.start) is not None \
        and not any(word.end <= f.start and f.end <= fig.start for f in figures if f is not fig)


def _nearer(text: str, fig: Figure, figures: list[Figure], left: StatusWord, right: StatusWord) -> StatusWord:
    """Of a status word before the figure and one after it, the one that governs it."""
    if left.status == "killed" and right.status in ("killed", "missing") and right.start == fig.end + 1 \
            and not text[left.end:fig.start].strip():
        # "the remains of two missing U.N. investigators": the adjective is the noun's; "lost 2,500 men killed":
        # the loss is the subject's
        return left
    last = list_end(text, fig, figures, right.start)
    objects = last is not fig and not text[left.end:fig.start].strip()
    if objects and (" and " not in text[fig.end:last.start] or OWN_AUXILIARY.match(text, last.end)):
        # "wounding at least 70 people, all 4 attackers were killed", "killed two generals and one was injured":
        # the verb's object, then a clause of its own
        return left
    between = gap(text, last.end, right.start)
    if fig.count.high == 1:  # "left his brother Jean-Michel seriously wounded": the one person's name
        between = NAME_OPENING.sub("", between, count=1)
    return right if ADJACENT.match(between) else left


# "… that left ": a relative clause's verb of its own (not "of which were 113 children", a part).
RELATIVE_VERB_BEFORE = re.compile(rf"\b(?:that|which)\s+(?!(?:{cue_alternation('finite_auxiliaries')}|have)\b)"
                                  r"(?:[a-z]+\s+){1,2}\Z")
# A status noun a cause's preposition takes is the cause, not the status of a count before it ("calling dozens of
# its fighters from other fronts due to the heavy casualties it had suffered").
CAUSE_BEFORE = re.compile(r"\b(?:due\s+to|because\s+of|owing\s+to)\s+(?:the\s+|its\s+|their\s+)?(?:[a-z]+\s+){0,2}\Z",
                          re.I)
# ", who succumbed to her wounds on 27 July,"; " (among them 2,000 of the prisoners it recruited)"
RELATIVE_ASIDE = re.compile(r",\s*(?:who|which)\s[^,;]{1,140},|\s*\([^()]{1,300}\)"  # or an apposition:
                            rf"|,\s*(?:{cue_alternation('apposition_quantifiers')})\s+(?:of\s+them\s+)?[^,;]{{1,80}},"
                            r"(?=\s+(?:were|was|had|have|are)\b)", re.I)
# "a person who was abducted from his house on 24 April, was found dead": the writer left the opening comma out.
RELATIVE_UNOPENED = re.compile(rf"\s+who\s[^,;]{{1,140}},"
                               rf"(?=\s+(?:later|died|have|{cue_alternation('finite_auxiliaries')})\b)")


def _first_post_status(text: str, fig: Figure, same: list[StatusWord], figures: list[Figure]) -> StatusWord | None:
    """The first status word after the figure that is no later count's adjective ("of the 80 soldiers, only 3
    wounded men survived"); past an aside's count ("4,900 people – including 470 surrendered fighters – had
    fled")."""
    right = next((s for s in same if s.direction == "post" and s.start >= fig.end), None)
    if right is None:
        return None
    end = list_end(text, fig, figures, len(text)).end
    if _own_verb_then_another(text, fig, right, figures):
        return None
    if anothers_relative(text, end, right.start) or _relative_count_between(text, end, right, figures) \
            or CAUSE_BEFORE.search(text, max(0, right.start - 40), right.start):
        return None
    right = _past_aside(text, end, right, same)
    if right.start == fig.end + 1:
        right = death_after_adjective(text, right, same)
    if not _adjective_of_another(text, fig, right, figures):
        return right
    if not ASIDE_OPEN.match(text, fig.end):
        return None
    return next((s for s in same if s.direction == "post" and s.start > right.end), None)


def _past_aside(text: str, end: int, right: StatusWord, same: list[StatusWord]) -> StatusWord:
    """The status after a relative or bracketed aside that holds the first one: "Two German tourists and a Czech
    citizen, who succumbed to her wounds …, were killed", "20,000 fighters (among them 2,000 of the prisoners it
    recruited) were killed"; a death after an aside whose opening comma was left out ("a trader who was abducted
    from his shop on 10 January, was found dead")."""
    aside = RELATIVE_ASIDE.match(text, end)
    if aside is not None and right.start < aside.end():
        return next((s for s in same if s.direction == "post" and s.start >= aside.end()), right)
    unopened = RELATIVE_UNOPENED.match(text, end)
    if unopened is not None and right.start < unopened.end():
        return next((s for s in same if s.direction == "post" and s.start >= unopened.end()
                     and s.status == "killed"), right)
    return right


# "Three suspects fled …", "a sniper shot a soldier", "elders were travelling home", "two gunmen were shot"
_DEED = cue_alternation('irregular_deed_verbs')
ITS_OWN_VERB = re.compile(rf"\s+(?:(?:was|were)\s+(?:[a-z]+ing|{_DEED})|[a-z]+ed|{_DEED})\b")


def _own_verb_then_another(text: str, fig: Figure, right: StatusWord, figures: list[Figure]) -> bool:
    """A figure with a verb of its own, then another count before the status word: the status is the other's
    ("Three suspects fled and one was killed": one killed, not four; but a suicide attacker's own death is told of
    each: "A bomber attacked the club, and another blew himself up")."""
    return right.start > fig.end + 1 and ITS_OWN_VERB.match(text, fig.end) is not None \
        and any(fig.end < f.start < right.start for f in figures) and not right.own


def _relative_count_between(text: str, end: int, right: StatusWord, figures: list[Figure]) -> bool:
    """Whether a relative clause's own count stands before the status word: "the attack on the home of a candidate
    that left one person dead" (the one person's)."""
    return any(end <= f.start and f.end <= right.start and RELATIVE_VERB_BEFORE.search(text, end, f.start)
               for f in figures)


# The figure's own telling: "a relative (of the family, in Gaza) confirmed on Facebook that …" (not "five soldiers
# reported killed", "a man said to be a commander").
TELLS_OWN = re.compile(rf"(?:\s+(?:of|in|from|at|near)(?:\s+[\w'’-]+){{1,5}}?)?\s+(?:[a-z]+ly\s+)?{TELLING_VERB}"
                       r"\b(?!\s+(?:to|as)\b)")  # (lower case: "from the United States were killed")


def _status_after(text: str, fig: Figure, same: list[StatusWord], figures: list[Figure]) -> StatusWord | None:
    """The first status word after the figure in its clause, or the death told after it ("injured … later
    died"); none where the figure's clause ends on a verb of its own ("34,000 civilians evacuated, 29,600
    fighters surrendered")."""
    right = _first_post_status(text, fig, same, figures)
    if right is None or (OWN_VERB.match(text, fig.end) and any(ch.isdigit() for ch in text[fig.end:right.start])):
        return None
    if (tells := TELLS_OWN.match(text, fig.end)) is not None and right.start > tells.end() + 1:
        return None  # "a teacher posted a message: 'my student was killed'": the teller
    if any(s.direction == "pre" and fig.end <= s.start < right.start and not text[fig.end:s.start].strip()
           for s in same):
        return None  # "a gunman killed the ambassador and 3 bystanders were injured": the killer, no casualty
    if _absolute_with(text, fig, right, figures):
        return None
    own = OWN_PASSIVE.match(text, fig.end)
    if own is not None and own.group(1).lower() not in GAP_WORDS \
            and not any(w.start <= own.start(1) < w.end for w in same) \
            and (any(own.end() <= f.start < right.start and not _passive_agent(text, f) for f in figures)
                 or SUBORDINATE.search(text, own.end(), right.start)):
        return None  # "100 were freed from the hotel and 6 gunmen were killed", "500 were trapped since the bridges …"
    return died_later(text, right, same, figures)


AUXILIARY = re.compile(rf"\b(?:{cue_alternation('finite_auxiliaries')}|have)\b", re.I)
# "with" after a few words of the figure's own clause, no list between (not "along with", "together with"; not
# "28 vehicles with 83 civilians and four buses with 52 civilians left").
WITH_AFTER_WORDS = re.compile(r"(?:\s+(?!and\b)[\w'’-]+){3,}?\s+(?<!along\s)(?<!together\s)with\s", re.I)


def _absolute_with(text: str, fig: Figure, word: StatusWord, figures: list[Figure]) -> bool:
    """"Four militants attack an army base with at least 17 soldiers and four militants killed": the participle after
    "with" and its counts is theirs, not the attackers' before (not "… with two civilians were killed")."""
    m = WITH_AFTER_WORDS.match(text, fig.end, word.start)
    return m is not None and any(m.end() <= f.start and f.end <= word.start
                                 and not AUXILIARY.search(text, f.end, word.start) for f in figures)


AMONG = re.compile(r"\bamong\b", re.I)
ASIDE_OPEN = re.compile(r"\s*(?:[–—(]|,\s*including\b)")  # an aside opens right after the figure


def _adjective_of_another(text: str, fig: Figure, word: StatusWord, figures: list[Figure]) -> bool:
    """"of the 80 soldiers, only 3 wounded men survived": the status word is a later count's."""
    # A bare count right before the status word owns it ("3 wounded men", "…, and 277 wounded"), unless the figure
    # is among it ("Three civilians among seven killed").
    return any(fig.end <= f.start and f.end + 1 == word.start and _bare_count(text[f.start:f.end])
               and not AMONG.search(text, fig.end, f.start) for f in figures)


def _bare_count(written: str) -> bool:
    """"3", "1,200", "six": a count with no words of its own."""
    return written.replace(",", "").isdigit() or (word_value(written) or 0) > 0


RELATIVE_OPEN = re.compile(r",\s*who\s[^,;]*\Z")
RELATIVE_REST = re.compile(r"[^,;]{0,140},\s*")


def died_later(text: str, word: StatusWord, same: list[StatusWord], figures: list[Figure]) -> StatusWord:
    """"A woman injured in the raid later died of her injuries", "was kidnapped and killed": a death told after
    another status of the same people counts, unless another figure or a comma stands between ("5 were injured
    and 2 died", "5 were injured, one of whom died": the death is of another figure)."""
    if word.status == "killed":
        return word
    later = next((s for s in same if s.start > word.end and s.status == "killed" and s.direction == "post"), None)
    if later is not None and RELATIVE_OPEN.search(text, 0, word.start) \
            and RELATIVE_REST.fullmatch(text, word.end, later.start):
        return later  # "X, who suffered burn injuries in the attack, died": the relative clause's wound, then death
    deeds = DEEDS_THEN.fullmatch(text, word.end, later.start) if later is not None else None
    if later is None or (deeds is None and any(mark in text[word.end:later.start] for mark in ",;:(")) \
            or NEW_SUBJECT.search(text, word.end, later.start - len(deeds["aux"] or "") if deeds else later.start) \
            or AND_NOUN.match(text, word.end):
        return word  # "… were wounded and no one was killed", "… and a number of houses destroyed": another subject
    return word if any(word.end <= f.start < later.start for f in figures) else later
