"""Forms for plans and their sections."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc.forms import CleanTextForm
from cppcc.models import Committee
from cppcc.permissions import editable_committees
from plans.models import YEAR_MAX, YEAR_MIN, Plan, Section
from plans.services import Move


class PlanDetailsForm(CleanTextForm, forms.ModelForm):
    """Title, year, kind, document number, issue date and preamble of a plan."""

    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)

    class Meta:
        model = Plan
        fields = ["title", "year", "kind", "document_number", "issue_date", "preamble"]
        widgets = {
            "issue_date": forms.DateInput(attrs={"type": "date"}),
            "preamble": forms.Textarea(attrs={"rows": 6}),
        }


class PlanCreateForm(CleanTextForm, forms.Form):
    """A new plan: whose, which year, which kind, and its title."""

    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=Plan.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = editable_committees(user).filter(
            kind=Committee.Kind.COMMITTEE
        )


class SectionForm(CleanTextForm, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["heading", "lead_phrase", "body", "show_count"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class MoveForm(forms.Form):
    move = forms.ChoiceField(choices=Move.choices)
