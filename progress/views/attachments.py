"""Attachments of an activity: upload, download (only to readers of the plan), delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.downloads import file_download
from progress.forms import AttachmentForm
from progress.permissions import get_activity_for, get_attachment_for
from progress.services import delete_attachment, store_attachment
from progress.uploads import CONTENT_TYPES


def _attachments_url(activity_pk: int) -> str:
    return reverse("progress:activity", args=[activity_pk]) + "#attachments"


@login_required
@require_POST
def attachment_upload(request, pk):
    activity = get_activity_for(request.user, pk, for_edit=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        store_attachment(activity=activity, upload=form.cleaned_data["file"], user=request.user)
        messages.success(request, _("The file was attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_attachments_url(activity.pk))


@login_required
@require_GET
def attachment_download(request, pk):
    attachment = get_attachment_for(request.user, pk)
    try:
        file = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this attachment is missing.")) from None
    # Always a download with the type found when it was checked: never shown inline,
    # so a file that is also valid HTML cannot run in the app's origin.
    response = file_download(file, attachment.name, CONTENT_TYPES[attachment.kind])
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_attachment_for(request.user, pk, for_edit=True)
    activity_pk = attachment.activity_id
    delete_attachment(attachment=attachment)
    messages.success(request, _("The attachment was deleted."))
    return redirect(_attachments_url(activity_pk))
