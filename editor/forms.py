"""Forms for plans and their sections."""

from django import forms
from django.db import models
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextForm
from organisation.models import Committee
from organisation.permissions import editable_committees
from plans.models import YEAR_MAX, YEAR_MIN, Plan, Section
from plans.permissions import visible_plans
from plans.services import Move


class PlanDetailsForm(CleanTextForm, forms.ModelForm):
    """Title, year, kind, document number, issue date and preamble of a plan."""

    printed_fields = ("title", "document_number", "preamble")

    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)

    class Meta:
        model = Plan
        fields = ["title", "year", "kind", "document_number", "issue_date", "preamble"]
        widgets = {
            "issue_date": forms.DateInput(attrs={"type": "date"}),
            "preamble": forms.Textarea(attrs={"rows": 6}),
        }


class StartFrom(models.TextChoices):
    BLANK = "blank", _("A blank plan")
    SKELETON = "skeleton", _("The usual parts of its kind")
    COPY = "copy", _("A copy of an earlier plan")


class SourcePlanField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.committee.name} · {obj.year} · {obj.title}"


class PlanCreateForm(CleanTextForm, forms.Form):
    """A new plan: how to start it, whose, which year, which kind, and its title.

    When copying, an empty kind means the copied plan's kind, and an empty title
    means the copied plan's title with its year (e.g. 2026) replaced by the new one.
    """

    printed_fields = ("title",)

    start = forms.ChoiceField(
        label=_("Start from"),
        choices=StartFrom.choices,
        initial=StartFrom.BLANK,
        widget=forms.RadioSelect,
    )
    source = SourcePlanField(
        label=_("Plan to copy"),
        queryset=Plan.objects.none(),
        required=False,
        help_text=_(
            "Sections and activities are copied, dates move to the new year, "
            "statuses start again at planned. The copied plan is not changed."
        ),
    )
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=BLANK_CHOICE_DASH + Plan.Kind.choices,
        required=False,
        help_text=_("When copying, leave empty to keep the kind of the copied plan."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_(
            "When copying, leave empty to reuse the title of the copied plan "
            "with its year replaced by the new year, e.g. 2026 → 2027."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            visible_plans(user)
            .select_related("committee")
            .order_by("-year", "committee__name", "title", "pk")
        )
        self.fields["committee"].queryset = editable_committees(user).filter(
            kind=Committee.Kind.COMMITTEE
        )

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if data.get("start") != StartFrom.COPY:
            data["source"] = None
            for name in ("kind", "title"):
                if name in data and not data[name]:
                    self._require(name)
        elif source is None:
            if not self.has_error("source"):
                self._require("source")
        elif "year" in data:
            # Without a valid year the form is refused anyway: nothing to fill in.
            data["kind"] = data.get("kind") or source.kind
            if not data.get("title"):
                data["title"] = source.title.replace(str(source.year), str(data["year"]))
        return data

    def _require(self, name: str) -> None:
        field = self.fields[name]
        self.add_error(name, forms.ValidationError(field.error_messages["required"], "required"))

    def plan_fields(self) -> dict:
        """The new plan's committee, year, kind and title, as the services take them."""
        return {name: self.cleaned_data[name] for name in ("committee", "year", "kind", "title")}


class SectionForm(CleanTextForm, forms.ModelForm):
    printed_fields = ("heading", "lead_phrase", "body")

    class Meta:
        model = Section
        fields = ["heading", "lead_phrase", "body", "show_count"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class MoveForm(forms.Form):
    move = forms.ChoiceField(choices=Move.choices)
