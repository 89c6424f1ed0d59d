import datetime

import pytest

from plans.schedule import Schedule, ScheduleKind

D = datetime.date


@pytest.mark.parametrize(
    ("schedule", "wording", "span"),
    [
        (Schedule(), "", (None, None)),
        (Schedule(kind=ScheduleKind.MONTH, month=6), "6月", (6, 6)),
        (Schedule(kind=ScheduleKind.MONTH, month=12), "12月", (12, 12)),
        (Schedule(kind=ScheduleKind.MONTHS, month=3, end_month=5), "3月至5月", (3, 5)),
        (Schedule(kind=ScheduleKind.DATE, start_date=D(2024, 2, 29)), "2月29日", (2, 2)),
        (
            Schedule(
                kind=ScheduleKind.DATE_RANGE, start_date=D(2026, 4, 19), end_date=D(2026, 4, 24)
            ),
            "4月19日至24日",
            (4, 4),
        ),
        (
            Schedule(
                kind=ScheduleKind.DATE_RANGE, start_date=D(2026, 4, 29), end_date=D(2026, 5, 3)
            ),
            "4月29日至5月3日",
            (4, 5),
        ),
        (
            Schedule(
                kind=ScheduleKind.DATE_RANGE, start_date=D(2026, 12, 28), end_date=D(2027, 1, 3)
            ),
            "2026年12月28日至2027年1月3日",
            (12, 12),
        ),
        (
            Schedule(
                kind=ScheduleKind.DATE_RANGE, start_date=D(2026, 1, 31), end_date=D(2026, 1, 31)
            ),
            "1月31日",
            (1, 1),
        ),
        (Schedule(kind=ScheduleKind.QUARTER, quarter=1), "第一季度", (1, 3)),
        (Schedule(kind=ScheduleKind.QUARTER, quarter=2), "第二季度", (4, 6)),
        (Schedule(kind=ScheduleKind.QUARTER, quarter=4), "第四季度", (10, 12)),
        (Schedule(kind=ScheduleKind.HALF, half=1), "上半年", (1, 6)),
        (Schedule(kind=ScheduleKind.HALF, half=2), "下半年", (7, 12)),
        (Schedule(kind=ScheduleKind.YEAR_ROUND), "全年", (1, 12)),
        (Schedule(kind=ScheduleKind.RECURRING, recurrence="monthly"), "每月", (1, 12)),
        (Schedule(kind=ScheduleKind.RECURRING, recurrence="quarterly"), "每季度", (1, 12)),
        (Schedule(kind=ScheduleKind.RECURRING, recurrence="half_yearly"), "每半年", (1, 12)),
        (
            Schedule(kind=ScheduleKind.EVENT, event="市政协十四届二次全会期间", month=1),
            "市政协十四届二次全会期间",
            (1, 1),
        ),
        (Schedule(kind=ScheduleKind.EVENT, event="全会期间"), "全会期间", (None, None)),
    ],
)
def test_every_schedule_kind_prints_and_spans_its_months(schedule, wording, span):
    assert schedule.wording() == wording
    assert schedule.month_span() == span


def test_every_schedule_kind_is_covered_above():
    # A new kind must get a wording and a month span, and a row in the table above.
    assert set(ScheduleKind.values) == {
        "none", "month", "months", "date", "range", "quarter", "half", "year", "recurring", "event"
    }  # fmt: skip
