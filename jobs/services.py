"""Start a document in the background, make it in the worker, notice a worker that died."""

import errno
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc.models import Committee
from jobs.models import ExportJob
from plans.documents import FORMATS
from plans.models import Plan
from plans.selectors import plan_outline
from progress.documents import render_summary
from progress.selectors import committee_summary
from progress.summary import summary_title

logger = logging.getLogger(__name__)

# Formats made in the background: they take seconds for a large plan. The others
# (JSON, Excel, iCalendar) take milliseconds and stay in the request.
BACKGROUND_FORMATS = frozenset({"pdf", "docx"})


def start_export(*, plan: Plan, fmt: str, user, fingerprint: str = "") -> ExportJob:
    """A job for the plan's file in `fmt` ("pdf" or "docx"), handed to the task queue.

    A PDF's job keeps the fingerprint of what it prints, so that `earlier_pdf_job`
    finds it when the same PDF is asked for again.
    """
    job = ExportJob.objects.create(
        plan=plan,
        fmt=fmt,
        fingerprint=fingerprint,
        requested_by=user,
        filename=f"{plan.title}.{fmt}",
    )
    return _enqueue(job)


def earlier_pdf_job(plan: Plan, fingerprint: str) -> ExportJob | None:
    """The latest job of exactly this PDF that is done with its file, or still on its way.

    The web servers find it through the database; a cache would be each process's
    own, and only the worker that rendered would ever hit it.
    """
    job = (
        ExportJob.objects.filter(plan=plan, fmt="pdf", fingerprint=fingerprint)
        .exclude(status=ExportJob.Status.FAILED)
        .order_by("-created_at")
        .first()
    )
    if job is None:
        return None
    job = notice_dead_worker(job)
    if job.status == ExportJob.Status.FAILED:
        return None
    if job.status == ExportJob.Status.DONE and not job.file.storage.exists(job.file.name):
        return None  # cleaned away (docs/deploy.md): make it again
    return job


def start_summary_export(*, committee: Committee, year: int, period: str, fmt: str, user):
    """A job for the committee's summary of `period` in `fmt` ("pdf" or "docx")."""
    job = ExportJob.objects.create(
        committee=committee,
        year=year,
        period=period,
        fmt=fmt,
        requested_by=user,
        filename=f"{summary_title(committee, year, period)}.{fmt}",
    )
    return _enqueue(job)


def _enqueue(job: ExportJob) -> ExportJob:
    """Hand the job to the task queue (or make it now, with the immediate backend)."""
    from jobs.tasks import make_export  # the task module imports this one

    make_export.enqueue(str(job.pk))
    job.refresh_from_db()  # the immediate backend has already run it
    return job


def run_export(job_id: str) -> None:
    """Make the job's file; every failure ends as a failed job with a message for the user."""
    with transaction.atomic():
        job = (
            # Only the job's row: the plan or committee side of the join may be empty,
            # and PostgreSQL locks no row there.
            ExportJob.objects.select_for_update(of=("self",))
            .select_related("plan", "committee")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != ExportJob.Status.QUEUED:
            return  # deleted with its plan or committee, or taken by another worker
        job.status = ExportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        _store(job, _render(job))
    except OSError as error:
        logger.exception("Export %s could not be written", job.pk)
        _fail(job, _disk_message(error))
    except Exception:
        logger.exception("Export %s failed", job.pk)
        _fail(job, _("The file could not be made. Please try again or tell the administrator."))
    else:
        _finish(job, file=job.file.name, status=ExportJob.Status.DONE)


def _render(job: ExportJob) -> bytes:
    if job.is_summary:
        # As of the day it is made, like the summary's page.
        summary = committee_summary(job.committee, job.year, job.period, timezone.localdate())
        return render_summary(summary, job.fmt)
    return FORMATS[job.fmt].render(job.plan, plan_outline(job.plan))


def _store(job: ExportJob, content: bytes) -> None:
    """Write the file under a new name; a partly written file is removed, earlier ones stay."""
    name = f"{job.pk}.{job.fmt}"
    try:
        job.file.save(name, ContentFile(content), save=False)
    except OSError:
        if job.file.name:
            job.file.storage.delete(job.file.name)
        else:
            # The storage may have created the file before the write failed.
            partial = job.file.field.generate_filename(job, name)
            job.file.storage.delete(partial)
        job.file.name = ""
        raise


def _disk_message(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return _(
            "The server's disk is full, so the file could not be saved. Tell the administrator."
        )
    return _("The file could not be saved on the server. Tell the administrator.")


def _fail(job: ExportJob, message: str) -> None:
    _finish(job, file=job.file.name, status=ExportJob.Status.FAILED, error=message)


def _finish(job: ExportJob, **fields) -> None:
    """Record the outcome, unless the job went meanwhile (its plan was moved to the trash):
    then its file, which nothing can reach any more, goes too."""
    updated = ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **fields)
    if not updated and job.file.name:
        job.file.storage.delete(job.file.name)


def notice_dead_worker(job: ExportJob) -> ExportJob:
    """Mark a job failed when it has waited or run longer than any export takes.

    A worker killed mid-export (out of memory, a restart) cannot say so itself, and
    a job nobody takes means no worker is running at all; the next look at the job does.
    """
    limit = timedelta(seconds=settings.EXPORT_JOB_TIMEOUT)
    since = timezone.now() - limit
    if job.status == ExportJob.Status.RUNNING and job.started_at < since:
        message = _("Making the file was interrupted. Please try again.")
    elif job.status == ExportJob.Status.QUEUED and job.created_at < since:
        message = _(
            "No worker took this file in time. Tell the administrator that the export "
            "worker may not be running."
        )
    else:
        return job
    updated = ExportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )
    if updated:
        logger.warning("Export %s was %s for over %s: marked failed", job.pk, job.status, limit)
    job.refresh_from_db()
    return job
