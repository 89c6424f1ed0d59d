"""Reads and access rules for calendar feeds (docs/calendar.md).

A feed is fetched without a login: the token finds it, and it answers only while
it is not revoked, its owner is active, and the owner may still read what it
covers. Whatever a feed shows is limited to plans its owner may read.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from activities.models import Activity
from activities.selectors import with_printed_fields
from calendars.models import CalendarFeed
from core.shortcuts import get_or_404
from organisation.models import Committee, Member
from organisation.permissions import committee_scope
from plans.models import Plan
from plans.permissions import can_view_plan, get_plan_for, visible_plans

Scope = CalendarFeed.Scope


# --- who may read a feed's subject -------------------------------------------------


def readable_committees(user) -> QuerySet[Committee]:
    """Committees the user may read, for the feed form."""
    scope = committee_scope(user)
    committees = Committee.objects.order_by("position", "pk")
    return committees if scope.is_admin else committees.filter(pk__in=scope.readable)


def readable_members(user) -> QuerySet[Member]:
    """Members with a seat in a committee the user may read."""
    scope = committee_scope(user)
    if scope.is_admin:
        return Member.objects.all()
    return Member.objects.filter(memberships__committee_id__in=scope.readable).distinct()


def can_read_feed_subject(user, feed: CalendarFeed) -> bool:
    match feed.scope:
        case Scope.PLAN:
            return can_view_plan(user, feed.plan)
        case Scope.COMMITTEE:
            return committee_scope(user).can_read(feed.committee_id)
        case Scope.MEMBER:
            return readable_members(user).filter(pk=feed.member_id).exists()
    return False


def get_feed_subject_for(user, scope: str, pk: int) -> Plan | Committee | Member:
    """The plan, committee or member a new feed would cover; 404 if the user may not read it."""
    if scope == Scope.PLAN:
        return get_plan_for(user, pk)
    rows = readable_committees(user) if scope == Scope.COMMITTEE else readable_members(user)
    subject = rows.filter(pk=pk).first() if scope in Scope.values else None
    if subject is None:
        raise Http404(_("Nothing to make a feed of."))
    return subject


def get_feed_for(user, pk: int) -> CalendarFeed:
    """One of the user's own feeds; 404 for anyone else's."""
    return get_or_404(CalendarFeed.objects.filter(owner=user), _("No such calendar feed."), pk=pk)


def get_feed_by_token(token: str) -> CalendarFeed:
    """The live feed behind a token; 404 if unknown, revoked, or its owner may no longer read it."""
    feed = (
        CalendarFeed.objects.select_related("owner", "plan", "committee", "member")
        .filter(token=token, revoked_at__isnull=True, owner__is_active=True)
        .first()
    )
    if feed is None or not can_read_feed_subject(feed.owner, feed):
        raise Http404(_("No such calendar feed."))
    return feed


# --- reads -------------------------------------------------------------------------


def feeds_for_user(user) -> QuerySet[CalendarFeed]:
    """The user's feeds with what they cover (one query)."""
    return CalendarFeed.objects.filter(owner=user).select_related("plan", "committee", "member")


def feed_name(feed: CalendarFeed) -> str:
    """The calendar's name as a client shows it."""
    match feed.scope:
        case Scope.PLAN:
            return feed.plan.title
        case Scope.COMMITTEE:
            return feed.committee.name
    return _("Activities of %(name)s") % {"name": feed.member.name}


def feed_activities(feed: CalendarFeed) -> list[Activity]:
    """The feed's activities with everything an event needs (5 queries).

    Plan: its activities. Committee: activities of its plans and those it leads
    or organises jointly. Member: activities that list the member by name. Only
    plans the owner may read count.
    """
    match feed.scope:
        case Scope.PLAN:
            condition = Q(section__plan=feed.plan_id)
        case Scope.COMMITTEE:
            condition = (
                Q(section__plan__committee=feed.committee_id)
                | Q(lead_organizer=feed.committee_id)
                | Q(joint_organizer_rows__committee=feed.committee_id)
            )
        case _:
            condition = Q(participants__members=feed.member_id)
    ids = Activity.objects.filter(condition, section__plan__in=visible_plans(feed.owner))
    return with_printed_fields(
        Activity.objects.filter(pk__in=ids.values("pk"))
        .select_related("section__plan")
        .order_by("section__plan__year", "first_month", "start_date", "pk")
    )
