"""The trash: a deleted plan, section or activity goes there, and comes back whole."""

import datetime

import pytest
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from activities.models import Activity, JointOrganizer, Participant
from activities.services import move_activity_to_section
from audit.models import Event
from calendars.models import CalendarFeed
from plans.models import Plan, Section, WarningAcknowledgement
from plans.services import add_section, move_section
from progress.models import ActivityRecord, Attachment, Outcome
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    JointOrganizerFactory,
    MemberFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
    SectorFactory,
    SpecialCommitteeFactory,
    fill_plan,
)
from trash.models import TrashItem
from trash.services import delete_activity, delete_plan, delete_section, purge_item, restore_item

pytestmark = pytest.mark.django_db

MEMBERS = Participant.members.through


def dump(plan_pk: int) -> str:
    """The plan and every row that hangs on it, keys included, as dumpdata writes them."""
    activities = Activity.objects.filter(section__plan_id=plan_pk)
    participants = Participant.objects.filter(activity__in=activities)
    return serializers.serialize(
        "json",
        [
            *Plan.objects.filter(pk=plan_pk),
            *Section.objects.filter(plan_id=plan_pk).order_by("pk"),
            *activities.order_by("pk"),
            *JointOrganizer.objects.filter(activity__in=activities).order_by("pk"),
            *participants.order_by("pk"),
            *MEMBERS.objects.filter(participant__in=participants).order_by("pk"),
            *WarningAcknowledgement.objects.filter(plan_id=plan_pk).order_by("pk"),
            *CalendarFeed.objects.filter(plan_id=plan_pk).order_by("pk"),
        ],
    )


def outline(plan) -> list[tuple]:
    """Every section and activity as (parent, position, name), in key order."""
    sections = Section.objects.filter(plan=plan).order_by("pk")
    activities = Activity.objects.filter(section__plan=plan).order_by("pk")
    return [
        *((row.parent_id, row.position, row.heading) for row in sections),
        *((row.section_id, row.position, row.topic) for row in activities),
    ]


@pytest.fixture
def plan(committee, editor):
    """Three parts; the second has two groups of activities with every kind of row."""
    plan = PlanFactory(committee=committee, preamble="为做好今年工作，制定本计划。")
    fill_plan(plan, 8)
    for position, heading in [(3, "措施保障")]:
        SectionFactory(plan=plan, position=position, heading=heading)
    WarningAcknowledgement.objects.create(plan=plan, key="weekend:1", user=editor)
    CalendarFeed.objects.create(owner=editor, scope=CalendarFeed.Scope.PLAN, plan=plan)
    return plan


def part(plan, heading, parent=None) -> Section:
    """The section of `plan` called `heading` (below the part called `parent`, if given)."""
    sections = Section.objects.filter(plan=plan, heading=heading)
    if parent:
        sections = sections.filter(parent__heading=parent)
    return sections.get()


# --- deleting moves to the trash ------------------------------------------------------------


def test_deleting_an_activity_keeps_it_in_the_trash(plan, editor):
    activity = Activity.objects.filter(section__plan=plan).order_by("pk").first()
    pk, section_id = activity.pk, activity.section_id

    item = delete_activity(activity=activity, user=editor)

    assert not Activity.objects.filter(pk=pk).exists()
    assert list(
        Activity.objects.filter(section_id=section_id).values_list("position", flat=True)
    ) == [1]
    assert (item.kind, item.label, item.plan_id, item.plan_title) == (
        "activity",
        activity.topic,
        plan.pk,
        plan.title,
    )
    assert (item.committee_id, item.deleted_by, item.object_id) == (
        plan.committee_id,
        editor,
        pk,
    )
    assert (item.section_count, item.activity_count) == (0, 1)


def test_deleting_a_section_takes_its_subtree(plan):
    first = part(plan, "第1部分")
    item = delete_section(section=first)
    assert (item.kind, item.label, item.section_count, item.activity_count) == (
        "section",
        "第1部分",
        3,
        4,
    )
    assert list(
        Section.objects.filter(plan=plan, parent=None).values_list("heading", "position")
    ) == [("第2部分", 1), ("措施保障", 2)]


def test_a_trashed_activity_comes_back_identical(plan):
    before = dump(plan.pk)
    activity = Activity.objects.filter(section__plan=plan).order_by("position", "pk").first()
    pk = activity.pk
    item = delete_activity(activity=activity)
    assert dump(plan.pk) != before

    restored = restore_item(item=item)

    assert restored.pk == pk
    assert dump(plan.pk) == before
    assert not TrashItem.objects.exists()


def test_a_trashed_section_comes_back_identical_in_its_place(plan):
    before, shape = dump(plan.pk), outline(plan)
    item = delete_section(section=part(plan, "第2部分"))
    assert Section.objects.get(heading="措施保障").position == 2

    restore_item(item=item)

    assert outline(plan) == shape
    assert dump(plan.pk) == before


def test_a_trashed_plan_comes_back_identical_with_its_timestamps(plan):
    pk = plan.pk
    plan.refresh_from_db()
    before = dump(pk)
    item = delete_plan(plan=plan)
    assert not Plan.objects.filter(pk=pk).exists()
    assert not Activity.objects.filter(section__plan_id=pk).exists()
    assert (item.kind, item.section_count, item.activity_count) == ("plan", 7, 8)

    restore_item(item=item)

    restored = Plan.objects.get(pk=pk)
    assert (restored.created_at, restored.updated_at) == (plan.created_at, plan.updated_at)
    assert dump(pk) == before


def test_restoring_after_the_siblings_changed_keeps_the_old_place_if_it_can(plan):
    item = delete_section(section=part(plan, "第1部分"))
    add_section(section=Section(plan=plan, heading="新增部分"))
    restore_item(item=item)
    assert list(
        Section.objects.filter(plan=plan, parent=None)
        .order_by("position")
        .values_list("heading", "position")
    ) == [("第1部分", 1), ("第2部分", 2), ("措施保障", 3), ("新增部分", 4)]


def test_restoring_into_a_shorter_list_goes_last(plan):
    last = part(plan, "措施保障")
    item = delete_section(section=last)
    delete_section(section=part(plan, "第1部分"))
    restore_item(item=item)
    assert list(
        Section.objects.filter(plan=plan, parent=None)
        .order_by("position")
        .values_list("heading", "position")
    ) == [("第2部分", 1), ("措施保障", 2)]


# --- what cannot be restored, and says why -----------------------------------------------


def test_an_activity_of_a_trashed_part_asks_for_the_part_first(plan):
    group = part(plan, "分组1", "第1部分")
    activity = group.activities.first()
    pk = activity.pk
    activity_item = delete_activity(activity=activity)
    section_item = delete_section(section=group.parent)
    before = dump(plan.pk)

    with pytest.raises(ValidationError) as error:
        restore_item(item=activity_item)

    assert error.value.messages == ["它所在的部分“分组1”已被删除，请先恢复该部分。"]
    assert dump(plan.pk) == before
    assert TrashItem.objects.count() == 2
    restore_item(item=section_item)
    restore_item(item=activity_item)
    assert Activity.objects.filter(pk=pk, section=group).exists()


def test_a_part_of_a_trashed_plan_asks_for_the_plan_first(plan):
    section_item = delete_section(section=part(plan, "措施保障"))
    pk = plan.pk
    plan_item = delete_plan(plan=plan)
    with pytest.raises(ValidationError) as error:
        restore_item(item=section_item)
    assert error.value.messages == [f"它所属的计划“{plan.title}”已被删除，请先恢复该计划。"]
    restore_item(item=plan_item)
    restore_item(item=section_item)
    assert Section.objects.get(plan_id=pk, heading="措施保障").position == 3


def test_a_deleted_activity_type_stops_the_restore(plan):
    kind = ActivityTypeFactory(name="读书活动")
    activity = ActivityFactory(section=part(plan, "措施保障"), position=1, type=kind)
    item = delete_activity(activity=activity)
    kind.delete()
    with pytest.raises(ValidationError) as error:
        restore_item(item=item)
    assert error.value.messages == ["无法恢复：它引用的活动类型已不存在。"]
    assert TrashItem.objects.filter(pk=item.pk).exists()


def test_a_deleted_member_is_left_out_and_the_rest_comes_back(plan):
    member = MemberFactory()
    entry = ParticipantFactory(
        activity=ActivityFactory(section=part(plan, "措施保障"), position=1),
        kind="members",
        text="",
    )
    entry.members.add(member, MemberFactory())
    item = delete_activity(activity=entry.activity)
    member.delete()
    restore_item(item=item)
    restored = Participant.objects.get(pk=entry.pk)
    assert restored.members.count() == 1


def test_a_section_that_no_longer_fits_is_refused(plan):
    # 第1部分 > 分组1: trash 分组1 after giving it a child, then push its parent two levels down.
    group = part(plan, "分组1", "第1部分")
    SectionFactory(plan=plan, parent=group, position=1, heading="子项")
    item = delete_section(section=group)
    holder = part(plan, "第2部分")
    move_section(section=part(plan, "第1部分"), move="down")  # 第2部分, 第1部分
    move_section(section=part(plan, "第1部分"), move="indent")  # under 第2部分
    move_section(section=part(plan, "第1部分"), move="indent")  # under 第2部分 > 分组2
    assert part(plan, "第1部分").parent.parent == holder
    with pytest.raises(ValidationError) as error:
        restore_item(item=item)
    assert error.value.messages == ["放不下了：部分最多嵌套4级。"]


def test_activities_moved_away_stay_where_they_are(plan):
    group, other = part(plan, "分组1", "第1部分"), part(plan, "措施保障")
    moved = group.activities.order_by("position").first()
    move_activity_to_section(activity=moved, section=other)
    item = delete_section(section=group.parent)
    restore_item(item=item)
    assert Activity.objects.get(pk=moved.pk).section == other


# --- purging ---------------------------------------------------------------------------------


def test_only_an_administrator_purges(plan, editor, admin_user):
    item = delete_section(section=part(plan, "措施保障"))
    with pytest.raises(PermissionDenied):
        purge_item(item=item, user=editor)
    assert TrashItem.objects.filter(pk=item.pk).exists()
    purge_item(item=item, user=admin_user)
    assert not TrashItem.objects.exists()
    assert not Section.objects.filter(heading="措施保障").exists()


# --- pages --------------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_deleting_a_plan_asks_first(editor_client, plan):
    response = editor_client.get(reverse("editor:delete", args=[plan.pk]))
    assert response.status_code == 200
    assert "删除这个计划及其全部内容吗？" in response.content.decode()
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_deleting_a_plan_moves_it_to_the_trash(editor_client, editor, plan):
    response = editor_client.post(reverse("editor:delete", args=[plan.pk]))
    assert response.url == reverse("editor:list")
    item = TrashItem.objects.get()
    assert (item.kind, item.object_id, item.deleted_by) == ("plan", plan.pk, editor)
    page = editor_client.get(response.url).content.decode()
    assert "计划已移入回收站。" in page


def test_deleting_a_section_and_an_activity_through_the_editor(editor_client, editor, plan):
    group = part(plan, "分组1", "第1部分")
    activity = group.activities.first()
    editor_client.post(reverse("editor:activity_delete", args=[activity.pk]))
    response = editor_client.post(reverse("editor:section_delete", args=[group.pk]), follow=True)
    assert "已移入回收站" in response.content.decode()
    assert list(TrashItem.objects.values_list("kind", "deleted_by")) == [
        ("section", editor.pk),
        ("activity", editor.pk),
    ]


def test_the_trash_page_lists_what_the_user_may_read(client, plan, editor, viewer, outsider):
    delete_section(section=part(plan, "措施保障"), user=editor)
    other = PlanFactory(committee=outsider.staff_roles.get().committee)
    SectionFactory(plan=other, position=1, heading="别人的部分")
    delete_section(section=other.sections.get())

    client.force_login(viewer)
    rows = client.get(reverse("trash:list")).content.decode().split("<tbody>")[1]
    assert "措施保障" in rows
    assert "别人的部分" not in rows
    # A viewer sees but may neither restore nor purge.
    assert "恢复" not in rows
    assert "永久删除" not in rows

    client.force_login(editor)
    rows = client.get(reverse("trash:list")).content.decode().split("<tbody>")[1]
    assert "恢复" in rows
    assert "永久删除" not in rows


def test_an_administrator_sees_purge(client, plan, admin_user):
    delete_section(section=part(plan, "措施保障"))
    client.force_login(admin_user)
    rows = client.get(reverse("trash:list")).content.decode().split("<tbody>")[1]
    assert "恢复" in rows
    assert "永久删除" in rows


def test_restoring_through_the_page_returns_to_the_part(editor_client, plan):
    section = part(plan, "措施保障")
    pk = section.pk
    item = delete_section(section=section)
    response = editor_client.post(reverse("trash:restore", args=[item.pk]))
    assert response.url == reverse("editor:detail", args=[plan.pk]) + f"#section-{pk}"
    assert Section.objects.filter(pk=pk).exists()


def test_restoring_a_plan_through_the_page_opens_it(editor_client, plan):
    url = plan.get_absolute_url()
    item = delete_plan(plan=plan)
    response = editor_client.post(reverse("trash:restore", args=[item.pk]))
    assert response.url == url


def test_a_refused_restore_explains_and_changes_nothing(editor_client, plan):
    group = part(plan, "分组1", "第1部分")
    activity_item = delete_activity(activity=group.activities.first())
    delete_section(section=group)
    before = dump(plan.pk)
    response = editor_client.post(reverse("trash:restore", args=[activity_item.pk]), follow=True)
    assert "请先恢复该部分" in response.content.decode()
    assert dump(plan.pk) == before


def test_purging_through_the_page(client, plan, admin_user, editor):
    item = delete_section(section=part(plan, "措施保障"))
    client.force_login(editor)
    assert client.post(reverse("trash:purge", args=[item.pk])).status_code == 403
    client.force_login(admin_user)
    response = client.post(reverse("trash:purge", args=[item.pk]))
    assert response.url == reverse("trash:list")
    assert not TrashItem.objects.exists()


@pytest.mark.parametrize("pk", ["0", "999999"])
def test_unknown_items_are_not_found(editor_client, pk):
    assert editor_client.post(f"/trash/{pk}/restore/").status_code == 404


# --- queries ------------------------------------------------------------------------------------

# 1. session  2. user  3. staff roles  4. committee tree (the user's scope)
# 5. count of items (paginator)  6. the page of items with committee and who deleted them
TRASH_QUERIES = 6


@pytest.mark.parametrize("item_count", [2, 30])
def test_trash_page_queries_do_not_grow_with_items(
    editor_client, committee, editor, django_assert_num_queries, item_count
):
    plan = PlanFactory(committee=committee)
    for position in range(1, item_count + 1):
        section = SectionFactory(plan=plan, position=position, heading=f"部分{position}")
        delete_section(section=section, user=editor)
    with django_assert_num_queries(TRASH_QUERIES):
        response = editor_client.get(reverse("trash:list"))
    assert response.content.decode().count('class="trash-item"') == item_count


def test_the_snapshot_keeps_microseconds(plan):
    stamp = datetime.datetime(2026, 3, 1, 8, 0, 0, 123456, tzinfo=datetime.UTC)
    Plan.objects.filter(pk=plan.pk).update(updated_at=stamp)
    pk = plan.pk
    item = delete_plan(plan=Plan.objects.get(pk=pk))
    item.refresh_from_db()  # the snapshot as stored, read back from JSON
    restore_item(item=item)
    assert Plan.objects.get(pk=pk).updated_at == stamp


def test_joint_organizers_and_named_members_come_back(plan):
    activity = ActivityFactory(section=part(plan, "措施保障"), position=1)
    JointOrganizerFactory(activity=activity, committee=SpecialCommitteeFactory(), position=1)
    entry = ParticipantFactory(activity=activity, kind="sector", text="", sector=SectorFactory())
    members = ParticipantFactory(activity=activity, kind="members", text="部分政协委员")
    members.members.add(MemberFactory())
    before = dump(plan.pk)
    restore_item(item=delete_activity(activity=activity))
    assert dump(plan.pk) == before
    assert Participant.objects.get(pk=entry.pk).sector_id == entry.sector_id


def test_nothing_is_put_back_into_a_plan_that_is_no_longer_a_draft(plan):
    item = delete_section(section=part(plan, "措施保障"))
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ISSUED)
    before = dump(plan.pk)
    with pytest.raises(ValidationError) as error:
        restore_item(item=item)
    assert error.value.messages == [f"计划“{plan.title}”已不是草稿，不能再放回内容。"]
    assert dump(plan.pk) == before
    assert TrashItem.objects.filter(pk=item.pk).exists()


def test_a_purge_is_in_the_audit_log(client, plan, admin_user):
    item = delete_section(section=part(plan, "措施保障"))
    client.force_login(admin_user)

    client.post(reverse("trash:purge", args=[item.pk]))

    event = Event.objects.get(kind=Event.Kind.PURGE)
    assert (event.user, event.status) == (admin_user, 200)
    assert event.detail == item.label


MINUTES = b"%PDF-1.4\n%%EOF\n"


def attach_minutes(activity) -> Attachment:
    return Attachment.objects.create(
        activity=activity,
        file=ContentFile(MINUTES, name="minutes.pdf"),
        name="纪要.pdf",
        kind="pdf",
        size=len(MINUTES),
    )


def test_attachment_files_stay_while_in_the_trash_and_go_with_a_purge(
    plan, admin_user, django_capture_on_commit_callbacks
):
    activity = Activity.objects.filter(section__plan=plan).first()
    attachment = attach_minutes(activity)
    name = attachment.file.name

    item = delete_activity(activity=activity)
    assert default_storage.exists(name)  # a restore would need it

    with django_capture_on_commit_callbacks(execute=True):
        purge_item(item=item, user=admin_user)
    assert not default_storage.exists(name)


def test_a_restored_activity_comes_back_with_its_progress_and_attachment(plan, editor):
    activity = Activity.objects.filter(section__plan=plan).first()
    notes = "调研三次，形成报告。"
    ActivityRecord.objects.create(activity=activity, notes=notes, updated_by=editor)
    Outcome.objects.create(activity=activity, kind="proposal", quantity=2)
    attachment = attach_minutes(activity)

    pk = activity.pk  # the delete sets it to None
    restore_item(item=delete_activity(activity=activity))

    assert ActivityRecord.objects.get(activity_id=pk).notes == notes
    assert Outcome.objects.get(activity_id=pk).quantity == 2
    restored = Attachment.objects.get(pk=attachment.pk)
    assert restored.file.read() == MINUTES
