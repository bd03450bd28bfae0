"""What every export needs from an incident: its killed estimates per side, and the citation of its text."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from warledger.citation import citation
from warledger.extract.mentions.event_types import is_government_party, is_state_party, state_parties
from warledger.ledger.estimates import incident_estimate
from warledger.model import CasualtyFigure, Event

if TYPE_CHECKING:
    from warledger.ledger import Ledger

# Every state party, foreign states and coalitions of states included (data/state_parties.yaml): a row with
# one on either side is state-based violence in UCDP's sense.
STATE_PARTIES = state_parties()


def killed_by_party(event: Event, policy: str = "conservative", unsided_together: bool = False
                    ) -> dict[str | None, tuple[int, int, int | None]]:
    """``{party: (low, best, high)}`` of the incident's killed, sub-figures left out (``unsided_together``: a
    total over all parties, party null, is one more estimate of the dead of no side named)."""
    return {party: incident_estimate(figs, policy)
            for party, figs in killed_figures_by_party(event, unsided_together).items()}


def killed_figures_by_party(event: Event, unsided_together: bool = False) -> dict[str | None, list[CasualtyFigure]]:
    """The incident's killed figures by party, sub-figures left out (``unsided_together``: party null joins the
    figures of no side named)."""
    groups: dict[str | None, list[CasualtyFigure]] = defaultdict(list)
    for fig in event.casualties:
        if fig.status == "killed" and fig.subset_of is None:
            groups[(fig.party or "unknown") if unsided_together else fig.party].append(fig)
    return groups


def killed_total(event: Event) -> tuple[int, int, int | None]:
    """The incident's killed over all parties: ``(low, best, high)``. One teller's total over all parties and
    another's count of "people" are two estimates of the same dead ("at least 53 people, including 46 civilians
    and 7 soldiers, according to state media. SOHR put the toll at 68"), not two sets of dead."""
    per_party = killed_by_party(event, unsided_together=True).values()
    highs = [h for _, _, h in per_party]
    high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
    return sum(low for low, _, _ in per_party), sum(best for _, best, _ in per_party), high


def sides_of(actors: list[str]) -> tuple[str | None, str | None]:
    """Side A and side B, as UCDP orders them.

    Side A is the state when one takes part: the government of the war first,
    else a foreign state or a coalition of states. Side B is then the first
    non-state actor (the states beside side A are on its side, as UCDP's
    secondary warring parties), else the other state. Without a state, the
    actors in the order named.

    >>> sides_of(["IS", "US-led coalition"])
    ('US-led coalition', 'IS')
    >>> sides_of(["government", "US-led coalition", "IS"])
    ('government', 'IS')
    """
    actors = [a for a in actors if a]
    state = next((a for a in actors if is_government_party(a)), None) \
        or next((a for a in actors if is_state_party(a)), None)
    if state:
        others = [a for a in actors if a != state]
        return state, next((a for a in others if not is_state_party(a)), others[0] if others else None)
    return (actors[0] if actors else None), (actors[1] if len(actors) > 1 else None)


def citations(ledger: Ledger) -> dict[str, dict[str, str]]:
    """Each document's citation (:func:`warledger.citation.citation`), for every row an export takes from it."""
    return {row["id"]: citation(row) for row in ledger.store.documents()}
