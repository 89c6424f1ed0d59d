"""Importing a plan from pasted text or an uploaded .docx / .txt (docs/import.md).

The start page takes the source; every later post carries the text back and
shows the preview again, with the user's corrections applied; saving creates
the draft plan and opens its editor. Nothing is stored until the save.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from importing import parse_text
from importing.forms import ImportForm
from importing.new_year import old_references
from importing.parsed import Override, ParsedPlan
from importing.preview import line_rows, outline_view
from importing.save import create_imported_plan, import_vocabulary
from organisation.permissions import committee_scope
from plans.models import Plan


def require_plan_editor(user) -> None:
    """Only those who may start a plan somewhere may import one."""
    scope = committee_scope(user)
    if not (scope.is_admin or scope.editable):
        raise PermissionDenied(_("Only editors can import a plan."))


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    require_plan_editor(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        form.is_valid()
    return answer(request, form)


@login_required
@require_POST
def plan_import_save(request):
    require_plan_editor(request.user)
    form = ImportForm(request.POST, user=request.user)
    if not form.is_valid():
        return answer(request, form)
    parsed = parse(form)
    fields = form.plan_fields(parsed)
    if fields is None:
        return answer(request, form, parsed)
    try:
        result = create_imported_plan(
            parsed=parsed, **fields, create_organizers=request.POST.getlist("create_organizers")
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return answer(request, form, parsed)
    messages.success(
        request,
        _("The plan was imported as a draft: %(sections)d parts, %(activities)d activities.")
        % {"sections": result.sections, "activities": result.activities},
    )
    # Last year's text imported as this year's plan: its old year goes to review first.
    old_year = form.title_year(parsed)
    if old_year and old_year < result.plan.year and old_references(result.plan, old_year=old_year):
        url = reverse("editor:new_year", args=[result.plan.pk])
        return redirect(f"{url}?{urlencode({'from': old_year})}")
    return redirect(result.plan)


def parse(form: ImportForm) -> ParsedPlan:
    vocabulary = import_vocabulary(form.cleaned_data["committee"])
    parsed = parse_text(form.source.lines, vocabulary=vocabulary, options=form.options())
    # For the preview: each type's content label (协商内容, 调研内容 …).
    parsed.content_labels = {item.name: item.content_label for item in vocabulary.types}
    return parsed


def answer(request, form: ImportForm, parsed: ParsedPlan | None = None):
    """The preview when there is a source to show, else the start page with its messages."""
    if request.method != "POST" or not form.can_preview:
        return render(request, "plans/import_start.html", {"form": form})
    parsed = parsed or parse(form)
    form.show_found(parsed)
    chosen = set(request.POST.getlist("create_organizers"))
    context = {
        "form": form,
        "parsed": parsed,
        "source_text": "\n".join(form.source.lines),
        "overrides": form.overrides_value(),
        "rows": line_rows(parsed),
        "outline": outline_view(parsed, parsed.content_labels),
        "roles": Override.choices,
        "kind_label": Plan.Kind(parsed.kind).label if parsed.kind in Plan.Kind.values else "",
        "title": form.proposed_title(parsed),
        "year": form.cleaned_data.get("year") or parsed.year,
        "unknown_organizers": [(name, name in chosen) for name in parsed.unknown_organizers],
        "activity_count": len(parsed.activities),
        "section_count": sum(1 for _ in parsed.walk_sections()),
    }
    return render(request, "plans/import_preview.html", context)
