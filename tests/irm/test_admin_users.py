import pytest
from django.urls import reverse

from irm.models import User
from tests.factories import UserFactory


@pytest.fixture
def site_admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_it_lists_and_searches_users(site_admin_client):
    UserFactory(email="findme@example.test")

    response = site_admin_client.get(reverse("admin:irm_user_changelist"), {"q": "findme"})

    assert response.status_code == 200
    assert "findme@example.test" in response.content.decode()


def test_it_adds_a_user_and_refuses_a_case_variant_of_an_existing_email(site_admin_client):
    url = reverse("admin:irm_user_add")
    form = {"email": "New@Example.test", "name": "New", "password1": "a-Long-pass-123"}
    form["password2"] = form["password1"]

    assert site_admin_client.post(url, form).status_code == 302
    response = site_admin_client.post(url, {**form, "email": "new@example.TEST"})

    assert response.status_code == 200
    assert "already uses this email" in response.content.decode()
    assert User.objects.filter(email__iexact="new@example.test").count() == 1


def test_it_is_closed_to_people_who_are_not_staff(client, user):
    client.force_login(user)

    response = client.get(reverse("admin:irm_user_changelist"))

    assert response.status_code == 302
