import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from organisation.models import Committee, Member, Membership, Sector, StaffRole
from tests.factories import (
    CommitteeFactory,
    MemberFactory,
    MembershipFactory,
    PlanFactory,
    SectorFactory,
    SpecialCommitteeFactory,
    StaffRoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize(
    "fields",
    [{"level": "galaxy"}, {"kind": "club"}, {"name": ""}],
    ids=repr,
)
def test_database_rejects_bad_committee_values(fields):
    committee = CommitteeFactory()
    refused(lambda: Committee.objects.filter(pk=committee.pk).update(**fields))


def test_database_rejects_two_bodies_at_one_position_or_with_one_name():
    body = SpecialCommitteeFactory(position=1, name="经济委员会")
    refused(lambda: SpecialCommitteeFactory(parent=body.parent, position=1))
    refused(lambda: SpecialCommitteeFactory(parent=body.parent, name="经济委员会"))
    # The same name under another committee is another body.
    assert SpecialCommitteeFactory(name="经济委员会").name == "经济委员会"


def test_database_rejects_two_top_level_committees_with_one_name():
    CommitteeFactory(name="政协甲市委员会")
    refused(lambda: CommitteeFactory(name="政协甲市委员会"))


def test_print_names_of_committee_bodies():
    city = CommitteeFactory(name="政协河洛市委员会", short_name="市政协")
    office = SpecialCommitteeFactory(parent=city, name="调研室", kind=Committee.Kind.OFFICE)
    assert (office.print_prefix, office.print_name) == ("市政协", "调研室")
    assert (city.print_prefix, city.print_name) == ("", "市政协")
    assert str(office) == "调研室"


def test_database_rejects_bad_sector_and_member_values():
    sector = SectorFactory(name="经济界")
    refused(lambda: SectorFactory(name="经济界"))
    refused(lambda: Sector.objects.create(name="", position=9999))
    member = MemberFactory(sector=sector)
    refused(lambda: Member.objects.filter(pk=member.pk).update(party="pirates"))
    refused(lambda: Member.objects.filter(pk=member.pk).update(name=""))
    with pytest.raises(ProtectedError):
        sector.delete()


def test_database_rejects_a_second_seat_or_a_bad_role():
    seat = MembershipFactory()
    refused(lambda: MembershipFactory(member=seat.member, committee=seat.committee))
    refused(lambda: Membership.objects.filter(pk=seat.pk).update(role="king"))
    assert str(seat) == "委员"


def test_database_rejects_a_second_staff_role_or_a_bad_role():
    role = StaffRoleFactory()
    refused(lambda: StaffRoleFactory(user=role.user, committee=role.committee))
    refused(lambda: StaffRole.objects.filter(pk=role.pk).update(role="god"))
    # One login may work for several committees.
    assert StaffRoleFactory(user=role.user).user == role.user


def test_committees_with_plans_members_or_logins_cannot_be_deleted():
    for make in (PlanFactory, MembershipFactory, StaffRoleFactory):
        committee = make().committee
        with pytest.raises(ProtectedError):
            committee.delete()
    parent = SpecialCommitteeFactory().parent
    with pytest.raises(ProtectedError):
        parent.delete()


def test_deleting_a_login_removes_its_roles_but_not_the_committee():
    role = StaffRoleFactory(user=UserFactory())
    role.user.delete()
    assert not StaffRole.objects.exists()
    assert Committee.objects.filter(pk=role.committee_id).exists()
