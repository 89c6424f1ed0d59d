"""The JSON form of a plan (docs/plan-json.md): its schema, and reading it back."""

import copy
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import Activity, ActivityStatus, JointOrganizer, Participant
from activities.selectors import plan_outline
from demo.plans import CITY_PLAN
from importing.json_writer import render_json
from importing.services import import_plan
from organisation.models import Committee, Member
from plans.models import Plan, PlanKind, Section
from plans.schedule import SCHEDULE_FIELDS, Recurrence, ScheduleKind
from plans.wording import ParticipantKind
from tests.factories import (
    ActivityTypeFactory,
    CommitteeFactory,
    MemberFactory,
    MembershipFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


def export(plan: Plan) -> bytes:
    plan = Plan.objects.select_related("committee").get(pk=plan.pk)
    return render_json(plan, plan_outline(plan))


def row_counts() -> dict[str, int]:
    models = [Plan, Section, Activity, JointOrganizer, Participant, Participant.members.through]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def city_plan():
    call_command("load_demo", stdout=io.StringIO())
    return Plan.objects.get(title=CITY_PLAN["title"])


# --- the schema ---------------------------------------------------------------

PLAN_KEYS = {
    "format", "version", "title", "year", "kind", "committee",
    "document_number", "issue_date", "preamble", "sections",
}  # fmt: skip
SECTION_KEYS = {"heading", "lead_phrase", "body", "show_count", "activities", "sections"}
ACTIVITY_KEYS = {
    "type", "topic", "content", "targets", "schedule", "participants", "organizers", "status",
}  # fmt: skip
PARTICIPANT_KEYS = {"kind", "text", "sector", "members"}


def check_section(section: dict, level: int) -> int:
    """Check a section and everything below it; return the number of activities."""
    assert set(section) == SECTION_KEYS
    assert level <= 4
    for key in ("heading", "lead_phrase", "body"):
        assert isinstance(section[key], str)
    assert isinstance(section["show_count"], bool)
    for activity in section["activities"]:
        assert set(activity) == ACTIVITY_KEYS
        for key in ("type", "topic", "content", "targets"):
            assert isinstance(activity[key], str)
        assert activity["status"] in ActivityStatus.values
        schedule = activity["schedule"]
        kind = schedule["kind"]
        assert set(schedule) - {"kind"} <= set(SCHEDULE_FIELDS[kind])
        assert set(activity["organizers"]) == {"lead", "joint"}
        for participant in activity["participants"]:
            assert set(participant) == PARTICIPANT_KEYS
            assert participant["kind"] in ParticipantKind.values
            assert isinstance(participant["members"], list)
    return len(section["activities"]) + sum(
        check_section(child, level + 1) for child in section["sections"]
    )


def test_demo_plan_export_follows_the_documented_schema(city_plan):
    data = json.loads(export(city_plan).decode("utf-8"))

    assert set(data) == PLAN_KEYS
    assert data["format"] == "cppcc-plan"
    assert data["version"] == 1
    assert data["title"] == "政协河洛市委员会2026年度协商工作计划"
    assert data["year"] == 2026
    assert data["kind"] == "consultation"
    assert data["committee"] == "政协河洛市委员会"
    assert data["document_number"] == "河洛政协〔2026〕3号"
    assert data["issue_date"] == "2026-01-20"
    assert data["preamble"].startswith("为深入贯彻中央和省委")
    assert [section["heading"] for section in data["sections"][:2]] == ["指导思想", "基本原则"]
    assert data["sections"][1]["sections"][0]["lead_phrase"] == "围绕中心，服务大局。"
    total = sum(check_section(section, 1) for section in data["sections"])
    assert total == Activity.objects.filter(section__plan=city_plan).count()

    group = data["sections"][2]["sections"][0]
    assert group["heading"] == "政协全委会协商"
    assert group["show_count"] is True
    first = group["activities"][0]
    assert first["type"] == "全体会议协商"
    assert first["topic"] == "加强人才建设，为经济高质量发展提供重要支撑"
    assert first["schedule"] == {"kind": "event", "event": "市政协十四届二次全会期间", "month": 1}
    assert first["organizers"] == {"lead": "调研室", "joint": []}
    assert first["participants"][0] == {
        "kind": "leader",
        "text": "市党政有关领导",
        "sector": None,
        "members": [],
    }
    assert first["status"] == "done"  # the demo records the first half of the year


def test_export_stores_no_ids_or_numbers(city_plan):
    text = export(city_plan).decode("utf-8")
    keys = set()

    def collect(value):
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(json.loads(text))
    assert not keys & {"id", "pk", "position", "number", "label", "first_month", "last_month"}
    # Headings carry no numbers such as 一、 or （一）.
    assert "一、" not in text
    assert "（4个）" not in text


def test_export_is_indented_sorted_utf8(city_plan):
    content = export(city_plan)
    text = content.decode("utf-8")
    assert text.startswith('{\n  "committee": "政协河洛市委员会",\n')
    assert text.endswith("}\n")
    assert "\\u" not in text
    assert export(city_plan) == content


def test_demo_plan_survives_import_unchanged(city_plan):
    exported = export(city_plan)

    copy_ = import_plan(data=json.loads(exported), committee=city_plan.committee)

    assert copy_.pk != city_plan.pk
    assert copy_.status == Plan.Status.DRAFT
    assert export(copy_) == exported


# --- export → import → export for any valid plan ------------------------------

ROOT = "政协测试市委员会"
BODIES = ["办公室", "调研室", "经济委员会", "教科卫体委员会"]
TYPES = ["专题协商（测试）", "调研视察（测试）"]
SECTORS = ["测试经济界", "测试教育界"]
MEMBERS = ["王建国", "赵喆", "周堃", "徐镕"]
TWINS = "李秀兰"  # two members share this name; only one sits in the test committee


@pytest.fixture
def world(db):
    """A committee tree (with a county below it that has an office too), types, sectors, members."""
    root = CommitteeFactory(name=ROOT, short_name="测试市政协")
    for position, name in enumerate(BODIES, start=1):
        CommitteeFactory(name=name, parent=root, position=position, kind="special", short_name="")
    county = CommitteeFactory(name="政协测试县委员会", parent=root, position=100)
    CommitteeFactory(name="办公室", parent=county, position=1, kind="office", short_name="")
    for name in TYPES:
        ActivityTypeFactory(name=name)
    sectors = [SectorFactory(name=name) for name in SECTORS]
    for name in MEMBERS:
        MemberFactory(name=name, sector=sectors[0])
    MembershipFactory(member=MemberFactory(name=TWINS, sector=sectors[1]), committee=root)
    MemberFactory(name=TWINS, sector=sectors[1])
    return root


# Any text a person could type: every script and emoji, no control characters.
ANY_CHARACTER = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
LINE_OR_BREAK = st.one_of(ANY_CHARACTER, st.sampled_from(["\n", "\t", "\r"]))


def line(max_size=20, *, blank=True):
    strategy = st.text(ANY_CHARACTER, max_size=max_size)
    return strategy if blank else strategy.filter(str.strip)


def paragraphs():
    return st.text(LINE_OR_BREAK, max_size=40)


def iso_dates():
    return st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))


@st.composite
def schedules(draw):
    kind = draw(st.sampled_from(ScheduleKind.values))
    result = {"kind": kind}
    if kind == ScheduleKind.MONTH:
        result["month"] = draw(st.integers(1, 12))
    elif kind == ScheduleKind.MONTHS:
        result["month"] = draw(st.integers(1, 11))
        result["end_month"] = draw(st.integers(result["month"] + 1, 12))
    elif kind == ScheduleKind.DATE:
        result["date"] = draw(iso_dates()).isoformat()
    elif kind == ScheduleKind.DATE_RANGE:
        start = draw(iso_dates())
        end = start + datetime.timedelta(days=draw(st.integers(0, 400)))
        result.update(start=start.isoformat(), end=end.isoformat())
    elif kind == ScheduleKind.QUARTER:
        result["quarter"] = draw(st.integers(1, 4))
    elif kind == ScheduleKind.HALF:
        result["half"] = draw(st.integers(1, 2))
    elif kind == ScheduleKind.RECURRING:
        result["recurrence"] = draw(st.sampled_from(Recurrence.values))
    elif kind == ScheduleKind.EVENT:
        result["event"] = draw(line(blank=False))
        if draw(st.booleans()):
            result["month"] = draw(st.integers(1, 12))
    return result


@st.composite
def participants(draw):
    kind = draw(st.sampled_from(ParticipantKind.values))
    needs_text = kind not in {ParticipantKind.SECTOR, ParticipantKind.MEMBERS}
    sector = draw(st.sampled_from(SECTORS)) if kind == ParticipantKind.SECTOR else None
    if kind != ParticipantKind.SECTOR and draw(st.booleans()):
        sector = draw(st.sampled_from(SECTORS))
    members = []
    if kind == ParticipantKind.MEMBERS:
        members = draw(st.lists(st.sampled_from([*MEMBERS, TWINS]), unique=True, max_size=3))
    return {
        "kind": kind,
        "text": draw(line(blank=not needs_text)),
        "sector": sector,
        "members": members,
    }


def activities():
    return st.fixed_dictionaries(
        {
            "type": st.sampled_from(TYPES),
            "topic": line(blank=False),
            "content": paragraphs(),
            "targets": paragraphs(),
            "schedule": schedules(),
            "participants": st.lists(participants(), max_size=3),
            "organizers": st.fixed_dictionaries(
                {
                    "lead": st.none() | st.sampled_from([ROOT, *BODIES]),
                    "joint": st.lists(st.sampled_from(BODIES), unique=True, max_size=3),
                }
            ),
            "status": st.sampled_from(ActivityStatus.values),
        }
    )


def sections(level: int):
    below = sections(level + 1) if level < 4 else st.just([])
    heading_and_lead = st.one_of(
        st.tuples(line(blank=False), line()),
        st.tuples(st.just(""), line(blank=False)),
    )
    section = st.builds(
        lambda names, body, show_count, items, children: {
            "heading": names[0],
            "lead_phrase": names[1],
            "body": body,
            "show_count": show_count,
            "activities": items,
            "sections": children,
        },
        heading_and_lead,
        paragraphs(),
        st.booleans(),
        st.lists(activities(), max_size=2),
        below,
    )
    return st.lists(section, max_size=3 if level == 1 else 2)


plans = st.fixed_dictionaries(
    {
        "format": st.just("cppcc-plan"),
        "version": st.just(1),
        "title": line(blank=False),
        "year": st.integers(2000, 2100),
        "kind": st.sampled_from(PlanKind.values),
        "committee": st.just(ROOT),
        "document_number": line(),
        "issue_date": st.none() | iso_dates().map(datetime.date.isoformat),
        "preamble": paragraphs(),
        "sections": sections(1),
    }
)


def in_database_order(data: dict) -> dict:
    """The file with members listed as the export lists them (by name, in the database's order)."""
    data = copy.deepcopy(data)
    order = list(Member.objects.order_by("name", "pk").values_list("name", flat=True))

    def visit(section):
        for activity in section["activities"]:
            for participant in activity["participants"]:
                participant["members"].sort(key=order.index)
        for child in section["sections"]:
            visit(child)

    for section in data["sections"]:
        visit(section)
    return data


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=plans)
def test_export_import_export_is_identical(world, data):
    plan = import_plan(data=data, committee=world)
    exported = export(plan)
    assert json.loads(exported) == in_database_order(data)

    again = import_plan(data=json.loads(exported), committee=world)

    assert export(again) == exported


def test_nested_four_levels_with_every_schedule_kind(world):
    data = {
        "format": "cppcc-plan",
        "version": 1,
        "title": "四级嵌套 🎉",
        "year": 2026,
        "kind": "work_plan",
        "sections": [{"heading": "一级", "sections": [{"heading": "二级", "sections": [
            {"heading": "三级", "sections": [{"lead_phrase": "四级。", "activities": [
                {"type": TYPES[0], "topic": f"议题{index}", "schedule": schedule}
                for index, schedule in enumerate(EVERY_SCHEDULE)
            ]}]},
        ]}]}],
    }  # fmt: skip

    plan = import_plan(data=data, committee=world)

    exported = json.loads(export(plan))
    deepest = exported["sections"][0]["sections"][0]["sections"][0]["sections"][0]
    assert [item["schedule"] for item in deepest["activities"]] == EVERY_SCHEDULE
    assert deepest["activities"][0]["organizers"] == {"lead": None, "joint": []}
    assert deepest["activities"][0]["status"] == "planned"


EVERY_SCHEDULE = [
    {"kind": "none"},
    {"kind": "month", "month": 6},
    {"kind": "months", "month": 3, "end_month": 5},
    {"kind": "date", "date": "2026-02-28"},
    {"kind": "range", "start": "2026-12-30", "end": "2027-01-02"},
    {"kind": "quarter", "quarter": 2},
    {"kind": "half", "half": 2},
    {"kind": "year"},
    {"kind": "recurring", "recurrence": "quarterly"},
    {"kind": "event", "event": "全会期间"},
]


def test_names_are_matched_nearest_first_then_by_short_name(world):
    data = {
        "format": "cppcc-plan", "version": 1, "title": "组织单位", "year": 2026,
        "kind": "work_plan",
        "sections": [{"heading": "一", "activities": [{
            "type": TYPES[0], "topic": "议题",
            "organizers": {"lead": "测试市政协", "joint": ["办公室"]},
            "participants": [{"kind": "members", "members": [TWINS]}],
        }]}],
    }  # fmt: skip

    plan = import_plan(data=data, committee=world)

    activity = Activity.objects.get(section__plan=plan)
    assert activity.lead_organizer == world
    assert [row.committee.parent for row in activity.joint_organizer_rows.all()] == [world]
    member = activity.participants.get().members.get()
    assert member.memberships.get().committee == world


# --- what import refuses ------------------------------------------------------


def valid_file() -> dict:
    return {
        "format": "cppcc-plan",
        "version": 1,
        "title": "导入测试计划",
        "year": 2026,
        "kind": "consultation",
        "committee": ROOT,
        "sections": [
            {
                "heading": "协商活动",
                "body": "正文。",
                "activities": [
                    {
                        "type": TYPES[0],
                        "topic": "议题一",
                        "schedule": {"kind": "month", "month": 6},
                        "organizers": {"lead": "调研室", "joint": ["经济委员会"]},
                        "participants": [
                            {"kind": "sector", "sector": SECTORS[0]},
                            {"kind": "members", "members": [MEMBERS[0]]},
                        ],
                    }
                ],
            }
        ],
    }


def nest(levels: int) -> list:
    sections = []
    for level in range(levels, 0, -1):
        sections = [{"heading": f"第{level}级", "sections": sections}]
    return sections


def change(**edits):
    """A valid file with `edits` applied: {dotted.path: value}, or a function of the file."""

    def edit(data):
        for path, value in edits.items():
            *parents, last = path.split("__")
            target = data
            for key in parents:
                target = target[int(key)] if key.isdigit() else target[key]
            if value is DELETE:
                del target[last]
            else:
                target[int(last) if last.isdigit() else last] = value
        return data

    return edit


DELETE = object()
ACTIVITY = "sections__0__activities__0"

REFUSED = {
    "a list": (lambda data: [data], "The plan must be a JSON object."),
    "not a plan file": (change(format="other"), "format: This is not a plan file"),
    "missing title": (change(title=DELETE), "title: This field is required."),
    "blank title": (change(title="  "), "title: This cannot be blank."),
    "year 1999": (change(year=1999), "year: Must be from 2000 to 2100."),
    "year as text": (change(year="2026"), "year: Expected a whole number."),
    "unknown kind": (change(kind="annual"), "kind: Must be one of: key_points, consultation"),
    "unknown field": (change(number="1"), "number: Unknown field."),
    "month 13": (
        change(**{f"{ACTIVITY}__schedule__month": 13}),
        "sections[0].activities[0].schedule.month: Must be from 1 to 12.",
    ),
    "months backwards": (
        change(**{f"{ACTIVITY}__schedule": {"kind": "months", "month": 5, "end_month": 3}}),
        "sections[0].activities[0].schedule.end_month: The last month must come after the first.",
    ),
    "field of another schedule kind": (
        change(**{f"{ACTIVITY}__schedule__quarter": 2}),
        "sections[0].activities[0].schedule.quarter: Unknown field.",
    ),
    "bad date": (
        change(**{f"{ACTIVITY}__schedule": {"kind": "date", "date": "2026-02-30"}}),
        "sections[0].activities[0].schedule.date: Enter a date as YYYY-MM-DD.",
    ),
    "five levels": (
        change(sections=nest(5)),
        "sections[0].sections[0].sections[0].sections[0].sections[0]: "
        "Sections nest at most 4 levels.",
    ),
    "10 MB string": (
        change(sections__0__body="长" * 10 * 1024 * 1024),
        "sections[0].body: At most 20000 characters (it has 10485760).",
    ),
    "NUL in a heading": (
        change(sections__0__heading="协商\x00活动"),
        "sections[0].heading: Control characters are not allowed.",
    ),
    "section without heading or lead phrase": (
        change(sections__0__heading=""),
        "sections[0].heading: Give the section a heading or a lead phrase.",
    ),
    "unknown committee": (
        change(**{f"{ACTIVITY}__organizers__lead": "不存在委员会"}),
        "sections[0].activities[0].organizers.lead: "
        "No committee named “不存在委员会” in 政协测试市委员会 or below it.",
    ),
    "joint organizer twice": (
        change(**{f"{ACTIVITY}__organizers__joint": ["经济委员会", "经济委员会"]}),
        "sections[0].activities[0].organizers.joint[1]: Listed twice.",
    ),
    "unknown type": (
        change(**{f"{ACTIVITY}__type": "无此类型"}),
        "sections[0].activities[0].type: No activity type named “无此类型”.",
    ),
    "unknown status": (
        change(**{f"{ACTIVITY}__status": "lost"}),
        "sections[0].activities[0].status: Must be one of: planned, under_way",
    ),
    "unknown sector": (
        change(**{f"{ACTIVITY}__participants__0__sector": "无此界别"}),
        "sections[0].activities[0].participants[0].sector: No sector named “无此界别”.",
    ),
    "unknown member": (
        change(**{f"{ACTIVITY}__participants__1__members": ["无名氏"]}),
        "sections[0].activities[0].participants[1].members[0]: No member named “无名氏”.",
    ),
    "unit without wording": (
        change(**{f"{ACTIVITY}__participants__0": {"kind": "unit"}}),
        "sections[0].activities[0].participants[0].text: Enter the wording.",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_import_refuses_bad_input_and_writes_nothing(world, name):
    edit, expected = REFUSED[name]
    data = edit(valid_file())
    before = row_counts()

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        import_plan(data=data, committee=world)

    assert any(message.startswith(expected) for message in raised.value.messages), (
        raised.value.messages
    )
    assert row_counts() == before


def test_valid_file_imports(world):
    plan = import_plan(data=valid_file(), committee=world)

    activity = Activity.objects.get(section__plan=plan)
    assert activity.printed_fields() == [
        ("时间安排", "6月"),
        ("参加人员", "测试经济界委员、王建国委员"),
        ("组织实施", "由测试市政协调研室、经济委员会联合组织实施"),
    ]
    assert (activity.first_month, activity.last_month) == (6, 6)


def test_import_reports_every_problem_at_once(world):
    data = change(year=1999, kind="annual", **{f"{ACTIVITY}__type": "无此类型"})(valid_file())

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        import_plan(data=data, committee=world)

    assert [message.split(":")[0] for message in raised.value.messages] == [
        "year",
        "kind",
        "sections[0].activities[0].type",
    ]


def test_another_committee_cannot_resolve_names_outside_its_tree(world):
    elsewhere = CommitteeFactory(name="政协别处委员会")

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        import_plan(data=valid_file(), committee=elsewhere)

    assert raised.value.messages == [
        "sections[0].activities[0].organizers.lead: "
        "No committee named “调研室” in 政协别处委员会 or below it.",
        "sections[0].activities[0].organizers.joint[0]: "
        "No committee named “经济委员会” in 政协别处委员会 or below it.",
    ]
    assert Committee.objects.filter(parent=elsewhere).count() == 0
