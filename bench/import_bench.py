"""Time importing a 30-page plan: reading the .docx, parsing, saving, and the two pages.

Run from the project root: `.venv/bin/python bench/import_bench.py`. It builds a
throw-away SQLite database in /tmp with the demo organisation, writes a Word
document of at least 30 printed pages (22 lines of 28 characters, GB/T 9704) by
repeating the consultation plan of sample 篇1 with numbered variations, and prints
the median of RUNS runs after WARM_UP ones. Figures go to docs/performance.md.
"""

import io
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = Path("/tmp/cppcc-import-bench.sqlite3")
SEED = ROOT / "tests" / "data" / "seed_plans.txt"
PAGES = 30
PAGE_CHARACTERS = 22 * 28
WARM_UP = 2
RUNS = int(os.environ.get("BENCH_RUNS", "10"))

sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["ALLOWED_HOSTS"] = "localhost"
# Static files as they are: the bench runs no collectstatic.
os.environ["STATIC_MANIFEST"] = "0"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"

# WhiteNoise looks for collectstatic's folder, which the bench does not make.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import django  # noqa: E402

django.setup()

import docx  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from importing import ParseOptions, parse_text  # noqa: E402
from importing.readers import read_file  # noqa: E402
from importing.save import create_imported_plan, import_vocabulary  # noqa: E402
from organisation.models import Committee  # noqa: E402
from plans.models import Plan  # noqa: E402


def sample_lines() -> list[str]:
    """Sample 篇1 without the web page around it."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("篇1")) + 1
    end = next(i for i, line in enumerate(lines) if line.endswith("篇2"))
    return [line for line in lines[start:end] if line.strip()]


def long_plan() -> list[str]:
    """The sample's parts repeated (renumbered) until the text fills PAGES pages."""
    sample = sample_lines()
    head, body = sample[:1], sample[1:]
    parts = [line for line in body if line[:2] in {"一、", "二、", "三、", "四、"}]
    lines, round_ = list(head), 0
    numerals = "一二三四五六七八九十"
    while sum(len(line) for line in lines) < PAGES * PAGE_CHARACTERS:
        for line in body:
            if line in parts:
                number = len([x for x in lines if x[:1] in numerals and x[1:2] == "、"]) + 1
                label = numerals[number - 1] if number <= 10 else "十" + numerals[number - 11]
                line = f"{label}、{line[2:]}（{round_ + 1}）"
            lines.append(line)
        round_ += 1
    return lines


def word_document(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def timed(function, runs: int = RUNS) -> tuple[float, float, object]:
    for _ in range(WARM_UP):
        result = function()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), min(timings), result


def main() -> None:
    DATABASE.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    committee = Committee.objects.get(name="政协河洛市委员会")
    lines = long_plan()
    data = word_document(lines)
    characters = sum(len(line) for line in lines)

    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, SQLite, DEBUG=0")
    print(
        f"document: {len(lines)} paragraphs, {characters} characters "
        f"(≈{characters / PAGE_CHARACTERS:.0f} pages), {len(data) // 1024} KB .docx"
    )
    print(f"median of {RUNS} runs after {WARM_UP} warm-up ones\n")

    vocabulary = import_vocabulary(committee)
    read_ms, read_min, source = timed(lambda: read_file("plan.docx", data))
    parse_ms, parse_min, parsed = timed(
        lambda: parse_text(source.lines, vocabulary=vocabulary, options=ParseOptions(year=2026))
    )

    def save():
        return create_imported_plan(
            parsed=parsed, committee=committee, year=2026, kind=parsed.kind, title="计划"
        )

    save_ms, save_min, result = timed(save)

    def whole():
        source = read_file("plan.docx", data)
        parsed = parse_text(
            source.lines, vocabulary=import_vocabulary(committee), options=ParseOptions(year=2026)
        )
        return create_imported_plan(
            parsed=parsed, committee=committee, year=2026, kind=parsed.kind, title="计划"
        )

    whole_ms, whole_min, _ = timed(whole)

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="editor"))

    def preview():
        upload = SimpleUploadedFile("plan.docx", data)
        response = client.post(
            reverse("importing:import"), {"committee": committee.pk, "file": upload}
        )
        assert response.status_code == 200, response.status_code
        return response

    preview_ms, preview_min, response = timed(preview)
    text = "\n".join(source.lines)  # what the preview sends back in its hidden field

    def save_page():
        form = {"committee": committee.pk, "text": text, "year": 2026, "title": "计划"}
        response = client.post(reverse("importing:save"), form)
        assert response.status_code == 302, response.status_code
        return response

    save_page_ms, save_page_min, _ = timed(save_page)

    rows = [
        ("read the .docx", read_ms, read_min),
        ("parse", parse_ms, parse_min),
        ("save the draft plan", save_ms, save_min),
        ("read + parse + save", whole_ms, whole_min),
        ("preview page (upload)", preview_ms, preview_min),
        ("save page (create)", save_page_ms, save_page_min),
    ]
    print(f"{'step':<24}{'median ms':>11}{'min ms':>9}")
    print("-" * 44)
    for name, median, minimum in rows:
        print(f"{name:<24}{median:>11.1f}{minimum:>9.1f}")
    print(
        f"\n{result.sections} sections, {result.activities} activities per plan; "
        f"preview HTML {len(response.content) // 1024} KB; "
        f"{Plan.objects.count()} plans in the database"
    )


if __name__ == "__main__":
    main()
