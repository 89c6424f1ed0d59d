"""Reads for activities across plans: each function returns what one page needs, loaded."""

from django.db.models import F, QuerySet

from activities.models import Activity
from plans.permissions import visible_plans


def activities_for_user(user) -> QuerySet[Activity]:
    """Activities of the plans the user may read, in time order, with what the list shows."""
    return (
        Activity.objects.filter(section__plan__in=visible_plans(user))
        .select_related("section__plan__committee", "type", "lead_organizer__parent")
        .order_by(
            "section__plan__year",
            F("first_month").asc(nulls_last=True),
            F("start_date").asc(nulls_last=True),
            "section__plan_id",
            "section_id",
            "position",
        )
    )
