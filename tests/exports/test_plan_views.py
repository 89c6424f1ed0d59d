"""Downloads from the plan page, and the export_plan and import_plan commands."""

import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from activities.models import Activity
from activities.selectors import plan_outline
from core.downloads import safe_filename
from exports.formats import FORMATS, DocumentFormat
from exports.models import ExportJob
from exports.services import BACKGROUND_FORMATS
from importing.json_writer import render_json
from plans.models import Plan
from tests.factories import ActivityFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db

TITLE = "2026年度协商工作计划"


@pytest.fixture
def plan(committee):
    plan = PlanFactory(committee=committee, title=TITLE)
    section = SectionFactory(plan=plan, position=1, heading="协商活动")
    ActivityFactory(section=section, position=1, topic="议题一")
    ActivityFactory(section=section, position=2, topic="议题二")
    return plan


def exported(plan: Plan) -> bytes:
    plan = Plan.objects.select_related("committee").get(pk=plan.pk)
    return render_json(plan, plan_outline(plan))


def url(plan: Plan, fmt: str = "json") -> str:
    return reverse("exports:plan", args=[plan.pk, fmt])


# --- the download view --------------------------------------------------------


@pytest.mark.parametrize("persona", ["editor", "leader", "viewer", "admin_user"])
def test_every_reader_downloads_the_json(client, request, persona, plan):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url(plan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (f"attachment; filename*=utf-8''{quote(TITLE)}.json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == exported(plan)
    data = json.loads(response.content)
    assert data["title"] == TITLE
    topics = [item["topic"] for item in data["sections"][0]["activities"]]
    assert topics == ["议题一", "议题二"]


def test_outsider_gets_404(client, outsider, plan):
    client.force_login(outsider)

    assert client.get(url(plan)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, plan):
    response = client.get(url(plan))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={quote(url(plan))}"


def test_unknown_format_is_404(client, editor, plan):
    client.force_login(editor)

    assert client.get(url(plan, "exe")).status_code == 404


def test_missing_plan_is_404(client, editor):
    client.force_login(editor)

    assert client.get(reverse("exports:plan", args=[999_999, "json"])).status_code == 404


def test_post_is_refused(client, editor, plan):
    client.force_login(editor)

    assert client.post(url(plan)).status_code == 405


# Each binary format starts with its file signature (PDF, or a zip for Office files).
SIGNATURES = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04"}


@pytest.mark.parametrize("fmt", sorted(SIGNATURES))
def test_other_formats_download(client, editor, plan, fmt):
    client.force_login(editor)

    response = client.get(url(plan, fmt))
    if fmt in BACKGROUND_FORMATS:
        # Made by a background job (here the immediate backend): its page, then its file.
        job = ExportJob.objects.get(plan=plan, fmt=fmt)
        assert response.status_code == 302
        assert response.url == reverse("exports:detail", args=[job.pk])
        response = client.get(reverse("exports:download", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == FORMATS[fmt].content_type
    assert response["Content-Disposition"].endswith(f"{quote(TITLE)}.{fmt}")
    assert response.getvalue().startswith(SIGNATURES[fmt])


def test_plan_page_offers_every_download(client, viewer, plan):
    client.force_login(viewer)

    page = client.get(reverse("editor:detail", args=[plan.pk])).content.decode()

    for fmt in ("pdf", "docx", "xlsx", "json"):
        # Once in the menu and once in the links shown without JavaScript.
        assert page.count(f'href="{url(plan, fmt)}"') == 2


def test_a_file_name_loses_what_a_file_system_refuses():
    assert safe_filename('计划/草稿:"第1版"?.pdf') == "计划_草稿_第1版_.pdf"
    assert safe_filename("../..") == "_"
    assert safe_filename("") == "download"
    assert safe_filename("x" * 300 + ".pdf") == "x" * 100 + ".pdf"


# --- export_plan ----------------------------------------------------------------


def test_export_command_writes_the_file(tmp_path, plan):
    target = tmp_path / "plan.json"
    out = io.StringIO()

    call_command("export_plan", plan.pk, "--format", "json", "-o", str(target), stdout=out)

    assert target.read_bytes() == exported(plan)
    assert out.getvalue() == (
        f"Wrote plan {plan.pk} “{TITLE}” as json to {target} ({target.stat().st_size} bytes).\n"
    )
    assert list(tmp_path.iterdir()) == [target]


def test_export_command_refuses_an_unknown_plan(tmp_path):
    with pytest.raises(CommandError, match="There is no plan 999999"):
        call_command("export_plan", 999_999, "--format", "json", "-o", str(tmp_path / "x.json"))
    assert list(tmp_path.iterdir()) == []


def test_export_command_refuses_an_unknown_format(tmp_path, plan):
    with pytest.raises(CommandError, match="invalid choice: 'odt'"):
        call_command("export_plan", plan.pk, "--format", "odt", "-o", str(tmp_path / "x.odt"))


def test_failed_export_keeps_the_previous_file(tmp_path, plan, monkeypatch):
    target = tmp_path / "plan.json"
    target.write_bytes(b"previous")

    def broken(plan, outline):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr("importing.json_writer.render_json", broken)
    with pytest.raises(RuntimeError, match="renderer broke"):
        call_command("export_plan", plan.pk, "--format", "json", "-o", str(target))

    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_failed_write_keeps_the_previous_file(tmp_path, plan, monkeypatch):
    target = tmp_path / "plan.json"
    target.write_bytes(b"previous")

    def no_space(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("exports.management.commands.export_plan.os.replace", no_space)
    with pytest.raises(OSError, match="No space left"):
        call_command("export_plan", plan.pk, "--format", "json", "-o", str(target))

    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_unavailable_renderer_is_a_command_error(tmp_path, plan, monkeypatch):
    missing = DocumentFormat("exports.formats.nothing.render", "application/json", "json")
    monkeypatch.setitem(FORMATS, "json", missing)
    with pytest.raises(CommandError, match="The json renderer is not available"):
        call_command("export_plan", plan.pk, "--format", "json", "-o", str(tmp_path / "x"))


# --- import_plan ----------------------------------------------------------------


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_command_creates_a_draft_in_the_named_committee(tmp_path, plan):
    source = write(tmp_path / "plan.json", json.loads(exported(plan)))
    out = io.StringIO()

    call_command("import_plan", str(source), stdout=out)

    new = Plan.objects.exclude(pk=plan.pk).get()
    assert new.committee == plan.committee
    assert new.status == Plan.Status.DRAFT
    assert exported(new) == exported(plan)
    assert out.getvalue() == (
        f"Imported plan {new.pk} “{TITLE}” for {plan.committee.name} as a draft: "
        "1 sections, 2 activities.\n"
    )


def test_import_command_takes_another_committee(tmp_path, plan, other_committee):
    source = write(tmp_path / "plan.json", json.loads(exported(plan)))

    call_command(
        "import_plan", str(source), "--committee", other_committee.pk, stdout=io.StringIO()
    )

    assert Plan.objects.exclude(pk=plan.pk).get().committee == other_committee


def test_import_command_refuses_bad_json(tmp_path):
    source = tmp_path / "plan.json"
    source.write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match=r"plan.json is not valid JSON: Expecting"):
        call_command("import_plan", str(source))
    assert Plan.objects.count() == 0


def test_import_command_refuses_an_unknown_committee(tmp_path, plan):
    data = json.loads(exported(plan))
    data["committee"] = "政协不存在委员会"
    source = write(tmp_path / "plan.json", data)

    with pytest.raises(CommandError, match="There is no committee named “政协不存在委员会”"):
        call_command("import_plan", str(source))
    with pytest.raises(CommandError, match="There is no committee 999999"):
        call_command("import_plan", str(source), "--committee", 999_999)
    assert Plan.objects.count() == 1


def test_import_command_shows_schema_messages(tmp_path, plan):
    data = json.loads(exported(plan))
    data["year"] = 1999
    data["sections"][0]["activities"][0]["schedule"]["month"] = 13
    source = write(tmp_path / "plan.json", data)
    before = Activity.objects.count()

    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_plan", str(source))

    assert str(raised.value) == (
        f"{source} was not imported:\n"
        "  year: Must be from 2000 to 2100.\n"
        "  sections[0].activities[0].schedule.month: Must be from 1 to 12."
    )
    assert (Plan.objects.count(), Activity.objects.count()) == (1, before)
