"""Calendar feeds: the public .ics address and the page where owners manage theirs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from calendars.feeds import (
    feed_activities,
    feed_name,
    feeds_for_user,
    get_feed_by_token,
    get_feed_for,
    get_feed_subject_for,
    readable_committees,
    readable_members,
)
from calendars.ical import activity_path, render_ics
from calendars.models import CalendarFeed
from calendars.services import create_feed, renew_feed, revoke_feed
from plans.permissions import visible_plans


@require_safe
def feed(request, token):
    """No login: calendar clients cannot sign in, the token is the key."""
    calendar_feed = get_feed_by_token(token)
    content = render_ics(
        feed_activities(calendar_feed),
        name=feed_name(calendar_feed),
        url_for=lambda activity: request.build_absolute_uri(activity_path(activity)),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def feeds(request):
    if request.method == "POST":
        _feed_action(request)
        return redirect("calendars:feeds")
    rows = [
        (row, request.build_absolute_uri(row.get_absolute_url()))
        for row in feeds_for_user(request.user)
    ]
    scope = CalendarFeed.Scope
    choice_lists = [
        (scope.PLAN, scope.PLAN.label, visible_plans(request.user).order_by("-year", "pk")),
        (scope.COMMITTEE, scope.COMMITTEE.label, readable_committees(request.user)),
        (scope.MEMBER, scope.MEMBER.label, readable_members(request.user)),
    ]
    context = {"rows": rows, "choice_lists": choice_lists}
    return render(request, "activities/feeds.html", context)


def _feed_action(request) -> None:
    """Create, renew or revoke one feed as the POST asks, with a message saying so."""
    action, data = request.POST.get("action"), request.POST
    if action == "create" and _pk(data.get("target")):
        subject = get_feed_subject_for(request.user, data.get("scope"), _pk(data["target"]))
        create_feed(owner=request.user, subject=subject)
        messages.success(request, _("The calendar feed was created."))
    elif action in {"renew", "revoke"} and _pk(data.get("feed")):
        calendar_feed = get_feed_for(request.user, _pk(data["feed"]))
        if action == "renew":
            renew_feed(feed=calendar_feed)
            messages.success(request, _("The feed has a new address; the old one stops working."))
        else:
            revoke_feed(feed=calendar_feed)
            messages.success(request, _("The feed was revoked."))
    else:
        messages.error(request, _("Choose what to do with which feed."))


def _pk(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
