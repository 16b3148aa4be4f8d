"""Who the API lets in: Bearer tokens (valid in one workspace) and signed-in sessions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from irm.api_policies import ApiTokenAuthentication
from irm.models import Membership, Role
from irm.services import api_token_create, api_token_revoke


def me_url(slug: str = "acme") -> str:
    return reverse("api:me", kwargs={"slug": slug})


def bearer(plain: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def member_token(personas):
    return api_token_create(membership=personas.membership(personas.member), name="Script")


def test_it_lets_a_token_of_the_workspace_in(client, personas, member_token):
    _, plain = member_token

    response = client.get(me_url(), headers=bearer(plain))

    assert response.status_code == 200
    assert response.json()["user"]["email"] == "member@acme.test"
    assert response.json()["role"] == "member"


def test_it_sets_request_auth_to_the_token(personas, member_token):
    token, plain = member_token
    request = Request(APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {plain}"))

    user, auth = ApiTokenAuthentication().authenticate(request)

    assert (user, auth) == (personas.member, token)
    assert auth.workspace == personas.workspace


def test_it_accepts_the_scheme_in_any_case(client, member_token):
    _, plain = member_token

    response = client.get(me_url(), headers={"Authorization": f"bearer {plain}"})

    assert response.status_code == 200


def test_it_records_when_the_token_was_last_used(client, member_token):
    token, plain = member_token
    assert token.last_used_at is None
    before = timezone.now()

    client.get(me_url(), headers=bearer(plain))

    token.refresh_from_db()
    assert before <= token.last_used_at <= timezone.now()


def test_it_refuses_a_revoked_token(client, personas, member_token):
    token, plain = member_token
    api_token_revoke(token=token, actor=personas.member)

    response = client.get(me_url(), headers=bearer(plain))

    assert response.status_code == 401
    assert response.json() == {"detail": "This API token is unknown or revoked."}
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_an_unknown_token(client, personas):
    response = client.get(me_url(), headers=bearer("rpt_not-a-token"))

    assert response.status_code == 401
    assert response.json() == {"detail": "This API token is unknown or revoked."}


def test_it_refuses_the_token_of_a_deactivated_person(client, personas, member_token):
    _, plain = member_token
    personas.member.is_active = False
    personas.member.save(update_fields=["is_active"])

    response = client.get(me_url(), headers=bearer(plain))

    assert response.status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer two parts"])
def test_it_refuses_a_malformed_bearer_header(client, personas, header):
    response = client.get(me_url(), headers={"Authorization": header})

    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]


def test_it_answers_401_with_a_bearer_challenge_without_credentials(client, personas):
    response = client.get(me_url())

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_it_ignores_other_authorization_schemes(client, personas):
    response = client.get(me_url(), headers={"Authorization": "Basic YWRtaW46c2VjcmV0"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_it_hides_another_workspace_from_a_token(client, personas):
    _, plain = api_token_create(
        membership=Membership.objects.get(user=personas.outsider), name="Globex script"
    )

    response = client.get(me_url("acme"), headers=bearer(plain))

    assert response.status_code == 404
    assert response.json() == {"detail": "No such workspace."}


def test_it_hides_another_workspace_from_a_token_even_from_a_member_of_both(client, personas):
    _, plain = api_token_create(
        membership=Membership.objects.get(user=personas.outsider), name="Globex script"
    )
    Membership.objects.create(workspace=personas.workspace, user=personas.outsider, role="admin")

    in_acme = client.get(me_url("acme"), headers=bearer(plain))
    in_globex = client.get(me_url("globex"), headers=bearer(plain))

    assert in_acme.status_code == 404
    assert in_globex.status_code == 200
    assert in_globex.json()["workspace"]["slug"] == "globex"


def test_it_hides_the_workspace_from_the_token_of_a_removed_member(client, personas):
    membership = personas.membership(personas.member)
    _, plain = api_token_create(membership=membership, name="Script")
    membership.delete()

    response = client.get(me_url(), headers=bearer(plain))

    assert response.status_code == 404


def test_it_hides_an_unknown_workspace(client, personas, member_token):
    _, plain = member_token

    response = client.get(me_url("no-such-workspace"), headers=bearer(plain))

    assert response.status_code == 404


def test_it_lets_a_signed_in_member_in_with_the_session(client, personas):
    client.force_login(personas.viewer)

    response = client.get(me_url())

    assert response.status_code == 200
    assert response.json()["role"] == Role.VIEWER


def test_it_hides_the_workspace_from_a_signed_in_outsider(client, personas):
    client.force_login(personas.outsider)

    response = client.get(me_url())

    assert response.status_code == 404


def test_it_prefers_a_bad_token_over_a_good_session(client, personas):
    client.force_login(personas.member)

    response = client.get(me_url(), headers=bearer("rpt_not-a-token"))

    assert response.status_code == 401


def test_it_records_last_use_at_most_once_a_minute(client, member_token):
    token, plain = member_token
    earlier = timezone.now() - timedelta(seconds=30)
    type(token).objects.filter(pk=token.pk).update(last_used_at=earlier)

    client.get(me_url(), headers=bearer(plain))

    token.refresh_from_db()
    assert token.last_used_at == earlier
