"""Time the plan list, the activity search and the year grid in a large database.

Run against a database filled by
`python manage.py generate_data --committees 50 --years 5 --activities 200`
(250 plans, 50,000 activities), normally PostgreSQL:

    DATABASE_URL=postgres://… .venv/bin/python bench/scale.py

It logs in through Django's test client as an administrator (who sees every plan)
and as an editor of the province committee (whose scope covers the 49 cities
below it), and prints the median and 95th-percentile server time of each page
over RUNS requests after WARM_UP ones, with its query count. Figures go to
docs/performance.md ("Scale").
"""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 3
RUNS = int(os.environ.get("BENCH_RUNS", "20"))

sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["ALLOWED_HOSTS"] = "localhost"
os.environ["CONN_MAX_AGE"] = "60"
os.environ["STATIC_MANIFEST"] = "0"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from activities.models import Activity  # noqa: E402
from organisation.models import Committee, StaffRole  # noqa: E402
from plans.models import Plan  # noqa: E402


def pages(plan: Plan, committee: Committee) -> dict[str, str]:
    year = plan.year
    return {
        "plan list": reverse("editor:list"),
        "plan list, filtered": reverse("editor:list") + f"?year={year}&q=协商",
        "activity search": reverse("calendars:list") + f"?year={year}",
        "activity search, text": reverse("calendars:list") + f"?year={year}&q=营商环境",
        "plan year grid": reverse("calendars:plan_year", args=[plan.pk]),
        "committee year grid": reverse("calendars:committee_year", args=[committee.pk, year]),
    }


def measure(client, url: str) -> tuple[list[float], int]:
    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return timings, len(queries)


def login(username: str, **fields) -> Client:
    user, _ = get_user_model().objects.get_or_create(username=username, defaults=fields)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client, user


def main() -> None:
    province = Committee.objects.filter(parent=None, name__startswith="政协某省").latest("pk")
    plan = Plan.objects.filter(committee=province).latest("year")
    admin, _ = login("bench-admin", is_staff=True, is_superuser=True)
    editor, user = login("bench-editor")
    StaffRole.objects.get_or_create(
        user=user, committee=province, defaults={"role": StaffRole.Role.EDITOR}
    )
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{connection.vendor} {getattr(connection, 'pg_version', '')}, "
        f"{Plan.objects.count()} plans, {Activity.objects.count()} activities"
    )
    print(f"median and 95th percentile of {RUNS} requests after {WARM_UP} warm-up ones\n")
    print(f"{'page':<24}{'who':<8}{'median ms':>10}{'p95 ms':>8}{'queries':>9}")
    for name, url in pages(plan, province).items():
        for who, client in (("admin", admin), ("editor", editor)):
            timings, queries = measure(client, url)
            p95 = statistics.quantiles(timings, n=20)[-1]
            print(f"{name:<24}{who:<8}{statistics.median(timings):>10.0f}{p95:>8.0f}{queries:>9}")


if __name__ == "__main__":
    main()
