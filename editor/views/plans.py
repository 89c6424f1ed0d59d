"""Pages of whole plans: the list, the editor, the details form, the print preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from activities.selectors import plan_outline
from calendars.selectors import agenda
from core.views import report_invalid
from editor.conflicts import Edit, edit_lock
from editor.filters import PlanFilter
from editor.forms import PlanCreateForm, PlanDetailsForm, StartFrom
from editor.views.common import editor_context
from editor.views.new_year import new_year_url
from importing.new_year import old_references
from importing.services import copy_plan
from organisation.permissions import committee_scope
from plans.permissions import get_plan_for
from plans.selectors import plans_for_user
from plans.services import create_plan
from printing.context import print_context
from trash.services import delete_plan

PLANS_PER_PAGE = 20
# Items of the next 30 days on the home page; the rest are a link away.
AGENDA_SHOWN = 15


@login_required
@require_GET
def plan_list(request):
    filterset = PlanFilter(request.GET, queryset=plans_for_user(request.user), user=request.user)
    page = Paginator(filterset.qs, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    scope = committee_scope(request.user)
    context = {
        "filter": filterset,
        "page": page,
        "can_create": scope.is_admin or bool(scope.editable),
    }
    items = agenda(request.user, timezone.localdate(), limit=AGENDA_SHOWN + 1)
    context["agenda"], context["agenda_more"] = items[:AGENDA_SHOWN], len(items) > AGENDA_SHOWN
    return render(request, "plans/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    scope = committee_scope(request.user)
    if not (scope.is_admin or scope.editable):
        raise PermissionDenied(_("Only editors can start a plan."))
    form = PlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        start, source = form.cleaned_data["start"], form.cleaned_data["source"]
        if start == StartFrom.COPY:
            plan = copy_plan(source=source, **form.plan_fields())
            if old_references(plan, old_year=source.year):
                messages.success(request, _("The plan was created."))
                return redirect(new_year_url(plan, source.year))
        else:
            plan = create_plan(**form.plan_fields(), skeleton=start == StartFrom.SKELETON)
        messages.success(request, _("The plan was created."))
        return redirect(plan)
    return render(request, "plans/plan_create.html", {"form": form})


@login_required
@require_GET
def plan_detail(request, pk):
    plan = get_plan_for(request.user, pk)
    # htmx asks for the outline alone, e.g. when an open form is cancelled.
    template = "plans/_outline.html" if request.htmx else "plans/plan_detail.html"
    return render(request, template, editor_context(request, plan))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = get_plan_for(request.user, pk, for_edit=True)
    # A save based on an outdated version is stopped and shown (editor.conflicts).
    with edit_lock(request, plan):
        edit = Edit(request, lambda data: PlanDetailsForm(data, instance=plan), plan=plan)
        if edit.can_save():
            edit.form.save()
            messages.success(request, _("The plan details were saved."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"plan": plan, "form": edit.form, "edit": edit})


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request, pk):
    plan = get_plan_for(request.user, pk, for_edit=True)
    if request.method == "POST":
        try:
            delete_plan(plan=plan, user=request.user)
        except ValidationError as error:
            report_invalid(request, error)
            return redirect(plan)
        messages.success(request, _("The plan was moved to the trash."))
        return redirect("editor:list")
    context = {
        "plan": plan,
        "object": plan,
        "question": _("Delete this plan with everything in it?"),
    }
    return render(request, "plans/confirm_delete.html", context)


@login_required
@require_GET
def plan_preview(request, pk):
    plan = get_plan_for(request.user, pk)
    context = print_context(plan, plan_outline(plan))
    return render(request, "plans/plan_preview.html", context)
