"""Every page and action against every kind of visitor.

The table below names each URL of the plans and activities apps with what each
persona gets for GET and POST. A URL missing from the table fails the first test,
so a new page cannot ship without deciding who may use it. Refused requests must
change nothing.
"""

import pytest
from django.urls import get_resolver, reverse

from activities.models import Activity
from calendars.models import CalendarFeed
from plans.models import Plan, Section
from progress.models import ActivityRecord, Attachment, Attendance, Outcome, SummaryNarrative
from reviews.models import Comment, Transition, Version
from tests.world import build_world, url_for
from trash.models import TrashItem

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "editor", "leader", "viewer", "outsider", "admin"]

# What each persona gets: anonymous visitors are sent to log in (302), people
# outside the plan's committee get 404 (the plan's existence does not leak),
# readers who may not change get 403.
READ = {
    "anonymous": 302,
    "editor": 200,
    "leader": 200,
    "viewer": 200,
    "outsider": 404,
    "admin": 200,
}
EDIT = {
    "anonymous": 302,
    "editor": 200,
    "leader": 403,
    "viewer": 403,
    "outsider": 404,
    "admin": 200,
}
# A change that succeeds redirects back to the editor.
EDIT_DONE = {**EDIT, "editor": 302, "admin": 302}
POST_ONLY = {"anonymous": 302, "editor": 405, "leader": 405, "viewer": 405, "outsider": 405}
POST_ONLY["admin"] = 405
NO_POST = {**POST_ONLY, "anonymous": 302}
# Anyone signed in may ask for a list or start a plan form; readers without an
# editor role anywhere may not start a plan.
LIST = {
    "anonymous": 302,
    "editor": 200,
    "leader": 200,
    "viewer": 200,
    "outsider": 200,
    "admin": 200,
}
CREATE = {"anonymous": 302, "editor": 200, "leader": 403, "viewer": 403, "outsider": 200}
CREATE["admin"] = 200
# A calendar feed answers whoever holds its token, signed in or not: calendar
# clients cannot log in, so the token is the key (the editor's feed of the plan).
FEED = dict.fromkeys(PERSONAS, 200)
FEED_POST = dict.fromkeys(PERSONAS, 405)
# The feeds page: an empty POST is reported and sent back to the page.
FEEDS_POST = dict.fromkeys(PERSONAS, 302)
# Only administrators purge the trash; the committee's readers are refused, others
# are told the item does not exist.
PURGE = {**EDIT_DONE, "editor": 403}
# A summary's file is made by a background job: readers are sent to its page.
STARTS_JOB = {persona: 302 if code == 200 else code for persona, code in READ.items()}
# Site-wide pages for administrators only; to anyone else they do not exist.
ADMIN_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "admin": 200}

# The review (reviews app): the committee's editors and leaders take part (comment,
# save versions, take the workflow steps their role allows); viewers only read.
# An empty POST is a form with errors (200) or an action without a valid choice
# (reported, redirected: 302); revising a draft is refused the same way.
TAKE_PART = {**EDIT, "leader": 200}
TAKE_PART_DONE = {**EDIT_DONE, "leader": 302}

# url name: (object the URL points at, expected for GET, expected for POST)
# POSTs carry no data: forms come back with their messages (200), actions
# without a valid choice report it and redirect (302).
MATRIX = {
    "editor:list": (None, LIST, NO_POST),
    "editor:create": (None, CREATE, CREATE),
    # An empty import post comes back as the start page with its message (200).
    "importing:import": (None, CREATE, CREATE),
    "importing:save": (None, POST_ONLY, CREATE),
    "editor:detail": ("plan", READ, NO_POST),
    "editor:edit": ("plan", EDIT, EDIT),
    "editor:preview": ("plan", READ, NO_POST),
    "exports:plan": ("plan", READ, NO_POST),
    "editor:check": ("plan", READ, NO_POST),
    "editor:new_year": ("plan", EDIT, EDIT_DONE),
    "editor:acknowledge": ("plan", POST_ONLY, EDIT_DONE),
    "editor:section_create": ("plan", EDIT, EDIT),
    "editor:section_edit": ("section", EDIT, EDIT),
    "editor:section_delete": ("section", EDIT, EDIT_DONE),
    "editor:section_move": ("section", POST_ONLY, EDIT_DONE),
    "calendars:list": (None, LIST, NO_POST),
    "calendars:list_xlsx": (None, LIST, NO_POST),
    "editor:activity_create": ("section", EDIT, EDIT),
    "editor:activity_edit": ("activity", EDIT, EDIT),
    "editor:activity_schedule_preview": ("section", READ, NO_POST),
    "calendars:plan_year": ("plan", READ, NO_POST),
    "calendars:committee_year": ("committee", READ, NO_POST),
    "calendars:month": ("committee", READ, NO_POST),
    "editor:activity_delete": ("activity", EDIT, EDIT_DONE),
    "editor:activity_move": ("activity", EDIT, EDIT_DONE),
    "calendars:feeds": (None, LIST, FEEDS_POST),
    "calendars:feed": ("feed", FEED, FEED_POST),
    "editor:delete": ("plan", EDIT, EDIT_DONE),
    "editor:history": ("plan", READ, NO_POST),
    "trash:list": (None, LIST, NO_POST),
    "trash:restore": ("trash_item", POST_ONLY, EDIT_DONE),
    "trash:purge": ("trash_item", POST_ONLY, PURGE),
    "exports:detail": ("export_job", READ, NO_POST),
    "exports:download": ("export_job", READ, NO_POST),
    "audit:list": (None, ADMIN_ONLY, NO_POST),
    "reviews:transition": ("plan", POST_ONLY, TAKE_PART_DONE),
    "reviews:revise": ("plan", POST_ONLY, EDIT_DONE),
    "reviews:versions": ("plan", READ, TAKE_PART),
    "reviews:compare": ("plan", READ, NO_POST),
    "reviews:comments": ("plan", READ, TAKE_PART),
    "reviews:comment_resolve": ("comment", POST_ONLY, TAKE_PART_DONE),
    # Progress (docs/progress.md): readers of the committee see it, its editors record
    # it whatever the plan's status. Empty posts: forms with errors (200), or an
    # upload or summary text with nothing in it, reported and redirected (302).
    "progress:index": (None, LIST, NO_POST),
    "progress:dashboard": ("committee", READ, NO_POST),
    "progress:members": ("committee", READ, NO_POST),
    "progress:members_xlsx": ("committee", READ, NO_POST),
    "progress:member": ("member", READ, NO_POST),
    "progress:activity": ("activity", READ, NO_POST),
    "progress:record": ("activity", EDIT, EDIT),
    "progress:outcome_create": ("activity", EDIT, EDIT),
    "progress:outcome_edit": ("outcome", EDIT, EDIT),
    "progress:outcome_delete": ("outcome", POST_ONLY, EDIT_DONE),
    "progress:attachment_upload": ("activity", POST_ONLY, EDIT_DONE),
    "progress:attachment": ("attachment", READ, NO_POST),
    "progress:attachment_delete": ("attachment", POST_ONLY, EDIT_DONE),
    "progress:summary": ("committee", READ, NO_POST),
    "progress:summary_edit": ("committee", EDIT, EDIT_DONE),
    "exports:summary": ("committee", STARTS_JOB, NO_POST),
}


def app_url_names() -> set[str]:
    resolver = get_resolver()
    names = set()
    for namespace, (_, sub_resolver) in resolver.namespace_dict.items():
        if namespace == "admin":  # Django's own, guarded by the admin site (tests/test_admin.py)
            continue
        names |= {
            f"{namespace}:{name}" for name in sub_resolver.reverse_dict if isinstance(name, str)
        }
    return names


def test_every_url_is_in_the_matrix():
    assert app_url_names() == set(MATRIX)


@pytest.fixture
def objects(committee, editor):
    return build_world(committee, editor)


@pytest.fixture
def as_persona(client, request, editor, leader, viewer, outsider, admin_user):
    people = {
        "editor": editor,
        "leader": leader,
        "viewer": viewer,
        "outsider": outsider,
        "admin": admin_user,
    }

    def login(persona):
        if persona != "anonymous":
            client.force_login(people[persona])
        return client

    return login


def snapshot() -> list:
    return [
        list(Plan.objects.values_list("pk", "title", "updated_at")),
        list(Section.objects.values_list("pk", "parent_id", "position", "heading")),
        list(Activity.objects.values_list("pk", "section_id", "position", "topic")),
        list(CalendarFeed.objects.values_list("pk", "token", "revoked_at")),
        list(Transition.objects.values_list("pk", "action")),
        list(Version.objects.values_list("pk", "name")),
        list(Comment.objects.values_list("pk", "text", "resolved_at")),
        list(TrashItem.objects.values_list("pk")),
        list(ActivityRecord.objects.values_list("pk", "held_on", "reason", "notes")),
        list(Attendance.objects.values_list("pk")),
        list(Outcome.objects.values_list("pk", "kind", "title", "quantity")),
        list(Attachment.objects.values_list("pk", "name")),
        list(SummaryNarrative.objects.values_list("pk", "opening")),
        list(Activity.objects.values_list("pk", "status")),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_get(name, persona, objects, as_persona):
    target, expected, _ = MATRIX[name]
    url = url_for(name, target, objects)
    before = snapshot()
    response = as_persona(persona).get(url)
    assert response.status_code == expected[persona]
    if persona == "anonymous" and expected[persona] == 302:
        assert response.url.startswith(reverse("login"))
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_post(name, persona, objects, as_persona):
    target, _, expected = MATRIX[name]
    url = url_for(name, target, objects)
    before = snapshot()
    response = as_persona(persona).post(url, {})
    assert response.status_code == expected[persona]
    changes = any(word in name for word in ("delete", "restore", "purge"))
    if expected[persona] != 302 or persona not in {"editor", "admin"} or not changes:
        # Only an allowed delete, restore or purge changes anything; refused and
        # empty posts do not.
        assert snapshot() == before
    else:
        assert snapshot() != before
