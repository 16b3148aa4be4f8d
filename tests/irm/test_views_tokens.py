from django.urls import reverse

from irm.models import ApiToken, AuditAction, AuditEvent
from irm.services import api_token_authenticate, api_token_create

HTMX = {"HX-Request": "true"}
URL = reverse("irm:tokens", kwargs={"slug": "acme"})


def test_a_viewer_creates_a_token_that_is_shown_once_and_stored_hashed(client, personas):
    client.force_login(personas.viewer)

    response = client.post(URL, {"name": "Reporting"}, headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    token = ApiToken.objects.get()
    plain = body.split('id="new-token" type="text" value="')[1].split('"')[0]
    assert plain.startswith("rpt_") and plain.startswith(token.prefix)
    assert plain not in token.key_hash
    assert api_token_authenticate(plain=plain) == token
    assert plain not in client.get(URL).content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.TOKEN_CREATED, actor=personas.viewer
    ).exists()


def test_it_needs_a_name(client, personas):
    client.force_login(personas.member)

    response = client.post(URL, {"name": ""})

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_and_it_is_audited(client, personas):
    token, plain = api_token_create(membership=personas.membership(personas.member), name="CI")
    client.force_login(personas.member)
    url = reverse("irm:token-revoke", kwargs={"slug": "acme", "public_id": token.public_id})

    response = client.post(url)

    assert response.status_code == 302
    assert api_token_authenticate(plain=plain) is None
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).count() == 1


def test_nobody_revokes_or_sees_another_persons_token(client, personas):
    token, plain = api_token_create(membership=personas.membership(personas.member), name="Mine")
    client.force_login(personas.admin)
    url = reverse("irm:token-revoke", kwargs={"slug": "acme", "public_id": token.public_id})

    assert client.post(url).status_code == 404
    assert "Mine" not in client.get(URL).content.decode()
    assert api_token_authenticate(plain=plain) == token
