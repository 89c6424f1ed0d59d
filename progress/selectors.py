"""Reads for the progress pages: each function fetches what one page needs, loaded.

A committee's *own* activities are those of the plans of the committee and of its
internal bodies (offices, special committees); the *bodies below* are the
committees, work groups and liaison stations under it, each with its own
internal bodies (docs/progress.md).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from activities.models import Activity
from organisation.models import Committee, Member
from organisation.permissions import committee_scope
from progress.figures import Figures, count_figures
from progress.models import (
    REPORT_KINDS,
    Attendance,
    Outcome,
    OutcomeKind,
    SummaryNarrative,
    SummaryPeriod,
)
from progress.summary import SummaryDocument, build_summary


@dataclass(frozen=True)
class Tree:
    """Every committee, by id, and the ids of each one's children (one query)."""

    committees: dict[int, Committee]
    children: dict[int | None, list[int]]

    @classmethod
    def load(cls) -> "Tree":
        committees = {c.pk: c for c in Committee.objects.select_related("parent")}
        children = defaultdict(list)
        for committee in committees.values():
            children[committee.parent_id].append(committee.pk)
        for ids in children.values():
            ids.sort(key=lambda pk: (committees[pk].position, pk))
        return cls(committees=committees, children=children)

    def own_ids(self, root: int) -> set[int]:
        """The committee and its internal bodies, down to (not into) the bodies below."""
        found, stack = {root}, list(self.children[root])
        while stack:
            pk = stack.pop()
            if not self.committees[pk].is_body:
                found.add(pk)
                stack.extend(self.children[pk])
        return found

    def bodies_below(self, root: int) -> list[tuple[Committee, int]]:
        """(body, depth) for each committee body under `root`, depth first, in order."""
        result = []

        def visit(pk: int, depth: int) -> None:
            for child in self.children[pk]:
                committee = self.committees[child]
                next_depth = depth
                if committee.is_body:
                    result.append((committee, depth + 1))
                    next_depth = depth + 1
                visit(child, next_depth)

        visit(root, 0)
        return result

    def subtree_ids(self, root: int) -> set[int]:
        found, stack = set(), [root]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(self.children[pk])
        return found


# --- the year's rows ---------------------------------------------------------------


def year_activities(committee_ids, year: int) -> QuerySet[Activity]:
    """Activities of the committees' plans of the year, with what the figures read."""
    return (
        Activity.objects.filter(
            section__plan__committee_id__in=committee_ids, section__plan__year=year
        )
        .select_related("type", "lead_organizer__parent", "section__plan", "record")
        .order_by(
            F("first_month").asc(nulls_last=True),
            F("start_date").asc(nulls_last=True),
            "section__plan_id",
            "section_id",
            "position",
        )
    )


def year_outcomes(committee_ids, year: int) -> QuerySet[Outcome]:
    return Outcome.objects.filter(
        activity__section__plan__committee_id__in=committee_ids,
        activity__section__plan__year=year,
    ).order_by("activity_id", "pk")


def year_attendances(committee_ids, year: int) -> list[tuple[int, int]]:
    return list(
        Attendance.objects.filter(
            activity__section__plan__committee_id__in=committee_ids,
            activity__section__plan__year=year,
        ).values_list("activity_id", "member_id")
    )


# --- the dashboard --------------------------------------------------------------------


@dataclass
class BodyFigures:
    committee: Committee
    depth: int
    figures: Figures


@dataclass
class Dashboard:
    committee: Committee
    year: int
    own: Figures
    below: list[BodyFigures]
    # Own and below together; None when there is nothing below.
    total: Figures | None


def committee_dashboard(committee: Committee, year: int, today: datetime.date) -> Dashboard:
    """The committee's figures for the year, and those of each body below it (four queries)."""
    tree = Tree.load()
    own_ids = tree.own_ids(committee.pk)
    subtree = tree.subtree_ids(committee.pk)
    activities = list(year_activities(subtree, year))
    outcomes = list(year_outcomes(subtree, year))
    attendances = year_attendances(subtree, year)

    def figures_of(ids: set[int]) -> Figures:
        chosen = [a for a in activities if a.section.plan.committee_id in ids]
        chosen_ids = {a.pk for a in chosen}
        return count_figures(
            chosen,
            [o for o in outcomes if o.activity_id in chosen_ids],
            [pair for pair in attendances if pair[0] in chosen_ids],
            year=year,
            period=SummaryPeriod.YEAR,
            today=today,
        )

    below = []
    for body, depth in tree.bodies_below(committee.pk):
        figures = figures_of(tree.own_ids(body.pk))
        if figures.counts.planned:
            below.append(BodyFigures(committee=body, depth=depth, figures=figures))
    total = None
    if below:
        total = count_figures(
            activities, outcomes, attendances, year=year, period=SummaryPeriod.YEAR, today=today
        )
    return Dashboard(
        committee=committee, year=year, own=figures_of(own_ids), below=below, total=total
    )


def summary_figures(committee: Committee, year: int, period: str, today: datetime.date) -> Figures:
    """The figures of the committee's own plans for the period (four queries)."""
    own_ids = Tree.load().own_ids(committee.pk)
    return count_figures(
        year_activities(own_ids, year),
        year_outcomes(own_ids, year),
        year_attendances(own_ids, year),
        year=year,
        period=period,
        today=today,
    )


def committee_summary(
    committee: Committee, year: int, period: str, today: datetime.date
) -> SummaryDocument:
    """The summary as it stands today: the counted figures and the staff's saved texts."""
    narrative = SummaryNarrative.objects.filter(
        committee=committee, year=year, period=period
    ).first()
    figures = summary_figures(committee, year, period, today)
    return build_summary(committee, year, period, figures, narrative, today=today)


# --- member records -------------------------------------------------------------------

MEMBER_SORTS = {
    "name": ["name", "pk"],
    "sector": ["sector__position", "name", "pk"],
    "attended": ["-attended", "name", "pk"],
    "reports": ["-reports", "name", "pk"],
    "proposals": ["-proposals", "name", "pk"],
    "opinions": ["-opinions", "name", "pk"],
    "adopted": ["-adopted", "name", "pk"],
}


def _readable_plans(user, prefix: str) -> Q:
    scope = committee_scope(user)
    if scope.is_admin:
        return Q()
    return Q(**{f"{prefix}section__plan__committee_id__in": scope.readable})


def _total(queryset, expression) -> Coalesce:
    """A correlated subquery of one number per member, 0 when there are no rows."""
    subquery = queryset.values("member_id").annotate(total=expression).values("total")
    return Coalesce(Subquery(subquery, output_field=IntegerField()), Value(0))


def member_records(user, committee_ids, year: int, sort: str = "name") -> QuerySet[Member]:
    """Members seated in the committees, each with the year's figures from the plans the user
    may read: activities attended, reports, proposals, public-opinion reports sent and adopted.

    One query; every figure is a subquery, so they neither multiply nor need a GROUP BY.
    """
    attended = Attendance.objects.filter(
        _readable_plans(user, "activity__"),
        member_id=OuterRef("pk"),
        activity__section__plan__year=year,
    )
    written = Outcome.members.through.objects.filter(
        _readable_plans(user, "outcome__activity__"),
        member_id=OuterRef("pk"),
        outcome__activity__section__plan__year=year,
    )
    seated = Member.objects.filter(memberships__committee_id__in=committee_ids).values("pk")
    return (
        Member.objects.filter(pk__in=seated)
        .select_related("sector")
        .annotate(
            attended=_total(attended, Count("pk")),
            reports=_total(
                written.filter(outcome__kind__in=REPORT_KINDS), Sum("outcome__quantity")
            ),
            proposals=_total(
                written.filter(outcome__kind=OutcomeKind.PROPOSAL), Sum("outcome__quantity")
            ),
            opinions=_total(
                written.filter(outcome__kind=OutcomeKind.PUBLIC_OPINION), Sum("outcome__quantity")
            ),
            adopted=_total(
                written.filter(outcome__kind=OutcomeKind.PUBLIC_OPINION), Sum("outcome__adopted")
            ),
        )
        .order_by(*MEMBER_SORTS.get(sort, MEMBER_SORTS["name"]))
    )


@dataclass
class MemberYear:
    attended: list[Activity]
    outcomes: list[Outcome]


def member_year(user, member: Member, year: int) -> MemberYear:
    """The activities a member attended and the outcomes they wrote, in plans the user reads."""
    attended = (
        Activity.objects.filter(
            _readable_plans(user, ""), attendances__member=member, section__plan__year=year
        )
        .select_related("type", "section__plan__committee", "record")
        .order_by(F("first_month").asc(nulls_last=True), "section__plan_id", "pk")
    )
    outcomes = (
        Outcome.objects.filter(
            _readable_plans(user, "activity__"),
            members=member,
            activity__section__plan__year=year,
        )
        .select_related("activity")
        .order_by("activity_id", "pk")
    )
    return MemberYear(attended=list(attended), outcomes=list(outcomes))


def recorded_activity(activity: Activity):
    """The record page's rows of an activity: outcomes with their members, attachments,
    attendance (members with sector), in three queries."""
    outcomes = list(activity.outcomes.prefetch_related("members").order_by("pk"))
    attachments = list(activity.attachments.order_by("pk"))
    members = list(
        Member.objects.filter(attendances__activity=activity)
        .select_related("sector")
        .order_by("name", "pk")
    )
    return outcomes, attachments, members
