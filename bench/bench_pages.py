"""Time the editor and the print preview for plans of 50 and 500 activities.

Run from the project root: `make bench` or `.venv/bin/python bench/bench_pages.py`.
It builds a throw-away SQLite database in /tmp, logs in as an editor through
Django's test client and prints the median server time of each page over RUNS
requests after WARM_UP ones. Figures go to docs/performance.md.
"""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = Path("/tmp/cppcc-bench.sqlite3")
SIZES = (50, 500)
WARM_UP = 3
RUNS = int(os.environ.get("BENCH_RUNS", "20"))

sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
# Production settings: DEBUG slows templates down and records every query.
os.environ["DEBUG"] = "0"
os.environ["STATIC_MANIFEST"] = "0"  # no collectstatic for a bench
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["ALLOWED_HOSTS"] = "localhost"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from organisation.models import StaffRole  # noqa: E402
from tests.factories import CommitteeFactory, PlanFactory, StaffRoleFactory, fill_plan  # noqa: E402

PAGES = ("editor:detail", "editor:preview")


def build_plan(committee, activity_count: int):
    """A consultation plan of five parts with three groups each; full activities."""
    plan = PlanFactory(
        committee=committee,
        title=f"{activity_count}项活动的协商工作计划",
        document_number="河洛政协〔2026〕3号",
        preamble="为深入贯彻中央和省委、市委关于加强人民政协协商民主建设的部署要求，制定本计划。",
    )
    fill_plan(plan, activity_count, parts=5, groups_per_part=3)
    return plan


def measure(client, url: str) -> tuple[list[float], int, int]:
    """Milliseconds of each timed request, queries and bytes of the last one."""
    for _ in range(WARM_UP):
        client.get(url)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return timings, len(queries), len(response.content)


def main() -> None:
    DATABASE.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    committee = CommitteeFactory(name="政协河洛市委员会", short_name="市政协")
    editor = StaffRoleFactory(committee=committee, role=StaffRole.Role.EDITOR).user
    plans = {size: build_plan(committee, size) for size in SIZES}

    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, SQLite, DEBUG=0")
    print(f"median of {RUNS} requests after {WARM_UP} warm-up ones\n")
    header = (
        f"{'page':<16}{'activities':>11}{'queries':>9}{'KB':>7}"
        f"{'median ms':>11}{'min ms':>9}{'max ms':>9}"
    )
    print(header)
    print("-" * len(header))
    for name in PAGES:
        for size, plan in plans.items():
            timings, queries, size_bytes = measure(client, reverse(name, args=[plan.pk]))
            print(
                f"{name:<16}{size:>11}{queries:>9}{size_bytes / 1024:>7.0f}"
                f"{statistics.median(timings):>11.1f}{min(timings):>9.1f}{max(timings):>9.1f}"
            )


if __name__ == "__main__":
    main()
