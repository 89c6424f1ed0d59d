"""The kinds of plan, and what each decides: numbering, wording, warnings, the appendix, the title.

One place for the differences between the kinds of DOMAIN.md, so the outline, the
printed documents, the warnings and the new-plan form all ask the same rules:

- 工作要点 (work key points): parts 一、…五、 with items numbered 1.–15. across the
  parts, each a run-in paragraph opening with its bold lead phrase. Items seldom
  carry a time or an organizer: no appendix and no warning about missing times or
  organizers, unless the items do carry times.
- 协商计划 (consultation plan): labelled fields (协商内容：…) and the appendix table
  of every activity with its form, time and lead organizer; every activity is
  expected to have a time and an organizer.
- 工作计划 (work plan): parts with items; items are scheduled and organized.
- 工作项目计划书 (project plan): projects in categories with their counts, numbered
  on across the categories, with labelled fields; the appendix names the category.
- 下半年工作安排 (half-year arrangement): like work key points, but numbered per part.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    KEY_POINTS = "key_points", _("Work key points")
    CONSULTATION = "consultation", _("Consultation plan")
    WORK_PLAN = "work_plan", _("Work plan")
    PROJECT_PLAN = "project_plan", _("Project plan")
    HALF_YEAR = "half_year", _("Half-year arrangement")


class Appendix:
    """When the appendix table (附件…安排表) prints."""

    ALWAYS = "always"
    WHEN_SCHEDULED = "when_scheduled"  # only when some item carries a time


@dataclass(frozen=True)
class Column:
    """One column of the appendix table: its attribute of printing.context.AppendixRow, and
    its heading."""

    key: str
    heading: str


NUMBER = Column("number", "序号")
TYPE = Column("type_name", "形式")
CATEGORY = Column("category", "类别")
TOPIC = Column("topic", "议题")
ITEM = Column("topic", "工作事项")
PROJECT = Column("topic", "项目名称")
TIME = Column("schedule", "时间安排")
LEAD = Column("lead", "牵头单位")


@dataclass(frozen=True)
class KindRules:
    # Items numbered 1.–n. across the parts, rather than again in every part.
    items_run_on: bool
    # Each activity prints with its labelled fields; otherwise as one run-in paragraph.
    labelled: bool
    # Every item should have a time and an organizer, and special committees lead some.
    scheduled: bool
    appendix: str
    columns: tuple[Column, ...]
    # The usual title, e.g. 政协河洛市委员会2027年工作要点.
    title_pattern: str

    def title(self, committee_name: str, year: int) -> str:
        return self.title_pattern.format(committee=committee_name, year=year)


KINDS: dict[str, KindRules] = {
    PlanKind.KEY_POINTS: KindRules(
        items_run_on=True,
        labelled=False,
        scheduled=False,
        appendix=Appendix.WHEN_SCHEDULED,
        columns=(NUMBER, ITEM, TIME, LEAD),
        title_pattern="{committee}{year}年工作要点",
    ),
    PlanKind.CONSULTATION: KindRules(
        items_run_on=False,
        labelled=True,
        scheduled=True,
        appendix=Appendix.ALWAYS,
        columns=(NUMBER, TYPE, TOPIC, TIME, LEAD),
        title_pattern="{committee}{year}年度协商工作计划",
    ),
    PlanKind.WORK_PLAN: KindRules(
        items_run_on=False,
        labelled=False,
        scheduled=True,
        appendix=Appendix.ALWAYS,
        columns=(NUMBER, ITEM, TIME, LEAD),
        title_pattern="{committee}{year}年工作计划",
    ),
    PlanKind.PROJECT_PLAN: KindRules(
        items_run_on=True,
        labelled=True,
        scheduled=True,
        appendix=Appendix.ALWAYS,
        columns=(NUMBER, CATEGORY, PROJECT, TIME, LEAD),
        title_pattern="{committee}{year}年工作项目计划书",
    ),
    PlanKind.HALF_YEAR: KindRules(
        items_run_on=False,
        labelled=False,
        scheduled=False,
        appendix=Appendix.WHEN_SCHEDULED,
        columns=(NUMBER, ITEM, TIME, LEAD),
        title_pattern="{committee}{year}年下半年工作安排",
    ),
}


def rules_for(kind: str) -> KindRules:
    return KINDS[kind]


def usual_title(committee_name: str, year: int, kind: str) -> str:
    """The title a plan of this committee, year and kind usually has."""
    return rules_for(kind).title(committee_name, year)
