import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from irm.models import EmailStatus, Membership, OutboxEmail, Role, User, Workspace
from irm.services import api_token_authenticate
from tests.factories import UserFactory

PASSWORD = "a-fresh-Long-passphrase-42"


def test_create_workspace_makes_the_user_its_admin(db):
    person = UserFactory(email="founder@example.test")

    call_command("create_workspace", "acme", name="Acme PR", admin="FOUNDER@example.test")

    workspace = Workspace.objects.get(slug="acme")
    assert Membership.objects.get(workspace=workspace, user=person).role == Role.ADMIN
    assert workspace.reply_to_address.startswith("acme@")


def test_create_workspace_explains_a_taken_slug_and_a_bad_email(db):
    UserFactory(email="founder@example.test")
    call_command("create_workspace", "acme", name="Acme", admin="founder@example.test")

    with pytest.raises(CommandError, match="taken"):
        call_command("create_workspace", "acme", name="Again", admin="founder@example.test")
    with pytest.raises(CommandError, match="not an email address"):
        call_command("create_workspace", "other", name="Other", admin="ghost")


def test_create_workspace_makes_an_account_for_a_newcomer_who_chooses_a_password(
    db, client, settings
):
    out = io.StringIO()

    # As the README shows it, for someone without an account yet.
    call_command(
        "create_workspace",
        "acme",
        "--name",
        "Acme PR",
        "--admin",
        "Someone@Example.com",
        "--time-zone",
        "Europe/Paris",
        stdout=out,
    )

    person = User.objects.get(email__iexact="someone@example.com")
    workspace = Workspace.objects.get(slug="acme")
    assert Membership.objects.get(workspace=workspace, user=person).role == Role.ADMIN
    assert person.time_zone == "Europe/Paris"
    assert "emailed them a link to choose a password" in out.getvalue()
    email = OutboxEmail.objects.get()
    assert (email.to_address, email.kind, email.status) == (
        person.email,
        "password_choose",
        EmailStatus.PENDING,
    )
    assert email.subject == "Choose your password for Acme PR on Rapport"
    link = re.search(re.escape(settings.SITE_URL) + r"(/password-reset/\S+/\S+/)", email.body_text)
    assert link, email.body_text

    form_url = client.get(link.group(1)).url
    response = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 302
    signed_in = client.post(
        reverse("irm:login"), {"username": "someone@example.com", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    # The link works once.
    client.logout()
    assert "This link no longer works" in client.get(link.group(1)).content.decode()


def test_create_workspace_leaves_no_account_and_sends_nothing_when_the_slug_is_taken(personas):
    with pytest.raises(CommandError, match="taken"):
        call_command("create_workspace", "acme", name="Again", admin="newcomer@example.test")

    assert not User.objects.filter(email="newcomer@example.test").exists()
    assert not OutboxEmail.objects.exists()


def test_create_workspace_sends_nothing_to_someone_with_an_account(db):
    UserFactory(email="founder@example.test")
    out = io.StringIO()

    call_command("create_workspace", "acme", admin="founder@example.test", stdout=out)

    assert Workspace.objects.get(slug="acme").name == "Acme"
    assert not OutboxEmail.objects.exists()
    assert out.getvalue() == "Created workspace Acme at /w/acme/\n"


def test_issue_api_token_prints_a_working_token_once(personas):
    out = io.StringIO()

    call_command("issue_api_token", "member@acme.test", "acme", stdout=out)

    token = api_token_authenticate(plain=out.getvalue().strip())
    assert token.user == personas.member and token.workspace == personas.workspace


def test_issue_api_token_refuses_a_non_member(personas):
    with pytest.raises(CommandError, match="not a member"):
        call_command("issue_api_token", "outsider@globex.test", "acme")
