import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from irm.models import AuditAction, AuditEvent, Invitation, Membership, OutboxEmail, Role
from irm.services import invitation_create
from tests.factories import TEST_PASSWORD, UserFactory

HTMX = {"HX-Request": "true"}


def invite(client, personas, email="newcomer@example.test", role="member", headers=None):
    url = reverse("irm:members", kwargs={"slug": "acme"})
    return client.post(url, {"email": email, "role": role}, headers=headers or {})


def link_in(email: OutboxEmail) -> str:
    return re.search(r"https?://\S+(/invitations/\S+/)", email.body_text).group(1)


def test_an_invitation_leaves_through_the_outbox_and_a_newcomer_joins(client, personas):
    client.force_login(personas.admin)

    response = invite(client, personas, email="Newcomer@Example.test", role="manager")

    assert response.status_code == 302
    email = OutboxEmail.objects.get(kind="invitation")
    assert email.to_address == "Newcomer@example.test"
    assert email.workspace == personas.workspace
    assert "Alice Admin invited you to Acme PR" in email.subject
    assert email.message_id.startswith("<") and email.message_id.endswith(">")

    client.logout()
    link = link_in(email)
    page = client.get(link)
    assert page.status_code == 200
    assert "Create account and join" in page.content.decode()

    joined = client.post(
        link,
        {"name": "Nia Newcomer", "password1": "a-Long-pass-123", "password2": "a-Long-pass-123"},
    )

    assert joined.status_code == 302
    assert joined.url == reverse("contacts:home", kwargs={"slug": "acme"})
    membership = Membership.objects.get(user__email__iexact="newcomer@example.test")
    assert membership.role == Role.MANAGER and membership.workspace == personas.workspace
    assert client.get(joined.url).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.MEMBER_JOINED).count() == 1
    # The link works once.
    assert client.get(link).status_code == 410


def test_an_existing_account_signs_in_and_accepts(client, personas):
    person = UserFactory(email="known@example.test")
    invitation = invitation_create(
        workspace=personas.workspace,
        email="known@example.test",
        role="viewer",
        invited_by=personas.admin,
    )
    link = link_in(OutboxEmail.objects.get(kind="invitation"))

    assert "Sign in to accept" in client.get(link).content.decode()
    client.post(reverse("irm:login"), {"username": "known@example.test", "password": TEST_PASSWORD})
    response = client.post(link)

    assert response.status_code == 302
    assert Membership.objects.get(user=person, workspace=invitation.workspace).role == Role.VIEWER


def test_someone_signed_in_with_another_address_cannot_take_the_invitation(client, personas):
    invitation_create(
        workspace=personas.workspace,
        email="meant@example.test",
        role="admin",
        invited_by=personas.admin,
    )
    link = link_in(OutboxEmail.objects.get(kind="invitation"))
    client.force_login(personas.outsider)

    client.post(link)

    assert not Membership.objects.filter(
        workspace=personas.workspace, user=personas.outsider
    ).exists()


def test_it_refuses_to_invite_a_member_with_a_400_and_keeps_the_input(client, personas):
    client.force_login(personas.admin)

    response = invite(client, personas, email="MEMBER@acme.test", headers=HTMX)

    assert response.status_code == 400
    body = response.content.decode()
    assert "already a member of Acme PR" in body
    assert 'value="MEMBER@acme.test"' in body
    assert not OutboxEmail.objects.exists()


def test_it_refuses_a_second_open_invitation_but_replaces_an_expired_one(client, personas):
    client.force_login(personas.admin)
    invite(client, personas)

    assert invite(client, personas).status_code == 400
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert invite(client, personas).status_code == 302
    assert OutboxEmail.objects.filter(kind="invitation").count() == 2


def test_an_admin_revokes_an_invitation(client, personas):
    client.force_login(personas.admin)
    invite(client, personas)
    invitation = Invitation.objects.get()
    url = reverse(
        "irm:invitation-revoke", kwargs={"slug": "acme", "public_id": invitation.public_id}
    )

    response = client.post(url, headers=HTMX)

    assert response.status_code == 200
    assert "was revoked" in response.content.decode()
    client.logout()
    assert client.get(link_in(OutboxEmail.objects.get())).status_code == 410


def test_an_unknown_link_answers_404(client, db):
    assert client.get(reverse("irm:invitation-accept", kwargs={"token": "nope"})).status_code == 404
