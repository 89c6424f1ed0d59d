"""A mid-year or year-end summary (工作总结) as a list of blocks every renderer prints alike.

`build_summary` takes the figures already counted (progress.selectors.summary_figures)
and the staff's texts, and lays out the document: the opening, 一、主要工作完成情况
with the table of counts, the completed activities with their outcomes, the
postponed and cancelled ones with their reasons, then the written parts. Numbers
of the parts are derived from their position (plans.numbering), so a part left
empty closes the gap. The print preview, the PDF and the .docx read the same blocks.
"""

import datetime
from dataclasses import dataclass, field

from activities.models import ActivityStatus
from organisation.models import Committee
from plans.models import split_paragraphs
from plans.numbering import number_label
from plans.schedule import date_range_wording
from progress.charts import bar_chart
from progress.figures import CompletedItem, Figures, record_of
from progress.models import OUTCOME_WORDS, OutcomeKind, SummaryNarrative, SummaryPeriod

# Narrower than the dashboard's, so its labels print larger on the 156 mm type area.
CHART_WIDTH = 520
CHART_ROW_HEIGHT = 20

PERIOD_WORDS = {SummaryPeriod.H1: "上半年", SummaryPeriod.H2: "下半年", SummaryPeriod.YEAR: ""}
# How the running text names the period: 上半年计划开展活动…
PERIOD_SUBJECTS = {
    SummaryPeriod.H1: "上半年",
    SummaryPeriod.H2: "下半年",
    SummaryPeriod.YEAR: "全年",
}
STATUS_WORDS = {ActivityStatus.POSTPONED: "已推迟", ActivityStatus.CANCELLED: "已取消"}


@dataclass(frozen=True)
class Heading:
    kind = "heading"  # for templates, which cannot ask a block's class

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    kind = "paragraph"

    text: str
    label: str = ""
    lead: str = ""


@dataclass(frozen=True)
class CountRow:
    category: str
    item: str
    value: str


@dataclass(frozen=True)
class CountGroup:
    category: str
    rows: list[CountRow]


@dataclass(frozen=True)
class CountsTable:
    kind = "table"

    rows: list[CountRow]

    @property
    def groups(self) -> list[CountGroup]:
        """Neighbouring rows of one category together, printed with one merged cell."""
        groups: list[CountGroup] = []
        for row in self.rows:
            if groups and groups[-1].category == row.category:
                groups[-1].rows.append(row)
            else:
                groups.append(CountGroup(category=row.category, rows=[row]))
        return groups


@dataclass(frozen=True)
class ChartBlock:
    """Where the chart of activities held by form goes (PDF and preview; not in .docx)."""

    kind = "chart"

    title: str
    labels: list[str]
    series: list[tuple[str, list[int]]]


Block = Heading | Paragraph | CountsTable | ChartBlock


@dataclass
class SummaryDocument:
    committee: Committee
    year: int
    period: str
    title: str
    date: datetime.date
    figures: Figures
    blocks: list[Block] = field(default_factory=list)

    @property
    def signature(self) -> str:
        return self.committee.name

    @property
    def date_text(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


def summary_title(committee: Committee, year: int, period: str) -> str:
    """政协河洛市委员会2026年上半年工作总结, or …2026年工作总结 for the year."""
    return f"{committee.name}{year}年{PERIOD_WORDS[period]}工作总结"


def build_summary(
    committee: Committee,
    year: int,
    period: str,
    figures: Figures,
    narrative: SummaryNarrative | None,
    *,
    today: datetime.date,
) -> SummaryDocument:
    """Lay out the summary from counted figures and the staff's texts; no queries."""
    document = SummaryDocument(
        committee=committee,
        year=year,
        period=period,
        title=summary_title(committee, year, period),
        date=today,
        figures=figures,
    )
    blocks = document.blocks
    texts = _texts(narrative)
    blocks += [Paragraph(text) for text in texts["opening"]]

    parts = [("主要工作完成情况", _work_done(figures, period))]
    parts += [
        (heading, [Paragraph(text) for text in texts[name]])
        for name, heading in (
            ("achievements", "主要做法和成效"),
            ("shortcomings", "存在的问题和不足"),
            ("next_steps", "下一步工作打算"),
        )
        if texts[name]
    ]
    for number, (heading, content) in enumerate(parts, start=1):
        blocks.append(Heading(1, f"{number_label(1, number)}{heading}"))
        blocks += content
    return document


def _texts(narrative: SummaryNarrative | None) -> dict[str, list[str]]:
    names = ("opening", "achievements", "shortcomings", "next_steps")
    if narrative is None:
        return {name: [] for name in names}
    return {name: split_paragraphs(getattr(narrative, name)) for name in names}


def _work_done(figures: Figures, period: str) -> list[Block]:
    blocks: list[Block] = [Paragraph(overview_sentence(figures, period))]
    subparts = [
        ("主要工作量统计", [CountsTable(count_rows(figures)), _chart(figures)]),
        ("已完成的活动", _completed(figures)),
    ]
    if figures.changed:
        subparts.append(("推迟和取消的活动", _changed(figures)))
    for number, (heading, content) in enumerate(subparts, start=1):
        blocks.append(Heading(2, f"{number_label(2, number)}{heading}"))
        blocks += content
    return blocks


def overview_sentence(figures: Figures, period: str) -> str:
    """上半年计划开展活动18项，已完成12项（占67%），… and the outcomes, in one paragraph."""
    counts, outcomes = figures.counts, figures.outcomes
    text = (
        f"{PERIOD_SUBJECTS[period]}计划开展活动{counts.planned}项，"
        f"已完成{counts.done}项（占{counts.percent_done}%），正在进行{counts.under_way}项，"
        f"尚未开展{counts.not_started}项，推迟{counts.postponed}项，取消{counts.cancelled}项。"
    )
    reports = "、".join(f"{word}{number}篇" for word, number in outcomes.report_rows if number)
    made = [f"形成{reports}"] if reports else []
    if outcomes.instructions:
        made.append(f"获领导批示{outcomes.instructions}件次")
    if outcomes.proposals:
        made.append(f"提出提案{outcomes.proposals}件")
    if outcomes.public_opinion:
        adopted = f"，被采用{outcomes.adopted}条" if outcomes.adopted else ""
        made.append(f"报送社情民意信息{outcomes.public_opinion}条{adopted}")
    if outcomes.media:
        made.append(f"媒体报道{outcomes.media}篇")
    if made:
        text += "，".join(made) + "。"
    if figures.members:
        text += f"委员参加活动{figures.members}人、{figures.member_times}人次。"
    return text


def count_rows(figures: Figures) -> list[CountRow]:
    """The table of counts: activities held by form, outcomes, members taking part."""
    rows = [CountRow("开展活动", row.label, f"{row.counts.done}次") for row in figures.held_by_type]
    rows.append(CountRow("开展活动", "合计", f"{figures.counts.done}次"))
    outcomes = figures.outcomes
    rows += [CountRow("形成报告", word, f"{number}篇") for word, number in outcomes.report_rows]
    rows += [
        CountRow(
            "领导批示", OUTCOME_WORDS[OutcomeKind.INSTRUCTION], f"{outcomes.instructions}件次"
        ),
        CountRow("提案", "提出提案", f"{outcomes.proposals}件"),
        CountRow("社情民意信息", "报送", f"{outcomes.public_opinion}条"),
        CountRow("社情民意信息", "被采用", f"{outcomes.adopted}条"),
        CountRow("媒体报道", OUTCOME_WORDS[OutcomeKind.MEDIA], f"{outcomes.media}篇"),
        CountRow("委员参与", "参加活动的委员", f"{figures.members}人"),
        CountRow("委员参与", "参加活动人次", f"{figures.member_times}人次"),
    ]
    return rows


def _chart(figures: Figures) -> ChartBlock:
    return ChartBlock(
        title="各类活动计划与完成情况",
        labels=[row.label for row in figures.by_type],
        series=[
            ("计划", [row.counts.planned for row in figures.by_type]),
            ("完成", [row.counts.done for row in figures.by_type]),
        ],
    )


def _completed(figures: Figures) -> list[Block]:
    if not figures.completed:
        return [Paragraph("本期没有已完成的活动。")]
    return [
        Paragraph(label=number_label(3, number), lead=item.activity.run_in_topic, text=_held(item))
        for number, item in enumerate(figures.completed, start=1)
    ]


def _held(item: CompletedItem) -> str:
    """（专题协商，6月18日）开展情况。形成调研报告《…》；提出提案3件。委员参加12人次。"""
    activity, record = item.activity, item.record
    when = activity.schedule_wording()
    if record and record.held_on:
        when = date_range_wording(record.held_on, record.held_until or record.held_on)
    text = f"（{activity.type.name}，{when}）" if when else f"（{activity.type.name}）"
    if record and record.notes:
        text += record.notes.rstrip("。") + "。"
    if item.outcome_phrases:
        text += "；".join(item.outcome_phrases) + "。"
    if item.attendance:
        text += f"委员参加{item.attendance}人次。"
    return text


def _changed(figures: Figures) -> list[Block]:
    blocks = []
    for number, activity in enumerate(figures.changed, start=1):
        record = record_of(activity)
        reason = record.reason if record else ""
        text = f"（{activity.type.name}，{activity.schedule_wording() or '未定时间'}）"
        text += STATUS_WORDS[activity.status]
        text += f"。原因：{reason.rstrip('。')}。" if reason else "。"
        blocks.append(
            Paragraph(label=number_label(3, number), lead=activity.run_in_topic, text=text)
        )
    return blocks


def print_context(summary: SummaryDocument, *, nonce: str | None = None) -> dict:
    """The context of templates/progress/summary_print.html: blocks with their charts drawn."""
    items = []
    for number, block in enumerate(summary.blocks):
        chart = ""
        if isinstance(block, ChartBlock):
            chart = bar_chart(
                chart_id=f"summary-chart-{number}",
                title=block.title,
                labels=block.labels,
                series=block.series,
                horizontal=True,
                width=CHART_WIDTH,
                row_height=CHART_ROW_HEIGHT,
                nonce=nonce,
            )
        items.append((block, chart))
    return {"summary": summary, "items": items, "nonce": "" if nonce is None else str(nonce)}
