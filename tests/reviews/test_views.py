"""The review through the test client: the workflow panel and its steps, read-only plans,
revisions, versions and their comparison, comments."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from activities.models import Activity
from activities.selectors import plan_outline
from plans.models import Plan, Section
from printing.pdf import plan_html
from reviews.models import Comment, PlanRevision, Transition, Version
from reviews.services import add_comment, approve_plan, create_version, issue_plan, submit_plan
from tests.factories import PlanFactory, SectionFactory, fill_plan
from tests.reviews.steps import STATUSES, STEPS

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "editor", "leader", "viewer", "outsider", "admin"]


@pytest.fixture
def people(editor, leader, viewer, outsider, admin_user):
    return {
        "anonymous": None,
        "editor": editor,
        "leader": leader,
        "viewer": viewer,
        "outsider": outsider,
        "admin": admin_user,
    }


@pytest.fixture
def as_persona(client, people):
    def login(persona):
        if people[persona] is not None:
            client.force_login(people[persona])
        return client

    return login


def set_status(plan, status):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def page(client, plan) -> str:
    return client.get(plan.get_absolute_url()).content.decode()


# --- the workflow panel -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "persona", "buttons"),
    [
        ("draft", "editor", ["报审"]),
        ("draft", "leader", []),
        ("draft", "viewer", []),
        ("submitted", "editor", []),
        ("submitted", "leader", ["退回修改", "审定"]),
        ("approved", "leader", ["印发"]),
        ("approved", "editor", []),
        ("issued", "leader", []),
        ("issued", "editor", ["发起修订"]),
        ("issued", "admin", ["发起修订"]),
    ],
)
def test_the_panel_offers_only_the_steps_the_user_may_take_now(
    plan, as_persona, status, persona, buttons
):
    set_status(plan, status)
    response = as_persona(persona).get(plan.get_absolute_url())
    panel = response.content.decode().split('id="review"')[1].split("</section>")[0]
    shown = [
        label
        for label in ["报审", "退回修改", "审定", "印发", "发起修订"]
        if f">{label}</button>" in panel
    ]
    assert shown == buttons
    assert response.context["review"].actions == [
        step for step, (source, _t, who) in STEPS.items() if source == status and persona in who
    ]


def test_the_panel_shows_the_record_the_versions_and_the_leaders_reasons(
    plan, client, editor, leader
):
    submit_plan(plan=plan, user=editor)
    client.force_login(leader)
    client.post(
        reverse("reviews:transition", args=[plan.pk]),
        {"action": "return", "comment": "第二项活动请写明时间。"},
    )
    client.force_login(editor)
    content = page(client, plan)
    assert "退回修改：" in content
    assert "第二项活动请写明时间。" in content
    assert content.count('class="transition-row') == 2
    assert "审议稿" in content  # the version submitting saved


def test_a_locked_plan_shows_why_and_no_editing_tools(plan, client, editor):
    set_status(plan, "approved")
    client.force_login(editor)
    content = page(client, plan)
    assert "这份计划已审定，不能再修改。" in content
    assert "添加部分" not in content
    assert 'class="toolbar" role="group"' not in content
    assert "只有本委员会的起草人员可以修改" not in content


# --- the steps through the client: status × step × persona ----------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(STEPS))
@pytest.mark.parametrize("status", STATUSES)
def test_every_step_by_every_persona_from_every_status(plan, as_persona, status, action, persona):
    set_status(plan, status)
    source, target, allowed = STEPS[action]
    url = reverse("reviews:transition", args=[plan.pk])
    # Approving and issuing are ticked as confirmed, as the panel's forms ask.
    data = {"action": action, "comment": "请修改。", "confirm": "on"}
    response = as_persona(persona).post(url, data)
    plan.refresh_from_db()
    if persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif persona == "outsider":
        assert response.status_code == 404
    elif persona not in allowed:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response.url == f"{plan.get_absolute_url()}#review"
    if persona in allowed and status == source:
        assert plan.status == target
        assert Transition.objects.get().action == action
    else:
        assert plan.status == status
        assert not Transition.objects.exists()
        if persona in allowed:
            assert "当前为" in texts(response)[0]


def test_a_refused_step_says_so_in_chinese(plan, client, leader):
    client.force_login(leader)
    response = client.post(reverse("reviews:transition", args=[plan.pk]), {"action": "approve"})
    assert texts(response) == ["只有已报审的计划才能退回修改或审定，这份计划当前为“草稿”。"]
    forbidden = client.post(reverse("reviews:transition", args=[plan.pk]), {"action": "submit"})
    assert forbidden.status_code == 403
    assert "只有本委员会的起草人员可以报审计划。" in forbidden.content.decode()


@pytest.mark.parametrize("data", [{}, {"action": ""}, {"action": "publish"}, {"action": "<b>"}])
def test_a_missing_or_unknown_step_is_reported_and_changes_nothing(plan, client, editor, data):
    client.force_login(editor)
    response = client.post(reverse("reviews:transition", args=[plan.pk]), data)
    assert response.status_code == 302
    assert texts(response) == ["请选择要办理的审核环节。"]
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_returning_without_a_comment_is_refused(plan, client, leader):
    set_status(plan, "submitted")
    client.force_login(leader)
    response = client.post(
        reverse("reviews:transition", args=[plan.pk]), {"action": "return", "comment": "  "}
    )
    assert texts(response) == ["退回前请说明需要修改的地方。"]
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_a_huge_comment_is_refused_by_the_form(plan, client, leader):
    set_status(plan, "submitted")
    client.force_login(leader)
    response = client.post(
        reverse("reviews:transition", args=[plan.pk]), {"action": "return", "comment": "改" * 2001}
    )
    assert "2000" in texts(response)[0]
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_issuing_sets_the_document_number_and_date(plan, client, leader):
    set_status(plan, "approved")
    client.force_login(leader)
    client.post(
        reverse("reviews:transition", args=[plan.pk]),
        {
            "action": "issue",
            "document_number": "甲政协〔2026〕2号",
            "issue_date": "2026-02-01",
            "confirm": "on",
        },
    )
    plan.refresh_from_db()
    assert (plan.status, plan.document_number, str(plan.issue_date)) == (
        "issued",
        "甲政协〔2026〕2号",
        "2026-02-01",
    )


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        ("submitted", "approve", "请勾选确认审定"),
        ("approved", "issue", "请勾选确认印发"),
    ],
)
def test_approving_and_issuing_ask_for_the_tick_and_say_what_will_happen(
    plan, client, leader, status, action, message
):
    set_status(plan, status)
    client.force_login(leader)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'name="confirm"' in page
    url = reverse("reviews:transition", args=[plan.pk])
    response = client.post(url, {"action": action})
    assert message in texts(response)[0]
    plan.refresh_from_db()
    assert plan.status == status
    assert not Transition.objects.exists()
    client.post(url, {"action": action, "confirm": "on"})
    plan.refresh_from_db()
    assert plan.status != status


def test_a_malformed_issue_date_is_refused(plan, client, leader):
    set_status(plan, "approved")
    client.force_login(leader)
    response = client.post(
        reverse("reviews:transition", args=[plan.pk]),
        {"action": "issue", "issue_date": "2026-13-45"},
    )
    assert texts(response) == ["输入一个有效的日期。"]
    plan.refresh_from_db()
    assert plan.status == "approved"


def test_steps_are_post_only(plan, client, editor):
    client.force_login(editor)
    assert client.get(reverse("reviews:transition", args=[plan.pk])).status_code == 405


# --- read-only plans ---------------------------------------------------------------------------


def editing_requests(plan):
    section = plan.sections.get()
    activity = Activity.objects.filter(section=section).first()
    return [
        ("get", reverse("editor:edit", args=[plan.pk]), {}),
        ("post", reverse("editor:edit", args=[plan.pk]), {"title": "改了", "year": 2026}),
        ("post", reverse("editor:section_create", args=[plan.pk]), {"heading": "新的部分"}),
        ("post", reverse("editor:section_edit", args=[section.pk]), {"heading": "改了"}),
        ("post", reverse("editor:section_delete", args=[section.pk]), {}),
        ("post", reverse("editor:section_move", args=[section.pk]), {"move": "down"}),
        ("post", reverse("editor:acknowledge", args=[plan.pk]), {"key": "x"}),
        ("post", reverse("editor:activity_create", args=[section.pk]), {"topic": "新活动"}),
        ("post", reverse("editor:activity_edit", args=[activity.pk]), {"topic": "改了"}),
        ("post", reverse("editor:activity_delete", args=[activity.pk]), {}),
        ("post", reverse("editor:activity_move", args=[activity.pk]), {"move": "down"}),
    ]


def outline_state(plan):
    return (
        list(Plan.objects.filter(pk=plan.pk).values_list("title", "updated_at")),
        list(Section.objects.filter(plan=plan).values_list("pk", "position", "heading")),
        list(Activity.objects.filter(section__plan=plan).values_list("pk", "position", "topic")),
    )


@pytest.mark.parametrize(
    ("status", "message"),
    [("submitted", "已报审"), ("approved", "已审定"), ("issued", "请发起修订")],
)
@pytest.mark.parametrize("persona", ["editor", "admin"])
def test_submitted_approved_and_issued_plans_cannot_be_changed(
    plan, as_persona, status, message, persona
):
    set_status(plan, status)
    client = as_persona(persona)
    before = outline_state(plan)
    for method, url, data in editing_requests(plan):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
        assert message in response.content.decode(), url
    assert outline_state(plan) == before


def test_the_paper_carries_its_stage_until_it_is_issued(plan, editor, leader):
    assert 'class="draft-mark">征求意见稿<' in plan_html(plan, plan_outline(plan))
    submit_plan(plan=plan, user=editor)
    plan.refresh_from_db()
    assert 'class="draft-mark">送审稿<' in plan_html(plan, plan_outline(plan))
    approve_plan(plan=plan, user=leader)
    plan.refresh_from_db()
    assert 'class="draft-mark">审定稿<' in plan_html(plan, plan_outline(plan))
    issue_plan(plan=plan, user=leader)
    plan.refresh_from_db()
    html = plan_html(plan, plan_outline(plan))
    assert "draft-mark" not in html
    assert "推进乡村振兴" in html


# --- revisions -------------------------------------------------------------------------------


def test_an_editor_revises_an_issued_plan(plan, client, editor):
    set_status(plan, "issued")
    client.force_login(editor)
    response = client.post(reverse("reviews:revise", args=[plan.pk]))
    revision = PlanRevision.objects.get(source=plan).plan
    assert response.url == revision.get_absolute_url()
    assert revision.status == "draft"
    content = page(client, revision)
    assert "这份草稿修订的是已印发的计划" in content
    assert "添加部分" in content
    assert "这份计划正在修订" in page(client, plan)
    again = client.post(reverse("reviews:revise", args=[plan.pk]))
    assert texts(again) == ["这份计划已经开始修订了，请在修订稿中修改。"]
    assert Plan.objects.count() == 2


def test_leaders_do_not_revise(plan, client, leader):
    set_status(plan, "issued")
    client.force_login(leader)
    assert client.post(reverse("reviews:revise", args=[plan.pk])).status_code == 403
    assert Plan.objects.count() == 1


# --- versions -------------------------------------------------------------------------------


def test_saving_a_version_from_the_versions_page(plan, client, editor):
    client.force_login(editor)
    response = client.post(reverse("reviews:versions", args=[plan.pk]), {"name": "征求意见稿"})
    assert response.url == reverse("reviews:versions", args=[plan.pk])
    assert texts(response) == ["版本“征求意见稿”已保存。"]
    listing = client.get(reverse("reviews:versions", args=[plan.pk])).content.decode()
    assert "征求意见稿" in listing


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "这个字段是必填项。"), ("稿" * 51, "50"), ("<script>", None)],
)
def test_bad_version_names(plan, client, editor, name, message):
    client.force_login(editor)
    response = client.post(reverse("reviews:versions", args=[plan.pk]), {"name": name})
    if message is None:
        # Hostile text is stored as text and shown escaped.
        assert response.status_code == 302
        listing = client.get(reverse("reviews:versions", args=[plan.pk])).content.decode()
        assert "&lt;script&gt;" in listing
        assert "<script>" not in listing.split("<main")[1]
    else:
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Version.objects.exists()


def test_viewers_read_versions_but_save_none(plan, client, viewer, editor):
    create_version(plan=plan, name="征求意见稿", user=editor)
    client.force_login(viewer)
    response = client.get(reverse("reviews:versions", args=[plan.pk]))
    assert "征求意见稿" in response.content.decode()
    assert response.context["form"] is None
    assert (
        client.post(reverse("reviews:versions", args=[plan.pk]), {"name": "x"}).status_code == 403
    )
    assert Version.objects.count() == 1


# 1. session  2. user  3. plan with its committee  4. staff roles  5. committee tree
# 6. count of versions (paginator)  7. the page of versions with who saved them
VERSION_LIST_QUERIES = 7


@pytest.mark.parametrize("count", [2, 40])
def test_version_list_queries_do_not_grow(plan, client, editor, django_assert_num_queries, count):
    Version.objects.bulk_create(
        Version(plan=plan, name=f"第{n}稿", snapshot={}, created_by=editor) for n in range(count)
    )
    client.force_login(editor)
    with django_assert_num_queries(VERSION_LIST_QUERIES):
        response = client.get(reverse("reviews:versions", args=[plan.pk]))
    assert len(response.context["page"].object_list) == count


# --- the comparison ---------------------------------------------------------------------------


def test_the_comparison_shows_what_changed_since_a_version(plan, client, editor):
    version = create_version(plan=plan, name="征求意见稿", user=editor)
    Activity.objects.filter(topic="优化营商环境").update(topic="持续优化营商环境")
    SectionFactory(plan=plan, position=2, heading="工作要求")
    client.force_login(editor)
    response = client.get(
        reverse("reviews:compare", args=[plan.pk]), {"old": version.pk, "new": "current"}
    )
    content = response.content.decode()
    assert "从“征求意见稿" in content
    assert "<ins>持续</ins>优化营商环境" in content
    assert "二、工作要求" in content
    summary = response.context["comparison"].summary
    assert summary["section"]["added"] == 1
    assert summary["activity"]["changed"] == 1


def test_the_comparison_page_offers_the_latest_version_against_now(plan, client, editor):
    create_version(plan=plan, name="征求意见稿", user=editor)
    latest = create_version(plan=plan, name="审议稿", user=editor)
    client.force_login(editor)
    response = client.get(reverse("reviews:compare", args=[plan.pk]))
    assert response.context["comparison"] is None
    assert response.context["form"]["old"].value() == str(latest.pk)
    assert response.context["form"]["new"].value() == "current"


def test_two_versions_with_no_change_say_so(plan, client, editor):
    first = create_version(plan=plan, name="征求意见稿", user=editor)
    client.force_login(editor)
    response = client.get(
        reverse("reviews:compare", args=[plan.pk]), {"old": first.pk, "new": "current"}
    )
    assert "两个文本相同" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"old": "abc", "new": "current"},
        {"old": "999999", "new": "current"},
        {"old": "current", "new": "current"},
        {"old": "<script>", "new": "1' OR 1=1"},
    ],
)
def test_bad_choices_are_reported(plan, client, editor, committee, query):
    create_version(plan=plan, name="征求意见稿", user=editor)
    other = PlanFactory(committee=committee)
    create_version(plan=other, name="别人的稿", user=editor)
    client.force_login(editor)
    response = client.get(reverse("reviews:compare", args=[plan.pk]), query)
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert response.context["form"].errors


def test_another_plans_version_cannot_be_compared(plan, client, editor, committee):
    other = PlanFactory(committee=committee)
    foreign = create_version(plan=other, name="别人的稿", user=editor)
    client.force_login(editor)
    response = client.get(
        reverse("reviews:compare", args=[plan.pk]), {"old": foreign.pk, "new": "current"}
    )
    assert response.context["comparison"] is None
    assert "请从这个计划的版本中选择。" in response.content.decode()


# 1. session  2. user  3. plan with its committee  4. staff roles  5. committee tree
# 6. the plan's versions (names, without snapshots)  7. the two chosen snapshots
# 8.-12. the plan as it stands (activities.selectors.plan_outline: sections, activities,
#        joint organizers, participants, members)
COMPARE_QUERIES = 12


@pytest.mark.parametrize("activity_count", [4, 200])
def test_comparison_queries_do_not_grow(
    committee, client, editor, django_assert_num_queries, activity_count
):
    plan = PlanFactory(committee=committee)
    fill_plan(plan, activity_count)
    version = create_version(plan=plan, name="征求意见稿", user=editor)
    Activity.objects.filter(section__plan=plan).update(topic="改过的议题")
    client.force_login(editor)
    with django_assert_num_queries(COMPARE_QUERIES):
        response = client.get(
            reverse("reviews:compare", args=[plan.pk]), {"old": version.pk, "new": "current"}
        )
    assert response.context["comparison"].summary["activity"]["changed"] == activity_count


# --- comments ---------------------------------------------------------------------------------


def test_a_leader_comments_on_an_activity_and_the_editor_sees_and_resolves_it(
    plan, client, leader, editor
):
    activity = Activity.objects.get(topic="优化营商环境")
    client.force_login(leader)
    form = client.get(reverse("reviews:comments", args=[plan.pk]), {"activity": activity.pk})
    assert "对“优化营商环境”提意见" in form.content.decode()
    response = client.post(
        reverse("reviews:comments", args=[plan.pk]),
        {"text": "请写明牵头单位。", "activity": activity.pk},
    )
    assert response.url == f"{plan.get_absolute_url()}#activity-{activity.pk}"
    comment = Comment.objects.get()
    client.force_login(editor)
    content = page(client, plan)
    in_activity = content.split(f'id="activity-{activity.pk}"')[1].split("</section>")[0]
    assert "请写明牵头单位。" in in_activity
    resolved = client.post(
        reverse("reviews:comment_resolve", args=[comment.pk]),
        {"resolved": "1", "next": plan.get_absolute_url()},
    )
    assert resolved.url == plan.get_absolute_url()
    comment.refresh_from_db()
    assert (comment.is_open, comment.resolved_by) == (False, editor)
    assert "请写明牵头单位。" not in page(client, plan)
    listing = client.get(reverse("reviews:comments", args=[plan.pk])).content.decode()
    assert "请写明牵头单位。" in listing
    assert "处理" in listing


def test_a_comment_on_a_section_of_another_plan_is_refused(plan, client, leader, committee):
    foreign = SectionFactory(plan=PlanFactory(committee=committee), position=1)
    client.force_login(leader)
    response = client.post(
        reverse("reviews:comments", args=[plan.pk]), {"text": "意见", "section": foreign.pk}
    )
    assert response.status_code == 200
    assert "这个部分不属于这个计划。" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("text", ["", "意" * 2001])
def test_empty_or_huge_comments_are_refused(plan, client, leader, text):
    client.force_login(leader)
    response = client.post(reverse("reviews:comments", args=[plan.pk]), {"text": text})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        # Bare words that redirect() would take for view names to reverse.
        "0000-00-00",
        "null",
        "1,2,3",
        "a\x00b",
        "/plans/\x00/",
        "",
    ],
)
def test_resolving_never_redirects_elsewhere(plan, client, editor, leader, target):
    comment = add_comment(plan=plan, user=leader, text="请修改。")
    client.force_login(editor)
    response = client.post(
        reverse("reviews:comment_resolve", args=[comment.pk]),
        {"resolved": "1", "next": target},
    )
    assert response.status_code == 302
    assert response.url == reverse("reviews:comments", args=[plan.pk])
    comment.refresh_from_db()
    assert not comment.is_open


def test_outsiders_do_not_see_or_resolve_comments(plan, client, outsider, leader, viewer):
    comment = add_comment(plan=plan, user=leader, text="请修改。")
    client.force_login(outsider)
    url = reverse("reviews:comment_resolve", args=[comment.pk])
    assert client.post(url, {"resolved": "1"}).status_code == 404
    client.force_login(viewer)
    assert client.post(url, {"resolved": "1"}).status_code == 403
    comment.refresh_from_db()
    assert comment.is_open


# 1. session  2. user  3. plan with its committee  4. staff roles  5. committee tree
# 6. count of comments (paginator)  7. the page of comments with author, resolver, target
COMMENT_LIST_QUERIES = 7


@pytest.mark.parametrize("count", [2, 40])
def test_comment_list_queries_do_not_grow(plan, client, leader, django_assert_num_queries, count):
    activity = Activity.objects.filter(section__plan=plan).first()
    Comment.objects.bulk_create(
        Comment(plan=plan, activity=activity if n % 2 else None, text=f"意见{n}", author=leader)
        for n in range(count)
    )
    client.force_login(leader)
    with django_assert_num_queries(COMMENT_LIST_QUERIES):
        response = client.get(reverse("reviews:comments", args=[plan.pk]))
    assert len(response.context["page"].object_list) == count


EDITOR_QUERIES = 17  # as tests/editor/test_queries.py counts them, comments included


@pytest.mark.parametrize("count", [1, 60])
def test_comments_in_the_editor_take_one_query_however_many(
    committee, client, editor, leader, django_assert_num_queries, count
):
    plan = PlanFactory(committee=committee)
    fill_plan(plan, 4)
    activities = list(Activity.objects.filter(section__plan=plan))
    section = plan.sections.first()
    Comment.objects.bulk_create(
        Comment(
            plan=plan,
            section=section if n % 3 == 0 else None,
            activity=activities[n % 2] if n % 3 == 1 else None,
            text=f"意见{n}",
            author=leader,
        )
        for n in range(count)
    )
    client.force_login(editor)
    with django_assert_num_queries(EDITOR_QUERIES):
        response = client.get(plan.get_absolute_url())
    assert response.content.decode().count('class="review-comment ') == count


def test_the_review_pages_speak_chinese_by_default_and_english_on_request(plan, client, editor):
    version = create_version(plan=plan, name="征求意见稿", user=editor)
    client.force_login(editor)
    compare = reverse("reviews:compare", args=[plan.pk])
    query = {"old": version.pk, "new": "current"}
    chinese = page(client, plan) + client.get(compare, query).content.decode()
    assert "审核与审定" in chinese
    assert "两个文本相同" in chinese
    english = (
        client.get(plan.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
        + client.get(compare, query, headers={"accept-language": "en"}).content.decode()
    )
    assert "Review and approval" in english
    assert "The two texts are the same." in english
    assert "审核与审定" not in english
