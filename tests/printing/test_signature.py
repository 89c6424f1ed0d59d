"""The end of the text as GB/T 9704-2012 has it: 附件说明, 署名, 成文日期; the draft mark."""

import io
import re

import pytest
from docx import Document

from activities.selectors import plan_outline
from plans.models import Plan
from printing.context import signature_indents
from printing.docx import render_docx
from printing.pdf import build_pdf
from tests.factories import PlanFactory, SectionFactory
from tests.printing.test_pdf import poppler

pytestmark = pytest.mark.django_db

PT_PER_MM = 72 / 25.4
RIGHT_EDGE = (210 - 26) * PT_PER_MM  # A4 less the right margin
LEFT_EDGE = 28 * PT_PER_MM
CHARACTER = 16  # 3号, in pt
TOLERANCE = 1.5


@pytest.fixture
def issued(demo_plans):
    return demo_plans["city"]


@pytest.fixture
def demo_plans(db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    plans = Plan.objects.select_related("committee")
    return {"city": plans.get(kind="consultation"), "county": plans.get(kind="key_points")}


def word_boxes(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """(text, xMin, xMax, yMin) of every word pdftotext finds."""
    html = poppler("pdftotext", pdf, "-bbox")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [
        (text, float(x_min), float(x_max), float(y_min))
        for x_min, y_min, x_max, text in re.findall(pattern, html)
    ]


def test_the_issuer_stands_above_the_date_as_the_standard_places_them(issued):
    boxes = word_boxes(build_pdf(issued, plan_outline(issued)))
    [note] = [box for box in boxes if box[0].startswith("附件：")]
    [issuer] = [box for box in boxes if box[0] == "政协河洛市委员会"]
    [date] = [box for box in boxes if box[0] == "2026年1月20日"]

    # 附件说明 two characters in, a blank line below the text; then a blank line.
    assert note[1] == pytest.approx(LEFT_EDGE + 2 * CHARACTER, abs=TOLERANCE)
    assert issuer[3] - note[3] > 2 * 28  # more than one line of 28.9 pt below
    # The date on the next line, starting two characters right of the issuer's start;
    # being the longer, it ends two characters from the right margin.
    assert 20 < date[3] - issuer[3] < 35
    assert date[1] - issuer[1] == pytest.approx(2 * CHARACTER, abs=TOLERANCE)
    assert date[2] == pytest.approx(RIGHT_EDGE - 2 * CHARACTER, abs=TOLERANCE)


@pytest.mark.parametrize(
    ("issuer", "date", "indents"),
    [
        # The date (6.5 characters wide: digits are half) + 2 is longer than the
        # issuer (4): the date ends 2 in, the issuer 2 + 8.5 - 4 in.
        ("县政协会", "2026年1月20日", (6.5, 2.0)),
        # A long issuer (11) ends 2 in; the date (6) starts 2 after its first character.
        ("政协河洛市委员会办公室", "2026年1月2日", (2.0, 5.0)),
    ],
)
def test_signature_indents_follow_the_rule(issuer, date, indents):
    assert signature_indents(issuer, date) == indents


def test_word_ends_with_the_note_the_issuer_and_the_date(issued):
    document = Document(io.BytesIO(render_docx(issued, plan_outline(issued))))
    texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    end = texts.index("2026年1月20日")
    assert texts[end - 2 : end + 1] == [
        "附件：政协河洛市委员会2026年度协商工作计划安排表",
        "政协河洛市委员会",
        "2026年1月20日",
    ]
    issuer, date = (
        p for p in document.paragraphs if p.text in ("政协河洛市委员会", "2026年1月20日")
    )
    # As in the PDF: the date (6.5 characters) ends 2 in, the issuer (8) 2.5 in.
    assert issuer.paragraph_format.right_indent.pt == pytest.approx(16 * 2.5, abs=0.1)
    assert date.paragraph_format.right_indent.pt == pytest.approx(16 * 2, abs=0.1)


def test_word_carries_the_draft_mark_in_its_headers_as_the_pdf_does(demo_plans):
    draft, issued = demo_plans["county"], demo_plans["city"]
    document = Document(io.BytesIO(render_docx(draft, plan_outline(draft))))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "征求意见稿"
    assert section.even_page_header.paragraphs[0].text == "征求意见稿"
    document = Document(io.BytesIO(render_docx(issued, plan_outline(issued))))
    assert document.sections[0].header.paragraphs[0].text == ""


def test_a_draft_without_a_date_prints_no_signature(demo_plans):
    draft = demo_plans["county"]
    assert draft.issue_date is None
    boxes = word_boxes(build_pdf(draft, plan_outline(draft)))
    # The committee's name appears only inside the title, never alone as a signature.
    assert [box for box in boxes if box[0] == "政协清源县委员会"] == []
    assert any(box[0].startswith("政协清源县委员会2026") for box in boxes)


# --- headings never end on a single character --------------------------------------------


def heading_lines(pdf: bytes, character: str) -> list[str]:
    """The printed lines made of `character` only (the test heading's), in order."""
    html = poppler("pdftotext", pdf, "-bbox-layout")
    lines = []
    for line in re.findall(r"<line[^>]*>(.*?)</line>", html, flags=re.S):
        text = "".join(re.findall(r">([^<]*)</word>", line))
        text = text.removeprefix("一、")
        if text and set(text) == {character}:
            lines.append(text)
    return lines


@pytest.mark.parametrize("length", [24, 25, 26, 27, 52, 53])
def test_a_long_heading_keeps_at_least_two_characters_on_its_last_line(length):
    plan = PlanFactory(kind=Plan.Kind.KEY_POINTS)
    SectionFactory(plan=plan, heading="测" * length)

    lines = heading_lines(build_pdf(plan, plan_outline(plan)), "测")

    assert "".join(lines) == "测" * length
    assert all(len(line) >= 2 for line in lines), lines
