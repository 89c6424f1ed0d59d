"""The old year's words in a plan copied into the new year: found, proposed, applied if accepted."""

import pytest
from django.urls import reverse

from activities.models import Activity
from importing.new_year import apply_references, old_references
from importing.services import copy_plan
from plans.models import Plan
from tests.factories import ActivityFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def copied(committee):
    source = PlanFactory(
        committee=committee,
        year=2026,
        title="政协甲市委员会2026年度协商工作计划",
        preamble="2026年以政协全委会为统领，提出2026年度协商议题。",
    )
    section = SectionFactory(plan=source, heading="全会协商", body="围绕2026年重点工作。")
    ActivityFactory(
        section=section,
        topic="十四届二次全会专题协商",
        schedule_kind="event",
        month=None,
        event="市政协十四届二次全会期间",
    )
    ActivityFactory(section=section, topic="2025年度回顾", content="总结20260号文件。")
    title = "政协甲市委员会2027年度协商工作计划"
    return copy_plan(source=source, committee=committee, year=2027, title=title, kind=source.kind)


def test_every_old_year_and_session_is_found_with_its_new_words(copied):
    found = [
        (ref.model, ref.field, ref.old, ref.new) for ref in old_references(copied, old_year=2026)
    ]
    assert found == [
        ("plan", "preamble", "2026", "2027"),
        ("plan", "preamble", "2026", "2027"),
        ("section", "body", "2026", "2027"),
        ("activity", "topic", "十四届二次全会", "十四届三次全会"),
        ("activity", "event", "十四届二次全会", "十四届三次全会"),
    ]
    # 2025年 is another year, 20260号 no year at all: neither is proposed.


def test_nothing_changes_without_the_user_s_word(copied):
    before = Activity.objects.get(section__plan=copied, topic__startswith="十四届").event
    old_references(copied, old_year=2026)
    assert Activity.objects.get(section__plan=copied, topic__startswith="十四届").event == before


def test_accepted_references_are_applied_and_refused_ones_kept(copied):
    references = old_references(copied, old_year=2026)
    accepted = [ref for ref in references if ref.model != "section"]

    assert apply_references(copied, accepted) == 2

    copied.refresh_from_db()
    assert copied.preamble == "2027年以政协全委会为统领，提出2027年度协商议题。"
    assert copied.sections.get().body == "围绕2026年重点工作。"
    activity = Activity.objects.get(section__plan=copied, topic__startswith="十四届")
    assert (activity.topic, activity.event) == (
        "十四届三次全会专题协商",
        "市政协十四届三次全会期间",
    )
    assert activity.history.first().history_change_reason == "new year"
    # The old year is left only where it was refused. (A session number is always
    # proposed one further: the review runs once, right after the copy.)
    left = [ref for ref in old_references(copied, old_year=2026) if ref.old == "2026"]
    assert left == [ref for ref in references if ref.model == "section"]


def test_a_reference_into_another_plan_or_stale_text_changes_nothing(copied, committee):
    other = PlanFactory(committee=committee, year=2027, preamble="2026年的另一份计划。")
    foreign = old_references(other, old_year=2026)
    assert apply_references(copied, foreign) == 0
    other.refresh_from_db()
    assert other.preamble == "2026年的另一份计划。"

    references = old_references(copied, old_year=2026)
    Plan.objects.filter(pk=copied.pk).update(preamble="全部改写了。")
    apply_references(copied, [ref for ref in references if ref.model == "plan"])
    copied.refresh_from_db()
    assert copied.preamble == "全部改写了。"


def test_a_plan_of_the_same_or_an_earlier_year_has_nothing_to_move(copied):
    assert old_references(copied, old_year=2027) == []
    assert old_references(copied, old_year=2028) == []


def test_the_search_takes_three_queries_however_long_the_plan(copied, django_assert_num_queries):
    with django_assert_num_queries(2):  # the plan itself is given: sections, activities
        old_references(copied, old_year=2026)


# --- the review page after a copy -------------------------------------------------------------


def test_a_copy_through_the_form_leads_to_the_review_and_applies_what_is_ticked(
    client, editor, committee
):
    source = PlanFactory(committee=committee, year=2026, preamble="提出2026年度协商议题。")
    SectionFactory(plan=source, heading="协商", body="回顾2026年工作。")
    client.force_login(editor)
    data = {"start": "copy", "source": source.pk, "committee": committee.pk, "year": "2027"}
    response = client.post(reverse("editor:create"), {**data, "kind": "", "title": ""})
    copy = Plan.objects.exclude(pk=source.pk).get()
    assert response.url == f"{reverse('editor:new_year', args=[copy.pk])}?from=2026"

    page = client.get(response.url)
    assert page.status_code == 200
    plan_ref, _section_ref = [ref for ref, _place in page.context["rows"]]
    assert "提出2026年度协商议题" in page.content.decode()

    done = client.post(response.url, {"from": "2026", "accept": [plan_ref.key, "bogus:1:x:0"]})
    assert done.url == copy.get_absolute_url()
    copy.refresh_from_db()
    assert copy.preamble == "提出2027年度协商议题。"
    assert copy.sections.get().body == "回顾2026年工作。"
    assert "1 处文字已改为2027年的。" in client.get(done.url).content.decode()


@pytest.mark.parametrize("value", ["", "abc", "2099", "1", "2027"])
def test_a_missing_or_strange_from_year_falls_back_to_the_year_before(
    client, editor, copied, value
):
    client.force_login(editor)
    response = client.get(reverse("editor:new_year", args=[copied.pk]), {"from": value})
    assert response.status_code == 200
    assert response.context["old_year"] == 2026


def test_a_leader_may_not_rewrite_the_plan(client, leader, copied):
    client.force_login(leader)
    url = reverse("editor:new_year", args=[copied.pk])
    response = client.post(url, {"from": "2026", "accept": ["plan:1:preamble:0"]})
    assert response.status_code == 403
    copied.refresh_from_db()
    assert copied.preamble.startswith("2026年")
