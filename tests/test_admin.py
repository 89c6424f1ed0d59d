"""The Django admin: administrators set up the organisation there; nobody else gets in."""

import datetime
import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from calendars.models import CalendarFeed
from organisation.models import Committee
from plans.models import OfficialDay, Plan
from tests.factories import (
    ActivityFactory,
    JointOrganizerFactory,
    MembershipFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"cppcc", "plans", "activities", "calendars"}
OUR_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in OUR_APPS
)


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    # The demo enters no holiday days: one for the change page to open.
    OfficialDay.objects.create(date=datetime.date(2027, 1, 1), kind="holiday", name="元旦")


def test_every_model_of_ours_is_in_the_admin():
    assert OUR_MODELS == [
        ("activities", "activity"),
        ("activities", "activitytype"),
        ("calendars", "calendarfeed"),
        ("cppcc", "committee"),
        ("cppcc", "member"),
        ("cppcc", "sector"),
        ("plans", "officialday"),
        ("plans", "plan"),
        ("plans", "section"),
    ]


def admin_urls(app, model, pk):
    return [
        reverse(f"admin:{app}_{model}_changelist"),
        reverse(f"admin:{app}_{model}_add"),
        reverse(f"admin:{app}_{model}_change", args=[pk]),
    ]


def any_pk(app, model):
    model_class = next(m for m in admin.site._registry if m._meta.model_name == model)
    return model_class.objects.order_by("pk").values_list("pk", flat=True).first()


@pytest.mark.parametrize(("app", "model"), OUR_MODELS)
def test_administrator_opens_every_admin_page_in_chinese(demo, client, admin_user, app, model):
    # The demo has no calendar feeds: one for the change page to open.
    CalendarFeed.objects.create(owner=admin_user, scope="plan", plan=Plan.objects.first())
    client.force_login(admin_user)
    for url in admin_urls(app, model, any_pk(app, model)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "政协年度工作计划" in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "editor", "leader", "viewer", "outsider"])
@pytest.mark.parametrize(("app", "model"), OUR_MODELS)
def test_staff_of_committees_cannot_enter_the_admin(demo, client, request, persona, app, model):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for url in admin_urls(app, model, any_pk(app, model)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login"))


def test_a_committee_login_cannot_add_anything_through_the_admin(demo, client, editor):
    client.force_login(editor)
    before = Committee.objects.count()
    response = client.post(
        reverse("admin:cppcc_committee_add"),
        {"name": "伪造委员会", "level": "city", "kind": "committee", "position": 1},
    )
    assert response.status_code == 302
    assert Committee.objects.count() == before


def test_staff_without_model_permissions_is_refused(demo, client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:plans_plan_changelist"))
    assert response.status_code == 403


def test_administrator_sets_up_a_special_committee_with_a_member(demo, client, admin_user):
    client.force_login(admin_user)
    city = Committee.objects.get(name="政协河洛市委员会")
    response = client.post(
        reverse("admin:cppcc_committee_add"),
        {
            "name": "社会法制和民族宗教委员会",
            "short_name": "",
            "level": "city",
            "kind": "special",
            "parent": city.pk,
            "position": 50,
            "children-TOTAL_FORMS": 0,
            "children-INITIAL_FORMS": 0,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "staff_roles-TOTAL_FORMS": 0,
            "staff_roles-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Committee.objects.get(name="社会法制和民族宗教委员会")
    assert (created.parent, created.kind, created.level) == (city, "special", "city")


def test_admin_refuses_an_incomplete_schedule_with_a_chinese_message(demo, client, admin_user):
    client.force_login(admin_user)
    activity = Activity.objects.filter(schedule_kind="month").first()
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    form = {
        "section": activity.section_id,
        "position": activity.position,
        "type": activity.type_id,
        "topic": activity.topic,
        "content": activity.content,
        "status": "planned",
        "schedule_kind": "quarter",
        "quarter": "",
        "joint_organizer_rows-TOTAL_FORMS": 0,
        "joint_organizer_rows-INITIAL_FORMS": 0,
        "participants-TOTAL_FORMS": 0,
        "participants-INITIAL_FORMS": 0,
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "请选择季度。" in response.content.decode()
    activity.refresh_from_db()
    assert activity.schedule_kind == "month"


def fill_activities(count):
    for _ in range(count):
        activity = ActivityFactory(lead_organizer=MembershipFactory().committee)
        JointOrganizerFactory(activity=activity)
        ParticipantFactory(activity=activity)


@pytest.mark.parametrize("count", [3, 30])
def test_activity_changelist_runs_a_fixed_number_of_queries(client, admin_user, count):
    fill_activities(count)
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:activities_activity_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == count
    # session, user, the type filter's choices, two counts, the page of
    # activities (type, plan and organizer joined), the year filter's values.
    assert len(queries) == 7, [query["sql"] for query in queries]


@pytest.mark.parametrize(
    ("app", "model"), [("plans", "plan"), ("plans", "section"), ("activities", "activity")]
)
def test_plans_parts_and_activities_are_deleted_only_through_the_trash(
    demo, client, admin_user, app, model
):
    # A delete in the admin would bypass the trash (trash/): the app's delete keeps a copy.
    client.force_login(admin_user)
    pk = any_pk(app, model)
    model_class = next(m for m in admin.site._registry if m._meta.model_name == model)
    before = model_class.objects.count()

    assert client.get(reverse(f"admin:{app}_{model}_delete", args=[pk])).status_code == 403
    assert (
        client.post(reverse(f"admin:{app}_{model}_delete", args=[pk]), {"post": "yes"}).status_code
        == 403
    )
    changelist = client.post(
        reverse(f"admin:{app}_{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
    )
    assert changelist.status_code in {200, 302}
    assert model_class.objects.count() == before
    assert (
        "delete_selected"
        not in client.get(reverse(f"admin:{app}_{model}_changelist")).content.decode()
    )
