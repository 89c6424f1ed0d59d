"""Review pages: workflow steps, revisions, versions and their comparison, comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities.selectors import plan_outline
from core.redirects import safe_redirect
from core.views import report_invalid
from plans.models import Plan
from plans.permissions import get_plan_for
from reviews.compare import compare_snapshots
from reviews.forms import (
    CURRENT,
    CommentForm,
    CompareForm,
    ResolveForm,
    TransitionForm,
    VersionForm,
    version_label,
)
from reviews.models import Action, Version
from reviews.permissions import get_comment_for, takes_part_in_review
from reviews.selectors import plan_comments, plan_versions
from reviews.services import (
    SUGGESTED_VERSION_NAMES,
    add_comment,
    create_version,
    set_comment_resolved,
    start_revision,
    take_action,
)
from reviews.snapshot import plan_snapshot

VERSIONS_PER_PAGE = 50
COMMENTS_PER_PAGE = 50
DONE_MESSAGES = {
    Action.SUBMIT: gettext_lazy(
        "The plan was submitted for review; it stays read-only until a leader "
        "returns or approves it."
    ),
    Action.RETURN: gettext_lazy("The plan was returned to its editors for changes."),
    Action.APPROVE: gettext_lazy("The plan was approved."),
    Action.ISSUE: gettext_lazy("The plan was issued."),
}


def _review_anchor(plan: Plan) -> str:
    return f"{plan.get_absolute_url()}#review"


def _require_part_in_review(user, plan: Plan) -> None:
    if not takes_part_in_review(user, plan):
        raise PermissionDenied(
            _("Only the committee's editors and leaders take part in the review.")
        )


def _report_form(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@login_required
@require_POST
def transition(request, pk):
    plan = get_plan_for(request.user, pk)
    _require_part_in_review(request.user, plan)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        _report_form(request, form)
        return redirect(_review_anchor(plan))
    try:
        take_action(plan=plan, user=request.user, **form.step_arguments())
    except ValidationError as error:
        report_invalid(request, error)
    else:
        messages.success(request, DONE_MESSAGES[form.cleaned_data["action"]])
    return redirect(_review_anchor(plan))


@login_required
@require_POST
def revise(request, pk):
    plan = get_plan_for(request.user, pk)
    try:
        revision = start_revision(plan=plan, user=request.user)
    except ValidationError as error:
        report_invalid(request, error)
        return redirect(_review_anchor(plan))
    messages.success(
        request, _("A revision was started; the issued plan stays as it was until this is issued.")
    )
    return redirect(revision)


@login_required
@require_http_methods(["GET", "POST"])
def versions(request, pk):
    plan = get_plan_for(request.user, pk)
    can_save = takes_part_in_review(request.user, plan)
    form = VersionForm(request.POST or None)
    if request.method == "POST":
        _require_part_in_review(request.user, plan)
        if form.is_valid():
            try:
                version = create_version(
                    plan=plan, name=form.cleaned_data["name"], user=request.user
                )
            except ValidationError as error:
                form.add_error("name", error)
            else:
                messages.success(
                    request, _("The version “%(name)s” was saved.") % {"name": version.name}
                )
                return redirect("reviews:versions", plan.pk)
    page = Paginator(plan_versions(plan), VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "page": page,
        "form": form if can_save else None,
        "suggested_names": SUGGESTED_VERSION_NAMES,
        "current": CURRENT,
    }
    return render(request, "reviews/version_list.html", context)


@login_required
@require_GET
def compare(request, pk):
    plan = get_plan_for(request.user, pk)
    versions = list(plan_versions(plan))
    initial = {"old": str(versions[0].pk), "new": CURRENT} if versions else {}
    form = CompareForm(request.GET or None, versions=versions, initial=initial)
    context = {"plan": plan, "form": form, "versions": versions, "comparison": None}
    if form.is_bound and form.is_valid():
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
        texts = _texts(plan, [old, new])
        labels = {str(version.pk): version_label(version) for version in versions}
        context.update(
            comparison=compare_snapshots(texts[old], texts[new]),
            old_label=labels.get(old) or _("The plan as it stands now"),
            new_label=labels.get(new) or _("The plan as it stands now"),
        )
    return render(request, "reviews/compare.html", context)


def _texts(plan: Plan, keys: list[str]) -> dict[str, dict]:
    """The snapshots of the chosen versions (one query) and of the plan as it stands."""
    ids = [int(key) for key in keys if key != CURRENT]
    texts = {
        str(pk): snapshot
        for pk, snapshot in Version.objects.filter(plan=plan, pk__in=ids).values_list(
            "pk", "snapshot"
        )
    }
    if CURRENT in keys:
        texts[CURRENT] = plan_snapshot(plan, plan_outline(plan))
    return texts


@login_required
@require_http_methods(["GET", "POST"])
def comments(request, pk):
    plan = get_plan_for(request.user, pk)
    can_comment = takes_part_in_review(request.user, plan)
    if request.method == "POST":
        _require_part_in_review(request.user, plan)
    target = request.POST if request.method == "POST" else request.GET
    form = CommentForm(
        request.POST or None,
        plan=plan,
        initial={"section": target.get("section"), "activity": target.get("activity")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_comment(
                plan=plan,
                user=request.user,
                text=data["text"],
                section=data["section"],
                activity=data["activity"],
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("The comment was added."))
            return redirect(_comment_anchor(plan, data["section"], data["activity"]))
    page = Paginator(plan_comments(plan), COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "page": page,
        "form": form if can_comment else None,
        "target": _comment_target(form),
        "can_comment": can_comment,
    }
    return render(request, "reviews/comment_list.html", context)


def _comment_anchor(plan: Plan, section, activity) -> str:
    if activity is not None:
        return f"{plan.get_absolute_url()}#activity-{activity.pk}"
    if section is not None:
        return f"{plan.get_absolute_url()}#section-{section.pk}"
    return _review_anchor(plan)


def _comment_target(form: CommentForm):
    """The section or activity a new comment is about, if the form names a valid one."""
    for name in ("activity", "section"):
        field = form.fields[name]
        value = form[name].value()
        if not value:
            continue
        try:
            return field.clean(value)
        except ValidationError:
            continue
    return None


@login_required
@require_POST
def comment_resolve(request, pk):
    comment = get_comment_for(request.user, pk)
    _require_part_in_review(request.user, comment.plan)
    form = ResolveForm(request.POST)
    if form.is_valid():
        resolved = form.cleaned_data["resolved"]
        set_comment_resolved(comment=comment, user=request.user, resolved=resolved)
        messages.success(
            request,
            _("The comment was marked as resolved.")
            if resolved
            else _("The comment was reopened."),
        )
    else:
        _report_form(request, form)
    fallback = reverse("reviews:comments", args=[comment.plan_id])
    return safe_redirect(request, request.POST.get("next"), fallback)
