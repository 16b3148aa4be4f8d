import pytest
from django.urls import reverse
from django.utils.html import escape

from irm.access import ROLE_ABILITIES
from irm.models import AuditAction, AuditEvent, Membership, Role
from tests.factories import UserFactory

HTMX = {"HX-Request": "true"}


def members_url(personas):
    return reverse("irm:members", kwargs={"slug": personas.workspace.slug})


def role_url(personas, user):
    membership = personas.membership(user)
    return reverse("irm:member-role", kwargs={"slug": "acme", "public_id": membership.public_id})


def test_it_lists_members_with_roles_and_teams(client, personas):
    client.force_login(personas.viewer)

    page = client.get(members_url(personas)).content.decode()

    for email in ("admin@acme.test", "manager@acme.test", "member@acme.test", "viewer@acme.test"):
        assert email in page
    assert "outsider@globex.test" not in page
    assert "Send invitation" not in page  # viewers read, admins invite


def test_what_each_role_may_do_promises_only_what_exists(client, personas):
    client.force_login(personas.viewer)

    page = client.get(members_url(personas)).content.decode()
    help_text = page[page.index('<details class="role-help">') :]
    help_text = help_text[: help_text.index("</details>")]

    # The README's table (tests/irm/test_access.py), then each role's words from the 403 page.
    assert "If they own it, their team owns it, or nobody does" not in help_text
    assert "if they own it, their team owns it, or nobody does" in help_text
    for words in ROLE_ABILITIES.values():
        assert escape(words[0].upper() + words[1:]) in help_text
        assert "exports and" not in words


def test_it_answers_htmx_with_the_panel_only(client, personas):
    client.force_login(personas.admin)

    response = client.get(members_url(personas), headers=HTMX)

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="members-panel">')
    assert "<html" not in body


@pytest.mark.parametrize("size", [1, 12])
def test_its_query_count_does_not_grow_with_members(
    client, personas, django_assert_num_queries, size
):
    for _ in range(size):
        person = UserFactory()
        Membership.objects.create(workspace=personas.workspace, user=person, role=Role.MEMBER)
    client.force_login(personas.admin)

    # session, user, membership, members, their teams, invitations, (messages none)
    with django_assert_num_queries(6):
        response = client.get(members_url(personas))

    assert response.status_code == 200


def test_an_admin_changes_a_role_and_it_is_audited(client, personas):
    client.force_login(personas.admin)

    response = client.post(role_url(personas, personas.member), {"role": "manager"}, headers=HTMX)

    assert response.status_code == 200
    assert "is now manager" in response.content.decode()
    assert personas.membership(personas.member).role == Role.MANAGER
    event = AuditEvent.objects.get(action=AuditAction.ROLE_CHANGED)
    assert event.actor == personas.admin
    assert event.data == {"from": "member", "to": "manager"}
    assert event.target_id == str(personas.membership(personas.member).public_id)


def test_the_last_admin_cannot_step_down(client, personas):
    client.force_login(personas.admin)

    response = client.post(role_url(personas, personas.admin), {"role": "viewer"})

    assert response.status_code == 400
    assert "at least one admin" in response.content.decode()
    assert personas.membership(personas.admin).role == Role.ADMIN


def test_a_manager_may_not_change_roles_and_the_denial_is_audited(client, personas):
    client.force_login(personas.manager)

    response = client.post(role_url(personas, personas.member), {"role": "admin"})

    assert response.status_code == 403
    assert personas.membership(personas.member).role == Role.MEMBER
    denial = AuditEvent.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert denial.data["needs"] == "admin" and denial.data["role"] == "manager"


def test_an_admin_removes_a_member_and_it_is_audited(client, personas):
    client.force_login(personas.admin)
    membership = personas.membership(personas.member)
    url = reverse("irm:member-remove", kwargs={"slug": "acme", "public_id": membership.public_id})

    response = client.post(url)

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.MEMBER_REMOVED).count() == 1
    # The removed person no longer sees the workspace.
    client.force_login(personas.member)
    assert client.get(members_url(personas)).status_code == 404


def test_another_workspaces_member_answers_404(client, personas):
    client.force_login(personas.admin)
    foreign = Membership.objects.get(workspace=personas.other_workspace)
    url = reverse("irm:member-role", kwargs={"slug": "acme", "public_id": foreign.public_id})

    assert client.post(url, {"role": "viewer"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.ADMIN
