"""core.redirects: only a path on this site is followed."""

import pytest
from django.test import RequestFactory

from core.redirects import is_local_path, safe_redirect


@pytest.fixture
def request_():
    return RequestFactory().get("/")


@pytest.mark.parametrize(
    "target", ["/plans/3/", "/plans/3/?page=2#activity-4", "/activities/?q=%E6%94%BF"]
)
def test_a_local_path_is_followed(request_, target):
    assert is_local_path(request_, target)
    assert safe_redirect(request_, target, "/fallback/").url == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "editor:list",  # a view name: never reversed
        "0000-00-00",
        "null",
        "1,2,3",
        "a\x00b",
        "/a\x00b",
        "/a\nb",
        "http://testserver/plans/",  # absolute URLs are not what a form posts back
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
    ],
)
def test_anything_else_goes_to_the_fallback(request_, target):
    assert not is_local_path(request_, target)
    response = safe_redirect(request_, target, "/fallback/")
    assert (response.status_code, response.url) == (302, "/fallback/")
