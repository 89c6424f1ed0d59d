"""Backup and restore as docs/deploy.md tells: the restored database prints the same plans.

On PostgreSQL: `pg_dump --format=custom`, then `pg_restore` into a new empty
database. On SQLite: the online backup (what `sqlite3 db.sqlite3 ".backup FILE"`
does). Either way the JSON export of every plan, made by `manage.py export_plan`
against the restored copy, equals the export from the live database.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from activities.selectors import plan_outline
from importing.json_writer import render_json
from plans.models import Plan

ROOT = Path(__file__).resolve().parents[2]


def exported_from(database_url: str, plan_pk: int, tmp_path: Path) -> bytes:
    out = tmp_path / f"plan-{plan_pk}.json"
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "manage.py", "export_plan", str(plan_pk), "--format", "json", "-o", out],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return out.read_bytes()


def live_exports() -> dict[int, bytes]:
    plans = Plan.objects.select_related("committee").order_by("pk")
    return {plan.pk: render_json(plan, plan_outline(plan)) for plan in plans}


def backup_sqlite(tmp_path: Path) -> str:
    target = tmp_path / "backup.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{target}"


def backup_postgresql(tmp_path: Path) -> tuple[str, str]:
    """Dump the test database and restore it into a new one; its URL and name."""
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump is needed for the PostgreSQL backup test")
    params = connection.get_connection_params()
    server = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    env = {
        **os.environ,
        "PGHOST": str(server.get("host", "")),
        "PGPORT": str(server.get("port", "")),
        "PGUSER": str(server.get("user", "")),
        "PGPASSWORD": str(server.get("password", "")),
    }
    dump = tmp_path / "cppcc.dump"
    source = connection.settings_dict["NAME"]
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", source], env=env, check=True)
    restored = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{restored}"')
    subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)], env=env, check=True
    )
    host, port = server.get("host", "localhost"), server.get("port", 5432)
    auth = server.get("user", "")
    if server.get("password"):
        auth += f":{server['password']}"
    return f"postgres://{auth}@{host}:{port}/{restored}", restored


def drop_postgresql(name: str) -> None:
    params = connection.get_connection_params()
    server = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_gives_identical_plans(tmp_path):
    call_command("load_demo", verbosity=0)
    before = live_exports()
    assert len(before) >= 2
    restored = None
    if connection.vendor == "postgresql":
        url, restored = backup_postgresql(tmp_path)
    else:
        url = backup_sqlite(tmp_path)
    try:
        after = {pk: exported_from(url, pk, tmp_path) for pk in before}
    finally:
        if restored:
            drop_postgresql(restored)
    assert after == before
