"""Helpers for the outreach API tests (tests/outreach/test_api_*.py), the webhook's and
`manage.py ingest_email`'s: a frozen clock inside working hours, URLs and clients."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from irm.services import api_token_create

# Wednesday 18 Nov 2026, 10:00 UTC: working hours for someone in UTC.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
BODY = "Hi Ana, your write-up of the Lavaredo ultra was wonderful; would you test our shoes?"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def api_url(name: str, slug: str = "acme", **kwargs) -> str:
    return reverse(f"api:outreach-api:{name}", kwargs={"slug": slug, **kwargs})


def object_url(name: str, target, slug: str = "acme") -> str:
    """An endpoint of one object (a reminder, an inbound message), by its public id."""
    return api_url(name, slug=slug, public_id=target.public_id)


def object_post(client, name: str, target, data=None):
    """POST JSON (nothing, for the actions without input) to an endpoint of one object."""
    return client.post(object_url(name, target), data or {}, format="json")


def client_for(user) -> APIClient:
    """A signed-in session; JSON in and out."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def token_client(personas, user) -> APIClient:
    """A client with the person's Bearer token of the workspace "acme"."""
    _, plain = api_token_create(membership=personas.membership(user), name="Script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return client
