"""Recording progress, outcomes and summary texts through the services: what is kept,
what is refused, and that a refusal changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity
from progress.models import ActivityRecord, Attendance, Outcome, SummaryNarrative
from progress.services import record_progress, save_narrative, save_outcome
from tests.factories import ActivityFactory, MemberFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 8, 15)
D = datetime.date


@pytest.fixture
def activity(committee):
    plan = PlanFactory(committee=committee, year=2026, status="issued")
    return ActivityFactory(section=SectionFactory(plan=plan), month=6)


def record(activity, editor=None, **fields):
    values = {
        "status": "done",
        "held_on": D(2026, 6, 18),
        "held_until": None,
        "reason": "",
        "notes": "",
        "attendees": [],
        "user": editor,
        "today": TODAY,
    } | fields
    return record_progress(activity=activity, **values)


def state(activity):
    activity.refresh_from_db()
    return (
        activity.status,
        list(ActivityRecord.objects.values_list("held_on", "held_until", "reason", "notes")),
        list(Attendance.objects.values_list("member_id", flat=True)),
    )


def test_done_with_date_notes_and_members_on_an_issued_plan(activity, editor):
    members = MemberFactory.create_batch(3)
    kept = record(activity, editor, notes="  座谈交流  ", attendees=members[:2])
    activity.refresh_from_db()
    assert activity.status == "done"
    assert (kept.held_on, kept.notes, kept.updated_by) == (D(2026, 6, 18), "座谈交流", editor)
    assert set(Attendance.objects.values_list("member", flat=True)) == {
        members[0].pk,
        members[1].pk,
    }
    # Recording again replaces the members as a whole.
    record(activity, editor, attendees=[members[1], members[2]])
    assert set(Attendance.objects.values_list("member", flat=True)) == {
        members[1].pk,
        members[2].pk,
    }
    assert ActivityRecord.objects.count() == 1


def test_only_the_status_of_the_activity_changes(activity, editor):
    before = Activity.objects.values().get(pk=activity.pk)
    record(activity, editor)
    after = Activity.objects.values().get(pk=activity.pk)
    assert {key for key in before if before[key] != after[key]} == {"status"}


def test_a_reason_is_kept_only_while_postponed_or_cancelled(activity, editor):
    record(activity, editor, status="postponed", held_on=None, reason="领导出差")
    assert ActivityRecord.objects.get().reason == "领导出差"
    record(activity, editor)
    assert ActivityRecord.objects.get().reason == ""


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"status": "postponed", "held_on": None, "reason": "  "}, "reason", "推迟或取消"),
        ({"status": "cancelled", "held_on": None}, "reason", "推迟或取消"),
        ({"held_on": None}, "held_on", "实际举办日期"),
        ({"held_on": D(2024, 6, 1)}, "held_on", "2026"),
        ({"held_on": D(2026, 8, 16)}, "held_on", "今天"),
        ({"status": "under_way", "held_on": None, "held_until": D(2026, 6, 2)}, "held_on", ""),
        ({"held_on": D(2026, 6, 5), "held_until": D(2026, 6, 4)}, "held_until", ""),
        ({"status": "finished"}, "status", ""),
    ],
)
def test_what_does_not_fit_is_refused_and_changes_nothing(activity, editor, fields, field, message):
    before = state(activity)
    with pytest.raises(ValidationError) as refused:
        record(activity, editor, **fields)
    assert field in refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert state(activity) == before


def test_outcome_rules(activity):
    with pytest.raises(ValidationError) as refused:
        save_outcome(outcome=Outcome(activity=activity, kind="research_report"), members=[])
    assert "标题" in refused.value.message_dict["title"][0]
    with pytest.raises(ValidationError) as refused:
        save_outcome(
            outcome=Outcome(activity=activity, kind="research_report", title="报告", quantity=2),
            members=[],
        )
    assert "quantity" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        save_outcome(
            outcome=Outcome(activity=activity, kind="proposal", quantity=2, adopted=1), members=[]
        )
    assert "adopted" in refused.value.message_dict
    with pytest.raises(ValidationError):
        save_outcome(
            outcome=Outcome(activity=activity, kind="public_opinion", quantity=2, adopted=3),
            members=[],
        )
    assert Outcome.objects.count() == 0
    member = MemberFactory()
    kept = save_outcome(
        outcome=Outcome(activity=activity, kind="public_opinion", quantity=3, adopted=1),
        members=[member],
    )
    assert list(kept.members.all()) == [member]


def test_empty_summary_texts_write_nothing_until_there_is_text(committee, editor):
    texts = dict.fromkeys(["opening", "achievements", "shortcomings", "next_steps"], "  ")
    assert (
        save_narrative(committee=committee, year=2026, period="h1", texts=texts, user=editor)
        is None
    )
    assert SummaryNarrative.objects.count() == 0
    kept = save_narrative(
        committee=committee, year=2026, period="h1", texts={"opening": " 开篇 "}, user=editor
    )
    assert (kept.opening, kept.achievements, kept.updated_by) == ("开篇", "", editor)
    # Emptied later, the row stays, empty, so the summary simply leaves the parts out.
    save_narrative(committee=committee, year=2026, period="h1", texts=texts, user=editor)
    assert SummaryNarrative.objects.get().opening == ""
