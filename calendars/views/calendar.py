"""The year grid (年度安排表) of a plan or a committee's year, and the month calendar."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from calendars.grid import (
    GridGroup,
    next_month,
    previous_month,
    year_grid,
)
from calendars.grid import month_calendar as month_grid
from calendars.selectors import (
    committee_month_activities,
    committee_year_activities,
    plan_activities,
)
from organisation.permissions import get_committee_for
from plans.models import YEAR_MAX, YEAR_MIN
from plans.permissions import get_plan_for


def _check_year(year: int, month: int = 1) -> None:
    if not (YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12):
        raise Http404(_("No such month."))


def _grid_group(request) -> str:
    group = request.GET.get("group")
    return group if group in GridGroup.values else GridGroup.TYPE


def _grid_context(request, activities, year: int) -> dict:
    group = _grid_group(request)
    return {
        "year": year,
        "grid": year_grid(activities, year, group),
        "group": group,
        "groups": GridGroup.choices,
        "months": range(1, 13),
    }


@login_required
@require_GET
def plan_year_grid(request, pk):
    plan = get_plan_for(request.user, pk)
    context = _grid_context(request, plan_activities(plan), plan.year)
    context.update(plan=plan, committee=plan.committee)
    return render(request, "activities/year_grid.html", context)


@login_required
@require_GET
def committee_year_grid(request, pk, year):
    committee = get_committee_for(request.user, pk)
    _check_year(year)
    context = _grid_context(request, committee_year_activities(committee, year), year)
    context.update(plan=None, committee=committee)
    return render(request, "activities/year_grid.html", context)


@login_required
@require_GET
def month_calendar(request, pk, year, month):
    committee = get_committee_for(request.user, pk)
    _check_year(year, month)
    activities = committee_month_activities(committee, year, month)
    context = {
        "committee": committee,
        "calendar": month_grid(activities, year, month),
        "previous": previous_month(year, month),
        "next": next_month(year, month),
    }
    return render(request, "activities/month_calendar.html", context)
