"""`generate_data`: the scale-test filler makes what it says, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from activities.models import Activity, JointOrganizer, Participant
from activities.selectors import plan_outline
from organisation.models import Committee
from plans.models import Plan, Section
from plans.outline import activities_in_order

pytestmark = pytest.mark.django_db


def test_generate_data_makes_committees_years_and_activities(capsys):
    call_command("generate_data", committees=3, years=2, activities=20, first_year=2030)
    top = Committee.objects.filter(parent=None, name__startswith="政协某省")
    assert top.count() == 1
    cities = Committee.objects.filter(parent=top.get(), kind=Committee.Kind.COMMITTEE)
    assert cities.count() == 2
    plans = Plan.objects.filter(year__in=[2030, 2031])
    assert plans.count() == 3 * 2
    assert Section.objects.filter(plan__in=plans).count() == 6 * 20
    assert Activity.objects.filter(section__plan__in=plans).count() == 6 * 20
    assert JointOrganizer.objects.filter(activity__section__plan__in=plans).count() == 6 * 20 * 2
    assert Participant.objects.filter(activity__section__plan__in=plans).count() == 6 * 20 * 4
    assert (
        "Created 3 committees, 6 plans, 120 sections and 120 activities" in capsys.readouterr().out
    )


def test_generated_plans_are_whole_plans_the_app_can_show():
    call_command("generate_data", committees=1, years=1, activities=30, first_year=2030)
    plan = Plan.objects.get(year=2030)
    topics = [node.activity.topic for node in activities_in_order(plan_outline(plan))]
    assert len(topics) == 30
    assert len(set(topics)) == 30


@pytest.mark.parametrize(
    "options",
    [
        {"committees": 0},
        {"committees": 5000},
        {"years": 0},
        {"activities": -1},
        {"activities": 100000},
        {"first_year": 1900},
    ],
)
def test_generate_data_refuses_out_of_range_counts_and_creates_nothing(options):
    before = Committee.objects.count()
    with pytest.raises(CommandError):
        call_command("generate_data", **options)
    assert Committee.objects.count() == before
