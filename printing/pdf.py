"""The printed plan as a PDF, made with WeasyPrint from templates/pdf/plan.html.

`build_pdf` is the registered renderer (exports.formats.FORMATS["pdf"]); a long plan's
appendix is laid out in a second process at the same time (printing/parts.py).
`pdf_fingerprint` sums up what a PDF prints and the files its layout comes from: an
export job keeps it, so an unchanged plan's download reuses the last file made
(exports.services.earlier_pdf_job).

WeasyPrint reaches resources only through `StaticOnlyFetcher`, which serves the
app's own static files and refuses everything else (docs/printing.md).
"""

import gc
import hashlib
import logging
import mimetypes
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import engines
from django.template.loader import render_to_string
from django.templatetags.static import static
from weasyprint.urls import URLFetcher, URLFetcherResponse

from plans.models import Plan
from plans.outline import SectionNode
from plans.text import plan_as_text
from printing import parts, stages
from printing.context import print_context

logger = logging.getLogger(__name__)

# The document's base URL. The host name is reserved (RFC 2606) and never looked up:
# it only lets WeasyPrint resolve "/static/…" and "../fonts/…" to absolute URLs,
# which the fetcher then maps to files.
BASE_URL = "https://cppcc-print.invalid/"
ORIGIN = "https://cppcc-print.invalid"
# What a printed plan may load: stylesheets, fonts, images.
SERVED_SUFFIXES = {".css", ".otf", ".ttf", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".svg"}
CONTENT_TYPES = {".css": "text/css", ".otf": "font/otf", ".ttf": "font/ttf"}

TEMPLATE = "pdf/plan.html"
APPENDIX_TEMPLATE = "pdf/appendix.html"
NUMBERS_TEMPLATE = "pdf/page_numbers.html"
# Files whose change must change the fingerprint, so no old PDF is reused.
TEMPLATES = (
    TEMPLATE,
    "pdf/_stylesheets.html",
    "pdf/_section.html",
    "pdf/_appendix.html",
    APPENDIX_TEMPLATE,
    NUMBERS_TEMPLATE,
)
# Python's cyclic garbage collector, while WeasyPrint builds its hundreds of
# thousands of boxes, runs over and over on objects that all stay alive until
# the PDF is written; collecting after 20,000 new objects instead of 700 saves
# 10-25 % of a render and no memory to speak of (docs/performance.md).
RENDER_GC_THRESHOLD = 20_000
STATIC_FILES = ("css/print.css", "css/fonts.css", "css/justify.css")


class RefusedURL(ValueError):
    """A resource the printed plan may not load."""


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's own static files to WeasyPrint and nothing else.

    Accepted: URLs under BASE_URL's origin and STATIC_URL (what `{% static %}` and
    the stylesheets' relative URLs resolve to), naming a file that the staticfiles
    finders find inside one of the project's static directories. Refused, with a
    warning and no body: other schemes (file:, data:, ftp:), other hosts, other
    paths, `..` segments, encoded separators, and files outside those directories.
    Nothing goes over the network, so there is no redirect to follow.
    """

    def __init__(self):
        super().__init__(allow_redirects=False, fail_on_errors=False)
        self.seen: list[str] = []  # every URL asked for, for tests and logs

    def fetch(self, url, headers=None):
        self.seen.append(url)
        try:
            path = static_file_for(url)
        except RefusedURL as refusal:
            logger.warning("PDF: refused to load %.200s (%s)", url, refusal)
            raise
        suffix = path.suffix.lower()
        content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0]
        headers = {"Content-Type": content_type or "application/octet-stream"}
        return URLFetcherResponse(url, body=path.read_bytes(), headers=headers)


def static_file_for(url: str) -> Path:
    """The file inside the project's static directories that `url` names, or RefusedURL."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        raise RefusedURL("not one of the app's static files")
    prefix = static("")  # "/static/", with the script prefix
    if not parts.path.startswith(prefix):
        raise RefusedURL("outside STATIC_URL")
    raw = parts.path.removeprefix(prefix)
    name = unquote(raw)
    segments = name.split("/")
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or "%" in name  # double encoding
        or any(segment in {"", ".", ".."} for segment in segments)
    ):
        raise RefusedURL("not a plain relative path")
    if Path(name).suffix.lower() not in SERVED_SUFFIXES:
        raise RefusedURL("not a stylesheet, font or image")
    found = finders.find(name)
    if not found:
        raise RefusedURL("no such static file")
    path = Path(found).resolve()
    if not any(path.is_relative_to(root) for root in _static_roots()):
        raise RefusedURL("outside the project's static directories")
    return path


def _static_roots() -> list[Path]:
    return [Path(directory).resolve() for directory in settings.STATICFILES_DIRS]


def plan_html(plan: Plan, outline: list[SectionNode]) -> str:
    """The printed plan as the HTML that WeasyPrint lays out."""
    return render_to_string(TEMPLATE, print_context(plan, outline))


def build_pdf(plan: Plan, outline: list[SectionNode], *, fetcher=None) -> bytes:
    """Render the plan to PDF bytes, reporting its stages (stages.py)."""
    stages.report(stages.PREPARING)
    fetcher = fetcher or StaticOnlyFetcher()
    context = print_context(plan, outline)
    apart = settings.PDF_APPENDIX_APART_ROWS
    with fewer_collections():
        if apart and len(context["appendix"]) >= apart:
            return _build_appendix_apart(context, fetcher)
        return write_pdf(render_to_string(TEMPLATE, context), fetcher)


def _build_appendix_apart(context: dict, fetcher: StaticOnlyFetcher) -> bytes:
    """The body laid out here while a second process lays out the appendix, then joined."""
    appendix = parts.SideTask(write_apart, render_to_string(APPENDIX_TEMPLATE, context))
    try:
        body = write_pdf(render_to_string(TEMPLATE, {**context, "appendix": []}), fetcher)
        body_pages = parts.page_count(body)
        stages.report(stages.APPENDIX, pages=body_pages)
        appendix_pdf, appendix_fetched = appendix.result()
    except BaseException:
        # An error, or the worker's time limit (exports.services): nobody wants the appendix.
        appendix.cancel()
        raise
    fetcher.seen.extend(appendix_fetched)
    appendix_pages = parts.page_count(appendix_pdf)
    first_number, sheets, skip = parts.number_sheets(body_pages + 1, appendix_pages)
    stages.report(stages.JOINING, pages=body_pages + appendix_pages)
    numbers = write_pdf(
        render_to_string(NUMBERS_TEMPLATE, {"first_number": first_number, "sheets": range(sheets)}),
        fetcher,
        reports=False,
    )
    return parts.join(body, appendix_pdf, numbers, skip)


def write_apart(html: str) -> tuple[bytes, list[str]]:
    """`html` as PDF bytes and the URLs it asked for: the second process's work."""
    fetcher = StaticOnlyFetcher()
    with fewer_collections():
        return write_pdf(html, fetcher), fetcher.seen


def write_pdf(html: str, fetcher: StaticOnlyFetcher, *, reports: bool = True) -> bytes:
    """`html` laid out and written as PDF bytes.

    With `reports`, tells the listener (stages.py) each page laid out, then how many
    pages are being written: the layout is the long part, and its page count is known
    once `render()` is done, before `write_pdf()` paints and subsets the fonts.
    """
    source = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    if not reports:
        return source.write_pdf()
    with stages.counting_pages(stages.LAYOUT):
        document = source.render()
    stages.report(stages.WRITING, pages=len(document.pages))
    return document.write_pdf()


@contextmanager
def fewer_collections():
    """Run the garbage collector less often while a PDF is laid out (RENDER_GC_THRESHOLD)."""
    before = gc.get_threshold()
    gc.set_threshold(RENDER_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.collect()  # the render's garbage now, not some requests later


def pdf_fingerprint(plan: Plan, outline: list[SectionNode]) -> str:
    """A sha256 of everything the PDF shows, made from the loaded outline without rendering.

    The plan's text in printed order (plan_as_text), the plan fields it leaves out,
    the appendix rows (type, schedule and lead organizer are not in the text of every
    kind) and the version of the template, CSS and font files.
    """
    context = print_context(plan, outline)
    digest = hashlib.sha256()
    for part in (
        _files_version(),
        str(plan.pk),
        plan.kind,
        plan.status,
        context["draft_mark"],
        str(plan.issue_date or ""),
        plan_as_text(plan, outline),
    ):
        digest.update(part.encode())
        digest.update(b"\x1e")
    for row in context["appendix"]:
        fields = (row.type_name, row.category, row.topic, row.schedule, row.lead)
        digest.update("\x1f".join(fields).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def _files_version() -> str:
    """The size and modification time of every file the layout comes from.

    A few stat() calls per render; so an edited template or stylesheet is picked up
    without a restart, and the fonts by their size and time.
    """
    stats = [f"weasyprint {weasyprint.__version__}"]
    for path in _layout_files():
        stat = path.stat()
        stats.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(stats)


@cache
def _layout_files() -> tuple[Path, ...]:
    """Templates, stylesheets, fonts and the Python that shapes the printed text."""
    templates = [Path(engines["django"].get_template(name).origin.name) for name in TEMPLATES]
    statics = [Path(found) for name in STATIC_FILES if (found := finders.find(name))]
    fonts_dir = Path(finders.find("fonts/CPPCCSong-Bold.otf")).parent
    fonts = sorted(fonts_dir.glob("CPPCC*"))
    printing_dir = Path(__file__).resolve().parent
    code = sorted(printing_dir.glob("*.py")) + sorted(printing_dir.glob("templatetags/*.py"))
    return (*templates, *statics, *fonts, *code)
