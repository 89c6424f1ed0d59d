"""The printed plan as PDF: text, layout, fonts, appendix, draft mark, safety, cache.

The demo plans are rendered once for the module (about 2 s) and read back with
Poppler's tools (pdftotext, pdfinfo, pdffonts, pdfimages, pdfdetach).
"""

import io
import re
import subprocess
import tempfile
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from activities.models import lead_organizer_name
from activities.selectors import plan_outline
from plans.models import Plan
from plans.schedule import ScheduleKind
from plans.text import plan_as_text
from printing import pdf as pdf_module
from printing.context import appendix_rows, print_context
from printing.pdf import (
    BASE_URL,
    RefusedURL,
    StaticOnlyFetcher,
    build_pdf,
    static_file_for,
)
from tests.factories import (
    ActivityFactory,
    CommitteeFactory,
    PlanFactory,
    SectionFactory,
    SpecialCommitteeFactory,
)

OWN_FILES = {
    f"{BASE_URL}static/css/fonts.css",
    f"{BASE_URL}static/css/print.css",
    f"{BASE_URL}static/css/justify.css",
    f"{BASE_URL}static/fonts/CPPCCSong-Bold.otf",
    f"{BASE_URL}static/fonts/CPPCCFangSong-Regular.otf",
    f"{BASE_URL}static/fonts/CPPCCHei-Regular.otf",
    f"{BASE_URL}static/fonts/CPPCCKai-Regular.ttf",
    f"{BASE_URL}static/fonts/CPPCCFallback-Regular.otf",
}
A4_PORTRAIT = "595.276 x 841.89"
A4_LANDSCAPE = "841.89 x 595.276"


def poppler(tool: str, pdf: bytes, *args: str) -> str:
    """Run a Poppler tool on the PDF bytes and return what it prints."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        command = [tool, *args, file.name, *(["-"] if tool == "pdftotext" else [])]
        return subprocess.run(command, capture_output=True, check=True).stdout.decode()


def flat(text: str) -> str:
    """Text without white space (pdftotext breaks lines) or page numbers."""
    text = re.sub(r"[\s\u200b-\u200d\u2060\ufeff]", "", text)
    return re.sub(r"—\d+—", "", text)


def page_sizes(pdf: bytes) -> list[str]:
    info = poppler("pdfinfo", pdf, "-f", "1", "-l", "999")
    return re.findall(r"^Page +\d+ size: +([\d.]+ x [\d.]+) pts", info, flags=re.MULTILINE)


def assert_in_order(haystack: str, needles: list[str]) -> None:
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        assert found >= 0, f"missing or out of order: {needle!r}"
        at = found + len(needle)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's city plan (issued) and county plan (draft): PDFs and what they print."""
    rendered = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        for plan in Plan.objects.order_by("pk"):
            outline = plan_outline(plan)
            fetcher = StaticOnlyFetcher()
            rendered[plan.status] = {
                "plan": plan,
                "pdf": build_pdf(plan, outline, fetcher=fetcher),
                "fetched": fetcher.seen,
                "text": plan_as_text(plan, outline),
                "appendix": appendix_rows(outline),
            }
        transaction.set_rollback(True)
    return rendered


@pytest.fixture(scope="module")
def city(demo):
    return demo[Plan.Status.ISSUED]


@pytest.fixture(scope="module")
def county(demo):
    return demo[Plan.Status.DRAFT]


# --- the demo city plan, read back -------------------------------------------------


def test_city_plan_prints_every_line_in_order(city):
    text = flat(poppler("pdftotext", city["pdf"]))
    # plan_as_text puts the document number after the title; the page puts it above.
    document_number = city["plan"].document_number
    lines = [flat(line) for line in city["text"].splitlines() if line not in {"", document_number}]

    assert len(lines) > 100
    assert text.startswith("河洛政协〔2026〕3号政协河洛市委员会2026年度协商工作计划")
    assert_in_order(text, lines)
    assert "2026年1月20日附件" in text


def test_city_plan_has_numbering_and_field_labels(city):
    text = flat(poppler("pdftotext", city["pdf"]))

    for label in (
        "一、指导思想",
        "二、基本原则",
        "（一）政协全委会协商（1个）",
        "1.进一步加快乡村振兴步伐",
    ):
        assert label in text
    for label in ("协商内容：", "时间安排：", "参加人员：", "组织实施："):
        assert text.count(label) == city["text"].count(label) >= 9, label


def test_pages_are_a4_with_the_appendix_landscape(city):
    sizes = page_sizes(city["pdf"])
    body = sizes.index(A4_LANDSCAPE)

    assert 8 <= len(sizes) <= 16
    assert sizes[:body] == [A4_PORTRAIT] * body
    assert sizes[body:] == [A4_LANDSCAPE] * (len(sizes) - body)
    pages = poppler("pdftotext", city["pdf"]).split("\f")
    assert "附件" in pages[body]
    # The last page of the text ends with the 附件说明, the issuer and the date.
    last = flat(pages[body - 1])
    assert "序号" not in last
    note = "附件：政协河洛市委员会2026年度协商工作计划安排表"
    assert last.endswith(f"{note}政协河洛市委员会2026年1月20日")


def test_page_numbers_are_dashed_and_counted(city):
    text = poppler("pdftotext", city["pdf"], "-raw")
    numbers = re.findall(r"^— (\d+) —$", text, flags=re.MULTILINE)

    assert numbers[:2] == ["1", "2"]
    assert [int(n) for n in numbers] == list(range(1, len(page_sizes(city["pdf"])) + 1))


def test_only_vendored_fonts_embedded_and_subset(city, county):
    for rendered in (city, county):
        rows = poppler("pdffonts", rendered["pdf"]).splitlines()[2:]
        faces = set()
        for row in rows:
            name, *_, emb, sub, uni, _obj, _gen = row.split()
            assert (emb, sub, uni) == ("yes", "yes", "yes"), row
            faces.add(re.fullmatch(r"[A-Z]{6}\+(CPPCC-[A-Za-z-]+)", name).group(1))
        assert faces <= {
            "CPPCC-Song-Bold",
            "CPPCC-FangSong",
            "CPPCC-Hei",
            "CPPCC-Kai",
            "CPPCC-Fallback",
        }
        assert {"CPPCC-Song-Bold", "CPPCC-FangSong", "CPPCC-Hei"} <= faces


def test_renderer_fetched_only_our_css_and_fonts(city):
    assert set(city["fetched"]) == OWN_FILES


def test_appendix_lists_every_activity_in_time_order(city):
    # -raw: in drawing order, so cell by cell, row by row.
    text = poppler("pdftotext", city["pdf"], "-raw")
    appendix = flat(text[text.rindex("附件") :])
    rows = city["appendix"]

    assert len(rows) == 18
    assert appendix.startswith(
        "附件政协河洛市委员会2026年度协商工作计划安排表序号形式议题时间安排牵头单位"
    )
    # The header row repeats on each landscape page.
    landscape = page_sizes(city["pdf"]).count(A4_LANDSCAPE)
    assert landscape >= 2
    assert appendix.count("序号形式议题时间安排牵头单位") == landscape
    assert_in_order(appendix, [flat(f"{row.topic}{row.schedule}{row.lead}") for row in rows])
    assert "组织实施" not in appendix
    first, last = rows[0], rows[-1]
    assert (first.type_name, first.schedule, first.lead) == (
        "全体会议协商",
        "市政协十四届二次全会期间",
        "市政协调研室",
    )
    assert appendix.endswith(
        flat(f"{len(rows)}{last.type_name}{last.topic}{last.schedule}{last.lead}")
    )


# --- draft mark --------------------------------------------------------------------


def test_draft_carries_the_mark_on_every_page(county):
    text = poppler("pdftotext", county["pdf"], "-raw")
    pages = text.split("\f")[:-1]

    assert len(pages) >= 3
    # Margin boxes come last in the extracted text of each page: mark, then number.
    assert all(page.endswith(f"征求意见稿\n— {n} —\n") for n, page in enumerate(pages, 1))


def test_issued_plan_has_no_draft_mark(city):
    assert "征求意见稿" not in poppler("pdftotext", city["pdf"])


@pytest.mark.parametrize(
    ("status", "mark"),
    [
        (Plan.Status.DRAFT, "征求意见稿"),
        (Plan.Status.SUBMITTED, "送审稿"),
        (Plan.Status.APPROVED, "审定稿"),
        (Plan.Status.ISSUED, ""),
    ],
)
def test_draft_mark_until_approved(status, mark):
    assert print_context(Plan(status=status, kind=Plan.Kind.CONSULTATION), [])["draft_mark"] == mark


# --- appendix rows -----------------------------------------------------------------


@pytest.mark.django_db
def test_appendix_rows_by_first_month_then_outline_order_unscheduled_last():
    plan = PlanFactory()
    first, second = SectionFactory(plan=plan, position=1), SectionFactory(plan=plan, position=2)
    ActivityFactory(section=first, position=1, topic="九月", month=9)
    ActivityFactory(
        section=first, position=2, topic="未定", schedule_kind=ScheduleKind.UNSCHEDULED, month=None
    )
    ActivityFactory(section=first, position=3, topic="三月甲", month=3)
    ActivityFactory(section=second, position=1, topic="三月乙", month=3)
    ActivityFactory(
        section=second, position=2, topic="全年", schedule_kind=ScheduleKind.YEAR_ROUND, month=None
    )

    rows = appendix_rows(plan_outline(plan))

    assert [row.topic for row in rows] == ["全年", "三月甲", "三月乙", "九月", "未定"]


@pytest.mark.django_db
def test_lead_organizer_name_with_and_without_prefix():
    city_committee = CommitteeFactory(name="政协河洛市委员会", short_name="市政协")
    body = SpecialCommitteeFactory(parent=city_committee, name="调研室")
    plan = PlanFactory(committee=city_committee)
    ActivityFactory(section=SectionFactory(plan=plan), lead_organizer=body)
    ActivityFactory(section=SectionFactory(plan=plan), lead_organizer=None)

    rows = appendix_rows(plan_outline(plan))

    assert [row.lead for row in rows] == ["市政协调研室", ""]
    assert lead_organizer_name(plan_outline(plan)[0].activities[0].activity) == "市政协调研室"


# --- hostile text ------------------------------------------------------------------

HOSTILE = [
    '<img src="file:///etc/passwd">',
    "http://example.com/x.png",
    "url(file:///etc/shadow)",
    "../../etc/passwd",
    '<link rel="stylesheet" href="http://example.com/a.css">',
    "<style>@import 'file:///etc/hosts';</style>",
]


@pytest.mark.django_db
def test_hostile_text_prints_as_text_and_fetches_nothing():
    joined = "".join(HOSTILE)
    plan = PlanFactory(
        title="计划" + HOSTILE[0],
        document_number=HOSTILE[1],
        preamble="\n".join(HOSTILE),
        issue_date=date(2026, 1, 20),
    )
    section = SectionFactory(plan=plan, heading="标题" + HOSTILE[2], body=joined, show_count=True)
    group = SectionFactory(
        plan=plan, parent=section, heading="", lead_phrase=HOSTILE[3], body=HOSTILE[4]
    )
    ActivityFactory(section=group, topic="议题" + HOSTILE[5], content=joined)
    fetcher = StaticOnlyFetcher()

    pdf = build_pdf(plan, plan_outline(plan), fetcher=fetcher)

    assert set(fetcher.seen) == OWN_FILES
    text = flat(poppler("pdftotext", pdf))
    for hostile in HOSTILE:
        assert text.count(flat(hostile)) >= 2, hostile  # printed, in the body and elsewhere
    images = poppler("pdfimages", pdf, "-list").splitlines()
    assert len(images) == 2  # the header lines only: no image came in
    assert "0 embedded files" in poppler("pdfdetach", pdf, "-list")


# --- the fetcher -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/static/css/print.css",
        "http://example.com/x.png",
        "https://example.com/static/css/print.css",
        "http://cppcc-print.invalid/static/css/print.css",  # other scheme, same host
        "https://cppcc-print.invalid:8443/static/css/print.css",
        "https://user@cppcc-print.invalid/static/css/print.css",
        "data:text/css,body{}",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.com/x",
        f"{BASE_URL}etc/passwd",
        f"{BASE_URL}static/../../../etc/passwd",
        f"{BASE_URL}static/css/../../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE_URL}static/css/%252e%252e/x.css",
        f"{BASE_URL}static//etc/passwd.css",
        f"{BASE_URL}static/css\\..\\..\\settings.py",
        f"{BASE_URL}static/css/missing.css",
        f"{BASE_URL}static/js/app.js",  # a static file, but not one a PDF loads
        f"{BASE_URL}static/",
    ],
)
def test_fetcher_refuses(url):
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(url)


def test_fetcher_serves_our_stylesheet_and_fonts(settings):
    response = StaticOnlyFetcher().fetch(f"{BASE_URL}static/css/print.css")
    stylesheet = response.read()
    response.close()

    assert response.content_type == "text/css"
    assert b"@page" in stylesheet
    assert stylesheet == (settings.BASE_DIR / "static/css/print.css").read_bytes()
    font = static_file_for(f"{BASE_URL}static/fonts/CPPCCKai-Regular.ttf")
    assert font == (settings.BASE_DIR / "static/fonts/CPPCCKai-Regular.ttf").resolve()


def test_fetcher_refuses_static_files_of_installed_apps():
    # The admin's stylesheet is a static file, but not inside the project's static dir.
    with pytest.raises(RefusedURL, match="outside the project's static directories"):
        static_file_for(f"{BASE_URL}static/admin/css/base.css")


# --- fingerprint (what an export job is reused by) -----------------------------------


@pytest.fixture
def small_plan(db):
    plan = PlanFactory(title="小计划", status=Plan.Status.DRAFT)
    section = SectionFactory(plan=plan, heading="协商活动", show_count=True)
    ActivityFactory.create_batch(3, section=section)
    return plan


def test_an_unchanged_plan_keeps_its_fingerprint(small_plan):
    first = pdf_module.pdf_fingerprint(small_plan, plan_outline(small_plan))

    assert pdf_module.pdf_fingerprint(small_plan, plan_outline(small_plan)) == first
    assert len(first) == 64


@pytest.mark.parametrize(
    "change",
    [
        lambda plan, outline: setattr(outline[0].activities[0].activity, "topic", "新议题"),
        lambda plan, outline: setattr(outline[0].activities[1].activity, "month", 11),
        lambda plan, outline: setattr(plan, "status", Plan.Status.ISSUED),
        lambda plan, outline: setattr(plan, "issue_date", date(2026, 2, 1)),
    ],
    ids=["topic", "schedule", "status", "issue-date"],
)
def test_a_printed_change_changes_the_fingerprint(small_plan, change):
    before = pdf_module.pdf_fingerprint(small_plan, plan_outline(small_plan))
    outline = plan_outline(small_plan)
    change(small_plan, outline)

    assert pdf_module.pdf_fingerprint(small_plan, outline) != before


def test_the_fingerprint_covers_the_printing_code_and_templates():
    names = {path.name for path in pdf_module._layout_files()}

    assert {"pdf.py", "justify.py", "printing.py", "plan.html", "print.css"} <= names


def test_an_edited_stylesheet_changes_the_fingerprint(small_plan, monkeypatch):
    outline = plan_outline(small_plan)
    before = pdf_module.pdf_fingerprint(small_plan, outline)
    monkeypatch.setattr(pdf_module, "_files_version", lambda: "print.css:changed")

    assert pdf_module.pdf_fingerprint(small_plan, outline) != before
