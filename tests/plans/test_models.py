import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities.models import ActivityType
from organisation.models import Committee, Member
from plans.models import Plan, Section
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize(
    "fields",
    [{"year": 1999}, {"year": 2101}, {"kind": "poem"}, {"status": "lost"}, {"title": ""}],
    ids=repr,
)
def test_database_rejects_bad_plan_values(fields):
    plan = PlanFactory()
    refused(lambda: Plan.objects.filter(pk=plan.pk).update(**fields))
    plan.refresh_from_db()
    assert (plan.year, plan.status) == (2026, "draft")


@pytest.mark.parametrize("year", [2000, 2100])
def test_plan_years_at_the_edges_are_accepted(year):
    assert PlanFactory(year=year).year == year


def test_database_rejects_two_sections_at_one_position():
    top = SectionFactory(position=1)
    refused(lambda: SectionFactory(plan=top.plan, position=1))
    SectionFactory(plan=top.plan, parent=top, position=1)
    refused(lambda: SectionFactory(plan=top.plan, parent=top, position=1))
    # Another plan has its own positions.
    assert SectionFactory(position=1).position == 1


def test_database_rejects_a_section_with_neither_heading_nor_lead_phrase():
    refused(lambda: SectionFactory(heading="", lead_phrase=""))
    assert (
        str(SectionFactory(heading="", lead_phrase="围绕中心，服务大局。"))
        == "围绕中心，服务大局。"
    )


def test_section_clean_refuses_a_parent_from_another_plan():
    section = SectionFactory.build(plan=PlanFactory(), parent=SectionFactory())
    with pytest.raises(ValidationError, match="上级章节属于另一份计划"):
        section.clean()


def test_section_clean_refuses_a_fifth_level():
    plan = PlanFactory()
    parent = None
    for _level in range(4):
        parent = SectionFactory(plan=plan, parent=parent)
    with pytest.raises(ValidationError, match="章节最多嵌套4级"):
        SectionFactory.build(plan=plan, parent=parent).clean()


def test_section_validation_refuses_an_empty_heading_and_lead_phrase():
    # Forms strip whitespace, so an all-blank heading arrives here as "".
    with pytest.raises(ValidationError, match="请填写标题或引导语"):
        SectionFactory.build(heading="", lead_phrase="").validate_constraints()


def test_deleting_a_plan_keeps_committees_members_and_types():
    activity = ActivityFactory()
    participant = ParticipantFactory(activity=activity, kind="members", text="")
    participant.members.set([MemberFactory()])
    counts = (Committee.objects.count(), Member.objects.count(), ActivityType.objects.count())
    activity.section.plan.delete()
    assert not Section.objects.exists()
    assert (
        Committee.objects.count(),
        Member.objects.count(),
        ActivityType.objects.count(),
    ) == counts


def test_paragraphs_drop_blank_lines():
    plan = PlanFactory(preamble="第一段。\n\n  \n第二段。 ")
    assert plan.preamble_paragraphs == ["第一段。", "第二段。"]
