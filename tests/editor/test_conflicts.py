"""Two people editing the same plan, section or activity: the later save never silently wins.

Stories: editor A opens a form, editor B opens the same one and saves, then A saves.
A gets both versions side by side and chooses; the database keeps B's version until
A saves again. Also: damaged tokens, deleted objects, htmx, and truly parallel saves.
"""

import datetime

import pytest
from django.core import signing
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from activities.forms import ActivityForm, participant_formset
from activities.versions import ActivityVersion
from core.conflicts import (
    BY_BOTH,
    BY_THEM,
    BY_UNKNOWN,
    MINE,
    SIGNING_SALT,
    THEIRS,
    FormVersion,
    digest,
    make_token,
    posted,
    read_token,
    token_plan,
)
from editor.forms import SectionForm
from editor.views import plans as plans_views
from organisation.models import StaffRole
from plans.models import Plan, Section
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommitteeFactory,
    MemberFactory,
    MembershipFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
    SectorFactory,
    StaffRoleFactory,
)
from tests.parallel import post_at_once, two_editors

HTMX = {"HX-Request": "true"}
STOPPED = "在您编辑期间，别人保存了这项内容。您的修改还没有保存。"
UNKNOWN_BASE = "无法确认这份表单是在哪个版本上修改的，所以没有保存。"
GONE = "在您编辑期间，这项内容已被他人删除，所以没有保存。"
PANEL = 'class="alert alert-warning conflict-panel"'


# --- the module on its own ------------------------------------------------------------------


def test_values_are_written_as_a_browser_posts_them():
    assert posted(None) == ""
    assert posted(True) == "on"
    assert posted(False) == ""
    assert posted(6) == "6"
    assert posted(datetime.date(2026, 4, 19)) == "2026-04-19"
    assert posted([3, None, "a"]) == ["3", "", "a"]
    assert posted("  有空格 ") == "  有空格 "


def test_a_digest_is_short_stable_and_tells_values_apart():
    assert digest(["month", "6"]) == digest(["month", "6"])
    assert digest(["month", "6"]) != digest(["month", "7"])
    assert digest("") != digest([])
    assert len(digest("议题")) == 16


def test_a_token_reads_back_only_for_its_own_object():
    saved = {"heading": "总体要求", "show_count": ""}
    token = make_token("plans.section:7", saved, plan_id=3)
    assert read_token(token, "plans.section:7") == {
        "heading": digest("总体要求"),
        "show_count": digest(""),
    }
    assert read_token(token, "plans.section:8") is None
    assert read_token(token, "activities.activity:7") is None
    assert (token_plan(token, 7), token_plan(token, "7"), token_plan(token, 8)) == (3, 3, None)
    assert len(token) < 300


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "garbage",
        "a:b:c",
        "x" * 100_000,
        "<script>alert(1)</script>",
        signing.dumps({"o": "plans.section:7", "v": {}}, salt="another-salt"),
        signing.dumps(["plans.section:7"], salt=SIGNING_SALT),
        signing.dumps({"o": "plans.section:7", "v": "not digests"}, salt=SIGNING_SALT),
        signing.dumps({"o": "plans.section:7", "v": {"heading": 1}}, salt=SIGNING_SALT),
    ],
    ids=["empty", "garbage", "colons", "huge", "hostile", "salt", "list", "str", "int"],
)
def test_a_damaged_token_reads_as_unknown(raw):
    assert read_token(raw, "plans.section:7") is None


def test_a_tampered_token_reads_as_unknown():
    token = make_token("plans.section:7", {"heading": "总体要求"}, plan_id=3)
    last = "A" if token[-1] != "A" else "B"
    assert read_token(token[:-1] + last, "plans.section:7") is None


def test_a_token_signed_before_the_code_moved_to_core_still_reads():
    # Forms left open across a deployment carry tokens signed with this salt.
    token = signing.dumps(
        {"o": "plans.section:7", "p": 3, "v": {"heading": digest("总体要求")}},
        salt="editor.conflicts.version",
    )
    assert read_token(token, "plans.section:7") == {"heading": digest("总体要求")}


@pytest.mark.django_db
def test_a_form_reads_as_saved_and_as_typed_part_by_part():
    section = SectionFactory(heading="总体要求", lead_phrase="", body="第一段", show_count=True)
    data = QueryDict(mutable=True)
    data.update({"heading": " 指导思想 ", "lead_phrase": "", "body": "第一段"})
    version = FormVersion(SectionForm(data, instance=section))
    assert version.key == f"plans.section:{section.pk}"
    assert version.saved() == {
        "heading": "总体要求",
        "lead_phrase": "",
        "body": "第一段",
        "show_count": "on",
    }
    # Typed text is compared as the form cleans it: surrounding spaces do not count.
    assert version.typed() == {
        "heading": "指导思想",
        "lead_phrase": "",
        "body": "第一段",
        "show_count": "",
    }
    show_count = version.parts()[3]
    assert [version.show(show_count, value) for value in ("on", "", None)] == [
        "是",
        "否",
        "（无法读取，请看下方表单）",
    ]
    assert version.show(version.parts()[1], "") == "（空）"


@pytest.mark.django_db
def test_a_new_object_has_no_version():
    section = SectionFactory()
    assert FormVersion(SectionForm(instance=Section(plan=section.plan))).key is None


@pytest.mark.django_db
def test_the_activity_form_compares_its_schedule_and_participants_as_wholes(committee):
    plan = PlanFactory(committee=committee)
    sector = SectorFactory(name="经济界")
    member = MembershipFactory(committee=committee, member=MemberFactory(name="张明")).member
    activity = ActivityFactory(section=SectionFactory(plan=plan), schedule_kind="month", month=6)
    ParticipantFactory(activity=activity, position=1, kind="unit", text="市发改委")
    ParticipantFactory(activity=activity, position=2, kind="sector", text="", sector=sector)
    ParticipantFactory(activity=activity, position=3, kind="members", text="").members.add(member)
    version = ActivityVersion(
        ActivityForm(instance=activity, plan=plan),
        participant_formset(None, activity=activity, plan=plan),
    )
    assert [part.name for part in version.parts()] == [
        "type",
        "topic",
        "content",
        "schedule",
        "lead_organizer",
        "targets",
        "status",
        "joint_organizers",
        "participants",
    ]
    saved = version.saved()
    assert saved["schedule"] == ["month", "6", "", "", "", "", "", "", ""]
    assert saved["participants"] == [
        ["unit", "市发改委", "", []],
        ["sector", "", str(sector.pk), []],
        ["members", "", "", [str(member.pk)]],
    ]
    schedule, participants = version.parts()[3], version.parts()[8]
    assert version.show(schedule, saved["schedule"]) == "6月"
    assert version.show(schedule, ["quarter", "", "", "", "", "2", "", "", ""]) == "第二季度"
    assert (
        version.show(participants, saved["participants"])
        == "市发改委等单位负责同志，经济界委员、张明委员"
    )
    assert version.show(participants, []) == "（空）"
    assert version.show(version.parts()[6], "planned") == "计划中"


# --- helpers for the stories ----------------------------------------------------------------


@pytest.fixture
def colleague(committee):
    """Editor B, who works on the same plans as the editor (A)."""
    return StaffRoleFactory(committee=committee, role=StaffRole.Role.EDITOR).user


@pytest.fixture
def a(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def b(colleague):
    client = Client()
    client.force_login(colleague)
    return client


def version_of(client, url) -> str:
    """The token of the version the edit form is shown with."""
    return client.get(url).context["edit"].token


def rows(response) -> list[tuple]:
    conflict = response.context["edit"].conflict
    return [(r.name, r.theirs, r.mine, r.changed_by, r.keep) for r in conflict.rows]


# --- sections ------------------------------------------------------------------------------


@pytest.fixture
def section(committee):
    plan = PlanFactory(committee=committee, kind="work_plan")
    return SectionFactory(plan=plan, position=1, heading="总体要求", body="原来的正文")


def section_data(version, **fields) -> dict:
    return {"heading": "总体要求", "body": "原来的正文", "version": version, **fields}


def section_url(section) -> str:
    return reverse("editor:section_edit", args=[section.pk])


def test_without_a_conflict_a_save_is_as_before(a, section):
    url = section_url(section)
    response = a.post(url, section_data(version_of(a, url), heading="指导思想"))
    assert response.status_code == 302
    assert response.url == f"{section.plan.get_absolute_url()}#section-{section.pk}"
    section.refresh_from_db()
    assert section.heading == "指导思想"


def test_the_later_save_is_stopped_and_shows_both_versions(a, b, section):
    url = section_url(section)
    base = version_of(a, url)
    assert b.post(url, section_data(version_of(b, url), heading="B的标题")).status_code == 302

    response = a.post(url, section_data(base, heading="A的标题"))

    assert response.status_code == 200
    page = response.content.decode()
    assert STOPPED in page
    assert rows(response) == [("heading", "B的标题", "A的标题", BY_BOTH, MINE)]
    assert 'name="keep-heading" id="keep-heading-mine" value="mine" checked' in page
    # The form keeps what A typed, and now carries the version saved by B.
    assert 'value="A的标题"' in page
    assert response.context["edit"].token != base
    section.refresh_from_db()
    assert section.heading == "B的标题"


def test_saving_again_after_review_saves_the_choice(a, b, section):
    url = section_url(section)
    base = version_of(a, url)
    b.post(url, section_data(version_of(b, url), heading="B的标题"))
    stopped = a.post(url, section_data(base, heading="A的标题"))

    again = section_data(stopped.context["edit"].token, heading="A的标题", **{"keep-heading": MINE})
    response = a.post(url, again)

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.heading == "A的标题"


def test_what_only_the_other_changed_is_kept_unless_chosen_otherwise(a, b, section):
    url = section_url(section)
    base = version_of(a, url)
    b.post(url, section_data(version_of(b, url), body="B改写的正文"))
    stopped = a.post(url, section_data(base, heading="A的标题"))

    # Only the part B changed is listed: A's heading does not clash with anything.
    assert rows(stopped) == [("body", "B改写的正文", "原来的正文", BY_THEM, THEIRS)]
    again = section_data(stopped.context["edit"].token, heading="A的标题", **{"keep-body": THEIRS})
    assert a.post(url, again).status_code == 302
    section.refresh_from_db()
    assert (section.heading, section.body) == ("A的标题", "B改写的正文")


def test_the_same_change_made_twice_is_no_conflict(a, b, section):
    url = section_url(section)
    base = version_of(a, url)
    b.post(url, section_data(version_of(b, url), heading="同一个标题"))
    response = a.post(url, section_data(base, heading="同一个标题"))
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.heading == "同一个标题"


def test_a_third_save_in_between_stops_the_second_attempt_again(a, b, section):
    url = section_url(section)
    base = version_of(a, url)
    b.post(url, section_data(version_of(b, url), heading="B的标题"))
    stopped = a.post(url, section_data(base, heading="A的标题"))
    b.post(url, section_data(version_of(b, url), heading="B的第二个标题"))

    again = section_data(stopped.context["edit"].token, heading="A的标题", **{"keep-heading": MINE})
    response = a.post(url, again)

    assert rows(response) == [("heading", "B的第二个标题", "A的标题", BY_BOTH, MINE)]
    section.refresh_from_db()
    assert section.heading == "B的第二个标题"


def test_a_conflict_through_htmx_replaces_only_the_form(a, b, section):
    url = section_url(section)
    base = version_of(a, url)
    b.post(url, section_data(version_of(b, url), heading="B的标题"))

    response = a.post(url, section_data(base, heading="A的标题"), headers=HTMX)

    assert response.headers["HX-Retarget"] == "this"
    assert response.headers["HX-Reswap"] == "outerHTML"
    page = response.content.decode()
    assert page.lstrip().startswith("<form")
    assert PANEL in page
    assert f'hx-get="{url}" hx-target="closest form"' in page
    # The signed token carries the second it was made in, so the payload is compared.
    payload = response.context["edit"].token.split(":")[0]
    assert f'name="version" value="{payload}:' in page


def test_an_invalid_form_in_a_conflict_shows_both_the_errors_and_the_versions(a, b, section):
    url = section_url(section)
    base = version_of(a, url)
    b.post(url, section_data(version_of(b, url), body="B改写的正文"))
    response = a.post(url, section_data(base, heading="", body="A的正文"))
    page = response.content.decode()
    assert STOPPED in page
    assert "请填写标题或引导语" in page
    assert ("body", "B改写的正文", "A的正文", BY_BOTH, MINE) in rows(response)
    section.refresh_from_db()
    assert (section.heading, section.body) == ("总体要求", "B改写的正文")


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "x" * 100_000, "other section", "tampered", None],
    ids=["empty", "malformed", "huge", "wrong-owner", "tampered", "missing"],
)
def test_a_form_without_a_good_token_is_explained_and_changes_nothing(a, section, token):
    url = section_url(section)
    if token == "other section":
        other = SectionFactory(plan=section.plan, position=2, heading="其他")
        token = version_of(a, section_url(other))
    elif token == "tampered":
        good = version_of(a, url)
        token = good[:-1] + ("A" if good[-1] != "A" else "B")
    data = section_data(token, heading="A的标题")
    if token is None:
        del data["version"]

    response = a.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert UNKNOWN_BASE in page
    assert rows(response) == [("heading", "总体要求", "A的标题", BY_UNKNOWN, MINE)]
    section.refresh_from_db()
    assert section.heading == "总体要求"
    # With the token the answer carries, saving again after review saves.
    again = section_data(response.context["edit"].token, heading="A的标题")
    assert a.post(url, again).status_code == 302
    section.refresh_from_db()
    assert section.heading == "A的标题"


def test_saving_a_section_deleted_meanwhile_says_so_and_changes_nothing(a, section):
    url = section_url(section)
    base = version_of(a, url)
    Section.objects.filter(pk=section.pk).delete()

    assert a.post(url, section_data(base, heading="A的标题")).status_code == 404
    response = a.post(url, section_data(base, heading="A的标题"), headers=HTMX)

    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "this"
    assert response.headers["HX-Reswap"] == "afterbegin"
    assert GONE in response.content.decode()
    assert not Section.objects.filter(heading="A的标题").exists()


def test_outsiders_get_not_found_even_through_htmx_with_a_borrowed_token(
    a, client, outsider, section
):
    url = section_url(section)
    borrowed = version_of(a, url)
    client.force_login(outsider)
    for token in (borrowed, ""):
        response = client.post(url, section_data(token, heading="改了"), headers=HTMX)
        assert response.status_code == 404
        assert GONE not in response.content.decode()
    Section.objects.filter(pk=section.pk).delete()
    response = client.post(url, section_data(borrowed, heading="改了"), headers=HTMX)
    assert response.status_code == 404


def test_a_deleted_section_without_a_good_token_is_not_found_through_htmx(a, section):
    url = section_url(section)
    Section.objects.filter(pk=section.pk).delete()
    response = a.post(url, section_data("garbage", heading="A的标题"), headers=HTMX)
    assert response.status_code == 404


def test_readers_and_outsiders_are_still_refused(client, leader, outsider, section):
    url = section_url(section)
    for person, status in ((leader, 403), (outsider, 404)):
        client.force_login(person)
        assert client.post(url, section_data("", heading="改了")).status_code == status
    section.refresh_from_db()
    assert section.heading == "总体要求"


# --- plan details --------------------------------------------------------------------------


def plan_data(version, **fields) -> dict:
    data = {"title": "2026年工作计划", "year": "2026", "kind": "work_plan", "preamble": "原序言"}
    return {**data, "version": version, **fields}


def test_plan_details_conflict_names_choices_by_their_labels(a, b, committee):
    plan = PlanFactory(committee=committee, kind="work_plan", title="2026年工作计划")
    plan.preamble = "原序言"
    plan.save()
    url = reverse("editor:edit", args=[plan.pk])
    base = version_of(a, url)
    b_data = plan_data(version_of(b, url), title="B的标题", kind="consultation")
    assert b.post(url, b_data).status_code == 302

    stopped = a.post(url, plan_data(base, title="A的标题", preamble="A的序言"))

    assert STOPPED in stopped.content.decode()
    assert rows(stopped) == [
        ("title", "B的标题", "A的标题", BY_BOTH, MINE),
        ("kind", "协商计划", "工作计划", BY_THEM, THEIRS),
    ]
    plan.refresh_from_db()
    assert (plan.title, plan.kind, plan.preamble) == ("B的标题", "consultation", "原序言")

    token = stopped.context["edit"].token
    again = plan_data(token, title="A的标题", preamble="A的序言", **{"keep-title": THEIRS})
    again["keep-kind"] = THEIRS
    assert a.post(url, again).status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.kind, plan.preamble) == ("B的标题", "consultation", "A的序言")


def test_plan_details_overtaken_by_a_submit_are_not_saved(a, committee, monkeypatch):
    plan = PlanFactory(committee=committee, title="2026年工作计划")
    url = reverse("editor:edit", args=[plan.pk])
    data = plan_data(version_of(a, url), title="新标题")
    real_getter = plans_views.get_plan_for

    def submitted_after_the_check(*args, **kwargs):
        checked = real_getter(*args, **kwargs)  # a draft when the view checks it
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.SUBMITTED)
        return checked

    monkeypatch.setattr(plans_views, "get_plan_for", submitted_after_the_check)

    assert a.post(url, data).status_code == 403
    plan.refresh_from_db()
    assert plan.title == "2026年工作计划"


# --- activities ----------------------------------------------------------------------------


@pytest.fixture
def activity(committee):
    plan = PlanFactory(committee=committee)
    kind = ActivityTypeFactory(name="专题协商", content_label="协商内容")
    return ActivityFactory(section=SectionFactory(plan=plan), type=kind, topic="原议题", month=6)


def activity_data(activity, version, rows_=(), **fields) -> dict:
    data = {
        "type": str(activity.type_id),
        "topic": "原议题",
        "content": activity.content,
        "schedule_kind": "month",
        "month": "6",
        "status": "planned",
        "targets": "",
        "participants-TOTAL_FORMS": str(len(rows_) + 1),
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "50",
        "version": version,
    }
    for index, (kind, text) in enumerate(rows_):
        data[f"participants-{index}-kind"] = kind
        data[f"participants-{index}-text"] = text
    return {**data, **fields}


def activity_url(activity) -> str:
    return reverse("editor:activity_edit", args=[activity.pk])


def participants_of(activity) -> list[tuple[str, str]]:
    return list(activity.participants.values_list("kind", "text"))


def test_an_activity_conflict_shows_time_and_participants_as_printed(a, b, activity):
    url = activity_url(activity)
    base = version_of(a, url)
    b_data = activity_data(activity, version_of(b, url), [("unit", "市发改委")], month="7")
    assert b.post(url, b_data).status_code == 302

    stopped = a.post(url, activity_data(activity, base, topic="A的议题"))

    assert STOPPED in stopped.content.decode()
    assert rows(stopped) == [
        ("schedule", "7月", "6月", BY_THEM, THEIRS),
        ("participants", "市发改委等单位负责同志", "（空）", BY_THEM, THEIRS),
    ]
    activity.refresh_from_db()
    assert (activity.topic, activity.month) == ("原议题", 7)

    # Saving again with the choices as offered keeps both people's changes.
    again = activity_data(activity, stopped.context["edit"].token, topic="A的议题")
    again.update({"keep-schedule": THEIRS, "keep-participants": THEIRS})
    assert a.post(url, again).status_code == 302
    activity.refresh_from_db()
    assert (activity.topic, activity.month) == ("A的议题", 7)
    assert participants_of(activity) == [("unit", "市发改委")]


def test_an_activity_conflict_can_be_settled_for_the_later_typing(a, b, activity):
    url = activity_url(activity)
    base = version_of(a, url)
    b.post(url, activity_data(activity, version_of(b, url), [("experts", "智库专家")]))
    stopped = a.post(url, activity_data(activity, base, [("unit", "市农业农村局")]))

    assert rows(stopped) == [
        ("participants", "智库专家", "市农业农村局等单位负责同志", BY_BOTH, MINE),
    ]
    again = activity_data(activity, stopped.context["edit"].token, [("unit", "市农业农村局")])
    again["keep-participants"] = MINE
    assert a.post(url, again).status_code == 302
    assert participants_of(activity) == [("unit", "市农业农村局")]


def test_an_empty_activity_post_is_explained_part_by_part_and_changes_nothing(a, activity):
    response = a.post(activity_url(activity), {})
    assert response.status_code == 200
    assert UNKNOWN_BASE in response.content.decode()
    unreadable = "（无法读取，请看下方表单）"
    by_part = {name: mine for name, _, mine, _, _ in rows(response)}
    assert by_part["participants"] == unreadable
    assert by_part["topic"] == unreadable
    activity.refresh_from_db()
    assert activity.topic == "原议题"


def test_saving_an_activity_deleted_meanwhile_says_so(a, activity):
    url = activity_url(activity)
    base = version_of(a, url)
    type(activity).objects.filter(pk=activity.pk).delete()
    response = a.post(url, activity_data(activity, base, topic="A的议题"), headers=HTMX)
    assert GONE in response.content.decode()
    assert a.post(url, activity_data(activity, base, topic="A的议题")).status_code == 404


def test_a_new_activity_needs_no_version(a, activity):
    url = reverse("editor:activity_create", args=[activity.section_id])
    assert a.get(url).context["edit"].token == ""
    data = activity_data(activity, "", topic="新活动")
    del data["version"]
    assert a.post(url, data).status_code == 302
    assert activity.section.activities.filter(topic="新活动").exists()


# --- truly parallel saves ----------------------------------------------------------------------


def outcome(responses) -> list[str]:
    """Which requests saved (302) and which were stopped with the conflict panel."""
    kinds = []
    for response in responses:
        assert not isinstance(response, Exception), response
        stopped = response.status_code == 200 and STOPPED in response.content.decode()
        kinds.append("saved" if response.status_code == 302 else "stopped" if stopped else "?")
    return kinds


@pytest.mark.django_db(transaction=True)
def test_two_section_saves_at_the_same_moment_one_saves_one_is_stopped(shared_db):
    committee = CommitteeFactory()
    first, second = two_editors(committee)
    section = SectionFactory(plan=PlanFactory(committee=committee), heading="原标题", body="")
    url = section_url(section)
    for attempt in range(3):
        base = version_of(first, url)
        typed = [f"甲的标题{attempt}", f"乙的标题{attempt}"]
        responses = post_at_once(
            [
                (client, url, section_data(base, heading=heading, body=""))
                for client, heading in zip((first, second), typed, strict=True)
            ]
        )
        kinds = outcome(responses)
        assert sorted(kinds) == ["saved", "stopped"]
        section.refresh_from_db()
        assert section.heading == typed[kinds.index("saved")]


@pytest.mark.django_db(transaction=True)
def test_two_activity_saves_at_the_same_moment_one_saves_one_is_stopped(shared_db):
    committee = CommitteeFactory()
    first, second = two_editors(committee)
    plan = PlanFactory(committee=committee)
    kind = ActivityTypeFactory(name="专题协商", content_label="协商内容")
    activity = ActivityFactory(section=SectionFactory(plan=plan), type=kind, topic="原议题")
    url = activity_url(activity)
    for attempt in range(3):
        base = version_of(first, url)
        typed = [("unit", f"甲单位{attempt}"), ("experts", f"乙专家{attempt}")]
        responses = post_at_once(
            [
                (client, url, activity_data(activity, base, [row], topic=row[1]))
                for client, row in zip((first, second), typed, strict=True)
            ]
        )
        kinds = outcome(responses)
        assert sorted(kinds) == ["saved", "stopped"]
        winner = typed[kinds.index("saved")]
        activity.refresh_from_db()
        assert activity.topic == winner[1]
        assert participants_of(activity) == [winner]
        assert Plan.objects.count() == 1
