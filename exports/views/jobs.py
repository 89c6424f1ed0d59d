"""The page of a background export, and its file once made."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.downloads import file_download
from core.shortcuts import get_or_404
from exports.formats import FORMATS
from exports.models import ExportJob
from exports.services import notice_dead_worker
from plans.permissions import check_plan_access
from progress.permissions import get_committee_for_progress


def get_job_for(user, pk) -> ExportJob:
    """The job if the user may read its plan or its committee's summaries; 404 otherwise."""
    rows = ExportJob.objects.select_related("plan__committee", "committee")
    job = get_or_404(rows, _("No such export."), pk=pk)
    if job.is_summary:
        get_committee_for_progress(user, job.committee_id)
    else:
        check_plan_access(user, job.plan, for_edit=False)
    return job


@login_required
@require_GET
def job_detail(request, pk):
    job = notice_dead_worker(get_job_for(request.user, pk))
    # htmx polls the status alone until the job is finished.
    template = "jobs/job_detail.html#status" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def job_download(request, pk):
    job = get_job_for(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404(_("This file is not ready."))
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This file is no longer on the server. Please make it again.")) from None
    return file_download(handle, job.filename, FORMATS[job.fmt].content_type)
