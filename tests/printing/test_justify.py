"""Justified Chinese lines in the PDF: line breaking, kinsoku and the printed result."""

import io
import re
import shutil
import subprocess

import pytest
import weasyprint
from django.core.management import call_command
from django.template import Context, Template
from weasyprint.formatting_structure import boxes

from activities.selectors import plan_outline
from plans.models import Plan
from printing import pdf
from printing.justify import (
    CLOSING,
    OPENING,
    FontMetrics,
    break_paragraph,
    font_metrics,
    may_break,
    normalize,
)
from printing.templatetags.printing import FACE_FILES, MEASURE, spacing_rules

# A made-up face: ideographs and full-width punctuation 1 em, digits 0.5, Latin 0.6,
# space 0.25. At font size 1 and a measure of 28, a line holds 28 ideographs; the
# first line, indented 2, holds 26.
CJK = {ord(c): 1.0 for c in "甲乙丙丁戊己庚辛壬癸一年，。、；：？！（）《》“”—…"}
LATIN = {ord(c): 0.6 for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
DIGITS = {ord(c): 0.5 for c in "0123456789"}
FACE = FontMetrics({**CJK, **LATIN, **DIGITS, ord(" "): 0.25})
KERNING_FACE = FontMetrics(FACE.advances, kerns=True)
ADVANCES = FACE.advances


def lines_of(text, face=FACE, **options):
    options = {"measure": 28, "font_size": 1, "indent": 2, **options}
    lines = break_paragraph([(text, face)], **options)
    return None if lines is None else [line.text for line in lines]


def ideographs(count, start=0):
    return "".join("甲乙丙丁戊己庚辛壬癸"[(start + i) % 10] for i in range(count))


class TestBreaking:
    def test_fills_the_measure_and_leaves_the_last_line_natural(self):
        text = ideographs(60)
        lines = break_paragraph([(text, FACE)], measure=28, font_size=1, indent=2)
        assert [len(line.text) for line in lines] == [26, 28, 6]
        assert lines[-1].spacing is None
        for line, available in zip(lines[:-1], (26, 28), strict=False):
            width = sum(ADVANCES[ord(c)] + line.spacing for c in line.text)
            assert available - 0.05 <= width <= available

    def test_spacing_is_whole_pango_units(self):
        lines = break_paragraph([("甲乙丙丁戊己庚辛壬癸" * 4, FACE)], measure=28.3, font_size=1)
        assert (lines[0].spacing * 1024).is_integer()
        assert 0 < lines[0].spacing < 0.3 / 28

    def test_one_character_last_line(self):
        assert lines_of(ideographs(55)) == [ideographs(26), ideographs(28, 26), ideographs(1, 54)]

    def test_short_paragraph_is_one_natural_line(self):
        lines = break_paragraph([("甲乙丙。", FACE)], measure=28, font_size=1, indent=2)
        assert [(line.text, line.spacing) for line in lines] == [("甲乙丙。", None)]

    def test_one_closing_mark_is_squeezed_into_the_line(self):
        text = ideographs(26) + "，" + ideographs(10)
        lines = break_paragraph([(text, FACE)], measure=28, font_size=1, indent=2)
        assert [line.text for line in lines] == [ideographs(26) + "，", ideographs(10)]
        assert -0.04 < lines[0].spacing < 0

    def test_two_closing_marks_pull_a_character_down(self):
        text = ideographs(26) + "。”" + ideographs(10)
        assert lines_of(text) == [ideographs(25), ideographs(1, 25) + "。”" + ideographs(10)]

    def test_without_squeezing_a_closing_mark_pulls_a_character_down(self):
        text = ideographs(26) + "，" + ideographs(10)
        assert lines_of(text, max_squeeze=0) == [
            ideographs(25),
            ideographs(1, 25) + "，" + ideographs(10),
        ]

    def test_opening_mark_goes_to_the_next_line(self):
        text = ideographs(25) + "《" + ideographs(20) + "》"
        assert lines_of(text) == [ideographs(25), "《" + ideographs(20) + "》"]

    def test_digits_are_not_split(self):
        text = ideographs(25) + "2026年" + ideographs(30)
        # 25 ideographs and "20" would fit; 2026 moves to the next line whole.
        assert lines_of(text) == [
            ideographs(25),
            "2026年" + ideographs(25),
            ideographs(5, 25),
        ]

    def test_digits_fill_by_their_width(self):
        text = ideographs(24) + "2026年" + ideographs(30)
        assert lines_of(text)[:2] == [ideographs(24) + "2026", "年" + ideographs(27)]

    def test_latin_breaks_at_spaces_which_are_dropped(self):
        text = ideographs(20) + "CPPCC Annual Plan" + ideographs(10)
        lines = lines_of(text)
        assert lines == [ideographs(20) + "CPPCC", "Annual Plan" + ideographs(10)]

    @pytest.mark.parametrize("pair", ["——", "……"])
    def test_dash_and_ellipsis_are_not_split(self, pair):
        # Squeezed in whole when one em is missing, moved down whole when two are.
        assert lines_of(ideographs(25) + pair + ideographs(10))[0] == ideographs(25) + pair
        assert lines_of(ideographs(25) + pair + ideographs(10), max_squeeze=0.01) == [
            ideographs(25),
            pair + ideographs(10),
        ]

    def test_label_lead_and_text_keep_their_segments(self):
        lines = break_paragraph(
            [("（一）", FACE), ("甲乙丙丁。", FACE), (ideographs(40), FACE)],
            measure=28,
            font_size=1,
            indent=2,
        )
        assert lines[0].pieces == ((0, "（一）"), (1, "甲乙丙丁。"), (2, ideographs(18)))
        assert lines[1].pieces == ((2, ideographs(22, 18)),)

    def test_no_line_breaks_against_the_rules(self):
        text = ("甲乙，丙丁。“戊己”（庚辛）《壬癸》：甲、乙；丙？丁！") * 12
        lines = lines_of(text)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in CLOSING
        for line in lines:
            assert line[-1] not in OPENING

    def test_unmeasurable_text_is_left_to_the_renderer(self):
        assert lines_of(ideographs(30) + "喆") is None  # not in the face: a fallback prints it
        assert lines_of(ideographs(30) + "e\u0301") is None  # combining mark
        assert lines_of(ideographs(60) + "Plan", face=KERNING_FACE) is None
        assert lines_of(ideographs(60) + "2026", face=KERNING_FACE) is not None
        assert lines_of("A" * 50) is None  # a word longer than the line

    def test_white_space_collapses_as_in_html(self):
        assert normalize(["  甲 \n 乙  ", "  丙 ", " "]) == ["甲 乙 ", "丙", ""]

    @pytest.mark.parametrize(
        ("before", "after", "allowed"),
        [
            ("甲", "乙", True),
            ("甲", "，", False),
            ("甲", "”", False),
            ("“", "甲", False),
            ("（", "甲", False),
            ("2", "0", False),
            ("C", "P", False),
            ("年", "2", True),
            (" ", "A", True),
            ("A", " ", False),
            ("—", "—", False),
            ("。", "“", True),
        ],
    )
    def test_may_break(self, before, after, allowed):
        assert may_break(before, after) is allowed


def test_vendored_faces_are_measured():
    from django.contrib.staticfiles import finders

    body = font_metrics(finders.find(FACE_FILES["fangsong"]))
    assert body.advance("中") == 1.0
    assert body.advance("，") == 1.0
    assert body.advance("0") == 0.5
    assert not body.kerns
    assert font_metrics(finders.find(FACE_FILES["hei"])).kerns


class TestTemplateTag:
    TEMPLATE = Template("{% load printing %}{% doc_p label='（一）' lead=lead text=text level=2 %}")

    def test_pdf_lines_add_nothing_to_the_text(self):
        lead, text = "<b>围绕中心。</b>", "聚焦全市经济社会发展的重点难点问题，" * 6
        html = self.TEMPLATE.render(Context({"lead": lead, "text": text}))
        assert html.startswith('<p class="doc-p lead-item level-2 justified">')
        assert html.count('<span class="jl') == html.count("<br>") + 1 > 2
        assert html.endswith('<span class="jl">发展的重点难点问题，</span></p>')
        assert re.search(r'<span class="jl ls-m\d+">', html)
        assert "style=" not in html
        assert "&lt;b&gt;" in html
        assert 'class="lead-phrase face-kai"' in html
        plain = re.sub(r"<[^>]+>", "", html)
        assert plain == "（一）&lt;b&gt;围绕中心。&lt;/b&gt;" + text

    def test_preview_is_a_plain_paragraph(self):
        html = self.TEMPLATE.render(Context({"lead": "甲", "text": "乙" * 80, "preview": True}))
        assert html == (
            '<p class="doc-p lead-item level-2"><span class="item-label">（一）</span>'
            '<strong class="lead-phrase">甲</strong>' + "乙" * 80 + "</p>"
        )

    def test_unmeasurable_paragraph_is_plain(self):
        html = Template("{% load printing %}{% doc_p text=text %}").render(
            Context({"text": "王喆" + "乙" * 80})
        )
        assert html == '<p class="doc-p">王喆' + "乙" * 80 + "</p>"


# End to end: the demo city plan printed by WeasyPrint.

CJK_CHAR = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’—…]"


def _walk(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _line_text(line):
    return "".join(box.text for box in _walk(line) if isinstance(box, boxes.TextBox))


@pytest.mark.django_db
def test_demo_plan_is_justified_in_the_pdf(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    plan = Plan.objects.get(title="政协河洛市委员会2026年度协商工作计划")
    html = pdf.plan_html(plan, plan_outline(plan))
    assert html.count(" justified") > 20
    document = weasyprint.HTML(
        string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticOnlyFetcher()
    ).render()

    paragraphs: dict = {}  # element -> [(line box, available width)]
    for page in document.pages:
        for box in _walk(page._page_box):
            if isinstance(box, boxes.BlockBox) and "doc-p" in box.element.get("class", ""):
                for line in box.children:
                    if isinstance(line, boxes.LineBox):
                        paragraphs.setdefault(box.element, []).append((line, box.width))
    continuing = [pair for lines in paragraphs.values() for pair in lines[:-1]]
    assert len(continuing) > 50
    half_point = 0.5 * 4 / 3  # px
    short = [_line_text(line) for line, width in continuing if width - line.width > half_point]
    assert len(short) / len(continuing) <= 0.01, short
    overfull = [_line_text(line) for line, width in continuing if line.width > width + 0.1]
    assert overfull == []
    texts = [_line_text(line) for lines in paragraphs.values() for line, _ in lines]
    assert [text for text in texts if text and text[0] in CLOSING] == []
    assert [text for text in texts if text and text.rstrip()[-1] in OPENING] == []

    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    path = tmp_path / "plan.pdf"
    document.write_pdf(path)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    # Up to the appendix (附件), whose table cells sit side by side.
    body = re.split(r"(?m)^\f?附件$", text)[0]
    assert "围绕" in body
    assert "组织实施" in body
    assert re.findall(f"{CJK_CHAR}[ \t\u00a0\u3000]+{CJK_CHAR}", body) == []


def test_spacing_classes_are_in_the_stylesheet():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/justify.css"), encoding="utf-8").read()  # noqa: SIM115
    assert spacing_rules() in css
    assert "p.justified .ls-m42 { letter-spacing: -0.328125px; }" in css


def test_measure_is_the_type_area():
    assert pytest.approx(156 / 25.4 * 96) == MEASURE
