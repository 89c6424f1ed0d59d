"""Review and approval of plans: status transitions, named versions, comments, revisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, PlanStatus, Section

COMMENT_MAX_LENGTH = 2000
VERSION_NAME_MAX_LENGTH = 50


class Action(models.TextChoices):
    """The steps of the workflow (reviews.services.RULES says who takes each, from where)."""

    SUBMIT = "submit", _("Submit for review")
    RETURN = "return", _("Return for changes")
    APPROVE = "approve", _("Approve")
    ISSUE = "issue", _("Issue")


class Transition(models.Model):
    """One step of a plan through the workflow: who took it, when, from which status to which."""

    Action = Action

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=PlanStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    # The text this step submitted, approved or issued (taken at submit and issue).
    version = models.ForeignKey(
        "Version",
        verbose_name=_("version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["plan_id", "created_at", "pk"]
        indexes = [models.Index(fields=["plan", "created_at"], name="transition_plan_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=Action.values), name="transition_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(from_status__in=PlanStatus.values, to_status__in=PlanStatus.values),
                name="transition_status_valid",
            ),
            # Returning a plan without saying what to change helps nobody.
            models.CheckConstraint(
                condition=~Q(action=Action.RETURN) | ~Q(comment=""),
                name="transition_return_has_comment",
            ),
        ]

    def __str__(self):
        return str(self.get_action_display())


class Version(models.Model):
    """A named snapshot of the whole plan (征求意见稿, 审议稿, 印发稿 …), to compare later.

    `snapshot` is made by reviews.snapshot.plan_snapshot: the plan's fields and every
    section and activity with its id, so the comparison can tell moves from changes.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    name = models.CharField(_("name"), max_length=VERSION_NAME_MAX_LENGTH)
    status = models.CharField(
        _("plan status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    snapshot = models.JSONField(_("snapshot"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["plan_id", "-created_at", "-pk"]
        indexes = [models.Index(fields=["plan", "created_at"], name="version_plan_time")]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="version_name_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="version_status_valid"
            ),
        ]

    def __str__(self):
        return self.name


class Comment(models.Model):
    """A reviewer's or editor's remark on a plan, one of its sections or one activity."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="review_comments"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_comments",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_comments",
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["plan_id", "created_at", "pk"]
        indexes = [models.Index(fields=["plan", "resolved_at"], name="comment_plan_open")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="comment_text_not_empty"),
            # A comment is on the plan, on one section or on one activity.
            models.CheckConstraint(
                condition=Q(section__isnull=True) | Q(activity__isnull=True),
                name="comment_one_target",
            ),
        ]

    def __str__(self):
        return self.text[:50]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class PlanRevision(models.Model):
    """A draft that revises an issued plan (修订); the issued plan stays as it was."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="revision_of"
    )
    # One revision at a time: revise the revision once it is issued.
    source = models.OneToOneField(
        Plan,
        verbose_name=_("revised plan"),
        on_delete=models.CASCADE,
        related_name="revised_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(plan=models.F("source")), name="revision_not_of_itself"
            ),
        ]

    def __str__(self):
        return str(self.plan_id)
