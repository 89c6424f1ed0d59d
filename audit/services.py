"""Writing audit events. Every event goes through `record_event`."""

from audit.ip import client_ip
from audit.models import Event

# Longer values are cut to their fields' size rather than refused: the log must
# never make the action it records fail.
PATH_MAX = Event._meta.get_field("path").max_length
DETAIL_MAX = Event._meta.get_field("detail").max_length
USERNAME_MAX = Event._meta.get_field("username").max_length


def record_event(
    *,
    kind: str,
    request=None,
    user,
    username: str = "",
    status: int | None = None,
    detail: str = "",
) -> Event:
    """Append one event; address and path come from the request when given."""
    if user is not None and not user.is_authenticated:
        user = None
    if user is not None and not username:
        username = user.get_username()
    path, method, ip = "", "", None
    if request is not None:
        path = request.get_full_path()
        method = request.method or ""
        ip = client_ip(request)
    return Event.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:USERNAME_MAX],
        ip=ip,
        method=method,
        path=path[:PATH_MAX],
        status=status,
        detail=(detail or "")[:DETAIL_MAX],
    )


def record_export(request, *, subject: str, fmt: str) -> Event:
    """Note that the request's user downloaded `subject` (a plan, a list) as `fmt`."""
    return record_event(
        kind=Event.Kind.EXPORT,
        request=request,
        user=request.user,
        status=200,
        detail=f"{subject} ({fmt})",
    )
