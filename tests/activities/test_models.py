import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from activities.models import Activity, ActivityType, Participant
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    JointOrganizerFactory,
    MemberFactory,
    ParticipantFactory,
    SectorFactory,
    SpecialCommitteeFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def rejected_by_database(**fields):
    """Write `fields` to an existing activity straight to the database, past save()."""
    activity = ActivityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(**fields)
    return activity


@pytest.mark.parametrize(
    "fields",
    [
        {"month": 0},
        {"month": 13},
        {"end_month": 13},
        {"quarter": 0},
        {"quarter": 5},
        {"half": 3},
        {"status": "lost"},
        {"schedule_kind": "sometime"},
        {"topic": ""},
        {"start_date": D(2026, 5, 2), "end_date": D(2026, 5, 1)},
        {"first_month": 7, "last_month": 6},
        # Each schedule kind without the field it needs:
        {"schedule_kind": "month", "month": None},
        {"schedule_kind": "months", "month": 5, "end_month": 5},
        {"schedule_kind": "months", "month": 5, "end_month": None},
        {"schedule_kind": "date", "start_date": None},
        {"schedule_kind": "range", "start_date": D(2026, 5, 1), "end_date": None},
        {"schedule_kind": "quarter", "quarter": None},
        {"schedule_kind": "half", "half": None},
        {"schedule_kind": "recurring", "recurrence": ""},
        {"schedule_kind": "event", "event": ""},
    ],
    ids=repr,
)
def test_database_rejects_bad_activity_values(fields):
    activity = rejected_by_database(**fields)
    activity.refresh_from_db()
    assert activity.month == 6  # unchanged


def test_database_rejects_two_activities_at_one_position():
    first = ActivityFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(section=first.section, position=1)


def test_save_derives_the_month_span_from_the_schedule():
    activity = ActivityFactory(schedule_kind="quarter", quarter=3, month=None)
    assert (activity.first_month, activity.last_month) == (7, 9)
    activity.schedule_kind, activity.half = "half", 1
    activity.save(update_fields=["schedule_kind", "half"])
    activity.refresh_from_db()
    assert (activity.first_month, activity.last_month) == (1, 6)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"schedule_kind": "month", "month": None}, "month", "请选择月份。"),
        (
            {"schedule_kind": "months", "month": 6, "end_month": 4},
            "end_month",
            "截止月份必须晚于起始月份",
        ),
        ({"schedule_kind": "date"}, "start_date", "请填写日期。"),
        ({"schedule_kind": "range", "start_date": D(2026, 5, 1)}, "end_date", "请填写结束日期"),
        (
            {"schedule_kind": "range", "start_date": D(2026, 5, 2), "end_date": D(2026, 5, 1)},
            "end_date",
            "结束日期不能早于开始日期",
        ),
        ({"schedule_kind": "quarter"}, "quarter", "请选择季度"),
        ({"schedule_kind": "half"}, "half", "请选择上半年或下半年"),
        ({"schedule_kind": "recurring"}, "recurrence", "请选择重复周期"),
        ({"schedule_kind": "event", "event": "   "}, "event", "请填写会议或事件名称"),
    ],
)
def test_clean_explains_an_incomplete_schedule_field_by_field(fields, field, message):
    activity = ActivityFactory.build(**{"month": None, **fields})
    with pytest.raises(ValidationError) as caught:
        activity.clean()
    assert message in " ".join(caught.value.message_dict[field])


def test_deleting_a_type_in_use_is_refused():
    activity = ActivityFactory()
    with pytest.raises(ProtectedError):
        activity.type.delete()
    assert ActivityType.objects.filter(pk=activity.type.pk).exists()


def test_deleting_an_organizer_in_use_is_refused():
    body = SpecialCommitteeFactory()
    ActivityFactory(lead_organizer=body)
    with pytest.raises(ProtectedError):
        body.delete()
    joint = JointOrganizerFactory()
    with pytest.raises(ProtectedError):
        joint.committee.delete()


def test_database_rejects_a_participant_without_wording():
    activity = ActivityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(activity=activity, position=1, kind="unit", text="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(activity=activity, position=1, kind="sector")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(activity=activity, position=1, kind="nobody", text="x")


def test_database_rejects_a_joint_organizer_twice():
    joint = JointOrganizerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        JointOrganizerFactory(activity=joint.activity, committee=joint.committee)


def test_activity_prints_its_organizers_and_participants():
    lead = SpecialCommitteeFactory(name="调研室")
    activity = ActivityFactory(lead_organizer=lead)
    JointOrganizerFactory(
        activity=activity,
        committee=SpecialCommitteeFactory(name="经济委员会", parent=lead.parent),
        position=1,
    )
    ParticipantFactory(activity=activity, kind="leader", text="市政府分管副市长", position=1)
    ParticipantFactory(
        activity=activity, kind="sector", text="", sector=SectorFactory(name="经济界"), position=2
    )
    named = ParticipantFactory(activity=activity, kind="members", text="", position=3)
    named.members.set([MemberFactory(name="王喆")])
    assert activity.organizers_wording() == "由市政协调研室、经济委员会联合组织实施"
    assert activity.participants_wording() == "市政府分管副市长，经济界委员、王喆委员"


def test_activity_type_list_is_seeded_with_the_domain_forms():
    names = set(ActivityType.objects.values_list("name", flat=True))
    assert {"双月协商座谈会", "重点调研", "重点视察", "社情民意信息", "自身建设"} <= names
    assert ActivityType.objects.get(name="重点视察").content_label == "视察内容"
    assert ActivityTypeFactory(name="重点调研").content_label == "调研内容"
