import pytest
from django.urls import reverse

from irm.models import AuditAction, AuditEvent, Role
from irm.services import api_token_create

URL = reverse("api:me", kwargs={"slug": "acme"})


@pytest.mark.parametrize("persona", ["admin", "manager", "member", "viewer"])
def test_it_answers_each_persona_with_their_role(client, personas, persona):
    user = getattr(personas, persona)
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["role"] == persona


def test_it_describes_the_person_the_workspace_and_the_role(client, personas):
    _, plain = api_token_create(membership=personas.membership(personas.admin), name="Script")
    user, workspace = personas.admin, personas.workspace

    response = client.get(URL, headers={"Authorization": f"Bearer {plain}"})

    assert response.status_code == 200
    assert response.json() == {
        "user": {
            "public_id": str(user.public_id),
            "email": "admin@acme.test",
            "name": "Alice Admin",
            "time_zone": user.time_zone,
        },
        "workspace": {
            "public_id": str(workspace.public_id),
            "slug": "acme",
            "name": "Acme PR",
            "time_zone": "Europe/Paris",
        },
        "role": Role.ADMIN,
    }


def test_it_answers_404_to_an_outsider(client, personas):
    client.force_login(personas.outsider)

    response = client.get(URL)

    assert response.status_code == 404
    assert response.json() == {"detail": "No such workspace."}


def test_it_answers_401_without_credentials(client, personas):
    response = client.get(URL)

    assert response.status_code == 401


def test_it_refuses_writes_from_a_viewer_before_anything_else(client, personas):
    client.force_login(personas.viewer)

    response = client.post(URL, {"role": "admin"}, content_type="application/json")

    assert response.status_code == 403
    assert response.json() == {"detail": "Your role (Viewer) may not do this."}
    event = AuditEvent.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert event.data == {"role": "viewer", "needs": "member", "path": URL}


def test_it_has_nothing_to_write(client, personas):
    client.force_login(personas.admin)

    response = client.post(URL, {"role": "admin"}, content_type="application/json")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


def test_it_answers_in_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    _, plain = api_token_create(membership=personas.membership(personas.member), name="Script")
    client.get(URL, headers={"Authorization": f"Bearer {plain}"})  # records last use

    # The token with its user and workspace, then the membership.
    with django_assert_num_queries(2):
        response = client.get(URL, headers={"Authorization": f"Bearer {plain}"})

    assert response.status_code == 200
