"""One of everything a URL can point at, and the URL of each name for that world.

Shared by the permission matrix (tests/test_permissions.py) and the hostile-input
sweep (tests/test_hostile_input.py).
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from calendars.models import CalendarFeed
from exports.models import ExportJob
from progress.models import Attachment, Outcome
from reviews.models import Comment
from tests.factories import ActivityFactory, MembershipFactory, PlanFactory, SectionFactory
from trash.services import delete_activity


def build_world(committee, editor) -> dict:
    """One of each kind of object a URL can point at, in the editor's committee."""
    plan = PlanFactory(committee=committee)
    section = SectionFactory(plan=plan, position=1)
    SectionFactory(plan=plan, position=2)
    activity = ActivityFactory(section=section, position=1)
    ActivityFactory(section=section, position=2)
    trash_item = delete_activity(activity=ActivityFactory(section=section, position=3))
    feed = CalendarFeed.objects.create(owner=editor, scope=CalendarFeed.Scope.PLAN, plan=plan)
    export_job = ExportJob.objects.create(
        plan=plan, fmt="json", requested_by=editor, status=ExportJob.Status.DONE, filename="p.json"
    )
    export_job.file.save("p.json", ContentFile(b"{}"))
    return {
        "plan": plan,
        "section": section,
        "activity": activity,
        "committee": committee,
        "feed": feed,
        "trash_item": trash_item,
        "export_job": export_job,
        "comment": Comment.objects.create(plan=plan, text="请补充时间安排。", author=editor),
        "outcome": Outcome.objects.create(activity=activity, kind="proposal", quantity=2),
        "attachment": Attachment.objects.create(
            activity=activity,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="a.pdf"),
            name="纪要.pdf",
            kind="pdf",
            size=15,
        ),
        "member": MembershipFactory(committee=committee).member,
    }


# Arguments a URL takes besides its object's key.
EXTRA_ARGS = {
    "exports:plan": ["json"],
    "calendars:committee_year": [2026],
    "calendars:month": [2026, 6],
    "progress:dashboard": [2026],
    "progress:members": [2026],
    "progress:members_xlsx": [2026],
    "progress:member": [2026],
    "progress:summary": [2026, "h1"],
    "progress:summary_edit": [2026, "h1"],
    "exports:summary": [2026, "h1", "docx"],
}


def url_for(name, target, objects):
    if not target:
        return reverse(name)
    # A feed's URL carries its token instead of a key.
    key = objects[target].token if target == "feed" else objects[target].pk
    return reverse(name, args=[key, *EXTRA_ARGS.get(name, [])])
