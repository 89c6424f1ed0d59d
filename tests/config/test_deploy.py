"""The production set-up of docs/deploy.md: deploy checks, health check, static files, gunicorn."""

import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError
from django.templatetags.static import static
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

# What docs/deploy.md puts into /etc/cppcc-plans/env, with throw-away values.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "deploy-check-only-9f8e7d6c5b4a39281706f5e4d3c2b1a0-zyxwvutsrqponmlk",
    "ALLOWED_HOSTS": "plans.example.gov.cn",
    "DATABASE_URL": "postgres://cppcc:secret@127.0.0.1:5432/cppcc",
    "SECURE_PROXY_SSL_HEADER": "1",
    "CSRF_TRUSTED_ORIGINS": "https://plans.example.gov.cn",
    "CLIENT_IP_HEADER": "X-Real-IP",
}


def production_env() -> dict:
    # Drop the test suite's own overrides (pyproject.toml) so the defaults are checked.
    keep = {
        k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_", "CSRF_"))
    }
    keep.pop("STATIC_MANIFEST", None)
    keep.pop("CONN_MAX_AGE", None)
    # Set by the browser tests' async event loop in this process; never in production.
    keep.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {**keep, **PRODUCTION_ENV}


def test_check_deploy_is_clean_in_the_production_configuration():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_keep_health_checked_connections_and_hashed_static_files():
    code = (
        "from django.conf import settings as s; db = s.DATABASES['default']; "
        "print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'], s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "60",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


@pytest.mark.django_db
def test_healthz_answers_ok_without_login():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(caplog):
    with mock.patch(
        "config.health.connection.cursor", side_effect=OperationalError("server closed")
    ):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert b"database" in response.content
    assert "does not answer" in caplog.text


@pytest.mark.django_db
def test_healthz_refuses_other_methods():
    assert Client().post("/healthz").status_code == 405


@pytest.mark.django_db
def test_whitenoise_serves_compressed_hashed_static_files(tmp_path, settings):
    # One stylesheet instead of the whole static folder: compressing the fonts
    # takes collectstatic a minute or two, which a deployment pays once.
    source = tmp_path / "source"
    (source / "css").mkdir(parents=True)
    shutil.copy(ROOT / "static/css/app.css", source / "css/app.css")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("css/app.css")
    assert url != "/static/css/app.css"  # content hash in the name
    response = Client().get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]


def test_gunicorn_workers_follow_the_cores_and_the_environment(monkeypatch):
    config = ROOT / "gunicorn.conf.py"
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    assert runpy.run_path(str(config))["workers"] == 9
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    values = runpy.run_path(str(config))
    assert values["workers"] == 3
    assert values["accesslog"] == "-"  # logs to stdout
    assert values["bind"].startswith("127.0.0.1:")


def test_the_deploy_examples_name_the_real_entry_points():
    unit = (ROOT / "deploy/cppcc-plans.service").read_text()
    assert "gunicorn -c gunicorn.conf.py config.wsgi" in unit
    site = (ROOT / "deploy/nginx-cppcc-plans.conf").read_text()
    assert "X-Forwarded-Proto" in site
    # The header the app is told to trust is the one the site sets to the client's address.
    assert f"proxy_set_header {PRODUCTION_ENV['CLIENT_IP_HEADER']} $remote_addr;" in site
    assert (
        f"CLIENT_IP_HEADER={PRODUCTION_ENV['CLIENT_IP_HEADER']}"
        in (ROOT / "docs/deploy.md").read_text()
    )
    assert settings.SECURE_REDIRECT_EXEMPT == [r"^healthz$"]
