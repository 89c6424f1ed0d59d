"""A long plan's PDF in two parts at once: the body here, the appendix in a second process.

WeasyPrint lays out on one core. A plan's landscape appendix table (附件) starts on a
page of its own, so it can be laid out apart from the body without changing a line
of either, on the machine's second core; pypdf then joins the two files. Only the
appendix's page numbers depend on the body (they go on from its last page), so the
appendix is printed without them and they are drawn over its pages afterwards from
a document of blank numbered sheets (templates/pdf/page_numbers.html).

The second process comes from a fork server that has set up Django and imported
WeasyPrint once (printing/child.py), so it starts warm and shares no threads
or connections with the web or worker process. If it cannot be started or dies,
the appendix is rendered here instead: slower, never wrong.

`printing.pdf.build_pdf` decides when to print apart (PDF_APPENDIX_APART_ROWS).
"""

import io
import logging
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache

import pypdf
from pypdf.generic import NameObject

logger = logging.getLogger(__name__)

# Errors of the second process itself, as opposed to errors of the work it runs.
PROCESS_ERRORS = (OSError, BrokenProcessPool, EOFError)


class SideTask:
    """`function(*args)` running in a second process; `result()` waits for it.

    Falls back to running it here when the process cannot start or dies.
    """

    def __init__(self, function, *args):
        self.function = function
        self.args = args
        self.future: Future | None = None
        self.processes = []
        try:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=_fork_server())
            try:
                self.future = pool.submit(function, *args)
            finally:
                # Kept for cancel(): the pool forgets them on shutdown, and only Python
                # 3.14 has a public way (kill_workers) to stop them.
                self.processes = list((pool._processes or {}).values())
                pool.shutdown(wait=False)  # the process ends once its one task is done
        except PROCESS_ERRORS as error:
            logger.warning("PDF: no second process (%s); rendering in this one", error)
            self.future = None
        except BaseException:
            self.cancel()  # interrupted while the process started (the worker's time limit)
            raise

    def result(self):
        if self.future is not None:
            try:
                return self.future.result()
            except PROCESS_ERRORS as error:
                logger.warning("PDF: the second process failed (%s); rendering here", error)
        return self.function(*self.args)

    def cancel(self) -> None:
        """Stop the second process if it is still at work: its result is no longer wanted.

        So a render given up (an error, the worker's time limit) leaves nothing running.
        """
        if self.future is not None:
            if self.future.done():
                return
            self.future.cancel()  # not yet begun: it never will
        for process in self.processes:
            process.kill()
            process.join(timeout=5)
        logger.info("PDF: stopped the second process; the render was given up")


@cache
def _fork_server():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["printing.child"])
    return context


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def number_sheets(first_page: int, pages: int) -> tuple[int, int, int]:
    """(first number, sheets, sheets to skip) of the numbers for `pages` pages from `first_page`.

    The numbers document starts on a right-hand page, as every document does; the
    appendix does so only when its first page number is odd. When it is even, the
    numbers start one lower, on a sheet that is then skipped, so that each number
    sits on the same side as in the whole document (odd right, even left).
    """
    skip = 0 if first_page % 2 else 1
    return first_page - skip, pages + skip, skip


def join(body: bytes, appendix: bytes, numbers: bytes, skip: int) -> bytes:
    """The body's pages, then the appendix's with the numbers drawn over them."""
    body_pages = pypdf.PdfReader(io.BytesIO(body))
    writer = pypdf.PdfWriter()
    writer.append(body_pages)  # unlike clone_from, gives an outline that can grow
    writer.add_metadata(body_pages.metadata)
    writer.root_object[NameObject("/Lang")] = body_pages.root_object["/Lang"]
    appendix_pages = pypdf.PdfReader(io.BytesIO(appendix))
    number_pages = pypdf.PdfReader(io.BytesIO(numbers)).pages[skip:]
    first_appendix_page = len(writer.pages)
    for page, number in zip(appendix_pages.pages, number_pages, strict=True):
        added = writer.add_page(page)
        added.merge_page(number)
        added.compress_content_streams()
    _add_bookmarks(writer, appendix_pages, first_appendix_page)
    # Both files embed subsets of the same faces: drop what became identical or unused.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_bookmarks(writer: pypdf.PdfWriter, appendix: pypdf.PdfReader, offset: int) -> None:
    """The appendix's headings in the PDF outline, under the plan's title as in the whole file."""
    title = writer.root_object["/Outlines"].raw_get("/First")
    for item in appendix.outline:
        if isinstance(item, list):  # headings under a heading: the appendix has none
            continue
        page = appendix.get_destination_page_number(item) + offset
        writer.add_outline_item(title=item.title, page_number=page, parent=title)
