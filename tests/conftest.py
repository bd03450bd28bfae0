"""Shared fixtures: a real PostgreSQL server started for the test session, a real HTTP server for an app
(:func:`serve_app`), and the Hypothesis profiles.

The server is Debian's ``postgresql`` package (``.ci/run`` installs it): the
fixture runs initdb into a temporary directory and starts it on a free port
on 127.0.0.1. In CI (``CI`` set) a missing server is an error, never a skip.

Hypothesis runs the ``ci`` profile when ``CI`` is set (200 examples a property, no
deadline) and ``dev`` otherwise (40); ``HYPOTHESIS_PROFILE=thorough`` (2,000) or ``=ci`` picks one by name.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import warledger

# No deadline: a shared 2-core CI machine stalls now and then, and slow inputs have their own tests.
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or ([shutil.which(name)] if shutil.which(name)
                                                                       else [])
    return found[-1] if found else None


def _as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI machines run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (apt-get install postgresql); CI must run these tests")
        pytest.skip("PostgreSQL server binaries not installed")
    data = tempfile.mkdtemp(prefix="warledger-pg-")
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([initdb, "-D", data, "-A", "trust", "-U", "warledger", "-E", "UTF8",
                                 "--no-locale"]), check=True, capture_output=True)
    subprocess.run(_as_postgres([pg_ctl, "-D", data, "-w", "-l", f"{data}/log", "-o",
                                 f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql://warledger@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([pg_ctl, "-D", data, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture()
def pg_url(pg_server: str) -> str:
    """A fresh, empty database on the session's server."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_server}/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def led(request, tmp_path):
    """A ledger on each backend: the same tests run on SQLite and PostgreSQL (skipped where it is missing)."""
    where = request.getfixturevalue("pg_url") if request.param == "postgres" else tmp_path / "ledger.db"
    ledger = warledger.open(where)
    yield ledger
    ledger.close()


@pytest.fixture(scope="session")
def serve() -> Any:
    """:func:`serve_app`, for the tests that run an app behind a real server."""
    return serve_app


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """A real uvicorn server for an ASGI ``app`` on a free port, in a thread; its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
