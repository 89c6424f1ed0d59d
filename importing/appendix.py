"""The appendix table (附件): the activity table a printed plan ends with.

It lists every activity again, made from the activities, so its rows are not
imported twice. Run-in items print their type, time and lead organizer only
there, so each row matched to an activity by its topic fills in what it lacks.
"""

import re

from django.utils.translation import gettext as _

from importing import fields as F
from importing.normalize import clean_line
from importing.parsed import CommitteeName, ParsedActivity, TypeName
from importing.types import type_from_heading
from plans.schedule import ScheduleKind

APPENDIX_LABEL = re.compile(r"^附\s*件\s*\d*\s*[:：]?\s*(.{0,40})$")
# Words in the header row of an activity table.
TABLE_HEADER_WORDS = ("序号", "议题", "事项", "形式", "时间", "题目", "项目", "牵头", "单位")
COLUMNS = {
    "topic": ("议题", "题目", "事项", "项目名称", "名称"),
    "form": ("形式", "类别", "类型"),
    "time": ("时间",),
    "organizer": ("牵头", "组织", "承办", "责任"),
}


def is_activity_table(header: str) -> bool:
    return any(word in header for word in TABLE_HEADER_WORDS)


def fill_from_rows(
    rows: list[tuple[int, list[str]]],
    activities: list[ParsedActivity],
    *,
    types: list[TypeName],
    committees: list[CommitteeName],
    year: int | None,
) -> list[tuple[int, str]]:
    """Fill activities from the table's rows (the first is the header); returns warnings."""
    if len(rows) < 2:
        return []
    header = [clean_line(cell) for cell in rows[0][1]]
    columns = {name: _column(header, words) for name, words in COLUMNS.items()}
    if columns["topic"] is None:
        return []
    by_topic = {topic_key(activity.topic): activity for activity in activities}
    warnings = []
    for index, raw in rows[1:]:
        cells = [clean_line(cell) for cell in raw]
        activity = by_topic.get(topic_key(_cell(cells, columns["topic"])))
        if activity is None:
            warnings.append((index, _("This row of the appendix table matches no activity.")))
            continue
        _fill(activity, cells, columns, types=types, committees=committees, year=year)
    return warnings


def _fill(activity: ParsedActivity, cells: list[str], columns: dict, *, types, committees, year):
    form = _cell(cells, columns["form"])
    found = type_from_heading(form, types) if form else ""
    if found and activity.type_name != found:
        activity.type_name, activity.type_reason = found, _("from the appendix table")
    time = _cell(cells, columns["time"])
    if time and activity.schedule.kind == ScheduleKind.UNSCHEDULED:
        read = F.read_schedule(time, year=year)
        if read is not None:
            activity.schedule, activity.schedule_text = read.schedule, time
    organizer = _cell(cells, columns["organizer"])
    if organizer and activity.lead is None:
        activity.organizers_text = organizer
        activity.lead, activity.joint = F.read_organizers(organizer, committees)


def _column(header: list[str], words: tuple[str, ...]) -> int | None:
    return next((i for i, cell in enumerate(header) if any(word in cell for word in words)), None)


def _cell(cells: list[str], column: int | None) -> str:
    return cells[column] if column is not None and column < len(cells) else ""


def topic_key(topic: str) -> str:
    return re.sub(r"[\s。.，,、；;：:“”\"'（）()]", "", topic)
