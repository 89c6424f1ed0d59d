"""Forms of the review pages: a workflow step, a version's name, a comment, a comparison."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.forms import CleanTextForm
from plans.models import Plan
from reviews.models import COMMENT_MAX_LENGTH, VERSION_NAME_MAX_LENGTH, Action

CURRENT = "current"


class TransitionForm(CleanTextForm, forms.Form):
    """One workflow step; the document number and date only matter when issuing."""

    printed_fields = ("document_number",)

    action = forms.ChoiceField(
        choices=Action.choices,
        error_messages={
            "required": _("Choose a step of the workflow."),
            "invalid_choice": _("Choose a step of the workflow."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document_number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=Plan._meta.get_field("document_number").max_length,
    )
    issue_date = forms.DateField(
        label=_("Issue date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )

    # Approving and issuing cannot be taken back: the service wants the user's tick.
    confirm = forms.BooleanField(required=False)

    def step_arguments(self) -> dict:
        """The service's keyword arguments; a document number left out of the form stays."""
        data = self.cleaned_data
        arguments = {
            "action": data["action"],
            "comment": data["comment"],
            "confirmed": data["confirm"],
        }
        if data["action"] == Action.ISSUE:
            if "document_number" in self.data:
                arguments["document_number"] = data["document_number"]
            arguments["issue_date"] = data["issue_date"]
        return arguments


class VersionForm(CleanTextForm, forms.Form):
    name = forms.CharField(
        label=_("Version name"),
        max_length=VERSION_NAME_MAX_LENGTH,
        help_text=_("e.g. 征求意见稿, 审议稿, 印发稿, or a name of your own."),
        widget=forms.TextInput(attrs={"list": "version-names"}),
    )


class CommentForm(CleanTextForm, forms.Form):
    """A comment on the plan, or on one of its sections or activities (hidden fields)."""

    text = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    section = forms.ModelChoiceField(
        queryset=None,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That part is not part of this plan.")},
    )
    activity = forms.ModelChoiceField(
        queryset=None,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That activity is not part of this plan.")},
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = plan.sections.all()
        self.fields["activity"].queryset = Activity.objects.filter(
            section__plan=plan
        ).select_related("section")

    def clean(self):
        data = super().clean()
        if data.get("section") and data.get("activity"):
            raise forms.ValidationError(_("Comment on a part or on an activity, not both at once."))
        return data


class ResolveForm(forms.Form):
    resolved = forms.TypedChoiceField(
        choices=[("1", _("Mark as resolved")), ("0", _("Open again"))],
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("Say whether the comment is resolved."),
            "invalid_choice": _("Say whether the comment is resolved."),
        },
    )


class CompareForm(forms.Form):
    """Which two texts to compare: saved versions, or the plan as it stands now."""

    old = forms.ChoiceField(label=_("Older text"))
    new = forms.ChoiceField(label=_("Newer text"))

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(CURRENT, _("The plan as it stands now"))] + [
            (str(version.pk), version_label(version)) for version in versions
        ]
        for name in ("old", "new"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose one of this plan's versions."
            )

    def clean(self):
        data = super().clean()
        if data.get("old") and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("Choose two different texts to compare."))
        return data


def version_label(version) -> str:
    """A version as the choice lists name it: 征求意见稿 (2026年3月1日 10:20)."""
    when = date_format(timezone.localtime(version.created_at), "DATETIME_FORMAT")
    return f"{version.name}（{when}）"
