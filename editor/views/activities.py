"""Adding, changing, deleting and moving the activities of a plan (the editor's views)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from activities.forms import ActivityForm, SchedulePreviewForm, participant_formset
from activities.models import Activity
from activities.permissions import get_activity_for
from activities.selectors import plan_outline
from activities.services import move_activity, move_activity_to_section, save_activity
from activities.versions import ActivityVersion
from core.views import report_invalid
from editor.conflicts import Edit, edit_lock, gone_for_htmx
from editor.forms import MoveForm
from editor.views.common import form_response, outline_response
from plans.outline import walk
from plans.permissions import get_section_for
from trash.services import delete_activity


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, section_pk):
    section = get_section_for(request.user, section_pk, for_edit=True)
    return _activity_form(request, Activity(section=section), _("The activity was added."))


@login_required
@require_http_methods(["GET", "POST"])
@gone_for_htmx
def activity_edit(request, pk):
    activity = get_activity_for(request.user, pk, for_edit=True)
    return _activity_form(request, activity, _("The activity was saved."))


def _activity_form(request, activity: Activity, done_message: str):
    """The form shared by create and edit: show it, or save and return to the outline."""
    plan = activity.section.plan

    def bind(data):
        form = ActivityForm(data, instance=activity, plan=plan)
        return ActivityVersion(form, participant_formset(data, activity=activity, plan=plan))

    # A save based on an outdated version is stopped and shown (editor.conflicts).
    with edit_lock(request, activity, plan=plan):
        edit = Edit(request, bind, plan=plan)
        form, participants = edit.form, edit.version.participants
        if edit.can_save():
            try:
                activity = save_activity(
                    activity=form.save(commit=False),
                    joint_organizers=form.cleaned_data["joint_organizers"],
                    participants=participants.rows(),
                )
            except ValidationError as error:  # its part was deleted meanwhile
                report_invalid(request, error)
                return outline_response(request, plan)
            messages.success(request, done_message)
            if "more_rows" in request.POST:
                # Without JavaScript, more blank participant rows come with the edit form.
                edit_url = reverse("editor:activity_edit", args=[activity.pk])
                return HttpResponseClientRedirect(edit_url) if request.htmx else redirect(edit_url)
            return outline_response(request, plan, anchor=f"activity-{activity.pk}")
    if not form.is_bound:
        preview = {"wording": activity.schedule_wording(), "problems": []}
    else:
        preview = SchedulePreviewForm(form.data, year=plan.year).summary()
    context = {
        "plan": plan,
        "activity": activity if activity.pk else None,
        "form": form,
        "participants": participants,
        "form_action": request.path,
        "preview_url": reverse("editor:activity_schedule_preview", args=[activity.section_id]),
        "preview": preview,
        "edit": edit,
    }
    return form_response(request, "activities/activity_form.html", context)


@login_required
@require_GET
def schedule_preview(request, section_pk):
    """How the schedule being chosen prints after 时间安排, or what it still lacks."""
    section = get_section_for(request.user, section_pk)
    preview = SchedulePreviewForm(request.GET, year=section.plan.year).summary()
    return render(request, "activities/activity_form.html#schedule_preview", {"preview": preview})


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request, pk):
    activity = get_activity_for(request.user, pk, for_edit=True)
    plan = activity.section.plan
    if request.method == "POST":
        try:
            delete_activity(activity=activity, user=request.user)
        except ValidationError as error:
            report_invalid(request, error)
        else:
            messages.success(request, _("The activity was moved to the trash."))
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
