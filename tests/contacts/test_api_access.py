"""Every contacts endpoint takes a Bearer token of its workspace as well as a session, and
answers 404 to a token of another workspace (tests/irm/test_access_matrix.py checks each
role with a session, through tests/contacts/routes_api.py)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from irm.models import Membership, Role
from irm.services import api_token_create
from tests.contacts import routes_api
from tests.contacts.api_client import client_for, token_client

pytestmark = pytest.mark.django_db

# What a viewer reads (what erasing someone would remove is for admins only).
READABLE = sorted(
    name
    for name, methods in routes_api.ROUTES.items()
    if "GET" in methods and methods["GET"]["viewer"] == 200
)


def url_for(name, personas, user) -> str:
    return reverse(name, kwargs=routes_api.url_kwargs(name, personas, user))


@pytest.mark.parametrize("name", READABLE)
def test_a_viewers_token_reads_every_endpoint(personas, name):
    response = token_client(personas, personas.viewer).get(url_for(name, personas, None))

    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("name", READABLE)
def test_a_token_of_another_workspace_answers_404_even_to_a_member_of_both(personas, name):
    # The admin of globex is made a member of acme too: their globex token still opens
    # nothing in acme.
    Membership.objects.create(workspace=personas.workspace, user=personas.outsider, role=Role.ADMIN)
    membership = Membership.objects.get(workspace=personas.other_workspace, user=personas.outsider)
    _, plain = api_token_create(membership=membership, name="Globex script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")

    response = client.get(url_for(name, personas, None))

    assert response.status_code == 404


@pytest.mark.parametrize("name", READABLE)
def test_a_session_reads_every_endpoint(personas, name):
    response = client_for(personas.viewer).get(url_for(name, personas, None))

    assert response.status_code == 200


def test_a_members_token_writes(personas):
    client = token_client(personas, personas.member)

    response = client.post(
        reverse("api:contacts-api:influencer-list", kwargs={"slug": "acme"}), {"name": "Léa"}
    )

    assert response.status_code == 201
    assert response.json()["owner"] == str(personas.member.public_id)


def test_a_viewers_token_may_not_write(personas):
    client = token_client(personas, personas.viewer)

    response = client.post(
        reverse("api:contacts-api:influencer-list", kwargs={"slug": "acme"}), {"name": "Léa"}
    )

    assert response.status_code == 403
