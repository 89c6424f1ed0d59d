"""Adding, changing, deleting and moving the activities of a plan."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activities.forms import ActivityForm
from activities.models import Activity
from activities.permissions import get_activity_for
from activities.services import (
    delete_activity,
    move_activity,
    move_activity_to_section,
    next_activity_position,
)
from plans.forms import MoveForm
from plans.outline import walk
from plans.permissions import get_section_for
from plans.selectors import plan_outline
from plans.services import lock_plan
from plans.views.common import form_response, outline_response, report_invalid


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, section_pk):
    section = get_section_for(request.user, section_pk, for_edit=True)
    form = ActivityForm(request.POST or None, instance=Activity(section=section))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            lock_plan(section.plan)
            form.instance.position = next_activity_position(section)
            activity = form.save()
        messages.success(request, _("The activity was added."))
        return outline_response(request, section.plan, anchor=f"activity-{activity.pk}")
    context = {"plan": section.plan, "section": section, "form": form}
    return form_response(request, "activities/activity_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = get_activity_for(request.user, pk, for_edit=True)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The activity was saved."))
        return outline_response(request, activity.section.plan, anchor=f"activity-{pk}")
    context = {"plan": activity.section.plan, "activity": activity, "form": form}
    return form_response(request, "activities/activity_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request, pk):
    activity = get_activity_for(request.user, pk, for_edit=True)
    plan = activity.section.plan
    if request.method == "POST":
        delete_activity(activity=activity)
        messages.success(request, _("The activity was deleted."))
        return outline_response(request, plan)
    context = {"plan": plan, "object": activity, "question": _("Delete this activity?")}
    return render(request, "plans/confirm_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_move(request, pk):
    """Up or down within the section (`move`), or to the end of another (`section`).

    GET shows the choice of sections to move to.
    """
    activity = get_activity_for(request.user, pk, for_edit=True)
    plan = activity.section.plan
    if request.method == "GET":
        sections = [(node.section.pk, node) for node in walk(plan_outline(plan))]
        context = {"plan": plan, "activity": activity, "sections": sections}
        return form_response(request, "activities/activity_move.html", context)
    try:
        if request.POST.get("section"):
            target = forms.ModelChoiceField(
                queryset=plan.sections.all(),
                error_messages={"invalid_choice": _("That section is not part of this plan.")},
            ).clean(request.POST["section"])
            move_activity_to_section(activity=activity, section=target)
        else:
            form = MoveForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Unknown move."))
            move_activity(activity=activity, move=form.cleaned_data["move"])
    except ValidationError as error:
        report_invalid(request, error)
    return outline_response(request, plan, anchor=f"activity-{pk}")
