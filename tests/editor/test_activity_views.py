"""Adding and changing activities through the client, with and without htmx."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.models import Activity, JointOrganizer, Participant
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommitteeFactory,
    JointOrganizerFactory,
    MemberFactory,
    MembershipFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
    SectorFactory,
    SpecialCommitteeFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def plan(committee):
    committee.short_name = "市政协"
    committee.save()
    return PlanFactory(committee=committee, year=2026, kind="consultation", title="2026年协商计划")


@pytest.fixture
def section(plan):
    return SectionFactory(plan=plan, position=1, heading="专题协商")


@pytest.fixture
def consultation():
    return ActivityTypeFactory(name="专题协商", content_label="协商内容")


@pytest.fixture
def research():
    return ActivityTypeFactory(name="重点调研", category="research", content_label="调研内容")


@pytest.fixture
def bodies(committee):
    """The research office and a special committee of committee A."""
    return [
        SpecialCommitteeFactory(parent=committee, name="调研室", kind="office", position=1),
        SpecialCommitteeFactory(parent=committee, name="农业和农村委员会", position=2),
    ]


@pytest.fixture
def member(committee):
    return MembershipFactory(
        committee=committee, member=MemberFactory(name="张明", sector=SectorFactory(name="经济界"))
    ).member


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def management(total=3, initial=0) -> dict:
    return {
        "participants-TOTAL_FORMS": str(total),
        "participants-INITIAL_FORMS": str(initial),
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "50",
    }


def post_data(activity_type, **fields) -> dict:
    """A complete, valid activity with no organizers and empty participant rows."""
    data = {
        "type": str(activity_type.pk),
        "topic": "推进乡村全面振兴",
        "content": "围绕农村人居环境整治开展协商。",
        "schedule_kind": "month",
        "month": "6",
        "status": "planned",
        "targets": "",
        **management(),
    }
    data.update(fields)
    return data


def counts() -> tuple[int, int, int]:
    return Activity.objects.count(), JointOrganizer.objects.count(), Participant.objects.count()


def create_url(section) -> str:
    return reverse("editor:activity_create", args=[section.pk])


# --- showing the form ----------------------------------------------------------------------


def test_create_form_for_htmx_is_the_form_alone(editor_client, section, consultation, research):
    response = editor_client.get(create_url(section), headers=HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith("<form")
    assert "<html" not in page
    assert f'<option value="{research.pk}" data-content-label="调研内容">重点调研</option>' in page
    assert 'data-schedule-kinds="date range"' in page
    assert "js/activity_form.js" in page
    assert response.context["form"].fields["content"].label == "内容"


def test_edit_form_shows_the_activity_with_its_type_label_and_printed_time(
    editor_client, section, research, member
):
    activity = ActivityFactory(section=section, position=1, type=research, topic="老旧小区改造")
    ParticipantFactory(activity=activity, position=1, kind="members", text="").members.add(member)
    response = editor_client.get(reverse("editor:activity_edit", args=[activity.pk]))
    page = response.content.decode()
    assert "<html" in page
    assert 'value="老旧小区改造"' in page
    assert response.context["form"].fields["content"].label == "调研内容"
    assert re.search(r'for="id_content" class="form-label">\s*调研内容\s*</label>', page)
    assert '<strong class="schedule-wording">6月</strong>' in page
    assert f'<option value="{member.pk}" selected>张明（经济界）</option>' in page


# --- saving --------------------------------------------------------------------------------


def test_create_with_htmx_returns_the_outline_with_the_new_activity(
    editor_client, section, consultation, bodies, member
):
    ActivityFactory(section=section, position=1, topic="已有活动")
    research_office, farm_committee = bodies
    data = post_data(
        consultation,
        lead_organizer=str(research_office.pk),
        joint_organizers=[str(farm_committee.pk)],
        **{
            **management(total=4),
            "participants-0-kind": "leader",
            "participants-0-text": "市政府分管副市长",
            "participants-1-kind": "unit",
            "participants-1-text": "市农业农村局",
            "participants-2-kind": "members",
            "participants-2-members": [str(member.pk)],
        },
    )
    response = editor_client.post(create_url(section), data, headers=HTMX)

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="outline"')
    assert "推进乡村全面振兴" in page
    assert "参加人员：</span>市政府分管副市长、市农业农村局等单位负责同志，张明委员" in page
    assert "组织实施：</span>由市政协调研室、农业和农村委员会联合组织实施" in page
    activity = Activity.objects.get(topic="推进乡村全面振兴")
    assert activity.position == 2
    assert activity.lead_organizer == research_office
    assert list(activity.joint_organizer_rows.values_list("committee_id", "position")) == [
        (farm_committee.pk, 1)
    ]
    assert list(activity.participants.values_list("position", "kind", "text")) == [
        (1, "leader", "市政府分管副市长"),
        (2, "unit", "市农业农村局"),
        (3, "members", ""),
    ]
    assert list(activity.participants.get(position=3).members.all()) == [member]


def test_create_without_htmx_redirects_to_the_plan(editor_client, section, consultation, plan):
    response = editor_client.post(create_url(section), post_data(consultation))
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == f"{plan.get_absolute_url()}#activity-{activity.pk}"
    assert (activity.topic, activity.month, activity.position) == ("推进乡村全面振兴", 6, 1)


def test_edit_replaces_organizers_and_participants_in_the_order_given(
    editor_client, section, consultation, bodies, plan
):
    research_office, farm_committee = bodies
    activity = ActivityFactory(section=section, position=1, type=consultation, topic="旧议题")
    JointOrganizerFactory(activity=activity, committee=research_office, position=1)
    ParticipantFactory(activity=activity, position=1, kind="unit", text="市发改委")
    ParticipantFactory(activity=activity, position=2, kind="experts", text="智库专家")
    data = post_data(
        consultation,
        topic="新议题",
        joint_organizers=[str(farm_committee.pk), str(research_office.pk)],
        **{
            **management(total=4, initial=2),
            "participants-0-kind": "unit",
            "participants-0-text": "市发改委",
            "participants-0-DELETE": "on",
            "participants-1-kind": "experts",
            "participants-1-text": "智库专家",
            "participants-2-kind": "parties",
            "participants-2-text": "民主党派、工商联",
        },
    )
    url = reverse("editor:activity_edit", args=[activity.pk])
    # The version the form was shown with (editor.conflicts, tests/editor/test_conflicts.py).
    data["version"] = editor_client.get(url).context["edit"].token
    response = editor_client.post(url, data)

    assert response.url == f"{plan.get_absolute_url()}#activity-{activity.pk}"
    activity.refresh_from_db()
    assert activity.topic == "新议题"
    assert activity.position == 1
    assert list(activity.joint_organizer_rows.values_list("committee_id", "position")) == [
        (farm_committee.pk, 1),
        (research_office.pk, 2),
    ]
    assert list(activity.participants.values_list("position", "kind", "text")) == [
        (1, "experts", "智库专家"),
        (2, "parties", "民主党派、工商联"),
    ]


def test_save_and_add_more_rows_reopens_the_edit_form(editor_client, section, consultation):
    response = editor_client.post(create_url(section), post_data(consultation, more_rows="1"))
    activity = Activity.objects.get()
    assert response.url == reverse("editor:activity_edit", args=[activity.pk])
    form_page = editor_client.get(response.url)
    assert form_page.context["participants"].total_form_count() == 3


def test_save_and_add_more_rows_with_htmx_redirects_the_browser(
    editor_client, section, consultation
):
    response = editor_client.post(
        create_url(section), post_data(consultation, more_rows="1"), headers=HTMX
    )
    activity = Activity.objects.get()
    assert response["HX-Redirect"] == reverse("editor:activity_edit", args=[activity.pk])


SCHEDULES = [
    ({"schedule_kind": "none"}, ""),
    ({"schedule_kind": "month", "month": "6"}, "6月"),
    ({"schedule_kind": "months", "month": "3", "end_month": "5"}, "3月至5月"),
    ({"schedule_kind": "date", "start_date": "2026-04-19"}, "4月19日"),
    (
        {"schedule_kind": "range", "start_date": "2026-04-19", "end_date": "2026-04-24"},
        "4月19日至24日",
    ),
    ({"schedule_kind": "quarter", "quarter": "2"}, "第二季度"),
    ({"schedule_kind": "half", "half": "2"}, "下半年"),
    ({"schedule_kind": "year"}, "全年"),
    ({"schedule_kind": "recurring", "recurrence": "quarterly"}, "每季度"),
    ({"schedule_kind": "event", "event": "市政协十四届二次全会期间"}, "市政协十四届二次全会期间"),
]


@pytest.mark.parametrize(
    ("schedule", "wording"), SCHEDULES, ids=[w or "none" for _schedule, w in SCHEDULES]
)
def test_every_schedule_kind_saves_and_prints_its_wording(
    editor_client, section, consultation, schedule, wording
):
    response = editor_client.post(
        create_url(section), post_data(consultation, **{"month": "", **schedule}), headers=HTMX
    )
    activity = Activity.objects.get()
    assert activity.schedule_kind == schedule["schedule_kind"]
    assert activity.schedule_wording() == wording
    page = response.content.decode()
    if wording:
        assert f'<span class="field-label">时间安排：</span>{wording}</p>' in page
    else:
        assert '<span class="field-label">时间安排：' not in page


def test_stale_values_of_another_schedule_kind_are_not_saved(editor_client, section, consultation):
    data = post_data(
        consultation,
        schedule_kind="quarter",
        quarter="3",
        month="13",
        end_month="2",
        start_date="2026-02-30",
        event="旧的会议",
        recurrence="weekly",
    )
    editor_client.post(create_url(section), data)
    saved = Activity.objects.values(
        "schedule_kind", "quarter", "month", "end_month", "start_date", "event", "recurrence"
    ).get()
    assert saved == {
        "schedule_kind": "quarter",
        "quarter": 3,
        "month": None,
        "end_month": None,
        "start_date": None,
        "event": "",
        "recurrence": "",
    }


def test_script_in_a_topic_is_stored_as_typed_and_shown_escaped(
    editor_client, section, consultation
):
    topic = "<script>alert(1)</script>"
    response = editor_client.post(
        create_url(section), post_data(consultation, topic=topic, content="<b>粗</b>"), headers=HTMX
    )
    assert Activity.objects.get().topic == topic
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;粗&lt;/b&gt;" in page


def test_sql_looking_text_is_accepted(editor_client, section, consultation):
    topic = "乡村振兴'; DROP TABLE activities_activity; --"
    editor_client.post(create_url(section), post_data(consultation, topic=topic))
    assert Activity.objects.get().topic == topic


def test_a_participant_that_cannot_be_printed_is_refused(editor_client, section, consultation):
    data = post_data(
        consultation, **{"participants-0-kind": "unit", "participants-0-text": "市发改委🏛"}
    )
    response = editor_client.post(create_url(section), data)
    assert response.status_code == 200
    assert response.context["participants"].forms[0].errors == {"text": ["这些字符无法印出：🏛"]}
    assert counts() == (0, 0, 0)


# --- the schedule preview -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "wording"), SCHEDULES[1:], ids=[w for _schedule, w in SCHEDULES[1:]]
)
def test_schedule_preview_prints_the_wording(editor_client, section, schedule, wording):
    response = editor_client.get(
        reverse("editor:activity_schedule_preview", args=[section.pk]), schedule, headers=HTMX
    )
    assert response.content.decode() == (
        f'{_("Printed as:")} <strong class="schedule-wording">{wording}</strong>'
    )


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ({"schedule_kind": "month"}, "请选择月份。"),
        ({"schedule_kind": "months", "month": "5", "end_month": "4"}, "截止月份必须晚于起始月份。"),
        ({"schedule_kind": "date", "start_date": "2026-02-30"}, "输入一个有效的日期。"),
        (
            {"schedule_kind": "range", "start_date": "2026-04-24", "end_date": "2026-04-19"},
            "结束日期不能早于开始日期。",
        ),
        ({"schedule_kind": "sometime"}, "选择一个有效的选项。 sometime 不在可用的选项中。"),
    ],
)
def test_schedule_preview_says_what_is_wrong(editor_client, section, schedule, message):
    response = editor_client.get(
        reverse("editor:activity_schedule_preview", args=[section.pk]), schedule, headers=HTMX
    )
    assert response.content.decode() == f'<span class="text-danger">{message}</span>'


def test_schedule_preview_escapes_the_event(editor_client, section):
    response = editor_client.get(
        reverse("editor:activity_schedule_preview", args=[section.pk]),
        {"schedule_kind": "event", "event": "<i>全会</i>期间"},
    )
    assert "&lt;i&gt;全会&lt;/i&gt;期间" in response.content.decode()


def test_schedule_preview_checks_the_year_against_the_plan(editor_client, section):
    response = editor_client.get(
        reverse("editor:activity_schedule_preview", args=[section.pk]),
        {"schedule_kind": "date", "start_date": "2030-05-01"},
    )
    message = _("The year must be from %(first)s to %(last)s: the plan is for %(year)s.") % {
        "first": 2025,
        "last": 2027,
        "year": 2026,
    }
    assert response.content.decode() == f'<span class="text-danger">{message}</span>'


# --- rejected forms --------------------------------------------------------------------------


def test_rejected_htmx_post_replaces_the_form_and_keeps_what_was_typed(
    editor_client, section, consultation
):
    data = post_data(
        consultation, topic="", content="保留这段内容", schedule_kind="month", month=""
    )
    response = editor_client.post(create_url(section), data, headers=HTMX)
    assert response["HX-Retarget"] == "this"
    assert response["HX-Reswap"] == "outerHTML"
    page = response.content.decode()
    assert page.lstrip().startswith("<form")
    assert "这个字段是必填项。" in page
    assert "请选择月份。" in page
    assert "保留这段内容</textarea>" in page
    assert _("The activity was not saved. Please correct the marked fields.") in page
    assert Activity.objects.count() == 0


def test_rejected_post_without_htmx_shows_the_page_with_typed_values(
    editor_client, section, consultation
):
    data = post_data(consultation, topic="乡村振兴", schedule_kind="date", start_date="2026-02-30")
    response = editor_client.post(create_url(section), data)
    page = response.content.decode()
    assert "<html" in page
    assert 'value="乡村振兴"' in page
    assert 'value="2026-02-30"' in page
    assert "输入一个有效的日期。" in page
    assert response.context["form"].errors["start_date"][0] == "输入一个有效的日期。"


def other_committee_ids(other_committee):
    body = SpecialCommitteeFactory(parent=other_committee, name="乙市调研室")
    member = MembershipFactory(committee=other_committee).member
    return body, member


BAD_INPUT = [
    ("empty topic", {"topic": ""}, "topic", "这个字段是必填项。"),
    ("blank topic", {"topic": "   "}, "topic", "这个字段是必填项。"),
    (
        "topic of 201",
        {"topic": "议" * 201},
        "topic",
        "确保该变量包含不超过 200 字符 (目前字符数 201)。",
    ),
    (
        "control character",
        {"topic": "议题\x07"},
        "topic",
        "文字中含有不可见的控制字符，请删除后重试。",
    ),
    (
        "impossible date",
        {"schedule_kind": "date", "start_date": "2026-02-30"},
        "start_date",
        "输入一个有效的日期。",
    ),
    (
        "not a date",
        {"schedule_kind": "date", "start_date": "明天"},
        "start_date",
        "输入一个有效的日期。",
    ),
    ("month 13", {"month": "13"}, "month", "选择一个有效的选项。 13 不在可用的选项中。"),
    ("month -1", {"month": "-1"}, "month", "选择一个有效的选项。 -1 不在可用的选项中。"),
    (
        "end before start",
        {"schedule_kind": "range", "start_date": "2026-04-24", "end_date": "2026-04-19"},
        "end_date",
        "结束日期不能早于开始日期。",
    ),
    (
        "months backwards",
        {"schedule_kind": "months", "month": "9", "end_month": "3"},
        "end_month",
        "截止月份必须晚于起始月份。",
    ),
    ("unknown kind", {"schedule_kind": "soon"}, "schedule_kind", None),
    ("unknown status", {"status": "lost"}, "status", None),
    ("unknown type", {"type": "999999"}, "type", "选择一个有效的选项： 该选择不在可用的选项中。"),
    ("event missing", {"schedule_kind": "event", "month": ""}, "event", None),
    # No shipped font has them: they would print as boxes (core.glyphs).
    ("emoji in the topic", {"topic": "乡村振兴🌾"}, "topic", "这些字符无法印出：🌾"),
    ("emoji in the content", {"content": "开展协商🎉🎉"}, "content", "这些字符无法印出：🎉"),
    (
        "emoji in the event",
        {"schedule_kind": "event", "event": "全会期间🎉"},
        "event",
        "这些字符无法印出：🎉",
    ),
]


@pytest.mark.parametrize(
    ("field_data", "field", "message"),
    [row[1:] for row in BAD_INPUT],
    ids=[row[0] for row in BAD_INPUT],
)
def test_bad_input_is_explained_and_changes_nothing(
    editor_client, section, consultation, field_data, field, message
):
    activity = ActivityFactory(section=section, position=1, topic="原议题")
    before = counts()
    response = editor_client.post(
        reverse("editor:activity_edit", args=[activity.pk]), post_data(consultation, **field_data)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in errors[field]
    assert counts() == before
    activity.refresh_from_db()
    assert (activity.topic, activity.month) == ("原议题", 6)


def test_a_year_far_from_the_plan_is_refused(editor_client, section, consultation):
    response = editor_client.post(
        create_url(section), post_data(consultation, schedule_kind="date", start_date="2062-04-19")
    )
    assert response.context["form"].errors["start_date"] == [
        _("The year must be from %(first)s to %(last)s: the plan is for %(year)s.")
        % {"first": 2025, "last": 2027, "year": 2026}
    ]
    assert counts() == (0, 0, 0)


def test_organizer_of_another_committee_is_refused(
    editor_client, section, consultation, other_committee
):
    outside = SpecialCommitteeFactory(parent=other_committee, name="乙市调研室")
    for field in ({"lead_organizer": str(outside.pk)}, {"joint_organizers": [str(outside.pk)]}):
        response = editor_client.post(create_url(section), post_data(consultation, **field))
        name = next(iter(field))
        assert response.context["form"].errors[name][0].startswith("选择一个有效的选项")
    assert counts() == (0, 0, 0)


def test_lead_organizer_cannot_also_be_joint(editor_client, section, consultation, bodies):
    body = bodies[0]
    response = editor_client.post(
        create_url(section),
        post_data(consultation, lead_organizer=str(body.pk), joint_organizers=[str(body.pk)]),
    )
    assert response.context["form"].errors["joint_organizers"] == [
        _("The lead organizer cannot also be a joint organizer.")
    ]
    assert counts() == (0, 0, 0)


def test_member_of_another_committee_is_refused(
    editor_client, section, consultation, other_committee, member
):
    stranger = MembershipFactory(committee=other_committee).member
    data = post_data(
        consultation,
        **{"participants-0-kind": "members", "participants-0-members": [str(stranger.pk)]},
    )
    response = editor_client.post(create_url(section), data)
    row = response.context["participants"].forms[0]
    assert row.errors["members"] == [f"选择一个有效的选项。 {stranger.pk} 不在可用的选项中。"]
    assert counts() == (0, 0, 0)


def test_tampered_participant_count_is_refused(editor_client, section, consultation):
    data = post_data(consultation, **management(total=5000))
    response = editor_client.post(create_url(section), data)
    assert response.context["participants"].non_form_errors()
    assert counts() == (0, 0, 0)


def test_missing_participant_management_data_is_explained(editor_client, section, consultation):
    data = post_data(consultation)
    del data["participants-TOTAL_FORMS"]
    response = editor_client.post(create_url(section), data)
    assert response.context["participants"].non_form_errors()
    assert counts() == (0, 0, 0)


# --- who may do what -------------------------------------------------------------------------


@pytest.fixture
def activity(section):
    return ActivityFactory(section=section, position=1, topic="原议题")


@pytest.mark.parametrize("persona", ["leader", "viewer"])
def test_readers_may_not_add_or_edit(client, request, section, activity, consultation, persona):
    client.force_login(request.getfixturevalue(persona))
    before = counts()
    for url in (create_url(section), reverse("editor:activity_edit", args=[activity.pk])):
        assert client.get(url).status_code == 403
        assert client.post(url, post_data(consultation, topic="改了")).status_code == 403
    assert counts() == before
    activity.refresh_from_db()
    assert activity.topic == "原议题"


def test_outsider_gets_not_found(client, outsider, section, activity, consultation):
    client.force_login(outsider)
    urls = [
        create_url(section),
        reverse("editor:activity_edit", args=[activity.pk]),
        reverse("editor:activity_schedule_preview", args=[section.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(urls[1], post_data(consultation, topic="改了")).status_code == 404
    activity.refresh_from_db()
    assert activity.topic == "原议题"


def test_anonymous_visitor_is_sent_to_log_in(client, section, activity):
    urls = [
        create_url(section),
        reverse("editor:activity_edit", args=[activity.pk]),
        reverse("editor:activity_schedule_preview", args=[section.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.url == f"{reverse('login')}?next={url}"


def test_readers_may_preview_a_schedule_and_nobody_may_post_to_it(client, viewer, section):
    client.force_login(viewer)
    url = reverse("editor:activity_schedule_preview", args=[section.pk])
    assert b"6\xe6\x9c\x88" in client.get(url, {"schedule_kind": "month", "month": "6"}).content
    assert client.post(url, {"schedule_kind": "month"}).status_code == 405


def test_a_section_of_another_committee_cannot_take_activities(
    editor_client, consultation, other_committee
):
    foreign = SectionFactory(plan=PlanFactory(committee=other_committee))
    response = editor_client.post(create_url(foreign), post_data(consultation))
    assert response.status_code == 404
    assert counts() == (0, 0, 0)


def test_lower_bodies_count_as_organizers(editor_client, section, consultation, committee):
    county = CommitteeFactory(name="政协丙县委员会", short_name="县政协", parent=committee)
    editor_client.post(create_url(section), post_data(consultation, lead_organizer=str(county.pk)))
    assert Activity.objects.get().lead_organizer == county


def test_dates_near_the_plan_year_are_accepted(editor_client, section, consultation):
    editor_client.post(
        create_url(section),
        post_data(
            consultation, schedule_kind="range", start_date="2026-12-28", end_date="2027-01-03"
        ),
    )
    activity = Activity.objects.get()
    assert (activity.start_date, activity.end_date) == (
        datetime.date(2026, 12, 28),
        datetime.date(2027, 1, 3),
    )
    assert activity.schedule_wording() == "2026年12月28日至2027年1月3日"


@pytest.mark.parametrize("kind", ["activity", "section"])
def test_a_form_opened_as_a_whole_page_posts_as_a_plain_form(editor_client, section, kind):
    # The whole page has no outline to swap into: with htmx attributes the
    # browser would post nowhere. In the editor (htmx) the form swaps the outline.
    if kind == "activity":
        url = reverse(
            "editor:activity_edit", args=[ActivityFactory(section=section, position=1).pk]
        )
    else:
        url = reverse("editor:section_edit", args=[section.pk])

    page = editor_client.get(url).content.decode()
    fragment = editor_client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'method="post"' in page
    assert 'hx-target="#outline"' not in page
    assert 'hx-target="#outline"' in fragment
