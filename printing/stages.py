"""How far a render has got, for whoever waits for the file (the export job's page).

The renderers call `report(stage, pages=None)` as they reach each stage; nothing
happens unless someone listens (`listening(callback)`), as exports.services.run_export
does around a render in the export worker. The listener lives in a ContextVar, so
the renderers need not know about jobs (jobs imports plans, never the reverse), and a
render in another thread, or with nobody listening, reports to no one.

While WeasyPrint lays pages out, `LayoutProgress` (a filter on its `weasyprint.progress`
logger, set up in config/settings.py, LOGGING) turns its "Page N" steps into reports of
the pages laid out so far, inside `counting_pages(stage)` only.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# The stages in the order a PDF goes through them (a Word file skips JOINING); the
# export job's stage field (exports.models.ExportStage) has the same values and their words.
PREPARING = "preparing"  # the template, the context, the styles
LAYOUT = "layout"  # lines and pages (the body; a long plan's appendix meanwhile apart)
APPENDIX = "appendix"  # the appendix table (waiting for the second process)
WRITING = "writing"  # the PDF or .docx bytes of what is laid out
JOINING = "joining"  # the body and the appendix into one PDF

# WeasyPrint's progress message for each page it lays out (weasyprint/layout/page.py).
WEASYPRINT_PAGE_STEP = "Step 5 - Creating layout - Page %d"

Listener = Callable[[str, int | None], None]

_listener: ContextVar[Listener | None] = ContextVar("render_listener", default=None)
_counting: ContextVar[str | None] = ContextVar("render_counting_pages", default=None)


def report(stage: str, pages: int | None = None) -> None:
    """Tell the listener, if any, that the render has reached `stage` (`pages` so far)."""
    listener = _listener.get()
    if listener is not None:
        listener(stage, pages)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send the reports of renders inside this block to `listener(stage, pages)`."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


@contextmanager
def counting_pages(stage: str) -> Iterator[None]:
    """Report `stage` with the number of each page WeasyPrint lays out inside this block."""
    token = _counting.set(stage)
    try:
        yield
    finally:
        _counting.reset(token)


class LayoutProgress(logging.Filter):
    """Reports WeasyPrint's "Page N" layout steps; drops its INFO steps, as before.

    On the `weasyprint.progress` logger, which has to let INFO through for the steps
    to be logged at all; nothing of it reaches the console log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        stage = _counting.get()
        if stage is not None and record.msg == WEASYPRINT_PAGE_STEP and record.args:
            report(stage, pages=record.args[0])
        return record.levelno > logging.INFO
