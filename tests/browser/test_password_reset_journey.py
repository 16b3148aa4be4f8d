import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from irm.celery import app as celery_app
from irm.models import EmailStatus, OutboxEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-fresh-Long-passphrase-42"


@pytest.fixture
def eager_celery():
    # The delivery task queued on commit runs in the server thread instead of a worker.
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_person_resets_a_forgotten_password(live_server, page, eager_celery, mailoutbox):
    UserFactory(email="ada@example.test", name="Ada Lovelace", is_staff=True, is_superuser=True)

    page.goto(live_server.url + "/sign-in/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("ada@example.test")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    email = OutboxEmail.objects.get(kind="password_reset")
    assert email.status == EmailStatus.SENT
    link = re.search(re.escape(settings.SITE_URL) + r"(/password-reset/\S+)", email.body_text)
    page.goto(live_server.url + link.group(1))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()

    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Email").fill("ada@example.test")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # A site admin reads the email in the app, as `make run` keeps it.
    page.get_by_role("link", name="Outbox").click()
    page.get_by_label("Status").select_option("sent")
    expect(page).to_have_url(re.compile(r"status=sent"))
    page.get_by_role("link", name="Reset your Rapport password").click()
    expect(page.get_by_text(email.message_id)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("password-reset"))).to_be_visible()
