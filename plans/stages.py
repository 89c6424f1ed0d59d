"""The names of a plan's stages: what its paper is marked with and what its versions are called.

征求意见稿 while drafted, 送审稿 once submitted, 审定稿 once approved, 印发稿 as issued.
The mark printed at the top of the page and the name of the version saved at that
step are the same word; a stage reached again is numbered: 送审稿（二）.
"""

from plans.models import PlanStatus
from plans.numbering import number_label

STAGE_NAMES = {
    PlanStatus.DRAFT: "征求意见稿",
    PlanStatus.SUBMITTED: "送审稿",
    PlanStatus.APPROVED: "审定稿",
    PlanStatus.ISSUED: "印发稿",
}


def stage_name(status: str) -> str:
    return STAGE_NAMES[status]


def numbered_name(base: str, existing: set[str]) -> str:
    """`base`, or 送审稿（二）, （三）… when the plan already has a version of that name."""
    if base not in existing:
        return base
    count = 2
    while f"{base}{number_label(2, count)}" in existing:
        count += 1
    return f"{base}{number_label(2, count)}"
