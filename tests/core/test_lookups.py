"""core.lookups: ids past the database's integer range match nothing instead of failing."""

import pytest
from django import forms

from activities.models import Activity
from organisation.models import Committee
from tests.factories import ActivityFactory, CommitteeFactory

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [2**63, -(2**63) - 1, 10**26]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_in_lists_with_huge_ids_match_nothing(value, committee):
    activity = ActivityFactory()
    assert list(Committee.objects.filter(pk__in=[value])) == []
    assert list(Committee.objects.filter(pk__in=[value, committee.pk])) == [committee]
    assert list(Activity.objects.filter(section__in=[value])) == []
    assert list(Activity.objects.filter(section_id__in=[value, activity.section_id])) == [activity]
    assert list(Activity.objects.filter(section__plan__in=[value])) == []
    assert list(Activity.objects.filter(joint_organizers__in=[value])) == []


@pytest.mark.parametrize("value", [*OUT_OF_RANGE, "99999999999999999999999999"])
def test_a_multiple_choice_of_a_huge_id_is_not_a_valid_choice(value, committee):
    field = forms.ModelMultipleChoiceField(queryset=Committee.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(value), str(committee.pk)])
    assert refused.value.code == "invalid_choice"
    assert list(field.clean([str(committee.pk)])) == [committee]


def test_ordinary_in_lists_are_unchanged():
    first, second = CommitteeFactory(), CommitteeFactory()
    assert set(Committee.objects.filter(pk__in=[first.pk, second.pk, None])) == {first, second}
    assert list(Committee.objects.filter(pk__in=[])) == []
    assert list(Committee.objects.filter(pk__in=Committee.objects.filter(pk=first.pk))) == [first]
