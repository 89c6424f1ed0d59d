"""Settings come from the environment; bad values stop start-up with a clear message."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

PROJECT = Path(__file__).resolve().parents[2]


# Set for the test process by pyproject.toml; a real deployment has none of them.
TEST_ONLY_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def start_django(**variables) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly these variables set."""
    environment = {
        key: value for key, value in os.environ.items() if key not in TEST_ONLY_VARIABLES
    }
    environment.update(variables, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


REAL_SECRET = secrets.token_urlsafe(50)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": REAL_SECRET, "DEBUG": "maybe"}, "DEBUG='maybe' is not a yes/no value"),
        ({"SECRET_KEY": REAL_SECRET, "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL must start"),
        ({"SECRET_KEY": REAL_SECRET, "DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"SECRET_KEY": REAL_SECRET, "SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS"),
        ({"SECRET_KEY": REAL_SECRET, "SECURE_HSTS_SECONDS": "-5"}, "SECURE_HSTS_SECONDS=-5"),
        ({"SECRET_KEY": REAL_SECRET, "TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE='Mars/Olympus'"),
        ({"SECRET_KEY": REAL_SECRET, "LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD' must be one of"),
        (
            {"SECRET_KEY": REAL_SECRET, "EXPORT_RENDER_TIME_LIMIT": "600"},
            "EXPORT_RENDER_TIME_LIMIT=600 must be below EXPORT_JOB_TIMEOUT=600",
        ),
        (
            {"SECRET_KEY": REAL_SECRET, "EXPORT_JOB_TIMEOUT": "120"},
            "EXPORT_RENDER_TIME_LIMIT=300 must be below EXPORT_JOB_TIMEOUT=120",
        ),
    ],
)
def test_bad_settings_stop_start_up_with_a_message_naming_the_variable(variables, message):
    result = start_django(**variables)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deployment_checks_without_warnings():
    result = start_django(SECRET_KEY=REAL_SECRET, ALLOWED_HOSTS="plans.example.org")
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_debug_runs_without_a_secret_key():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DEBUG, settings.TIME_ZONE, settings.LANGUAGE_CODE)",
        ],
        cwd=PROJECT,
        env={
            **os.environ,
            "DEBUG": "1",
            "SECRET_KEY": "",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["True", "Asia/Shanghai", "zh-hans"], result.stderr


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("YES", True), ("off", False), ("", False)]
)
def test_env_bool_reads_the_usual_words(monkeypatch, raw, value):
    monkeypatch.setenv("FLAG", raw)
    assert env.env_bool("FLAG", default=not value) is value


def test_env_helpers_use_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("UNSET_VARIABLE", raising=False)
    assert env.env_bool("UNSET_VARIABLE", default=True) is True
    assert env.env_int("UNSET_VARIABLE", default=7) == 7
    assert env.env_list("UNSET_VARIABLE", default=["a"]) == ["a"]
    assert env.env_str("UNSET_VARIABLE", "x") == "x"


def test_env_list_drops_blank_items(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example.org, ,b.example.org ")
    assert env.env_list("HOSTS", default=[]) == ["a.example.org", "b.example.org"]


def test_env_str_refuses_control_characters(monkeypatch):
    monkeypatch.setenv("NAME_WITH_BELL", "abc\x07")
    with pytest.raises(ImproperlyConfigured, match="NAME_WITH_BELL contains control characters"):
        env.env_str("NAME_WITH_BELL")


def test_database_url_selects_sqlite_or_postgresql(monkeypatch, tmp_path):
    monkeypatch.delenv("DB_URL", raising=False)
    default = env.env_database("DB_URL", default_sqlite_path=tmp_path / "x.sqlite3")
    assert default == {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "x.sqlite3"}
    monkeypatch.setenv("DB_URL", "postgres://plans:secret@db.internal:5433/plans")
    config = env.env_database("DB_URL", default_sqlite_path=tmp_path / "x.sqlite3")
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        5433,
        "plans",
    )
    assert config["CONN_HEALTH_CHECKS"] is True


def test_every_variable_the_settings_read_is_documented():
    source = (PROJECT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (PROJECT / ".env.example").read_text(), re.M))
    assert read
    assert read <= documented, read - documented
