"""The import pages through the test client: paste or upload, preview, correct, save."""

import io
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from activities.models import Activity
from importing.forms import MAX_TEXT_CHARS
from organisation.models import Committee
from plans.models import Plan, Section
from tests.factories import SpecialCommitteeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    # Messages are compared in Chinese, the default language, whatever ran before.
    with translation.override("zh-hans"):
        yield


SEED = Path(__file__).resolve().parent / "data" / "seed_plans.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SHORT = "\n".join(
    [
        "政协甲市委员会2026年度协商工作计划",
        "首页 > 工作文档 > 工作计划",
        "一、指导思想",
        "坚持团结和民主两大主题。",
        "二、协商安排",
        "（一）专题协商（1个）",
        "推进乡村振兴",
        "协商内容：围绕乡村振兴开展协商。",
        "时间安排：6月",
        "组织实施：由市政协调研室、文史委员会联合组织实施",
    ]
)
IMPORT, SAVE = reverse("importing:import"), reverse("importing:save")


@pytest.fixture
def research(committee):
    return SpecialCommitteeFactory(parent=committee, name="调研室", kind=Committee.Kind.OFFICE)


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def form(committee, **data):
    return {"committee": committee.pk, "remove_junk": "on", "convert_traditional": "on", **data}


def counts():
    return (Plan.objects.count(), Section.objects.count(), Activity.objects.count())


def errors(response) -> list[str]:
    found = response.context["form"].errors
    return [message for messages in found.values() for message in messages]


# --- the start page ------------------------------------------------------------------------


def test_start_page_offers_the_editors_committees(as_editor, committee, other_committee):
    response = as_editor.get(IMPORT)
    assert response.status_code == 200
    assert response.templates[0].name == "plans/import_start.html"
    assert list(response.context["form"].fields["committee"].queryset) == [committee]
    assert 'enctype="multipart/form-data"' in response.text


def test_plan_list_and_new_plan_page_link_to_the_import(as_editor, client, viewer):
    assert f'href="{IMPORT}"' in as_editor.get(reverse("editor:list")).text
    assert f'href="{IMPORT}"' in as_editor.get(reverse("editor:create")).text
    client.force_login(viewer)
    assert f'href="{IMPORT}"' not in client.get(reverse("editor:list")).text


# --- the preview ---------------------------------------------------------------------------


def test_pasted_text_is_previewed_and_nothing_is_saved(as_editor, committee, research):
    response = as_editor.post(IMPORT, form(committee, text=SHORT))
    assert response.status_code == 200
    assert response.templates[0].name == "plans/import_preview.html"
    parsed = response.context["parsed"]
    assert parsed.title == "政协甲市委员会2026年度协商工作计划"
    assert [s.heading for s in parsed.walk_sections()] == ["指导思想", "协商安排", "专题协商"]
    text = response.text
    assert "专题协商（1个）" in text
    assert "由市政协调研室组织实施" in text
    assert "文史委员会？" in text  # an unknown organizer, offered for creation
    assert 'name="create_organizers" value="文史委员会"' in text
    assert "已删除网页附带的 1 行" in text
    assert 'name="overrides" value=""' in text
    assert counts() == (0, 0, 0)


def test_the_seed_page_offers_its_four_documents(as_editor, committee):
    response = as_editor.post(IMPORT, form(committee, text=SEED_TEXT, document="3"))
    parsed = response.context["parsed"]
    assert parsed.sections[0].heading == "加强委员学习"
    assert "原文包含 4 篇文档" in response.text
    assert '<option value="3" selected>' in response.text


def test_a_line_can_be_corrected_and_parsed_again(as_editor, committee):
    # Line 4 (坚持团结…) becomes a heading of level 1; line 2 is kept after all.
    response = as_editor.post(
        IMPORT,
        form(committee, text=SHORT, overrides="2:paragraph", line="4", role="h1", action="apply"),
    )
    assert response.context["overrides"] == "2:paragraph,4:h1"
    parsed = response.context["parsed"]
    assert [s.heading for s in parsed.sections] == [
        "指导思想",
        "坚持团结和民主两大主题",
        "协商安排",
    ]
    assert parsed.preamble == ["首页 > 工作文档 > 工作计划"]
    # Back to automatic; without pressing apply nothing changes.
    back = form(committee, text=SHORT, overrides="2:paragraph,4:h1", line="4", role="auto")
    response = as_editor.post(IMPORT, back)
    assert response.context["overrides"] == "2:paragraph,4:h1"
    response = as_editor.post(IMPORT, {**back, "action": "apply"})
    assert response.context["overrides"] == "2:paragraph"


def test_malformed_corrections_are_ignored(as_editor, committee):
    controls = {"line": "0", "role": "h9", "document": "x", "action": "apply"}
    response = as_editor.post(
        IMPORT,
        form(committee, text=SHORT, overrides="x:h1,3:nonsense,,-4:h2,9999:junk", **controls),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert response.context["overrides"] == "9999:junk"
    assert [s.heading for s in response.context["parsed"].sections] == ["指导思想", "协商安排"]


def test_hostile_text_is_shown_escaped(as_editor, committee):
    response = as_editor.post(IMPORT, form(committee, text="一、<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_a_word_upload_is_previewed(as_editor, committee):
    document = docx.Document()
    for line in SHORT.splitlines():
        document.add_paragraph(line)
    document.add_paragraph("工作安排", style="Heading 1")
    data = io.BytesIO()
    document.save(data)
    upload = SimpleUploadedFile("计划.docx", data.getvalue())
    response = as_editor.post(IMPORT, form(committee, file=upload))
    assert response.status_code == 200
    assert response.context["source_text"] == SHORT + "\n工作安排"
    assert response.context["overrides"] == "11:h1"  # from the Word heading style
    assert counts() == (0, 0, 0)


# 1. session  2. user  3. staff roles  4. committee tree (the user's scope)
# 5. the chosen committee (the form's choice)  6. every committee (the vocabulary)
# 7. activity types  8. sectors  9. the committees again, for the committee field's choices
PREVIEW_QUERIES = 9


@pytest.mark.parametrize("groups", [1, 20])
def test_preview_queries_do_not_grow_with_the_text(
    as_editor, committee, django_assert_num_queries, groups
):
    text = (
        SHORT
        + "\n"
        + "\n".join(
            f"（{n}）专题协商\n议题{n}\n协商内容：内容。\n时间安排：5月"
            for n in range(2, groups + 2)
        )
    )
    with django_assert_num_queries(PREVIEW_QUERIES):
        response = as_editor.post(IMPORT, form(committee, text=text))
    assert len(response.context["parsed"].activities) == groups + 1


# --- saving ------------------------------------------------------------------------------------


def test_save_creates_the_draft_and_opens_its_editor(as_editor, committee, research):
    response = as_editor.post(SAVE, form(committee, text=SHORT, create_organizers="文史委员会"))
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("editor:detail", args=[plan.pk])
    assert (plan.committee, plan.year, plan.kind, plan.status, plan.title) == (
        committee,
        2026,
        Plan.Kind.CONSULTATION,
        Plan.Status.DRAFT,
        "政协甲市委员会2026年度协商工作计划",
    )
    activity = Activity.objects.get()
    assert activity.organizers_wording() == "由市政协调研室、文史委员会联合组织实施"
    assert Committee.objects.get(name="文史委员会").parent == committee
    page = as_editor.get(response.url)
    assert "计划已导入为草稿：3 个部分，1 项活动。" in page.text


def test_save_takes_the_users_year_kind_and_title(as_editor, committee):
    as_editor.post(SAVE, form(committee, text=SHORT, year="2027", kind="work_plan", title="新标题"))
    assert Plan.objects.values_list("year", "kind", "title").get() == (2027, "work_plan", "新标题")


def test_last_year_s_text_imported_into_next_year_gets_the_usual_title(as_editor, committee):
    # SHORT is titled for 2026: as the 2027 plan it is not called that.
    preview = as_editor.post(IMPORT, form(committee, text=SHORT, year="2027"))
    assert "政协甲市委员会2027年度协商工作计划" in preview.text
    as_editor.post(SAVE, form(committee, text=SHORT, year="2027"))
    assert Plan.objects.get().title == "政协甲市委员会2027年度协商工作计划"


def test_the_text_s_own_title_stays_for_its_own_year(as_editor, committee):
    as_editor.post(SAVE, form(committee, text=SHORT, year="2026"))
    assert Plan.objects.get().title == "政协甲市委员会2026年度协商工作计划"


def test_save_without_a_year_asks_for_one(as_editor, committee):
    response = as_editor.post(SAVE, form(committee, text="工作安排\n一、指导思想\n坚持团结。"))
    assert response.status_code == 200
    assert response.templates[0].name == "plans/import_preview.html"
    assert errors(response) == ["请填写年度：原文中没有找到年度。"]
    assert counts() == (0, 0, 0)


def test_get_on_save_is_refused(as_editor):
    assert as_editor.get(SAVE).status_code == 405


# --- bad input changes nothing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请粘贴计划文字，或上传 .docx、.txt 文件。"),
        ({"text": "   \n  "}, "请粘贴计划文字，或上传 .docx、.txt 文件。"),
        (
            {"text": "一" * (MAX_TEXT_CHARS + 1)},
            f"文字超过 {MAX_TEXT_CHARS} 个字符，请分几次导入。",
        ),
        ({"text": SHORT, "title": "标题\x07"}, "文字中含有不可见的控制字符，请删除后重试。"),
        ({"text": SHORT, "year": "1999"}, "确保该值大于或等于2000。"),
        ({"text": SHORT, "kind": "novel"}, "选择一个有效的选项。 novel 不在可用的选项中。"),
    ],
)
def test_bad_form_input(as_editor, committee, data, message):
    for url in (IMPORT, SAVE):
        response = as_editor.post(url, form(committee, **data))
        assert response.status_code == 200
        assert message in errors(response)
    assert counts() == (0, 0, 0)


ENCRYPTED = (
    "这是加密的 Word 文档或旧版 .doc 文件。请取消密码，或在 Word、WPS 中另存为 .docx 后重新上传。"
)
NOT_TEXT = "这不是文本文件（看起来是PNG）。请上传 .docx 或 .txt 文件。"


def bomb() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<x/>")
        archive.writestr("word/media/a.bin", bytes(5 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("计划.txt", b"", "所提交的是空文件。"),
        ("计划.txt", b"\n \n", "文件是空的，没有可导入的内容。"),
        ("计划.docx", b"PK\x03\x04broken", ".docx 文件已损坏，无法读取。"),
        ("计划.docx", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(512), ENCRYPTED),
        ("计划.docx", bomb(), ".docx 文件解压后超过 100 MB，已拒绝导入。"),
        ("计划.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), NOT_TEXT),
        ("计划.txt", b"a" * (10 * 1024 * 1024 + 1), "文件超过 10 MB，无法导入。"),
    ],
)  # fmt: skip
def test_bad_files(as_editor, committee, name, data, message):
    upload = SimpleUploadedFile(name, data)
    response = as_editor.post(IMPORT, form(committee, file=upload))
    assert response.status_code == 200
    assert response.templates[0].name == "plans/import_start.html"
    assert errors(response) == [message]
    assert message in response.text
    assert counts() == (0, 0, 0)


def test_text_and_file_together_are_refused(as_editor, committee):
    upload = SimpleUploadedFile("计划.txt", SHORT.encode())
    response = as_editor.post(IMPORT, form(committee, text=SHORT, file=upload))
    assert errors(response) == ["请粘贴文字或上传文件，二者选其一。"]


# --- who may import ----------------------------------------------------------------------------


def test_an_outsider_cannot_import_into_another_committee(client, outsider, committee):
    client.force_login(outsider)
    for url in (IMPORT, SAVE):
        response = client.post(url, form(committee, text=SHORT))
        assert response.status_code == 200
        assert errors(response) == ["选择一个有效的选项： 该选择不在可用的选项中。"]
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("persona", ["leader", "viewer"])
def test_readers_may_not_import(client, request, committee, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, form(committee, text=SHORT)).status_code == 403
    assert client.post(SAVE, form(committee, text=SHORT)).status_code == 403
    assert counts() == (0, 0, 0)


def test_anonymous_visitors_are_sent_to_log_in(client, committee):
    response = client.post(SAVE, form(committee, text=SHORT))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert counts() == (0, 0, 0)


def test_admins_may_import_anywhere(client, admin_user, other_committee):
    client.force_login(admin_user)
    response = client.post(SAVE, form(other_committee, text=SHORT))
    assert response.status_code == 302
    assert Plan.objects.get().committee == other_committee


def test_last_year_s_text_goes_to_the_new_year_review_after_saving(as_editor, committee):
    text = SHORT.replace("坚持团结和民主两大主题。", "2026年坚持团结和民主两大主题。")
    response = as_editor.post(SAVE, form(committee, text=text, year="2027"))
    plan = Plan.objects.get()
    assert response.url == f"{reverse('editor:new_year', args=[plan.pk])}?from=2026"
    page = as_editor.get(response.url)
    assert [ref.old for ref, _place in page.context["rows"]] == ["2026"]


def test_this_year_s_text_goes_straight_to_the_plan(as_editor, committee):
    response = as_editor.post(SAVE, form(committee, text=SHORT, year="2026"))
    assert response.url == reverse("editor:detail", args=[Plan.objects.get().pk])
