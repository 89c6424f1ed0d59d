"""Attachments: judged by their content, at most 20 MB, stored through the storage API,
handed out only to readers of the plan. A refused file leaves nothing behind."""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image

from progress.models import Attachment
from progress.uploads import MAX_ATTACHMENT_BYTES, check_upload, safe_name
from tests.factories import ActivityFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format=fmt)
    return out.getvalue()


def word() -> bytes:
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("会议纪要")
    document.save(out)
    return out.getvalue()


def zip_of(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("纪要.pdf", PDF, "pdf"),
        ("现场.PNG", image("PNG"), "png"),
        ("现场.jpg", image("JPEG"), "jpeg"),
        ("现场.jpeg", image("JPEG"), "jpeg"),
        ("动图.gif", image("GIF"), "gif"),
        ("照片.webp", image("WEBP"), "webp"),
        ("报告.docx", word(), "docx"),
    ],
)
def test_accepted_kinds(name, content, kind):
    checked = check_upload(upload(name, content))
    assert (checked.kind, checked.name, checked.size) == (kind, name, len(content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报告.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64), "只能上传PDF"),
        ("报告.pdf", b"<html><script>alert(1)</script></html>", "只能上传PDF"),
        ("报告.docx", zip_of(["xl/workbook.xml", "[Content_Types].xml"]), "只能上传PDF"),
        ("报告.docx", b"PK\x03\x04 not really a zip", "只能上传PDF"),
        ("报告.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "只能上传PDF"),
        ("照片.pdf", image("PNG"), "扩展名与内容不符"),
        ("报告.exe", PDF, "扩展名与内容不符"),
        ("报告", PDF, "扩展名与内容不符"),
        ("空.pdf", b"", "文件是空的"),
    ],
)
def test_refused_kinds_with_a_chinese_message(name, content, message):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert message in refused.value.messages[0]


def test_a_file_over_twenty_megabytes_is_refused():
    big = upload("大.pdf", b"%PDF-" + bytes(MAX_ATTACHMENT_BYTES))
    with pytest.raises(ValidationError) as refused:
        check_upload(big)
    assert "20" in refused.value.messages[0]
    assert "MB" in refused.value.messages[0]
    exactly = upload("整.pdf", b"%PDF-" + bytes(MAX_ATTACHMENT_BYTES - 5))
    assert check_upload(exactly).size == MAX_ATTACHMENT_BYTES


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\王\\纪要.pdf", "纪要.pdf"),
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
        ("name\x00\x1f.pdf", "name__.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
        ("", "attachment"),
    ],
)
def test_names_are_made_safe(raw, shown):
    assert safe_name(raw) == shown


# --- through the pages ---------------------------------------------------------------


@pytest.fixture
def activity(committee):
    plan = PlanFactory(committee=committee, status="approved")
    return ActivityFactory(section=SectionFactory(plan=plan))


def post_file(client, activity, name, content):
    url = reverse("progress:attachment_upload", args=[activity.pk])
    return client.post(url, {"file": upload(name, content)})


def test_editor_attaches_a_file_and_a_viewer_downloads_it(client, editor, viewer, activity, media):
    client.force_login(editor)
    response = post_file(client, activity, "现场照片.png", image("PNG"))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["文件已上传。"]
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.kind, attachment.uploaded_by) == (
        "现场照片.png",
        "png",
        editor,
    )
    # Stored under a random name in the activity's folder, not the uploaded one.
    [path] = stored_files(media)
    assert path.parent.name == str(activity.pk)
    assert path.suffix == ".png"
    assert "现场照片" not in path.name

    client.force_login(viewer)
    download = client.get(reverse("progress:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == image("PNG")
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%e7%8e%b0%e5%9c%ba" in download["Content-Disposition"].lower()
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00" + bytes(64), "只能上传PDF"),
        ("page.pdf", b"<!doctype html><script>alert(1)</script>", "只能上传PDF"),
        ("big.pdf", b"%PDF-" + bytes(MAX_ATTACHMENT_BYTES), "文件大于20 MB"),
        # Django's own file field refuses an empty file before ours looks at it.
        ("empty.pdf", b"", "空文件"),
    ],
)
def test_refused_uploads_store_nothing(client, editor, activity, media, name, content, message):
    client.force_login(editor)
    response = post_file(client, activity, name, content)
    assert response.status_code == 302
    [shown] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message in shown
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_an_upload_without_a_file_is_refused(client, editor, activity, media):
    client.force_login(editor)
    response = client.post(reverse("progress:attachment_upload", args=[activity.pk]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["这个字段是必填项。"]
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("outsider", 404)])
def test_only_editors_of_the_committee_attach(client, request, activity, media, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert post_file(client, activity, "a.pdf", PDF).status_code == status
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_outsiders_cannot_download(client, editor, outsider, activity):
    client.force_login(editor)
    post_file(client, activity, "a.pdf", PDF)
    attachment = Attachment.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("progress:attachment", args=[attachment.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("progress:attachment", args=[attachment.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_deleting_removes_the_row_and_then_the_file(
    client, editor, activity, media, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    post_file(client, activity, "a.pdf", PDF)
    attachment = Attachment.objects.get()
    assert len(stored_files(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("progress:attachment_delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_missing_file_answers_404(client, editor, activity, media):
    client.force_login(editor)
    post_file(client, activity, "a.pdf", PDF)
    attachment = Attachment.objects.get()
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(reverse("progress:attachment", args=[attachment.pk])).status_code == 404
