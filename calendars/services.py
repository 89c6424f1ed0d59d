"""Making, renewing and revoking calendar feeds."""

from django.db import transaction
from django.utils import timezone

from calendars.models import CalendarFeed, new_feed_token
from organisation.models import Committee, Member
from plans.models import Plan


@transaction.atomic
def create_feed(*, owner, subject: Plan | Committee | Member) -> CalendarFeed:
    """A new calendar feed of a plan, committee or member the owner has been allowed to read."""
    scope = {
        Plan: CalendarFeed.Scope.PLAN,
        Committee: CalendarFeed.Scope.COMMITTEE,
        Member: CalendarFeed.Scope.MEMBER,
    }[type(subject)]
    return CalendarFeed.objects.create(owner=owner, scope=scope, **{scope: subject})


@transaction.atomic
def renew_feed(*, feed: CalendarFeed) -> CalendarFeed:
    """Give the feed a new token (and revive it if revoked): the old address stops working."""
    feed.token = new_feed_token()
    feed.revoked_at = None
    feed.save(update_fields=["token", "revoked_at"])
    return feed


@transaction.atomic
def revoke_feed(*, feed: CalendarFeed) -> None:
    """Stop the feed answering; it can be renewed later with a new token."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
