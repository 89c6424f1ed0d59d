"""The trash: deleted plans, sections and activities, kept whole until an admin purges them."""

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Committee


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping microseconds, so a restored timestamp is the same."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class TrashKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    SECTION = "section", _("Part of a plan")
    ACTIVITY = "activity", _("Activity")


class TrashItem(models.Model):
    """One deleted plan, section (with its subtree) or activity, as a snapshot of its rows.

    `data` holds every row the delete removed (the object, what it contains and
    what hung on it), serialized as dumpdata would; restoring inserts them again
    with their own keys (trash.services). The plan is kept as a number, not a
    foreign key: the plan itself may be in the trash.
    """

    Kind = TrashKind

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Whose trash it is: the plan's committee decides who sees and restores it.
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+"
    )
    plan_id = models.BigIntegerField(_("plan"), db_index=True)
    plan_title = models.CharField(_("plan title"), max_length=200)
    object_id = models.BigIntegerField(_("object"))
    label = models.CharField(_("name"), max_length=200)
    section_count = models.PositiveIntegerField(_("sections"), default=0)
    activity_count = models.PositiveIntegerField(_("activities"), default=0)
    data = models.JSONField(_("rows"), encoder=ExactJSONEncoder)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now)

    class Meta:
        verbose_name = _("trash item")
        verbose_name_plural = _("trash items")
        ordering = ["-deleted_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "-deleted_at"], name="trash_committee_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=TrashKind.values), name="trashitem_kind_valid"
            ),
        ]

    def __str__(self):
        return self.label
