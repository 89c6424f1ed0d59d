"""Shared fixtures: the people who use the app, as personas."""

import pytest
from django.conf import settings
from django.utils import translation

from organisation.models import StaffRole
from tests.factories import CommitteeFactory, StaffRoleFactory, UserFactory

# The `shared_db` fixture for requests in parallel threads.
pytest_plugins = ["tests.parallel"]


@pytest.fixture
def committee(db):
    """Committee A, where the editor, leader and viewer work."""
    return CommitteeFactory(name="政协甲市委员会")


@pytest.fixture
def other_committee(db):
    """Committee B, where the outsider works."""
    return CommitteeFactory(name="政协乙市委员会")


@pytest.fixture
def editor(committee):
    return StaffRoleFactory(committee=committee, role=StaffRole.Role.EDITOR).user


@pytest.fixture
def leader(committee):
    return StaffRoleFactory(committee=committee, role=StaffRole.Role.LEADER).user


@pytest.fixture
def viewer(committee):
    return StaffRoleFactory(committee=committee, role=StaffRole.Role.VIEWER).user


@pytest.fixture
def outsider(other_committee):
    """An editor of committee B."""
    return StaffRoleFactory(committee=other_committee, role=StaffRole.Role.EDITOR).user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs about half a second a login; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path_factory):
    # Files saved through the storage API (exports, attachments) stay out of the project.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def default_language():
    # A request in English leaves English active in the thread (LocaleMiddleware);
    # text made outside a request in the next test must still come out in Chinese.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
