"""Authentication events from Django and django-axes, written to the audit log."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from audit.models import Event
from audit.services import record_event
from organisation.middleware import start_session_clock


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender, request, user, **kwargs):
    # Both the login form and the test client's force_login pass through here,
    # so the session's clock starts in the same session save as the login.
    start_session_clock(request)
    record_event(kind=Event.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, "logout_reason", "")
    if reason == "idle":
        detail = _("No activity for %(minutes)d minutes") % {
            "minutes": settings.SESSION_IDLE_TIMEOUT // 60
        }
    elif reason == "lifetime":
        detail = _("Logged in longer than %(hours)d hours") % {
            "hours": settings.SESSION_LIFETIME // 3600
        }
    else:
        record_event(kind=Event.Kind.LOGOUT, request=request, user=user)
        return
    record_event(kind=Event.Kind.TIMEOUT, request=request, user=user, detail=detail)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`.
    username = str(credentials.get("username", ""))
    record_event(kind=Event.Kind.LOGIN_FAILED, request=request, user=None, username=username)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    record_event(kind=Event.Kind.LOCKED_OUT, request=request, user=None, username=username or "")
