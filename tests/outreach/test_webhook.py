"""The inbound webhook: a mail provider POSTs each raw message with the shared secret; the
message finds its workspace by the address it was sent to, once."""

import base64

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from outreach.models import InboundKind, InboundMessage, InboundStatus
from tests.outreach import inbound_mail as mail
from tests.outreach.api_helpers import NOW, frozen  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

SECRET = "test-inbound-secret"
URL = reverse("api:inbound:email")


def deliver(raw: bytes, *, secret: str | None = SECRET, query: str = "", **headers):
    if secret is not None:
        headers.setdefault("HTTP_X_INBOUND_SECRET", secret)
    return APIClient().post(f"{URL}{query}", raw, content_type="message/rfc822", **headers)


def stranger(inbox: str, **options) -> bytes:
    values = {"in_reply_to": None, "from_address": "sam@newsletter.example", "to": (inbox,)}
    return mail.gmail_reply(**{**values, **options})


def test_the_right_secret_in_the_header_stores_the_message(personas, inbox):
    response = deliver(stranger(inbox))

    assert response.status_code == 201, response.content
    body = response.json()
    message = InboundMessage.objects.get()
    assert body == {
        "outcome": "unmatched",
        "message": str(message.public_id),
        "kind": "reply",
        "workspace": "acme",
    }
    assert message.workspace == personas.workspace
    assert message.from_address == "sam@newsletter.example"
    assert message.status == InboundStatus.UNMATCHED
    assert message.received_at == NOW
    with message.raw.open("rb") as stored:
        assert stored.read() == stranger(inbox)


def test_a_reply_from_a_known_address_lands_on_their_timeline(ana, inbox):
    response = deliver(mail.gmail_reply(in_reply_to=None, to=(inbox,)))

    assert response.status_code == 201
    assert response.json()["outcome"] == "matched"
    assert InboundMessage.objects.get().influencer == ana


def test_the_secret_as_the_http_basic_password_is_accepted(personas, inbox):
    credentials = base64.b64encode(f"rapport:{SECRET}".encode()).decode()

    response = deliver(stranger(inbox), secret=None, HTTP_AUTHORIZATION=f"Basic {credentials}")

    assert response.status_code == 201
    assert InboundMessage.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"secret": "not-the-secret"},
        {"secret": None},
        {"secret": ""},
        {"secret": None, "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"rapport:x").decode()},
        {"secret": None, "HTTP_AUTHORIZATION": "Basic not base64 at all"},
        {"secret": None, "HTTP_AUTHORIZATION": f"Bearer {SECRET}"},
    ],
    ids=["wrong", "missing", "empty", "wrong-basic", "broken-basic", "bearer"],
)
def test_a_wrong_or_missing_secret_is_a_403_and_nothing_is_stored(personas, inbox, headers):
    response = deliver(stranger(inbox), **headers)

    assert response.status_code == 403
    assert response.json() == {"detail": "The inbound secret is missing or wrong."}
    assert not InboundMessage.objects.exists()


@override_settings(INBOUND_EMAIL_SECRET="")
def test_without_a_configured_secret_the_webhook_is_unavailable(personas, inbox):
    response = deliver(stranger(inbox), secret="")

    assert response.status_code == 503
    assert "INBOUND_EMAIL_SECRET" in response.json()["detail"]
    assert not InboundMessage.objects.exists()


def test_the_same_message_again_is_a_duplicate_and_stored_once(personas, inbox):
    first = deliver(stranger(inbox))

    again = deliver(stranger(inbox))

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["outcome"] == "duplicate"
    assert again.json()["message"] == first.json()["message"]
    assert InboundMessage.objects.count() == 1


def test_a_message_to_no_workspace_address_is_a_400_that_says_where_it_went(personas):
    response = deliver(stranger("press@somewhere-else.example"))

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "message": [
            "This message was sent to press@somewhere-else.example, which is no workspace's "
            "reply-to address."
        ]
    }
    assert not InboundMessage.objects.exists()


@pytest.mark.parametrize("raw", [b"", b"\r\n  \r\n"], ids=["empty", "blank"])
def test_an_empty_body_is_a_400(personas, raw):
    response = deliver(raw)

    assert response.status_code == 400
    assert response.json()["errors"] == {"message": ["Send the raw message as the body."]}


@override_settings(INBOUND_EMAIL_MAX_BYTES=1000)
def test_a_message_over_the_size_limit_is_refused_and_not_stored(personas, inbox):
    raw = stranger(inbox)
    assert len(raw) > 1000

    response = deliver(raw)

    assert response.status_code == 413
    assert response.json() == {"detail": "Messages over 1000 bytes are refused."}
    assert not InboundMessage.objects.exists()


def test_a_message_larger_than_djangos_form_upload_limit_is_taken(personas, inbox, settings):
    # Mail with a press kit is often over the 2.5 MB Django allows for form data.
    pdf = mail.PDF_BYTES + b"%" * (3 * 1024 * 1024)
    raw = mail.message_with_attachments(
        in_reply_to=None,
        from_address="sam@newsletter.example",
        to=(inbox,),
        attachments=[("press-kit.pdf", "application/pdf", pdf)],
    )
    assert len(raw) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = deliver(raw)

    assert response.status_code == 201, response.content
    [attachment] = InboundMessage.objects.get().attachments.all()
    assert attachment.size == len(pdf)


def test_the_envelope_recipient_routes_a_bcc_message(personas, inbox):
    # A member's own email, the workspace's address in BCC: the headers never show it.
    raw = mail.gmail_reply(
        in_reply_to=None,
        from_address="member@acme.test",
        to=("someone@new.example",),
        subject="Our autumn launch",
    )
    refused = deliver(raw)

    response = deliver(raw, query=f"?recipient={inbox}")

    assert refused.status_code == 400
    assert response.status_code == 201, response.content
    message = InboundMessage.objects.get()
    assert message.workspace == personas.workspace
    assert message.kind == InboundKind.LOGGED_OUTBOUND
    assert response.json()["kind"] == "logged_outbound"


def test_other_methods_are_a_405_whoever_asks(personas):
    with_secret = APIClient().get(URL, HTTP_X_INBOUND_SECRET=SECRET)
    without = APIClient().get(URL)
    put = APIClient().put(URL, b"x", content_type="message/rfc822")

    assert with_secret.status_code == 405
    assert without.status_code == 405
    assert put.status_code == 405


def test_a_signed_in_session_is_not_a_secret(personas, inbox):
    client = APIClient()
    client.force_login(personas.admin)

    response = client.post(URL, stranger(inbox), content_type="message/rfc822")

    assert response.status_code == 403
    assert not InboundMessage.objects.exists()


def test_after_ten_wrong_secrets_an_address_gets_429_even_with_the_right_one(
    personas, inbox, time_machine
):
    # NOW is on a minute's boundary: the whole burst falls in one window.
    wrong = [
        deliver(stranger(inbox), secret="guess", REMOTE_ADDR="203.0.113.5").status_code
        for _ in range(10)
    ]

    refused = deliver(stranger(inbox), REMOTE_ADDR="203.0.113.5")

    assert wrong == [403] * 10
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many wrong inbound secrets")
    assert refused["Retry-After"] == "60"
    assert not InboundMessage.objects.exists()
    # Another address is not slowed down by it.
    assert deliver(stranger(inbox), REMOTE_ADDR="198.51.100.5").status_code == 201
    # A minute later the address may try again.
    time_machine.shift(60)
    assert (
        deliver(stranger(inbox, message_id="<later@x>"), REMOTE_ADDR="203.0.113.5").status_code
        == 201
    )


def test_right_secrets_are_never_counted(personas, inbox):
    statuses = {
        deliver(stranger(inbox, message_id=f"<m{n}@x>"), REMOTE_ADDR="203.0.113.6").status_code
        for n in range(15)
    }

    assert statuses == {201}


def test_the_failure_rate_comes_from_settings(personas, inbox, settings):
    settings.INBOUND_EMAIL_SECRET_FAILURE_RATE = "2/min"

    statuses = [
        deliver(stranger(inbox), secret="guess", REMOTE_ADDR="203.0.113.7").status_code
        for _ in range(3)
    ]

    assert statuses == [403, 403, 429]
