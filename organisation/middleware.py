"""Session time limits: an idle timeout and an absolute lifetime from login.

Django's session store knows one expiry date, moved forward whenever the
session is saved. That gives the idle timeout (SESSION_COOKIE_AGE) as long as
an active session is saved now and then, but no upper bound: a session kept
busy would live for ever. So the login time is kept in the session and checked
here on each request (SESSION_LIFETIME, default 12 hours).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.translation import gettext as _

LOGIN_AT = "_login_at"
LAST_SEEN = "_last_seen"
# An active session is saved (and its expiry pushed forward) at most this often;
# saving on every request would add a database write to every page.
TOUCH_INTERVAL = 60


def start_session_clock(request) -> None:
    """Note the login time in a new session; called on every login."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    """Log out sessions idle too long or older than the lifetime; keep active ones alive."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The session key alone tells whether someone is logged in, without loading the user.
        if SESSION_KEY in request.session:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session = request.session
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        last_seen = session.get(LAST_SEEN)
        if login_at is not None and now - login_at > settings.SESSION_LIFETIME:
            self._end(request, "lifetime")
            messages.info(
                request, _("You have been logged out after a long session. Log in again.")
            )
        elif last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
            self._end(request, "idle")
            messages.info(
                request, _("You have been logged out after a time without activity. Log in again.")
            )
        elif login_at is None or last_seen is None or now - last_seen >= TOUCH_INTERVAL:
            # Sessions from before these limits get their clock started now.
            session.setdefault(LOGIN_AT, now)
            session[LAST_SEEN] = now

    @staticmethod
    def _end(request, reason: str) -> None:
        # The audit log's logout receiver reads the reason.
        request.logout_reason = reason
        logout(request)
