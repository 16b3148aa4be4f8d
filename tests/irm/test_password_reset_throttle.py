"""Password reset requests are limited per account (3 an hour) and per client address (10 an
hour): past a limit the answer is the same as ever, and no mail goes out."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from irm.models import OutboxEmail
from tests.factories import UserFactory

# On the hour: every request of a test falls in one window.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOME = "203.0.113.30"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def request_reset(client, email, *, address=HOME):
    return client.post(reverse("irm:password-reset"), {"email": email}, REMOTE_ADDR=address)


def test_a_fourth_request_for_one_account_in_an_hour_sends_nothing(client, user, frozen):
    answers = [request_reset(client, "ada@example.test", address=f"192.0.2.{n}") for n in range(4)]

    assert [a.status_code for a in answers] == [302] * 4
    assert {a.url for a in answers} == {reverse("irm:password-reset-done")}
    assert OutboxEmail.objects.filter(to_address="ada@example.test").count() == 3


def test_the_account_counts_whatever_the_case_of_the_email(client, user, frozen):
    for typed in ("ada@example.test", "ADA@example.test", "Ada@Example.Test", "ada@EXAMPLE.TEST"):
        request_reset(client, typed)

    assert OutboxEmail.objects.count() == 3


def test_the_account_may_ask_again_the_next_hour(client, user, frozen):
    for _ in range(4):
        request_reset(client, "ada@example.test")
    frozen.shift(timedelta(hours=1))

    request_reset(client, "ada@example.test")

    assert OutboxEmail.objects.count() == 4


def test_an_address_asking_for_many_accounts_is_stopped_after_ten(client, db, frozen):
    people = [UserFactory(email=f"person{n}@example.test") for n in range(12)]

    answers = [request_reset(client, person.email) for person in people]

    assert {a.url for a in answers} == {reverse("irm:password-reset-done")}
    assert OutboxEmail.objects.count() == 10
    # Other addresses are not held back by it.
    request_reset(client, people[11].email, address="198.51.100.30")
    assert OutboxEmail.objects.filter(to_address=people[11].email).count() == 1


def test_unknown_addresses_count_against_the_client_too(client, user, frozen):
    for n in range(10):
        request_reset(client, f"nobody{n}@example.test")

    request_reset(client, "ada@example.test")

    assert not OutboxEmail.objects.exists()


def test_the_rates_come_from_settings(client, user, frozen, settings):
    settings.PASSWORD_RESET_RATE_PER_ACCOUNT = "1/hour"

    request_reset(client, "ada@example.test")
    request_reset(client, "ada@example.test")

    assert OutboxEmail.objects.count() == 1


def test_a_reset_still_goes_out_while_redis_is_unreachable(client, user, settings, caplog):
    # Nothing listens on port 1: a real refused connection, not a mock.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    answer = request_reset(client, "ada@example.test")

    assert answer.status_code == 302
    assert OutboxEmail.objects.filter(to_address="ada@example.test").count() == 1
    assert "not counted: Redis is unreachable" in caplog.text
