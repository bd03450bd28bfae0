"""What the exports by incident (UCDP GED, ACLED, GeoJSON) read: each incident with its reports' events.

An incident is the ledger's unit of counting (reports of one real-world event merged, ``warledger.ledger``):
its killed per party are the stored estimates under the chosen policy, so an export sums to what
``warledger totals`` says. Its type and actors are its first report's (the anchor's); its sources, documents
and citations those of every report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warledger.citation import citation
from warledger.export.common import killed_by_party
from warledger.model import Estimate, Event, Incident

if TYPE_CHECKING:
    from warledger.ledger import Ledger


@dataclass
class IncidentRow:
    """One incident and the events of its reports, the anchor first, each beside its document's row."""

    incident: Incident
    reports: list[tuple[dict[str, Any], Event]]

    @property
    def anchor(self) -> Event:
        return self.reports[0][1]

    def actors(self) -> list[str]:
        """Every report's actors, in the order first named."""
        return list(dict.fromkeys(a for _, e in self.reports for a in e.actors if a))

    def sources(self) -> list[str]:
        """The publishers and tellers of every report (a report that names none: its document's title)."""
        named = [s for _, e in self.reports for s in e.sources]
        return list(dict.fromkeys(named or [d.get("title") or d["id"] for d, _ in self.reports]))

    def documents(self) -> list[dict[str, Any]]:
        return list({d["id"]: d for d, _ in self.reports}.values())

    def killed(self) -> dict[str | None, tuple[int, int, int | None]]:
        """``{party: (low, best, high)}`` of the incident's killed."""
        return {e.party: (e.low, e.best, e.high) for e in self.incident.estimates if e.status == "killed"}

    def killed_total(self) -> tuple[int, int, int | None]:
        """The killed over all parties: ``(low, best, high)``; high unbounded if any party's is."""
        values = self.killed().values()
        highs = [h for _, _, h in values]
        high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
        return sum(v[0] for v in values), sum(v[1] for v in values), high

    def citation(self) -> dict[str, str]:
        """The citations of its reports' texts, joined: every Wikipedia article quoted keeps its attribution."""
        cited = [citation(d) for d in self.documents()]
        urls = [c["source_url"] for c in cited if c.get("source_url")]
        licences = [c["licence"] for c in cited if c.get("licence")]
        return {"source_url": " ".join(dict.fromkeys(urls)), "licence": "; ".join(dict.fromkeys(licences))}


def incident_rows(ledger: Ledger, policy: str = "conservative") -> Iterator[IncidentRow]:
    """Every incident of the ledger in date order, with its reports' events and documents."""
    docs = {d["id"]: d for d in ledger.store.documents()}
    events = {(doc, e.id): e for doc, e in ledger.store.events_with_documents()}
    for incident in ledger.incidents(policy):
        reports = []
        for ref in incident.events:
            doc, _, event_id = ref.rpartition(":")  # document ids may hold ":", event ids do not
            if (doc, event_id) in events:
                reports.append((docs[doc], events[doc, event_id]))
        if reports:
            yield IncidentRow(incident, reports)


def report_rows(ledger: Ledger, policy: str = "conservative") -> Iterator[IncidentRow]:
    """Every report's event on its own (no merging), as an incident of one report: the exports' report level.
    Its id is the event's (``document:e-001``)."""
    docs = {d["id"]: d for d in ledger.store.documents()}
    for doc, event in ledger.store.events_with_documents():
        killed = [Estimate(party, "killed", low, best, high, event.sources)
                  for party, (low, best, high) in killed_by_party(event, policy).items()]
        yield IncidentRow(Incident(f"{doc}:{event.id}", [f"{doc}:{event.id}"], event.date, event.place, killed),
                          [(docs[doc], event)])


ROWS = {"incident": incident_rows, "report": report_rows}
"""The levels an export counts at: incidents (reports merged, the default) or each report on its own."""


def event_incidents(ledger: Ledger, policy: str = "conservative") -> dict[str, str]:
    """Each report's event (``"document:event"``) and the id of the incident it belongs to."""
    return {ref: incident.id for incident in ledger.incidents(policy) for ref in incident.events}
