"""Only administrators read the audit log."""

from django.http import Http404
from django.utils.translation import gettext as _

from organisation.permissions import is_admin


def check_audit_access(user) -> None:
    """404 for anyone but an administrator: like a plan outside one's committees,
    the log is not there for them."""
    if not is_admin(user):
        raise Http404(_("No such page."))
