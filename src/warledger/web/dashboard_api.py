"""What the dashboard asks of the API beyond the ledger's listings: its filter choices, with counts.

The router is made for an app by :func:`dashboard_router`, given the app's per-request ledger dependency,
so it opens the ledger exactly as the other endpoints do.
"""

# No "from __future__ import annotations": FastAPI must see the dependency in the route's annotation as an
# object, and it is a closure variable that a string annotation could not name.
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from warledger.ledger import Ledger
from warledger.ledger.facets import facets


def dashboard_router(ledger: Callable[..., Iterator[Ledger]]) -> APIRouter:
    """``/api/facets`` over the ledger that ``ledger`` (a FastAPI dependency) opens for each request."""
    router = APIRouter()

    @router.get("/api/facets")
    def facet_counts(led: Annotated[Ledger, Depends(ledger)]) -> dict[str, list[dict[str, Any]]]:
        """Every party, status, source, governorate (``admin1``), type and year in the ledger, each with how
        many events have it: the ``total`` of ``/api/events`` with that one filter."""
        return facets(led.store)

    return router
