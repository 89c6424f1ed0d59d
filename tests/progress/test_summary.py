"""Summaries (工作总结): their figures and parts, the texts the staff write, the preview,
the PDF and Word files and the export_review command."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from printing.summary import render_summary_docx, render_summary_pdf
from progress.charts import bar_chart
from progress.models import SummaryNarrative
from progress.selectors import committee_summary
from progress.summary import ChartBlock, CountsTable, Heading, Paragraph
from tests.progress.test_figures import TODAY, year  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("progress.views.summaries.timezone.localdate", lambda: TODAY)


def texts(committee, period="h1", **fields):
    return SummaryNarrative.objects.create(committee=committee, year=2026, period=period, **fields)


def headings(summary) -> list[str]:
    return [block.text for block in summary.blocks if isinstance(block, Heading)]


def test_the_first_half_summary_of_the_hand_counted_year(year):  # noqa: F811
    committee = year["committee"]
    texts(committee, opening="上半年，市政协紧扣中心工作。", next_steps="下半年继续努力。")
    summary = committee_summary(committee, 2026, "h1", TODAY)
    assert summary.title == f"{committee.name}2026年上半年工作总结"
    # Empty parts are left out and the numbers close up: 三、 is the next steps.
    assert headings(summary) == [
        "一、主要工作完成情况",
        "（一）主要工作量统计",
        "（二）已完成的活动",
        "（三）推迟和取消的活动",
        "二、下一步工作打算",
    ]
    assert summary.blocks[0] == Paragraph("上半年，市政协紧扣中心工作。")
    overview = summary.blocks[2].text
    assert overview.startswith(
        "上半年计划开展活动6项，已完成3项（占50%），正在进行1项，尚未开展0项，推迟1项，取消1项。"
    )
    assert "形成调研报告1篇、协商专报1篇，获领导批示2件次，提出提案3件，媒体报道1篇。" in overview
    assert overview.endswith("委员参加活动4人、6人次。")
    [table] = [block for block in summary.blocks if isinstance(block, CountsTable)]
    rows = {(row.category, row.item): row.value for row in table.rows}
    assert rows[("开展活动", "专题协商")] == "2次"
    assert rows[("开展活动", "重点调研")] == "1次"
    assert rows[("开展活动", "合计")] == "3次"
    assert rows[("形成报告", "调研报告")] == "1篇"
    assert rows[("形成报告", "协商专报")] == "1篇"
    assert rows[("领导批示", "领导批示")] == "2件次"
    assert rows[("提案", "提出提案")] == "3件"
    assert rows[("社情民意信息", "报送")] == "0条"
    assert rows[("委员参与", "参加活动的委员")] == "4人"
    assert rows[("委员参与", "参加活动人次")] == "6人次"
    assert [group.category for group in table.groups] == [
        "开展活动", "形成报告", "领导批示", "提案", "社情民意信息", "媒体报道", "委员参与",
    ]  # fmt: skip
    completed = [b for b in summary.blocks if isinstance(b, Paragraph) and b.label]
    first = completed[0]
    assert first.label == "1."
    assert first.text.startswith("（专题协商，3月10日）")
    assert "形成调研报告《关于甲的调研报告》；提出提案3件。" in first.text
    assert first.text.endswith("委员参加3人次。")
    ranged = completed[1]
    assert ranged.text.startswith("（重点调研，4月20日至22日）")
    assert "获市委书记批示2件次" in ranged.text
    changed = completed[3:]
    assert [(b.label, b.lead) for b in changed] == [
        ("1.", year["activities"][7].run_in_topic),
        ("2.", year["activities"][6].run_in_topic),
    ]
    assert changed[0].text == "（重点视察，2月）已取消。原因：任务调整。"
    assert changed[1].text == "（专题协商，4月）已推迟。原因：因故推迟。"


def test_the_second_half_has_no_completed_activity(year):  # noqa: F811
    summary = committee_summary(year["committee"], 2026, "h2", TODAY)
    assert summary.title.endswith("2026年下半年工作总结")
    assert "（三）推迟和取消的活动" not in headings(summary)
    assert Paragraph("本期没有已完成的活动。") in summary.blocks
    rows = {
        (row.category, row.item): row.value
        for block in summary.blocks
        if isinstance(block, CountsTable)
        for row in block.rows
    }
    assert rows[("社情民意信息", "报送")] == "5条"
    assert rows[("社情民意信息", "被采用")] == "2条"
    assert rows[("开展活动", "合计")] == "0次"


def test_the_preview_escapes_hostile_text_and_carries_the_chart(
    client,
    editor,
    year,  # noqa: F811
):
    committee = year["committee"]
    texts(committee, opening=HOSTILE, achievements=HOSTILE)
    year["activities"][1].record.notes = HOSTILE
    year["activities"][1].record.save()
    client.force_login(editor)
    response = client.get(reverse("progress:summary", args=[committee.pk, 2026, "h1"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert HOSTILE not in page
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 3
    assert page.count('class="pygal-chart"') == 1
    # Every style element carries the response's nonce, and nothing runs.
    nonce = response.context["nonce"]
    assert nonce
    assert nonce in response["Content-Security-Policy"]
    assert page.count("<style") == page.count(f'nonce="{nonce}"')
    assert "<script" not in page
    assert reverse("progress:summary_edit", args=[committee.pk, 2026, "h1"]) in page


def test_readers_get_no_link_to_write(client, viewer, committee):
    client.force_login(viewer)
    page = client.get(reverse("progress:summary", args=[committee.pk, 2026, "year"]))
    assert reverse("progress:summary_edit", args=[committee.pk, 2026, "year"]) not in (
        page.content.decode()
    )


def test_an_unknown_period_is_not_found(client, editor, committee):
    client.force_login(editor)
    url = reverse("progress:summary", args=[committee.pk, 2026, "q3"])
    assert client.get(url).status_code == 404
    url = reverse("exports:summary", args=[committee.pk, 2026, "h1", "odt"])
    assert client.get(url).status_code == 404


def test_staff_write_the_texts(client, editor, committee):
    client.force_login(editor)
    url = reverse("progress:summary_edit", args=[committee.pk, 2026, "year"])
    response = client.post(url, {"opening": "全年工作开篇。", "shortcomings": "调研深度不够。"})
    assert response.status_code == 302
    saved = SummaryNarrative.objects.get()
    assert (saved.period, saved.opening, saved.shortcomings, saved.updated_by) == (
        "year", "全年工作开篇。", "调研深度不够。", editor,
    )  # fmt: skip
    page = client.get(response.url).content.decode()
    assert "三、存在的问题和不足" not in page
    assert "二、存在的问题和不足" in page
    assert "调研深度不够。" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"opening": "x" * 20001}, "20000"),
        ({"opening": "a\x07b"}, "控制字符"),
        ({"achievements": "成效显著🎉"}, "这些字符无法印出：🎉"),
        ({"next_steps": "继续努力\ue000"}, "这些字符无法印出：U+E000"),
    ],
)
def test_bad_texts_are_refused(client, editor, committee, data, message):
    client.force_login(editor)
    url = reverse("progress:summary_edit", args=[committee.pk, 2026, "h1"])
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SummaryNarrative.objects.count() == 0


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_the_pdf_in_the_official_layout(year):  # noqa: F811
    committee = year["committee"]
    texts(committee, achievements="坚持协商于决策之前。")
    pdf = render_summary_pdf(committee_summary(committee, 2026, "h1", TODAY))
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert f"{committee.name}2026年上半年工作总结" in text.replace(" ", "")
    flat = text.replace(" ", "").replace("\n", "")
    for words in ("一、主要工作完成情况", "主要工作量统计", "合计", "3次", "2件次", "4人",
                  "二、主要做法和成效", "坚持协商于决策之前", "2026年8月15日", "—1—"):  # fmt: skip
        assert words in flat, words
    fonts = subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=False
    ).stdout.decode()
    if fonts:  # older pdffonts cannot read standard input
        assert "CPPCC-FangSong" in fonts


def test_the_word_file_uses_the_plans_styles(year):  # noqa: F811
    committee = year["committee"]
    texts(committee, opening=HOSTILE + "\x0b")
    document = Document(
        io.BytesIO(render_summary_docx(committee_summary(committee, 2026, "h1", TODAY)))
    )
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styles[0] == ("计划标题", f"{committee.name}2026年上半年工作总结")
    # Text is text in Word: kept as typed, control characters dropped.
    assert styles[1] == ("正文", HOSTILE)
    assert ("一级标题", "一、主要工作完成情况") in styles
    assert ("二级标题", "（一）主要工作量统计") in styles
    assert styles[-2:] == [("成文日期", committee.name), ("成文日期", "2026年8月15日")]
    [table] = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["类别", "项目", "数量"]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert ["开展活动", "合计", "3次"] in rows
    assert ["领导批示", "领导批示", "2件次"] in rows


def test_downloads_are_named_after_the_summary(client, viewer, committee):
    client.force_login(viewer)
    url = reverse("exports:summary", args=[committee.pk, 2026, "year", "docx"])
    # A background job (tests/exports/test_jobs.py), made at once by the immediate backend.
    job_page = client.get(url, follow=True)
    assert job_page.status_code == 200
    response = client.get(reverse("exports:download", args=[job_page.context["job"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        "2026%E5%B9%B4%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93.docx"
        in (response["Content-Disposition"])
    )


def test_export_review_writes_both_formats(tmp_path, year, monkeypatch):  # noqa: F811
    monkeypatch.setattr(
        "exports.management.commands.export_review.timezone.localdate", lambda: TODAY
    )
    committee = year["committee"]
    out = io.StringIO()
    for fmt in ("pdf", "docx"):
        target = tmp_path / f"summary.{fmt}"
        call_command(
            "export_review", committee.pk, 2026, "--period", "h1", "--format", fmt,
            "-o", str(target), stdout=out,
        )  # fmt: skip
        assert target.stat().st_size > 1000
    assert target.read_bytes()[:2] == b"PK"
    assert (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF-")
    assert "2026年上半年工作总结" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999", "2026"], "There is no committee 999999."),
        (["COMMITTEE", "1999"], "The year must be between 2000 and 2100."),
    ],
)
def test_export_review_refuses_bad_arguments(tmp_path, committee, args, message):
    args = [str(committee.pk) if arg == "COMMITTEE" else arg for arg in args]
    with pytest.raises(CommandError, match=message):
        call_command("export_review", *args, "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert list(tmp_path.iterdir()) == []


def test_export_review_refuses_an_unknown_period(tmp_path, committee):
    with pytest.raises(CommandError):
        call_command(
            "export_review", committee.pk, 2026, "--period", "q3", "--format", "pdf",
            "-o", str(tmp_path / "x.pdf"),
        )  # fmt: skip


# --- the charts --------------------------------------------------------------------------


def test_charts_are_svg_with_text_in_the_vendored_face_and_nothing_to_run():
    svg = bar_chart(
        chart_id="test-chart",
        title="各月计划与完成情况",
        labels=["1月", HOSTILE],
        series=[("计划", [3, 1]), ("完成", [2, 0])],
        nonce="n0nce",
    )
    assert svg.startswith("<svg")
    assert 'id="test-chart"' in svg
    assert '<style nonce="n0nce">' in svg
    assert "#test-chart" in svg
    assert "#chart-" not in svg
    assert "CPPCC Hei" in svg
    assert ">1月<" in svg
    assert ">计划<" in svg
    assert "<script" not in svg
    assert "style=" not in svg
    assert "<desc" not in svg
    assert HOSTILE not in svg
    assert "&lt;script&gt;" in svg
    # Drawn again, the chart is the same: no random ids, no dates.
    again = bar_chart(
        chart_id="test-chart",
        title="各月计划与完成情况",
        labels=["1月", HOSTILE],
        series=[("计划", [3, 1]), ("完成", [2, 0])],
        nonce="n0nce",
    )
    assert again == svg


def test_an_empty_chart_says_so():
    svg = bar_chart(chart_id="c", title="t", labels=[], series=[("计划", []), ("完成", [])])
    assert "暂无数据" in svg


def test_a_summary_without_activities(committee):
    summary = committee_summary(committee, 2026, "year", datetime.date(2026, 12, 31))
    assert summary.blocks[0] == Heading(1, "一、主要工作完成情况")
    assert summary.blocks[1].text.startswith("全年计划开展活动0项，已完成0项（占0%）")
    assert any(isinstance(block, ChartBlock) for block in summary.blocks)
