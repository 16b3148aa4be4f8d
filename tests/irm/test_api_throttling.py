"""The API's request rates, counted in the shared cache (Redis)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from irm.api_policies import AnonThrottle, UserThrottle

# An address of its own (TEST-NET-3), so no other request in the suite shares its count.
CLIENT_ADDRESS = "203.0.113.77"


@pytest.fixture
def tiny_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "3/min"},
    }


def throttle_key(throttle_class, ident) -> str:
    return throttle_class.cache_format % {"scope": throttle_class.scope, "ident": ident}


def test_it_answers_429_once_a_person_passes_their_rate(client, personas, tiny_rates):
    # Only this person's count is cleared: the cache is shared with other tests and services.
    cache.delete(throttle_key(UserThrottle, personas.member.pk))
    client.force_login(personas.member)
    url = reverse("api:me", kwargs={"slug": "acme"})

    statuses = [client.get(url).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get(url)
    assert response.json()["detail"].startswith("Request was throttled.")
    assert 0 < int(response["Retry-After"]) <= 60


def test_it_counts_each_person_apart(client, personas, tiny_rates):
    for user in (personas.member, personas.viewer):
        cache.delete(throttle_key(UserThrottle, user.pk))
    url = reverse("api:me", kwargs={"slug": "acme"})
    client.force_login(personas.member)
    for _ in range(3):
        client.get(url)
    client.force_login(personas.viewer)

    response = client.get(url)

    assert response.status_code == 200


def test_it_answers_429_once_an_anonymous_client_passes_its_rate(client, db, tiny_rates):
    # Anonymous requests count against both rates (the "user" one by address too).
    cache.delete_many([throttle_key(t, CLIENT_ADDRESS) for t in (AnonThrottle, UserThrottle)])
    url = reverse("api:schema")

    statuses = [client.get(url, REMOTE_ADDR=CLIENT_ADDRESS).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_it_answers_unthrottled_while_redis_is_unreachable(client, personas, settings, caplog):
    # Nothing listens on port 1: a real refused connection, not a mock.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    client.force_login(personas.member)

    response = client.get(reverse("api:me", kwargs={"slug": "acme"}))

    assert response.status_code == 200
    assert "API throttle skipped: Redis is unreachable" in caplog.text
