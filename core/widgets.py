"""Form widgets."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A <select> that renders its options in Python instead of one template per option.

    Django renders every option through two templates; for the hundreds of
    committees and members a province office may filter by, that was three
    quarters of the activity list's time (bench/scale.py). Same markup, from the
    same `optgroups()` data, so it behaves like `forms.Select` everywhere;
    everything from the data is escaped here.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f"<select{_attributes({'name': widget['name'], **widget['attrs']})}>"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{escape(group_name)}">')
            parts.extend(_option(option) for option in options)
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value above is escaped


def _option(option: dict) -> str:
    value = option["value"] if option["value"] is not None else ""
    attrs = _attributes({"value": value, **option["attrs"]})
    return f"<option{attrs}>{escape(option['label'])}</option>"


def _attributes(attrs: dict) -> str:
    """Attributes in the order and form of Django's attrs.html: True bare, False left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )
