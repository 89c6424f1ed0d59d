"""Turning a parsed outline into a draft plan (importing.save), and round trips.

A plan exported by the app (plain text and Word) and imported again prints the same.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from activities.models import Activity, Participant
from activities.selectors import plan_outline
from core.history import REASON_IMPORT
from importing import ParseOptions, parse_text
from importing.readers import read_file
from importing.save import committee_names, create_imported_plan, import_vocabulary
from organisation.models import Committee
from plans.kinds import rules_for
from plans.models import Plan, Section
from plans.outline import walk
from plans.text import plan_as_text
from plans.wording import ParticipantKind
from printing.docx import render_docx
from tests.factories import CommitteeFactory, SectorFactory, SpecialCommitteeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    # Messages are compared in Chinese, the default language, whatever ran before.
    with translation.override("zh-hans"):
        yield


SEED = Path(__file__).resolve().parent / "data" / "seed_plans.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
BODIES = [
    ("办公室", "office"), ("调研室", "office"), ("经济委员会", "special"),
    ("农业和农村委员会", "special"), ("人口资源环境委员会", "special"),
    ("教科卫体委员会", "special"), ("社会和法制委员会", "special"), ("民族宗教委员会", "special"),
    ("文化和文史委员会", "special"), ("港澳台侨和外事委员会", "special"),
]  # fmt: skip


@pytest.fixture
def city():
    city = CommitteeFactory(name="政协洛阳市委员会", short_name="市政协")
    for position, (name, kind) in enumerate(BODIES, start=1):
        SpecialCommitteeFactory(parent=city, name=name, kind=kind, position=position)
    return city


def import_sample(committee, document=1, **options):
    parsed = parse_text(
        SEED_LINES,
        vocabulary=import_vocabulary(committee),
        options=ParseOptions(document=document),
    )
    fields = {"year": parsed.year, "kind": parsed.kind, "title": parsed.title, **options}
    return parsed, create_imported_plan(parsed=parsed, committee=committee, **fields)


def test_vocabulary_lists_the_committee_and_its_bodies(city):
    names = committee_names(city)
    assert [(n.name, n.prefix, n.depth) for n in names[:3]] == [
        ("政协洛阳市委员会", "", 0),
        ("办公室", "市政协", 1),
        ("调研室", "市政协", 1),
    ]
    assert len(names) == 1 + len(BODIES)


def test_sample_1_becomes_a_draft_plan(city):
    _parsed, result = import_sample(city)
    plan = result.plan
    assert (plan.title, plan.year, plan.kind, plan.status) == (
        "政协2023年工作计划",
        2023,
        Plan.Kind.CONSULTATION,
        Plan.Status.DRAFT,
    )
    assert (result.sections, result.activities) == (19, 18)
    assert Section.objects.filter(plan=plan, parent=None).count() == 4
    outline = plan_outline(plan)
    groups = outline[2].children
    assert [(g.label, g.heading_text) for g in groups] == [
        ("（一）", "政协全委会协商（1个）"),
        ("（二）", "专题议政性常委会协商（2个）"),
        ("（三）", "双月协商座谈会协商（4个）"),
        ("（四）", "专题协商（1个）"),
        ("（五）", "界别协商（1个）"),
        ("（六）", "重点调研（4个）"),
        ("（七）", "重点视察（5个）"),
    ]
    activity = groups[1].activities[0].activity
    assert activity.printed_fields() == [
        ("协商内容", activity.content),
        ("时间安排", "6月"),
        (
            "参加人员",
            "市政府分管副市长、市发改委、市农业农村局等单位负责同志，部分政协委员、智库专家",
        ),
        ("组织实施", "由市政协调研室、农业和农村委员会联合组织实施"),
    ]
    assert activity.content.startswith("围绕乡村振兴战略规划的加快实施")
    assert activity.type.name == "专题议政性常委会议"
    inspection = groups[6].activities[3].activity
    assert inspection.printed_fields()[0][0] == "视察内容"
    assert inspection.organizers_wording() == "由市政协人口资源环境委员会组织实施"
    every = Activity.objects.filter(section__plan=plan)
    assert every.filter(lead_organizer=None).count() == 0
    assert every.exclude(content="").count() == 18
    assert every.filter(schedule_kind="none").count() == 0
    assert Participant.objects.filter(activity__section__plan=plan).count() == 55


@pytest.mark.parametrize(
    ("document", "sections", "activities"), [(2, 6, 0), (3, 4, 10), (4, 3, 12)]
)
def test_the_other_samples(city, document, sections, activities):
    _parsed, result = import_sample(city, document)
    assert (result.sections, result.activities) == (sections, activities)


def test_unknown_organizers_are_created_when_asked(city):
    Committee.objects.get(name="文化和文史委员会").delete()
    parsed, result = import_sample(city, create_organizers=["文化和文史委员会"])
    assert parsed.unknown_organizers == ["文化和文史委员会"]
    created = result.created_committees[0]
    assert (created.name, created.parent, created.kind, created.level) == (
        "文化和文史委员会",
        city,
        Committee.Kind.SPECIAL_COMMITTEE,
        city.level,
    )
    activity = Activity.objects.get(section__plan=result.plan, topic__startswith="应天门")
    assert activity.lead_organizer == created
    assert activity.targets == ""


def test_unknown_organizers_stay_in_the_notes_otherwise(city):
    Committee.objects.get(name="文化和文史委员会").delete()
    before = Committee.objects.count()
    _parsed, result = import_sample(city)
    activity = Activity.objects.get(section__plan=result.plan, topic__startswith="应天门")
    assert activity.lead_organizer is None
    assert activity.targets == "组织实施：由市政协文化和文史委员会组织实施"
    assert Committee.objects.count() == before


def test_sectors_become_sector_entries(city):
    sector = SectorFactory(name="经济界")
    lines = [
        "一、协商",
        "（一）界别协商",
        "议题甲",
        "协商内容：内容",
        "参加人员：经济界委员、部分政协委员",
    ]
    parsed = parse_text(lines, vocabulary=import_vocabulary(city))
    result = create_imported_plan(
        parsed=parsed, committee=city, year=2026, kind="consultation", title="计划"
    )
    rows = Participant.objects.filter(activity__section__plan=result.plan).order_by("position")
    assert [(row.kind, row.sector, row.text) for row in rows] == [
        (ParticipantKind.SECTOR, sector, ""),
        (ParticipantKind.MEMBERS, None, "部分政协委员"),
    ]


def test_nothing_is_half_created(city, monkeypatch):
    before = (Plan.objects.count(), Section.objects.count(), Committee.objects.count())

    def fail(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Participant.objects, "bulk_create", fail)
    with pytest.raises(IntegrityError):
        import_sample(city, create_organizers=["文化和文史委员会"])
    assert (Plan.objects.count(), Section.objects.count(), Committee.objects.count()) == before
    assert Activity.objects.count() == 0


def test_queries_do_not_grow_with_the_plan(city):
    def queries(activities: int) -> int:
        lines = ["2026年度协商工作计划", "一、协商安排", "（一）专题协商"]
        for number in range(1, activities + 1):
            lines += [
                f"{number}.议题{number}",
                "协商内容：围绕议题开展协商。",
                "时间安排：6月",
                "参加人员：市发改委等单位负责同志，部分政协委员",
                "组织实施：由市政协调研室、经济委员会联合组织实施",
            ]
        parsed = parse_text(lines, vocabulary=import_vocabulary(city))
        with CaptureQueriesContext(connection) as captured:
            create_imported_plan(
                parsed=parsed, committee=city, year=2026, kind=parsed.kind, title="计划"
            )
        return len(captured)

    assert queries(5) == queries(50)


# --- round trips: what the app writes, it reads back -----------------------------------------


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    return list(Plan.objects.order_by("pk"))


def reimport(plan: Plan, lines: list[str], hints=None) -> Plan:
    parsed = parse_text(
        lines,
        vocabulary=import_vocabulary(plan.committee),
        options=ParseOptions(kind=plan.kind, overrides=hints or {}),
    )
    assert parsed.warnings == []
    return create_imported_plan(
        parsed=parsed, committee=plan.committee, year=plan.year, kind=plan.kind, title=plan.title
    ).plan


def test_plain_text_round_trip(demo):
    for plan in demo:
        text = plan_as_text(plan, plan_outline(plan))
        copy = reimport(plan, text.splitlines())
        assert plan_as_text(copy, plan_outline(copy)) == text


def test_word_round_trip(demo):
    for plan in demo:
        source = read_file("plan.docx", render_docx(plan, plan_outline(plan)))
        copy = reimport(plan, source.lines, source.hints)
        assert (copy.document_number, copy.issue_date) == (plan.document_number, plan.issue_date)
        assert plan_as_text(copy, plan_outline(copy)) == plan_as_text(plan, plan_outline(plan))
        # The appendix table gives run-in items their time and lead organizer, and their
        # type where the kind prints a 形式 column (work key points do not: plans.kinds).
        with_type = any(column.key == "type_name" for column in rules_for(plan.kind).columns)
        assert activity_facts(copy, with_type) == activity_facts(plan, with_type)


def activity_facts(plan: Plan, with_type: bool = True) -> list[tuple]:
    """What the printed plan tells of each activity.

    Run-in items print neither participants nor joint organizers; the appendix names
    their lead organizer.
    """
    labelled = rules_for(plan.kind).labelled
    return [
        (
            item.activity.topic,
            item.activity.type.name if with_type else "",
            item.activity.schedule_wording(),
            item.activity.organizers_wording() if labelled else item.activity.lead_organizer,
            item.activity.participants_wording() if labelled else "",
        )
        for node in walk(plan_outline(plan))
        for item in node.activities
    ]


def test_an_imported_plan_has_its_history_from_the_start(city):
    # As for a JSON import (tests/editor/test_history.py): every row recorded as imported, so
    # later edits show what they changed from.
    _, result = import_sample(city)
    plan = result.plan
    for model, rows in [
        (Plan, Plan.objects.filter(pk=plan.pk)),
        (Section, Section.objects.filter(plan=plan)),
        (Activity, Activity.objects.filter(section__plan=plan)),
        (Participant, Participant.objects.filter(activity__section__plan=plan)),
    ]:
        ids = set(rows.values_list("pk", flat=True))
        recorded = model.history.filter(id__in=ids)
        assert ids, model
        assert set(recorded.values_list("id", flat=True)) == ids, model
        assert set(recorded.values_list("history_type", "history_change_reason")) == {
            ("+", REASON_IMPORT)
        }
