"""Adding, changing, deleting and moving the sections of a plan's outline."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.views import report_invalid
from editor.conflicts import Edit, edit_lock, gone_for_htmx
from editor.forms import MoveForm, SectionForm
from editor.views.common import form_response, outline_response
from plans.models import Section
from plans.permissions import get_plan_for, get_section_for
from plans.services import add_section, move_section
from trash.services import delete_section


@login_required
@require_http_methods(["GET", "POST"])
def section_create(request, plan_pk):
    plan = get_plan_for(request.user, plan_pk, for_edit=True)
    parent_field = forms.ModelChoiceField(queryset=plan.sections.all(), required=False)
    try:
        parent = parent_field.clean(request.POST.get("parent") or request.GET.get("parent"))
    except ValidationError:
        messages.error(request, _("That parent section is not part of this plan."))
        return outline_response(request, plan)
    form = SectionForm(request.POST or None, instance=Section(plan=plan, parent=parent))
    if request.method == "POST" and form.is_valid():
        try:
            section = add_section(section=form.instance)
        except ValidationError as error:
            report_invalid(request, error)
            return outline_response(request, plan)
        messages.success(request, _("The section was added."))
        return outline_response(request, plan, anchor=f"section-{section.pk}")
    context = {"plan": plan, "form": form, "parent": parent}
    return form_response(request, "plans/section_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@gone_for_htmx
def section_edit(request, pk):
    section = get_section_for(request.user, pk, for_edit=True)
    plan = section.plan
    # A save based on an outdated version is stopped and shown (editor.conflicts).
    with edit_lock(request, section, plan=plan):
        edit = Edit(request, lambda data: SectionForm(data, instance=section), plan=plan)
        if edit.can_save():
            edit.form.save()
            messages.success(request, _("The section was saved."))
            return outline_response(request, plan, anchor=f"section-{section.pk}")
    context = {"plan": plan, "form": edit.form, "section": section, "edit": edit}
    return form_response(request, "plans/section_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def section_delete(request, pk):
    section = get_section_for(request.user, pk, for_edit=True)
    if request.method == "POST":
        try:
            delete_section(section=section, user=request.user)
        except ValidationError as error:
            report_invalid(request, error)
        else:
            messages.success(
                request, _("The section and everything in it were moved to the trash.")
            )
        return outline_response(request, section.plan)
    context = {
        "plan": section.plan,
        "object": section,
        "question": _("Delete this part with everything in it?"),
    }
    return render(request, "plans/confirm_delete.html", context)


@login_required
@require_POST
def section_move(request, pk):
    section = get_section_for(request.user, pk, for_edit=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown move."))
        return outline_response(request, section.plan)
    try:
        move_section(section=section, move=form.cleaned_data["move"])
    except ValidationError as error:
        report_invalid(request, error)
    return outline_response(request, section.plan, anchor=f"section-{section.pk}")
