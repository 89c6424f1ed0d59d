"""The summary's PDF and Word files, made by background jobs."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.services import record_export
from exports.services import start_summary_export
from printing.summary import FORMATS
from progress.periods import check_period, check_year
from progress.permissions import get_committee_for_progress
from progress.summary import summary_title


@login_required
@require_GET
def summary_export(request, pk, year, period, fmt):
    """The summary's PDF or Word file, made by a background job: its page (docs/deploy.md)."""
    committee = get_committee_for_progress(request.user, pk)
    check_year(year)
    check_period(period)
    if fmt not in FORMATS:
        raise Http404(_("No such format."))
    title = summary_title(committee, year, period)
    record_export(request, subject=f"《{title}》 {committee.name}", fmt=fmt)
    job = start_summary_export(
        committee=committee, year=year, period=period, fmt=fmt, user=request.user
    )
    return redirect("exports:detail", job.pk)
