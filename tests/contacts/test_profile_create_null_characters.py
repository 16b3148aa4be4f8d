"""A null character typed (or pasted) into the create form is a field error, never a 500:
PostgreSQL compares no text holding one, and the duplicate check reads what is typed."""

import pytest
from django.test import Client
from django.urls import reverse

from contacts.models import Influencer
from tests.contacts.test_profile_create import form_data

HTMX = {"HX-Request": "true"}
CREATE = reverse("contacts:influencer-create", args=["acme"])
CHECK = reverse("contacts:influencer-check", args=["acme"])
NUL_VALUES = {"name": "Léa\x00 Fournier", "email": "lea\x00@example.test", "handle": "@lea\x00"}
MESSAGE = "Null characters are not allowed."


@pytest.fixture
def member_client(personas) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(personas.member)
    return client


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("field", sorted(NUL_VALUES))
def test_it_refuses_a_null_character_with_a_field_error(member_client, field, headers):
    response = member_client.post(CREATE, form_data(**{field: NUL_VALUES[field]}), headers=headers)

    assert response.status_code == 400
    assert MESSAGE in response.context["form"].errors[field]
    assert MESSAGE in response.content.decode()
    assert not Influencer.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_it_refuses_null_characters_in_every_field_at_once(member_client, headers):
    response = member_client.post(CREATE, form_data(**NUL_VALUES), headers=headers)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert all(MESSAGE in errors[field] for field in NUL_VALUES), errors


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_check_while_typing_says_so_next_to_the_field(member_client, headers):
    response = member_client.post(CHECK, form_data(**NUL_VALUES), headers=headers)

    assert response.status_code == 200
    # One message per field, each inside that field's error slot of the form.
    assert response.content.decode().count(MESSAGE) == len(NUL_VALUES)


def test_the_viewer_may_not_check_and_the_outsider_finds_nothing(personas):
    viewer, outsider = Client(), Client()
    viewer.force_login(personas.viewer)
    outsider.force_login(personas.outsider)

    assert viewer.post(CHECK, form_data(**NUL_VALUES)).status_code == 403
    assert outsider.post(CHECK, form_data(**NUL_VALUES)).status_code == 404
