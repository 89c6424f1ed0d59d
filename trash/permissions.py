"""Who may see, restore and purge what is in the trash.

An item belongs to the committee of its plan: readers of that committee see
it, its editors restore it, and only administrators purge it. Outside the
committee the item does not exist (404), as with plans.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from core.shortcuts import get_or_404
from organisation.permissions import committee_scope
from trash.models import TrashItem


def visible_trash(user):
    """Trash items of the committees the user may read."""
    scope = committee_scope(user)
    if scope.is_admin:
        return TrashItem.objects.all()
    return TrashItem.objects.filter(committee_id__in=scope.readable)


def get_trash_item_for(user, pk: int, *, for_edit: bool = False, for_purge: bool = False):
    """The item, checked for this user: 404 outside their committees, 403 if not allowed."""
    scope = committee_scope(user)
    item = get_or_404(TrashItem.objects.all(), _("No such item in the trash."), pk=pk)
    if not scope.can_read(item.committee_id):
        raise Http404(_("No such item in the trash."))
    if for_edit and not scope.can_edit(item.committee_id):
        raise PermissionDenied(_("Only the committee's editors can restore from the trash."))
    if for_purge and not scope.is_admin:
        raise PermissionDenied(_("Only administrators can delete for good."))
    return item
