"""Who may read and change an activity: whoever may read or change its plan."""

from django.http import Http404
from django.utils.translation import gettext as _

from activities.models import Activity
from plans.permissions import check_plan_access


def get_activity_for(user, pk: int, *, for_edit: bool = False) -> Activity:
    """The activity with its section and plan, checked for this user."""
    try:
        activity = Activity.objects.select_related("section__plan__committee", "type").get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404(_("No such activity.")) from None
    check_plan_access(user, activity.section.plan, for_edit=for_edit)
    return activity
