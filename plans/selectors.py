"""Reads for plans: each function returns what one page or use needs, fully loaded."""

from django.db.models import Count, Prefetch

from activities.models import Activity, JointOrganizer, Participant
from plans.models import Plan
from plans.outline import SectionNode, build_outline
from plans.permissions import visible_plans


def outline_activities(plan: Plan):
    """The plan's activities with everything their printed fields need (5 queries)."""
    return (
        Activity.objects.filter(section__plan=plan)
        .select_related("type", "lead_organizer__parent")
        .prefetch_related(
            Prefetch(
                "joint_organizer_rows",
                queryset=JointOrganizer.objects.select_related("committee__parent"),
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("sector").prefetch_related("members"),
            ),
        )
    )


def plan_outline(plan: Plan) -> list[SectionNode]:
    """The numbered outline of a plan, in a fixed number of queries (6)."""
    return build_outline(plan, plan.sections.all(), outline_activities(plan))


def plans_for_user(user):
    """Plans the user may read, each with its committee and activity count (one query)."""
    return (
        visible_plans(user)
        .select_related("committee")
        .annotate(activity_count=Count("sections__activities"))
        .order_by("-year", "committee__name", "kind", "pk")
    )
