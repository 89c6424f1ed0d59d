"""Who may read and change an activity: whoever may read or change its plan."""

from django.utils.translation import gettext as _

from activities.models import Activity
from core.shortcuts import get_or_404
from plans.permissions import check_plan_access


def get_activity_for(user, pk: int, *, for_edit: bool = False) -> Activity:
    """The activity with its section and plan, checked for this user."""
    rows = Activity.objects.select_related("section__plan__committee", "type")
    activity = get_or_404(rows, _("No such activity."), pk=pk)
    check_plan_access(user, activity.section.plan, for_edit=for_edit)
    return activity
