"""Background exports: PDF and Word made outside the request (docs/deploy.md)."""

import errno
import itertools
import os
import signal
import threading
import time
from datetime import timedelta

import pypdf
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.management.commands.db_worker import Worker

from activities.models import Activity
from exports.models import ExportJob
from exports.services import notice_dead_worker, start_export
from plans.models import Plan
from tests.factories import ActivityFactory, PlanFactory, SectionFactory, fill_plan

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def no_cached_pdfs():
    # A PDF cached by an earlier test (same ids after a flush, same content) would
    # be served at once, and no job would be made.
    cache.clear()


@pytest.fixture
def plan(committee):
    plan = PlanFactory(committee=committee, title="2026年度协商工作计划")
    section = SectionFactory(plan=plan, position=1, heading="协商活动")
    ActivityFactory(section=section, position=1, topic="议题一")
    return plan


def export_url(plan: Plan, fmt: str) -> str:
    return reverse("exports:plan", args=[plan.pk, fmt])


def job_page(job: ExportJob) -> str:
    return reverse("exports:detail", args=[job.pk])


@pytest.mark.django_db
def test_immediate_backend_makes_the_file_during_the_request(client, editor, plan):
    client.force_login(editor)

    response = client.get(export_url(plan, "docx"))

    job = ExportJob.objects.get()
    assert response.url == job_page(job)
    assert job.status == ExportJob.Status.DONE
    assert job.requested_by == editor
    page = client.get(job_page(job)).content.decode()
    assert "文件已生成" in page
    assert reverse("exports:download", args=[job.pk]) in page
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download.getvalue().startswith(b"PK\x03\x04")


# Transactional: the worker closes its database connection when it is done.
@pytest.mark.django_db(transaction=True)
def test_a_queued_job_waits_for_the_worker_and_the_page_polls(client, editor, plan, settings):
    settings.TASKS = DATABASE_TASKS
    client.force_login(editor)

    response = client.get(export_url(plan, "pdf"))

    job = ExportJob.objects.get()
    assert response.url == job_page(job)
    assert job.status == ExportJob.Status.QUEUED
    page = client.get(job_page(job)).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "正在排队" in page
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    status = client.get(job_page(job), headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in status  # finished: the polling stops
    assert client.get(reverse("exports:download", args=[job.pk])).getvalue().startswith(b"%PDF-")


@pytest.mark.django_db
def test_an_unchanged_pdf_comes_from_the_earlier_job_without_a_new_one(client, editor, plan):
    client.force_login(editor)
    client.get(export_url(plan, "pdf"))  # made once (immediate backend)
    jobs = ExportJob.objects.count()

    response = client.get(export_url(plan, "pdf"), follow=True)

    assert response.status_code == 200
    assert response.getvalue().startswith(b"%PDF-")
    assert ExportJob.objects.count() == jobs


# Transactional: the worker closes its database connection when it is done.
@pytest.mark.django_db(transaction=True)
def test_web_servers_share_the_earlier_pdf_through_the_database(
    client, editor, viewer, plan, settings
):
    # As in production: a worker renders, the web processes never do, so no cache of
    # theirs could hold the file; the job's fingerprint finds it.
    settings.TASKS = DATABASE_TASKS
    client.force_login(editor)
    first = client.get(export_url(plan, "pdf"))
    client.force_login(viewer)
    while_queued = client.get(export_url(plan, "pdf"))
    [job] = ExportJob.objects.all()
    assert first.url == while_queued.url == job_page(job)

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    again = client.get(export_url(plan, "pdf"))
    assert again.url == reverse("exports:download", args=[job.pk])
    assert ExportJob.objects.count() == 1

    # Changed text, a vanished file or a failed job: a new job.
    Activity.objects.filter(section__plan=plan).update(topic="改过的议题")
    changed = client.get(export_url(plan, "pdf"))
    assert ExportJob.objects.count() == 2
    assert changed.url == job_page(ExportJob.objects.latest("created_at"))
    ExportJob.objects.filter(status=ExportJob.Status.QUEUED).update(status=ExportJob.Status.FAILED)
    client.get(export_url(plan, "pdf"))
    assert ExportJob.objects.count() == 3
    Activity.objects.filter(section__plan=plan).update(topic="议题一")
    job.refresh_from_db()
    job.file.storage.delete(job.file.name)
    client.get(export_url(plan, "pdf"))
    assert ExportJob.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_pages_keep_answering_while_a_500_activity_pdf_renders(
    client, editor, committee, settings, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    big = PlanFactory(committee=committee, title="五百项活动的计划")
    fill_plan(big, 500, parts=5, groups_per_part=3)
    client.force_login(editor)
    job = start_export(plan=big, fmt="pdf", user=editor)
    # The worker process of production, in a thread here; signals belong to the main thread.
    monkeypatch.setattr(Worker, "configure_signals", lambda self: None)

    def work():
        try:
            call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    try:
        deadline = time.monotonic() + 60
        while ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.QUEUED:
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.05)

        answered = [client.get(reverse("editor:list")).status_code for _ in range(3)]
        answered.append(client.get(reverse("editor:detail", args=[big.pk])).status_code)

        # Every page answered while the PDF was still being made.
        assert answered == [200, 200, 200, 200]
        assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.RUNNING
    finally:
        worker.join(timeout=300)
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE


class FullDisk(FileSystemStorage):
    """Writes half of the file, then fails as a full disk does."""

    def _save(self, name, content):
        path = self.path(name)
        with open(path, "wb") as handle:
            handle.write(content.read()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.django_db
def test_a_full_disk_fails_the_job_keeps_the_earlier_file_and_tells_the_user(
    client, editor, plan, settings, monkeypatch
):
    client.force_login(editor)
    earlier = start_export(plan=plan, fmt="docx", user=editor)
    earlier_bytes = earlier.file.read()
    earlier.file.close()
    storage = FullDisk(location=settings.MEDIA_ROOT)
    monkeypatch.setattr(ExportJob._meta.get_field("file"), "storage", storage)

    job = start_export(plan=plan, fmt="docx", user=editor)

    assert job.status == ExportJob.Status.FAILED
    assert job.file.name == ""
    page = client.get(job_page(job)).content.decode()
    assert "磁盘空间已满" in page
    assert "重试" in page
    exports = list((settings.MEDIA_ROOT / "exports").rglob("*.docx"))
    assert [path.name for path in exports] == [earlier.file.name.rsplit("/", 1)[1]]
    assert exports[0].read_bytes() == earlier_bytes


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_marked_failed_and_a_new_one_works(client, editor, plan):
    client.force_login(editor)
    stuck = ExportJob.objects.create(
        plan=plan,
        fmt="pdf",
        requested_by=editor,
        filename="p.pdf",
        status=ExportJob.Status.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
    )

    page = client.get(job_page(stuck)).content.decode()

    stuck.refresh_from_db()
    assert stuck.status == ExportJob.Status.FAILED
    assert "中断" in page
    again = start_export(plan=plan, fmt="pdf", user=editor)
    assert again.status == ExportJob.Status.DONE


@pytest.mark.django_db
def test_a_job_deleted_while_its_file_is_made_leaves_no_file(editor, plan, monkeypatch):
    # Its plan moved to the trash mid-render: the worker carries on quietly.
    from django.core.files.storage import default_storage

    from exports import services

    job = ExportJob.objects.create(plan=plan, fmt="docx", requested_by=editor, filename="p.docx")
    stored = []
    real_store = services._store

    def store_then_lose_the_job(job, content):
        real_store(job, content)
        stored.append(job.file.name)
        ExportJob.objects.filter(pk=job.pk).delete()

    monkeypatch.setattr(services, "_store", store_then_lose_the_job)

    services.run_export(str(job.pk))

    assert stored
    assert not default_storage.exists(stored[0])
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_a_running_job_within_its_time_is_left_alone(editor, plan):
    running = ExportJob.objects.create(
        plan=plan,
        fmt="pdf",
        requested_by=editor,
        filename="p.pdf",
        status=ExportJob.Status.RUNNING,
        started_at=timezone.now(),
    )
    assert notice_dead_worker(running).status == ExportJob.Status.RUNNING


@pytest.mark.django_db
def test_a_job_no_worker_takes_fails_in_time_and_says_why(client, editor, plan):
    waiting = ExportJob.objects.create(plan=plan, fmt="pdf", requested_by=editor, filename="p.pdf")
    fresh = ExportJob.objects.create(plan=plan, fmt="pdf", requested_by=editor, filename="q.pdf")
    ExportJob.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(hours=1))
    client.force_login(editor)

    page = client.get(job_page(waiting)).content.decode()

    waiting.refresh_from_db()
    assert waiting.status == ExportJob.Status.FAILED
    assert "导出程序" in page
    assert 'hx-trigger="every 1s"' not in page  # the page stops polling
    assert notice_dead_worker(fresh).status == ExportJob.Status.QUEUED


@pytest.mark.django_db
def test_a_render_error_fails_the_job_with_a_message(client, editor, plan, monkeypatch):
    monkeypatch.setattr("printing.docx.render_docx", lambda plan, outline: 1 / 0, raising=True)
    client.force_login(editor)

    client.get(export_url(plan, "docx"))

    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert "无法生成" in client.get(job_page(job)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/exports/not-a-uuid/",
        "/exports/00000000-0000-0000-0000-000000000000/",
        "/exports/00000000-0000-0000-0000-000000000000/download/",
    ],
)
def test_unknown_or_malformed_job_addresses_are_404(client, editor, path):
    client.force_login(editor)
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_someone_elses_committee_cannot_see_the_job(client, editor, outsider, plan):
    job = start_export(plan=plan, fmt="docx", user=editor)
    client.force_login(outsider)
    assert client.get(job_page(job)).status_code == 404
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


# --- summaries (工作总结) are made the same way --------------------------------------


def summary_export_url(committee, fmt: str, period: str = "h1") -> str:
    return reverse("exports:summary", args=[committee.pk, 2026, period, fmt])


@pytest.mark.django_db(transaction=True)
def test_a_summary_waits_for_the_worker_like_a_plan(client, viewer, committee, settings):
    settings.TASKS = DATABASE_TASKS
    client.force_login(viewer)

    response = client.get(summary_export_url(committee, "pdf"))

    job = ExportJob.objects.get()
    assert response.url == job_page(job)
    assert (job.plan, job.committee, job.year, job.period) == (None, committee, 2026, "h1")
    assert job.status == ExportJob.Status.QUEUED
    assert job.filename == "政协甲市委员会2026年上半年工作总结.pdf"
    page = client.get(job_page(job)).content.decode()
    assert 'hx-trigger="every 1s"' in page
    # The way back leads to the summary, not to a plan.
    assert reverse("progress:summary", args=[committee.pk, 2026, "h1"]) in page

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download.getvalue().startswith(b"%PDF-")
    assert download["Content-Disposition"].startswith("attachment; filename*=utf-8''")


@pytest.mark.django_db
def test_a_failed_summary_offers_to_make_it_again(client, editor, committee, monkeypatch):
    def broken(*args):
        raise RuntimeError("chart library broke")

    monkeypatch.setattr("exports.services.render_summary", broken)
    client.force_login(editor)

    client.get(summary_export_url(committee, "docx", period="year"))

    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    page = client.get(job_page(job)).content.decode()
    assert "文件无法生成" in page
    assert summary_export_url(committee, "docx", period="year") in page


@pytest.mark.django_db
def test_a_summary_download_is_audited(client, viewer, committee):
    from audit.models import Event

    client.force_login(viewer)
    client.get(summary_export_url(committee, "docx"))

    event = Event.objects.get(kind=Event.Kind.EXPORT)
    assert event.user == viewer
    assert "2026年上半年工作总结" in event.detail
    assert "(docx)" in event.detail


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("editor", 200), ("leader", 200), ("viewer", 200), ("outsider", 404)],
)
def test_who_may_see_a_summary_job(
    client, committee, editor, leader, viewer, outsider, persona, expected
):
    job = ExportJob.objects.create(
        committee=committee, year=2026, period="h1", fmt="pdf", filename="总结.pdf"
    )
    job.file.save("s.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    job.status = ExportJob.Status.DONE
    job.save()
    user = {"editor": editor, "leader": leader, "viewer": viewer, "outsider": outsider}.get(persona)
    if user:
        client.force_login(user)

    for url in (job_page(job), reverse("exports:download", args=[job.pk])):
        assert client.get(url).status_code == expected
        assert client.post(url).status_code == (302 if persona == "anonymous" else 405)


@pytest.mark.django_db
def test_a_job_is_of_a_plan_or_of_a_summary_never_both_or_neither(plan, committee):
    from django.db import IntegrityError, transaction

    for fields in (
        {},
        {"plan": plan, "committee": committee, "year": 2026, "period": "h1"},
        {"committee": committee, "year": 2026, "period": "q3"},
        {"committee": committee, "period": "h1"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ExportJob.objects.create(fmt="pdf", filename="x.pdf", **fields)


# --- stages and the time limit (issue 15) ------------------------------------------


@pytest.fixture
def stage_calls(monkeypatch):
    """Every (stage, pages) the renderer reports to the job's listener, and every write."""
    from exports import services

    reported, written = [], []
    real_recorder, real_record = services._stage_recorder, services._record_stage

    def recorder(job):
        listener = real_recorder(job)

        def spy(stage, pages):
            reported.append((stage, pages))
            listener(stage, pages)

        return spy

    def record(job, stage, pages=None):
        written.append((stage, pages))
        real_record(job, stage, pages)

    monkeypatch.setattr(services, "_stage_recorder", recorder)
    monkeypatch.setattr(services, "_record_stage", record)
    return reported, written


def in_order(calls) -> list[str]:
    """The stages of `calls`, each once (a stage reports its page count many times)."""
    return [stage for stage, _ in itertools.groupby(stage for stage, _pages in calls)]


def pdf_pages(job: ExportJob) -> int:
    with job.file.open("rb") as handle:
        return len(pypdf.PdfReader(handle).pages)


@pytest.mark.django_db
def test_a_pdf_reports_its_stages_in_order_with_its_pages(editor, plan, settings, stage_calls):
    settings.PDF_APPENDIX_APART_ROWS = 0  # all in this process
    reported, written = stage_calls

    job = start_export(plan=plan, fmt="pdf", user=editor)

    pages = pdf_pages(job)
    assert in_order(reported) == ["preparing", "layout", "writing"]
    # Each page as WeasyPrint lays it out, then the count being written.
    assert [count for stage, count in reported if stage == "layout"] == list(range(1, pages + 1))
    assert reported[-1] == ("writing", pages)
    assert in_order(written) == ["preparing", "layout", "writing", "saving"]
    assert (job.stage, job.pages) == ("saving", None)


@pytest.mark.django_db
def test_a_long_plans_pdf_reports_the_appendix_and_the_joining(editor, plan, settings, stage_calls):
    settings.PDF_APPENDIX_APART_ROWS = 1  # the appendix in the second process
    reported, written = stage_calls

    job = start_export(plan=plan, fmt="pdf", user=editor)

    total = pdf_pages(job)
    assert in_order(reported) == ["preparing", "layout", "writing", "appendix", "joining"]
    [(_, body)] = [call for call in reported if call[0] == "writing"]
    assert ("appendix", body) in reported  # waiting for the appendix, the body laid out
    assert reported[-1] == ("joining", total)
    assert body < total
    assert in_order(written) == [*in_order(reported), "saving"]


@pytest.mark.django_db
def test_a_word_file_reports_its_stages_in_order(editor, plan, stage_calls):
    reported, written = stage_calls

    job = start_export(plan=plan, fmt="docx", user=editor)

    assert job.status == ExportJob.Status.DONE
    assert reported == [
        ("preparing", None),
        ("layout", None),
        ("appendix", None),
        ("writing", None),
    ]
    assert written == [*reported, ("saving", None)]


@pytest.mark.django_db
def test_the_job_page_shows_the_stage_in_words(client, editor, plan):
    job = ExportJob.objects.create(
        plan=plan,
        fmt="pdf",
        requested_by=editor,
        filename="p.pdf",
        status=ExportJob.Status.RUNNING,
        started_at=timezone.now(),
        stage=ExportJob.Stage.LAYOUT,
        pages=12,
    )
    client.force_login(editor)
    english = {"accept-language": "en"}

    status = client.get(job_page(job), headers={"HX-Request": "true", **english})

    line = '<p class="mt-2 mb-0" data-stage="layout">Laying out the pages (12 pages so far)…</p>'
    assert line in status.content.decode()
    ExportJob.objects.filter(pk=job.pk).update(stage=ExportJob.Stage.WRITING, pages=1)
    page = client.get(job_page(job), headers=english).content.decode()
    assert "Writing 1 page…" in page
    ExportJob.objects.filter(pk=job.pk).update(stage=ExportJob.Stage.LAYOUT, pages=12)
    assert "正在排版（已排 12 页）…" in client.get(job_page(job)).content.decode()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE)
    assert "data-stage" not in client.get(job_page(job), headers=english).content.decode()


def appendix_forever(html: str):
    """Stands in for the appendix's layout in the second process: never ends."""
    while True:
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_render_over_the_time_limit_fails_saying_so_and_leaves_nothing_behind(
    editor, plan, settings, monkeypatch
):
    from printing import parts
    from printing import pdf as pdf_module

    settings.TASKS = DATABASE_TASKS
    settings.EXPORT_RENDER_TIME_LIMIT = 1
    settings.PDF_APPENDIX_APART_ROWS = 1
    monkeypatch.setattr(pdf_module, "write_apart", appendix_forever)
    side_tasks = []
    real_side_task = parts.SideTask

    def spy(function, *args):
        side_tasks.append(real_side_task(function, *args))
        return side_tasks[-1]

    # The fork server started beforehand (a worker's first long plan starts it), so
    # that the limit falls while this process waits for the appendix.
    assert real_side_task(os.getpid).result() != os.getpid()
    monkeypatch.setattr(parts, "SideTask", spy)
    # The worker in this (main) thread, as in production, minus its SIGTERM handlers.
    monkeypatch.setattr(Worker, "configure_signals", lambda self: None)
    handler_before = signal.getsignal(signal.SIGALRM)
    job = start_export(plan=plan, fmt="pdf", user=editor)

    started = time.monotonic()
    with translation.override("en"):  # the message's msgid, whatever the catalogue says
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert time.monotonic() - started < 30
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == (
        "The plan is too long to print within 1 minute. Split it or ask the "
        "administrator to raise EXPORT_RENDER_TIME_LIMIT."
    )
    assert job.file.name == ""
    assert not list((settings.MEDIA_ROOT / "exports").rglob("*.pdf"))
    # The second process was stopped, not left to lay out an appendix forever.
    [side_task] = side_tasks
    [process] = side_task.processes
    # Killed: -SIGKILL as the fork server reports it, or 255, multiprocessing's code for
    # a status it could not read back from the fork server (seen in full runs on a busy
    # machine). Either way the process must be gone.
    assert process.exitcode in (-signal.SIGKILL, 255)
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)
    # The alarm is off and the handler before it is back.
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler_before


def test_the_time_limit_applies_in_the_main_thread_only():
    from exports.services import RenderTimeLimit, time_limit

    with pytest.raises(RenderTimeLimit), time_limit(0.1):
        time.sleep(2)

    outcome = []

    def in_a_thread():
        with time_limit(0.1):
            time.sleep(0.3)
        outcome.append("finished")

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert outcome == ["finished"]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
