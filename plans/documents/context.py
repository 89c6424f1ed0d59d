"""What the printed plan's template needs, shared by the print preview and the PDF."""

from plans.models import Plan
from plans.outline import SectionNode, activities_in_order
from plans.text import LABELLED_KINDS


def print_context(plan: Plan, outline: list[SectionNode]) -> dict:
    """The context of templates/pdf/plan.html."""
    return {
        "plan": plan,
        "outline": outline,
        "labelled": plan.kind in LABELLED_KINDS,
        # The appendix table (附件) lists every activity once.
        "appendix": activities_in_order(outline),
    }
