"""The one lookup every permission getter starts with."""

from django.db import models
from django.http import Http404


def get_or_404(rows: models.QuerySet, message: str, **lookup):
    """The one row of `rows` matching `lookup`, or a 404 saying `message`.

    Django's get_object_or_404 says "No … matches the given query." in English; each
    getter here has its own message in the user's language.
    """
    try:
        return rows.get(**lookup)
    except rows.model.DoesNotExist:
        raise Http404(message) from None
