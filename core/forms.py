"""Form helpers shared by every app."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.glyphs import reject_unprintable

# Control characters other than tab and line breaks: invisible, they break print
# and search. NUL is already refused by Django's own validator.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def reject_control_characters(value: str) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("This text contains invisible control characters; remove them and try again."),
            code="control_characters",
        )


class CleanTextForm(forms.BaseForm):
    """Adds the control-character check to every text field of the form, and to the
    fields named in `printed_fields` the check that each character can be printed."""

    # Fields whose text the printed plan or summary shows (templates/pdf/,
    # templates/progress/summary_print.html): a character that no shipped font has
    # would print as a box, so it is refused (core.glyphs).
    printed_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(reject_control_characters)
        for name in self.printed_fields:
            self.fields[name].validators.append(reject_unprintable)
