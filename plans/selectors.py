"""Reads for plans: each function returns what one page or use needs, fully loaded."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from plans.models import Section
from plans.permissions import visible_plans


def plans_for_user(user):
    """Plans the user may read, each with its committee and activity count (one query).

    The count is a subquery per plan rather than a join and GROUP BY over every
    activity: the page counts only its own 20 plans, and the paginator's count
    (which drops unused annotations) stays a plain COUNT over plans.
    """
    per_plan = (
        Section.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(count=Count("activities"))
        .values("count")
    )
    return (
        visible_plans(user)
        .select_related("committee")
        .annotate(activity_count=Coalesce(Subquery(per_plan), 0))
        .order_by("-year", "committee__name", "kind", "pk")
    )
