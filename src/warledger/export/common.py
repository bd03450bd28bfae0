"""What every export needs from an incident: its killed estimates per side."""

from __future__ import annotations

from collections import defaultdict

from warledger.ledger.estimates import incident_estimate
from warledger.model import CasualtyFigure, Event

STATE_PARTIES = {"pro-government", "government"}


def killed_by_party(event: Event, policy: str = "conservative") -> dict[str | None, tuple[int, int, int | None]]:
    """``{party: (low, best, high)}`` of the incident's killed, sub-figures left out."""
    groups: dict[str | None, list[CasualtyFigure]] = defaultdict(list)
    for fig in event.casualties:
        if fig.status == "killed" and fig.subset_of is None:
            groups[fig.party].append(fig)
    return {party: incident_estimate(figs, policy) for party, figs in groups.items()}


def killed_total(event: Event) -> tuple[int, int, int | None]:
    """The incident's killed over all parties: ``(low, best, high)``."""
    per_party = killed_by_party(event).values()
    highs = [h for _, _, h in per_party]
    high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
    return sum(low for low, _, _ in per_party), sum(best for _, best, _ in per_party), high


def sides(event: Event) -> tuple[str | None, str | None]:
    """Side A (the state, when it takes part) and side B."""
    actors = [a for a in event.actors if a]
    state = next((a for a in actors if a in STATE_PARTIES), None)
    others = [a for a in actors if a != state]
    if state:
        return state, others[0] if others else None
    return (actors[0] if actors else None), (actors[1] if len(actors) > 1 else None)
