"""The demo carries out the first half of its year, so `make run` shows real figures."""

import datetime
import io

import pytest
from django.core.management import call_command

from activities.models import Activity
from organisation.models import Committee
from progress.models import ActivityRecord, Attendance, Outcome, SummaryNarrative
from progress.selectors import committee_dashboard, committee_summary

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "progress", "activities.activity", indent=1, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    return Committee.objects.get(name="政协河洛市委员会")


def test_loading_twice_records_the_progress_once(demo):
    before = dump()
    call_command("load_demo", stdout=io.StringIO())
    assert dump() == before


def test_the_first_half_is_carried_out(demo):
    first_half = Activity.objects.filter(section__plan__year=2026, last_month__lte=6)
    assert set(first_half.values_list("status", flat=True)) == {"done", "postponed"}
    assert first_half.filter(status="postponed").get().topic == "推进军民融合产业园建设"
    assert not Activity.objects.filter(last_month__gt=6).exclude(status="planned").exists()
    done = first_half.filter(status="done")
    assert ActivityRecord.objects.filter(activity__in=done, held_on__isnull=False).count() == (
        done.count()
    )
    assert Attendance.objects.filter(activity__in=done).count() >= 6 * done.count()
    assert Outcome.objects.count() > done.count()
    assert SummaryNarrative.objects.filter(committee=demo, period="h1").exists()


def test_the_dashboard_and_the_mid_year_summary_show_figures(demo):
    dashboard = committee_dashboard(demo, 2026, TODAY)
    counts = dashboard.own.counts
    assert (counts.planned, counts.done, counts.postponed) == (18, 6, 1)
    assert dashboard.own.outcomes.report_total == 6
    assert dashboard.own.members > 10
    assert [body.committee.name for body in dashboard.below] == ["政协清源县委员会"]
    summary = committee_summary(demo, 2026, "h1", TODAY)
    assert summary.figures.counts.done == 6
    assert len(summary.figures.completed) == 6
    assert summary.blocks[0].text.startswith("今年以来")
