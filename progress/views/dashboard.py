"""The progress dashboard of a committee's year, and the page that leads to it."""

from django.contrib.auth.decorators import login_required
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organisation.models import Committee
from organisation.permissions import committee_scope
from plans.models import Plan
from progress.charts import bar_chart
from progress.figures import Figures
from progress.models import SummaryPeriod
from progress.periods import check_year
from progress.permissions import can_record, get_committee_for_progress
from progress.selectors import committee_dashboard


@login_required
@require_GET
def index(request):
    """The committees the user may read, each with the years it has plans for."""
    scope = committee_scope(request.user)
    bodies = Committee.objects.filter(
        kind__in=[
            Committee.Kind.COMMITTEE,
            Committee.Kind.WORK_GROUP,
            Committee.Kind.LIAISON_STATION,
        ]
    )
    plans = Plan.objects.all()
    if not scope.is_admin:
        bodies = bodies.filter(pk__in=scope.readable)
        plans = plans.filter(committee_id__in=scope.readable)
    years = {}
    for committee_id, year in plans.values_list("committee_id", "year").distinct():
        years.setdefault(committee_id, set()).add(year)
    this_year = timezone.localdate().year
    rows = [
        (body, sorted(years.get(body.pk, set()) | {this_year}, reverse=True)) for body in bodies
    ]
    return render(request, "progress/index.html", {"rows": rows})


@login_required
@require_GET
def dashboard(request, pk, year):
    committee = get_committee_for_progress(request.user, pk)
    check_year(year)
    data = committee_dashboard(committee, year, timezone.localdate())
    context = {
        "committee": committee,
        "year": year,
        "data": data,
        "figures": data.own,
        "charts": charts(data.own, nonce=get_nonce(request)),
        "periods": SummaryPeriod.choices,
        "can_edit": can_record(request.user, committee.pk),
    }
    return render(request, "progress/dashboard.html", context)


def charts(figures: Figures, *, nonce) -> dict[str, str]:
    """The three charts of the dashboard: by month, by type, by lead organizer."""
    planned, done = _("Activities planned"), _("Activities done")
    months = [*figures.by_month, figures.no_month] if figures.no_month.planned else figures.by_month
    return {
        "month": bar_chart(
            chart_id="chart-month",
            title=_("Planned and done by month"),
            labels=[_month_label(row.month) for row in months],
            series=[(planned, [r.planned for r in months]), (done, [r.done for r in months])],
            width=1100,
            nonce=nonce,
        ),
        "type": bar_chart(
            chart_id="chart-type",
            title=_("Planned and done by type"),
            labels=[row.label for row in figures.by_type],
            series=_row_series(figures.by_type, planned, done),
            horizontal=True,
            width=560,
            nonce=nonce,
        ),
        "organizer": bar_chart(
            chart_id="chart-organizer",
            title=_("Planned and done by lead organizer"),
            labels=[row.label for row in figures.by_organizer],
            series=_row_series(figures.by_organizer, planned, done),
            horizontal=True,
            width=560,
            nonce=nonce,
        ),
    }


def _month_label(month: int | None) -> str:
    if month is None:
        return _("No month")
    return _("Month %(month)s") % {"month": month}


def _row_series(rows, planned: str, done: str):
    return [
        (planned, [row.counts.planned for row in rows]),
        (done, [row.counts.done for row in rows]),
    ]
