"""What the plan and activity views share: the outline answer after an edit."""

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django_htmx.http import reswap, retarget

from activities.selectors import plan_outline, warnings_panel
from editor.templatetags.editor import ACTIVITY_STAND_IN
from plans.kinds import rules_for
from plans.models import Plan
from plans.outline import walk
from plans.permissions import can_edit_plan
from reviews.editor import editor_review_context

# The editor's table of contents lists the first two levels.
TOC_DEPTH = 2


def editor_context(request, plan: Plan) -> dict:
    """Everything the editor page and its outline fragment show."""
    outline = plan_outline(plan)
    can_edit = can_edit_plan(request.user, plan)
    return {
        "plan": plan,
        "outline": outline,
        "labelled": rules_for(plan.kind).labelled,
        "contents": [node for node in walk(outline) if node.level <= TOC_DEPTH],
        "can_edit": can_edit,
        "activity_toolbar": activity_toolbar(request) if can_edit else "",
        "warnings_panel": warnings_panel(plan, outline),
        # Open comments next to what they are about, and the workflow panel.
        **editor_review_context(request, plan, outline),
    }


def activity_toolbar(request) -> str:
    """The toolbar of one activity, for editor.templatetags.editor.for_activity."""
    context = {"pk": ACTIVITY_STAND_IN}
    return render_to_string("plans/_activity_toolbar.html", context, request=request)


def outline_response(request, plan: Plan, *, anchor: str = ""):
    """After a change: the fresh outline for htmx, a redirect to the editor otherwise."""
    if request.htmx:
        return render(request, "plans/_outline.html", editor_context(request, plan))
    url = plan.get_absolute_url()
    return redirect(f"{url}#{anchor}" if anchor else url)


def form_response(request, template: str, context: dict):
    """The form alone for htmx (it opens in its place in the outline), else a page."""
    if not request.htmx:
        return render(request, template, context)
    response = render(request, f"{template}#form", context)
    if request.method == "POST":
        # A rejected form replaces itself, keeping what was typed, not the outline.
        response = reswap(retarget(response, "this"), "outerHTML")
    return response
