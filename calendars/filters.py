"""The activity list's filters: across every plan the user may read."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityCategory, ActivityType, JointOrganizer, Participant
from core.widgets import LongSelect
from organisation.models import Committee, Member, Membership
from organisation.permissions import committee_scope
from plans.models import YEAR_MAX, YEAR_MIN
from plans.schedule import QUARTER_WORDS
from plans.wording import ParticipantKind

MAX_SEARCH_LENGTH = 100
MONTH_CHOICES = [(month, f"{month}月") for month in range(1, 13)]
QUARTER_CHOICES = list(QUARTER_WORDS.items())


class ActivityFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="section__plan__year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    month = django_filters.ChoiceFilter(
        label=_("Month"),
        choices=MONTH_CHOICES,
        method="in_month",
        empty_label=_("All months"),
    )
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"),
        choices=QUARTER_CHOICES,
        method="in_quarter",
        empty_label=_("All quarters"),
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Type"), queryset=ActivityType.objects.all(), empty_label=_("All types")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        field_name="type__category",
        choices=ActivityCategory.choices,
        empty_label=_("All categories"),
    )
    organizer = django_filters.ModelChoiceFilter(
        label=_("Organizer"),
        queryset=Committee.objects.none(),
        method="organized_by",
        empty_label=_("All organizers"),
        widget=LongSelect,
    )
    member = django_filters.ModelChoiceFilter(
        label=_("Member"),
        queryset=Member.objects.none(),
        method="with_member",
        empty_label=_("All members"),
        widget=LongSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("All statuses")
    )
    q = django_filters.CharFilter(
        label=_("Text"), method="search", max_length=MAX_SEARCH_LENGTH, strip=True
    )

    class Meta:
        model = Activity
        fields = [
            "year",
            "month",
            "quarter",
            "type",
            "category",
            "organizer",
            "member",
            "status",
            "q",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = committee_scope(user)
        committees = Committee.objects.all()
        members = Member.objects.all()
        if not scope.is_admin:
            committees = committees.filter(pk__in=scope.readable)
            seats = Membership.objects.filter(
                member=OuterRef("pk"), committee_id__in=scope.readable
            )
            members = members.filter(Exists(seats))
        self.filters["organizer"].queryset = committees
        self.filters["member"].queryset = members

    def in_month(self, queryset, name, value):
        # An activity is in a month when its span of months covers it.
        value = int(value)
        return queryset.filter(first_month__lte=value, last_month__gte=value)

    def in_quarter(self, queryset, name, value):
        # An activity is in a quarter when its span of months overlaps the quarter's.
        value = int(value)
        return queryset.filter(first_month__lte=value * 3, last_month__gte=value * 3 - 2)

    def organized_by(self, queryset, name, value):
        # Subqueries, not joins: a join on the joint organizers would repeat rows.
        joint = JointOrganizer.objects.filter(activity=OuterRef("pk"), committee=value)
        return queryset.filter(Q(lead_organizer=value) | Exists(joint))

    def with_member(self, queryset, name, value):
        entries = Participant.objects.filter(
            activity=OuterRef("pk"), kind=ParticipantKind.MEMBERS, members=value
        )
        return queryset.filter(Exists(entries))

    def search(self, queryset, name, value):
        return queryset.filter(Q(topic__icontains=value) | Q(content__icontains=value))
