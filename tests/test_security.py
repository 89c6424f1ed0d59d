"""Logins and sessions: throttling, idle timeout, lifetime, deactivation, passwords.

The stories: someone guessing a password is stopped after a few tries and told
in Chinese when to come back; a session left alone ends; a busy session still
ends after a working day; a login switched off stops working at once; weak
passwords are refused.
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import Event
from organisation.middleware import LAST_SEEN, LOGIN_AT, TOUCH_INTERVAL
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[1]
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


def log_in(client, username, password=PASSWORD, ip="127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def user(db):
    return UserFactory(username="wang")


# --- settings ------------------------------------------------------------------------


def test_defaults_match_the_issue():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_LIFETIME == 12 * 3600
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.CLIENT_IP_HEADER == ""


def read_settings(**variables) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        " print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(),"
        " s.SESSION_COOKIE_AGE, s.SESSION_LIFETIME, s.CLIENT_IP_HEADER)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **variables},
        capture_output=True,
        text=True,
        check=False,
    )


def test_limits_come_from_the_environment():
    result = read_settings(
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="60",
        SESSION_IDLE_MINUTES="10",
        SESSION_LIFETIME_HOURS="8",
        CLIENT_IP_HEADER="X-Real-IP",
    )
    assert result.stdout.split() == ["3", "3600.0", "600", "28800", "X-Real-IP"], result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("LOGIN_FAILURE_LIMIT", "five", "LOGIN_FAILURE_LIMIT='five' is not a whole number"),
        ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT=0 must be at least 1"),
        ("LOGIN_COOLOFF_MINUTES", "-1", "LOGIN_COOLOFF_MINUTES=-1 must be at least 1"),
        ("SESSION_IDLE_MINUTES", "half an hour", "SESSION_IDLE_MINUTES"),
        ("SESSION_LIFETIME_HOURS", "0", "SESSION_LIFETIME_HOURS=0 must be at least 1"),
    ],
)
def test_bad_limits_stop_start_up_naming_the_variable(variable, value, message):
    result = read_settings(**{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


# --- throttling ----------------------------------------------------------------------


def test_the_right_password_logs_in(client, user):
    response = log_in(client, "wang")
    assert response.status_code == 302
    assert response.url == reverse("editor:list")
    assert is_logged_in(client)


def test_failures_below_the_limit_only_show_the_form_error(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "wang", "wrong")
        assert response.status_code == 200
        assert "请输入一个正确的用户名和密码。" in response.content.decode()
    assert log_in(client, "wang").status_code == 302


def test_too_many_failures_lock_the_login_with_a_chinese_message(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wang", "wrong")

    response = log_in(client, "wang", "wrong")

    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已锁定" in page
    assert "该账号在您的电脑上已连续登录失败 5 次，暂时锁定。" in page
    assert "请在 15 分钟后再试，或请管理员解锁。" in page
    # The right password does not help while locked.
    response = log_in(client, "wang")
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_limit_and_cool_off_follow_the_settings(client, user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=45)
    assert log_in(client, "wang", "wrong").status_code == 200
    response = log_in(client, "wang", "wrong")
    assert response.status_code == 429
    assert "请在 45 分钟后再试" in response.content.decode()
    assert "连续登录失败 2 次" in response.content.decode()


def lock_out(client, username="wang", ip="127.0.0.1"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, username, "wrong", ip=ip)


def age_attempts(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=minutes))


def test_the_lock_lifts_after_the_cool_off(client, user):
    lock_out(client)
    age_attempts(14)
    assert log_in(client, "wang").status_code == 429

    age_attempts(16)
    response = log_in(client, "wang")

    assert response.status_code == 302
    assert is_logged_in(client)
    # A successful login forgets the failures.
    assert not AccessAttempt.objects.exists()


def test_the_lock_is_for_one_name_on_one_address(client, user):
    UserFactory(username="li")
    lock_out(client, "wang", ip="10.0.0.1")

    # The same person from another computer, and a colleague on the locked one, log in.
    assert log_in(client, "wang", ip="10.0.0.2").status_code == 302
    client.logout()
    assert log_in(client, "li", ip="10.0.0.1").status_code == 302


def test_a_success_resets_the_count(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wang", "wrong")
    assert log_in(client, "wang").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wang", "wrong")
    assert log_in(client, "wang").status_code == 302


def test_a_forwarded_header_does_not_escape_the_lock(client, user):
    # Without CLIENT_IP_HEADER the client's own headers are not believed.
    lock_out(client)
    response = client.post(
        reverse("login"),
        {"username": "wang", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
        HTTP_X_REAL_IP="10.9.9.9",
    )
    assert response.status_code == 429


def test_the_admin_login_is_throttled_too(client, user):
    user.is_staff = True
    user.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "wang", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "wang", "password": PASSWORD})
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_test_clients_force_login_still_works(client, user):
    client.force_login(user)
    assert client.get(reverse("editor:list")).status_code == 200


# --- idle timeout and lifetime -------------------------------------------------------


def shift_clock(client, key, seconds):
    """Move a timestamp of the client's session into the past."""
    session = client.session
    session[key] -= seconds
    session.save()


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_login_starts_the_session_clock(logged_in):
    session = logged_in.session
    now = timezone.now().timestamp()
    assert now - 5 < session[LOGIN_AT] <= now
    assert session[LAST_SEEN] == session[LOGIN_AT]


def test_an_idle_session_ends(logged_in, user):
    shift_clock(logged_in, LAST_SEEN, settings.SESSION_IDLE_TIMEOUT + 1)

    response = logged_in.get(reverse("editor:list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not is_logged_in(logged_in)
    page = logged_in.get(response.url).content.decode()
    assert "您已长时间未操作，已自动退出，请重新登录。" in page
    event = Event.objects.get(kind=Event.Kind.TIMEOUT)
    assert (event.user, event.detail) == (user, "30 分钟无操作")


def test_activity_keeps_a_session_alive(logged_in):
    shift_clock(logged_in, LAST_SEEN, settings.SESSION_IDLE_TIMEOUT - 60)
    shift_clock(logged_in, LOGIN_AT, settings.SESSION_IDLE_TIMEOUT - 60)

    assert logged_in.get(reverse("editor:list")).status_code == 200

    session = logged_in.session
    assert timezone.now().timestamp() - session[LAST_SEEN] < 5
    # The store's expiry moved forward with it: a full idle period from now.
    expiry = Session.objects.get(session_key=session.session_key).expire_date
    remaining = (expiry - timezone.now()).total_seconds()
    assert settings.SESSION_IDLE_TIMEOUT - 5 < remaining <= settings.SESSION_IDLE_TIMEOUT


def test_a_recent_session_is_not_saved_again(logged_in):
    # Saving the session on every request would cost a write per page.
    shift_clock(logged_in, LAST_SEEN, TOUCH_INTERVAL - 10)
    before = logged_in.session[LAST_SEEN]
    expiry = Session.objects.get().expire_date

    assert logged_in.get(reverse("editor:list")).status_code == 200

    assert logged_in.session[LAST_SEEN] == before
    assert Session.objects.get().expire_date == expiry


def test_the_session_store_drops_an_expired_session_itself(logged_in):
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = logged_in.get(reverse("editor:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_busy_session_ends_after_its_lifetime(logged_in, user):
    shift_clock(logged_in, LOGIN_AT, settings.SESSION_LIFETIME + 1)

    response = logged_in.get(reverse("editor:list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not is_logged_in(logged_in)
    page = logged_in.get(response.url).content.decode()
    assert "您登录时间已久，已自动退出，请重新登录。" in page
    event = Event.objects.get(kind=Event.Kind.TIMEOUT)
    assert (event.user, event.detail) == (user, "登录已超过 12 小时")


def test_a_session_within_its_lifetime_goes_on(logged_in):
    shift_clock(logged_in, LOGIN_AT, settings.SESSION_LIFETIME - 60)
    assert logged_in.get(reverse("editor:list")).status_code == 200
    assert is_logged_in(logged_in)


def test_the_lifetime_follows_the_settings(logged_in, settings):
    settings.SESSION_LIFETIME = 3600
    shift_clock(logged_in, LOGIN_AT, 3601)
    assert logged_in.get(reverse("editor:list")).status_code == 302


def test_a_session_from_before_the_limits_gets_its_clock(logged_in):
    session = logged_in.session
    del session[LOGIN_AT], session[LAST_SEEN]
    session.save()

    assert logged_in.get(reverse("editor:list")).status_code == 200

    session = logged_in.session
    assert timezone.now().timestamp() - session[LOGIN_AT] < 5
    assert session[LAST_SEEN] == session[LOGIN_AT]


# --- deactivated users ---------------------------------------------------------------


def test_a_deactivated_user_loses_access_on_the_next_request(client, user):
    # Logged in through the form, so through the whole backend chain with axes first.
    assert log_in(client, "wang").status_code == 302
    assert client.get(reverse("editor:list")).status_code == 200

    user.is_active = False
    user.save()

    response = client.get(reverse("editor:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert client.get(reverse("calendars:list")).status_code == 302


def test_a_deactivated_user_cannot_log_in_again(client, user):
    user.is_active = False
    user.save()
    response = log_in(client, "wang")
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_a_deactivated_admin_loses_the_admin_too(client, user):
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("audit:list")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("audit:list")).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 302


# --- passwords -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "此密码太短，至少要包含 8 个字符。"),
        ("password", "这个密码太常见了。"),
        ("83920174", "密码只包含数字。"),
        ("wangxiaoming1", "密码跟 用户名 太相似了。"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, message):
    user = UserFactory(username="wangxiaoming")
    with translation.override("zh-hans"):
        form = SetPasswordForm(user, {"new_password1": password, "new_password2": password})
        assert not form.is_valid()
        assert message in form.errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_strong_password_is_accepted(user):
    form = SetPasswordForm(
        user, {"new_password1": "青山-river-2026", "new_password2": "青山-river-2026"}
    )
    assert form.is_valid(), form.errors
    form.save()
    user.refresh_from_db()
    assert user.check_password("青山-river-2026")
