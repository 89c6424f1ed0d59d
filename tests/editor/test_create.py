"""Starting a plan: blank, from the skeleton of its kind, or as a copy of an earlier plan."""

import datetime

import pytest
from django.core import serializers
from django.urls import reverse

from activities.models import Activity, JointOrganizer, Participant
from activities.selectors import plan_outline
from importing.services import ACTIVITY_COPIED_FIELDS, ACTIVITY_RESET_FIELDS, copy_plan, move_date
from organisation.models import StaffRole
from plans.models import Plan, Section
from plans.services import create_plan
from plans.skeletons import SKELETONS
from plans.text import plan_as_text
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommitteeFactory,
    JointOrganizerFactory,
    MemberFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
    SectorFactory,
    SpecialCommitteeFactory,
    StaffRoleFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("editor:create")
SOURCE_TITLE = "政协甲市委员会2024年度协商工作计划"


def outline_rows(plan) -> list[tuple]:
    """Every section as (depth, position, heading, lead phrase, show_count), in printed order."""
    rows = []

    def walk(nodes, depth):
        for node in nodes:
            section = node.section
            rows.append(
                (depth, section.position, section.heading, section.lead_phrase, section.show_count)
            )
            walk(node.children, depth + 1)

    walk(plan_outline(plan), 0)
    return rows


def text_of(plan) -> str:
    return plan_as_text(plan, plan_outline(plan))


def dump(plan) -> str:
    """The plan and everything in it, as dumpdata would write it."""
    activities = Activity.objects.filter(section__plan=plan)
    return serializers.serialize(
        "json",
        [
            *Plan.objects.filter(pk=plan.pk),
            *Section.objects.filter(plan=plan).order_by("pk"),
            *activities.order_by("pk"),
            *JointOrganizer.objects.filter(activity__in=activities).order_by("pk"),
            *Participant.objects.filter(activity__in=activities).order_by("pk"),
        ],
    )


@pytest.fixture
def source(committee):
    """A 2024 consultation plan, issued, half carried out, with a leap day in it."""
    plan = PlanFactory(
        committee=committee,
        year=2024,
        kind=Plan.Kind.CONSULTATION,
        title=SOURCE_TITLE,
        document_number="甲政协〔2024〕3号",
        issue_date=datetime.date(2024, 1, 10),
        status=Plan.Status.ISSUED,
        preamble="为做好全年协商工作，制定本计划。\n第二段。",
    )
    SectionFactory(plan=plan, position=1, heading="指导思想", body="坚持团结和民主两大主题。")
    principles = SectionFactory(plan=plan, position=2, heading="基本原则")
    SectionFactory(
        plan=plan,
        parent=principles,
        position=1,
        heading="",
        lead_phrase="围绕中心，服务大局。",
        body="聚焦中心任务。",
    )
    arrangements = SectionFactory(plan=plan, position=3, heading="协商安排")
    special = SectionFactory(
        plan=plan, parent=arrangements, position=1, heading="专题协商", show_count=True
    )
    research = SectionFactory(
        plan=plan, parent=arrangements, position=2, heading="重点调研", show_count=True
    )
    economy = SpecialCommitteeFactory(parent=committee, name="经济委员会")
    farming = SpecialCommitteeFactory(parent=committee, name="农业和农村委员会")
    office = SpecialCommitteeFactory(parent=committee, name="调研室")
    inspection = ActivityTypeFactory(name="重点调研", category="research", content_label="调研内容")

    first = ActivityFactory(
        section=special,
        position=1,
        topic="加快乡村振兴步伐",
        content="围绕现代农业产业发展开展协商。",
        schedule_kind="month",
        month=6,
        lead_organizer=office,
        targets="全年不少于两次",
        status=Activity.Status.DONE,
    )
    JointOrganizerFactory(activity=first, committee=farming, position=1)
    JointOrganizerFactory(activity=first, committee=economy, position=2)
    ParticipantFactory(activity=first, position=1, kind="leader", text="市政府分管副市长")
    ParticipantFactory(activity=first, position=2, kind="unit", text="市发改委")
    ParticipantFactory(activity=first, position=3, kind="sector", text="", sector=SectorFactory())
    members = ParticipantFactory(activity=first, position=4, kind="members", text="")
    members.members.set([MemberFactory(name="张三"), MemberFactory(name="李四")])
    ActivityFactory(
        section=special,
        position=2,
        topic="闰日开始的协商",
        schedule_kind="range",
        month=None,
        start_date=datetime.date(2024, 2, 29),
        end_date=datetime.date(2024, 3, 2),
        status=Activity.Status.CANCELLED,
    )
    ActivityFactory(
        section=research,
        position=1,
        type=inspection,
        topic="闰日当天的调研",
        schedule_kind="date",
        month=None,
        start_date=datetime.date(2024, 2, 29),
        status=Activity.Status.UNDER_WAY,
    )
    ActivityFactory(
        section=research,
        position=2,
        type=inspection,
        topic="四月的调研",
        schedule_kind="range",
        month=None,
        start_date=datetime.date(2024, 4, 19),
        end_date=datetime.date(2024, 4, 24),
        status=Activity.Status.POSTPONED,
    )
    return plan


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def form_data(committee, **changes) -> dict:
    data = {
        "start": "blank",
        "committee": committee.pk,
        "year": "2027",
        "kind": "key_points",
        "title": "2027年工作要点",
    }
    return {**data, **changes}


# --- blank and skeleton -------------------------------------------------------------


def test_a_blank_plan_has_no_sections(editor_client, committee):
    response = editor_client.post(URL, form_data(committee))
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert (plan.committee, plan.year, plan.kind, plan.title, plan.status) == (
        committee,
        2027,
        "key_points",
        "2027年工作要点",
        "draft",
    )
    assert list(plan.sections.all()) == []


def test_a_consultation_skeleton_has_the_usual_parts_in_order(editor_client, committee):
    editor_client.post(
        URL, form_data(committee, start="skeleton", kind="consultation", title="2027年协商计划")
    )
    plan = Plan.objects.get()
    forms = [
        "全体会议协商",
        "专题议政性常委会议协商",
        "双月协商座谈会协商",
        "专题协商",
        "界别协商",
        "对口协商",
        "提案办理协商",
        "重点调研",
        "重点视察",
    ]
    assert outline_rows(plan) == [
        (0, 1, "指导思想", "", False),
        (0, 2, "基本原则", "", False),
        (1, 1, "", "坚持党的领导，把准政治方向。", False),
        (1, 2, "", "围绕中心工作，服务发展大局。", False),
        (1, 3, "", "拓展协商形式，广泛凝聚共识。", False),
        (1, 4, "", "注重协商质量，务求取得实效。", False),
        (0, 3, "协商安排", "", False),
        *[(1, position, heading, "", True) for position, heading in enumerate(forms, 1)],
        (0, 4, "措施保障", "", False),
        (1, 1, "", "加强组织领导，压实工作责任。", False),
        (1, 2, "", "坚持先调研后协商，打牢协商基础。", False),
        (1, 3, "", "抓好成果转化，跟踪督促落实。", False),
        (1, 4, "", "严守纪律规矩，改进调研作风。", False),
    ]
    # Printed, each counted group carries its count: (0个) until activities are added.
    assert "（一）全体会议协商（0个）" in text_of(plan)


def test_a_key_points_skeleton_has_five_parts(committee):
    plan = create_plan(
        committee=committee, year=2027, kind="key_points", title="2027年工作要点", skeleton=True
    )
    assert outline_rows(plan) == [
        (0, 1, "坚持党的全面领导，筑牢共同思想政治基础", "", False),
        (0, 2, "聚焦中心大局，高质量协商议政", "", False),
        (0, 3, "突出监督重点，助推决策部署落实", "", False),
        (0, 4, "广泛团结联谊，凝聚奋进合力", "", False),
        (0, 5, "加强自身建设，提升履职能力", "", False),
    ]


@pytest.mark.parametrize("kind", Plan.Kind.values)
def test_every_kind_has_a_skeleton_that_saves(committee, kind):
    plan = create_plan(committee=committee, year=2027, kind=kind, title="计划", skeleton=True)
    parts = SKELETONS[kind]
    expected = len(parts) + sum(len(part.children) for part in parts)
    assert plan.sections.count() == expected
    assert [row[2] for row in outline_rows(plan) if row[0] == 0] == [p.heading for p in parts]


def test_a_project_plan_skeleton_counts_its_categories(committee):
    plan = create_plan(
        committee=committee, year=2027, kind="project_plan", title="项目计划书", skeleton=True
    )
    counted = [row[2] for row in outline_rows(plan) if row[4]]
    assert counted == [
        "平台建设类项目",
        "调研履职类项目",
        "民主监督类项目",
        "团结联谊类项目",
        "自身建设类项目",
    ]


# --- copying --------------------------------------------------------------------------


def copy_2025(source):
    return copy_plan(
        source=source,
        committee=source.committee,
        year=2025,
        title="政协甲市委员会2025年度协商工作计划",
        kind=source.kind,
    )


def test_a_copy_prints_like_the_source_with_the_year_moved(source):
    expected = (
        text_of(source)
        .replace("甲政协〔2024〕3号\n", "")
        .replace("2024", "2025")
        # 2025 has no 29 February.
        .replace("2月29日", "2月28日")
    )
    copy = copy_2025(source)
    assert text_of(copy) == expected
    assert outline_rows(copy) == outline_rows(source)


def test_a_copy_is_a_fresh_draft(source):
    copy = copy_2025(source)
    assert (copy.status, copy.document_number, copy.issue_date, copy.preamble) == (
        "draft",
        "",
        None,
        "为做好全年协商工作，制定本计划。\n第二段。",
    )


def test_a_copy_moves_dates_and_resets_statuses(source):
    copy = copy_2025(source)
    rows = Activity.objects.filter(section__plan=copy).order_by("section__position", "position")
    got = {
        row.topic: (row.start_date, row.end_date, row.first_month, row.last_month, row.status)
        for row in rows
    }
    day = datetime.date
    assert got == {
        "加快乡村振兴步伐": (None, None, 6, 6, "planned"),
        # A range starting on the leap day keeps its two days.
        "闰日开始的协商": (day(2025, 2, 28), day(2025, 3, 2), 2, 3, "planned"),
        "闰日当天的调研": (day(2025, 2, 28), None, 2, 2, "planned"),
        "四月的调研": (day(2025, 4, 19), day(2025, 4, 24), 4, 4, "planned"),
    }


def test_a_copy_keeps_every_other_activity_field(source):
    copy = copy_2025(source)

    def fields(plan):
        rows = Activity.objects.filter(section__plan=plan).order_by("section_id", "position")
        return [[getattr(row, name) for name in ACTIVITY_COPIED_FIELDS] for row in rows]

    assert fields(copy) == fields(source)
    assert len(fields(copy)) == 4


def test_every_activity_field_is_either_copied_or_reset():
    """A new field on Activity must be sorted into one list or the other."""
    names = {field.attname for field in Activity._meta.concrete_fields}
    assert names == {*ACTIVITY_COPIED_FIELDS, *ACTIVITY_RESET_FIELDS}


def test_a_copy_has_the_organizers_and_participants_in_order(source):
    copy = copy_2025(source)
    activity = Activity.objects.get(section__plan=copy, topic="加快乡村振兴步伐")
    assert list(activity.joint_organizer_rows.values_list("position", "committee__name")) == [
        (1, "农业和农村委员会"),
        (2, "经济委员会"),
    ]
    participants = activity.participants.order_by("position")
    assert [(row.position, row.kind, row.text) for row in participants] == [
        (1, "leader", "市政府分管副市长"),
        (2, "unit", "市发改委"),
        (3, "sector", ""),
        (4, "members", ""),
    ]
    original = Activity.objects.get(section__plan=source, topic="加快乡村振兴步伐")
    assert participants[2].sector == original.participants.get(position=3).sector
    assert sorted(participants[3].members.values_list("name", flat=True)) == ["张三", "李四"]
    assert activity.participants_wording() == original.participants_wording()
    assert activity.organizers_wording() == original.organizers_wording()


def test_copying_leaves_the_source_untouched(source):
    before = dump(source)
    copy_2025(source)
    assert dump(source) == before
    assert Plan.objects.count() == 2
    assert Activity.objects.count() == 8


@pytest.mark.parametrize(
    ("day", "years", "moved"),
    [
        (datetime.date(2024, 2, 29), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 29), 4, datetime.date(2028, 2, 29)),
        (datetime.date(2024, 2, 29), -1, datetime.date(2023, 2, 28)),
        (datetime.date(2026, 12, 31), 1, datetime.date(2027, 12, 31)),
        (None, 1, None),
    ],
)
def test_move_date(day, years, moved):
    assert move_date(day, years) == moved


def plan_of_size(committee, activity_count: int) -> Plan:
    """Two parts with a group each; every activity has a joint organizer and participants."""
    plan = PlanFactory(committee=committee, year=2026)
    joint = SpecialCommitteeFactory(parent=committee)
    member = MemberFactory()
    groups = []
    for position in (1, 2):
        part = SectionFactory(plan=plan, position=position)
        groups.append(SectionFactory(plan=plan, parent=part, position=1))
    for index in range(activity_count):
        activity = ActivityFactory(section=groups[index % 2], position=index + 1)
        JointOrganizerFactory(activity=activity, committee=joint, position=1)
        ParticipantFactory(activity=activity, position=1)
        ParticipantFactory(activity=activity, position=2, kind="members", text="")
        activity.participants.get(position=2).members.add(member)
    return plan


# 1. savepoint  2. the committee exists (full_clean)  3–14. the plan's four check
# constraints (full_clean), each a SELECT inside its own savepoint  15. insert the plan
# 16. its history record  17–21. the source's activities, joint organizers, participants,
# participant members and sections  22–23. insert level-1 sections and their
# history  24–25. level-2 sections and history  26–27. activities and history
# 28–29. joint organizers and history  30–31. participants and history  32–33.
# participant members and history  34. release savepoint
COPY_QUERIES = 34


@pytest.mark.parametrize("activity_count", [5, 50])
def test_copy_queries_do_not_grow_with_activities(
    committee, django_assert_num_queries, activity_count
):
    source = plan_of_size(committee, activity_count)
    with django_assert_num_queries(COPY_QUERIES):
        copy = copy_plan(
            source=source, committee=committee, year=2027, title="2027年计划", kind=source.kind
        )
    assert Activity.objects.filter(section__plan=copy).count() == activity_count
    assert Participant.members.through.objects.filter(
        participant__activity__section__plan=copy
    ).count() == (activity_count)


# --- copying through the form ------------------------------------------------------------


def test_copy_through_the_form_takes_kind_and_title_from_the_source(editor_client, source):
    data = form_data(source.committee, start="copy", source=source.pk, kind="", title="")
    response = editor_client.post(URL, data)
    copy = Plan.objects.exclude(pk=source.pk).get()
    assert response.url == copy.get_absolute_url()
    assert (copy.kind, copy.title, copy.year) == (
        "consultation",
        "政协甲市委员会2027年度协商工作计划",
        2027,
    )
    assert Activity.objects.filter(section__plan=copy).count() == 4


def test_a_title_and_kind_typed_in_win_over_the_source(editor_client, source):
    data = form_data(source.committee, start="copy", source=source.pk, kind="work_plan")
    editor_client.post(URL, {**data, "title": "新的标题"})
    copy = Plan.objects.exclude(pk=source.pk).get()
    assert (copy.kind, copy.title) == ("work_plan", "新的标题")


def test_the_source_choices_name_committee_year_and_title(editor_client, source, other_committee):
    PlanFactory(committee=other_committee, title="别人的计划")
    form = editor_client.get(URL).context["form"]
    assert [label for value, label in form.fields["source"].choices if value] == [
        f"政协甲市委员会 · 2024 · {SOURCE_TITLE}"
    ]


def test_copy_without_a_source_is_refused(editor_client, committee):
    response = editor_client.post(URL, form_data(committee, start="copy"))
    assert response.context["form"].errors == {"source": ["这个字段是必填项。"]}
    assert Plan.objects.count() == 0


# --- who may start a plan --------------------------------------------------------------


@pytest.mark.parametrize("persona", ["viewer", "leader"])
def test_readers_may_not_start_a_plan(client, request, committee, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(committee)).status_code == 403
    assert Plan.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client, committee):
    response = client.post(URL, form_data(committee))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"
    assert Plan.objects.count() == 0


def test_an_editor_cannot_start_a_plan_for_another_committee(editor_client, other_committee):
    response = editor_client.post(URL, form_data(other_committee))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "committee": ["选择一个有效的选项： 该选择不在可用的选项中。"]
    }
    assert Plan.objects.count() == 0


def test_an_editor_cannot_copy_a_plan_of_another_committee(editor_client, committee, source):
    foreign = PlanFactory(committee=SpecialCommitteeFactory().parent, title="别人的计划")
    before = Plan.objects.count()
    for tampered in (foreign.pk, 999_999, "abc"):
        data = form_data(committee, start="copy", source=tampered)
        response = editor_client.post(URL, data)
        assert response.context["form"].errors == {
            "source": ["选择一个有效的选项： 该选择不在可用的选项中。"]
        }
    assert Plan.objects.count() == before


# --- the usual title, the year being planned, a second plan ------------------------------


@pytest.mark.parametrize("title", ["", "   "])
def test_an_empty_title_becomes_the_usual_one_of_the_committee_and_kind(
    editor_client, committee, title
):
    editor_client.post(URL, form_data(committee, title=title))
    assert Plan.objects.get().title == "政协甲市委员会2027年工作要点"


def test_a_copy_without_a_title_takes_the_usual_one_not_the_old_year_s(editor_client, source):
    source.title = "市政协2024年协商计划（修订）"
    source.save()
    data = form_data(source.committee, start="copy", source=source.pk, kind="", title="")
    editor_client.post(URL, data)
    copy = Plan.objects.exclude(pk=source.pk).get()
    assert copy.title == "政协甲市委员会2027年度协商工作计划"


@pytest.mark.parametrize(
    ("today", "year"),
    [(datetime.date(2026, 12, 7), 2027), (datetime.date(2027, 2, 1), 2027)],
)
def test_the_form_offers_the_only_committee_and_the_year_being_planned(
    editor_client, committee, monkeypatch, today, year
):
    monkeypatch.setattr("editor.forms.timezone.localdate", lambda: today)
    form = editor_client.get(URL).context["form"]
    assert form["committee"].value() == committee.pk
    assert form["year"].value() == year


def test_an_editor_of_two_committees_chooses_the_committee(client, committee, other_committee):
    user = StaffRoleFactory(committee=committee, role=StaffRole.Role.EDITOR).user
    StaffRoleFactory(committee=other_committee, role=StaffRole.Role.EDITOR, user=user)
    client.force_login(user)
    assert client.get(URL).context["form"]["committee"].value() is None


def test_a_second_plan_of_the_same_kind_and_year_asks_first(editor_client, committee):
    existing = PlanFactory(committee=committee, year=2027, kind="key_points", title="已有要点")

    response = editor_client.post(URL, form_data(committee))

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "政协甲市委员会已有2027年的工作要点：“已有要点”。如仍要再建一份，请勾选下面的选项。" in page
    )
    assert 'type="checkbox" name="second_plan"' in page
    assert list(Plan.objects.all()) == [existing]

    response = editor_client.post(URL, {**form_data(committee), "second_plan": "on"})
    assert response.status_code == 302
    assert Plan.objects.count() == 2


def test_another_kind_or_year_needs_no_confirmation(editor_client, committee):
    PlanFactory(committee=committee, year=2027, kind="consultation")
    PlanFactory(committee=committee, year=2026, kind="key_points")
    response = editor_client.post(URL, form_data(committee))
    assert response.status_code == 302
    assert Plan.objects.count() == 3


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title": "长" * 201}, {"title": ["确保该变量包含不超过 200 字符 (目前字符数 201)。"]}),
        ({"year": "1999"}, {"year": ["确保该值大于或等于2000。"]}),
        ({"year": "2101"}, {"year": ["确保该值小于或等于2100。"]}),
        ({"year": "abc"}, {"year": ["输入整数。"]}),
        ({"kind": "secret"}, {"kind": ["选择一个有效的选项。 secret 不在可用的选项中。"]}),
        ({"kind": ""}, {"kind": ["这个字段是必填项。"]}),
        ({"start": "steal"}, {"start": ["选择一个有效的选项。 steal 不在可用的选项中。"]}),
        (
            {"title": "计划\x07响铃"},
            {"title": ["文字中含有不可见的控制字符，请删除后重试。"]},
        ),
        # No shipped font has them: they would print as boxes (core.glyphs).
        ({"title": "团结🤝奋进2027🤝"}, {"title": ["这些字符无法印出：🤝"]}),
    ],
)
def test_bad_input_is_refused_with_a_message(editor_client, committee, changes, errors):
    response = editor_client.post(URL, form_data(committee, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    for message in errors.values():
        assert message[0] in response.content.decode()
    assert Plan.objects.count() == 0


def test_a_copy_with_a_bad_year_reports_only_the_year(editor_client, source):
    data = form_data(source.committee, start="copy", source=source.pk, title="", year="1999")
    response = editor_client.post(URL, data)
    assert response.context["form"].errors == {"year": ["确保该值大于或等于2000。"]}
    assert Plan.objects.count() == 1


def test_hostile_title_is_stored_as_typed_and_shown_escaped(editor_client, committee):
    hostile = "<script>alert(1)</script>'; DROP TABLE plans_plan; --"
    response = editor_client.post(URL, form_data(committee, title=hostile), follow=True)
    assert Plan.objects.get().title == hostile
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_city_editor_is_offered_the_city_not_the_county_below(client, committee):
    county = CommitteeFactory(name="政协乙县委员会", parent=committee)
    user = StaffRoleFactory(committee=committee, role=StaffRole.Role.EDITOR).user
    client.force_login(user)
    form = client.get(URL).context["form"]
    assert set(form.fields["committee"].queryset) == {committee, county}
    assert form["committee"].value() == committee.pk
