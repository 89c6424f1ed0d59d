"""Strict readers for the environment variables the settings depend on.

Each reader names the variable in its error, so a typo in a deployment stops
start-up with a message that says what to fix instead of a confusing failure
later. Every variable is documented in `.env.example`.
"""

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything but a known word is an error."""
    value = _raw(name)
    if value is None:
        return default
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a yes/no value; use one of: 1, 0, true, false, yes, no, on, off."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """Read a whole number not below `minimum`."""
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_str(name: str, default: str = "") -> str:
    """Read a plain string; control characters are refused."""
    value = _raw(name)
    if value is None:
        return default
    if any(ord(char) < 32 for char in value):
        raise ImproperlyConfigured(f"{name} contains control characters.")
    return value


def env_path(name: str, default: Path) -> Path:
    """Read an absolute directory or file path."""
    value = env_str(name)
    if not value:
        return default
    path = Path(value)
    if not path.is_absolute():
        raise ImproperlyConfigured(f"{name}={value!r} must be an absolute path.")
    return path


def env_choice(name: str, default: str, choices: list[str]) -> str:
    """Read one of a fixed set of words."""
    value = env_str(name, default) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def env_time_zone(name: str, default: str) -> str:
    """Read an IANA time zone name such as Asia/Shanghai."""
    value = env_str(name, default) or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name}={value!r} is not a known time zone.") from None
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list; blank items are dropped."""
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in env_str(name).split(",") if item.strip()]


def env_database(name: str, default_sqlite_path: Path) -> dict:
    """Read a database URL (sqlite:// or postgres://) into Django's DATABASES entry."""
    value = _raw(name)
    if not value:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite_path}
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except Exception as error:
        # dj-database-url raises several exception types for bad URLs; all mean the same here.
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
    engine = config.get("ENGINE", "")
    if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            f"{name} must start with sqlite:// or postgres://, not {value.split(':', 1)[0]!r}."
        )
    if engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
    return config
