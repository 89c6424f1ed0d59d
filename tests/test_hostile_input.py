"""Hostile input to every page and form of the app: never a server error, and a refusal
changes nothing (docs/security.md, "The hostile-input sweep").

For every URL name of the app (the permission matrix's list, so a new URL is swept
as soon as it is added there) the sweep finds the forms that post to it on the pages
that carry them, then sends generated values for their fields: empty, huge, NUL and
control characters, invalid UTF-8, integers past 64 bits, negative and float ids,
several values for one field, duplicated and unknown keys, template syntax and HTML,
as a form post, a raw body or a multipart upload, and in the query string of a GET.
For each request: the status is below 500 (a view's exception fails the test with its
traceback), and when the answer is a refusal (4xx, a form with errors, an error
message) no table has changed. Every example runs in a savepoint that is rolled back,
so one example's success (a delete) does not starve the next.

The budget is fixed: SWEEP_EXAMPLES examples per URL and method (derandomised, so CI
runs the same examples every time); `SWEEP_EXAMPLES=500 SWEEP_RANDOM=1 make test
PYTEST_ARGS=tests/test_hostile_input.py` explores further.
"""

import hashlib
import os
import pkgutil
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path
from urllib.parse import quote, urlsplit

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import ContextList
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permissions import MATRIX
from tests.world import build_world, url_for

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SWEEP_EXAMPLES", "12"))
RANDOM = os.environ.get("SWEEP_RANDOM") == "1"

# Who sends the requests: the committee's editor reaches every form of the app but
# the administrators' own; those go as the administrator.
ADMIN_ONLY = {"audit:list", "trash:purge"}
# Pages outside the app's namespaces that take input.
SITE_URLS = {"login": "anonymous", "set_language": "editor", "logout": "editor"}

# Tables a refusal may write to by design: the audit log records refused requests,
# django-axes counts failed logins, and sessions are touched by every request.
UNWATCHED_APPS = {"audit", "axes", "sessions", "admin"}

# A valid first step whose answer shows the forms of the next one (the import preview).
SEED_TEXT = "政协甲市委员会2026年工作要点\n一、加强理论学习\n1.深入学习。组织委员开展学习。\n"


def seed_posts(world) -> dict[str, dict]:
    return {"importing:import": {"text": SEED_TEXT, "committee": str(world["committee"].pk)}}


NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x08\x1b[2J\x7f",
    "\r\n\r\n",
    "\u202e\ufeff\u200b",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999",
    "-1",
    "0",
    "1.5",
    "-0.0",
    "1e309",
    "NaN",
    "inf",
    "null",
    "true",
    "[]",
    "{}",
    "0000-00-00",
    "2026-02-30",
    "9999-12-31",
    "-2026-01-01",
    "25:61",
    "1,2,3",
    "{{ request.user.password }}",
    "{% debug %}",
    "{{7|add:1}}",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "%00",
    "javascript:alert(1)",
    "//evil.example/",
    "🎉",
    "𠀀𪚥",
    "政" * 3000,
    "x" * 70_000,
]
hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


# --- finding the forms ---------------------------------------------------------------------


class FormFinder(HTMLParser):
    """The forms of a page: each one's method, action and fields with the values shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or attrs.get("hx-post") or "",
                "fields": {},
                "files": set(),
            }
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        if tag == "option" and self._select and attrs.get("value") is not None:
            form["fields"][self._select].add(attrs["value"])
            return
        name = attrs.get("name")
        if not name:
            return
        values = form["fields"].setdefault(name, set())
        if tag == "input" and (attrs.get("type") or "").lower() == "file":
            form["files"].add(name)
        elif tag in {"input", "button"} and attrs.get("value") is not None:
            values.add(attrs["value"])
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea].add(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_on(content: str, page_url: str) -> list[dict]:
    finder = FormFinder()
    finder.feed(content)
    for form in finder.forms:
        form["action"] = urlsplit(form["action"]).path or page_url
    return finder.forms


def url_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class Target:
    """One URL and what its forms post to it, found on the pages that carry them."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url
        self.fields: dict[str, set[str]] = {}
        self.files: set[str] = set()

    def learn(self, form: dict) -> None:
        for field, values in form["fields"].items():
            self.fields.setdefault(field, set()).update(values)
        self.files |= form["files"]


def page_urls(world) -> dict[str, str]:
    urls = {name: url_for(name, target, world) for name, (target, _, _) in MATRIX.items()}
    return {**urls, **{name: reverse(name) for name in SITE_URLS}}


# Pages that answer with a file or start one: they carry no form, and rendering them
# in the crawl would only cost time.
FILES = {"exports:plan", "exports:summary", "calendars:feed", "exports:download"}
FILES |= {"calendars:list_xlsx", "progress:members_xlsx", "progress:attachment"}

# How each page is fetched in the crawl: plainly, through htmx (fragments), or posted.
Fetch = tuple[str, str]  # (url name, "get" | "htmx" | "seed")
_hosts: dict[str, set[Fetch]] = {}


def fetch(client, world, urls: dict[str, str], how: Fetch):
    name, kind = how
    if kind == "seed":
        return client.post(urls[name], seed_posts(world)[name])
    headers = {"HX-Request": "true"} if kind == "htmx" else {}
    return client.get(urls[name], headers=headers)


def found_forms(client, world, urls, how: Fetch) -> list[dict]:
    response = fetch(client, world, urls, how)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    return forms_on(response.content.decode(), urls[how[0]])


def hosts(client, world) -> dict[str, set[Fetch]]:
    """For each URL name, the pages whose forms post to it: crawled once for the module."""
    if not _hosts:
        urls = page_urls(world)
        crawl = [(name, kind) for name in urls if name not in FILES for kind in ("get", "htmx")]
        crawl += [(name, "seed") for name in seed_posts(world)]
        with transaction.atomic():
            for how in crawl:
                for form in found_forms(client, world, urls, how):
                    name = url_name(form["action"])
                    if name in urls and urlsplit(urls[name]).path == form["action"]:
                        _hosts.setdefault(name, set()).add(how)
            transaction.set_rollback(True)
    return _hosts


def discover(client, world, name: str) -> Target:
    """The URL `name` of this world, with the fields of every form that posts to it."""
    urls = page_urls(world)
    target = Target(name, urls[name])
    for how in sorted(hosts(client, world).get(name, ())):
        for form in found_forms(client, world, urls, how):
            if form["action"] == urlsplit(target.url).path:
                target.learn(form)
    return target


# --- the database before and after ----------------------------------------------------------


def watched_models() -> list:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in UNWATCHED_APPS and not model._meta.proxy
    ]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for model in watched_models():
        rows = model._base_manager.order_by("pk").values_list()
        digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


def is_refusal(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    if any(message.level >= ERROR for message in get_messages(response.wsgi_request)):
        return True
    return any(
        isinstance(value, forms.BaseForm | forms.BaseFormSet)
        and value.is_bound
        and not value.is_valid()
        for value in context_values(response)
    )


def context_values(response) -> list:
    """Every value the response's templates were given (none for a file or a redirect)."""
    contexts = response.context
    if contexts is None:
        return []
    if not isinstance(contexts, ContextList):
        contexts = [contexts]
    values = []
    for context in contexts:
        for layer in getattr(context, "dicts", [context]):
            values.extend(layer.values())
    return values


# --- sending -----------------------------------------------------------------------------------


@st.composite
def payloads(draw, target: Target) -> tuple[str, object]:
    """(how to send, what): a form post, a raw body with broken UTF-8, or a multipart upload."""
    data: dict[str, list] = {}
    for field, seen in sorted(target.fields.items()):
        choice = draw(st.sampled_from(["omit", "seen", "hostile", "hostile", "many"]))
        if choice == "omit":
            continue
        if choice == "seen" and seen:
            data[field] = [draw(st.sampled_from(sorted(seen)))]
        elif choice == "many":
            data[field] = draw(st.lists(hostile_text, min_size=2, max_size=3))
        else:
            data[field] = [draw(hostile_text)]
    if draw(st.booleans()):
        data[draw(st.sampled_from(["pk", "id", "next", "page", "move", "x" * 300]))] = [
            draw(hostile_text)
        ]
    mode = draw(st.sampled_from(["form", "form", "raw", "multipart"]))
    if mode == "raw":
        return "raw", raw_body(data, draw(st.binary(min_size=1, max_size=20)))
    if mode == "multipart" or target.files:
        for field in target.files or {"file"}:
            name = draw(st.sampled_from(["a.docx", "../../a.pdf", "a\x00.txt", "", "政.xlsx"]))
            content = draw(st.sampled_from([b"", b"PK\x03\x04junk", b"%PDF-1.4\n", b"\xff" * 99]))
            data[field] = [SimpleUploadedFile(name or "x", content)]
        return "multipart", data
    return "form", data


def raw_body(data: dict[str, list], junk: bytes) -> bytes:
    """The fields urlencoded, each value followed by bytes that are not UTF-8."""
    pairs = [
        quote(name).encode() + b"=" + quote(str(value)).encode() + b"%FF%FE" + junk
        for name, values in data.items()
        for value in values
    ]
    return b"&".join(pairs) or b"%FF=%FE"


def send(client, method: str, url: str, how: str, payload):
    if method == "get":
        if how == "raw":
            return client.get(f"{url}?{payload.decode('latin-1')}")
        fields = {key: [str(value) for value in values] for key, values in payload.items()}
        return client.get(url, fields)
    if how == "raw":
        return client.post(url, payload, content_type="application/x-www-form-urlencoded")
    return client.post(url, payload)


def sweep_settings():
    return settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture
def world(committee, editor):
    return build_world(committee, editor)


@pytest.fixture
def people(editor, admin_user):
    return {"editor": editor, "admin": admin_user, "anonymous": None}


def persona_for(name: str) -> str:
    return "admin" if name in ADMIN_ONLY else SITE_URLS.get(name, "editor")


SWEPT = sorted([*MATRIX, *SITE_URLS])


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", SWEPT)
def test_hostile_input_never_fails_and_a_refusal_changes_nothing(
    client, world, people, name, method
):
    user = people[persona_for(name)]
    if user is not None:
        client.force_login(user)
    target = discover(client, world, name)

    @sweep_settings()
    @given(payloads(target))
    def sweep(payload):
        how, content = payload
        if user is not None:
            client.force_login(user)  # after a logout in the last example
        client.cookies.pop("messages", None)  # the last example's, never shown
        with transaction.atomic():
            before = fingerprint()
            response = send(client, method, target.url, how, content)
            assert response.status_code < 500, (how, content)
            if is_refusal(response):
                assert fingerprint() == before, (response.status_code, how, content)
            transaction.set_rollback(True)

    sweep()


# --- every id in a path -----------------------------------------------------------------------


@pytest.mark.parametrize("key", [0, 2**63, 2**64, 10**30])
@pytest.mark.parametrize("name", sorted(name for name, (target, _, _) in MATRIX.items() if target))
def test_a_path_id_past_any_row_is_not_found(client, world, people, name, key):
    client.force_login(people[persona_for(name)])
    real = url_for(name, MATRIX[name][0], world)
    resolved = resolve(real)
    kwargs = {**resolved.kwargs}
    first = next(iter(kwargs))
    if not isinstance(kwargs[first], int):
        pytest.skip("keyed by a token or a UUID, not an integer")
    kwargs[first] = key
    url = reverse(name, kwargs=kwargs)
    answers = {client.get(url).status_code, client.post(url).status_code}
    assert answers in ({404}, {404, 405})  # 405: the method the view does not take


# --- no form escapes the sweep ----------------------------------------------------------------

# Every app whose code lives in this repository (the virtualenv's may live below it too).
PROJECT_APPS = [
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).parent == Path(__file__).resolve().parent.parent
]


def project_form_classes() -> set[str]:
    found = set()
    for package in PROJECT_APPS:
        module = import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            # The admin's own pages are not in the matrix; its one form of ours, the
            # holiday notice, has its bad-input tests in tests/plans/test_holidays.py.
            if any(part in info.name for part in (".migrations", ".management", ".admin")):
                continue
            for value in vars(import_module(info.name)).values():
                if (
                    isinstance(value, type)
                    and issubclass(
                        value, forms.BaseForm | forms.BaseFormSet | django_filters.FilterSet
                    )
                    and value.__module__ == info.name
                ):
                    found.add(f"{value.__module__}.{value.__qualname__}")
    return found


@pytest.fixture
def bound_forms(monkeypatch):
    """The classes of the forms, formsets and filter sets that validated posted data."""
    seen: set[str] = set()

    def recording(original):
        def full_clean(self, *args, **kwargs):
            if self.is_bound:  # also the bases: formset_factory makes a class of its own
                seen.update(f"{k.__module__}.{k.__qualname__}" for k in type(self).__mro__)
            return original(self, *args, **kwargs)

        return full_clean

    monkeypatch.setattr(forms.BaseForm, "full_clean", recording(forms.BaseForm.full_clean))
    monkeypatch.setattr(forms.BaseFormSet, "full_clean", recording(forms.BaseFormSet.full_clean))
    original_init = django_filters.FilterSet.__init__

    def filter_init(self, data=None, *args, **kwargs):
        if data is not None:
            seen.update(f"{k.__module__}.{k.__qualname__}" for k in type(self).__mro__)
        original_init(self, data, *args, **kwargs)

    monkeypatch.setattr(django_filters.FilterSet, "__init__", filter_init)
    return seen


def test_every_form_of_the_project_is_reached_by_the_sweep(client, world, people, bound_forms):
    """Posting one value to every field the sweep finds binds every form class there is.

    A new form that no page carries to a URL of the matrix fails here: add its URL
    to the permission matrix (or its first step to `seed_posts`).
    """
    for name in SWEPT:
        user = people[persona_for(name)]
        if user is not None:
            client.force_login(user)
        target = discover(client, world, name)
        data = {field: sorted(seen)[:1] or ["1"] for field, seen in target.fields.items()}
        with transaction.atomic():
            client.get(target.url, data)
            client.post(target.url, data)
            transaction.set_rollback(True)
    assert project_form_classes() - bound_forms == set()
