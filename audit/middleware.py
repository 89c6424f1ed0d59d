"""Records refused requests in the audit log."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404

from audit.models import Event
from audit.services import record_event


class DeniedRequestMiddleware:
    """Write an audit event for every 403, and for a 404 a view raised for a logged-in user.

    Permission getters answer 404 for objects outside the user's scope, so a
    logged-in user's 404 from a view is a refusal worth noting. A mistyped
    address (no view at all) is not recorded.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 or (
            response.status_code == 404
            and hasattr(request, "_audit_reason")
            and request.user.is_authenticated
        ):
            record_event(
                kind=Event.Kind.DENIED,
                request=request,
                user=request.user,
                status=response.status_code,
                detail=getattr(request, "_audit_reason", ""),
            )
        return response

    def process_exception(self, request, exception):
        # Only notes the reason; Django still turns the exception into the error page.
        if isinstance(exception, (Http404, PermissionDenied)) and not isinstance(
            exception, Resolver404
        ):
            request._audit_reason = str(exception)
