"""Which days are off: the holiday calendar behind the plan's weekend and holiday warnings.

Three sources, the first that knows a year wins:

1. days an administrator entered for the year (plans.models.OfficialDay), typed or
   pasted from the State Council's notice (国务院办公厅关于××年部分节假日安排的通知);
2. the chinese-calendar package, which carries each year's notice once it is out;
3. for a year neither knows yet: Saturdays and Sundays, and the holidays whose date
   never moves (元旦 1月1日, 劳动节 5月1日–2日, 国庆节 10月1日–3日). The lunar holidays
   and the adjusted working days of that year are then unknown, and the warnings say so.
"""

import datetime
import re
from dataclasses import dataclass

import chinese_calendar
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import OfficialDay

# The statutory days that fall on the same date every year (国务院令第795号, 2025).
FIXED_HOLIDAYS = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}
HOLIDAY, WORKDAY = OfficialDay.Kind.HOLIDAY, OfficialDay.Kind.WORKDAY


class Source:
    ENTERED = gettext_lazy("the holiday days entered by the administrator")
    PACKAGE = gettext_lazy("the chinese-calendar data")
    FIXED = gettext_lazy("weekends and fixed-date holidays only")


@dataclass(frozen=True)
class Day:
    off: bool
    holiday: str  # the holiday's name when it is one, else ""
    source: str


class HolidayCalendar:
    """Answers whether a day is off, from the entered days given (date → (kind, name))."""

    def __init__(self, entered: dict[datetime.date, tuple[str, str]]):
        self.entered = entered
        self.entered_years = {day.year for day in entered}

    def day(self, day: datetime.date) -> Day:
        if day.year in self.entered_years:
            kind, name = self.entered.get(day, ("", ""))
            if kind == HOLIDAY:
                return Day(True, name or _("holiday"), Source.ENTERED)
            return Day(kind != WORKDAY and day.weekday() >= 5, "", Source.ENTERED)
        try:
            off, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            holiday = FIXED_HOLIDAYS.get((day.month, day.day), "")
            return Day(bool(holiday) or day.weekday() >= 5, holiday, Source.FIXED)
        # chinese-calendar names the holiday of a day off, and nothing for a weekend.
        return Day(off, (name or "") if off else "", Source.PACKAGE)

    def knows(self, year: int) -> bool:
        """Whether the year's lunar holidays and adjusted working days are known."""
        if year in self.entered_years:
            return True
        try:
            chinese_calendar.get_holiday_detail(datetime.date(year, 6, 1))
        except NotImplementedError:
            return False
        return True


# --- reading the State Council's notice -------------------------------------------------

HOLIDAY_NAMES = "元旦|春节|清明节|劳动节|端午节|中秋节|国庆节"
# One holiday's clause: 二、春节：2月15日（…）至23日（…）放假调休，共9天。2月14日（…）上班。
CLAUSE = re.compile(rf"(?P<names>(?:{HOLIDAY_NAMES})(?:、(?:{HOLIDAY_NAMES}))*)\s*[：:]")


def _date_pattern(prefix: str) -> str:
    """A date as the notice writes it: [2027年][2月]15日[（农历腊月二十八、星期日）]."""
    return (
        rf"(?:(?P<{prefix}year>\d{{4}})年)?(?:(?P<{prefix}month>\d{{1,2}})月)?"
        rf"(?P<{prefix}day>\d{{1,2}})日(?:[（(][^）)]*[）)])?"
    )


DATE = re.compile(_date_pattern(""))
RANGE = re.compile(
    rf"(?P<start>{_date_pattern('start_')})(?:\s*[至到—-]\s*(?P<end>{_date_pattern('end_')}))?"
    r"\s*放假"
)
NOTICE_MAX = 20_000


def parse_notice(text: str, year: int) -> list[tuple[datetime.date, str, str]]:
    """The days off and the adjusted working days of `year` in the notice's text.

    Returns (date, HOLIDAY or WORKDAY, holiday name) in date order; raises
    ValidationError with a message when the text holds no holiday clause.
    """
    if len(text) > NOTICE_MAX:
        raise ValidationError(_("The notice is too long to be read."))
    clauses = list(CLAUSE.finditer(text))
    if not clauses:
        raise ValidationError(
            _("No holiday was found. Paste the notice's lines, e.g. “春节：2月15日至23日放假”.")
        )
    days: dict[datetime.date, tuple[str, str]] = {}
    for index, clause in enumerate(clauses):
        end = clauses[index + 1].start() if index + 1 < len(clauses) else len(text)
        body = text[clause.end() : end]
        name = clause["names"].split("、")[-1]
        try:
            _read_clause(body, name, year, days)
        except ValueError:
            raise ValidationError(
                _("A date of “%(name)s” is not a real date.") % {"name": clause["names"]}
            ) from None
    return sorted((day, kind, name) for day, (kind, name) in days.items())


def _read_clause(body: str, name: str, year: int, days: dict) -> None:
    off = RANGE.search(body)
    if off is None:
        return
    first = _date(off, "start_", year, month=None)
    last = _date(off, "end_", year, month=first.month) if off["end"] else first
    if last < first:  # 12月31日至1月2日: the range starts in the year before
        first = first.replace(year=first.year - 1)
    day = first
    while day <= last:
        days[day] = (HOLIDAY, name)
        day += datetime.timedelta(days=1)
    # The working days: the dates of the sentence that ends in 上班.
    for sentence in re.split(r"[。；;]", body[off.end() :]):
        if "上班" in sentence:
            for found in DATE.finditer(sentence):
                worked = _date(found, "", year, month=first.month)
                if first.year < year and worked.month >= first.month:
                    worked = worked.replace(year=first.year)  # worked before 元旦, in December
                days[worked] = (WORKDAY, "")


def _date(match, prefix: str, year: int, *, month: int | None) -> datetime.date:
    """The date of a match's groups named with `prefix`; the year and month when left out."""
    the_year, the_month = match[f"{prefix}year"], match[f"{prefix}month"]
    return datetime.date(
        int(the_year) if the_year else year,
        int(the_month) if the_month else month,
        int(match[f"{prefix}day"]),
    )
