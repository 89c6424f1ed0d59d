"""Documents made from a plan: PDF, Word, Excel and JSON.

Each format's renderer is a function `render(plan, outline) -> bytes` that takes
the plan and its outline already fetched (`activities.selectors.plan_outline`) and
neither queries nor writes. The download view and the `export_plan` command
find them here by name, so adding a format is one line.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class DocumentFormat:
    renderer: str  # dotted path of `render(plan, outline) -> bytes`
    content_type: str
    extension: str

    def render(self, plan, outline) -> bytes:
        return import_string(self.renderer)(plan, outline)


FORMATS = {
    "pdf": DocumentFormat("printing.pdf.build_pdf", "application/pdf", "pdf"),
    "docx": DocumentFormat(
        "printing.docx.render_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": DocumentFormat(
        "printing.xlsx.render_xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "json": DocumentFormat("importing.json_writer.render_json", "application/json", "json"),
    "ics": DocumentFormat(
        "calendars.plan_ics.render_plan_ics", "text/calendar; charset=utf-8", "ics"
    ),
}
