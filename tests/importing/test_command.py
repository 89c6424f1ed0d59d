"""`manage.py import_plan` with .docx and .txt files (JSON: tests/exports/test_plan_views.py)."""

import io
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from activities.models import Activity
from organisation.models import Committee
from plans.models import Plan, Section
from tests.factories import SpecialCommitteeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    # Messages are compared in Chinese, the default language, whatever ran before.
    with translation.override("zh-hans"):
        yield


SEED = Path(__file__).resolve().parent / "data" / "seed_plans.txt"
TRADITIONAL = "\n".join(
    [
        "政協甲市委員會2026年度協商工作計劃",
        "一、指導思想",
        "堅持團結和民主兩大主題。",
        "二、協商安排",
        "（一）專題協商（1個）",
        "推進鄉村振興",
        "協商內容：圍繞鄉村振興開展協商。",
        "時間安排：6月",
        "組織實施：由市政協調研室組織實施",
    ]
)


@pytest.fixture
def city(committee):
    for position, name in enumerate(["调研室", "经济委员会", "农业和农村委员会"], start=1):
        kind = Committee.Kind.OFFICE if name.endswith("室") else Committee.Kind.SPECIAL_COMMITTEE
        SpecialCommitteeFactory(parent=committee, name=name, kind=kind, position=position)
    return committee


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_plan", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def test_a_text_file(tmp_path, city):
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())

    output = run(source, "--committee", city.pk, "--year", 2026)

    plan = Plan.objects.get()
    assert (plan.committee, plan.year, plan.kind, plan.title, plan.status) == (
        city,
        2026,
        Plan.Kind.CONSULTATION,
        "政协2023年工作计划",
        Plan.Status.DRAFT,
    )
    lines = output.splitlines()
    assert lines[:4] == [
        "Removed line 1: 首页 > 工作文档 > 工作计划 > 工作计划范文 > "
        "政协2023年工作计划样本热门四篇正文 (网页导航)",
        "Removed line 3: 《政协2023年工作计划样本热门四篇》 (网页标题)",
        "Removed line 5: 时间: (网页信息)",
        "Removed line 7: 政协2023年工作计划样本(精选4篇) (网页标题)",
    ]
    assert "一、指导思想" in lines
    assert "  （三）双月协商座谈会协商（4个）" in lines
    assert (
        "    - 1.做好洛阳济源融合发展协商调研，助推洛阳与豫西各市联动发展 [双月协商座谈会]" in lines
    )
    assert "Unknown organizer kept in the notes: 人口资源环境委员会" in lines
    assert lines[-1] == (
        f"Imported plan {plan.pk} “政协2023年工作计划” for {city.name} as a draft: "
        "19 sections, 18 activities."
    )
    assert Activity.objects.count() == 18


def test_options(tmp_path, city):
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())

    output = run(
        source, "--committee", city.pk, "--kind", "work_plan", "--title", "新计划",
        "--document", 3, "--keep-junk", "--create-organizers",
    )  # fmt: skip

    plan = Plan.objects.get()
    assert (plan.year, plan.kind, plan.title) == (2023, "work_plan", "新计划")
    assert not output.startswith("Removed")
    assert Activity.objects.count() == 10


def test_organizers_are_created_when_asked(tmp_path, city):
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())
    before = Committee.objects.count()

    output = run(source, "--committee", city.pk, "--create-organizers")

    assert Committee.objects.count() == before + 7
    created = Committee.objects.get(name="人口资源环境委员会")
    assert f"Created organizer 人口资源环境委员会 (committee {created.pk})." in output
    assert created.parent == city


def test_a_word_file_in_traditional_characters(tmp_path, city):
    document = docx.Document()
    for line in TRADITIONAL.splitlines():
        document.add_paragraph(line)
    source = tmp_path / "計劃.docx"
    document.save(source)

    output = run(source, "--committee", city.pk)

    plan = Plan.objects.get()
    assert plan.title == "政协甲市委员会2026年度协商工作计划"
    assert "Converted traditional characters to simplified." in output
    activity = Activity.objects.get()
    assert (activity.topic, activity.month, activity.lead_organizer.name) == (
        "推进乡村振兴",
        6,
        "调研室",
    )


def test_traditional_characters_can_be_kept(tmp_path, city):
    source = tmp_path / "plan.txt"
    source.write_text(TRADITIONAL, encoding="utf-16")

    run(source, "--committee", city.pk, "--keep-traditional")

    assert Plan.objects.get().title == "政協甲市委員會2026年度協商工作計劃"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", ["--committee", "{pk}"], "文件是空的，没有可导入的内容。"),
        (b"\x89PNG\r\n\x1a\n", ["--committee", "{pk}"], "这不是文本文件（看起来是PNG）"),
        ("一、甲".encode(), [], "Give the committee the plan is for with --committee ID."),
        ("一、甲".encode(), ["--committee", "999999"], "There is no committee 999999."),
        ("一、甲".encode(), ["--committee", "{pk}"], "No year was found in the text"),
        ("一、甲".encode(), ["--committee", "{pk}", "--year", "1999"], "The year must be from"),
    ],
)
def test_bad_input_changes_nothing(tmp_path, city, content, args, message):
    source = tmp_path / "plan.txt"
    source.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(source, *[arg.format(pk=city.pk) for arg in args])
    assert (Plan.objects.count(), Section.objects.count()) == (0, 0)


def test_a_missing_file(tmp_path, city):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "nothing.docx", "--committee", city.pk)
