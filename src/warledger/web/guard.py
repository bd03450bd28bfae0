"""What stands between the network and the API: one error shape, security headers, the token, the body limit.

Every error has one shape, whoever raises it (a route, Starlette's router, a validator, a bug):

>>> import json
>>> json.loads(error_response(404, "no document 'x'").body)
{'error': {'status': 404, 'message': "no document 'x'"}}
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("warledger.web")
M = TypeVar("M", bound=BaseModel)

CLOSE = {"Connection": "close"}
"""Sent with a refusal that leaves the request body unread, so the server does not go on reading it."""

DASHBOARD_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
                 "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
                 "frame-ancestors 'none'")
"""The dashboard's policy: its own scripts, styles, data and images only. Colour swatches are set as
``style`` attributes, hence ``style-src-attr``; no inline or foreign script runs."""

SECURITY_HEADERS = {"content-security-policy": DASHBOARD_CSP, "x-content-type-options": "nosniff",
                    "x-frame-options": "DENY", "referrer-policy": "no-referrer"}


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The one error shape: ``{"error": {"status": N, "message": "…"}}`` with status N."""
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status,
                        headers=dict(headers) if headers else None)


def validation_message(errors: Iterable[Mapping[str, Any]]) -> str:
    """The first validation error as one line, ``where: what``.

    >>> validation_message([{"loc": ("query", "limit"), "msg": "Input should be greater than or equal to 1"}])
    'limit: Input should be greater than or equal to 1'
    """
    first = next(iter(errors), {})
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "header"))
    what = first.get("msg", "invalid request")
    return f"{where}: {what}" if where else what


def inline_script_csp(html: str) -> str:
    """The dashboard's policy, but also allowing exactly the inline scripts of ``html`` (by their hash).

    >>> inline_script_csp("<script>go()</script>").split("; ")[1]
    "script-src 'self' 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='"
    """
    hashes = [base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
              for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S)]
    allowed = " ".join(f"'sha256-{h}'" for h in hashes)
    return DASHBOARD_CSP.replace("script-src 'self'", f"script-src 'self' {allowed}".rstrip())


class Guard:
    """ASGI middleware: security headers on every response; an unexpected error is a JSON 500, not a traceback.

    A header the response already has (``/docs`` sets its own policy) is kept. The traceback goes to the
    ``warledger.web`` log; the client gets one line naming the kind of error.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                have = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                                        if k.encode() not in have)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as err:
            log.exception("unexpected error in %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = error_response(500, f"unexpected server error ({type(err).__name__}); "
                                           "the server log has the details")
            await response(scope, receive, send_with_headers)


def require_token(request: Request, env: str) -> None:
    """Refuse a request without ``Authorization: Bearer <token>`` matching ``$env``: 503 if unset, else 401.

    Compared as bytes in constant time, so a header with any bytes at all is a 401, never a crash.
    """
    token = os.environ.get(env)
    if not token:
        raise HTTPException(503, f"ingest is allowed but {env} is not set on the server", headers=CLOSE)
    given = request.headers.get("authorization", "").encode("latin-1")  # the header's own bytes
    if not hmac.compare_digest(given, b"Bearer " + token.encode("utf-8", "surrogateescape")):
        raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required", headers=CLOSE)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes (declared or as it arrives)."""
    declared = _content_length(request.headers)
    if declared is not None and declared > limit:
        raise HTTPException(413, f"body of {declared:,} bytes is over the limit of {limit:,} bytes", headers=CLOSE)
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"body over the limit of {limit:,} bytes", headers=CLOSE)
            chunks.append(chunk)
    except ClientDisconnect:
        raise HTTPException(400, "the client closed the connection before the body ended") from None
    return b"".join(chunks)


def _content_length(headers: Headers) -> int | None:
    value = headers.get("content-length")
    if value is None:
        return None
    if not value.isdigit():
        raise HTTPException(400, f"Content-Length must be a number of bytes, not {value!r}", headers=CLOSE)
    return int(value)


def parse_json(model: type[M], raw: bytes) -> M:
    """``raw`` parsed as JSON and validated as ``model``; 422 in the error shape if it is not."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as err:
        raise HTTPException(422, validation_message(err.errors(include_url=False))) from None


def _integrity_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [sqlite3.IntegrityError]
    try:
        import psycopg
    except ImportError:
        pass
    else:
        errors.append(psycopg.IntegrityError)
    return tuple(errors)


INTEGRITY_ERRORS = _integrity_errors()
"""The database's "this row already exists" errors, SQLite's and (if installed) PostgreSQL's."""
