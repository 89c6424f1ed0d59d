"""The usual parts of each kind of plan, to start a new plan from.

A skeleton holds headings and lead phrases only; the office writes the text.
Groups whose heading prints its activity count, e.g. 双月协商座谈会协商(4个),
have `show_count` set.
"""

from dataclasses import dataclass

from plans.models import PlanKind


@dataclass(frozen=True)
class Part:
    """One section of a skeleton with the sections inside it."""

    heading: str = ""
    lead_phrase: str = ""
    show_count: bool = False
    children: tuple["Part", ...] = ()


def _counted(*headings: str) -> tuple[Part, ...]:
    return tuple(Part(heading=heading, show_count=True) for heading in headings)


def _led(*lead_phrases: str) -> tuple[Part, ...]:
    return tuple(Part(lead_phrase=phrase) for phrase in lead_phrases)


CONSULTATION = (
    Part(heading="指导思想"),
    Part(
        heading="基本原则",
        children=_led(
            "坚持党的领导，把准政治方向。",
            "围绕中心工作，服务发展大局。",
            "拓展协商形式，广泛凝聚共识。",
            "注重协商质量，务求取得实效。",
        ),
    ),
    Part(
        heading="协商安排",
        children=_counted(
            "全体会议协商",
            "专题议政性常委会议协商",
            "双月协商座谈会协商",
            "专题协商",
            "界别协商",
            "对口协商",
            "提案办理协商",
            "重点调研",
            "重点视察",
        ),
    ),
    Part(
        heading="措施保障",
        children=_led(
            "加强组织领导，压实工作责任。",
            "坚持先调研后协商，打牢协商基础。",
            "抓好成果转化，跟踪督促落实。",
            "严守纪律规矩，改进调研作风。",
        ),
    ),
)

# Items of a 工作要点 are activities with lead phrases, numbered on across the parts.
KEY_POINTS = (
    Part(heading="坚持党的全面领导，筑牢共同思想政治基础"),
    Part(heading="聚焦中心大局，高质量协商议政"),
    Part(heading="突出监督重点，助推决策部署落实"),
    Part(heading="广泛团结联谊，凝聚奋进合力"),
    Part(heading="加强自身建设，提升履职能力"),
)

WORK_PLAN = (
    Part(heading="指导思想"),
    Part(heading="加强学习培训"),
    Part(heading="认真履行基本职能"),
    Part(heading="密切各方联系，广泛凝聚共识"),
    Part(heading="发挥委员主体作用"),
    Part(heading="加强自身建设"),
)

PROJECT_PLAN = (
    Part(heading="总体要求"),
    Part(
        heading="工作项目",
        children=_counted(
            "平台建设类项目",
            "调研履职类项目",
            "民主监督类项目",
            "团结联谊类项目",
            "自身建设类项目",
        ),
    ),
    Part(heading="保障措施"),
)

HALF_YEAR = (
    Part(heading="上半年工作回顾"),
    Part(
        heading="下半年工作安排",
        children=(
            Part(heading="协商议政"),
            Part(heading="调研视察"),
            Part(heading="民主监督"),
            Part(heading="提案工作"),
            Part(heading="自身建设"),
        ),
    ),
    Part(heading="工作要求"),
)

SKELETONS: dict[str, tuple[Part, ...]] = {
    PlanKind.CONSULTATION: CONSULTATION,
    PlanKind.KEY_POINTS: KEY_POINTS,
    PlanKind.WORK_PLAN: WORK_PLAN,
    PlanKind.PROJECT_PLAN: PROJECT_PLAN,
    PlanKind.HALF_YEAR: HALF_YEAR,
}
