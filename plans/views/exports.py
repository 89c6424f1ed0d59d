"""Downloads of a whole plan: PDF, Word, Excel and JSON."""

import re
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.services import record_export
from jobs.services import BACKGROUND_FORMATS, earlier_pdf_job, start_export
from plans.documents import FORMATS
from plans.documents.pdf import pdf_fingerprint
from plans.permissions import get_plan_for
from plans.selectors import plan_outline

# Characters that Windows, macOS or a browser would refuse or mangle in a file name.
UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]+')
FILENAME_MAX_LENGTH = 100


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
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = attachment(
        f"{plan.title}.{document.extension}", fallback=f"plan-{plan.pk}.{document.extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _background_export(request, plan, fmt: str):
    """An unchanged PDF at once, or the page of the job making it; otherwise a new job."""
    fingerprint = ""
    if fmt == "pdf":
        fingerprint = pdf_fingerprint(plan, plan_outline(plan))
        earlier = earlier_pdf_job(plan, fingerprint)
        if earlier is not None:
            done = earlier.status == earlier.Status.DONE
            return redirect("jobs:download" if done else "jobs:detail", earlier.pk)
    job = start_export(plan=plan, fmt=fmt, user=request.user, fingerprint=fingerprint)
    return redirect("jobs:detail", job.pk)


def attachment(filename: str, *, fallback: str) -> str:
    """A Content-Disposition for a download named `filename` (RFC 6266 and 5987).

    Browsers use `filename*` (UTF-8, so Chinese names survive); the ASCII
    `filename` is for the few clients that do not read it.
    """
    stem, dot, extension = filename.rpartition(".")
    stem = UNSAFE_IN_FILENAME.sub("_", stem).strip(" .")[:FILENAME_MAX_LENGTH] or "plan"
    encoded = quote(f"{stem}{dot}{extension}", safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
