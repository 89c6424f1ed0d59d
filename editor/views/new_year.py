"""The review after a copy into a new year: the old year's words, replaced where accepted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.views import report_invalid
from importing.new_year import apply_references, old_references
from plans.models import YEAR_MIN
from plans.permissions import get_plan_for

PLACES = {
    "plan": gettext_lazy("Plan"),
    "section": gettext_lazy("Part of the plan"),
    "activity": gettext_lazy("Activity"),
}


def new_year_url(plan, old_year: int) -> str:
    return f"{reverse('editor:new_year', args=[plan.pk])}?{urlencode({'from': old_year})}"


@login_required
@require_http_methods(["GET", "POST"])
def plan_new_year(request, pk):
    """GET lists what still names the old year; POST replaces the ticked ones."""
    plan = get_plan_for(request.user, pk, for_edit=True)
    old_year = _old_year(request.GET.get("from") or request.POST.get("from"), plan.year)
    references = old_references(plan, old_year=old_year)
    if request.method == "POST":
        # Found again from the database: the post only says which ones were ticked.
        accepted = set(request.POST.getlist("accept"))
        try:
            count = apply_references(plan, [ref for ref in references if ref.key in accepted])
        except ValidationError as error:
            report_invalid(request, error)
            return redirect(plan)
        messages.success(
            request,
            _("%(count)d texts were brought into %(year)d.") % {"count": count, "year": plan.year},
        )
        return redirect(plan)
    rows = [(ref, PLACES[ref.model]) for ref in references]
    context = {"plan": plan, "rows": rows, "old_year": old_year}
    return render(request, "plans/plan_new_year.html", context)


def _old_year(value, plan_year: int) -> int:
    """The year copied from; the year before the plan's when missing or not a year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return plan_year - 1
    return year if YEAR_MIN <= year < plan_year else plan_year - 1
