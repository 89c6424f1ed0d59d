"""Files live behind Django's storage API only, so that another store can replace the disk.

With `STORAGES["default"]` set to Django's in-memory storage (standing in for an
S3-compatible one, docs/deploy.md), attachments and background exports are saved,
served and deleted as before, and nothing is written under MEDIA_ROOT.
"""

import pytest
from django.core.cache import cache
from django.core.files.storage import InMemoryStorage, default_storage
from django.urls import reverse

from exports.models import ExportJob
from progress.models import Attachment
from tests.factories import ActivityFactory, PlanFactory, SectionFactory
from tests.progress.test_attachments import image, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_in_memory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    cache.clear()  # a cached PDF would be served without a job
    yield
    assert not settings.MEDIA_ROOT.exists(), "a file was written to the disk"


def test_the_storage_in_use_is_not_the_disk():
    default_storage.exists("anything")  # the lazy object picks its storage
    assert isinstance(default_storage._wrapped, InMemoryStorage)


def test_an_attachment_round_trip(
    client, editor, viewer, committee, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(
        section=SectionFactory(plan=PlanFactory(committee=committee, status="approved"))
    )
    client.force_login(editor)
    url = reverse("progress:attachment_upload", args=[activity.pk])
    assert client.post(url, {"file": upload("现场.png", image("PNG"))}).status_code == 302
    attachment = Attachment.objects.get()
    assert default_storage.exists(attachment.file.name)

    client.force_login(viewer)
    download = client.get(reverse("progress:attachment", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == image("PNG")

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the commit
        client.post(reverse("progress:attachment_delete", args=[attachment.pk]))
    assert not default_storage.exists(attachment.file.name)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_plan_export_and_a_summary_are_stored_and_served(client, editor, committee, fmt):
    plan = PlanFactory(committee=committee, title="存储测试计划")
    ActivityFactory(section=SectionFactory(plan=plan, position=1), position=1)
    client.force_login(editor)

    client.get(reverse("exports:plan", args=[plan.pk, fmt]))
    client.get(reverse("exports:summary", args=[committee.pk, 2026, "h1", fmt]))

    jobs = list(ExportJob.objects.order_by("created_at"))
    assert [job.status for job in jobs] == [ExportJob.Status.DONE] * 2
    magic = b"%PDF-" if fmt == "pdf" else b"PK\x03\x04"
    for job in jobs:
        assert default_storage.exists(job.file.name)
        download = client.get(reverse("exports:download", args=[job.pk]))
        assert b"".join(download.streaming_content).startswith(magic)
