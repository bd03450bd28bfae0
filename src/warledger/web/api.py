"""The HTTP API (FastAPI): the ledger as JSON, read-only unless ingest is allowed.

Every error has one shape: ``{"error": {"status": 404, "message": "…"}}``, and every response carries
the security headers (both from :mod:`warledger.web.guard`). The dashboard at ``/`` is rendered in the
browser from these same endpoints; ``/docs`` is Swagger UI from packaged assets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from warledger import __version__
from warledger.audit import audit_document
from warledger.citation import citation
from warledger.extract.pipeline import extract_all
from warledger.inputs import is_day
from warledger.ledger import EventFilter, Ledger
from warledger.model import DocumentFailure, Event, to_dict
from warledger.read import FORMATS, read_string
from warledger.web.dashboard_api import dashboard_router
from warledger.web.guard import (
    INTEGRITY_ERRORS,
    Guard,
    error_response,
    inline_script_csp,
    parse_json,
    read_body,
    require_token,
    validation_message,
)

TOKEN_ENV = "WARLEDGER_TOKEN"
MAX_POST_BYTES = 2 * 1024 * 1024
MAX_OFFSET = 10**9
"""Paging further than this is refused with 422 (SQLite's integers end at 2**63 - 1)."""
POST_FORMATS = tuple(f for f in FORMATS if f != "jsonl")
DAY = r"^\d{4}-\d{2}-\d{2}$"
Policy = Annotated[str, Query(pattern="^(conservative|median)$")]


class NewDocument(BaseModel):
    id: str = Field(min_length=1, max_length=200, pattern=r"^[\w.:-]+$")
    text: str = Field(min_length=1)
    format: str | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    title: str | None = None


def event_json(doc: str, event: Event) -> dict[str, Any]:
    """An event as the API gives it: its id carries its document."""
    return {**to_dict(event), "id": f"{doc}:{event.id}", "document": doc}


@contextmanager
def opened(db: str, create: bool = False) -> Iterator[Ledger]:
    """The ledger at ``db`` for one request; one that does not exist is a 503 unless ``create``."""
    try:
        led = Ledger.open(db, create=create)
    except FileNotFoundError as err:
        raise HTTPException(503, str(err)) from None
    try:
        yield led
    finally:
        led.close()


def ledger(request: Request) -> Iterator[Ledger]:
    """One connection per request (SQLite connections stay in their thread); reading never creates a ledger."""
    with opened(request.app.state.db) as led:
        yield led


Led = Annotated[Ledger, Depends(ledger)]


def incident_filters(date_from: Annotated[str | None, Query(alias="from", pattern=DAY)] = None,
                     date_to: Annotated[str | None, Query(alias="to", pattern=DAY)] = None,
                     admin1: str | None = None, party: str | None = None, source: str | None = None,
                     type: str | None = None) -> dict[str, str]:
    """Which incidents to count or list: by their first report's date (from, to), governorate and type, by a
    party they have an estimate for, and by a source (its own figures: totals; a report it told: incidents)."""
    given = {"date_from": date_from, "date_to": date_to, "admin1": admin1, "party": party, "source": source,
             "type": type}
    return {k: v for k, v in given.items() if v is not None}


Filters = Annotated[dict[str, str], Depends(incident_filters)]


@contextmanager
def bad_request() -> Iterator[None]:
    """A query the ledger refuses (an unknown grouping, a date that is no day) is a 400."""
    try:
        yield
    except ValueError as err:
        raise HTTPException(400, str(err)) from None


def create_app(db: str = "ledger.db", allow_ingest: bool = False) -> FastAPI:
    """The API and dashboard over the ledger at ``db``.

    A ledger that does not exist is refused now (:class:`FileNotFoundError`) unless ingest is allowed,
    when it is created, as ``warledger ingest`` would.
    """
    Ledger.open(db, create=allow_ingest).close()
    app = FastAPI(title="warledger", version=__version__, docs_url=None, redoc_url=None,
                  description="A sourced, audited ledger of conflict events and casualties.")
    app.state.db = db
    app.add_middleware(Guard)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, validation_message(exc.errors()))

    @app.get("/api/documents")
    def documents(led: Led) -> list[dict[str, Any]]:
        return led.documents()

    @app.get("/api/documents/{doc_id:path}")  # a path: ids hold "/" ("enwiki/Battle_of_Hodeidah", "d/a/r.txt")
    def document(doc_id: str, led: Led) -> dict[str, Any]:
        row = led.store.document(doc_id)
        if row is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return {"id": row["id"], "title": row["title"], "format": row["format"],
                "reference_date": row["reference_date"], "version": row["version"], "text": row["text"],
                **citation(row)}

    @app.get("/api/events")
    def events(led: Led, party: str | None = None, status: str | None = None,
               date_from: Annotated[str | None, Query(alias="from", pattern=DAY)] = None,
               date_to: Annotated[str | None, Query(alias="to", pattern=DAY)] = None, admin1: str | None = None,
               source: str | None = None, type: str | None = None, doc: str | None = None,
               q: Annotated[str | None, Query(max_length=200, description="Words the sentence contains.")] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 100,
               offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
               sort: Annotated[str, Query(pattern="^-?date$")] = "date") -> dict[str, Any]:
        for name, day in (("from", date_from), ("to", date_to)):
            if day is not None and not is_day(day):
                raise HTTPException(422, f"{name}={day!r} is not a calendar day (YYYY-MM-DD)")
        where = EventFilter(party, status, date_from, date_to, admin1, source, type, doc, q or None)
        total, page = led.store.events_page(where, limit, offset, descending=sort.startswith("-"))
        return {"total": total, "limit": limit, "offset": offset, "items": [event_json(d, e) for d, e in page]}

    @app.get("/api/events/{event_id:path}")
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
    def totals(led: Led, filters: Filters, by: str = "year,party", status: str | None = "killed",
               policy: Policy = "conservative") -> list[dict[str, Any]]:
        with bad_request():
            return led.totals(tuple(k.strip() for k in by.split(",") if k.strip()), status, policy, **filters)

    @app.get("/api/timeline")
    def timeline(led: Led, filters: Filters, status: str | None = "killed",
                 policy: Policy = "conservative") -> list[dict[str, Any]]:
        """Totals per month and party: the dashboard's timeline."""
        with bad_request():
            return led.timeline(status, policy, **filters)

    @app.get("/api/map")
    def map_points(led: Led, filters: Filters, status: str | None = "killed",
                   policy: Policy = "conservative") -> list[dict[str, Any]]:
        """Totals per geocoded place (name, governorate, lat, lon): the dashboard's map."""
        with bad_request():
            return led.places(status, policy, **filters)

    @app.get("/api/findings")
    def findings(led: Led) -> dict[str, Any]:
        return {"claims": claims(led), "findings": to_dict(led.audit())}

    @app.get("/api/incidents")
    def incidents(led: Led, filters: Filters, policy: Policy = "conservative",
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> dict[str, Any]:
        """A page of incidents in date order, each with a stable id (i-000001)."""
        with bad_request():
            total, page = led.incident_page(policy, limit, offset, **filters)
        return {"total": total, "limit": limit, "offset": offset, "items": to_dict(page)}

    @app.get("/api/incidents/{incident_id}")
    def incident(incident_id: str, led: Led, policy: Policy = "conservative") -> dict[str, Any]:
        """One incident; an id since merged into another gives that one. ``merged``: the ids merged into it."""
        found = led.incident(incident_id, policy)
        if found is None:
            raise HTTPException(404, f"no incident {incident_id!r}; ids look like i-000001")
        return {**to_dict(found[0]), "merged": found[1]}

    if allow_ingest:
        _add_ingest(app)
    app.include_router(dashboard_router(ledger))
    _add_dashboard(app)
    _add_docs(app)
    return app


def _add_ingest(app: FastAPI) -> None:
    schema = {"requestBody": {"required": True,
                              "content": {"application/json": {"schema": NewDocument.model_json_schema()}}}}

    @app.post("/api/documents", status_code=201, openapi_extra=schema,
              responses={200: {"description": "Unchanged or replaced"}})
    async def post_document(request: Request) -> JSONResponse:
        """Store one document as ``warledger ingest`` would: 201 if new, 200 if unchanged or replaced.

        The token is checked before the body is read, and the body is read only up to MAX_POST_BYTES (2 MiB).
        """
        require_token(request, TOKEN_ENV)
        body = parse_json(NewDocument, await read_body(request, MAX_POST_BYTES))
        if body.format is not None and body.format not in POST_FORMATS:
            raise HTTPException(422, f"format must be one of {', '.join(POST_FORMATS)}")
        result = await run_in_threadpool(_ingest_one, app.state.db, body)
        return JSONResponse(result, status_code=201 if result["outcome"] == "new" else 200)


def _ingest_one(db: str, body: NewDocument) -> dict[str, Any]:
    """Read, extract, store and audit one posted document; what it gave, as the API answers it."""
    result = read_string(body.text, body.id, body.format, body.title, body.date)
    if result.failures:
        raise HTTPException(422, result.failures[0].reason)
    out = next(extract_all(result.documents))
    if isinstance(out, DocumentFailure):
        raise HTTPException(422, out.reason)
    with opened(db, create=True) as led:
        try:
            outcome = led.store.put(result.documents[0], out)
        except INTEGRITY_ERRORS:
            raise HTTPException(409, f"document {body.id!r} was written by another request; retry") from None
    ledger_doc = audit_document(out)
    return {"id": body.id, "outcome": outcome, "events": len(ledger_doc.events), "claims": len(ledger_doc.claims),
            "findings": len(ledger_doc.findings), "warnings": ledger_doc.warnings}


def _add_dashboard(app: FastAPI) -> None:
    static = resources.files("warledger.web").joinpath("static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")))

    app.mount("/static", StaticFiles(directory=str(static)), name="static")


def _add_docs(app: FastAPI) -> None:
    """Swagger UI at ``/docs`` from the vendored assets: nothing from another origin, so it works offline."""
    page = get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API",
                               swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                               swagger_css_url="/static/swagger/swagger-ui.css",
                               swagger_favicon_url="/static/swagger/favicon-32x32.png")
    html = bytes(page.body).decode()
    csp = inline_script_csp(html)  # the page's one inline script (its configuration), by hash

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})
