import io

import pytest
from django.core.management import CommandError, call_command

from irm.models import Membership, Role, Workspace
from irm.services import api_token_authenticate
from tests.factories import UserFactory


def test_create_workspace_makes_the_user_its_admin(db):
    person = UserFactory(email="founder@example.test")

    call_command("create_workspace", "acme", name="Acme PR", admin="FOUNDER@example.test")

    workspace = Workspace.objects.get(slug="acme")
    assert Membership.objects.get(workspace=workspace, user=person).role == Role.ADMIN
    assert workspace.reply_to_address.startswith("acme@")


def test_create_workspace_explains_a_taken_slug_and_an_unknown_user(db):
    UserFactory(email="founder@example.test")
    call_command("create_workspace", "acme", name="Acme", admin="founder@example.test")

    with pytest.raises(CommandError, match="taken"):
        call_command("create_workspace", "acme", name="Again", admin="founder@example.test")
    with pytest.raises(CommandError, match="No user"):
        call_command("create_workspace", "other", name="Other", admin="ghost@example.test")


def test_issue_api_token_prints_a_working_token_once(personas):
    out = io.StringIO()

    call_command("issue_api_token", "member@acme.test", "acme", stdout=out)

    token = api_token_authenticate(plain=out.getvalue().strip())
    assert token.user == personas.member and token.workspace == personas.workspace


def test_issue_api_token_refuses_a_non_member(personas):
    with pytest.raises(CommandError, match="not a member"):
        call_command("issue_api_token", "outsider@globex.test", "acme")
