"""Progress of the demo plans: the first half of the year carried out, with outcomes.

Called by demo.load.load_demo after the plans are built, so that the dashboard,
the member records and a mid-year summary show real figures right after
`make run`. Every activity due in January–June is recorded as held, with members
and outcomes that suit its form, except one inspection that was postponed.
An activity that already has a record is left alone, so a second run changes nothing.
"""

import datetime

from activities.models import Activity, ActivityCategory, ActivityStatus
from organisation.models import Committee, Member
from progress.models import (
    ActivityRecord,
    Attendance,
    Outcome,
    OutcomeKind,
    SummaryNarrative,
    SummaryPeriod,
)

POSTPONED_TOPIC = "推进军民融合产业园建设"
POSTPONED_REASON = "园区规划调整尚未完成，经主席会议同意推迟至第三季度开展"
REPORT_OF_CATEGORY = {
    ActivityCategory.CONSULTATION: OutcomeKind.CONSULTATION_REPORT,
    ActivityCategory.RESEARCH: OutcomeKind.RESEARCH_REPORT,
    ActivityCategory.INSPECTION: OutcomeKind.INSPECTION_REPORT,
    ActivityCategory.SUPERVISION: OutcomeKind.INSPECTION_REPORT,
}
REPORT_WORD = {
    OutcomeKind.CONSULTATION_REPORT: "协商专报",
    OutcomeKind.RESEARCH_REPORT: "调研报告",
    OutcomeKind.INSPECTION_REPORT: "视察报告",
}
MID_YEAR_TEXTS = {
    "opening": (
        "今年以来，市政协在市委的坚强领导下，紧扣全市中心工作，"
        "按照年度协商计划有序开展协商议政、调研视察和民主监督，各项工作取得新进展。"
    ),
    "achievements": (
        "坚持协商于决策之前和决策实施之中，围绕乡村振兴、区域协调发展等重点议题深入调研，"
        "形成一批有分量的协商成果。\n"
        "坚持委员主体地位，组织委员广泛参与调研视察，委员履职积极性进一步提高。"
    ),
    "shortcomings": "个别活动受客观因素影响未能按期开展，协商成果的跟踪落实还需加强。",
    "next_steps": (
        "下半年，将按照年度计划抓好重点协商、视察活动的组织实施，"
        "加强协商成果转化，推动各项工作任务全面完成。"
    ),
}


def load_progress_demo(committees: dict[str, Committee], year: int) -> None:
    """Record the first half of the year of the city and county plans (see module docstring)."""
    for key in ("city", "county"):
        committee = committees[key]
        members = list(
            Member.objects.filter(memberships__committee=committee).order_by("pk").distinct()
        )
        activities = (
            Activity.objects.filter(
                section__plan__committee=committee,
                section__plan__year=year,
                last_month__lte=6,
                record__isnull=True,
            )
            .select_related("type")
            .order_by("first_month", "section_id", "position")
        )
        for index, activity in enumerate(activities):
            _record(activity, index, members, year)
    SummaryNarrative.objects.get_or_create(
        committee=committees["city"], year=year, period=SummaryPeriod.H1, defaults=MID_YEAR_TEXTS
    )


def _record(activity: Activity, index: int, members: list[Member], year: int) -> None:
    if activity.topic == POSTPONED_TOPIC:
        ActivityRecord.objects.create(activity=activity, reason=POSTPONED_REASON)
        _set_status(activity, ActivityStatus.POSTPONED)
        return
    held_on, held_until = _held_dates(activity, index, year)
    ActivityRecord.objects.create(
        activity=activity,
        held_on=held_on,
        held_until=held_until,
        notes="活动按计划举行，形成的意见建议已按程序报送。",
    )
    _set_status(activity, ActivityStatus.DONE)
    attendees = [members[(index * 5 + k) % len(members)] for k in range(6 + index % 5)]
    attendees = list(dict.fromkeys(attendees))
    Attendance.objects.bulk_create(
        Attendance(activity=activity, member=member) for member in attendees
    )
    for outcome, authors in _outcomes(activity, index, attendees):
        outcome.save()
        outcome.members.set(authors)


def _set_status(activity: Activity, status: str) -> None:
    activity.status = status
    activity.save(update_fields=["status"])


def _held_dates(activity: Activity, index: int, year: int):
    if activity.start_date:
        return activity.start_date, activity.end_date
    return datetime.date(year, activity.last_month, 8 + index % 15), None


def _outcomes(activity: Activity, index: int, attendees: list[Member]):
    """Outcomes that suit the activity's form, a few of each kind over the half year."""
    topic = activity.topic.rstrip("。")
    report = REPORT_OF_CATEGORY.get(activity.type.category)
    if report:
        title = f"关于{topic}的{REPORT_WORD[report]}"
        yield Outcome(activity=activity, kind=report, title=title), attendees[:2]
    if index % 2 == 0:
        yield (
            Outcome(
                activity=activity,
                kind=OutcomeKind.INSTRUCTION,
                quantity=1 + index % 3,
                by_whom="市委主要领导",
            ),
            [],
        )
    if index % 3 == 0:
        yield (
            Outcome(activity=activity, kind=OutcomeKind.PROPOSAL, quantity=2),
            attendees[2:4],
        )
    if index % 3 == 1:
        yield (
            Outcome(
                activity=activity,
                kind=OutcomeKind.PUBLIC_OPINION,
                quantity=3,
                adopted=1,
                by_whom="省政协",
            ),
            attendees[:1],
        )
    if index % 4 == 0:
        yield (
            Outcome(activity=activity, kind=OutcomeKind.MEDIA, quantity=1, by_whom="河洛日报"),
            [],
        )
