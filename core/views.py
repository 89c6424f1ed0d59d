"""Small helpers that views of every app share."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def report_invalid(request, error: ValidationError) -> None:
    """Each message of a refused change, shown on the next page."""
    for message in error.messages:
        messages.error(request, message)


def posted(request):
    """The POST data to bind a form to, or None for a GET.

    Not `request.POST or None`: an empty POST must still be a bound form, so that
    it comes back with its errors instead of as a fresh form.
    """
    return request.POST if request.method == "POST" else None
