"""Browser journeys: Playwright driving Debian's Chromium against a live server."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
# Not under test-results/: pytest-playwright empties that folder at every start.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    # Playwright's sync API runs an event loop in the test thread, which Django
    # takes for async code; the tests only read and prepare data there. Session
    # scope, because pytest-django flushes the database after function fixtures end.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)"
        # CI sets REQUIRE_BROWSER so a missing browser fails there instead of skipping.
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo(transactional_db):
    # The live server needs committed data, so these tests run in transactional
    # mode; load_demo puts back the activity types their flush empties.
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def csp_violations(page):
    """What the browser refused under the Content Security Policy."""
    refused = []

    def note(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", note)
    return refused


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path
