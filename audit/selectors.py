"""Reads of the audit log."""

from django.db.models import QuerySet

from audit.models import Event


def audit_events() -> QuerySet[Event]:
    """Every event, newest first, with its user."""
    return Event.objects.select_related("user")
