"""What the progress views share: the year check and the period check."""

from django.http import Http404
from django.utils.translation import gettext as _

from plans.models import YEAR_MAX, YEAR_MIN
from progress.models import SummaryPeriod


def check_year(year: int) -> None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404(_("No such year."))


def check_period(period: str) -> None:
    if period not in SummaryPeriod.values:
        raise Http404(_("No such period."))


def posted(request):
    """The POST data to bind a form to, or None for a GET.

    Not `request.POST or None`: an empty POST must still be a bound form, so that
    it comes back with its errors instead of as a fresh form.
    """
    return request.POST if request.method == "POST" else None
