"""The import form: where the plan goes, the source, and the user's corrections.

One form serves the three steps. The first post carries a file or pasted text;
the preview then carries the text back in a hidden field, with the corrections
(`overrides`, one `line: role` pair each), so the page holds no state on the
server and every post is checked again from the start.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from core.forms import reject_control_characters
from importing.head import YEAR_IN_TEXT
from importing.normalize import CONTROL
from importing.parsed import Override, ParsedPlan, ParseOptions
from importing.readers import MAX_FILE_BYTES, ImportFileError, SourceText, read_file
from organisation.models import Committee
from organisation.permissions import editable_committees
from plans.kinds import usual_title
from plans.models import YEAR_MAX, YEAR_MIN, Plan

# About 100 printed pages. The text goes back and forth with each preview; more
# than this is better imported in parts (or with the import_plan command).
MAX_TEXT_CHARS = 200_000
MAX_OVERRIDES = 5_000
MAX_DOCUMENTS = 1_000


class ImportForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    year = forms.IntegerField(
        label=_("Year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        required=False,
        help_text=_("Leave empty to take the year from the text."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=BLANK_CHOICE_DASH + Plan.Kind.choices,
        required=False,
        help_text=_("Leave empty to let the import decide from the text."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        validators=[reject_control_characters],
        help_text=_("Leave empty to take the title from the text."),
    )
    text = forms.CharField(
        label=_("Text of the plan"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Paste the plan here, copied from Word, WPS or a web page."),
        error_messages={
            "max_length": _(
                "The text is longer than %(limit_value)d characters; import it in parts."
            )
        },
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("A Word document (.docx) or a text file (.txt), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt,text/plain"}),
    )
    remove_junk = forms.BooleanField(
        label=_("Remove lines that web pages add (navigation, links, page numbers)"),
        required=False,
        initial=True,
    )
    convert_traditional = forms.BooleanField(
        label=_("Convert traditional characters to simplified"),
        required=False,
        initial=True,
    )
    # The preview's own controls: read leniently, as a bad value only means "no change".
    document = forms.CharField(required=False)
    overrides = forms.CharField(required=False, widget=forms.HiddenInput)
    line = forms.CharField(required=False)
    role = forms.CharField(required=False)
    action = forms.CharField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = editable_committees(user).filter(kind=Committee.Kind.COMMITTEE)
        self.fields["committee"].queryset = committees
        if not self.is_bound:
            # Most editors work for one committee: choose it for them.
            choices = list(committees[:2])
            if len(choices) == 1:
                self.initial["committee"] = choices[0].pk
        self.source: SourceText | None = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)d MB."),
                params={"limit": MAX_FILE_BYTES // 1024 // 1024},
                code="too_big",
            )
        return upload

    def clean_document(self) -> int:
        value = self.cleaned_data.get("document", "")
        return int(value) if value.isdecimal() and 0 < int(value) <= MAX_DOCUMENTS else 1

    def clean_line(self) -> int | None:
        value = self.cleaned_data.get("line", "")
        return int(value) if value.isdecimal() and int(value) > 0 else None

    def clean_role(self) -> str:
        value = self.cleaned_data.get("role", "")
        return value if value in Override.values else ""

    def clean_overrides(self) -> dict[int, str]:
        """`12:h2,15:junk` → {11: "h2", 14: "junk"}; anything malformed is ignored."""
        overrides = {}
        for pair in self.cleaned_data.get("overrides", "").split(",")[:MAX_OVERRIDES]:
            number, _sep, role = pair.partition(":")
            if number.strip().isdecimal() and role in Override.values and role != Override.AUTO:
                overrides[int(number) - 1] = role
        return overrides

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        if upload and text.strip():
            raise ValidationError(_("Paste text or upload a file, not both."), code="both")
        if upload:
            self.source = self._read_upload(upload)
        elif text.strip():
            self.source = SourceText(lines=text.splitlines(), format="text")
        elif not self.has_error("text") and not self.has_error("file"):
            raise ValidationError(
                _("Paste the text of a plan or upload a .docx or .txt file."), code="empty"
            )
        if self.source is not None:
            self._apply_line_change(data)
        return data

    def _read_upload(self, upload) -> SourceText | None:
        try:
            source = read_file(upload.name, upload.read(MAX_FILE_BYTES + 1))
        except ImportFileError as error:
            self.add_error("file", error.message)
            return None
        # From here on the text travels in the form; Word's style hints become corrections.
        lines = [CONTROL.sub(" ", line) for line in source.lines]
        text = "\n".join(lines)
        if len(text) > MAX_TEXT_CHARS:
            self.add_error(
                "file",
                _("The text is longer than %(limit_value)d characters; import it in parts.")
                % {"limit_value": MAX_TEXT_CHARS},
            )
            return None
        self.cleaned_data["text"] = text
        self.cleaned_data["overrides"] = {
            **source.hints,
            **self.cleaned_data.get("overrides", {}),
        }
        source.lines = lines
        return source

    def _apply_line_change(self, data: dict) -> None:
        """The line the user chose becomes what they said, when they pressed apply."""
        line, role = data.get("line"), data.get("role")
        if data.get("action") != "apply" or not line or not role or line > len(self.source.lines):
            return
        overrides = data.setdefault("overrides", {})
        if role == Override.AUTO:
            overrides.pop(line - 1, None)
        else:
            overrides[line - 1] = role

    # --- for the views ------------------------------------------------------------------

    @property
    def can_preview(self) -> bool:
        """Whether there is enough to show a preview, even with errors in other fields."""
        return self.source is not None and "committee" in self.cleaned_data

    def options(self) -> ParseOptions:
        data = self.cleaned_data
        return ParseOptions(
            kind=data.get("kind") or "",
            year=data.get("year"),
            remove_junk=data.get("remove_junk", False),
            convert_traditional=data.get("convert_traditional", False),
            overrides=data.get("overrides") or {},
            document=data.get("document") or 1,
        )

    def show_found(self, parsed: ParsedPlan) -> None:
        """What the text gave for the fields left empty, as their placeholders."""
        found = {"year": parsed.year, "title": parsed.title}
        for name, value in found.items():
            if value:
                self.fields[name].widget.attrs["placeholder"] = value

    def overrides_value(self) -> str:
        """The hidden field's value for the next post."""
        overrides = self.cleaned_data.get("overrides") or {}
        return ",".join(f"{index + 1}:{role}" for index, role in sorted(overrides.items()))

    def plan_fields(self, parsed: ParsedPlan) -> dict | None:
        """Committee, year, kind and title of the new plan, or None with errors added."""
        data = self.cleaned_data
        year = data.get("year") or parsed.year
        title = self.proposed_title(parsed)
        if year is None:
            self.add_error("year", _("Enter the year: none was found in the text."))
        if not title:
            self.add_error("title", _("Enter the title: none was found in the text."))
        if self.errors:
            return None
        return {
            "committee": data["committee"],
            "year": year,
            "kind": data.get("kind") or parsed.kind,
            "title": title,
        }

    def title_year(self, parsed: ParsedPlan) -> int | None:
        """The year the text's own title names (2026 in 市政协2026年工作要点), if one."""
        named = _title_years(parsed)
        return named.pop() if len(named) == 1 else None

    def proposed_title(self, parsed: ParsedPlan) -> str:
        """The title typed in; else the text's own, unless it names another year than the
        plan's; then the usual title of the committee, year and kind (plans.kinds).

        So last year's 市政协2026年工作要点 imported as the 2027 plan is not titled 2026.
        """
        data = getattr(self, "cleaned_data", {})
        typed = (data.get("title") or "").strip()
        year = data.get("year") or parsed.year
        named = _title_years(parsed)
        if typed or not named or named == {year}:
            return typed or parsed.title.strip()
        committee, kind = data.get("committee"), data.get("kind") or parsed.kind
        if committee is None or year is None or kind not in Plan.Kind.values:
            return parsed.title.strip()
        return usual_title(committee.name, year, kind)


def _title_years(parsed: ParsedPlan) -> set[int]:
    return {int(found) for found in YEAR_IN_TEXT.findall(parsed.title)}
