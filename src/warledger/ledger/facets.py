"""Facets: every value a filter can take in the ledger, each with how many events (reports) have it.

A facet's count is the ``total`` that ``/api/events`` (``Store.events_page``) gives for that one filter: an
event has a party, status or source when one of its figures does, a type when its type or sub-type is it,
a governorate and a year from its own place and first day. So the dashboard's filter lists come from the
whole ledger, by SQL over the stored rows, not from a page of events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from warledger.ledger.store import Store


def _figure_facet(column: str) -> str:
    return (f"SELECT value, COUNT(*) AS n FROM (SELECT DISTINCT doc_id, event_id, {column} AS value FROM figures "
            f"WHERE {column} IS NOT NULL) f GROUP BY value")


FACETS = {
    "party": _figure_facet("party"),
    "status": _figure_facet("status"),
    "source": _figure_facet("source"),
    "admin1": "SELECT admin1 AS value, COUNT(*) AS n FROM events WHERE admin1 IS NOT NULL GROUP BY admin1",
    # UNION (not UNION ALL): an event whose type and sub-type are the same word counts once, as the filter does.
    "type": ("SELECT value, COUNT(*) AS n FROM (SELECT doc_id, event_id, type AS value FROM events "
             "WHERE type IS NOT NULL UNION SELECT doc_id, event_id, sub_type AS value FROM events "
             "WHERE sub_type IS NOT NULL) t GROUP BY value"),
    "year": ("SELECT substr(date_start, 1, 4) AS value, COUNT(*) AS n FROM events WHERE date_start IS NOT NULL "
             "GROUP BY substr(date_start, 1, 4)"),
}
"""Facet → SQL giving ``value`` and ``n`` (events), keyed as the ``/api/events`` filter it feeds (``year``
feeds ``from``/``to``)."""


def facets(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Each facet's values in order, with their counts of events.

    >>> import os, tempfile
    >>> from warledger.ledger import Ledger
    >>> led = Ledger.open(os.path.join(tempfile.mkdtemp(), "ledger.db"))
    >>> facets(led.store)["party"]
    []
    """
    return {name: [{"value": r["value"], "count": int(r["n"])}
                   for r in sorted(store.rows(statement), key=lambda r: str(r["value"]))]
            for name, statement in FACETS.items()}
