"""The change history of a plan: who changed what and when, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from editor.history import plan_change_keys, plan_changes
from plans.permissions import can_edit_plan, get_plan_for

CHANGES_PER_PAGE = 50


@login_required
@require_GET
def plan_history(request, pk):
    plan = get_plan_for(request.user, pk)
    page = Paginator(plan_change_keys(plan), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "page": page,
        "changes": plan_changes(page.object_list),
        "can_edit": can_edit_plan(request.user, plan),
    }
    return render(request, "plans/plan_history.html", context)
