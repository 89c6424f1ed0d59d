"""Summaries (工作总结): the preview and the texts the staff write (downloads: exports)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.middleware.csp import get_nonce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.views import posted
from progress.forms import NarrativeForm
from progress.models import SummaryNarrative, SummaryPeriod
from progress.periods import check_period, check_year
from progress.permissions import can_record, get_committee_for_progress
from progress.selectors import committee_summary
from progress.services import save_narrative
from progress.summary import print_context, summary_title


def _checked(request, pk, year, period, *, for_edit=False):
    committee = get_committee_for_progress(request.user, pk, for_edit=for_edit)
    check_year(year)
    check_period(period)
    return committee


@login_required
@require_GET
def summary_preview(request, pk, year, period):
    committee = _checked(request, pk, year, period)
    summary = committee_summary(committee, year, period, timezone.localdate())
    context = print_context(summary, nonce=get_nonce(request))
    context |= {
        "preview": True,
        "periods": SummaryPeriod.choices,
        "can_edit": can_record(request.user, committee.pk),
    }
    return render(request, "progress/summary_print.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def summary_edit(request, pk, year, period):
    committee = _checked(request, pk, year, period, for_edit=True)
    narrative = SummaryNarrative.objects.filter(
        committee=committee, year=year, period=period
    ).first() or SummaryNarrative(committee=committee, year=year, period=period)
    form = NarrativeForm(posted(request), instance=narrative)
    if request.method == "POST" and form.is_valid():
        saved = save_narrative(
            committee=committee,
            year=year,
            period=period,
            texts=form.cleaned_data,
            user=request.user,
        )
        if saved is None:
            messages.info(request, _("Nothing was written, so there was nothing to save."))
        else:
            messages.success(request, _("The texts of the summary were saved."))
        return redirect(reverse("progress:summary", args=[committee.pk, year, period]))
    context = {
        "committee": committee,
        "year": year,
        "period": period,
        "title": summary_title(committee, year, period),
        "form": form,
    }
    return render(request, "progress/summary_form.html", context)
