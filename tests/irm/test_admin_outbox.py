from django.contrib.auth.models import Permission
from django.urls import reverse

from irm.outbox import email_queue
from tests.factories import UserFactory


def queue(**fields):
    values = {"to": "iris@example.test", "subject": "Hello", "body": "Hi there", "kind": "test"}
    return email_queue(**values | fields)


def test_it_lists_and_searches_outbox_email(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    queue(subject="Findable subject")
    queue(subject="Another one")

    response = client.get(reverse("admin:irm_outboxemail_changelist"), {"q": "findable"})

    assert response.status_code == 200
    assert "Findable subject" in response.content.decode()
    assert "Another one" not in response.content.decode()


def test_email_is_never_added_or_edited_in_the_admin(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    row = queue()

    assert client.get(reverse("admin:irm_outboxemail_add")).status_code == 403
    change_url = reverse("admin:irm_outboxemail_change", args=[row.pk])
    response = client.post(change_url, {"subject": "Changed"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.subject == "Hello"


def test_a_password_reset_body_is_hidden_from_staff_who_are_not_superusers(client, db):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_outboxemail"))
    client.force_login(staff)
    secret = queue(kind="password_reset", body="https://rapport.example/password-reset/x/y/")
    plain = queue(body="An ordinary body")

    secret_page = client.get(reverse("admin:irm_outboxemail_change", args=[secret.pk]))
    plain_page = client.get(reverse("admin:irm_outboxemail_change", args=[plain.pk]))

    assert secret_page.status_code == 200
    assert "password-reset/x/y/" not in secret_page.content.decode()
    assert "An ordinary body" in plain_page.content.decode()
