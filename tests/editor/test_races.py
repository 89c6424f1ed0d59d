"""A move, delete or insert that another request overtakes: a message, never a server error.

The views read the row, then the service locks the plan. Another request can land
in between: the first group of tests puts it exactly there (the permission getter
that reads the row lets the other request run right after); the last group sends
both requests at the same moment from two threads, on SQLite and on PostgreSQL.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from activities.models import Activity
from editor.views import activities as editing
from editor.views import sections
from plans.models import Section
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommitteeFactory,
    PlanFactory,
    SectionFactory,
)
from tests.parallel import post_at_once, two_editors
from trash.models import TrashItem
from trash.services import delete_activity, delete_section

GONE = "在此期间，这项内容已被他人删除，所以没有作任何改动。"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def plan(committee):
    return PlanFactory(committee=committee)


@pytest.fixture
def part(plan):
    return SectionFactory(plan=plan, position=1, heading="一部分")


@pytest.fixture
def three(part):
    return [ActivityFactory(section=part, position=i, topic=f"议题{i}") for i in (1, 2, 3)]


def then(module, getter: str, monkeypatch, other_request):
    """Make `module.getter` run `other_request` right after it has read its row."""
    original = getattr(module, getter)

    def read_then_overtaken(*args, **kwargs):
        row = original(*args, **kwargs)
        other_request(row)
        return row

    monkeypatch.setattr(module, getter, read_then_overtaken)


def first(module, service: str, monkeypatch, other_request):
    """Make `other_request` run just before `module.service`, after the view checked its input."""
    original = getattr(module, service)

    def overtaken(**kwargs):
        other_request(**kwargs)
        return original(**kwargs)

    monkeypatch.setattr(module, service, overtaken)


def activity_deleted_after_read(monkeypatch) -> None:
    """The activity a view reads is deleted by another request right after."""
    then(
        editing,
        "get_activity_for",
        monkeypatch,
        lambda row: delete_activity(activity=Activity.objects.get(pk=row.pk)),
    )


def section_deleted_after_read(monkeypatch) -> None:
    """The part a section view reads is deleted by another request right after."""
    then(
        sections,
        "get_section_for",
        monkeypatch,
        lambda row: delete_section(section=Section.objects.get(pk=row.pk)),
    )


def positions(section) -> list[tuple[str, int]]:
    return list(
        Activity.objects.filter(section=section)
        .order_by("position")
        .values_list("topic", "position")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("move", ["up", "down"])
def test_moving_an_activity_deleted_meanwhile_says_so(client, editor, three, monkeypatch, move):
    activity_deleted_after_read(monkeypatch)
    client.force_login(editor)
    response = client.post(reverse("editor:activity_move", args=[three[1].pk]), {"move": move})
    assert response.status_code == 302
    assert messages_of(response) == [GONE]
    assert positions(three[0].section) == [("议题1", 1), ("议题3", 2)]
    assert TrashItem.objects.count() == 1


@pytest.mark.django_db
def test_moving_past_a_neighbour_deleted_meanwhile_moves_among_those_left(
    client, editor, three, monkeypatch
):
    then(
        editing,
        "get_activity_for",
        monkeypatch,
        lambda row: delete_activity(activity=Activity.objects.get(pk=three[1].pk)),
    )
    client.force_login(editor)
    response = client.post(reverse("editor:activity_move", args=[three[2].pk]), {"move": "up"})
    assert response.status_code == 302
    assert positions(three[0].section) == [("议题3", 1), ("议题1", 2)]


@pytest.mark.django_db
def test_moving_into_a_part_deleted_meanwhile_says_so(client, editor, plan, three, monkeypatch):
    target = SectionFactory(plan=plan, position=2, heading="二部分")
    first(
        editing,
        "move_activity_to_section",
        monkeypatch,
        lambda activity, section: delete_section(section=Section.objects.get(pk=section.pk)),
    )
    client.force_login(editor)
    response = client.post(
        reverse("editor:activity_move", args=[three[0].pk]), {"section": target.pk}
    )
    assert response.status_code == 302
    assert messages_of(response) == [GONE]
    assert positions(three[0].section) == [("议题1", 1), ("议题2", 2), ("议题3", 3)]


@pytest.mark.django_db
def test_deleting_an_activity_twice_keeps_one_trash_item(client, editor, three, monkeypatch):
    activity_deleted_after_read(monkeypatch)
    client.force_login(editor)
    response = client.post(reverse("editor:activity_delete", args=[three[0].pk]))
    assert response.status_code == 302
    assert messages_of(response) == [GONE]
    assert TrashItem.objects.count() == 1
    assert positions(three[0].section) == [("议题2", 1), ("议题3", 2)]


@pytest.mark.django_db
def test_adding_an_activity_to_a_part_deleted_meanwhile_says_so(client, editor, part, monkeypatch):
    first(
        editing,
        "save_activity",
        monkeypatch,
        lambda activity, **_: delete_section(section=Section.objects.get(pk=activity.section_id)),
    )
    client.force_login(editor)
    response = client.post(reverse("editor:activity_create", args=[part.pk]), activity_data())
    assert response.status_code == 302
    assert messages_of(response) == [GONE]
    assert not Activity.objects.filter(topic="新议题").exists()


def activity_data() -> dict:
    return {
        "type": str(ActivityTypeFactory().pk),
        "topic": "新议题",
        "content": "",
        "schedule_kind": "month",
        "month": "6",
        "status": "planned",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "50",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("move", ["up", "down", "indent", "outdent"])
def test_moving_a_part_deleted_meanwhile_says_so(client, editor, plan, monkeypatch, move):
    first = SectionFactory(plan=plan, position=1)
    second = SectionFactory(plan=plan, position=2)
    SectionFactory(plan=plan, position=3)
    section_deleted_after_read(monkeypatch)
    client.force_login(editor)
    response = client.post(reverse("editor:section_move", args=[second.pk]), {"move": move})
    assert response.status_code == 302
    assert messages_of(response) == [GONE]
    assert list(plan.sections.order_by("position").values_list("pk", "position")) == [
        (first.pk, 1),
        (second.pk + 1, 2),
    ]


@pytest.mark.django_db
def test_deleting_a_part_twice_keeps_one_trash_item(client, editor, part, monkeypatch):
    section_deleted_after_read(monkeypatch)
    client.force_login(editor)
    response = client.post(reverse("editor:section_delete", args=[part.pk]))
    assert response.status_code == 302
    assert messages_of(response) == [GONE]
    assert TrashItem.objects.count() == 1


@pytest.mark.django_db
def test_adding_a_part_under_one_deleted_meanwhile_says_so(client, editor, plan, part, monkeypatch):
    first(
        sections,
        "add_section",
        monkeypatch,
        lambda section: delete_section(section=Section.objects.get(pk=section.parent_id)),
    )
    client.force_login(editor)
    url = reverse("editor:section_create", args=[plan.pk])
    response = client.post(url, {"parent": part.pk, "heading": "新的部分", "body": ""})
    assert response.status_code == 302
    assert messages_of(response) == [GONE]
    assert not Section.objects.filter(heading="新的部分").exists()


@pytest.mark.django_db
def test_editing_an_activity_deleted_meanwhile_is_not_found(client, editor, three, monkeypatch):
    activity_deleted_after_read(monkeypatch)
    client.force_login(editor)
    response = client.post(reverse("editor:activity_edit", args=[three[0].pk]), {"topic": "改了"})
    assert response.status_code == 404
    assert not Activity.objects.filter(topic="改了").exists()
    assert TrashItem.objects.count() == 1


# --- both requests at the same moment --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rounds", [6])
def test_a_move_and_a_delete_at_the_same_moment_never_fail(shared_db, rounds):
    committee = CommitteeFactory()
    mover, deleter = two_editors(committee)
    part = SectionFactory(plan=PlanFactory(committee=committee))
    for i in range(rounds + 1):
        ActivityFactory(section=part, position=i + 1, topic=f"议题{i}")
    for attempt in range(rounds):
        first, second = Activity.objects.filter(section=part).order_by("position")[:2]
        moved, deleted = (first, second) if attempt % 2 else (second, first)
        move = {"move": "up" if moved == second else "down"}
        responses = post_at_once(
            [
                (mover, reverse("editor:activity_move", args=[moved.pk]), move),
                (deleter, reverse("editor:activity_delete", args=[deleted.pk]), {}),
            ]
        )
        for response in responses:
            assert not isinstance(response, Exception), response
            assert response.status_code == 302
        left = list(Activity.objects.filter(section=part).values_list("position", flat=True))
        assert sorted(left) == list(range(1, rounds - attempt + 1))
    assert TrashItem.objects.count() == rounds


@pytest.mark.django_db(transaction=True)
def test_the_same_activity_moved_and_deleted_at_once_is_deleted_once(shared_db):
    committee = CommitteeFactory()
    mover, deleter = two_editors(committee)
    part = SectionFactory(plan=PlanFactory(committee=committee))
    for i in range(4):
        ActivityFactory(section=part, position=i + 1, topic=f"议题{i}")
    for _ in range(3):
        target = Activity.objects.filter(section=part).order_by("position").last()
        responses = post_at_once(
            [
                (mover, reverse("editor:activity_move", args=[target.pk]), {"move": "up"}),
                (deleter, reverse("editor:activity_delete", args=[target.pk]), {}),
                (mover, reverse("editor:activity_delete", args=[target.pk]), {}),
            ]
        )
        for response in responses:
            assert not isinstance(response, Exception), response
            assert response.status_code in {302, 404}
        assert not Activity.objects.filter(pk=target.pk).exists()
        assert TrashItem.objects.filter(object_id=target.pk).count() == 1
