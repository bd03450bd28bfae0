"""Casualty figures: bind each candidate of a sentence to a status, a party and a group, pass by pass.

The candidates (:mod:`~warledger.extract.figures.candidates`) go one by one, in text order, through
``FIGURE_PASSES``; each pass states one rule and may set the figure's total, status word, status, side or relation
to the figures before it. ``relation`` runs ``RELATION_PASSES``, where the first that applies wins. A figure with a
status is kept; then the kept figures go through ``breakdowns.LIST_PASSES``. A traced sentence (``s.trace`` a list)
gets a note from each pass that decides.

The passes, in order: subset_of_cue, of_them_total, list_goes_on_subset, bind_status, part_keeps_total_status,
teller_not_casualty, status_of_word, list_status, attackers_lost, attack_by, toll_party, agent_party,
combatants_detained, relation (join_parent, among_before, among_list_goes_on, told_before, among_after),
side_after_among, side_phrase, people_described, revision, elided_status, keep.

>>> [(f.party, f.status, f.count.low, f.subset_of) for f in find_figures(
...     "IS killed 35 pro-government fighters, including nine Russians, and wounded 15 others.")]
[('pro-government', 'killed', 35, None), ('pro-government', 'killed', 9, 0), ('pro-government', 'wounded', 15, None)]
"""

from __future__ import annotations

import re

from warledger.extract.analysis import SentenceFacts, note
from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.figures import NAMED_PERSON, Figure, parts
from warledger.extract.figures.bare_numbers import AND_A_TOTAL_OF
from warledger.extract.figures.binding import governing_status
from warledger.extract.figures.breakdowns import LIST_PASSES
from warledger.extract.figures.coding_notes import coded_fatalities
from warledger.extract.figures.context import Binding, Context
from warledger.extract.figures.held import held_status
from warledger.extract.figures.name_binding import beside_the_name
from warledger.extract.figures.revisions import toll_revision
from warledger.extract.figures.sides import agent_side, lost_by_attackers, side_after, toll_side
from warledger.extract.figures.statuses import has_casualty_words, status_matcher
from warledger.extract.figures.syntax import LIST_JOIN, after_subset_cue, listed_after, next_item, origin
from warledger.extract.mentions.actors import SYRIA, ActorLexicon

PARTITIVE = re.compile(r"^\w+\s+of\s+the\s+\w+", re.I)  # "one of the women": some of those counted before
_AMONG_NOUNS = cue_alternation("among_status_nouns")
# "Among the dead were …", "Wagner's dead in Bakhmut included …"
AMONG = re.compile(rf"\b(?:among\s+the|the|[\w-]+['’]s)\s+({_AMONG_NOUNS})(?:\s+(?:in|at|near)\s+[^;.]{{1,40}}?)?"
                   r",?\s+(?:were|was|are|included|include)\s+"
                   r"(?:(?:the|an?)\s+[^,;.]{1,60}?,\s+)?$", re.I)  # "…was the commander of the unit, Colonel X"
AMONG_AFTER = re.compile(rf",?\s+(?:were|was)\s+(?:also\s+)?(?:(?:reported|believed|said|confirmed)\s+to\s+be\s+)?"
                         rf"among\s+the\s+({_AMONG_NOUNS})\b", re.I)  # "X, was reported to be among the dead"
AMONG_STATUS = {"wounded": "wounded", "injured": "wounded", "missing": "missing"}  # else killed
# "12 people, all civilians", "two people, both of them soldiers": whom a count of people is of. (Not "most of
# them truffle hunters": soldiers may be among the rest.)
DESCRIBED_AS = re.compile(r",\s*(?:all|both)(?:\s+of\s+them)?\s+(?:were\s+)?", re.I)
SIDE_PHRASE = re.compile(r"\s+(?:on|from)\s+the\s+(\S+)\s+side\b", re.I)
ATTACK_BY = re.compile(r"\b(?:attacks?|assaults?|raids?|ambush(?:es)?|offensive)\s+by\s+(?:the\s+)?", re.I)


def _set(c: Context, name: str, b: Binding, what: str, source: str | None = None) -> None:
    note(c.s, f"figures.{name}", "set", f"{c.quote(b.fig)}: {what}", source)


def subset_of_cue(c: Context, b: Binding) -> None:
    """A figure right after "including", "among them" or "of whom" is a part of the last total before it:
    "IS killed 35 pro-government fighters, including nine Russians"."""
    b.parent = parts.subset_parent(c.s, b.fig, c.figures)
    if b.parent is not None and c.s.trace is not None:
        cue = after_subset_cue(c.s, b.fig.start, 20)
        _set(c, "subset_of_cue", b, f"part of {c.quote(c.figures[b.parent])}",
             origin("subset_cues", cue.group(0)) if cue else None)


def of_them_total(c: Context, b: Binding) -> None:
    """"of them"/"of whom" inside a figure makes it a part of the last total: "16 people, 11 of whom were
    civilians", "killing eight, five of them children"; so does a day's count "alone": "… 47 SDF soldiers - 29 on
    Saturday alone"."""
    if b.parent is None and c.figures and (parent := parts.told_part_of(c.s, b.fig, c.figures)) is not None:
        b.parent = parent
        if c.s.trace is not None:
            _set(c, "of_them_total", b, f"part of {c.quote(c.figures[b.parent])}")


def list_goes_on_subset(c: Context, b: Binding) -> None:
    """The next item of a list of parts is a part of the same total: "including 77 IS members and 40 SDF
    fighters" (not the other side's troops after a count of irregulars: "21 militants including 2 commanders and 4
    soldiers")."""
    prev = c.figures[-1] if c.figures else None
    if b.parent is not None or prev is None or prev.subset_of is None:
        return
    between = c.text[prev.end:b.fig.start]
    if next_item(between) and not parts.opposed_heads(c.figures[prev.subset_of], b.fig) \
            and not parts.own_count_after_aside(c.text, prev, b.fig, c.statuses):
        b.parent = prev.subset_of
        if c.s.trace is not None:
            _set(c, "list_goes_on_subset", b, f"part of {c.quote(c.figures[b.parent])}")


def bind_status(c: Context, b: Binding) -> None:
    """The status word that governs the figure: one before it that takes an object ("killing 12 soldiers and
    three civilians"), unless one after it follows the figure or its list directly ("26 troops and nine IS
    fighters were killed")."""
    b.word = governing_status(c.text, b.fig, c.statuses, c.s.breaks, c.candidates)
    b.word = None if parts.of_the_wounded_before(c.text, b.fig, b.word) else b.word
    if b.word is not None and c.s.trace is not None:
        _set(c, "bind_status", b, f"{c.text[b.word.start:b.word.end]!r} → {b.word.status}")


def part_keeps_total_status(c: Context, b: Binding) -> None:
    """A part after "including" takes its total's status, not one told of the figures listed after it: "29,600
    fighters surrendered, including more than 5,000 fighters, 1,306 militants killed" (the 5,000 surrendered), nor
    one told between the total and the cue ("70 were killed during the capture of Saqlawiyah, including …")."""
    word = b.word
    if b.parent is None or word is None:
        return
    gap = c.text[b.fig.end:word.start] if word.start >= b.fig.end else ""
    before_cue = word.end <= b.fig.start and after_subset_cue(c.s, b.fig.start, 30) is not None \
        and c.figures[b.parent].end <= word.start
    if (any(ch.isdigit() for ch in gap) and " and " not in gap) or before_cue \
            or parts.anothers_after_aside(c.text, b.fig, word.start, c.candidates):
        b.word = None
        if c.s.trace is not None:
            _set(c, "part_keeps_total_status", b, f"{c.text[word.start:word.end]!r} is no status of the part")


def teller_not_casualty(c: Context, b: Binding) -> None:
    """A named person's status word must stand right beside the name or its list: in "commander X stated that
    the dam had been captured", X is the teller."""
    if b.fig.head == NAMED_PERSON and b.word is not None and not beside_the_name(c.text, b.fig, b.word, c.statuses,
                                                                                 c.candidates):
        if c.s.trace is not None:
            word = c.text[b.word.start:b.word.end]
            note(c.s, "figures.teller_not_casualty", "dropped", f"{c.quote(b.fig)}: {word!r}")
        b.word = None


def status_of_word(c: Context, b: Binding) -> None:
    """The figure takes its status word's status, else the default status of the call (the tally headed
    "Accumulated fatalities: 1,611 pro-gov. …" is of killed) — never a named person's ("hostages, including
    missing British journalist John Cantlie, were possibly being held"), nor a count of no number's ("… proclaimed
    loyalty to the group and its leader"); held people's their noun's."""
    counted = any(b.fig.start <= n.start < b.fig.end and n.kind != "vague" for n in c.s.numbers)
    default = c.default_status if counted and b.fig.head != NAMED_PERSON else None
    b.status = b.word.status if b.word is not None else held_status(c.text, b.fig.start, b.fig.end, c.statuses) \
        or default


def list_status(c: Context, b: Binding) -> None:
    """A figure without a status takes the one of the list it goes on: "…, four soldiers and three of the
    attackers", "…, six in Sartana and four in Buhas"."""
    if b.status is None and c.figures and listed_after(c.text, c.figures[-1], b.fig):
        b.status = c.figures[-1].status
        if c.s.trace is not None:
            _set(c, "list_status", b, f"{b.status} (the list's)")


def _unsided(b: Binding) -> bool:
    """A figure whose phrase names no side, the object of a status word before it ("killing five fighters")."""
    return b.fig.party is None and b.fig.relative is None and b.word is not None and b.word.direction == "pre"


def attackers_lost(c: Context, b: Binding) -> None:
    """Fighters the attackers lost are the attackers': "The attackers also lost 56 fighters"; so is one who blew
    himself up."""
    own_blast = b.word is not None and b.word.own
    if own_blast or (_unsided(b) and lost_by_attackers(c.text, b.word, c.actors, c.s.breaks)):  # type: ignore[arg-type]
        b.fig = b.fig._replace(relative="attackers")
        if c.s.trace is not None:
            _set(c, "attackers_lost", b, "the attackers'")


def attack_by(c: Context, b: Binding) -> None:
    """Attackers of no side are the side an attack is said to be by: "repelled an attack by ISIL, which left four
    attackers dead"."""
    if b.fig.relative == "attackers" and b.fig.party is None and (m := ATTACK_BY.search(c.text)) is not None:
        agent = c.actors.get(m.end())
        if agent is not None and agent.party not in (None, "unknown", "civilians"):
            b.fig = b.fig._replace(party=agent.party, group=agent.group)
            if c.s.trace is not None:
                _set(c, "attack_by", b, agent.party)


def toll_party(c: Context, b: Binding) -> None:
    """A toll's bare figure is of the side its phrase counts ("the number of dead soldiers was later updated to
    200"), not "others" of the figure before."""
    if b.fig.relative == "others" and b.word and (side := toll_side(c.text, b.word, c.actors, c.s.breaks)):
        b.fig = b.fig._replace(party=side.party, group=side.group, relative=None)
        if c.s.trace is not None:
            _set(c, "toll_party", b, side.party or "")


def agent_party(c: Context, b: Binding) -> None:
    """Victims named only as "fighters" are the enemy of the clause's subject ("IS cells ambushed an NDF patrol,
    killing five militiamen": of IS's enemy), or the subject's own after "lost" ("had lost 110 soldiers killed")."""
    # A part is of its total's side ("wounding two others, including Major General X"): join_parent gives it.
    if b.parent is None and b.fig.party is None and b.word is not None \
            and (party := agent_side(c.text, b.word, b.fig, c.actors, c.s.breaks, c.sides)):
        b.fig = b.fig._replace(party=party)
        if c.s.trace is not None:
            _set(c, "agent_party", b, party)


DETAINED_WORDS = cue_list("detaining_verb_stems")
SUSPECTS = re.compile(r"[^,;.]{0,40}?\bsuspect", re.I)  # "a Bosnian national suspected of fighting for ISIL"


def combatants_detained(c: Context, b: Binding) -> None:
    """Fighters or soldiers "detained" or "rounded up" are captured, combatants taken by the other side ("the SDF
    had rounded up 262 ISIL militants trying to flee"); people detained, and suspects, are arrested."""
    if b.status != "arrested" or b.word is None or b.fig.party in (None, "unknown", "civilians") \
            or not c.text[b.word.start:b.word.end].lower().startswith(DETAINED_WORDS) \
            or SUSPECTS.match(c.text, b.fig.start):
        return
    b.status = "captured"
    if c.s.trace is not None:
        _set(c, "combatants_detained", b, "captured")


# --- how a figure stands to the figures before it: the first that applies wins --------------------------------


def join_parent(c: Context, b: Binding) -> bool:
    """A part takes its total's status if it has none, and its side where "of them" makes it the total's people;
    a part with another status is a count of its own ("killed or wounded 8 fighters, three of whom died"), but for
    fighters who surrendered among people who fled ("4,900 people – including 470 surrendered ISIL fighters – had
    fled")."""
    if b.parent is None:
        return False
    total = c.figures[b.parent]
    b.status = b.status or total.status
    party = total.party if parts.the_totals_people(c.text, b.fig) and total.party else b.fig.party or total.party
    linked = b.status == total.status or (total.status, b.status) == ("displaced", "captured")
    b.fig = b.fig._replace(subset_of=b.parent if linked else None, party=party)
    if c.s.trace is not None:
        _set(c, "join_parent", b, f"part of {c.quote(total)}" if b.fig.subset_of is not None else "a count of its own")
    return True


def _among(c: Context, b: Binding, name: str, m: re.Match[str]) -> bool:
    b.status, b.fig = AMONG_STATUS.get(m.group(1).lower(), "killed"), b.fig._replace(relative="among")
    _owners_dead(c, b, m)
    if c.s.trace is not None:
        _set(c, name, b, f"among the {m.group(1)}", origin("among_status_nouns", m.group(1)))
    return True


def _owners_dead(c: Context, b: Binding, m: re.Match[str] | None) -> None:
    """"Wagner's dead included 10,000 former prisoners and 10,000 mercenaries": every item is Wagner's."""
    owner = c.actors.get(m.start()) if m is not None else None
    if owner is not None and owner.party and c.text[owner.end - 2:owner.end] in ("'s", "’s"):
        b.fig = b.fig._replace(party=owner.party, group=owner.group)


def among_before(c: Context, b: Binding) -> bool:
    """"Among the dead were seven soldiers": a part of the incident's last total, its status the noun's."""
    if b.status is not None:
        return False
    m = AMONG.search(c.text, max(0, b.fig.start - 60), b.fig.start)
    return m is not None and _among(c, b, "among_before", m)


def among_list_goes_on(c: Context, b: Binding) -> bool:
    """The items of a list after an "among" figure are "among" too: "The dead include 29 …, 19 … and six …"."""
    prev = c.figures[-1] if c.figures else None
    if prev is None or prev.relative != "among" or not LIST_JOIN.match(c.text[prev.end:b.fig.start]):
        return False
    b.status, b.fig = prev.status, b.fig._replace(relative="among")
    _owners_dead(c, b, AMONG.search(c.text, max(0, prev.start - 60), prev.start))
    if c.s.trace is not None:
        _set(c, "among_list_goes_on", b, f"among, {b.status}")
    return True


def told_before(c: Context, b: Binding) -> bool:
    """A sentence's first figure that is some of a group ("One of the women, aged 29, was killed") counts people
    told of before."""
    fig = b.fig
    if b.parent is not None or c.figures or fig.relative is not None or fig.head in c.lexicon.generic \
            or not PARTITIVE.match(c.text[fig.start:fig.end]):
        return False
    b.fig = fig._replace(relative="among")
    if c.s.trace is not None:
        _set(c, "told_before", b, "among")
    return True


def among_after(c: Context, b: Binding) -> bool:
    """"five soldiers were among the dead": a part of the toll already given."""
    m = AMONG_AFTER.match(c.text, b.fig.end) if c.among else None
    return m is not None and _among(c, b, "among_after", m)


RELATION_PASSES = (join_parent, among_before, among_list_goes_on, told_before, among_after)


def relation(c: Context, b: Binding) -> None:
    """How the figure stands to the figures before it: the first of ``RELATION_PASSES`` that applies decides
    ("including nine Russians": a part; "Among the dead were seven soldiers": among the last toll)."""
    for rule in RELATION_PASSES:
        if rule(c, b):
            return


def side_after_among(c: Context, b: Binding) -> None:
    """"3 fatalities among CTS troops": the side named after the status word."""
    if b.word is not None and c.among:
        fig = side_after(c.text, b.fig, b.word, c.actors)
        if fig is not b.fig and c.s.trace is not None:
            note(c.s, "figures.side_after_among", "set", f"{c.quote(fig)}: {fig.party}")
        b.fig = fig


def side_phrase(c: Context, b: Binding) -> None:
    """"28 fighters on the insurgent side": the side named after the figure."""
    if b.fig.party is None and " side" in c.text and (side := SIDE_PHRASE.match(c.text, b.fig.end)) \
            and (actor := c.actors.get(side.start(1))):
        b.fig = b.fig._replace(party=actor.party, group=actor.group)
        if c.s.trace is not None:
            _set(c, "side_phrase", b, str(actor.party))


def people_described(c: Context, b: Binding) -> None:
    """"killed 12 people, all civilians": the people's side is the one named."""
    described = DESCRIBED_AS.match(c.text, b.fig.end) if b.fig.party in (None, "unknown") else None
    actor = c.actors.get(described.end()) if described else None
    if actor is not None and actor.kind == "head" and actor.party is not None:
        b.fig = b.fig._replace(party=actor.party, group=actor.group)
        if c.s.trace is not None:
            _set(c, "people_described", b, str(actor.party))


def revision(c: Context, b: Binding) -> None:
    """A toll may revise an earlier one ("the toll rose to 35": later; "raised its toll to 74": its own) or be
    the earlier one ("an earlier toll stood at 27")."""
    if b.status is not None:
        b.revision = toll_revision(c.s, b.word)
        if b.revision is not None and c.s.trace is not None:
            _set(c, "revision", b, b.revision)


WITH_MORE = re.compile(r"(?:,\s*|\s+)with\s+\Z", re.I)
AS_WELL_AS = re.compile(r"\w\s*,?\s+(?:as\s+well\s+as|along\s+with|together\s+with)\s+\Z", re.I)


def elided_status(c: Context, b: Binding) -> None:
    """"346 civilians were evacuated, with 400 more on 6 March", "13 IS militants were killed as well as six SDF
    fighters": a count of more after "with", or one after "as well as", with no status word of its own has the
    status of the figure before it; so has a total after "and", whatever word before governs ("gave a figure of
    60,000 killed or wounded in three months, and a total of over 80,000 since August")."""
    more = b.fig.relative == "others" and WITH_MORE.search(c.text, max(0, b.fig.start - 8), b.fig.start)
    total = AND_A_TOTAL_OF.search(c.text, max(0, b.fig.start - 20), b.fig.start)
    if c.figures and (total or (b.status is None and (more or AS_WELL_AS.search(c.text, max(0, b.fig.start - 18),
                                                                                b.fig.start)))):
        b.status = c.figures[-1].status
        if c.s.trace is not None:
            _set(c, "elided_status", b, str(b.status))


def keep(c: Context, b: Binding) -> None:
    """A figure with a status is kept; one that no status word governs (and no default covers) is dropped:
    "130 soldiers" in "130 soldiers took part" is none."""
    if b.status is None:
        if c.s.trace is not None:
            note(c.s, "figures.keep", "dropped", f"{c.quote(b.fig)}: no status")
        return
    c.figures.append(b.fig._replace(status=b.status, revision=b.revision))
    if c.s.trace is not None:
        _set(c, "keep", b, b.status)


FIGURE_PASSES = (subset_of_cue, of_them_total, list_goes_on_subset, bind_status, part_keeps_total_status,
                 teller_not_casualty, status_of_word, list_status, attackers_lost, attack_by, toll_party, agent_party,
                 combatants_detained, relation, side_after_among, side_phrase, people_described, revision,
                 elided_status, keep)


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
    hits = status_matcher().find(s)
    if (require_status or default_status is None) and not has_casualty_words(s):
        return coded_fatalities(s, [])  # every figure needs a status word (a coder's count is its own)
    c = Context(s, lexicon, sides, default_status, hits)
    for fig in c.candidates:
        b = Binding(fig)
        for step in FIGURE_PASSES:
            step(c, b)
    figures = c.figures
    for step in LIST_PASSES:
        figures = step(s, figures)
    return coded_fatalities(s, figures)
