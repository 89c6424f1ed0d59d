"""A long plan's appendix printed in a second process and joined (printing/parts.py).

The proof is that the joined file is the whole one: same pages, same sizes, same text
where it stands, same pixels, page numbers and bookmarks, whether the appendix starts
on an odd or an even page. The demo city plan (18 activities) is printed both ways
with the threshold lowered; a copy with one more page of preamble moves the appendix
to a page of the other parity.
"""

import io
import logging
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from activities.selectors import plan_outline
from plans.models import Plan
from printing import parts
from printing import pdf as pdf_module
from printing.pdf import StaticOnlyFetcher, build_pdf
from tests.printing.test_pdf import OWN_FILES, page_sizes, poppler

# About one page of body text (22 lines of 28 characters).
ONE_PAGE = "为深入贯彻落实中共中央关于加强和改进人民政协工作的意见，" * 21


def render_both(plan: Plan) -> dict:
    outline = plan_outline(plan)
    with override_settings(PDF_APPENDIX_APART_ROWS=0):
        whole = build_pdf(plan, outline)
    fetcher = StaticOnlyFetcher()
    with override_settings(PDF_APPENDIX_APART_ROWS=1):
        apart = build_pdf(plan, outline, fetcher=fetcher)
    return {"whole": whole, "apart": apart, "fetched": fetcher.seen}


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker):
    """The city plan printed whole and apart, as it is and with a page more in front."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        plan = Plan.objects.get(status=Plan.Status.ISSUED)
        as_is = render_both(plan)
        plan.preamble = f"{plan.preamble}\n{ONE_PAGE}"
        plan.save()
        longer = render_both(plan)
        transaction.set_rollback(True)
    return [as_is, longer]


def appendix_start(pdf: bytes) -> int:
    """The number of the appendix's first page: its first landscape page."""
    return page_sizes(pdf).index("841.89 x 595.276") + 1


def test_the_appendix_starts_on_an_odd_and_on_an_even_page(printed):
    assert {appendix_start(case["whole"]) % 2 for case in printed} == {0, 1}


def test_same_pages_and_text_in_the_same_places(printed):
    for case in printed:
        assert page_sizes(case["apart"]) == page_sizes(case["whole"])
        assert poppler("pdftotext", case["apart"], "-layout") == poppler(
            "pdftotext", case["whole"], "-layout"
        )


def test_same_pixels_on_every_page(printed, tmp_path):
    for number, case in enumerate(printed):
        images = {}
        for way in ("whole", "apart"):
            pdf = tmp_path / f"{number}-{way}.pdf"
            pdf.write_bytes(case[way])
            subprocess.run(
                ["pdftoppm", "-r", "36", "-gray", pdf, tmp_path / f"{number}-{way}"], check=True
            )
            images[way] = sorted(tmp_path.glob(f"{number}-{way}-*.pgm"))
        assert len(images["apart"]) == len(images["whole"]) == len(page_sizes(case["whole"]))
        for apart, whole in zip(images["apart"], images["whole"], strict=True):
            assert apart.read_bytes() == whole.read_bytes(), apart.name


def test_page_numbers_run_on_into_the_appendix(printed):
    for case in printed:
        text = poppler("pdftotext", case["apart"], "-raw")
        numbers = [int(n) for n in re.findall(r"^— (\d+) —$", text, flags=re.MULTILINE)]
        assert numbers == list(range(1, len(page_sizes(case["apart"])) + 1))


def bookmarks(pdf: bytes) -> list[tuple[int, str, int]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    return list(walk(reader.outline, 0))


def test_same_bookmarks_title_and_language(printed):
    for case in printed:
        assert bookmarks(case["apart"]) == bookmarks(case["whole"])
        assert bookmarks(case["apart"])[-1][1].endswith("安排表")
        apart, whole = (pypdf.PdfReader(io.BytesIO(case[way])) for way in ("apart", "whole"))
        assert apart.metadata.title == whole.metadata.title
        assert apart.root_object["/Lang"] == whole.root_object["/Lang"] == "zh-Hans"


def test_only_our_fonts_embedded_and_subset(printed):
    rows = poppler("pdffonts", printed[0]["apart"]).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert re.fullmatch(r"[A-Z]{6}\+CPPCC-[A-Za-z-]+", name), row


def test_the_second_process_fetches_only_our_files_and_says_so(printed):
    # The body, the appendix (reported back by the second process) and the numbers.
    assert set(printed[0]["fetched"]) == OWN_FILES
    assert printed[0]["fetched"].count(OWN_FILES_FONTS_CSS) == 2


OWN_FILES_FONTS_CSS = next(url for url in OWN_FILES if url.endswith("fonts.css"))


# --- when to print apart, and when the second process fails -------------------------


@pytest.fixture
def city(db):
    call_command("load_demo", stdout=io.StringIO())
    plan = Plan.objects.get(status=Plan.Status.ISSUED)
    return plan, plan_outline(plan)


@pytest.fixture
def side_tasks(monkeypatch):
    started = []
    real = parts.SideTask

    def spy(function, *args):
        started.append(function)
        return real(function, *args)

    monkeypatch.setattr(parts, "SideTask", spy)
    return started


@pytest.mark.parametrize(("threshold", "apart"), [(0, False), (19, False), (18, True), (1, True)])
def test_apart_from_the_threshold_on(city, side_tasks, settings, threshold, apart):
    settings.PDF_APPENDIX_APART_ROWS = threshold  # the city plan has 18 rows

    build_pdf(*city)

    assert side_tasks == ([pdf_module.write_apart] if apart else [])


def test_no_second_process_prints_here_the_same_file(city, settings, monkeypatch, caplog):
    settings.PDF_APPENDIX_APART_ROWS = 1
    expected = build_pdf(*city)

    def refuse(*args, **kwargs):
        raise OSError("too many processes")

    monkeypatch.setattr(parts, "ProcessPoolExecutor", refuse)
    with caplog.at_level(logging.WARNING, logger="printing.parts"):
        pdf = build_pdf(*city)

    assert poppler("pdftotext", pdf, "-layout") == poppler("pdftotext", expected, "-layout")
    assert "too many processes" in caplog.text


def die_unless_in(pid: int) -> str:
    """Kills any process but `pid`; there, says where it ran."""
    if os.getpid() != pid:
        os._exit(3)
    return "here"


def test_a_dead_second_process_is_replaced_by_this_one(caplog):
    with caplog.at_level(logging.WARNING, logger="printing.parts"):
        task = parts.SideTask(die_unless_in, os.getpid())
        assert task.result() == "here"
    assert "second process failed" in caplog.text


def test_work_of_the_second_process_comes_back():
    assert parts.SideTask(os.getpid).result() != os.getpid()


def test_an_error_in_the_work_is_not_hidden():
    with pytest.raises(ValueError, match="invalid literal"):
        parts.SideTask(int, "not a number").result()


@pytest.mark.parametrize(
    ("first_page", "pages", "expected"),
    [(14, 3, (13, 4, 1)), (13, 3, (13, 3, 0)), (2, 1, (1, 2, 1)), (1, 5, (1, 5, 0))],
)
def test_number_sheets_start_on_an_odd_number(first_page, pages, expected):
    assert parts.number_sheets(first_page, pages) == expected


def test_the_child_module_sets_django_up(tmp_path):
    # What the fork server imports first: it must work in a fresh interpreter.
    script = "import printing.child, django.apps; print(django.apps.apps.ready)"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=False,
    )
    assert result.stdout.strip() == "True", result.stderr


def test_joined_file_is_a_single_valid_pdf(printed):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(printed[0]["apart"])
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True)
    assert "Syntax Error" not in info.stderr
    assert re.search(r"^Pages: +\d+$", info.stdout, flags=re.MULTILINE)
