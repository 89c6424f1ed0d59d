"""Recording an activity's progress: its page, the status form, outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.views import posted
from progress.figures import record_of
from progress.forms import AttachmentForm, OutcomeForm, ProgressForm
from progress.models import Outcome
from progress.permissions import can_record, get_activity_for, get_outcome_for
from progress.selectors import recorded_activity
from progress.services import delete_outcome, record_progress, save_outcome


def _activity_url(activity, anchor: str = "") -> str:
    url = reverse("progress:activity", args=[activity.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_GET
def activity_progress(request, pk):
    activity = get_activity_for(request.user, pk)
    outcomes, attachments, members = recorded_activity(activity)
    can_edit = can_record(request.user, activity.section.plan.committee_id)
    context = {
        "activity": activity,
        "plan": activity.section.plan,
        "record": record_of(activity),
        "outcomes": outcomes,
        "attachments": attachments,
        "members": members,
        "can_edit": can_edit,
        "upload_form": AttachmentForm() if can_edit else None,
    }
    return render(request, "progress/activity_progress.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_form(request, pk):
    activity = get_activity_for(request.user, pk, for_edit=True)
    record, today = record_of(activity), timezone.localdate()
    initial = {"status": activity.status}
    if record:
        initial |= {
            "held_on": record.held_on,
            "held_until": record.held_until,
            "reason": record.reason,
            "notes": record.notes,
            "attendees": list(activity.attendances.values_list("member_id", flat=True)),
        }
    form = ProgressForm(posted(request), initial=initial, activity=activity, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record_progress(
            activity=activity,
            status=data["status"],
            held_on=data["held_on"],
            held_until=data["held_until"],
            reason=data["reason"],
            notes=data["notes"],
            attendees=data["attendees"],
            user=request.user,
            today=today,
        )
        messages.success(request, _("The progress was saved."))
        return redirect(_activity_url(activity))
    return render(request, "progress/record_form.html", {"activity": activity, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def outcome_create(request, pk):
    activity = get_activity_for(request.user, pk, for_edit=True)
    return _outcome_form(request, activity, Outcome(activity=activity))


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request, pk):
    outcome = get_outcome_for(request.user, pk, for_edit=True)
    return _outcome_form(request, outcome.activity, outcome)


def _outcome_form(request, activity, outcome: Outcome):
    form = OutcomeForm(posted(request), instance=outcome, activity=activity)
    if request.method == "POST" and form.is_valid():
        save_outcome(outcome=form.instance, members=form.cleaned_data["members"])
        messages.success(request, _("The outcome was saved."))
        return redirect(_activity_url(activity, "outcomes"))
    context = {"activity": activity, "outcome": outcome, "form": form}
    return render(request, "progress/outcome_form.html", context)


@login_required
@require_POST
def outcome_delete(request, pk):
    outcome = get_outcome_for(request.user, pk, for_edit=True)
    activity = outcome.activity
    delete_outcome(outcome=outcome)
    messages.success(request, _("The outcome was deleted."))
    return redirect(_activity_url(activity, "outcomes"))
