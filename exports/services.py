"""Start a document in the background, make it in the worker, notice a worker that died."""

import errno
import logging
import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.selectors import plan_outline
from exports.formats import FORMATS
from exports.models import ExportJob
from organisation.models import Committee
from plans.models import Plan
from printing import stages
from printing.summary import render_summary
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
    from exports.tasks import make_export  # the task module imports this one

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
            .select_related("plan__committee", "committee")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != ExportJob.Status.QUEUED:
            return  # deleted with its plan or committee, or taken by another worker
        job.status = ExportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    limit = settings.EXPORT_RENDER_TIME_LIMIT
    try:
        with stages.listening(_stage_recorder(job)), time_limit(limit):
            content = _render(job)
        _record_stage(job, ExportJob.Stage.SAVING)
        _store(job, content)
    except RenderTimeLimit:
        logger.warning("Export %s took over %s s to render: given up", job.pk, limit)
        _fail(job, _too_long_message(limit))
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


class RenderTimeLimit(BaseException):
    """The render took longer than EXPORT_RENDER_TIME_LIMIT.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on the way
    (WeasyPrint catches its URL fetcher's errors) swallows it and renders on.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RenderTimeLimit in this block once it has run `seconds`.

    By SIGALRM, so only in the main thread, where the database worker (`manage.py
    db_worker`) runs its tasks; elsewhere (a test's thread, the immediate backend in
    a threaded server, `db_worker --reload`) without a limit, and without one if an
    alarm is already set. The previous handler comes back afterwards. A long C call
    (a font's shaping) delays the alarm until it returns; WeasyPrint's layout is
    Python, so that is a fraction of a second.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0]  # someone else's alarm: leave it be
    ):
        yield
        return

    def give_up(signum, frame):
        raise RenderTimeLimit

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _too_long_message(limit: int) -> str:
    minutes = math.ceil(limit / 60)
    return ngettext(
        "The plan is too long to print within %(minutes)d minute. Split it or ask the "
        "administrator to raise EXPORT_RENDER_TIME_LIMIT.",
        "The plan is too long to print within %(minutes)d minutes. Split it or ask the "
        "administrator to raise EXPORT_RENDER_TIME_LIMIT.",
        minutes,
    ) % {"minutes": minutes}


# The page polls every second: page counts more often than that would be unread writes.
STAGE_WRITE_INTERVAL = 1.0


def _stage_recorder(job: ExportJob) -> stages.Listener:
    """A listener that writes the render's stages on the job's row as it goes.

    Every new stage is written; a new page count of the same stage at most once a
    second (STAGE_WRITE_INTERVAL).
    """
    last = {"stage": None, "at": 0.0}

    def record(stage: str, pages: int | None) -> None:
        now = time.monotonic()
        if stage == last["stage"] and now - last["at"] < STAGE_WRITE_INTERVAL:
            return
        last.update(stage=stage, at=now)
        _record_stage(job, stage, pages)

    return record


def _record_stage(job: ExportJob, stage: str, pages: int | None = None) -> None:
    """Write the stage on the job's row alone (no lock: the worker holds none while rendering).

    A failed write costs the page its progress line, never the file.
    """
    try:
        with transaction.atomic():  # a savepoint, should the caller be in a transaction
            ExportJob.objects.filter(pk=job.pk).update(stage=stage, pages=pages)
    except DatabaseError:
        logger.warning("Export %s: could not record the stage %s", job.pk, stage, exc_info=True)


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
