"""The activity form."""

from django import forms

from activities.models import Activity
from cppcc.forms import CleanTextForm


class ActivityForm(CleanTextForm, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "type",
            "topic",
            "content",
            "schedule_kind",
            "month",
            "end_month",
            "quarter",
            "half",
            "recurrence",
            "start_date",
            "end_date",
            "event",
            "lead_organizer",
            "targets",
            "status",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
            "targets": forms.Textarea(attrs={"rows": 2}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }
