"""Sign-in lockout (django-axes, settings AXES_*): after SIGN_IN_FAILURE_LIMIT failures for one
account or from one address, sign-in is refused for the cool-off, with a page that says so."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from irm.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def sign_in(client, email, password=TEST_PASSWORD, *, address=HOME, **extra):
    return client.post(
        reverse("irm:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=BROWSER,
        **extra,
    )


def fail(client, email, times, *, address=HOME):
    return [
        sign_in(client, email, "wrong-guess", address=address).status_code for _ in range(times)
    ]


def test_the_right_password_is_refused_after_five_wrong_ones(client, user, frozen):
    statuses = fail(client, "ada@example.test", 5)

    response = sign_in(client, "ada@example.test")

    # The fifth failure already answers with the lockout.
    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins. Try again in 15 minutes." in page
    assert 'role="alert"' in page
    # Still the sign-in page, in the layout, with the email kept.
    assert "<h1>Sign in</h1>" in page
    assert 'value="ada@example.test"' in page
    assert response["Retry-After"] == "900"
    assert not response.wsgi_request.user.is_authenticated


def test_four_wrong_passwords_still_let_the_right_one_in(client, user, frozen):
    fail(client, "ada@example.test", 4)

    response = sign_in(client, "ada@example.test")

    assert response.status_code == 302
    assert response.wsgi_request.user == user


def test_the_lockout_ends_after_the_cool_off(client, user, frozen):
    fail(client, "ada@example.test", 5)

    frozen.shift(timedelta(minutes=14))
    assert sign_in(client, "ada@example.test").status_code == 429
    # That attempt started the cool-off again.
    frozen.shift(timedelta(minutes=14))
    assert sign_in(client, "ada@example.test").status_code == 429
    frozen.shift(timedelta(minutes=15, seconds=1))

    response = sign_in(client, "ada@example.test")

    assert response.status_code == 302


def test_an_account_is_locked_from_every_address(client, user, frozen):
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"):
        fail(client, "ada@example.test", 1, address=address)

    response = sign_in(client, "ada@example.test", address=ELSEWHERE)

    assert response.status_code == 429


def test_the_email_counts_whatever_its_case(client, user, frozen):
    for typed in ("ADA@example.test", "ada@EXAMPLE.test", " ada@example.test", "Ada@Example.Test"):
        fail(client, typed, 1, address=f"192.0.2.{len(typed)}")
    fail(client, "ada@example.test", 1, address="192.0.2.99")

    assert sign_in(client, "ada@example.test", address=ELSEWHERE).status_code == 429


def test_an_address_trying_many_accounts_is_locked_for_all_of_them(client, db, frozen):
    people = [UserFactory(email=f"person{n}@example.test") for n in range(6)]
    for person in people[:5]:
        fail(client, person.email, 1)

    from_there = sign_in(client, people[5].email)
    from_elsewhere = sign_in(client, people[5].email, address=ELSEWHERE)

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302


def test_the_proxys_forwarded_address_is_the_one_counted(client, user, frozen, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(5):
        sign_in(
            client,
            f"nobody{n}@example.test",
            "wrong-guess",
            address="10.0.0.1",
            HTTP_X_FORWARDED_FOR=HOME,
        )

    # Another client behind the same proxy is not locked; the one that failed is.
    other = sign_in(client, "ada@example.test", address="10.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE)
    client.post(reverse("irm:logout"))
    same = sign_in(client, "ada@example.test", address="10.0.0.1", HTTP_X_FORWARDED_FOR=HOME)

    assert other.status_code == 302
    assert same.status_code == 429


def test_every_failure_is_audited_with_the_address_and_user_agent(client, user, frozen):
    fail(client, "ada@example.test", 5)
    fail(client, "nobody@example.test", 1, address=ELSEWHERE)

    events = list(AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).order_by("pk"))

    assert len(events) == 6
    assert {event.actor for event in events[:5]} == {user}
    assert [event.data.get("locked_out", False) for event in events[:5]] == [False] * 4 + [True]
    assert events[0].data == {"address": HOME, "user_agent": BROWSER}
    # An email without an account is not stored, but where the attempt came from is.
    assert events[5].actor is None
    assert events[5].data == {"address": ELSEWHERE, "user_agent": BROWSER}
    assert "nobody@example.test" not in str(events[5].data)


def test_a_sign_in_is_audited_with_the_address_and_user_agent(client, user, frozen):
    sign_in(client, "ada@example.test")

    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert event.actor == user
    assert event.data == {"address": HOME, "user_agent": BROWSER}


def test_a_very_long_user_agent_is_cut(client, user, frozen):
    client.post(
        reverse("irm:login"),
        {"username": "ada@example.test", "password": "wrong-guess"},
        REMOTE_ADDR=HOME,
        HTTP_USER_AGENT="x" * 5000,
    )

    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert event.data["user_agent"] == "x" * 255


def test_the_admin_sign_in_is_locked_too(client, user, frozen):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    fail(client, "ada@example.test", 5)

    response = client.post(
        reverse("admin:login"),
        {"username": "ada@example.test", "password": TEST_PASSWORD},
        REMOTE_ADDR=ELSEWHERE,
    )

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_the_limit_and_cool_off_come_from_settings(client, user, frozen, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)

    assert fail(client, "ada@example.test", 2) == [200, 429]
    response = sign_in(client, "ada@example.test")
    assert "Try again in 1 minute." in response.content.decode()
    frozen.shift(timedelta(seconds=61))
    assert sign_in(client, "ada@example.test").status_code == 302


def test_a_site_admin_lifts_an_accounts_lockout(client, user, frozen):
    for n in range(5):
        fail(client, "ada@example.test", 1, address=f"192.0.2.{n}")
    assert sign_in(client, "ada@example.test").status_code == 429

    call_command("axes_reset_username", "ada@example.test", stdout=io.StringIO())

    assert sign_in(client, "ada@example.test").status_code == 302


def test_a_site_admin_lifts_an_addresss_lockout(client, user, frozen):
    for n in range(5):
        fail(client, f"nobody{n}@example.test", 1)
    assert sign_in(client, "ada@example.test").status_code == 429

    call_command("axes_reset_ip", HOME, stdout=io.StringIO())

    assert sign_in(client, "ada@example.test").status_code == 302
