"""The year and period taken from a progress URL, refused with a 404 when out of range."""

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
