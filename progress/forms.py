"""Forms for recording progress, outcomes, attachments and the texts of a summary."""

import datetime

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.forms import MemberChoiceField
from activities.models import Activity, ActivityStatus
from core.forms import CleanTextForm
from organisation.models import Member, Membership
from progress.models import Outcome, SummaryNarrative
from progress.selectors import Tree
from progress.services import check_progress
from progress.uploads import check_upload

REASON_MAX_LENGTH = 2000
NOTES_MAX_LENGTH = 5000
NARRATIVE_MAX_LENGTH = 20000
MAX_QUANTITY = 9999
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def members_for(activity: Activity):
    """Members who may be recorded at the activity: seated in its committee or below it,
    still active, and anyone already recorded there."""
    ids = Tree.load().subtree_ids(activity.section.plan.committee_id)
    seated = Membership.objects.filter(committee_id__in=ids).values("member_id")
    recorded = Q(attendances__activity=activity) | Q(outcomes__activity=activity)
    return (
        Member.objects.filter(Q(is_active=True, pk__in=seated) | recorded)
        .select_related("sector")
        .distinct()
        .order_by("sector__position", "name", "pk")
    )


class ProgressForm(CleanTextForm, forms.Form):
    """Status, real dates, reason, notes and the members who took part."""

    printed_fields = ("reason", "notes")  # in the summary's lists of activities

    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DATE_WIDGET)
    held_until = forms.DateField(
        label=_("Held until"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("The last day, for an activity of several days."),
    )
    reason = forms.CharField(
        label=_("Reason for postponing or cancelling"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attendees = MemberChoiceField(
        label=_("Members who took part"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, activity: Activity, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity, self.today = activity, today
        self.fields["attendees"].queryset = members_for(activity)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        errors = check_progress(
            activity=self.activity,
            status=data["status"],
            held_on=data.get("held_on"),
            held_until=data.get("held_until"),
            reason=data.get("reason", ""),
            today=self.today,
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return data


class OutcomeForm(CleanTextForm, forms.ModelForm):
    """One outcome of an activity, with the members who wrote it."""

    printed_fields = ("title", "by_whom")  # in the summary: 形成调研报告《…》（省政协）

    members = MemberChoiceField(
        label=_("Members who wrote or submitted it"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Outcome
        fields = ["kind", "title", "quantity", "adopted", "by_whom", "date"]
        widgets = {"date": DATE_WIDGET}

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.fields["members"].queryset = members_for(activity)
        # Set after the fields were made, so the limits go in as validators and attributes.
        for name, lowest in (("quantity", 1), ("adopted", 0)):
            field = self.fields[name]
            field.min_value, field.max_value = lowest, MAX_QUANTITY
            field.validators += [MinValueValidator(lowest), MaxValueValidator(MAX_QUANTITY)]
            field.widget.attrs.update(min=lowest, max=MAX_QUANTITY)
        if self.instance.pk:
            self.fields["members"].initial = list(self.instance.members.all())


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word (.docx) or image, at most 20 MB.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = check_upload(upload)
        return upload


class NarrativeForm(CleanTextForm, forms.ModelForm):
    """The parts of a summary the staff write: each is paragraphs, one per line."""

    printed_fields = ("opening", "achievements", "shortcomings", "next_steps")

    class Meta:
        model = SummaryNarrative
        fields = ["opening", "achievements", "shortcomings", "next_steps"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.max_length = NARRATIVE_MAX_LENGTH
            field.validators.append(MaxLengthValidator(NARRATIVE_MAX_LENGTH))
