"""The site-wide audit log: what is written, who may read it, how it is filtered.

Administrators read who logged in, who failed, who was refused and who
downloaded what; nobody edits or deletes a record.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from audit.filters import start_of_day
from audit.ip import client_ip
from audit.models import Event
from audit.services import record_event
from tests.factories import PlanFactory, UserFactory, fill_plan

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


def events(kind=None):
    rows = Event.objects.order_by("pk")
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.values_list("kind", "username", "ip", "method", "path", "status"))


# --- what is written -----------------------------------------------------------------


def test_a_login_is_recorded(client, editor):
    client.post(
        reverse("login"),
        {"username": editor.username, "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )
    event = Event.objects.get(kind=Event.Kind.LOGIN)
    assert (event.user, event.username, event.ip, event.method, event.path) == (
        editor,
        editor.username,
        "10.1.2.3",
        "POST",
        "/login/",
    )


def test_a_failed_login_is_recorded_without_the_password(client, editor):
    client.post(reverse("login"), {"username": "nobody", "password": "s3cret-guess"})
    event = Event.objects.get()
    assert (event.kind, event.user, event.username, event.ip) == (
        Event.Kind.LOGIN_FAILED,
        None,
        "nobody",
        "127.0.0.1",
    )
    assert "s3cret-guess" not in f"{event.path} {event.detail}"


def test_a_lockout_is_recorded(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": editor.username, "password": "wrong"})
    # django-axes reports the lockout while it handles the second failure.
    assert events() == [
        ("login_failed", editor.username, "127.0.0.1", "POST", "/login/", None),
        ("locked_out", editor.username, "127.0.0.1", "POST", "/login/", None),
        ("login_failed", editor.username, "127.0.0.1", "POST", "/login/", None),
    ]


def test_a_logout_is_recorded(client, editor):
    client.force_login(editor)
    client.post(reverse("logout"))
    event = Event.objects.get(kind=Event.Kind.LOGOUT)
    assert (event.user, event.path) == (editor, "/logout/")


def test_a_refused_change_is_recorded_with_its_reason(client, leader, committee):
    plan = PlanFactory(committee=committee)
    client.force_login(leader)
    url = reverse("editor:edit", args=[plan.pk])

    assert client.post(url, {}).status_code == 403

    event = Event.objects.get(kind=Event.Kind.DENIED)
    assert (event.user, event.method, event.path, event.status) == (leader, "POST", url, 403)
    # The permission getter's own words.
    assert "不能修改" in event.detail


def test_a_plan_outside_ones_committees_is_recorded(client, outsider, committee):
    plan = PlanFactory(committee=committee)
    client.force_login(outsider)
    url = reverse("editor:detail", args=[plan.pk])

    assert client.get(url).status_code == 404

    assert events(Event.Kind.DENIED) == [
        ("denied", outsider.username, "127.0.0.1", "GET", url, 404)
    ]


def test_a_mistyped_address_and_allowed_pages_are_not_recorded(client, editor, committee):
    plan = PlanFactory(committee=committee)
    client.force_login(editor)
    assert client.get("/no-such-page/").status_code == 404
    assert client.get(reverse("editor:detail", args=[plan.pk])).status_code == 200
    assert events(Event.Kind.DENIED) == []


def test_anonymous_visitors_are_sent_to_log_in_not_recorded(client, committee):
    plan = PlanFactory(committee=committee)
    assert client.get(reverse("editor:detail", args=[plan.pk])).status_code == 302
    assert Event.objects.count() == 0


def test_a_plan_download_is_recorded(client, editor, committee):
    plan = PlanFactory(committee=committee, title="2026年协商计划")
    client.force_login(editor)
    url = reverse("exports:plan", args=[plan.pk, "json"])

    assert client.get(url).status_code == 200

    event = Event.objects.get(kind=Event.Kind.EXPORT)
    assert (event.user, event.path, event.status, event.detail) == (
        editor,
        url,
        200,
        f"《2026年协商计划》 #{plan.pk} (json)",
    )


def test_a_refused_download_is_recorded_as_denied_not_as_export(client, outsider, committee):
    plan = PlanFactory(committee=committee)
    client.force_login(outsider)
    assert client.get(reverse("exports:plan", args=[plan.pk, "json"])).status_code == 404
    assert [event.kind for event in Event.objects.exclude(kind=Event.Kind.LOGIN)] == ["denied"]


def test_an_activity_list_download_is_recorded_with_its_filter(client, editor, committee):
    fill_plan(PlanFactory(committee=committee, year=2026), 2)
    client.force_login(editor)

    response = client.get(reverse("calendars:list_xlsx"), {"year": "2026", "q": "调研"})

    assert response.status_code == 200
    event = Event.objects.get(kind=Event.Kind.EXPORT)
    assert (event.user, event.path, event.detail) == (
        editor,
        "/activities/export.xlsx?year=2026&q=%E8%B0%83%E7%A0%94",
        "活动清单 (xlsx)",
    )


# --- the record itself ---------------------------------------------------------------


def test_events_cannot_be_changed_or_deleted(editor):
    event = record_event(kind=Event.Kind.LOGIN, user=editor)
    event.detail = "changed"
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="never deleted"):
        event.delete()
    assert Event.objects.get().detail == ""


def test_long_values_are_cut_to_fit(rf, editor):
    request = rf.get("/plans/?q=" + "长" * 2000)
    event = record_event(
        kind=Event.Kind.DENIED, request=request, user=editor, username="x" * 500, detail="y" * 9000
    )
    event.refresh_from_db()
    assert (len(event.path), len(event.username), len(event.detail)) == (500, 150, 500)


def test_a_deleted_users_events_keep_the_name(editor):
    record_event(kind=Event.Kind.LOGIN, user=editor)
    username = editor.username
    editor.delete()
    assert list(Event.objects.values_list("user", "username")) == [(None, username)]


@pytest.mark.parametrize(
    ("header_setting", "meta", "expected"),
    [
        ("", {"REMOTE_ADDR": "10.0.0.5"}, "10.0.0.5"),
        ("", {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.5"),
        ("X-Real-IP", {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_REAL_IP": "1.2.3.4"}, "1.2.3.4"),
        (
            "X-Forwarded-For",
            {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"},
            "1.2.3.4",
        ),
        ("X-Real-IP", {"REMOTE_ADDR": "10.0.0.5"}, "10.0.0.5"),
        ("X-Real-IP", {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_REAL_IP": "<script>"}, None),
        ("", {"REMOTE_ADDR": "::1"}, "::1"),
        ("", {}, None),
    ],
)
def test_the_client_address(rf, settings, header_setting, meta, expected):
    settings.CLIENT_IP_HEADER = header_setting
    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert client_ip(request) == expected


# --- the page ------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    Event.objects.all().delete()  # forget the login itself
    return client


def make_event(kind, username, day, *, detail="", path="/"):
    user = UserFactory(username=username) if username else None
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    return Event.objects.create(
        kind=kind, user=user, username=username, created_at=when, detail=detail, path=path
    )


@pytest.fixture
def history():
    return [
        make_event(Event.Kind.LOGIN, "zhang", datetime.date(2026, 3, 1)),
        make_event(Event.Kind.LOGIN_FAILED, "", datetime.date(2026, 3, 2), path="/login/"),
        make_event(
            Event.Kind.EXPORT, "li", datetime.date(2026, 3, 3), detail="《协商计划》 #7 (pdf)"
        ),
        make_event(Event.Kind.DENIED, "zhao", datetime.date(2026, 3, 4), path="/plans/9/edit/"),
    ]


def listed(response) -> list[str]:
    return [event.kind for event in response.context["page"].object_list]


def test_the_log_lists_events_newest_first(admin_client, history):
    response = admin_client.get(reverse("audit:list"))
    assert response.status_code == 200
    assert listed(response) == ["denied", "export", "login_failed", "login"]
    page = response.content.decode()
    assert "审计日志" in page
    assert "《协商计划》 #7 (pdf)" in page
    assert "2026-03-03 10:00:00" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "export"}, ["export"]),
        ({"since": "2026-03-02", "until": "2026-03-03"}, ["export", "login_failed"]),
        ({"since": "2026-03-04"}, ["denied"]),
        ({"until": "2026-03-01"}, ["login"]),
        ({"q": "协商计划"}, ["export"]),
        ({"q": "/plans/9"}, ["denied"]),
        ({"q": "ZHANG"}, ["login"]),
        ({"q": "<script>alert(1)</script>"}, []),
        ({"kind": "login", "q": "li"}, []),
    ],
)
def test_the_filters(admin_client, history, query, expected):
    response = admin_client.get(reverse("audit:list"), query)
    assert listed(response) == expected
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_user_filter(admin_client, history):
    zhao = history[3].user
    response = admin_client.get(reverse("audit:list"), {"user": zhao.pk})
    assert listed(response) == ["denied"]


def test_days_are_local_days(admin_client):
    # 23:30 in Shanghai on 1 March is 15:30 UTC: still 1 March here.
    late = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    Event.objects.create(kind=Event.Kind.LOGIN, username="night", created_at=late)
    assert listed(admin_client.get(reverse("audit:list"), {"until": "2026-03-01"})) == ["login"]
    assert listed(admin_client.get(reverse("audit:list"), {"since": "2026-03-02"})) == []
    assert start_of_day(datetime.date(2026, 3, 2)).utcoffset() == datetime.timedelta(hours=8)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-03-05", "until": "2026-03-01"}, "开始日期晚于结束日期。"),
        ({"since": "yesterday"}, "输入一个有效的日期。"),
        ({"kind": "erase_everything"}, "选择一个有效的选项"),
        ({"user": "999999"}, "选择一个有效的选项"),
        ({"q": "长" * 101}, "确保该变量包含不超过 100 字符"),
    ],
)
def test_bad_filters_are_explained_in_chinese(admin_client, history, query, message):
    response = admin_client.get(reverse("audit:list"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "请更正上面的筛选条件" in page
    assert Event.objects.count() == len(history)


def test_the_log_pages_through_fifty_at_a_time(admin_client):
    Event.objects.bulk_create(Event(kind=Event.Kind.LOGIN, username=f"u{n}") for n in range(120))
    response = admin_client.get(reverse("audit:list"), {"page": 3})
    assert len(response.context["page"].object_list) == 20
    assert "第 3 页，共 3 页" in response.content.decode()


def test_the_page_has_no_way_to_change_anything(admin_client, history):
    page = admin_client.get(reverse("audit:list")).content.decode()
    assert 'method="post"' not in page.split("<main")[1].split("</form>", 1)[1]
    assert admin_client.post(reverse("audit:list")).status_code == 405
    assert Event.objects.count() == len(history)


# --- who may read it -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["editor", "leader", "viewer", "outsider"])
def test_only_administrators_read_the_log(client, request, persona, history):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("audit:list"))
    assert response.status_code == 404
    assert "审计日志" not in response.content.decode()
    # The attempt itself goes into the log.
    assert Event.objects.filter(kind=Event.Kind.DENIED, user=user).count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_only_administrators_see_the_link(client, editor, admin_user):
    client.force_login(editor)
    assert reverse("audit:list") not in client.get(reverse("editor:list")).content.decode()
    client.force_login(admin_user)
    assert reverse("audit:list") in client.get(reverse("editor:list")).content.decode()


# --- the Django admin: read only ------------------------------------------------------


def test_the_admin_shows_events_read_only(admin_client, admin_user, rf, history):
    event = history[2]
    assert admin_client.get(reverse("admin:audit_event_changelist")).status_code == 200
    change = admin_client.get(reverse("admin:audit_event_change", args=[event.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert admin_client.get(reverse("admin:audit_event_add")).status_code == 403
    delete = reverse("admin:audit_event_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()
    request = rf.get("/")
    request.user = admin_user
    assert "delete_selected" not in admin.site._registry[Event].get_actions(request)


# --- queries ---------------------------------------------------------------------------

# 1. session  2. user  3. users for the filter's choice list  4. count of events
# 5. the page of events with their users
LIST_QUERIES = 5


@pytest.mark.parametrize("event_count", [3, 60])
def test_the_log_runs_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries, event_count
):
    users = [UserFactory() for _ in range(3)]
    Event.objects.bulk_create(
        Event(kind=Event.Kind.LOGIN, user=users[n % 3], username=users[n % 3].username)
        for n in range(event_count)
    )
    with django_assert_num_queries(LIST_QUERIES):
        response = admin_client.get(reverse("audit:list"))
    assert len(response.context["page"].object_list) == min(event_count, 50)
