"""The activity form, its schedule control and its participant rows, without the client."""

import datetime

import pytest
from django.utils.translation import gettext as _

from activities.forms import (
    ActivityForm,
    ParticipantForm,
    SchedulePreviewForm,
    committee_tree,
    participant_formset,
)
from activities.models import Activity
from activities.services import ParticipantRow
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommitteeFactory,
    JointOrganizerFactory,
    MemberFactory,
    MembershipFactory,
    PlanFactory,
    SectionFactory,
    SectorFactory,
    SpecialCommitteeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(committee):
    committee.short_name = "市政协"
    committee.save()
    return PlanFactory(committee=committee, year=2026)


@pytest.fixture
def section(plan):
    return SectionFactory(plan=plan, position=1)


@pytest.fixture
def consultation():
    return ActivityTypeFactory(name="专题协商", content_label="协商内容")


@pytest.fixture
def tree(committee):
    """Committee A with its office, a special committee and a county committee below it."""
    office = SpecialCommitteeFactory(parent=committee, name="办公室", kind="office", position=1)
    special = SpecialCommitteeFactory(parent=committee, name="经济委员会", position=2)
    county = CommitteeFactory(parent=committee, name="政协丙县委员会", short_name="县政协")
    county.position = 3
    county.save()
    county_office = SpecialCommitteeFactory(parent=county, name="办公室", kind="office")
    return {"office": office, "special": special, "county": county, "county_office": county_office}


def form_data(activity_type, **fields) -> dict:
    return {
        "type": str(activity_type.pk),
        "topic": "推进乡村全面振兴",
        "schedule_kind": "month",
        "month": "6",
        "status": "planned",
        **fields,
    }


def activity_form(plan, data=None, instance=None):
    section = plan.sections.first() or SectionFactory(plan=plan)
    return ActivityForm(data, instance=instance or Activity(section=section), plan=plan)


# --- type and content label ----------------------------------------------------------------


def test_each_type_option_carries_its_content_label(plan, consultation):
    research = ActivityTypeFactory(name="重点调研", category="research", content_label="调研内容")
    html = str(activity_form(plan)["type"])
    assert (
        f'<option value="{consultation.pk}" data-content-label="协商内容">专题协商</option>' in html
    )
    assert f'<option value="{research.pk}" data-content-label="调研内容">重点调研</option>' in html
    assert f'<option value="" selected>{_("- Select an option -")}</option>' in html


def test_content_label_follows_the_instance_type_then_the_chosen_one(section, consultation):
    research = ActivityTypeFactory(name="重点调研", category="research", content_label="调研内容")
    activity = ActivityFactory(section=section, position=1, type=consultation)
    plan = section.plan
    assert activity_form(plan, instance=activity).fields["content"].label == "协商内容"
    bound = activity_form(plan, form_data(research), instance=activity)
    assert bound.fields["content"].label == "调研内容"
    tampered = activity_form(plan, form_data(consultation, type="<b>"), instance=activity)
    assert tampered.fields["content"].label == "协商内容"
    assert activity_form(plan).fields["content"].label == "内容"


# --- the schedule control -------------------------------------------------------------------


def test_fields_of_another_schedule_kind_are_cleared_and_their_errors_ignored(plan, consultation):
    form = activity_form(
        plan,
        form_data(
            consultation,
            schedule_kind="half",
            half="1",
            month="13",
            start_date="2026-02-30",
            end_date="2026-01-01",
            recurrence="hourly",
            event="旧的会议",
        ),
    )
    assert form.errors == {}
    values = {name: form.cleaned_data[name] for name in ("half", "month", "start_date", "event")}
    assert values == {"half": 1, "month": None, "start_date": None, "event": ""}
    assert form.cleaned_data["recurrence"] == ""


def test_an_event_may_keep_its_month_for_sorting(plan, consultation):
    form = activity_form(
        plan, form_data(consultation, schedule_kind="event", event="全会期间", month="3")
    )
    assert form.errors == {}
    assert (form.instance.event, form.instance.month) == ("全会期间", 3)


def test_an_impossible_date_gets_one_message(plan, consultation):
    form = activity_form(
        plan, form_data(consultation, schedule_kind="date", start_date="2026-02-30")
    )
    assert form.errors == {"start_date": ["输入一个有效的日期。"]}


@pytest.mark.parametrize(
    ("day", "valid"),
    [("2025-01-01", True), ("2027-12-31", True), ("2024-12-31", False), ("2028-01-01", False)],
)
def test_dates_must_fall_within_a_year_of_the_plan(plan, consultation, day, valid):
    form = activity_form(plan, form_data(consultation, schedule_kind="date", start_date=day))
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["start_date"] == [
            _("The year must be from %(first)s to %(last)s: the plan is for %(year)s.")
            % {"first": 2025, "last": 2027, "year": 2026}
        ]


def test_schedule_layout_names_the_kinds_of_each_field(plan):
    # In the order the page shows them (derived from plans.schedule.SCHEDULE_FIELDS).
    layout = [(field.name, kinds) for field, kinds in activity_form(plan).schedule_layout()]
    assert layout == [
        ("month", "month months event"),
        ("end_month", "months"),
        ("start_date", "date range"),
        ("end_date", "range"),
        ("quarter", "quarter"),
        ("half", "half"),
        ("recurrence", "recurring"),
        ("event", "event"),
    ]


@pytest.mark.parametrize(
    ("data", "summary"),
    [
        (
            {"schedule_kind": "range", "start_date": "2026-04-29", "end_date": "2026-05-03"},
            {"wording": "4月29日至5月3日", "problems": []},
        ),
        ({"schedule_kind": "none", "month": "99"}, {"wording": "", "problems": []}),
        ({"schedule_kind": "quarter"}, {"wording": "", "problems": ["请选择季度。"]}),
        ({}, {"wording": "", "problems": ["这个字段是必填项。"]}),
    ],
)
def test_schedule_preview_form_summary(data, summary):
    assert SchedulePreviewForm(data, year=2026).summary() == summary


# --- organizers ------------------------------------------------------------------------------


def test_committee_tree_is_depth_first_in_order(committee, other_committee, tree):
    assert committee_tree(committee) == [
        committee.pk,
        tree["office"].pk,
        tree["special"].pk,
        tree["county"].pk,
        tree["county_office"].pk,
    ]


def test_organizer_choices_are_the_plans_committee_and_bodies_below_with_print_names(
    plan, committee, other_committee, tree
):
    SpecialCommitteeFactory(parent=other_committee, name="乙市办公室", kind="office")
    choices = [label for _value, label in activity_form(plan).fields["lead_organizer"].choices]
    assert choices == [
        _("- Select an option -"),
        "市政协",
        "市政协办公室",
        "市政协经济委员会",
        "县政协",
        "县政协办公室",
    ]


def test_saved_joint_organizers_come_first_in_their_order(section, tree, consultation):
    activity = ActivityFactory(section=section, position=1)
    JointOrganizerFactory(activity=activity, committee=tree["county"], position=1)
    JointOrganizerFactory(activity=activity, committee=tree["special"], position=2)
    form = activity_form(section.plan, instance=activity)
    keys = [int(str(value)) for value, _label in form.fields["joint_organizers"].choices]
    assert keys[:2] == [tree["county"].pk, tree["special"].pk]
    assert form.initial["joint_organizers"] == [tree["county"].pk, tree["special"].pk]


def test_joint_organizers_keep_the_order_given_without_repeats(plan, tree, consultation):
    ids = [tree["special"].pk, tree["office"].pk, tree["special"].pk]
    form = activity_form(plan, form_data(consultation, joint_organizers=[str(pk) for pk in ids]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["joint_organizers"] == [tree["special"], tree["office"]]


# --- participants ----------------------------------------------------------------------------


@pytest.fixture
def sector():
    return SectorFactory(name="经济界")


@pytest.fixture
def member(committee, sector):
    return MembershipFactory(
        committee=committee, member=MemberFactory(name="张明", sector=sector)
    ).member


def participant(plan, **data):
    formset = participant_formset(None, activity=Activity(), plan=plan)
    return ParticipantForm(data, **formset.get_form_kwargs(0))


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"kind": "unit", "text": ""}, {"text": ["Enter who takes part, e.g. 市发改委."]}),
        ({"kind": "sector"}, {"sector": ["Choose the sector."]}),
        (
            {"kind": "members"},
            {"members": ["Choose members, or describe them, e.g. 部分政协委员."]},
        ),
        ({"kind": "", "text": "市发改委"}, {"kind": ["Choose what kind of participant this is."]}),
        (
            {"kind": "boss", "text": "市长"},
            {"kind": ["选择一个有效的选项。 boss 不在可用的选项中。"]},
        ),
        ({"kind": "leader", "text": "市长\x00"}, {"text": ["Null characters are not allowed."]}),
        (
            {"kind": "leader", "text": "市长\x1b"},
            {"text": ["文字中含有不可见的控制字符，请删除后重试。"]},
        ),
        ({"kind": "unit", "text": "市发改委🏛"}, {"text": ["这些字符无法印出：🏛"]}),
        (
            {"kind": "sector", "sector": "999999"},
            {"sector": ["选择一个有效的选项： 该选择不在可用的选项中。"]},
        ),
    ],
)
def test_participant_row_rules(plan, data, errors):
    expected = {field: [_(message) for message in messages] for field, messages in errors.items()}
    assert participant(plan, **data).errors == expected


def test_a_participant_row_drops_what_its_kind_does_not_use(plan, sector, member):
    form = participant(
        plan, kind="sector", sector=str(sector.pk), text="多余", members=[str(member.pk)]
    )
    assert form.is_valid()
    assert (form.cleaned_data["text"], form.cleaned_data["members"]) == ("", [])
    form = participant(plan, kind="unit", text="市发改委", sector=str(sector.pk))
    assert form.is_valid()
    assert (form.cleaned_data["text"], form.cleaned_data["sector"]) == ("市发改委", None)


def test_members_kind_takes_named_members_or_text(plan, member):
    assert participant(plan, kind="members", members=[str(member.pk)]).is_valid()
    assert participant(plan, kind="members", text="部分政协委员").is_valid()


def test_members_of_bodies_below_may_take_part_and_others_not(plan, tree, other_committee):
    below = MembershipFactory(committee=tree["county"]).member
    stranger = MembershipFactory(committee=other_committee).member
    assert participant(plan, kind="members", members=[str(below.pk)]).is_valid()
    assert participant(plan, kind="members", members=[str(stranger.pk)]).errors == {
        "members": [f"选择一个有效的选项。 {stranger.pk} 不在可用的选项中。"]
    }


def test_formset_rows_skip_blank_and_deleted_rows_and_keep_the_order(plan, sector):
    data = {
        "participants-TOTAL_FORMS": "5",
        "participants-INITIAL_FORMS": "0",
        "participants-0-kind": "experts",
        "participants-0-text": "智库专家",
        "participants-2-kind": "unit",
        "participants-2-text": "市发改委",
        "participants-2-DELETE": "on",
        "participants-3-kind": "sector",
        "participants-3-sector": str(sector.pk),
    }
    formset = participant_formset(data, activity=Activity(), plan=plan)
    assert formset.is_valid(), formset.errors
    assert formset.rows() == [
        ParticipantRow(kind="experts", text="智库专家"),
        ParticipantRow(kind="sector", sector=sector),
    ]


def test_formset_starts_with_the_saved_rows_and_blank_ones(section, member):
    activity = ActivityFactory(section=section, position=1)
    activity.participants.create(position=1, kind="unit", text="市发改委")
    activity.participants.create(position=2, kind="members").members.add(member)
    formset = participant_formset(None, activity=activity, plan=section.plan)
    assert [form.initial for form in formset.initial_forms] == [
        {"kind": "unit", "text": "市发改委", "sector": None, "members": []},
        {"kind": "members", "text": "", "sector": None, "members": [member.pk]},
    ]
    assert formset.total_form_count() == 5


def test_formset_refuses_too_many_rows(plan):
    data = {"participants-TOTAL_FORMS": "51", "participants-INITIAL_FORMS": "0"}
    for index in range(51):
        data[f"participants-{index}-kind"] = "experts"
        data[f"participants-{index}-text"] = f"专家{index}"
    formset = participant_formset(data, activity=Activity(), plan=plan)
    assert not formset.is_valid()
    assert formset.non_form_errors() == ["请最多提交 50 个表单。"]


def test_dates_are_shown_in_the_date_input_format(section, consultation):
    activity = ActivityFactory(
        section=section,
        position=1,
        schedule_kind="date",
        month=None,
        start_date=datetime.date(2026, 4, 19),
    )
    html = str(activity_form(section.plan, instance=activity)["start_date"])
    assert 'type="date"' in html
    assert 'value="2026-04-19"' in html
