"""Time the PDF of plans of 20, 100 and 500 activities: seconds, pages, bytes, memory.

Run from the project root: `make bench-pdf` or `.venv/bin/python bench/pdf.py`.
The parent builds a throw-away SQLite database in /tmp with three consultation
plans (five parts of three groups, full activities: bench/bench_pages.py's plans).
Each size is then rendered in a child process of its own, so that its peak
resident memory (getrusage maxrss) is that render's alone: the child loads the
outline, renders once without the cache (`build_pdf`) to warm up, then RUNS
more times, and reports the median. Figures go to docs/performance.md ("PDF").

Plans with PDF_APPENDIX_APART_ROWS or more activities lay their appendix out in a
second process meanwhile (printing/parts.py); that process's peak is measured
apart, by laying the appendix out alone in a third child ("apart MiB").
"""

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = Path("/tmp/cppcc-bench-pdf.sqlite3")
SIZES = (20, 100, 500)
RUNS = int(os.environ.get("BENCH_RUNS", "3"))

sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DEBUG"] = "0"
os.environ["STATIC_MANIFEST"] = "0"  # no collectstatic for a bench
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["ALLOWED_HOSTS"] = "localhost"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"


def build_plans() -> dict[int, int]:
    """Plan pk by activity count, in a fresh database."""
    from django.core.management import call_command

    from tests.factories import CommitteeFactory, PlanFactory, fill_plan

    DATABASE.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    committee = CommitteeFactory(name="政协河洛市委员会", short_name="市政协")
    plans = {}
    for size in SIZES:
        plan = PlanFactory(
            committee=committee,
            title=f"{size}项活动的协商工作计划",
            document_number="河洛政协〔2026〕3号",
            preamble="为深入贯彻中央和省委、市委关于加强人民政协协商民主建设的部署要求，制定本计划。",
        )
        fill_plan(plan, size, parts=5, groups_per_part=3)
        plans[size] = plan.pk
    return plans


def child(plan_pk: int) -> None:
    import logging

    logging.disable(logging.INFO)  # WeasyPrint's progress messages
    from activities.selectors import plan_outline
    from plans.models import Plan
    from printing.pdf import build_pdf, pdf_fingerprint

    plan = Plan.objects.get(pk=plan_pk)
    start = time.perf_counter()
    outline = plan_outline(plan)
    load = time.perf_counter() - start
    build_pdf(plan, outline)  # warm-up: imports, font parsing caches
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        pdf = build_pdf(plan, outline)
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    fingerprint = pdf_fingerprint(plan, outline)
    fingerprint_seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "load": load,
                "median": statistics.median(timings),
                "min": min(timings),
                "pages": page_count(pdf),
                "bytes": len(pdf),
                "fingerprint": fingerprint_seconds,
                "key": fingerprint[:8],
                "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def appendix_child(plan_pk: int) -> None:
    """Peak memory of laying out the appendix alone, as the second process does."""
    import logging

    logging.disable(logging.INFO)
    from django.template.loader import render_to_string

    from activities.selectors import plan_outline
    from plans.models import Plan
    from printing.context import print_context
    from printing.pdf import APPENDIX_TEMPLATE, write_apart

    plan = Plan.objects.get(pk=plan_pk)
    write_apart(render_to_string(APPENDIX_TEMPLATE, print_context(plan, plan_outline(plan))))
    print(json.dumps({"maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_child(mode: str, plan_pk: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, mode, str(plan_pk)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def page_count(pdf: bytes) -> int:
    """Pages, as Poppler's pdfinfo counts them."""
    path = Path(f"/tmp/cppcc-bench-{os.getpid()}.pdf")
    path.write_bytes(pdf)
    try:
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True)
    finally:
        path.unlink()
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


def main() -> None:
    import django

    django.setup()
    from django.conf import settings

    plans = build_plans()
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, SQLite, DEBUG=0")
    print(f"WeasyPrint: median of {RUNS} renders after a warm-up, each size in its own process\n")
    header = (
        f"{'activities':>10}{'pages':>7}{'KB':>7}{'median s':>10}{'min s':>8}"
        f"{'peak MiB':>10}{'apart MiB':>11}{'load ms':>9}{'key ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for size, pk in plans.items():
        row = run_child("--child", pk)
        apart = settings.PDF_APPENDIX_APART_ROWS and size >= settings.PDF_APPENDIX_APART_ROWS
        apart_mib = f"{run_child('--appendix', pk)['maxrss_mib']:.0f}" if apart else "-"
        print(
            f"{size:>10}{row['pages']:>7}{row['bytes'] / 1024:>7.0f}{row['median']:>10.2f}"
            f"{row['min']:>8.2f}{row['maxrss_mib']:>10.0f}{apart_mib:>11}{row['load'] * 1000:>9.0f}"
            f"{row['fingerprint'] * 1000:>8.0f}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("--child", "--appendix"):
        import django

        django.setup()
        {"--child": child, "--appendix": appendix_child}[sys.argv[1]](int(sys.argv[2]))
    else:
        main()
