"""The activity form: what, when, who organises and who takes part."""

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityType, schedule_errors
from activities.services import ParticipantRow
from core.forms import CleanTextForm
from organisation.models import Committee, Member, Sector
from plans.models import Plan
from plans.schedule import (
    HALF_WORDS,
    QUARTER_WORDS,
    SCHEDULE_FIELDS,
    Recurrence,
    Schedule,
    ScheduleKind,
)
from plans.wording import ParticipantKind

BLANK = [("", BLANK_CHOICE_LABEL)]

# The schedule fields each kind uses, from the one list (plans.schedule.SCHEDULE_FIELDS,
# whose values are the Activity attributes and so the form's field names); the others
# are cleared so stale values never print.
KIND_FIELDS = {kind: tuple(fields.values()) for kind, fields in SCHEDULE_FIELDS.items()}
# Every schedule field but the kind, each once, in the order the kinds first use them:
# month, end_month, start_date, end_date, quarter, half, recurrence, event. The form
# shows them in this order and a version token digests a schedule in it
# (activities.versions).
SCHEDULE_DETAIL_FIELDS = tuple(
    dict.fromkeys(name for names in KIND_FIELDS.values() for name in names)
)
# Dates further than this from the plan's year are almost certainly typing mistakes.
YEAR_SLACK = 1


def _label(field_name: str):
    return capfirst(Activity._meta.get_field(field_name).verbose_name)


def _number_choices(words: dict[int, str]) -> list[tuple[str, str]]:
    return BLANK + [(str(number), word) for number, word in words.items()]


class ScheduleFieldsForm(CleanTextForm, forms.Form):
    """The one schedule control: a kind and the fields of every kind.

    All fields stay in the page so the form works without JavaScript; the
    fields the chosen kind does not use are ignored and cleared.
    """

    printed_fields = ("event",)  # printed as the time: 市政协十四届二次全会期间

    schedule_kind = forms.ChoiceField(label=_label("schedule_kind"), choices=ScheduleKind.choices)
    month = forms.TypedChoiceField(
        label=_label("month"),
        choices=_number_choices({month: f"{month}月" for month in range(1, 13)}),
        coerce=int,
        empty_value=None,
        required=False,
    )
    end_month = forms.TypedChoiceField(
        label=_label("end_month"),
        choices=_number_choices({month: f"{month}月" for month in range(1, 13)}),
        coerce=int,
        empty_value=None,
        required=False,
    )
    start_date = forms.DateField(
        label=_label("start_date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=_label("end_date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    quarter = forms.TypedChoiceField(
        label=_label("quarter"),
        choices=_number_choices(QUARTER_WORDS),
        coerce=int,
        empty_value=None,
        required=False,
    )
    half = forms.TypedChoiceField(
        label=_label("half"),
        choices=_number_choices(HALF_WORDS),
        coerce=int,
        empty_value=None,
        required=False,
    )
    recurrence = forms.ChoiceField(
        label=_label("recurrence"), choices=BLANK + Recurrence.choices, required=False
    )
    event = forms.CharField(
        label=_label("event"),
        max_length=200,
        required=False,
        help_text=Activity._meta.get_field("event").help_text,
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("schedule_kind")
        if kind is None:
            return cleaned_data
        used = KIND_FIELDS[kind]
        for name in SCHEDULE_DETAIL_FIELDS:
            if name not in used:
                # A hidden field of another kind neither blocks saving nor prints.
                self.errors.pop(name, None)
                cleaned_data[name] = "" if name in {"recurrence", "event"} else None
        for name in ("start_date", "end_date"):
            day = cleaned_data.get(name)
            if day and abs(day.year - self.year) > YEAR_SLACK:
                message = _(
                    "The year must be from %(first)s to %(last)s: the plan is for %(year)s."
                )
                first, last = self.year - YEAR_SLACK, self.year + YEAR_SLACK
                self.add_error(
                    name,
                    ValidationError(
                        message, params={"first": first, "last": last, "year": self.year}
                    ),
                )
        return cleaned_data

    def schedule_layout(self) -> list[tuple[forms.BoundField, str]]:
        """Each detail field with the kinds it belongs to, for the page to show or hide."""
        layout = []
        for name in SCHEDULE_DETAIL_FIELDS:
            kinds = [kind for kind, used in KIND_FIELDS.items() if name in used]
            layout.append((self[name], " ".join(kinds)))
        return layout


class SchedulePreviewForm(ScheduleFieldsForm):
    """The schedule alone, to show how it prints while it is being chosen."""

    def clean(self):
        cleaned_data = super().clean()
        if "schedule_kind" in cleaned_data:
            schedule = self._schedule(cleaned_data)
            for name, message in schedule_errors(schedule).items():
                if name not in self.errors:
                    self.add_error(name, message)
        return cleaned_data

    def _schedule(self, cleaned_data) -> Schedule:
        values = {name: cleaned_data.get(name) for name in SCHEDULE_DETAIL_FIELDS}
        values["recurrence"] = values["recurrence"] or ""
        values["event"] = values["event"] or ""
        return Schedule(kind=cleaned_data["schedule_kind"], **values)

    def summary(self) -> dict:
        """The printed wording, or the messages that say what is missing."""
        if not self.is_valid():
            problems = [message for errors in self.errors.values() for message in errors]
            return {"wording": "", "problems": problems}
        return {"wording": self._schedule(self.cleaned_data).wording(), "problems": []}


class TypeSelect(forms.Select):
    """Each option carries its type's content label, so the page relabels the content field."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-content-label"] = instance.content_label
        return option


class OrganizerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.print_prefix + obj.print_name


class OrderedOrganizersField(forms.ModelMultipleChoiceField):
    """Joint organizers in the order they were given; that order is printed."""

    def label_from_instance(self, obj):
        return obj.print_prefix + obj.print_name

    def clean(self, value):
        chosen = {str(committee.pk): committee for committee in super().clean(value)}
        ordered = [chosen[str(key)] for key in value or [] if str(key) in chosen]
        return list(dict.fromkeys(ordered))


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.sector.name}）"


def committee_tree(root: Committee) -> list[int]:
    """The committee and every body below it, depth first in their order (one query)."""
    children = defaultdict(list)
    for pk, parent_id in Committee.objects.order_by("position", "pk").values_list(
        "pk", "parent_id"
    ):
        children[parent_id].append(pk)
    order, seen, stack = [], set(), [root.pk]
    while stack:
        pk = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        order.append(pk)
        stack.extend(reversed(children[pk]))
    return order


def _in_order(ids: list[int]):
    return Case(
        *[When(pk=pk, then=Value(index)) for index, pk in enumerate(ids)],
        default=Value(len(ids)),
        output_field=IntegerField(),
    )


class ActivityForm(ScheduleFieldsForm, forms.ModelForm):
    """An activity's own fields and its organizers; participants come in a formset.

    Whether the schedule is complete for its kind is checked by `Activity.clean()`
    (`schedule_errors`), which a model form runs.
    """

    printed_fields = ("topic", "content", *ScheduleFieldsForm.printed_fields)

    type = forms.ModelChoiceField(
        label=_label("type"), queryset=ActivityType.objects.all(), widget=TypeSelect
    )
    lead_organizer = OrganizerChoiceField(
        label=_label("lead_organizer"), queryset=Committee.objects.none(), required=False
    )
    joint_organizers = OrderedOrganizersField(
        label=_label("joint_organizers"),
        queryset=Committee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They are printed in the order shown; ticked ones come first."),
    )

    class Meta:
        model = Activity
        fields = [
            "type",
            "topic",
            "content",
            "schedule_kind",
            *SCHEDULE_DETAIL_FIELDS,
            "lead_organizer",
            "targets",
            "status",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
            "targets": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, year=plan.year, **kwargs)
        tree = committee_tree(plan.committee)
        committees = Committee.objects.filter(pk__in=tree).select_related("parent")
        self.fields["lead_organizer"].queryset = committees.order_by(_in_order(tree))
        joint = []
        if self.instance.pk:
            joint = [row.committee_id for row in self.instance.joint_organizer_rows.all()]
            self.initial.setdefault("joint_organizers", joint)
        # Chosen organizers first, in their printed order, then the rest of the tree.
        order = joint + [pk for pk in tree if pk not in joint]
        self.fields["joint_organizers"].queryset = committees.order_by(_in_order(order))
        self.fields["content"].label = self._content_label()

    def full_clean(self):
        super().full_clean()
        # A schedule field that could not be read (2026-02-30) also fails the model's
        # completeness check ("enter the date"); the first message says it better.
        for name in SCHEDULE_DETAIL_FIELDS:
            if self._errors and len(self._errors.get(name, [])) > 1:
                del self._errors[name][1:]

    def _content_label(self) -> str:
        """The chosen type's label for the content, e.g. 协商内容 or 调研内容."""
        activity_type = self.instance.type if self.instance.type_id else None
        chosen = self.data.get(self.add_prefix("type"), "") if self.is_bound else ""
        if chosen.isdigit() and int(chosen) != self.instance.type_id:
            activity_type = ActivityType.objects.filter(pk=chosen).first()
        return activity_type.content_label if activity_type else _label("content")

    def clean(self):
        cleaned_data = super().clean()
        lead = cleaned_data.get("lead_organizer")
        if lead and lead in cleaned_data.get("joint_organizers", []):
            self.add_error(
                "joint_organizers",
                _("The lead organizer cannot also be a joint organizer."),
            )
        return cleaned_data


class ParticipantForm(CleanTextForm, forms.Form):
    """One entry of the participant list; a row left empty is ignored."""

    printed_fields = ("text",)

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=BLANK + ParticipantKind.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    text = forms.CharField(
        label=_("Wording"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    members = MemberChoiceField(
        label=_("Members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select form-select-sm", "size": 3}),
    )

    def __init__(self, *args, members, sector_choices, member_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        # The choices are read once for all rows; validation still uses the querysets.
        self.fields["sector"].widget.choices = sector_choices
        self.fields["members"].widget.choices = member_choices
        for field in self.fields.values():
            # The table's column heads say what each cell is; screen readers need it per cell.
            field.widget.attrs["aria-label"] = field.label

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        text = cleaned_data.get("text", "")
        sector = cleaned_data.get("sector")
        members = list(cleaned_data.get("members") or [])
        if self.errors:
            # A value that could not be read has its message already.
            return cleaned_data
        if not kind:
            if text or sector or members:
                self.add_error("kind", _("Choose what kind of participant this is."))
            return cleaned_data
        if kind == ParticipantKind.SECTOR:
            if not sector:
                self.add_error("sector", _("Choose the sector."))
            text, members = "", []
        elif kind == ParticipantKind.MEMBERS:
            if not members and not text:
                self.add_error("members", _("Choose members, or describe them, e.g. 部分政协委员."))
            sector = None
        else:
            if not text:
                self.add_error("text", _("Enter who takes part, e.g. 市发改委."))
            sector, members = None, []
        # What the kind does not use is dropped so it never prints.
        cleaned_data.update(text=text, sector=sector, members=members)
        return cleaned_data


class BaseParticipantFormSet(forms.BaseFormSet):
    def rows(self) -> list[ParticipantRow]:
        """The filled-in rows, in the order shown, without those marked for deletion."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data.get("kind") or data.get("DELETE"):
                continue
            rows.append(
                ParticipantRow(
                    kind=data["kind"],
                    text=data["text"],
                    sector=data["sector"],
                    members=tuple(data["members"]),
                )
            )
        return rows


ParticipantFormSet = forms.formset_factory(
    ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=3,
    can_delete=True,
    max_num=50,
    absolute_max=60,
    validate_max=True,
)


def participant_formset(data, *, activity: Activity, plan: Plan) -> BaseParticipantFormSet:
    """The participant rows of an activity; members come from the plan's committee tree."""
    members = (
        Member.objects.filter(memberships__committee_id__in=committee_tree(plan.committee))
        .distinct()
        .select_related("sector")
        .order_by("name", "pk")
    )
    member_field = MemberChoiceField(queryset=members)
    sector_field = forms.ModelChoiceField(queryset=Sector.objects.all())
    initial = []
    if activity.pk:
        for row in activity.participants.prefetch_related("members"):
            initial.append(
                {
                    "kind": row.kind,
                    "text": row.text,
                    "sector": row.sector_id,
                    "members": [member.pk for member in row.members.all()],
                }
            )
    return ParticipantFormSet(
        data,
        initial=initial,
        prefix="participants",
        form_kwargs={
            "members": members,
            "sector_choices": list(sector_field.choices),
            "member_choices": list(member_field.choices),
        },
    )
