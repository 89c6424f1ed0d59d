"""The Chinese catalogue is complete and Chinese is what users see by default."""

from pathlib import Path

import polib
import pytest
from django.urls import reverse

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert len(po) > 150
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    assert {entry.msgid: entry.msgstr for entry in mo if entry.msgid} == {
        entry.msgid: entry.msgstr for entry in po.translated_entries()
    }


@pytest.mark.django_db
def test_admin_speaks_chinese_by_default_and_english_on_request(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:plans_plan_changelist")
    chinese = client.get(url).content.decode()
    assert "政协年度工作计划" in chinese
    assert "选择 工作计划 来修改" in chinese or "工作计划" in chinese
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "CPPCC annual work plans" in english
    assert "政协年度工作计划" not in english


@pytest.mark.django_db
def test_the_plan_list_speaks_chinese_by_default_and_english_on_request(client, editor):
    client.force_login(editor)
    url = reverse("editor:list")
    chinese = client.get(url).content.decode()
    assert "新建计划" in chinese
    assert "筛选" in chinese
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "New plan" in english
    assert "Filter" in english
    assert "新建计划" not in english


@pytest.mark.django_db
def test_the_language_switch_remembers_english(client, editor):
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("editor:list")})
    assert "New plan" in client.get(reverse("editor:list")).content.decode()
