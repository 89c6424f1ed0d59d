"""The plan list's filters."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisation.models import Committee
from organisation.permissions import committee_scope
from plans.models import YEAR_MAX, YEAR_MIN, Plan

MAX_SEARCH_LENGTH = 100


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Text"), method="search", max_length=MAX_SEARCH_LENGTH, strip=True
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("Committee"), queryset=Committee.objects.none(), empty_label=_("All committees")
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Plan.Kind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Plan.Status.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = Plan
        fields = ["q", "committee", "year", "kind", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = committee_scope(user)
        committees = Committee.objects.filter(kind=Committee.Kind.COMMITTEE)
        if not scope.is_admin:
            committees = committees.filter(pk__in=scope.readable)
        self.filters["committee"].queryset = committees

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(document_number__icontains=value)
            | Q(committee__name__icontains=value)
        )
