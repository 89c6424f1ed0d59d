"""Forms for plans and their sections."""

from django import forms
from django.db import models
from django.db.models import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextForm
from organisation.models import Committee, StaffRole
from organisation.permissions import editable_committees
from plans.kinds import usual_title
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


def year_being_planned(today) -> int:
    """The year whose plan an office is writing: next year's from July on.

    Plans are written in the autumn and approved in the first weeks of their year.
    """
    return today.year + 1 if today.month >= 7 else today.year


class PlanCreateForm(CleanTextForm, forms.Form):
    """A new plan: how to start it, whose, which year, which kind, and its title.

    An empty title is the usual one of the committee, year and kind
    (政协河洛市委员会2027年工作要点, plans.kinds); when copying, an empty kind is
    the copied plan's. A second plan of the same committee, year and kind is made
    only once the user ticks the box the form then shows.
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
            "Leave empty for the usual title of the committee, year and kind, "
            "e.g. 政协河洛市委员会2027年工作要点."
        ),
    )
    # Shown only when the committee already has a plan of this year and kind.
    second_plan = forms.BooleanField(
        label=_("Make a second plan of this kind anyway"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = year_being_planned(timezone.localdate())
        self.fields["source"].queryset = (
            visible_plans(user)
            .select_related("committee")
            .order_by("-year", "committee__name", "title", "pk")
        )
        committees = editable_committees(user).filter(kind=Committee.Kind.COMMITTEE)
        self.fields["committee"].queryset = committees
        # The committee the editor works for, when there is one: a city editor may
        # also write for the counties below, but writes the city's plan.
        roles = {"staff_roles__user": user, "staff_roles__role": StaffRole.Role.EDITOR}
        own = list(committees.filter(**roles)[:2])
        if len(own) == 1:
            self.fields["committee"].initial = own[0].pk

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if data.get("start") != StartFrom.COPY:
            data["source"] = None
            if "kind" in data and not data["kind"]:
                self._require("kind")
        elif source is None:
            if not self.has_error("source"):
                self._require("source")
        elif "kind" in data:
            data["kind"] = data["kind"] or source.kind
        committee, year, kind = data.get("committee"), data.get("year"), data.get("kind")
        if committee and year and kind and not self.errors:
            if not data.get("title"):
                data["title"] = usual_title(committee.name, year, kind)
            self._check_second_plan(committee, year, kind)
        return data

    def _check_second_plan(self, committee, year: int, kind: str) -> None:
        same = Plan.objects.filter(committee=committee, year=year, kind=kind).order_by("pk")
        existing = same.first()
        if existing is None or self.cleaned_data.get("second_plan"):
            return
        self.fields["second_plan"].widget = forms.CheckboxInput()
        message = _(
            "%(committee)s already has a %(kind)s for %(year)d: “%(title)s”. "
            "Tick the box to make a second one anyway."
        ) % {
            "committee": committee.name,
            "kind": Plan.Kind(kind).label,
            "year": year,
            "title": existing.title,
        }
        self.add_error("second_plan", message)

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
