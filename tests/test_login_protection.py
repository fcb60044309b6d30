"""Repeated failed admin logins lock the username out from that address (django-axes)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

PASSWORD = "correct horse battery staple"
LOGIN_URL = f"/{settings.ADMIN_PATH}login/?next=/{settings.ADMIN_PATH}"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="curator", password=PASSWORD, is_staff=True, is_superuser=True
    )


def attempt(client: Client, username: str, password: str, ip: str = "198.51.100.7"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail_until_locked(client: Client, username: str = "curator", ip: str = "198.51.100.7"):
    responses = [
        attempt(client, username, "wrong password", ip) for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    return responses


@pytest.mark.django_db
def test_login_protection_is_switched_on():
    assert settings.AXES_ENABLED
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert settings.AUTHENTICATION_BACKENDS[0].startswith("axes.backends.")


@pytest.mark.django_db
def test_failures_below_the_limit_show_the_normal_login_error(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "curator", "wrong password")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    # The right password still works before the limit is reached, and resets the count.
    response = attempt(client, "curator", PASSWORD)
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="curator").exists()


@pytest.mark.django_db
def test_the_limit_th_failure_locks_the_account_out_even_with_the_right_password(client, staff):
    responses = fail_until_locked(client)
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    assert b"locked" in responses[-1].content.lower()

    locked = attempt(Client(), "curator", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in locked.wsgi_request.session
    # Still refused on the protected admin pages: no session was created.
    assert Client().get(f"/{settings.ADMIN_PATH}").status_code == 302

    record = AccessAttempt.objects.get(username="curator")
    assert record.ip_address == "198.51.100.7"
    assert record.failures_since_start >= settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_lockout_is_per_username_and_address_so_an_attacker_cannot_lock_out_everyone(staff):
    fail_until_locked(Client(), ip="203.0.113.66")
    # The real editor, from their own address, still gets in.
    assert attempt(Client(), "curator", PASSWORD, ip="192.0.2.10").status_code == 302
    # The attacker's address is locked for that username.
    assert attempt(Client(), "curator", PASSWORD, ip="203.0.113.66").status_code == 429


@pytest.mark.django_db
def test_guessing_unknown_usernames_is_locked_out_too(client):
    responses = fail_until_locked(client, username="admin")
    assert responses[-1].status_code == 429


@pytest.mark.django_db
def test_an_administrator_can_lift_a_lockout(client, staff):
    from axes.utils import reset

    fail_until_locked(client)
    assert attempt(client, "curator", PASSWORD).status_code == 429
    reset(username="curator")
    assert attempt(Client(), "curator", PASSWORD).status_code == 302


# --- Behind a reverse proxy -------------------------------------------------------------------
# The proxy connects from its own address (REMOTE_ADDR) and appends the address it saw to
# X-Forwarded-For. Only that right-most entry is trusted: anything further left was written
# by the client.

PROXY = "10.0.0.2"


def attempt_via_proxy(client: Client, password: str, forwarded_for: str):
    return client.post(
        LOGIN_URL,
        {"username": "curator", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_behind_the_proxy_an_attacker_cannot_lock_the_editor_out(staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_via_proxy(Client(), "wrong password", "203.0.113.66")
    # The attacker's address is locked for that username…
    assert attempt_via_proxy(Client(), PASSWORD, "203.0.113.66").status_code == 429
    # …the editor, from their own address through the same proxy, still gets in.
    assert attempt_via_proxy(Client(), PASSWORD, "192.0.2.10").status_code == 302
    assert AccessAttempt.objects.get(username="curator").ip_address == "203.0.113.66"


@pytest.mark.django_db
def test_behind_the_proxy_a_forged_left_entry_does_not_escape_the_lockout(staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The client invents a new "original" address each time; the proxy appends the real one.
        attempt_via_proxy(Client(), "wrong password", f"198.51.100.{n}, 203.0.113.66")
    assert attempt_via_proxy(Client(), PASSWORD, "192.0.2.99, 203.0.113.66").status_code == 429


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(staff, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = client_post_with_header(f"192.0.2.{n}", remote="203.0.113.66")
    assert response.status_code == 429
    record = AccessAttempt.objects.get(username="curator")
    assert record.ip_address == "203.0.113.66"


def client_post_with_header(forwarded_for: str, remote: str):
    return Client().post(
        LOGIN_URL,
        {"username": "curator", "password": "wrong password"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_the_client_address_rules(rf, settings):
    from timeline.middleware.client_ip import client_ip

    def address(remote: str, forwarded: str | None = None) -> str:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_ip(rf.get("/", REMOTE_ADDR=remote, **extra))

    settings.TRUSTED_PROXY_COUNT = 0
    assert address("203.0.113.5", "192.0.2.1") == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 1
    assert address(PROXY, "192.0.2.1") == "192.0.2.1"
    assert address(PROXY, " 1.2.3.4 , 192.0.2.1 ") == "192.0.2.1"
    # A request that did not come through the proxy (no header): the peer itself.
    assert address("192.0.2.7") == "192.0.2.7"
    # Garbage in the header never becomes the address.
    assert address(PROXY, "not-an-address") == PROXY
    settings.TRUSTED_PROXY_COUNT = 2  # CDN in front of the proxy: the second from the right
    assert address(PROXY, "6.6.6.6, 192.0.2.1, 198.51.100.200") == "192.0.2.1"
    # Fewer entries than proxies: the request skipped a proxy; use the left-most we have.
    assert address(PROXY, "192.0.2.1") == "192.0.2.1"


def test_deploy_check_warns_behind_a_proxy_without_trusted_proxy_count(settings, db):
    # Model checks read the database on PostgreSQL: the test may use it.
    from django.core.checks import run_checks

    def warnings() -> list[str]:
        return [
            m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("timeline.")
        ]

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0
    assert "timeline.W001" in warnings()
    settings.TRUSTED_PROXY_COUNT = 1
    assert "timeline.W001" not in warnings()
