import re

import pytest
from django.urls import reverse

from irm.models import AuditAction, AuditEvent, EmailStatus, OutboxEmail
from irm.outbox import email_deliver
from tests.factories import UserFactory

NEW_PASSWORD = "a-fresh-Long-passphrase-42"


def request_reset(client, email: str):
    return client.post(reverse("irm:password-reset"), {"email": email})


def reset_path(body: str, site_url: str) -> str:
    match = re.search(re.escape(site_url) + r"(/password-reset/[^\s]+/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def test_the_sign_in_page_links_to_the_reset(client, db):
    page = client.get(reverse("irm:login")).content.decode()

    assert f'href="{reverse("irm:password-reset")}"' in page
    assert "Forgot your password?" in page


def test_the_request_page_labels_its_input(client, db):
    page = client.get(reverse("irm:password-reset")).content.decode()

    assert '<label for="id_email">Email</label>' in page


def test_it_resets_a_password_through_an_emailed_link(client, user, settings, mailoutbox):
    response = request_reset(client, "ADA@example.test")

    assert response.status_code == 302
    assert response.url == reverse("irm:password-reset-done")
    email = OutboxEmail.objects.get()
    assert (email.kind, email.to_address, email.status) == (
        "password_reset",
        "ada@example.test",
        EmailStatus.PENDING,
    )
    assert email.subject == "Reset your Rapport password"
    path = reset_path(email.body_text, settings.SITE_URL)

    # The link leads to a form on a URL without the token (Django keeps it in the session).
    response = client.get(path)
    assert response.status_code == 302
    form_page = client.get(response.url)
    assert form_page.status_code == 200
    assert '<label for="id_new_password1">New password</label>' in form_page.content.decode()

    response = client.post(
        response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("irm:password-reset-complete")

    signed_in = client.post(
        reverse("irm:login"), {"username": "ada@example.test", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("irm:home")
    # The link works once.
    client.post(reverse("irm:logout"))
    assert "no longer works" in client.get(path, follow=True).content.decode()


def test_the_queued_email_is_delivered_with_the_link(client, user, settings, mailoutbox):
    request_reset(client, "ada@example.test")
    email = OutboxEmail.objects.get()

    email_deliver(email_id=email.pk)

    [message] = mailoutbox
    assert message.to == ["ada@example.test"]
    assert reset_path(message.body, settings.SITE_URL) == reset_path(
        email.body_text, settings.SITE_URL
    )


def test_it_records_the_request_in_the_audit_trail_without_the_address(client, user):
    request_reset(client, "ada@example.test")

    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET_REQUESTED)
    assert event.actor == user
    assert event.target_id == str(user.public_id)
    assert "ada@example.test" not in str(event.data)


@pytest.mark.parametrize("email", ["nobody@example.test", "inactive@example.test"])
def test_it_answers_the_same_for_an_address_without_an_account(client, db, email):
    UserFactory(email="inactive@example.test", is_active=False)

    response = request_reset(client, email)

    assert response.status_code == 302
    assert response.url == reverse("irm:password-reset-done")
    assert not OutboxEmail.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_REQUESTED).exists()


def test_the_done_page_does_not_say_whether_the_account_exists(client, user):
    known = request_reset(client, "ada@example.test")
    unknown = request_reset(client, "nobody@example.test")

    page = client.get(known.url).content.decode()
    assert known.url == unknown.url
    assert "If an account uses that address" in page


def test_it_explains_an_invalid_address(client, db):
    response = request_reset(client, "not-an-address")

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not OutboxEmail.objects.exists()


def test_a_broken_link_offers_a_new_one(client, user):
    url = reverse("irm:password-reset-confirm", kwargs={"uidb64": "MQ", "token": "nope-nope"})

    page = client.get(url).content.decode()

    assert "This link no longer works" in page
    assert reverse("irm:password-reset") in page


def test_it_refuses_two_different_passwords(client, user, settings):
    request_reset(client, "ada@example.test")
    path = reset_path(OutboxEmail.objects.get().body_text, settings.SITE_URL)
    form_url = client.get(path).url

    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)
