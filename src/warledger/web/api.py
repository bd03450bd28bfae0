"""The HTTP API (FastAPI): the ledger as JSON, read-only unless ingest is allowed.

Every error has one shape: ``{"error": {"status": 404, "message": "…"}}``.
The dashboard at ``/`` is rendered in the browser from these same endpoints.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from warledger import __version__
from warledger.audit import audit_document
from warledger.extract.pipeline import extract_all
from warledger.ledger import EventFilter, Ledger
from warledger.model import Event, ReadFailure, to_dict
from warledger.read import FORMATS, read_string

TOKEN_ENV = "WARLEDGER_TOKEN"
MAX_POST_BYTES = 2 * 1024 * 1024


class NewDocument(BaseModel):
    id: str = Field(min_length=1, max_length=200, pattern=r"^[\w.:-]+$")
    text: str = Field(min_length=1)
    format: str | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    title: str | None = None


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def event_json(doc: str, event: Event) -> dict[str, Any]:
    """An event as the API gives it: its id carries its document."""
    return {**to_dict(event), "id": f"{doc}:{event.id}", "document": doc}


@contextmanager
def opened(db: str) -> Iterator[Ledger]:
    led = Ledger.open(db)
    try:
        yield led
    finally:
        led.close()


def ledger(request: Request) -> Iterator[Ledger]:
    """One connection per request (SQLite connections stay in their thread)."""
    with opened(request.app.state.db) as led:
        yield led


Led = Annotated[Ledger, Depends(ledger)]


def create_app(db: str = "ledger.db", allow_ingest: bool = False) -> FastAPI:
    """The API and dashboard over the ledger at ``db``."""
    app = FastAPI(title="warledger", version=__version__,
                  description="A sourced, audited ledger of conflict events and casualties.")
    app.state.db = db

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query"))
        return _error(422, f"{where}: {first.get('msg', 'invalid request')}" if where else "invalid request")

    @app.get("/api/documents")
    def documents(led: Led) -> list[dict[str, Any]]:
        return led.documents()

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str, led: Led) -> dict[str, Any]:
        row = led.store.document(doc_id)
        if row is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return {"id": row["id"], "title": row["title"], "format": row["format"],
                "reference_date": row["reference_date"], "version": row["version"], "text": row["text"]}

    @app.get("/api/events")
    def events(led: Led, party: str | None = None, status: str | None = None,
               date_from: Annotated[str | None, Query(alias="from")] = None,
               date_to: Annotated[str | None, Query(alias="to")] = None, admin1: str | None = None,
               source: str | None = None, type: str | None = None, doc: str | None = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 100, offset: Annotated[int, Query(ge=0)] = 0,
               sort: Annotated[str, Query(pattern="^-?date$")] = "date") -> dict[str, Any]:
        where = EventFilter(party, status, date_from, date_to, admin1, source, type, doc)
        total, page = led.store.events_page(where, limit, offset, descending=sort.startswith("-"))
        return {"total": total, "limit": limit, "offset": offset, "items": [event_json(d, e) for d, e in page]}

    @app.get("/api/events/{event_id}")
    def event(event_id: str, led: Led) -> dict[str, Any]:
        doc, _, eid = event_id.rpartition(":")
        found = [e for e in led.events(doc=doc) if e.id == eid] if doc else []
        if not found:
            raise HTTPException(404, f"no event {event_id!r}; ids look like DOCUMENT:e-001")
        return event_json(doc, found[0])

    @app.get("/api/claims")
    def claims(led: Led, doc: str | None = None) -> list[dict[str, Any]]:
        return [{**to_dict(c), "document": d} for d, c in led.claims(doc)]

    @app.get("/api/totals")
    def totals(led: Led, by: str = "year,party", status: str | None = "killed",
               policy: Annotated[str, Query(pattern="^(conservative|median)$")] = "conservative") \
            -> list[dict[str, Any]]:
        try:
            return led.totals(tuple(k.strip() for k in by.split(",") if k.strip()), status, policy)
        except ValueError as err:
            raise HTTPException(400, str(err)) from None

    @app.get("/api/findings")
    def findings(led: Led) -> dict[str, Any]:
        return {"claims": claims(led), "findings": to_dict(led.audit())}

    @app.get("/api/incidents")
    def incidents(led: Led) -> list[dict[str, Any]]:
        return to_dict(led.incidents())

    if allow_ingest:
        _add_ingest(app)
    _add_dashboard(app)
    return app


def _add_ingest(app: FastAPI) -> None:
    @app.post("/api/documents", status_code=201)
    def post_document(body: NewDocument, authorization: Annotated[str | None, Header()] = None,
                      content_length: Annotated[int | None, Header()] = None) -> dict[str, Any]:
        token = os.environ.get(TOKEN_ENV)
        if not token:
            raise HTTPException(503, f"ingest is allowed but {TOKEN_ENV} is not set on the server")
        if not authorization or not hmac.compare_digest(authorization, f"Bearer {token}"):
            raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required")
        if (content_length or 0) > MAX_POST_BYTES or len(body.text.encode()) > MAX_POST_BYTES:
            raise HTTPException(413, f"document over the limit of {MAX_POST_BYTES:,} bytes")
        if body.format is not None and (body.format not in FORMATS or body.format == "jsonl"):
            raise HTTPException(422, f"format must be one of {', '.join(f for f in FORMATS if f != 'jsonl')}")
        result = read_string(body.text, body.id, body.format, body.title, body.date)
        if result.failures:
            raise HTTPException(422, result.failures[0].reason)
        out = next(extract_all(result.documents))
        if isinstance(out, ReadFailure):
            raise HTTPException(422, out.reason)
        with opened(app.state.db) as led:
            outcome = led.store.put(result.documents[0], out)
        ledger_doc = audit_document(out)
        return {"id": body.id, "outcome": outcome, "events": len(ledger_doc.events),
                "claims": len(ledger_doc.claims), "findings": len(ledger_doc.findings)}


def _add_dashboard(app: FastAPI) -> None:
    static = resources.files("warledger.web").joinpath("static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")))

    app.mount("/static", StaticFiles(directory=str(static)), name="static")
