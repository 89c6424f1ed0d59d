"""LongSelect renders exactly what Django's Select renders, only faster."""

import re

import pytest
from django import forms

from core.widgets import LongSelect

CHOICES = [
    ("", "全部"),
    (1, "政协甲市委员会"),
    (2, '<script>alert("x")</script> & 委员'),
    ("分组", [(3, "农业和农村委员会"), (4, "调研室")]),
]


def normalized(html: str) -> str:
    # Django's templates put newlines and indentation between tags.
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", 1, "2", 4, "no-such-choice"])
def test_long_select_renders_like_django_select(value):
    attrs = {"id": "id_member", "class": "form-select"}
    expected = forms.Select(choices=CHOICES).render("member", value, attrs)
    rendered = LongSelect(choices=CHOICES).render("member", value, attrs)
    assert normalized(rendered) == normalized(expected)


def test_long_select_escapes_labels_and_marks_the_chosen_option():
    html = str(LongSelect(choices=CHOICES).render("member", 2, {}))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<option value="2" selected>' in html
