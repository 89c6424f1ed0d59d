"""What the plan editor (editor.views.common.editor_context) shows of the review.

Open comments stand next to the plan, the sections and the activities they are
about (one query for all of them); the workflow panel is built only when the
full page shows it (three queries), not for the outline fragments htmx asks for.
"""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.outline import SectionNode
from reviews.permissions import takes_part_in_review
from reviews.selectors import attach_comments, open_comments, review_panel


def editor_review_context(request, plan: Plan, outline: list[SectionNode]) -> dict:
    """Comments attached to the outline, and the lazily built workflow panel."""
    can_comment = takes_part_in_review(request.user, plan)
    return {
        "plan_comments": attach_comments(outline, open_comments(plan)),
        "can_comment": can_comment,
        "comments_url": reverse("reviews:comments", args=[plan.pk]) if can_comment else "",
        # Translated once here: plans/_activity.html, rendered per activity, loads no i18n.
        "add_comment_label": _("Add a comment") if can_comment else "",
        "review": SimpleLazyObject(lambda: review_panel(request.user, plan)),
    }
