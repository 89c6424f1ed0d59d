"""The import parser (importing): pure, no database.

The four seed samples (tests/importing/data/seed_plans.txt, from the team's shared seeds)
import with their full structure; sample 篇1 is checked line by line.
"""

import datetime
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import Activity, ActivityType, Participant
from importing import ParseOptions, parse_text
from importing import parsed as P
from importing.fields import (
    read_fields,
    read_organizers,
    read_participants,
    read_schedule,
)
from importing.junk import find_junk, junk_reason
from importing.labels import Style, chinese_to_int, split_count, split_label
from importing.normalize import clean_line, remove_pinyin, to_simplified
from importing.parsed import CommitteeName, LineRole, Override, Vocabulary
from importing.preview import activity_view
from importing.sentences import split_run_in, split_section_head
from importing.types import DEFAULT_TYPES, type_from_heading
from organisation.models import Committee
from plans.models import Plan, Section
from plans.schedule import Recurrence, Schedule, ScheduleKind
from plans.wording import ParticipantKind


@pytest.fixture(autouse=True)
def chinese():
    # Messages are compared in Chinese, the default language, whatever ran before.
    with translation.override("zh-hans"):
        yield


SEED = Path(__file__).resolve().parent / "data" / "seed_plans.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()

CITY_BODIES = [
    "办公室", "调研室", "经济委员会", "农业和农村委员会", "人口资源环境委员会", "教科卫体委员会",
    "社会和法制委员会", "民族宗教委员会", "文化和文史委员会", "港澳台侨和外事委员会", "提案委员会",
]  # fmt: skip
CITY = Vocabulary(
    committees=[CommitteeName(key=1, name="政协洛阳市委员会", short_name="市政协")]
    + [
        CommitteeName(key=10 + n, name=name, prefix="市政协", depth=1)
        for n, name in enumerate(CITY_BODIES)
    ],
    types=list(DEFAULT_TYPES),
    sectors=["经济界", "教育界", "农业界"],
)
KEY = {name: 10 + n for n, name in enumerate(CITY_BODIES)}


def parse_seed(document: int, **options):
    return parse_text(
        SEED_LINES, vocabulary=CITY, options=ParseOptions(document=document, **options)
    )


def outline(sections, depth=0):
    """(depth, label, heading or lead phrase, declared count, activities) of every section."""
    rows = []
    for section in sections:
        rows.append(
            (
                depth,
                section.label,
                section.heading or section.lead_phrase,
                section.declared_count,
                len(section.activities),
            )
        )
        rows += outline(section.children, depth + 1)
    return rows


# --- sample 篇1: four parts, seven form groups, 18 activities ----------------------------

USUAL = "，部分政协委员、智库专家"
# group label, heading, count, type; then per activity: topic start, time, lead, joint,
# participants as the plan will print them ("" when the sample lists none).
SAMPLE_1_GROUPS = [
    ("（一）", "政协全委会协商", 1, "全体会议协商", [
        ("加强人才建设", "市政协xx届二次全会期间", "调研室", [],
         "市党政有关领导、市直有关部门负责同志，全体市政协委员"),
    ]),
    ("（二）", "专题议政性常委会协商", 2, "专题议政性常委会议", [
        ("进一步加快乡村振兴步伐", "6月", "调研室", ["农业和农村委员会"],
         "市政府分管副市长、市发改委、市农业农村局等单位负责同志" + USUAL),
        ("以科技创新推动经济高质量发展", "9月", "调研室", ["经济委员会", "教科卫体委员会"],
         "市政府分管副市长、市发改委、市科技局、市工信局等单位负责同志" + USUAL),
    ]),
    ("（三）", "双月协商座谈会协商", 4, "双月协商座谈会", [
        ("做好洛阳济源融合发展协商调研", "5月", "经济委员会", [],
         "市政府分管副市长、市发改委、市工信局、市自然资源和规划局、市商务局、市交通运输局"
         "等单位和有关县区政府负责同志" + USUAL),
        ("促进农业龙头企业做大做强", "5月", "农业和农村委员会", [],
         "市政府分管副市长、市农业农村局、市商务局、市扶贫开发办公室等单位和有关县区政府负责同志"
         + USUAL),
        ("加大黄河湿地环境资源保护力度", "7月", "人口资源环境委员会", [],
         "市政府分管副市长、市林业局、市生态环境局、市水利局等单位和有关县区政府负责同志" + USUAL),
        ("深化河洛文化研究", "8月", "港澳台侨和外事委员会", [],
         "市政府分管副市长、市文化广电和旅游局等单位负责同志" + USUAL),
    ]),
    ("（四）", "专题协商", 1, "专题协商", [
        ("优化营商环境", "7月", "社会和法制委员会", [],
         "市政府分管副市长、市发改委、市工信局、市商务局、市市场监督管理局、市税务局"
         "等单位负责同志" + USUAL),
    ]),
    ("（五）", "界别协商", 1, "界别协商", [
        ("发展学前教育", "10月", "教科卫体委员会", [],
         "市政府分管副市长、市人力资源和社会保障局、市编办、市教育局等单位负责同志" + USUAL),
    ]),
    ("（六）", "重点调研", 4, "重点调研", [
        ("全国和省、市宗教工作会议精神贯彻落实情况", "5月", "民族宗教委员会", [], ""),
        ("加强农村寄宿制学校建设", "7月", "教科卫体委员会", [], ""),
        ("应天门、二里头在建大遗址项目保护利用情况", "7月", "文化和文史委员会", [], ""),
        ("我市国土绿化提速提质行动工作推进情况", "9月", "农业和农村委员会", [], ""),
    ]),
    ("（七）", "重点视察", 5, "重点视察", [
        ("优化城市区教育资源配置", "3月", "教科卫体委员会", [], ""),
        ("推进军民融合产业园建设", "5月", "港澳台侨和外事委员会", [], ""),
        ("全市重点民生实事落实情况", "9月", "社会和法制委员会", [], ""),
        ("“四河同治、三渠联动”推进情况", "10月", "人口资源环境委员会", [], ""),
        ("全市重点项目建设推进情况", "10月", "经济委员会", [], ""),
    ]),
]  # fmt: skip
CONTENT_LABELS = {"重点调研": "调研内容", "重点视察": "视察内容"}


@pytest.fixture(scope="module")
def sample_1():
    return parse_seed(1)


def test_sample_1_head(sample_1):
    assert (sample_1.title, sample_1.year, sample_1.kind) == (
        "政协2023年工作计划",
        2023,
        Plan.Kind.CONSULTATION,
    )
    assert sample_1.kind_guessed is True
    assert [d.name for d in sample_1.documents] == [
        f"政协2023年工作计划样本 篇{n}" for n in range(1, 5)
    ]
    assert len(sample_1.preamble) == 1
    assert sample_1.preamble[0].startswith("为认真学习贯彻习近平新时代")
    assert sample_1.preamble[0].endswith("提出20xx年度市政协协商工作计划如下:")
    assert sample_1.warnings == []


def test_sample_1_has_four_parts_and_seven_groups(sample_1):
    assert outline(sample_1.sections) == [
        (0, "一、", "指导思想", None, 0),
        (0, "二、", "基本原则", None, 0),
        (1, "（一）", "围绕中心，服务大局。", None, 0),
        (1, "（二）", "丰富形式，注重实效。", None, 0),
        (1, "（三）", "广泛协商，群策群力。", None, 0),
        (0, "三、", "协商形式、议题、内容及时间安排", None, 0),
        *[(1, label, heading, count, count) for label, heading, count, _t, _a in SAMPLE_1_GROUPS],
        (0, "四、", "措施保障", None, 0),
        (1, "（一）", "高度重视，协同配合。", None, 0),
        (1, "（二）", "精心组织，深入研究。", None, 0),
        (1, "（三）", "周密计划，深入协商。", None, 0),
        (1, "（四）", "强化落实，提升实效。", None, 0),
        (1, "（五）", "严明纪律，改进作风。", None, 0),
    ]
    first, principles, forms, safeguards = sample_1.sections
    assert first.paragraphs[0].startswith("高举中国特色社会主义伟大旗帜")
    assert principles.children[0].paragraphs[0].startswith("牢固树立和贯彻落实新发展理念")
    assert forms.paragraphs == [
        "20xx年以政协全委会、专题议政性常委会、双月协商座谈会、专题协商、界别协商、调研、"
        "视察等形式开展重点协商活动18项。"
    ]
    assert all(group.show_count for group in forms.children)
    assert safeguards.children[4].paragraphs[0].endswith("真正做到察实情、讲真话、献实策。")


def test_sample_1_has_18_activities_with_every_field(sample_1):
    groups = sample_1.sections[2].children
    assert len(sample_1.activities) == 18
    for group, (_label, _heading, _count, type_name, expected) in zip(
        groups, SAMPLE_1_GROUPS, strict=True
    ):
        assert group.type_name == type_name
        for activity, (topic, time, lead, joint, participants) in zip(
            group.activities, expected, strict=True
        ):
            view = activity_view(activity)
            assert activity.topic.startswith(topic)
            assert activity.type_name == type_name
            assert activity.content  # every activity has its 协商内容 / 调研内容 / 视察内容
            assert (view.schedule, activity.schedule_parsed) == (time, True)
            assert (activity.lead.name, activity.lead.key) == (lead, KEY[lead])
            assert [ref.name for ref in activity.joint] == joint
            assert view.participants == participants
            assert view.unknown_organizers == []
            assert activity.targets == []


def test_sample_1_activity_in_detail(sample_1):
    activity = sample_1.sections[2].children[1].activities[0]
    assert activity.topic == "进一步加快乡村振兴步伐"
    assert activity.label == "1."
    assert activity.content.startswith("围绕乡村振兴战略规划的加快实施")
    assert activity.schedule == Schedule(kind=ScheduleKind.MONTH, month=6)
    assert [(p.kind, p.text) for p in activity.participants] == [
        (ParticipantKind.LEADER, "市政府分管副市长"),
        (ParticipantKind.UNIT, "市发改委"),
        (ParticipantKind.UNIT, "市农业农村局"),
        (ParticipantKind.MEMBERS, "部分政协委员"),
        (ParticipantKind.EXPERTS, "智库专家"),
    ]
    view = activity_view(activity)
    assert view.organizers == "由市政协调研室、农业和农村委员会联合组织实施"
    event = sample_1.sections[2].children[0].activities[0]
    assert event.schedule == Schedule(kind=ScheduleKind.EVENT, event="市政协xx届二次全会期间")
    assert event.label == ""  # a group with one activity prints it without a number
    # 社会与法制委员会 in the sample is the committee's 社会和法制委员会.
    assert sample_1.sections[2].children[3].activities[0].organizers_text == (
        "由市政协社会与法制委员会组织实施"
    )


def test_sample_1_every_line_is_marked(sample_1):
    roles = {mark.number: mark.role for mark in sample_1.lines}
    assert roles[1] == LineRole.JUNK  # 首页 > 工作文档 > …
    assert roles[3] == LineRole.JUNK  # 《政协2023年工作计划样本热门四篇》
    assert roles[5] == LineRole.JUNK  # 时间:
    assert roles[7] == LineRole.JUNK  # 政协2023年工作计划样本(精选4篇)
    assert roles[9] == LineRole.SEPARATOR
    assert roles[11] == LineRole.PREAMBLE
    assert (roles[13], roles[15], roles[19]) == (
        LineRole.HEADING,
        LineRole.PARAGRAPH,
        LineRole.LEAD,
    )
    assert (roles[29], roles[31], roles[33], roles[35]) == (
        LineRole.HEADING,
        LineRole.ACTIVITY,
        LineRole.FIELD,
        LineRole.FIELD,
    )
    document_2 = sample_1.documents[1]
    assert {mark.role for mark in sample_1.lines[document_2.start : document_2.end]} <= {
        LineRole.OUTSIDE,
        LineRole.BLANK,
    }
    assert all(mark.role for mark in sample_1.lines)
    topic = sample_1.lines[42]
    assert (topic.text, topic.role, topic.target) == ("1.进一步加快乡村振兴步伐", "activity", "1.")
    assert sample_1.lines[44].note == "协商内容"


# --- the other samples -----------------------------------------------------------------


def test_sample_2_starts_at_the_second_level():
    parsed = parse_seed(2)
    assert parsed.kind == Plan.Kind.WORK_PLAN
    assert [(s.label, s.heading) for s in parsed.sections] == [
        ("一、", "围绕都市田园综合体，谋划金洲新城新布局"),
        ("二、", "全力保障要素服务，推动项目建设新进展"),
        ("三、", "全面提标城乡管理，展示融城窗口新形象"),
        ("四、", "深入发展农业农村，探索乡村振兴新模式"),
        ("五、", "突出抓好民生实事，营造社会大局新气象"),
        ("六、", "不断强化自身建设，开创政府工作新局面"),
    ]
    assert [len(s.paragraphs) for s in parsed.sections] == [1, 1, 1, 1, 1, 1]
    assert parsed.preamble[0] == "今年政府工作的指导思想是:"
    assert len(parsed.preamble) == 5
    assert parsed.activities == []


def test_sample_3_items_are_run_in_activities():
    parsed = parse_seed(3)
    assert parsed.kind == Plan.Kind.WORK_PLAN
    assert [(s.heading, len(s.activities)) for s in parsed.sections] == [
        ("加强委员学习", 3),
        ("认真履行各项基本职能", 4),
        ("密切与各方面的联系和合作", 3),
        ("充分发挥委员的主体作用", 0),
    ]
    learning = parsed.sections[0]
    assert learning.paragraphs[0].endswith("拟定委员每季度固定学习日、碰头日。")
    assert [(a.label, a.topic, a.type_name) for a in learning.activities] == [
        ("1.", "把“三个代表”重要思想和党的xx届x中全会精神作为学习的主要内容", "学习培训"),
        ("2.", "不断创新学习的形式", "学习培训"),
        ("3.", "强化宣传工作", "宣传"),
    ]
    assert learning.activities[1].content.startswith("在利用编印学习资料")
    assert parsed.sections[1].activities[3].type_name == "提案工作"
    assert parsed.sections[3].paragraphs[0].startswith("重视和保护委员履行职责的权利")


def test_sample_4_lead_phrases_and_targets():
    parsed = parse_seed(4)
    assert [(s.heading, len(s.activities)) for s in parsed.sections] == [
        ("围绕同心同向抓学习，进一步夯实思想政治基础", 3),
        ("履行三项职能，积极服务发展", 5),
        ("强化自身建设，提高履职水平", 4),
    ]
    learning, duties, self_building = parsed.sections
    assert [a.topic for a in learning.activities] == [
        "举办二期政协培训班",
        "加强理论武装",
        "把准履职方向",
    ]
    assert learning.activities[2].content.startswith("将学习贯彻十x大x中全会精神")
    supervision = duties.activities[1]
    assert supervision.topic == "尊重事实，提高民主监督水平"
    assert supervision.content.startswith("围绕党和国家方针政策的贯彻情况")
    assert supervision.type_name == "民主监督"
    assert duties.activities[2].targets == [
        "视察全年不少于两次",
        "每个委员至少提交两份有质量的提案",
    ]
    assert self_building.activities[0].type_name == "自身建设"  # from its part's heading
    assert self_building.activities[3].type_name == "宣传"


# --- numbering -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "style", "number", "rest"),
    [
        ("一、指导思想", Style.CHINESE, 1, "指导思想"),
        ("十二、 其他", Style.CHINESE, 12, "其他"),
        ("一．总体要求", Style.CHINESE, 1, "总体要求"),
        ("(一)围绕中心", Style.CHINESE_PAREN, 1, "围绕中心"),
        ("（三）广泛协商", Style.CHINESE_PAREN, 3, "广泛协商"),
        ("（十一）其他", Style.CHINESE_PAREN, 11, "其他"),
        ("1.进一步加快", Style.DIGIT_DOT, 1, "进一步加快"),
        ("12. 议题", Style.DIGIT_DOT, 12, "议题"),
        ("1．全角点", Style.DIGIT_DOT, 1, "全角点"),
        ("１．全角数字", Style.DIGIT_DOT, 1, "全角数字"),
        ("1、举办培训班", Style.DIGIT_COMMA, 1, "举办培训班"),
        ("(1)小项", Style.DIGIT_PAREN, 1, "小项"),
        ("（２）全角", Style.DIGIT_PAREN, 2, "全角"),
        ("3）半括号", Style.DIGIT_HALF_PAREN, 3, "半括号"),
        ("①圈号", Style.CIRCLED, 1, "圈号"),
        ("⑫圈号", Style.CIRCLED, 12, "圈号"),
        ("第二部分 工作安排", Style.CHAPTER, 2, "工作安排"),
    ],
)
def test_labels(text, style, number, rest):
    label, after = split_label(text)
    assert (label.style, label.number, after) == (style, number, rest)


@pytest.mark.parametrize(
    "text", ["1.5亿元", "2023年工作", "一、二、三产业融合发展", "一是加强学习", "指导思想", ""]
)
def test_not_labels(text):
    assert split_label(text) == (None, text)


def test_counts_are_dropped_and_read():
    assert split_count("双月协商座谈会协商(4个)") == ("双月协商座谈会协商", 4)
    assert split_count("平台建设类项目（3个）") == ("平台建设类项目", 3)
    assert split_count("调研履职类项目(三项)") == ("调研履职类项目", 3)
    assert split_count("指导思想") == ("指导思想", None)
    assert chinese_to_int("一百零五") == 105
    assert chinese_to_int("二十") == 20


def test_numbering_runs_on_across_parts():
    lines = [
        "2026年工作要点",
        "一、加强学习",
        "1.加强理论武装。全体委员认真学习。",
        "2.把准履职方向。结合实际开展履职。",
        "二、履行职能",
        "3.开展专题调研。围绕中心开展调研。",
        "4.加强民主监督。每季度开展一次监督。",
    ]
    parsed = parse_text(lines)
    assert parsed.continuous_numbering is True
    assert parsed.kind == Plan.Kind.KEY_POINTS
    assert parsed.warnings == []
    assert [(a.label, a.topic, a.type_name) for a in parsed.activities] == [
        ("1.", "加强理论武装", "学习培训"),
        ("2.", "把准履职方向", "学习培训"),  # from its part's heading
        ("3.", "开展专题调研", "专题调研"),
        ("4.", "加强民主监督", "民主监督"),
    ]
    assert parsed.activities[3].schedule == Schedule(
        kind=ScheduleKind.RECURRING, recurrence=Recurrence.QUARTERLY
    )


def test_counts_that_do_not_match_are_reported():
    lines = [
        "一、协商安排",
        "（一）专题协商（3个）",
        "1.议题甲",
        "协商内容：内容甲",
        "2.议题乙",
        "协商内容：内容乙",
    ]
    parsed = parse_text(lines)
    group = parsed.sections[0].children[0]
    assert (group.heading, group.declared_count, group.activity_count) == ("专题协商", 3, 2)
    assert parsed.warnings == ["第2行：“专题协商”写明有3项活动，实际识别出2项。"]


def test_numbering_gaps_are_reported():
    parsed = parse_text(["一、甲", "三、乙"])
    assert [s.heading for s in parsed.sections] == ["甲", "乙"]
    assert parsed.warnings == ["第2行：编号从“一、”跳到了“三、”。"]


def test_a_label_alone_takes_the_next_line_as_its_heading():
    parsed = parse_text(["一、", "指导思想", "坚持以习近平新时代中国特色社会主义思想为指导。"])
    assert [(s.heading, s.paragraphs) for s in parsed.sections] == [
        ("指导思想", ["坚持以习近平新时代中国特色社会主义思想为指导。"])
    ]
    assert [m.role for m in parsed.lines] == [
        LineRole.HEADING,
        LineRole.HEADING,
        LineRole.PARAGRAPH,
    ]


def test_parts_nest_at_most_four_levels():
    lines = ["一、甲", "（一）乙", "1.丙", "（1）丁", "①戊", "正文"]
    parsed = parse_text(lines, options=ParseOptions(kind=Plan.Kind.CONSULTATION))
    fourth = parsed.sections[0].children[0].children[0].children[0]
    assert (fourth.label, fourth.heading) == ("（1）", "丁")
    assert fourth.paragraphs == ["①戊", "正文"]
    assert len(parsed.warnings) == 1


# --- heads, lead phrases, run-in items -------------------------------------------------------


def test_head_title_issuer_number_and_date():
    lines = [
        "政协河洛市委员会",
        "2026年度协商工作计划",
        "河洛政协〔2026〕3号",
        "为深入贯彻中央和省委、市委关于加强人民政协协商民主建设的部署要求，制定本计划。",
        "一、指导思想",
        "坚持团结和民主两大主题。",
        "政协河洛市委员会",
        "2026年1月20日",
    ]
    parsed = parse_text(lines)
    assert parsed.title == "政协河洛市委员会2026年度协商工作计划"
    assert (parsed.issuer, parsed.document_number, parsed.year) == (
        "政协河洛市委员会",
        "河洛政协〔2026〕3号",
        2026,
    )
    assert parsed.issue_date == datetime.date(2026, 1, 20)
    assert parsed.kind == Plan.Kind.CONSULTATION
    assert [m.role for m in parsed.lines] == [
        LineRole.ISSUER, LineRole.TITLE, LineRole.DOCUMENT_NUMBER, LineRole.PREAMBLE,
        LineRole.HEADING, LineRole.PARAGRAPH, LineRole.ISSUER, LineRole.ISSUE_DATE,
    ]  # fmt: skip


def test_issue_date_in_chinese_numerals():
    parsed = parse_text(["一、甲", "二〇二六年一月二十日"])
    assert parsed.issue_date == datetime.date(2026, 1, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("指导思想", ("指导思想", "", "", None)),
        ("围绕中心，服务大局。聚焦发展。", ("", "围绕中心，服务大局。", "聚焦发展。", None)),
        ("高度重视，协同配合。", ("高度重视，协同配合", "", "", None)),
        ("双月协商座谈会协商（4个）", ("双月协商座谈会协商", "", "", 4)),
    ],
)
def test_section_heads(text, expected):
    assert split_section_head(text) == expected


@pytest.mark.parametrize(
    ("text", "topic", "content"),
    [
        ("把准履职方向。将学习贯彻结合起来。", "把准履职方向", "将学习贯彻结合起来。"),
        ("加强理论武装，全体委员要以全会精神为主题，通过自学等形式，准确领会精神实质。",
         "加强理论武装", "全体委员要以全会精神为主题，通过自学等形式，准确领会精神实质。"),
        ("外树形象，内强素质，再立新功", "外树形象，内强素质，再立新功", ""),
    ],
)  # fmt: skip
def test_run_in_items(text, topic, content):
    assert split_run_in(text) == (topic, content)


# --- labelled fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "schedule", "exact"),
    [
        ("5月", Schedule(kind=ScheduleKind.MONTH, month=5), True),
        ("六月份", Schedule(kind=ScheduleKind.MONTH, month=6), False),
        ("6月中旬", Schedule(kind=ScheduleKind.MONTH, month=6), False),
        ("3月至5月", Schedule(kind=ScheduleKind.MONTHS, month=3, end_month=5), True),
        ("3—5月", Schedule(kind=ScheduleKind.MONTHS, month=3, end_month=5), True),
        ("6月18日", Schedule(kind=ScheduleKind.DATE, start_date=datetime.date(2026, 6, 18)), True),
        (
            "4月19日至24日",
            Schedule(
                kind=ScheduleKind.DATE_RANGE,
                start_date=datetime.date(2026, 4, 19),
                end_date=datetime.date(2026, 4, 24),
            ),
            True,
        ),
        (
            "2026年12月28日至2027年1月3日",
            Schedule(
                kind=ScheduleKind.DATE_RANGE,
                start_date=datetime.date(2026, 12, 28),
                end_date=datetime.date(2027, 1, 3),
            ),
            True,
        ),
        ("下半年", Schedule(kind=ScheduleKind.HALF, half=2), True),
        ("第二季度", Schedule(kind=ScheduleKind.QUARTER, quarter=2), True),
        ("三季度", Schedule(kind=ScheduleKind.QUARTER, quarter=3), False),
        ("全年", Schedule(kind=ScheduleKind.YEAR_ROUND), True),
        ("每季度", Schedule(kind=ScheduleKind.RECURRING, recurrence=Recurrence.QUARTERLY), True),
        ("每月一次", Schedule(kind=ScheduleKind.RECURRING, recurrence=Recurrence.MONTHLY), False),
        ("全会期间", Schedule(kind=ScheduleKind.EVENT, event="全会期间"), True),
        (
            "市政协十四届二次全会期间",
            Schedule(kind=ScheduleKind.EVENT, event="市政协十四届二次全会期间"),
            True,
        ),
    ],
)
def test_schedules(text, schedule, exact):
    found = read_schedule(text, year=2026)
    assert (found.schedule, found.exact) == (schedule, exact)


@pytest.mark.parametrize("text", ["根据工作需要适时安排", "2月30日", "13月", "5月至3月", ""])
def test_schedules_not_read(text):
    assert read_schedule(text, year=2026) is None


def test_unread_schedules_are_kept_as_text():
    parsed = parse_text(
        ["一、甲", "（一）专题协商", "议题甲", "协商内容：内容", "时间安排：视情况而定"]
    )
    activity = parsed.activities[0]
    assert (activity.schedule.kind, activity.schedule_parsed) == (ScheduleKind.UNSCHEDULED, False)
    assert activity.targets == ["时间安排：视情况而定"]


def test_dates_need_a_year():
    assert read_schedule("6月18日", year=None) is None


@pytest.mark.parametrize(
    ("text", "lead", "joint"),
    [
        ("由市政协调研室组织实施", ("调研室", KEY["调研室"]), []),
        ("由市政协调研室、经济委员会联合组织实施", ("调研室", KEY["调研室"]), ["经济委员会"]),
        ("市政协社会与法制委员会", ("社会和法制委员会", KEY["社会和法制委员会"]), []),
        ("经济委员会牵头，调研室配合", ("经济委员会", KEY["经济委员会"]), ["调研室"]),
        ("由市政协负责", ("政协洛阳市委员会", 1), []),
        ("由市政协文史委员会组织实施", ("文史委员会", None), []),
        ("由县政协办公室组织实施", ("县政协办公室", None), []),
    ],
)  # fmt: skip
def test_organizers(text, lead, joint):
    found_lead, found_joint = read_organizers(text, CITY.committees)
    assert (found_lead.name, found_lead.key) == lead
    assert [ref.name for ref in found_joint] == joint


def test_participants_of_every_kind():
    entries = read_participants(
        "市政府分管副市长、市林业局、市水利局等单位和有关县区政府负责同志，"
        "部分政协委员、经济界、教育界委员、民主党派、工商联、智库专家、新闻媒体",
        ["经济界", "教育界"],
    )
    assert [(e.kind, e.text or e.sector) for e in entries] == [
        (ParticipantKind.LEADER, "市政府分管副市长"),
        (ParticipantKind.UNIT, "市林业局"),
        (ParticipantKind.UNIT, "市水利局"),
        (ParticipantKind.LOCAL_GOVERNMENT, "有关县区政府"),
        (ParticipantKind.MEMBERS, "部分政协委员"),
        (ParticipantKind.SECTOR, "经济界"),
        (ParticipantKind.SECTOR, "教育界"),
        (ParticipantKind.PARTIES, "民主党派"),
        (ParticipantKind.PARTIES, "工商联"),
        (ParticipantKind.EXPERTS, "智库专家"),
        (ParticipantKind.OTHER, "新闻媒体"),
    ]


def test_field_lines():
    assert [
        (f.label, f.field, f.value)
        for f in read_fields("时间安排：6月；组织实施：由市政协调研室组织实施")
    ] == [
        ("时间安排", "time", "6月"),
        ("组织实施", "organizers", "由市政协调研室组织实施"),
    ]
    assert read_fields("【协商内容】围绕…")[0].value == "围绕…"
    assert read_fields("坚持协商于决策之前") == []


@pytest.mark.parametrize(
    ("heading", "type_name"),
    [
        ("政协全委会协商", "全体会议协商"),
        ("专题议政性常委会协商", "专题议政性常委会议"),
        ("双月协商座谈会协商", "双月协商座谈会"),
        ("重点调研", "重点调研"),
        ("视察活动", "专题视察"),
        ("协商形式、议题、内容及时间安排", ""),
        ("指导思想", ""),
    ],
)
def test_types_from_group_headings(heading, type_name):
    assert type_from_heading(heading, list(DEFAULT_TYPES)) == type_name


def test_activities_by_labelled_topic_and_form():
    lines = [
        "一、协商计划",
        "协商形式：双月协商座谈会",
        "议题：推进乡村振兴",
        "协商内容：围绕乡村振兴开展协商。",
        "协商形式：重点视察",
        "议题：视察民生实事",
        "视察内容：视察民生实事推进情况。",
        "时间安排：第三季度",
    ]
    parsed = parse_text(lines)
    assert [(a.topic, a.type_name, a.schedule.wording()) for a in parsed.activities] == [
        ("推进乡村振兴", "双月协商座谈会", ""),
        ("视察民生实事", "重点视察", "第三季度"),
    ]


def test_content_paragraphs_continue_the_content():
    lines = [
        "（一）专题协商（1个）",
        "推进乡村振兴",
        "协商内容：第一段。",
        "第二段。",
        "时间安排：6月",
        "以上活动视情况调整。",
    ]
    parsed = parse_text(lines)
    group = parsed.sections[0]
    assert group.activities[0].content == "第一段。\n第二段。"
    assert group.paragraphs == ["以上活动视情况调整。"]
    assert parsed.warnings == []


# --- messy sources -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "首页 > 工作文档 > 工作计划",
        "当前位置：首页 > 范文",
        "下面是小编为大家整理的政协工作计划，供大家参考。",
        "更多相关内容请关注本站",
        "https://www.example.com/plan.html",
        "www.example.cn",
        "第 3 页 共 12 页",
        "— 2 —",
        "3/12",
        "17",
        "来源：某某网",
        "时间：",
        "【打印】【关闭】",
        "Copyright © 2023 某网站",
        "政协工作计划范文(精选5篇)",
    ],
)
def test_junk(text):
    assert junk_reason(text)


@pytest.mark.parametrize(
    "text",
    [
        "时间安排：6月",
        "时间：6月",
        "一、指导思想",
        "加强与新闻单位的联系，宣传政协工作动态。",
        "利用政协公众号开展宣传。",
        "市政协调研室组织实施",
    ],
)
def test_not_junk(text):
    assert junk_reason(text) == ""


def test_related_article_lists_are_junk():
    lines = ["加强学习。", "相关文章：", "政协工作计划2022", "镇政协工作总结", "", "一、指导思想"]
    assert sorted(find_junk(lines)) == [1, 2, 3]


def test_junk_can_be_kept():
    parsed = parse_text(
        ["首页 > 范文 > 政协", "一、指导思想"], options=ParseOptions(remove_junk=False)
    )
    assert parsed.lines[0].role == LineRole.PREAMBLE
    assert parsed.lines[0].note.startswith("已保留")
    assert parsed.junk_lines == []


def test_cleaning():
    assert clean_line("\u200b  一、\u3000指导思想 \x07 ") == "一、 指导思想"
    assert remove_pinyin("協(xié)商（shāng）民主") == ("協商民主", 2)
    assert remove_pinyin("采用(word)格式，政协(CPPCC)") == ("采用(word)格式，政协(CPPCC)", 0)


def test_traditional_text_is_converted():
    traditional = [to_traditional(line) for line in SEED_LINES]
    traditional[10] = traditional[10].replace("協", "協(xié)", 1)
    parsed = parse_text(traditional, vocabulary=CITY)
    assert (parsed.traditional, parsed.converted) == (True, True)
    assert outline(parsed.sections) == outline(parse_seed(1).sections)
    assert parsed.sections[2].children[1].activities[0].topic == "进一步加快乡村振兴步伐"
    assert "協" not in parsed.lines[10].text
    assert parsed.lines[10].note == "已删除拼音注音；已转换为简体字"
    kept = parse_text(traditional, options=ParseOptions(convert_traditional=False))
    assert (kept.traditional, kept.converted) == (True, False)
    assert kept.sections[2].children[1].activities[0].topic == "進一步加快鄉村振興步伐"


def to_traditional(text: str) -> str:
    from importing.normalize import _converter

    return _converter("s2t").convert(text)


def test_simplified_text_is_not_called_traditional():
    parsed = parse_seed(1)
    assert (parsed.traditional, parsed.converted) == (False, False)
    assert to_simplified("協商") == "协商"


# --- the user's corrections --------------------------------------------------------------------


def test_overrides():
    lines = [
        "政协河洛市委员会",
        "2026年工作安排",
        "指导思想",
        "坚持团结。",
        "开展专题调研",
        "时间：5月",
        "广告",
    ]
    overrides = {
        0: Override.TITLE,
        1: Override.TITLE,
        2: Override.HEADING_1,
        4: Override.ACTIVITY,
        6: Override.JUNK,
    }
    parsed = parse_text(lines, options=ParseOptions(overrides=overrides))
    assert parsed.title == "政协河洛市委员会2026年工作安排"
    assert [(s.heading, s.paragraphs) for s in parsed.sections] == [("指导思想", ["坚持团结。"])]
    activity = parsed.sections[0].activities[0]
    assert (activity.topic, activity.schedule.month) == ("开展专题调研", 5)
    assert parsed.lines[6].role == LineRole.JUNK
    assert [m.override for m in parsed.lines] == [
        "title",
        "title",
        "h1",
        "",
        "activity",
        "",
        "junk",
    ]


def test_a_paragraph_override_stops_numbering():
    parsed = parse_text(
        ["一、甲", "1.这一句不是条目"], options=ParseOptions(overrides={1: "paragraph"})
    )
    assert parsed.sections[0].paragraphs == ["1.这一句不是条目"]
    assert parsed.activities == []


def test_several_documents_choose_one():
    lines = ["范文1", "一、甲", "范文2", "一、乙", "二、丙"]
    parsed = parse_text(lines, options=ParseOptions(document=2))
    assert [s.heading for s in parsed.sections] == ["乙", "丙"]
    assert [m.role for m in parsed.lines[:2]] == [LineRole.SEPARATOR, LineRole.OUTSIDE]


# --- never raises; fits the database ---------------------------------------------------------

FRAGMENTS = [
    *"一二三四五六七八九十、（）()．.1234567890:：，。；个篇第月日至季度半年全每 \t>①",
    "协商内容：", "时间安排：", "参加人员：", "组织实施：由市政协", "等单位负责同志", "委员",
    "附件", "范文1", "篇2", "〔2026〕3号", "2026年1月20日", "(4个)",
]  # fmt: skip
LINE = st.lists(st.sampled_from(FRAGMENTS) | st.characters(), max_size=14).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(LINE, max_size=30),
    overrides=st.dictionaries(st.integers(-2, 35), st.sampled_from(Override.values), max_size=5),
    kind=st.sampled_from(["", *Plan.Kind.values]),
    document=st.integers(-1, 4),
    year=st.none() | st.integers(2000, 2100),
)
def test_the_parser_never_raises(lines, overrides, kind, document, year):
    parsed = parse_text(
        lines,
        vocabulary=CITY,
        options=ParseOptions(kind=kind, year=year, overrides=overrides, document=document),
    )
    assert len(parsed.lines) == len(lines)
    assert all(mark.role for mark in parsed.lines)
    for section in parsed.walk_sections():
        assert section.heading or section.lead_phrase
        assert len(section.heading) <= P.HEADING_MAX
        assert len(section.lead_phrase) <= P.LEAD_PHRASE_MAX
        assert 1 <= section.level <= P.MAX_DEPTH
    for activity in parsed.activities:
        assert 0 < len(activity.topic) <= P.TOPIC_MAX
        assert all(len(entry.text) <= P.PARTICIPANT_TEXT_MAX for entry in activity.participants)
    assert len(parsed.title) <= P.TITLE_MAX


@pytest.mark.parametrize(
    ("model", "name", "limit"),
    [
        (Plan, "title", P.TITLE_MAX),
        (Plan, "document_number", P.DOCUMENT_NUMBER_MAX),
        (Section, "heading", P.HEADING_MAX),
        (Section, "lead_phrase", P.LEAD_PHRASE_MAX),
        (Activity, "topic", P.TOPIC_MAX),
        (Activity, "event", P.EVENT_MAX),
        (Participant, "text", P.PARTICIPANT_TEXT_MAX),
        (Committee, "name", P.COMMITTEE_NAME_MAX),
    ],
)
def test_limits_match_the_database(model, name, limit):
    assert model._meta.get_field(name).max_length == limit


@pytest.mark.django_db
def test_default_types_match_the_seeded_types():
    seeded = list(ActivityType.objects.order_by("position").values_list("name", "content_label"))
    assert [(t.name, t.content_label) for t in DEFAULT_TYPES] == seeded
