"""A plan's check page: its warnings, and acknowledging one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities.selectors import plan_check, plan_outline
from activities.services import acknowledge_warning
from core.views import report_invalid
from plans.models import Plan
from plans.permissions import can_edit_plan, get_plan_for


def check_context(request, plan: Plan) -> dict:
    checked = plan_check(plan, plan_outline(plan))
    return {
        "plan": plan,
        "checked": checked,
        "acknowledged_count": sum(1 for row in checked if row.acknowledgement),
        "can_edit": can_edit_plan(request.user, plan),
    }


@login_required
@require_GET
def check_page(request, pk):
    plan = get_plan_for(request.user, pk)
    return render(request, "plans/plan_check.html", check_context(request, plan))


@login_required
@require_POST
def acknowledge(request, pk):
    plan = get_plan_for(request.user, pk, for_edit=True)
    try:
        acknowledge_warning(plan=plan, key=request.POST.get("key", ""), user=request.user)
    except ValidationError as error:
        report_invalid(request, error)
    else:
        messages.success(request, _("The warning was acknowledged."))
    if request.htmx:
        return render(request, "plans/plan_check.html#warnings", check_context(request, plan))
    return redirect(reverse("editor:check", args=[plan.pk]))
