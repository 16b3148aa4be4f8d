"""Queueing and delivering one outbox email: the locmem backend for the happy path, a real
local SMTP server (aiosmtpd) for refusals and the round trip."""

import email
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from irm.celery import app as celery_app
from irm.errors import RuleError
from irm.models import EmailStatus, OutboxEmail
from irm.outbox import (
    OUTBOX_MAX_ATTEMPTS,
    DeliveryOutcome,
    email_deliver,
    email_queue,
    message_id_domain,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def queue(**fields) -> OutboxEmail:
    values = {
        "to": "iris@example.test",
        "subject": "Coffee next week?",
        "body": "Hello Iris,\n\nShall we meet?\n",
        "kind": "test",
        "now": NOW,
    }
    return email_queue(**{**values, **fields})


# --- queueing ---------------------------------------------------------------------------------


def test_it_queues_a_pending_row_with_a_message_id_made_in_advance(db, settings):
    settings.EMAIL_MESSAGE_ID_DOMAIN = "mail.rapport.test"

    row = queue()

    assert row.status == EmailStatus.PENDING
    assert row.not_before == NOW
    assert row.attempts == 0
    assert row.from_address == settings.DEFAULT_FROM_EMAIL
    assert row.message_id.startswith("<") and row.message_id.endswith("@mail.rapport.test>")


def test_the_message_id_domain_defaults_to_the_sender_domain(settings):
    settings.EMAIL_MESSAGE_ID_DOMAIN = ""
    settings.DEFAULT_FROM_EMAIL = "Rapport <hello@rapport.example>"

    assert message_id_domain() == "rapport.example"


def test_it_makes_a_new_message_id_for_every_email(db):
    assert queue().message_id != queue().message_id


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"to": "not an address"}, "is not an email address"),
        ({"reply_to": "nope"}, "is not an email address"),
        ({"subject": "  "}, "needs a subject"),
        ({"kind": ""}, "what kind of email"),
        ({"headers": {"X-Note": "one\r\nBcc: victim@example.test"}}, "fit on one line"),
        ({"headers": {"Bcc": "someone@example.test"}}, "cannot be set"),
        ({"headers": {"Message-ID": "<mine@example.test>"}}, "cannot be set"),
    ],
)
def test_it_refuses_what_cannot_be_sent_safely(db, fields, message):
    with pytest.raises(RuleError, match=message):
        queue(**fields)

    assert not OutboxEmail.objects.exists()


def test_it_keeps_the_subject_on_one_line(db):
    assert queue(subject="Line one\r\nBcc: x@example.test").subject == (
        "Line one Bcc: x@example.test"
    )


def test_it_hands_a_due_email_to_a_worker_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        queue()

    assert len(callbacks) == 1


def test_it_leaves_a_later_email_to_the_sweep(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        queue(not_before=NOW + timedelta(hours=2))

    assert callbacks == []


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_the_task_queued_on_commit_delivers_it(
    db, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = email_queue(to="iris@example.test", subject="Hi", body="Hello", kind="test")

    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["Message-ID"] == row.message_id
    row.refresh_from_db()
    assert row.status == EmailStatus.SENT


# --- delivery through Django's email backend (locmem) -----------------------------------------


def test_it_delivers_one_message_with_the_pre_made_message_id(db, mailoutbox):
    row = queue(
        reply_to="acme@inbound.rapport.test",
        headers={"In-Reply-To": "<earlier@rapport.test>"},
    )

    outcome = email_deliver(email_id=row.pk, now=NOW)

    assert outcome == DeliveryOutcome.SENT
    assert len(mailoutbox) == 1
    message = mailoutbox[0].message()
    assert message["Message-ID"] == row.message_id
    assert message["Reply-To"] == "acme@inbound.rapport.test"
    assert message["In-Reply-To"] == "<earlier@rapport.test>"
    assert message["To"] == "iris@example.test"
    assert message["Subject"] == "Coffee next week?"
    assert mailoutbox[0].body == "Hello Iris,\n\nShall we meet?\n"
    row.refresh_from_db()
    assert (row.status, row.sent_at, row.claimed_at, row.attempts) == (
        EmailStatus.SENT,
        NOW,
        NOW,
        1,
    )


def test_it_never_sends_a_row_twice(db, mailoutbox):
    row = queue()

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.SENT
    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.NOT_CLAIMED
    assert len(mailoutbox) == 1


def test_it_waits_for_not_before(db, mailoutbox):
    row = queue(not_before=NOW + timedelta(minutes=30))

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.NOT_CLAIMED
    assert mailoutbox == []
    assert email_deliver(email_id=row.pk, now=NOW + timedelta(minutes=30)) == DeliveryOutcome.SENT


def test_it_ignores_a_row_that_no_longer_exists(db):
    assert email_deliver(email_id=123456789, now=NOW) == DeliveryOutcome.NOT_CLAIMED


def test_it_refuses_to_claim_inside_a_transaction(db, mailoutbox):
    # Inside a transaction, `sending` would not be committed before SMTP is called.
    row = queue()

    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        email_deliver(email_id=row.pk, now=NOW)

    assert mailoutbox == []


def test_a_message_that_cannot_be_built_fails_without_being_sent(db, mailoutbox):
    row = queue()
    # A header written around the service (e.g. by hand in the database).
    OutboxEmail.objects.filter(pk=row.pk).update(headers={"X-Note": "one\ntwo"})

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.FAILED

    row.refresh_from_db()
    assert row.status == EmailStatus.FAILED
    assert "Cannot be built" in row.last_error
    assert mailoutbox == []


# --- a real SMTP server -----------------------------------------------------------------------


class SmtpHandler:
    """Answers like a mail server would; each reply can be changed by the test."""

    def __init__(self) -> None:
        self.mail_reply = "250 OK"
        self.rcpt_reply = "250 OK"
        self.data_reply = "250 2.0.0 Queued"
        self.drop_at: str | None = None  # "mail" or "data": hang up instead of answering
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.drop_at == "mail":
            server.transport.close()
        envelope.mail_from = address
        return self.mail_reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply.startswith("250"):
            envelope.rcpt_tos.append(address)
        return self.rcpt_reply

    async def handle_DATA(self, server, session, envelope):
        if self.drop_at == "data":
            # The message arrived, the answer never does: the sender cannot know.
            self.received.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
            server.transport.close()
            return "250 OK"
        if self.data_reply.startswith("250"):
            self.received.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return self.data_reply


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    return settings


@pytest.fixture
def smtp_server(smtp_settings):
    handler = SmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
    controller.start()
    yield handler
    controller.stop()


def test_a_real_smtp_server_receives_it_with_our_message_id(db, smtp_server):
    row = queue(
        subject="Coffee in Lyon?",
        body="Hello Iris,\n\nShall we meet?\n",
        from_address="Rapport <hello@rapport.example>",
    )

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.SENT

    [(sender, recipients, content)] = smtp_server.received
    assert (sender, recipients) == ("hello@rapport.example", ["iris@example.test"])
    message = email.message_from_bytes(content)
    assert message["Message-ID"] == row.message_id
    assert message["Subject"] == "Coffee in Lyon?"
    assert message.get_payload(decode=True).decode().replace("\r\n", "\n") == (
        "Hello Iris,\n\nShall we meet?\n"
    )
    row.refresh_from_db()
    assert row.status == EmailStatus.SENT


def test_a_temporary_refusal_is_retried_with_backoff_then_fails_at_the_cap(db, smtp_server):
    smtp_server.data_reply = "451 4.3.0 Try again later"
    row = queue()
    now = NOW

    for attempt in range(1, OUTBOX_MAX_ATTEMPTS):
        assert email_deliver(email_id=row.pk, now=now) == DeliveryOutcome.RETRY
        row.refresh_from_db()
        wait = timedelta(minutes=2 ** (attempt - 1))
        assert (row.status, row.attempts, row.not_before) == (
            EmailStatus.PENDING,
            attempt,
            now + wait,
        )
        assert "451" in row.last_error
        # Not a second earlier.
        assert (
            email_deliver(email_id=row.pk, now=now + wait - timedelta(seconds=1))
            == DeliveryOutcome.NOT_CLAIMED
        )
        now += wait

    assert email_deliver(email_id=row.pk, now=now) == DeliveryOutcome.FAILED
    row.refresh_from_db()
    assert (row.status, row.attempts) == (EmailStatus.FAILED, OUTBOX_MAX_ATTEMPTS)
    assert "Gave up after 6 attempts" in row.last_error
    assert smtp_server.received == []


def test_greylisting_at_the_recipient_is_temporary(db, smtp_server):
    smtp_server.rcpt_reply = "450 4.2.0 Greylisted, come back later"
    row = queue()

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.RETRY
    row.refresh_from_db()
    assert row.status == EmailStatus.PENDING
    assert "450" in row.last_error


def test_an_unknown_recipient_fails_at_once(db, smtp_server):
    smtp_server.rcpt_reply = "550 5.1.1 No such user here"
    row = queue()

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.FAILED

    row.refresh_from_db()
    assert (row.status, row.attempts) == (EmailStatus.FAILED, 1)
    assert "550" in row.last_error and "No such user" in row.last_error
    assert email_deliver(email_id=row.pk, now=NOW + timedelta(days=1)) == (
        DeliveryOutcome.NOT_CLAIMED
    )


def test_a_message_refused_after_data_fails_at_once(db, smtp_server):
    smtp_server.data_reply = "554 5.7.1 Message rejected as spam"
    row = queue()

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.FAILED
    row.refresh_from_db()
    assert "554" in row.last_error


def test_a_server_that_is_down_is_tried_again_later(db, smtp_settings):
    row = queue()  # nothing listens on the port

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.RETRY

    row.refresh_from_db()
    assert (row.status, row.not_before) == (EmailStatus.PENDING, NOW + timedelta(minutes=1))
    assert "ConnectionRefusedError" in row.last_error


def test_a_hang_up_before_data_is_tried_again_later(db, smtp_server):
    smtp_server.drop_at = "mail"
    row = queue()

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.RETRY
    row.refresh_from_db()
    assert row.status == EmailStatus.PENDING
    assert "SMTPServerDisconnected" in row.last_error


def test_a_hang_up_after_data_leaves_it_for_a_person_to_decide(db, smtp_server):
    smtp_server.drop_at = "data"
    row = queue()

    assert email_deliver(email_id=row.pk, now=NOW) == DeliveryOutcome.UNKNOWN

    row.refresh_from_db()
    assert row.status == EmailStatus.UNKNOWN
    assert "may have accepted it" in row.last_error
    assert len(smtp_server.received) == 1
    assert email_deliver(email_id=row.pk, now=NOW + timedelta(days=1)) == (
        DeliveryOutcome.NOT_CLAIMED
    )


def test_it_sends_attachments_kept_in_media_storage(db, mailoutbox, tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from irm.outbox import email_deliver, email_queue

    settings.MEDIA_ROOT = str(tmp_path)
    path = default_storage.save("press-kit.pdf", ContentFile(b"%PDF-1.4 press kit"))
    email = email_queue(
        to="ana@example.test",
        subject="Our press kit",
        body="Attached.",
        kind="pitch",
        attachments=[{"name": "press-kit.pdf", "path": path, "content_type": "application/pdf"}],
    )

    email_deliver(email_id=email.pk)

    assert mailoutbox[0].attachments == [
        ("press-kit.pdf", b"%PDF-1.4 press kit", "application/pdf")
    ]


QUEUED_BY_NAME = (
    "irm.tasks.deliver_outbox_email",
    "contacts.tasks.import_run",
    "contacts.tasks.health_recompute_workspace",
    "outreach.tasks.plan_follow_up",
)


def test_a_web_process_knows_every_task_services_queue_by_name():
    """Services queue tasks by name (irm.celery.task_queue); a process that never imported a
    tasks module itself (a web process, a management command) must still find them, or every
    email would wait for the sweep and every import for its retry."""
    probe = (
        "import django; django.setup(); from celery import current_app; "
        f"print(sorted(set({QUEUED_BY_NAME!r}) - set(current_app.tasks)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )

    assert done.stdout.strip().splitlines()[-1] == "[]"
