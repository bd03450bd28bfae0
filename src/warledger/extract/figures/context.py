"""The state the figure passes share: one sentence's facts, status words and candidates (:class:`Context`), and
one candidate in the making (:class:`Binding`). Read by ``casualties``, whose passes take both.
"""

from __future__ import annotations

from warledger.extract.analysis import SentenceFacts
from warledger.extract.figures import Figure
from warledger.extract.figures.candidates import candidates
from warledger.extract.figures.statuses import StatusWord, status_words
from warledger.extract.figures.syntax import STOP_WORDS
from warledger.extract.mentions.actors import ActorLexicon, ActorMention
from warledger.extract.mentions.persons import named_objects
from warledger.extract.text.phrases import Hit


def _named_object_starts(s: SentenceFacts, actors: dict[int, ActorMention]) -> set[int]:
    """Where the objects of a death verb that are people's names begin: no side's name ("killed when Islamic
    State militants attacked"), and no closed-class word before the name ("when", "as")."""
    return {p.title_start for p in named_objects(s.text, frozenset(s.surnames))
            if not any(a.start <= p.start < a.end for a in actors.values())
            and STOP_WORDS.isdisjoint(s.text[p.title_start:p.start].lower().split())}


class Context:
    """What the passes read of one sentence: its facts, status words and candidates, and the figures kept so far."""

    __slots__ = ("actors", "among", "candidates", "default_status", "figures", "lexicon", "s", "sides",
                 "statuses", "text")

    def __init__(self, s: SentenceFacts, lexicon: ActorLexicon, sides: tuple[str, str] | None,
                 default_status: str | None, hits: list[Hit]) -> None:
        self.s, self.text, self.lexicon, self.sides, self.default_status = s, s.text, lexicon, sides, default_status
        self.actors: dict[int, ActorMention] = {a.start: a for a in s.actors}
        # A status word takes as its object a number or a person noun right after it ("gunned down the mukhtar").
        objects = {n.start for n in s.numbers} | {a.start for a in self.actors.values() if a.person} \
            | _named_object_starts(s, self.actors)  # "shot and killed Brendan Tevlin"
        self.statuses: list[StatusWord] = status_words(s, objects, hits)
        self.candidates: list[Figure] = candidates(s, self.actors, self.statuses, lexicon.singular)
        self.figures: list[Figure] = []
        self.among = "among" in s.words

    def quote(self, fig: Figure) -> str:
        return self.text[fig.start:fig.end]


class Binding:
    """One candidate in the making: the figure, the total it is part of, its status word and status."""

    __slots__ = ("fig", "parent", "revision", "status", "word")

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.parent: int | None = None  # the index of the kept figure it is a part of
        self.word: StatusWord | None = None
        self.status: str | None = None
        self.revision: str | None = None
