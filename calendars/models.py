"""The secret addresses that calendar clients subscribe to (docs/calendar.md)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisation.models import Committee, Member
from plans.models import Plan


class CalendarFeedScope(models.TextChoices):
    PLAN = "plan", _("Plan")
    COMMITTEE = "committee", _("Committee")
    MEMBER = "member", _("Member")


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret iCalendar address for a plan, a committee or a member (docs/calendar.md).

    Calendar clients cannot log in, so the token in the address is the key: its
    owner can revoke it or renew it, and the feed answers only while the owner may
    still read what it covers.
    """

    Scope = CalendarFeedScope

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        # Made by activities' migrations, before the calendars app had models.
        db_table = "activities_calendarfeed"
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["owner_id", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=CalendarFeedScope.values), name="calendarfeed_scope_valid"
            ),
            # Exactly the key of its scope is set.
            models.CheckConstraint(
                condition=Q(
                    scope=CalendarFeedScope.PLAN,
                    plan__isnull=False,
                    committee__isnull=True,
                    member__isnull=True,
                )
                | Q(
                    scope=CalendarFeedScope.COMMITTEE,
                    plan__isnull=True,
                    committee__isnull=False,
                    member__isnull=True,
                )
                | Q(
                    scope=CalendarFeedScope.MEMBER,
                    plan__isnull=True,
                    committee__isnull=True,
                    member__isnull=False,
                ),
                name="calendarfeed_scope_key",
            ),
            models.CheckConstraint(condition=~Q(token=""), name="calendarfeed_token_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_scope_display()} {self.pk}"

    def get_absolute_url(self):
        return reverse("calendars:feed", args=[self.token])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def subject(self) -> "Plan | Committee | Member":
        """What the feed covers; select_related it to avoid a query."""
        return self.plan or self.committee or self.member
