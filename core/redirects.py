"""Sending someone back to where they came from, without trusting where that is."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_redirect(request, target: str | None, fallback: str) -> HttpResponseRedirect:
    """Redirect to `target` when it is a path on this site, else to `fallback`.

    `target` comes from the request (a form's `next`), so it is anything at all: a
    bare word, another site, `//host`, control characters. Only a path starting
    with a single "/" on this host is followed. Unlike `redirect()`, nothing is
    ever taken for a view name to reverse.
    """
    return HttpResponseRedirect(target if is_local_path(request, target) else fallback)


def is_local_path(request, target: str | None) -> bool:
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(character) < 32 or ord(character) == 127 for character in target):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
