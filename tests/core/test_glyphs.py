"""Characters the printed documents can show: read from the fonts, checked by the forms,
dropped from what is printed whatever way it came in (core.glyphs)."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from activities.forms import ActivityForm, ParticipantForm, SchedulePreviewForm
from activities.models import Activity
from activities.selectors import plan_outline
from core.glyphs import (
    printable_characters,
    printable_text,
    reject_unprintable,
    unprintable_characters,
)
from editor.forms import PlanCreateForm, PlanDetailsForm, SectionForm
from organisation.models import Member
from plans.models import Plan
from printing.pdf import StaticOnlyFetcher, build_pdf, plan_html
from printing.summary import render_summary_pdf
from progress.forms import NarrativeForm, OutcomeForm, ProgressForm
from progress.models import SummaryNarrative
from progress.selectors import committee_summary
from reviews.forms import TransitionForm
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
)
from tests.printing.test_pdf import OWN_FILES, flat, poppler

PARTY = "🎉"
MESSAGE = "这些字符无法印出：🎉"
CPPCC_FACES = {"CPPCC-Song-Bold", "CPPCC-FangSong", "CPPCC-Hei", "CPPCC-Kai", "CPPCC-Fallback"}


def printable(text: str) -> bool:
    return set(text) <= printable_characters()


# --- which characters print ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "政协",
        "喆堃镕昇犇淼",  # rarer name characters: the fallback face has them
        "".join(map(chr, range(0x20, 0x7F))),  # ASCII
        "，。、；：？！“”‘’《》〈〉（）【】〔〕——……·",  # full-width punctuation
        "".join(map(chr, range(0xFF01, 0xFF5F))),  # full-width forms ！…～
        "①②③④⑤⑥⑦⑧⑨⑩",
        "\u3000 \t\r\n",  # white space and line breaks
        "\u200b\ufeff\u00ad",  # invisible: printed as nothing
    ],
)
def test_printable(text):
    assert printable(text)
    assert unprintable_characters(text) == []
    assert printable_text(text) == text


@pytest.mark.parametrize(
    "char",
    [
        PARTY,
        "\ue000",  # private use
        "\U00020bb7",  # 𠮷, Extension B: in no shipped face
        "\u202e",  # a bidirectional override would reverse the printed line
        "\x07",
    ],
)
def test_not_printable(char):
    assert char not in printable_characters()
    assert unprintable_characters(f"政{char}协") == [char]
    assert printable_text(f"政{char}协") == "政协"


def test_the_fonts_are_read_once_per_process():
    assert printable_characters() is printable_characters()
    assert printable_characters.cache_info().misses <= 1


def test_each_character_that_cannot_print_is_named_once_in_order():
    text = "庆祝🎉成立\ue000大会🎉🤝"
    assert unprintable_characters(text) == ["🎉", "\ue000", "🤝"]
    with pytest.raises(ValidationError) as refused:
        reject_unprintable(text)
    assert refused.value.messages == ["这些字符无法印出：🎉 U+E000 🤝"]
    assert refused.value.code == "unprintable"


def test_the_validator_leaves_control_characters_to_their_own_message():
    reject_unprintable("响铃\x07")  # core.forms.reject_control_characters says it


# --- every form field that prints refuses them ---------------------------------------------


@pytest.fixture
def plan(committee):
    return PlanFactory(committee=committee, year=2026, title="2026年度协商工作计划")


@pytest.fixture
def activity(plan):
    return ActivityFactory(section=SectionFactory(plan=plan, position=1), month=6)


def plan_details(plan, field, user):
    data = {"title": "计划", "year": "2026", "kind": "work_plan", field: f"文字{PARTY}"}
    return PlanDetailsForm(data, instance=plan)


def plan_create(plan, field, user):
    data = {"start": "blank", "committee": plan.committee.pk, "year": "2027", "kind": "work_plan"}
    data[field] = f"文字{PARTY}"
    return PlanCreateForm(data, user=user)


def section(plan, field, user):
    data = {"heading": "标题", field: f"文字{PARTY}"}
    return SectionForm(data, instance=plan.sections.first() or SectionFactory(plan=plan))


def activity_form(plan, field, user):
    activity_type = ActivityTypeFactory()
    data = {"type": str(activity_type.pk), "topic": "议题", "status": "planned"}
    data |= {"schedule_kind": "event", "event": "全会期间", field: f"文字{PARTY}"}
    section = plan.sections.first() or SectionFactory(plan=plan)
    return ActivityForm(data, instance=Activity(section=section), plan=plan)


def schedule_preview(plan, field, user):
    return SchedulePreviewForm({"schedule_kind": "event", field: f"文字{PARTY}"}, year=plan.year)


def participant(plan, field, user):
    data = {"kind": "unit", field: f"文字{PARTY}"}
    members = Member.objects.none()
    return ParticipantForm(data, members=members, sector_choices=[], member_choices=[])


def progress(plan, field, user):
    activity = ActivityFactory(section=SectionFactory(plan=plan), month=6)
    data = {"status": "postponed", "reason": "原因", field: f"文字{PARTY}"}
    return ProgressForm(data, activity=activity, today=datetime.date(2026, 8, 15))


def outcome(plan, field, user):
    activity = ActivityFactory(section=SectionFactory(plan=plan), month=6)
    data = {"kind": "public_opinion", "quantity": "2", "adopted": "1", field: f"文字{PARTY}"}
    return OutcomeForm(data, activity=activity)


def narrative(plan, field, user):
    instance = SummaryNarrative(committee=plan.committee, year=2026, period="h1")
    return NarrativeForm({field: f"文字{PARTY}"}, instance=instance)


def transition(plan, field, user):
    return TransitionForm({"action": "issue", field: f"文字{PARTY}"})


PRINTED_FIELDS = [
    (plan_details, "title"),
    (plan_details, "document_number"),
    (plan_details, "preamble"),
    (plan_create, "title"),
    (section, "heading"),
    (section, "lead_phrase"),
    (section, "body"),
    (activity_form, "topic"),
    (activity_form, "content"),
    (activity_form, "event"),
    (schedule_preview, "event"),
    (participant, "text"),
    (progress, "reason"),
    (progress, "notes"),
    (outcome, "title"),
    (outcome, "by_whom"),
    (narrative, "opening"),
    (narrative, "achievements"),
    (narrative, "shortcomings"),
    (narrative, "next_steps"),
    (transition, "document_number"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "field"),
    PRINTED_FIELDS,
    ids=[f"{make.__name__}-{field}" for make, field in PRINTED_FIELDS],
)
def test_every_printed_field_refuses_what_cannot_print(plan, editor, make, field):
    assert make(plan, field, editor).errors == {field: [MESSAGE]}


@pytest.mark.django_db
def test_texts_that_do_not_print_are_not_checked(plan):
    form = TransitionForm({"action": "return", "comment": f"请修改{PARTY}"})
    assert form.is_valid()


@pytest.mark.django_db
def test_issuing_with_a_document_number_that_cannot_print_changes_nothing(client, plan, leader):
    Plan.objects.filter(pk=plan.pk).update(status="approved")
    client.force_login(leader)
    response = client.post(
        reverse("reviews:transition", args=[plan.pk]),
        {"action": "issue", "document_number": f"甲政协〔2026〕2号{PARTY}"},
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [MESSAGE]
    plan.refresh_from_db()
    assert (plan.status, plan.document_number, plan.issue_date) == ("approved", "", None)


# --- what is printed anyway (import, admin, older rows) loses them ------------------------


def pdf_faces(pdf: bytes) -> set[str]:
    rows = poppler("pdffonts", pdf).splitlines()[2:]
    return {re.fullmatch(r"[A-Z]{6}\+(.+)", row.split()[0]).group(1) for row in rows}


@pytest.fixture
def plan_with_emoji(committee):
    """A plan whose every printed text has 🎉 in it, saved past the forms."""
    plan = PlanFactory(
        committee=committee,
        title=f"庆祝{PARTY}计划",
        document_number=f"甲政协〔2026〕1号{PARTY}",
        preamble=f"为做好工作{PARTY}，制定本计划。",
        issue_date=datetime.date(2026, 1, 20),
    )
    part = SectionFactory(plan=plan, position=1, heading=f"重点{PARTY}协商", show_count=True)
    activity = ActivityFactory(
        section=part,
        topic=f"议题{PARTY}庆祝",
        content=f"围绕议题{PARTY}开展调研，提出意见建议。",
        schedule_kind="event",
        event=f"全会期间{PARTY}",
        month=None,
    )
    ParticipantFactory(activity=activity, text=f"市发改委{PARTY}")
    return plan


@pytest.mark.django_db
@pytest.mark.parametrize("apart", [0, 1], ids=["one document", "appendix apart"])
def test_a_pdf_never_shows_what_cannot_print(plan_with_emoji, settings, apart):
    settings.PDF_APPENDIX_APART_ROWS = apart  # 1: the appendix in a second process
    outline = plan_outline(plan_with_emoji)
    fetcher = StaticOnlyFetcher()

    pdf = build_pdf(plan_with_emoji, outline, fetcher=fetcher)

    text = flat(poppler("pdftotext", pdf))
    assert PARTY not in text
    assert text.startswith(
        "征求意见稿甲政协〔2026〕1号庆祝计划为做好工作，制定本计划。一、重点协商（1个）"
        "议题庆祝协商内容：围绕议题开展调研，提出意见建议。时间安排：全会期间"
        "参加人员：市发改委等单位负责同志附件：庆祝计划安排表政协甲市委员会2026年1月20日"
        "征求意见稿附件庆祝计划安排表"
    )
    # The appendix's row (pdftotext reads its cells between the header's).
    assert (text.count("议题庆祝"), text.count("全会期间")) == (2, 2)
    assert pdf_faces(pdf) <= CPPCC_FACES
    assert set(fetcher.seen) == OWN_FILES


@pytest.mark.django_db
def test_the_print_preview_shows_the_same(plan_with_emoji):
    html = plan_html(plan_with_emoji, plan_outline(plan_with_emoji))
    page = html[html.index('<article class="page">') :]
    assert PARTY not in page
    assert "议题庆祝" in page


def test_a_paragraph_is_justified_without_them():
    # One character the body face lacks would leave the paragraph unmeasured (ragged).
    template = Template("{% load printing %}{% doc_p text=text %}")
    text = "围绕推进乡村全面振兴开展专题调研，" * 4
    printed = template.render(Context({"text": text.replace("，", f"，{PARTY}")}))
    assert printed == template.render(Context({"text": text}))
    assert "justified" in printed


@pytest.mark.django_db
def test_a_summary_pdf_never_shows_what_cannot_print(committee):
    SummaryNarrative.objects.create(
        committee=committee,
        year=2026,
        period="h1",
        opening=f"上半年{PARTY}工作开篇。",
        achievements=f"坚持协商于决策之前{PARTY}。",
    )
    summary = committee_summary(committee, 2026, "h1", datetime.date(2026, 8, 15))

    pdf = render_summary_pdf(summary)

    text = flat(poppler("pdftotext", pdf))
    assert PARTY not in text
    assert "上半年工作开篇。" in text
    assert "坚持协商于决策之前。" in text
    assert pdf_faces(pdf) <= CPPCC_FACES
