"""factory_boy factories for every model, with Chinese sample values."""

import factory
from django.contrib.auth import get_user_model

from activities.models import Activity, ActivityType, JointOrganizer, Participant
from cppcc.models import Committee, Member, Membership, Sector, StaffRole
from plans.models import Plan, Section


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
