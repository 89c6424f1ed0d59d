"""An activity's labelled fields: which label means what, and reading their values.

`时间安排` becomes a `Schedule`, `组织实施` a lead and joint organizers matched to
committees, `参加人员` participant entries of the right kinds. What cannot be
read is kept as text for the activity's notes, never dropped.
"""

import datetime
import re
from dataclasses import dataclass

from importing.labels import CHINESE_NUMBER, chinese_to_int
from importing.normalize import fold_width
from importing.parsed import (
    COMMITTEE_NAME_MAX,
    EVENT_MAX,
    PARTICIPANT_TEXT_MAX,
    CommitteeName,
    OrganizerRef,
    ParsedParticipant,
)
from plans.schedule import Recurrence, Schedule, ScheduleKind
from plans.wording import ParticipantKind


class Field:
    FORM = "form"
    TOPIC = "topic"
    CONTENT = "content"
    TIME = "time"
    PARTICIPANTS = "participants"
    ORGANIZERS = "organizers"
    TARGETS = "targets"
    NOTES = "notes"


# Label as written -> what it fills. Content labels also hint at the activity type.
FIELD_LABELS = {
    "协商形式": Field.FORM, "活动形式": Field.FORM, "形式": Field.FORM, "类别": Field.FORM,
    "议题": Field.TOPIC, "题目": Field.TOPIC, "项目名称": Field.TOPIC, "协商议题": Field.TOPIC,
    "协商内容": Field.CONTENT, "调研内容": Field.CONTENT, "视察内容": Field.CONTENT,
    "监督内容": Field.CONTENT, "座谈内容": Field.CONTENT, "学习内容": Field.CONTENT,
    "通报内容": Field.CONTENT, "项目内容": Field.CONTENT, "工作内容": Field.CONTENT,
    "主要内容": Field.CONTENT, "具体内容": Field.CONTENT, "内容": Field.CONTENT,
    "时间安排": Field.TIME, "完成时限": Field.TIME, "完成时间": Field.TIME,
    "时间节点": Field.TIME, "实施时间": Field.TIME, "活动时间": Field.TIME, "时间": Field.TIME,
    "参加人员": Field.PARTICIPANTS, "参加对象": Field.PARTICIPANTS,
    "参与人员": Field.PARTICIPANTS, "参加单位": Field.PARTICIPANTS,
    "出席人员": Field.PARTICIPANTS, "邀请人员": Field.PARTICIPANTS,
    "组织实施": Field.ORGANIZERS, "牵头单位": Field.ORGANIZERS, "责任单位": Field.ORGANIZERS,
    "承办单位": Field.ORGANIZERS, "组织单位": Field.ORGANIZERS, "实施单位": Field.ORGANIZERS,
    "工作目标": Field.TARGETS, "目标任务": Field.TARGETS, "预期目标": Field.TARGETS,
    "预期成果": Field.TARGETS, "目标": Field.TARGETS,
    "备注": Field.NOTES,
}  # fmt: skip
_LABELS = "|".join(sorted(FIELD_LABELS, key=len, reverse=True))
# 协商内容：… or 【协商内容】…: a bracketed label needs no colon.
FIELD_LINE = re.compile(rf"^(?:[【\[]({_LABELS})[】\]]\s*[:：]?|({_LABELS})\s*[:：])\s*(.*)$")
# A second field on the same line: 时间安排：6月；组织实施：…
INLINE_FIELD = re.compile(rf"[；;]\s*(?=(?:{_LABELS})\s*[:：])")


@dataclass(frozen=True)
class FieldLine:
    label: str
    field: str
    value: str


def read_fields(text: str) -> list[FieldLine]:
    """The labelled fields of a line (one or more), or [] if it is not a field line."""
    if not FIELD_LINE.match(text):
        return []
    fields = []
    for part in INLINE_FIELD.split(text):
        match = FIELD_LINE.match(part.strip())
        if match is None:
            if fields:  # text after a field that is no field: part of its value
                last = fields[-1]
                fields[-1] = FieldLine(last.label, last.field, f"{last.value}；{part.strip()}")
            continue
        bracketed, plain, value = match.groups()
        label = bracketed or plain
        fields.append(FieldLine(label, FIELD_LABELS[label], value.strip()))
    return fields


# --- Schedules -------------------------------------------------------------------

MONTH = rf"(\d{{1,2}}|{CHINESE_NUMBER})"
TO = r"\s*(?:至|到|~|～|-|—|－|–|——)\s*"
# Words after a month that do not change which month it is: 6月份, 6月中旬, 6月底.
MONTH_TAIL = r"(?:份|上旬|中旬|下旬|初|中|底|末|前|左右|内|间)?"
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
RECURRING = [
    (re.compile(r"^每(?:个)?月(?:一次|1次|召开一次|开展一次)?$"), Recurrence.MONTHLY),
    (re.compile(r"^每(?:个)?季度(?:一次|1次|召开一次|开展一次)?$"), Recurrence.QUARTERLY),
    (re.compile(r"^每半年(?:一次|1次|召开一次|开展一次)?$"), Recurrence.HALF_YEARLY),
]
YEAR_ROUND = re.compile(r"^(?:全年|全年度|年内|全年开展|全年进行|常年|贯穿全年|全年持续)$")
EVENT = re.compile(r"(?:期间|会议上|会上|前后)$")
TRAILING = "。.；;，, "


@dataclass(frozen=True)
class ReadSchedule:
    schedule: Schedule
    exact: bool  # the wording printed back says the same as the source


def read_schedule(text: str, *, year: int | None) -> ReadSchedule | None:
    """The schedule a 时间安排 value describes, or None when it cannot be read."""
    value = fold_width(text).strip(TRAILING).replace(" ", "")
    if not value:
        return None
    for reader in (_recurring, _year_round, _half, _quarter, _dates, _months):
        found = reader(value, year)
        if found is not None:
            return found
    if EVENT.search(value) and len(value) <= EVENT_MAX:
        return ReadSchedule(Schedule(kind=ScheduleKind.EVENT, event=text.strip(TRAILING)), True)
    return None


def _recurring(value: str, year) -> ReadSchedule | None:
    for pattern, recurrence in RECURRING:
        if pattern.match(value):
            exact = value in {"每月", "每季度", "每半年"}
            return ReadSchedule(Schedule(kind=ScheduleKind.RECURRING, recurrence=recurrence), exact)
    return None


def _year_round(value: str, year) -> ReadSchedule | None:
    if YEAR_ROUND.match(value):
        return ReadSchedule(Schedule(kind=ScheduleKind.YEAR_ROUND), value == "全年")
    return None


def _half(value: str, year) -> ReadSchedule | None:
    match = re.fullmatch(r"(?:\d{4}年)?([上下])半年(?:度|内)?", value)
    if match:
        half = 1 if match.group(1) == "上" else 2
        return ReadSchedule(Schedule(kind=ScheduleKind.HALF, half=half), value.endswith("半年"))
    return None


def _quarter(value: str, year) -> ReadSchedule | None:
    match = re.fullmatch(r"(?:\d{4}年)?第?([一二三四1-4])季度(?:内)?", value)
    if match:
        quarter = QUARTERS[match.group(1)]
        exact = value == f"第{'一二三四'[quarter - 1]}季度"
        return ReadSchedule(Schedule(kind=ScheduleKind.QUARTER, quarter=quarter), exact)
    return None


def _months(value: str, year) -> ReadSchedule | None:
    month = rf"{MONTH}月?{MONTH_TAIL}"
    match = re.fullmatch(rf"(?:\d{{4}}年)?{MONTH}月{MONTH_TAIL}", value)
    if match:
        number = _month(match.group(1))
        if number is None:
            return None
        exact = value == f"{number}月" or value == f"{number}月份"
        return ReadSchedule(Schedule(kind=ScheduleKind.MONTH, month=number), exact)
    match = re.fullmatch(rf"(?:\d{{4}}年)?{month}{TO}{MONTH}月{MONTH_TAIL}", value)
    if match:
        first, last = _month(match.group(1)), _month(match.group(2))
        if first is None or last is None or last < first:
            return None
        if first == last:
            return ReadSchedule(Schedule(kind=ScheduleKind.MONTH, month=first), False)
        exact = re.fullmatch(rf"{first}月?{TO}{last}月份?", value) is not None
        schedule = Schedule(kind=ScheduleKind.MONTHS, month=first, end_month=last)
        return ReadSchedule(schedule, exact)
    # 年底 / 年末: December, as offices read it.
    if value in {"年底", "年末", "年底前"}:
        return ReadSchedule(Schedule(kind=ScheduleKind.MONTH, month=12), False)
    return None


def _month(text: str) -> int | None:
    number = chinese_to_int(text)
    return number if number is not None and 1 <= number <= 12 else None


DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]"
RANGE_END = r"(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})[日号]"


def _dates(value: str, year: int | None) -> ReadSchedule | None:
    match = re.fullmatch(rf"{DATE}{TO}{RANGE_END}", value)
    if match:
        start_year, start_month, start_day, end_year, end_month, end_day = match.groups()
        start = _date(start_year, start_month, start_day, year)
        if start is None:
            return None
        end = _date(end_year or str(start.year), end_month or str(start.month), end_day, year)
        if end is None or end < start:
            return None
        schedule = Schedule(kind=ScheduleKind.DATE_RANGE, start_date=start, end_date=end)
        return ReadSchedule(schedule, schedule.wording() == value)
    match = re.fullmatch(DATE, value)
    if match:
        start = _date(*match.groups(), year)
        if start is None:
            return None
        schedule = Schedule(kind=ScheduleKind.DATE, start_date=start)
        return ReadSchedule(schedule, schedule.wording() == value)
    return None


def _date(year_text, month_text, day_text, default_year) -> datetime.date | None:
    year = int(year_text) if year_text else default_year
    if year is None:
        return None
    try:
        return datetime.date(year, int(month_text), int(day_text))
    except ValueError:
        return None


def schedule_in_text(text: str) -> Schedule | None:
    """A schedule phrase inside a run-in item (每季度, 下半年 …), if exactly one kind is named."""
    found = []
    for word, schedule in SCHEDULE_WORDS:
        if word in text:
            found.append(schedule)
    distinct = set(found)
    return found[0] if len(distinct) == 1 else None


SCHEDULE_WORDS = [
    ("每季度", Schedule(kind=ScheduleKind.RECURRING, recurrence=Recurrence.QUARTERLY)),
    ("每半年", Schedule(kind=ScheduleKind.RECURRING, recurrence=Recurrence.HALF_YEARLY)),
    ("每月", Schedule(kind=ScheduleKind.RECURRING, recurrence=Recurrence.MONTHLY)),
    ("上半年", Schedule(kind=ScheduleKind.HALF, half=1)),
    ("下半年", Schedule(kind=ScheduleKind.HALF, half=2)),
    *[
        (f"第{word}季度", Schedule(kind=ScheduleKind.QUARTER, quarter=number))
        for number, word in enumerate("一二三四", start=1)
    ],
]


# --- Organizers ------------------------------------------------------------------

ORGANIZER_FRAME = re.compile(
    r"^(?:由|请)?(.*?)(?:等单位)?(?:联合|共同|负责|牵头)?(?:组织实施|组织开展|组织|实施|承办|负责|牵头)?$"
)
LIST_SPLIT = re.compile(r"[、，,；;/]|\s+")
# What a body does in a list of organizers: 市政协调研室牵头，经济委员会配合.
ORGANIZER_ROLE = re.compile("(?:牵头|配合|参与|负责|协助|协办|为主)$")
# 农业和农村委员会 and 社会与法制委员会 write their 和 / 与 either way.
CONJUNCTIONS = re.compile("[和与及、]")
COMMITTEE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{0,8}?政协)")


def read_organizers(
    text: str, committees: list[CommitteeName]
) -> tuple[OrganizerRef | None, list[OrganizerRef]]:
    """The lead and joint organizers named in a 组织实施 value."""
    value = text.strip(TRAILING)
    match = ORGANIZER_FRAME.match(value)
    inner = match.group(1) if match else value
    names = [ORGANIZER_ROLE.sub("", name.strip()) for name in LIST_SPLIT.split(inner)]
    refs: list[OrganizerRef] = []
    prefix = ""
    for written in filter(None, names):
        ref, prefix = match_committee(written, committees, prefix)
        if ref.name and all(ref.name != other.name for other in refs):
            refs.append(ref)
    if not refs:
        return None, []
    return refs[0], refs[1:]


def match_committee(
    written: str, committees: list[CommitteeName], previous_prefix: str = ""
) -> tuple[OrganizerRef, str]:
    """Find a body by its name as printed (市政协调研室), its name or its short name.

    A bare name after a prefixed one (`市政协调研室、经济委员会`) belongs to the same
    committee, as plans print the prefix once. The nearest body wins (the plan's own
    committee before committees below it). Returns the reference and the prefix seen.
    """
    candidates = []
    for committee in committees:
        for printed, prefix in _spellings(committee):
            if _same(written, printed):
                candidates.append((committee, prefix))
    if not candidates:
        stripped = COMMITTEE_PREFIX.sub("", written)
        seen_prefix = written[: len(written) - len(stripped)] or previous_prefix
        for committee in committees:
            if _same(stripped, committee.name) and (
                not seen_prefix or seen_prefix in {committee.prefix, ""}
            ):
                candidates.append((committee, committee.prefix))
        if not candidates:
            # Unknown: offered for creation under the plan's committee, so its own
            # prefix is dropped but another committee's is kept (县政协办公室).
            own = seen_prefix in _own_prefixes(committees)
            name = stripped if own and stripped else written
            return OrganizerRef(name=name[:COMMITTEE_NAME_MAX]), seen_prefix
    # Prefer a body under the prefix just printed, then the nearest one.
    candidates.sort(key=lambda pair: (pair[1] != previous_prefix, pair[0].depth))
    committee, prefix = candidates[0]
    printed = committee.prefix + committee.name if committee.prefix else committee.name
    ref = OrganizerRef(name=committee.name, key=committee.key, printed=printed)
    return ref, committee.prefix or previous_prefix


def _own_prefixes(committees: list[CommitteeName]) -> set[str]:
    """How the plan's committee is written before its bodies: 市政协, 政协河洛市委员会."""
    own = {""}
    for committee in committees:
        if committee.depth == 0:
            own |= {committee.name, committee.short_name}
        elif committee.depth == 1:
            own.add(committee.prefix)
    return own


def _spellings(committee: CommitteeName) -> list[tuple[str, str]]:
    spellings = [(committee.name, committee.prefix)]
    if committee.short_name:
        spellings.append((committee.short_name, committee.prefix))
    if committee.prefix:
        spellings.append((committee.prefix + committee.name, committee.prefix))
    return spellings


def _same(written: str, name: str) -> bool:
    return written == name or CONJUNCTIONS.sub("", written) == CONJUNCTIONS.sub("", name)


# --- Participants ----------------------------------------------------------------

UNITS_CLAUSE = re.compile(
    r"^(.*?)等(?:有关)?(?:单位|部门)(?:和(.+?))?(?:的)?(?:主要)?负责(?:同志|人)$"
)
LOCAL_GOVERNMENT = re.compile(r"(?:县|区|市|乡|镇|街道).*(?:政府|办事处)$|^有关(?:县|区|乡|镇)")
SECTOR_ENTRY = re.compile(r"^(.+?界)(?:别)?(?:委员)?$")
PARTIES = re.compile(
    "民主党派|工商联|无党派|人民团体|党派团体|群团|民革|民盟|民建|民进|农工党|致公党|九三学社|台盟"
)
MEMBERS = re.compile("委员")
EXPERTS = re.compile("专家|学者|智库|顾问")
LEADERS = re.compile(
    "市长|县长|区长|镇长|乡长|书记|主席|秘书长|领导|负责同志|负责人|主任|部长|局长|厅长|常委|代表"
)
UNITS = re.compile(
    "(?:局|委|办|厅|院|所|中心|公司|单位|部门|集团|银行|学校|医院|大学|学院|法院|检察院|办公室|部|署|站|馆|会)$"
)


def read_participants(text: str, sectors: list[str]) -> list[ParsedParticipant]:
    """Participant entries of a 参加人员 value, each of its kind, in order."""
    value = text.strip(TRAILING)
    entries: list[ParsedParticipant] = []
    for clause in re.split("[，,；;]", value):
        clause = clause.strip()
        if not clause:
            continue
        match = UNITS_CLAUSE.match(clause)
        if match:
            items, local = match.groups()
            for item in _items(items):
                kind = ParticipantKind.LEADER if _is_leader(item) else ParticipantKind.UNIT
                entries.append(ParsedParticipant(kind=kind, text=item))
            for item in _items(local or ""):
                entries.append(ParsedParticipant(kind=ParticipantKind.LOCAL_GOVERNMENT, text=item))
            continue
        for item in _items(clause):
            entries.extend(_entry(item, sectors))
    return entries


def _items(text: str) -> list[str]:
    return [item.strip()[:PARTICIPANT_TEXT_MAX] for item in text.split("、") if item.strip()]


def _is_leader(item: str) -> bool:
    return bool(LEADERS.search(item)) and not UNITS.search(item)


def _entry(item: str, sectors: list[str]) -> list[ParsedParticipant]:
    sector = SECTOR_ENTRY.match(item)
    if sector and sector.group(1) in sectors and not PARTIES.search(item):
        return [ParsedParticipant(kind=ParticipantKind.SECTOR, text="", sector=sector.group(1))]
    if PARTIES.search(item):
        kind = ParticipantKind.PARTIES
    elif MEMBERS.search(item):
        kind = ParticipantKind.MEMBERS
    elif EXPERTS.search(item):
        kind = ParticipantKind.EXPERTS
    elif LOCAL_GOVERNMENT.search(item):
        kind = ParticipantKind.LOCAL_GOVERNMENT
    elif LEADERS.search(item):
        kind = ParticipantKind.LEADER
    elif UNITS.search(item):
        kind = ParticipantKind.UNIT
    else:
        kind = ParticipantKind.OTHER
    return [ParsedParticipant(kind=kind, text=item)]
