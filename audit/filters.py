"""The audit log's filters: kind, user, a date range and text."""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Event

MAX_SEARCH_LENGTH = 100


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("since"), cleaned.get("until")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds")
    )
    user = django_filters.ModelChoiceFilter(
        label=_("User"),
        queryset=get_user_model().objects.order_by("username"),
        empty_label=_("All users"),
    )
    since = django_filters.DateFilter(
        label=_("From"), method="from_day", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        label=_("To"), method="to_day", widget=forms.DateInput(attrs={"type": "date"})
    )
    q = django_filters.CharFilter(
        label=_("Text"), method="search", max_length=MAX_SEARCH_LENGTH, strip=True
    )

    class Meta:
        model = Event
        fields = ["kind", "user", "since", "until", "q"]
        form = EventFilterForm

    # Days are the local calendar's; comparing with the start of a local day
    # keeps the index on created_at usable.
    def from_day(self, queryset, name, value):
        return queryset.filter(created_at__gte=start_of_day(value))

    def to_day(self, queryset, name, value):
        return queryset.filter(created_at__lt=start_of_day(value + datetime.timedelta(days=1)))

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(path__icontains=value)
            | Q(detail__icontains=value)
            | Q(ip__startswith=value)
        )


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
