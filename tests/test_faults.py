"""Faults the app must survive (docs/deploy.md): a database restart under a running app.

A restarted PostgreSQL drops every open connection. With persistent connections
(CONN_MAX_AGE) each gunicorn worker holds one, so the first request after the
restart would fail unless the connection is checked before use
(CONN_HEALTH_CHECKS). Here gunicorn serves the test database as in production,
and the test ends the server's database sessions from outside, which is what a
restart does to them. The disk-full and dead-worker faults are in tests/exports/test_jobs.py.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no server to restart"),
]


def server_params() -> dict:
    params = connection.get_connection_params()
    return {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}


def restart_database() -> int:
    """End every other session of the test database, as a restart does; how many."""
    connection.close()  # the test's own, so that only the app's are ended
    with psycopg.connect(
        dbname=connection.settings_dict["NAME"], autocommit=True, **server_params()
    ) as other:
        return other.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]


def status(url: str) -> int:
    try:
        with urlopen(url, timeout=30) as response:
            return response.status
    except HTTPError as error:
        return error.code


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(health_checks: bool):
    """One gunicorn worker on the test database with kept connections; its base URL."""
    params = server_params()
    auth = params.get("user", "") + (f":{params['password']}" if params.get("password") else "")
    url = f"postgres://{auth}@{params.get('host', 'localhost')}:{params.get('port', 5432)}"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"{url}/{connection.settings_dict['NAME']}",
        "CONN_MAX_AGE": "60",
        "CONN_HEALTH_CHECKS": "1" if health_checks else "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            status(f"{base}/login/")
            break
        except URLError:
            assert process.poll() is None, "gunicorn did not start"
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.2)
    return process, base


@pytest.fixture
def app_server(request):
    process, base = gunicorn(health_checks=request.param)
    yield base
    process.terminate()
    process.wait(timeout=30)
    restart_database()  # no session may outlive the test database


@pytest.mark.parametrize("app_server", [True], indirect=True)
def test_the_app_answers_after_the_database_restarts(app_server):
    assert status(f"{app_server}/healthz") == 200  # the worker keeps its connection

    assert restart_database() >= 1

    assert status(f"{app_server}/healthz") == 200
    assert status(f"{app_server}/login/") == 200


@pytest.mark.parametrize("app_server", [False], indirect=True)
def test_without_health_checks_the_first_request_after_a_restart_fails(app_server):
    # Shows that the test above tests something: the setting is what saves the request.
    assert status(f"{app_server}/healthz") == 200

    assert restart_database() >= 1

    assert status(f"{app_server}/healthz") == 503
