"""A plan as an iCalendar file: the plan's feed (docs/calendar.md)."""

from calendars.ical import activity_path, render_ics, site_url
from plans.models import Plan
from plans.outline import SectionNode, walk


def render_plan_ics(plan: Plan, outline: list[SectionNode]) -> bytes:
    """The plan's dated activities as all-day events, linked to the plan's editor."""
    activities = []
    for node in walk(outline):
        for item in node.activities:
            # The outline's sections already hold the plan: no query for the year.
            item.activity.section = node.section
            activities.append(item.activity)
    return render_ics(
        activities,
        name=plan.title,
        url_for=lambda activity: site_url(activity_path(activity)),
    )
