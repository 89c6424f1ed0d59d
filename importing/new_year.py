"""The old year left in a plan carried into a new one, and what it should say now.

A plan copied from 2026 into 2027 (or imported from last year's text) keeps its
words: "提出2026年度…", "市政协十四届二次全会期间". `old_references` finds, in every
text field of the plan, its parts and its activities, each mention of the source
year and each session of the committee (届次 and 会次), with the proposed words
(2026年 → 2027年, 十四届二次全会 → 十四届三次全会: one session a year). Nothing
changes until `apply_references` is given the ones the user accepted.
"""

import re
from dataclasses import dataclass

from django.db import transaction

from activities.models import Activity
from core.history import REASON_NEW_YEAR, record_changed
from importing.labels import chinese_to_int
from plans.models import Plan, Section
from plans.numbering import chinese_numeral
from plans.services import lock_plan

# The text fields that can carry a year or a session, per model.
FIELDS = {
    Plan: ("title", "preamble"),
    Section: ("heading", "lead_phrase", "body"),
    Activity: ("topic", "content", "event", "targets"),
}
# 十四届二次全会, 十四届二次会议: the committee's term and its yearly plenary session.
SESSION = re.compile(
    r"(?P<term>[一二三四五六七八九十]+)届(?P<session>[一二三四五六七八九十]+)次(?P<rest>全会|全体会议|会议)"
)


@dataclass(frozen=True)
class Reference:
    """One old word in one field: where it is, what it says and what it should say."""

    model: str  # "plan", "section" or "activity"
    pk: int
    field: str
    start: int
    old: str
    new: str
    context: str  # the text around it, to show

    @property
    def key(self) -> str:
        return f"{self.model}:{self.pk}:{self.field}:{self.start}"


def old_references(plan: Plan, *, old_year: int) -> list[Reference]:
    """Every mention of `old_year` and every session number in the plan's text (2 queries)."""
    years = plan.year - old_year
    if years <= 0:
        return []
    rows = [(plan, "plan")]
    rows += [(section, "section") for section in Section.objects.filter(plan=plan)]
    rows += [(row, "activity") for row in Activity.objects.filter(section__plan=plan)]
    found = []
    for row, name in rows:
        for field in FIELDS[type(row)]:
            text = getattr(row, field, "") or ""
            found += _in_text(text, name, row.pk, field, old_year, years)
    return found


def _in_text(text: str, model: str, pk: int, field: str, old_year: int, years: int):
    for match in re.finditer(rf"(?<!\d){old_year}(?=年)", text):
        yield _reference(text, model, pk, field, match, str(old_year + years))
    for match in SESSION.finditer(text):
        session = chinese_to_int(match["session"])
        if session is None:
            continue
        new = f"{match['term']}届{chinese_numeral(session + years)}次{match['rest']}"
        yield _reference(text, model, pk, field, match, new)


def _reference(text, model, pk, field, match, new) -> Reference:
    start, end = match.span()
    context = text[max(0, start - 12) : end + 12]
    return Reference(model, pk, field, start, match.group(0), new, context)


@transaction.atomic
def apply_references(plan: Plan, references: list[Reference]) -> int:
    """Write the accepted references into their fields, with history; returns the rows changed.

    Only rows of this plan are touched, only while it is a draft (ValidationError
    otherwise), and a reference whose old words are no longer where they were (the
    text changed meanwhile) is left alone.
    """
    lock_plan(plan)
    count = 0
    for name, model in MODELS.items():
        refs = [ref for ref in references if ref.model == name]
        if not refs:
            continue
        rows = _rows_of(plan, model).in_bulk({ref.pk for ref in refs})
        for ref in sorted(refs, key=lambda ref: -ref.start):  # from the end: offsets hold
            row = rows.get(ref.pk)
            text = getattr(row, ref.field, None) if row is not None else None
            if text is not None and text[ref.start : ref.start + len(ref.old)] == ref.old:
                setattr(
                    row, ref.field, text[: ref.start] + ref.new + text[ref.start + len(ref.old) :]
                )
        touched = [rows[pk] for pk in {ref.pk for ref in refs} if pk in rows]
        model.objects.bulk_update(touched, sorted({ref.field for ref in refs}))
        record_changed(model, touched, reason=REASON_NEW_YEAR)
        count += len(touched)
    return count


MODELS = {"plan": Plan, "section": Section, "activity": Activity}


def _rows_of(plan: Plan, model):
    if model is Plan:
        return Plan.objects.filter(pk=plan.pk)
    if model is Section:
        return Section.objects.filter(plan=plan)
    return Activity.objects.filter(section__plan=plan)
