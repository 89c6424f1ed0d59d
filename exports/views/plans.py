"""Downloads of a whole plan: PDF, Word, Excel and JSON."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from activities.selectors import plan_outline
from audit.services import record_export
from core.downloads import download
from exports.formats import FORMATS
from exports.services import BACKGROUND_FORMATS, earlier_pdf_job, start_export
from plans.permissions import get_plan_for
from printing.pdf import pdf_fingerprint


@login_required
@require_GET
def plan_export(request, pk, fmt):
    """The file at once, or for PDF and Word a background job's page (docs/deploy.md)."""
    plan = get_plan_for(request.user, pk)
    document = FORMATS.get(fmt)
    if document is None:
        raise Http404(_("No such format."))
    record_export(request, subject=f"《{plan.title}》 #{plan.pk}", fmt=fmt)
    if fmt in BACKGROUND_FORMATS:
        return _background_export(request, plan, fmt)
    content = document.render(plan, plan_outline(plan))
    return download(content, f"{plan.title}.{document.extension}", document.content_type)


def _background_export(request, plan, fmt: str):
    """An unchanged PDF at once, or the page of the job making it; otherwise a new job."""
    fingerprint = ""
    if fmt == "pdf":
        fingerprint = pdf_fingerprint(plan, plan_outline(plan))
        earlier = earlier_pdf_job(plan, fingerprint)
        if earlier is not None:
            done = earlier.status == earlier.Status.DONE
            return redirect("exports:download" if done else "exports:detail", earlier.pk)
    job = start_export(plan=plan, fmt=fmt, user=request.user, fingerprint=fingerprint)
    return redirect("exports:detail", job.pk)
