"""Fill a database with many committees, years of plans and activities, for scale tests.

`python manage.py generate_data --committees 50 --years 5 --activities 200` makes a
province committee with 49 bodies below it (cities, each with special committees),
a consultation plan for every committee and year, and full activities: a lead and
two joint organizers, four participant entries. Rows are bulk-inserted in batches;
no history is written (this is made-up data, not anyone's edits).
"""

import itertools
from dataclasses import dataclass

from django.db import transaction

from activities.models import Activity, ActivityType, JointOrganizer, Participant
from organisation.models import Committee, Member, Membership, Sector
from plans.models import Plan, Section
from plans.schedule import ScheduleKind
from plans.wording import ParticipantKind as Kind

BATCH = 2000
PARTS = 5
GROUPS_PER_PART = 3
BODIES_PER_COMMITTEE = 3
MEMBERS_PER_COMMITTEE = 10
BODY_POSITIONS = 10_000
TOPICS = (
    "推进产业转型升级",
    "优化营商环境",
    "加强生态环境保护",
    "提升基层治理水平",
    "发展普惠托育服务",
    "推进乡村全面振兴",
    "促进文旅融合发展",
    "加快数字政府建设",
)


@dataclass
class Generated:
    committees: int = 0
    plans: int = 0
    sections: int = 0
    activities: int = 0


@transaction.atomic
def generate(*, committees: int, years: int, activities: int, first_year: int) -> Generated:
    """Create the data; everything or nothing."""
    done = Generated()
    tops = _committees(committees)
    done.committees = len(tops)
    types = list(ActivityType.objects.order_by("pk")[:8])
    sector = Sector.objects.order_by("pk").first() or Sector.objects.create(
        name="经济界", position=1
    )
    for committee in tops:
        bodies = _bodies(committee)
        members = _members(committee, sector)
        for year in range(first_year, first_year + years):
            plan = Plan.objects.create(
                committee=committee,
                year=year,
                kind=Plan.Kind.CONSULTATION,
                title=f"{committee.name}{year}年度协商工作计划",
            )
            groups = _sections(plan)
            _activities(groups, activities, types, bodies, members, sector)
            done.plans += 1
            done.sections += PARTS * (GROUPS_PER_PART + 1)
            done.activities += activities
    return done


def _committees(count: int) -> list[Committee]:
    """A province committee and count - 1 city committees below it."""
    start = Committee.objects.count()
    province = Committee.objects.create(
        name=f"政协某省委员会{start}",
        short_name="省政协",
        level=Committee.Level.PROVINCE,
        kind=Committee.Kind.COMMITTEE,
        position=start,
    )
    cities = Committee.objects.bulk_create(
        Committee(
            name=f"政协第{n}市委员会",
            short_name="市政协",
            level=Committee.Level.CITY,
            kind=Committee.Kind.COMMITTEE,
            parent=province,
            position=n,
        )
        for n in range(1, count)
    )
    return [province, *cities]


def _bodies(committee: Committee) -> list[Committee]:
    return Committee.objects.bulk_create(
        Committee(
            name=f"{committee.name}第{n}专门委员会",
            short_name=f"专委会{n}",
            level=committee.level,
            kind=Committee.Kind.SPECIAL_COMMITTEE,
            parent=committee,
            position=BODY_POSITIONS + n,  # after the cities below a province
        )
        for n in range(1, BODIES_PER_COMMITTEE + 1)
    )


def _members(committee: Committee, sector: Sector) -> list[Member]:
    members = Member.objects.bulk_create(
        Member(name=f"委员{committee.pk}-{n}", sector=sector, party="none")
        for n in range(1, MEMBERS_PER_COMMITTEE + 1)
    )
    Membership.objects.bulk_create(
        Membership(member=member, committee=committee) for member in members
    )
    return members


def _sections(plan: Plan) -> list[Section]:
    parts = Section.objects.bulk_create(
        Section(plan=plan, position=n, heading=f"第{n}方面工作", show_count=True)
        for n in range(1, PARTS + 1)
    )
    return Section.objects.bulk_create(
        Section(plan=plan, parent=part, position=n, heading=f"专题{n}")
        for part in parts
        for n in range(1, GROUPS_PER_PART + 1)
    )


def _activities(groups, count, types, bodies, members, sector) -> None:
    rows = []
    for index in range(count):
        month = index % 12 + 1
        activity = Activity(
            section=groups[index % len(groups)],
            position=index // len(groups) + 1,
            type=types[index % len(types)],
            topic=f"关于{TOPICS[index % len(TOPICS)]}的第{index + 1}项协商",
            content="围绕议题深入调研，广泛听取各方意见，形成协商建议。",
            schedule_kind=ScheduleKind.MONTH,
            month=month,
            first_month=month,
            last_month=month,
            lead_organizer=bodies[index % len(bodies)],
        )
        rows.append(activity)
    rows = Activity.objects.bulk_create(rows, batch_size=BATCH)
    JointOrganizer.objects.bulk_create(
        (
            JointOrganizer(activity=activity, committee=body, position=position)
            for activity in rows
            for position, body in enumerate(
                (b for b in bodies if b != activity.lead_organizer), start=1
            )
        ),
        batch_size=BATCH,
    )
    entries = Participant.objects.bulk_create(
        (
            Participant(activity=activity, position=position, kind=kind, text=text, sector=sec)
            for activity in rows
            for position, (kind, text, sec) in enumerate(
                (
                    (Kind.LEADER, "分管副市长", None),
                    (Kind.UNIT, "市发改委", None),
                    (Kind.SECTOR, "", sector),
                    (Kind.MEMBERS, "", None),
                ),
                start=1,
            )
        ),
        batch_size=BATCH,
    )
    named = itertools.cycle(members)
    Participant.members.through.objects.bulk_create(
        (
            Participant.members.through(participant=entry, member=next(named))
            for entry in entries
            if entry.kind == Kind.MEMBERS
        ),
        batch_size=BATCH,
    )
