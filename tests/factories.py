"""factory_boy factories for every model, with Chinese sample values."""

import factory
from django.contrib.auth import get_user_model

from activities.models import Activity, ActivityType, JointOrganizer, Participant
from organisation.models import Committee, Member, Membership, Sector, StaffRole
from plans.models import Plan, Section
from plans.wording import ParticipantKind


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"政协测试{n}市委员会")
    short_name = "市政协"
    level = Committee.Level.CITY
    kind = Committee.Kind.COMMITTEE
    position = factory.Sequence(lambda n: n)


class SpecialCommitteeFactory(CommitteeFactory):
    name = factory.Sequence(lambda n: f"第{n}专门委员会")
    short_name = ""
    kind = Committee.Kind.SPECIAL_COMMITTEE
    parent = factory.SubFactory(CommitteeFactory)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name = factory.Sequence(lambda n: f"测试界{n}")
    position = factory.Sequence(lambda n: n + 1000)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"委员{n}")
    sector = factory.SubFactory(SectorFactory)
    party = Member.Party.NONE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    member = factory.SubFactory(MemberFactory)
    committee = factory.SubFactory(CommitteeFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = StaffRole.Role.EDITOR


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    committee = factory.SubFactory(CommitteeFactory)
    year = 2026
    kind = Plan.Kind.CONSULTATION
    title = factory.Sequence(lambda n: f"2026年度协商工作计划{n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"第{n}部分")


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ["name"]

    name = "专题协商"
    category = ActivityType.Category.CONSULTATION
    content_label = "协商内容"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n + 1)
    type = factory.SubFactory(ActivityTypeFactory)
    topic = factory.Sequence(lambda n: f"议题{n}")
    content = "围绕议题开展调研，提出意见建议。"
    schedule_kind = "month"
    month = 6


class JointOrganizerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointOrganizer

    activity = factory.SubFactory(ActivityFactory)
    committee = factory.SubFactory(SpecialCommitteeFactory)
    position = factory.Sequence(lambda n: n + 1)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    activity = factory.SubFactory(ActivityFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = "unit"
    text = "市发改委"


def fill_plan(plan, activity_count: int, *, parts: int = 2, groups_per_part: int = 2) -> None:
    """Give `plan` parts of groups with `activity_count` full activities dealt over the groups.

    Every activity has a lead organizer, two joint organizers and four participant
    entries (a leader, a unit, a sector, named members), so every prefetch of the
    outline has rows. Rows are bulk-created: benchmarks build plans of hundreds.
    """
    committee = plan.committee
    bodies = [SpecialCommitteeFactory(parent=committee) for _ in range(3)]
    sector = SectorFactory()
    members = MemberFactory.create_batch(2)
    types = [
        ActivityTypeFactory(name="专题协商"),
        ActivityTypeFactory(
            name="重点调研", category=ActivityType.Category.RESEARCH, content_label="调研内容"
        ),
    ]
    groups = []
    for part_position in range(1, parts + 1):
        part = SectionFactory(
            plan=plan, position=part_position, heading=f"第{part_position}部分", show_count=True
        )
        groups += [
            SectionFactory(plan=plan, parent=part, position=position, heading=f"分组{position}")
            for position in range(1, groups_per_part + 1)
        ]
    activities = []
    for index in range(activity_count):
        activity = ActivityFactory.build(
            section=groups[index % len(groups)],
            position=index // len(groups) + 1,
            type=types[index % len(types)],
            topic=f"关于推进第{index + 1}项重点工作的协商",
            content="围绕议题深入开展调研，广泛听取各方意见，形成协商建议报送市委、市政府。",
            month=index % 12 + 1,
            lead_organizer=bodies[0],
        )
        activity.first_month, activity.last_month = activity.schedule.month_span()
        activities.append(activity)
    activities = Activity.objects.bulk_create(activities)
    JointOrganizer.objects.bulk_create(
        JointOrganizer(activity=activity, committee=body, position=position)
        for activity in activities
        for position, body in enumerate(bodies[1:], start=1)
    )
    kinds = [
        Participant(kind=ParticipantKind.LEADER, text="市政府分管副市长"),
        Participant(kind=ParticipantKind.UNIT, text="市发改委"),
        Participant(kind=ParticipantKind.SECTOR, sector=sector),
        Participant(kind=ParticipantKind.MEMBERS),
    ]
    participants = Participant.objects.bulk_create(
        Participant(
            activity=activity, position=position, kind=row.kind, text=row.text, sector=row.sector
        )
        for activity in activities
        for position, row in enumerate(kinds, start=1)
    )
    Participant.members.through.objects.bulk_create(
        Participant.members.through(participant=participant, member=member)
        for participant in participants
        if participant.kind == ParticipantKind.MEMBERS
        for member in members
    )
