"""The one email outbox: every email Rapport sends is a row before it is a message.

Delivery is at most once. A worker claims a due row by compare-and-set and commits it as
`sending` before it talks to SMTP; the row then ends `sent`, back in `pending` with a later
`not_before` (a transient refusal before the server accepted it), `failed` (a permanent
refusal, or too many attempts) or `unknown` (the server may have it: only a person decides
whether to send it again). The sweep and the on-commit task both go through `email_deliver`.
"""

import logging
import re
import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, get_connection
from django.core.paginator import Page, Paginator
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from irm.celery import task_queue
from irm.errors import RuleError
from irm.models import EmailStatus, OutboxEmail, User, Workspace

logger = logging.getLogger(__name__)

# A row due within this window is handed to a worker at once; later ones wait for the sweep.
OUTBOX_QUEUE_WINDOW = timedelta(minutes=1)
# Transient refusals are retried after 1, 2, 4, 8 and 16 minutes; the sixth attempt is the last.
OUTBOX_MAX_ATTEMPTS = 6
OUTBOX_FIRST_RETRY = timedelta(minutes=1)
# A row in `sending` for longer than this lost its worker (SMTP times out after EMAIL_TIMEOUT
# seconds and a task after CELERY_TASK_TIME_LIMIT): it becomes `unknown`.
OUTBOX_STUCK_AFTER = timedelta(minutes=10)
OUTBOX_SWEEP_BATCH = 50
# The sweep stops claiming new rows after this long, well inside the task's soft time limit;
# what is left waits for the next sweep a minute later.
OUTBOX_SWEEP_BUDGET_SECONDS = 120
# Kinds whose body carries a secret (a link that signs someone in). Only superusers, who could
# set that person's password anyway, read these bodies in the outbox pages and Django admin.
OUTBOX_SECRET_KINDS = frozenset({"password_reset", "password_choose"})
OUTBOX_PAGE_SIZE = 50

# Headers the outbox sets itself; callers pass the others (e.g. In-Reply-To, References).
RESERVED_HEADERS = frozenset(
    {"message-id", "from", "to", "cc", "bcc", "reply-to", "subject", "date", "content-type"}
)
HEADER_NAME = re.compile(r"^[!-9;-~]+$")  # printable ASCII except the colon (RFC 5322)


class DeliveryOutcome(StrEnum):
    NOT_CLAIMED = "not_claimed"  # not due, not pending, gone, or another worker won the claim
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    UNKNOWN = "unknown"


class OutboxResolution(StrEnum):
    MARK_SENT = "mark_sent"
    REQUEUE = "requeue"


@dataclass(frozen=True)
class OutboxSweepResult:
    marked_unknown: int
    claimed: int
    sent: int
    retried: int
    failed: int
    unknown: int


# --- queueing ---------------------------------------------------------------------------------


def message_id_domain() -> str:
    """EMAIL_MESSAGE_ID_DOMAIN, else the domain of DEFAULT_FROM_EMAIL."""
    if settings.EMAIL_MESSAGE_ID_DOMAIN:
        return settings.EMAIL_MESSAGE_ID_DOMAIN
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return address.rpartition("@")[2] or "rapport.localhost"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _clean_headers(headers: dict | None) -> dict[str, str]:
    cleaned = {}
    for name, value in (headers or {}).items():
        name, value = str(name).strip(), str(value)
        if not HEADER_NAME.match(name) or name.lower() in RESERVED_HEADERS:
            raise RuleError(f"“{name}” cannot be set as an extra email header.", field="headers")
        if "\n" in value or "\r" in value:
            raise RuleError(f"The “{name}” header must fit on one line.", field="headers")
        cleaned[name] = value
    return cleaned


def _queue_delivery(email_id: int, *, due_in: timedelta) -> None:
    """Ask a worker to send it now. Only a shortcut: with the broker (Redis) unreachable the row
    waits in the database and the every-minute sweep sends it, so the request that queued it
    goes on."""
    try:
        task_queue(
            "irm.tasks.deliver_outbox_email",
            email_id,
            countdown=max(due_in.total_seconds(), 0) or None,
        )
    except Exception as error:  # kombu's OperationalError, redis' ConnectionError, a timeout
        logger.warning(
            "Outbox: email %s waits for the sweep, the broker is unreachable (%s)", email_id, error
        )


@transaction.atomic
def email_queue(
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    workspace: Workspace | None = None,
    reply_to: str = "",
    from_address: str | None = None,
    headers: dict | None = None,
    not_before: datetime | None = None,
    attachments: list[dict] | None = None,
    now: datetime | None = None,
) -> OutboxEmail:
    """Put one email in the outbox, with its Message-ID made now so replies can be threaded to
    it before it is even sent. A worker picks it up after commit when it is due within a
    minute; the sweep picks up the rest when their time comes."""
    now = now or timezone.now()
    not_before = not_before or now
    to, reply_to, kind = to.strip(), reply_to.strip(), kind.strip()
    for field, address in (("to", to), ("reply_to", reply_to)):
        if field == "to" or address:
            try:
                validate_email(address)
            except ValidationError:
                raise RuleError(f"“{address}” is not an email address.", field=field) from None
    if not kind or len(kind) > OutboxEmail._meta.get_field("kind").max_length:
        raise RuleError("Say what kind of email this is (e.g. password_reset).", field="kind")
    subject = _one_line(subject)
    if not subject:
        raise RuleError("An email needs a subject.", field="subject")
    email = OutboxEmail.objects.create(
        workspace=workspace,
        kind=kind,
        from_address=_one_line(from_address or settings.DEFAULT_FROM_EMAIL),
        to_address=to,
        reply_to=reply_to,
        subject=subject[:255],
        body_text=body,
        message_id=make_msgid(domain=message_id_domain()),
        headers=_clean_headers(headers),
        attachments=attachments or [],
        status=EmailStatus.PENDING,
        not_before=not_before,
        created_at=now,
    )
    due_in = not_before - now
    if due_in <= OUTBOX_QUEUE_WINDOW:
        # robust: a broker that is down must not undo a committed request; the sweep covers it.
        transaction.on_commit(lambda: _queue_delivery(email.pk, due_in=due_in), robust=True)
    return email


# --- erasure ----------------------------------------------------------------------------------

# What an erased recipient's rows say instead (.invalid is reserved: it can never be delivered).
ERASED_ADDRESS = "erased@erased.invalid"
ERASED_SUBJECT = "(erased)"


def outbox_rows_naming(
    *,
    workspace: Workspace,
    ids: Iterable[int] = (),
    addresses: Iterable[str] = (),
    phrases: Iterable[str] = (),
) -> QuerySet[OutboxEmail]:
    """The workspace's rows with one of these ids, sent to one of these addresses, or whose
    subject or body holds one of these phrases (a name in a teammate's notification email)."""
    wanted = Q(pk__in=list(ids))
    for address in addresses:
        wanted |= Q(to_address__iexact=address) | Q(reply_to__iexact=address)
    for phrase in phrases:
        wanted |= Q(subject__icontains=phrase) | Q(body_text__icontains=phrase)
    return OutboxEmail.objects.filter(wanted, workspace=workspace)


@transaction.atomic
def outbox_scrub(
    *,
    workspace: Workspace,
    ids: Iterable[int] = (),
    addresses: Iterable[str] = (),
    phrases: Iterable[str] = (),
    now: datetime | None = None,
) -> int:
    """Erasure: the rows `outbox_rows_naming` finds keep their id, kind, status and dates (the
    delivery record) but lose address, subject, body, headers and attached files. A row not yet
    sent never will be. Returns how many rows were scrubbed."""
    now = now or timezone.now()
    rows = list(
        outbox_rows_naming(workspace=workspace, ids=ids, addresses=addresses, phrases=phrases)
        .select_for_update()
        .only("pk", "attachments", "status", "to_address", "reply_to")
    )
    paths = [item.get("path", "") for row in rows for item in row.attachments]
    for row in rows:
        row.to_address = ERASED_ADDRESS if row.to_address else ""
        row.reply_to = ""
        row.subject = ERASED_SUBJECT
        row.body_text = ""
        row.headers = {}
        row.attachments = []
        row.last_error = ""
        if row.status in (EmailStatus.PENDING, EmailStatus.SENDING, EmailStatus.UNKNOWN):
            row.status = EmailStatus.FAILED
            row.last_error = "Not sent: the recipient was erased."
    OutboxEmail.objects.bulk_update(
        rows,
        ["to_address", "reply_to", "subject", "body_text", "headers", "attachments", "status",
         "last_error"],
    )  # fmt: skip
    files_delete_on_commit(paths)
    return len(rows)


def files_delete_on_commit(names: Iterable[str]) -> None:
    """Remove files from media storage once the transaction that forgot them commits (a
    rollback keeps both the rows and their files)."""
    names = sorted({name for name in names if name})
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


# --- delivery ---------------------------------------------------------------------------------


def _claim(email_id: int, now: datetime) -> OutboxEmail | None:
    """Compare-and-set pending -> sending, committed at once. durable=True refuses to run
    inside another transaction, where `sending` would not be committed before SMTP."""
    with transaction.atomic(durable=True):
        won = OutboxEmail.objects.filter(
            pk=email_id, status=EmailStatus.PENDING, not_before__lte=now
        ).update(status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not won:
        return None
    return OutboxEmail.objects.get(pk=email_id)


def _build_message(email: OutboxEmail) -> EmailMessage:
    message = EmailMessage(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_address,
        to=[email.to_address],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={**email.headers, "Message-ID": email.message_id},
    )
    for attachment in email.attachments:
        with default_storage.open(attachment["path"], "rb") as file:
            message.attach(attachment["name"], file.read(), attachment["content_type"])
    message.message()  # builds the MIME message now, so a bad header fails before SMTP
    return message


@dataclass(frozen=True)
class _Refusal:
    """Why a message was not (known to be) accepted. `transient`: nothing was accepted and a
    later attempt may succeed; `permanent`: the server said no for good; `ambiguous`: the
    server may have accepted it."""

    kind: str
    detail: str


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {_text(reply)}"
            for address, (code, reply) in error.recipients.items()
        )
    return f"{type(error).__name__}: {error}"


def _refusal_by_code(code: int, detail: str) -> _Refusal | None:
    if 400 <= code < 500:
        return _Refusal("transient", detail)
    if 500 <= code < 600:
        return _Refusal("permanent", detail)
    return None


class _DataPhase:
    """Tells whether smtplib got as far as DATA: an error before it means the server cannot
    have the message (safe to retry); an error after it, with no refusal code, leaves it
    unknown. Only SMTP connections are watched; other backends have no such phase."""

    def __init__(self, connection) -> None:
        self.started = False
        smtp = getattr(connection, "connection", None)
        self.watched = isinstance(smtp, smtplib.SMTP)
        if self.watched:
            data = smtp.data

            def watched_data(message):
                self.started = True
                return data(message)

            smtp.data = watched_data


def _hand_over(message: EmailMessage) -> _Refusal | None:
    """Give the message to the configured email backend; None when it was accepted."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # nothing was handed over: the server is down or refuses us
        return _Refusal("transient", _describe(error))
    phase = _DataPhase(connection)
    try:
        sent = connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        transient = codes and all(400 <= code < 500 for code in codes)
        return _Refusal("transient" if transient else "permanent", _describe(error))
    except smtplib.SMTPResponseException as error:
        # An explicit answer from the server: a refusal, never an acceptance.
        refusal = _refusal_by_code(error.smtp_code, _describe(error))
        if refusal is not None:
            return refusal
        kind = "transient" if phase.watched and not phase.started else "ambiguous"
        return _Refusal(kind, _describe(error))
    except Exception as error:
        # Disconnects, timeouts, or something unexpected: safe to retry only when the
        # message provably never reached DATA.
        if not (phase.watched and not phase.started):
            logger.exception("Outbox: delivery failed after the message was handed over")
        kind = "transient" if phase.watched and not phase.started else "ambiguous"
        return _Refusal(kind, _describe(error))
    finally:
        try:
            connection.close()
        except Exception:  # the message's fate is already decided; QUIT is a courtesy
            logger.warning("Outbox: closing the email connection failed", exc_info=True)
    if not sent:
        return _Refusal("permanent", "The email backend did not send the message.")
    return None


def outbox_retry_delay(*, attempts: int) -> timedelta:
    """How long to wait before the next attempt after `attempts` transient refusals."""
    return OUTBOX_FIRST_RETRY * 2 ** max(attempts - 1, 0)


def _record(email: OutboxEmail, **fields) -> None:
    # Only our own claim is updated (a row already marked `unknown` by the sweep still is:
    # what happened is better than a guess).
    OutboxEmail.objects.filter(
        pk=email.pk,
        claimed_at=email.claimed_at,
        status__in=[EmailStatus.SENDING, EmailStatus.UNKNOWN],
    ).update(**fields)


def email_deliver(*, email_id: int, now: datetime | None = None) -> DeliveryOutcome:
    """Deliver one due outbox row, at most once. Never call it inside a transaction.

    1. Claim the row (pending and due -> sending) and commit; act only if this call won.
    2. Build the message with its Message-ID and hand it to the email backend.
    3. Record the outcome: sent; pending again with backoff after a transient refusal (failed
       after OUTBOX_MAX_ATTEMPTS); failed after a permanent refusal or a message that cannot be
       built; unknown when the server may have accepted it.
    """
    now = now or timezone.now()
    email = _claim(email_id, now)
    if email is None:
        return DeliveryOutcome.NOT_CLAIMED
    try:
        message = _build_message(email)
    except Exception as error:
        logger.exception("Outbox: email %s cannot be built", email.pk)
        _record(email, status=EmailStatus.FAILED, last_error=f"Cannot be built: {_describe(error)}")
        return DeliveryOutcome.FAILED

    refusal = _hand_over(message)

    if refusal is None:
        _record(email, status=EmailStatus.SENT, sent_at=now, last_error="")
        return DeliveryOutcome.SENT
    if refusal.kind == "ambiguous":
        _record(
            email,
            status=EmailStatus.UNKNOWN,
            last_error=f"The server may have accepted it: {refusal.detail}",
        )
        return DeliveryOutcome.UNKNOWN
    if refusal.kind == "transient" and email.attempts < OUTBOX_MAX_ATTEMPTS:
        retry_at = now + outbox_retry_delay(attempts=email.attempts)
        _record(
            email,
            status=EmailStatus.PENDING,
            not_before=retry_at,
            last_error=f"Attempt {email.attempts} refused for now: {refusal.detail}",
        )
        return DeliveryOutcome.RETRY
    if refusal.kind == "transient":
        detail = f"Gave up after {email.attempts} attempts: {refusal.detail}"
    else:
        detail = f"Refused: {refusal.detail}"
    _record(email, status=EmailStatus.FAILED, last_error=detail)
    return DeliveryOutcome.FAILED


# --- the sweep --------------------------------------------------------------------------------


def outbox_mark_stuck(*, now: datetime | None = None) -> int:
    """Rows in `sending` for longer than OUTBOX_STUCK_AFTER lost their worker: SMTP may or may
    not have accepted them, so they become `unknown` (never resent by themselves)."""
    now = now or timezone.now()
    return OutboxEmail.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=now - OUTBOX_STUCK_AFTER
    ).update(
        status=EmailStatus.UNKNOWN,
        last_error=(
            f"Found still sending after {int(OUTBOX_STUCK_AFTER.total_seconds() // 60)} minutes:"
            " check whether it arrived before sending it again."
        ),
    )


def outbox_sweep(
    *, now: datetime | None = None, batch_size: int = OUTBOX_SWEEP_BATCH
) -> OutboxSweepResult:
    """The every-minute sweep.

    1. Mark rows stuck in `sending` as `unknown` (one UPDATE).
    2. Deliver due pending rows, oldest first, each claimed by compare-and-set right before
       it is sent (so two sweeps may run at once: the loser of each claim skips the row).
    """
    marked_unknown = outbox_mark_stuck(now=now)
    due = list(
        OutboxEmail.objects.filter(
            status=EmailStatus.PENDING, not_before__lte=now or timezone.now()
        )
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    outcomes = []
    started = time.monotonic()
    for email_id in due:
        if time.monotonic() - started > OUTBOX_SWEEP_BUDGET_SECONDS:
            break
        outcomes.append(email_deliver(email_id=email_id, now=now))
    return OutboxSweepResult(
        marked_unknown=marked_unknown,
        claimed=sum(outcome != DeliveryOutcome.NOT_CLAIMED for outcome in outcomes),
        sent=outcomes.count(DeliveryOutcome.SENT),
        retried=outcomes.count(DeliveryOutcome.RETRY),
        failed=outcomes.count(DeliveryOutcome.FAILED),
        unknown=outcomes.count(DeliveryOutcome.UNKNOWN),
    )


# --- a person resolves an `unknown` row -------------------------------------------------------


@transaction.atomic
def outbox_email_resolve(
    *, email: OutboxEmail, resolution: str, actor: User, now: datetime | None = None
) -> OutboxEmail:
    """A site admin's decision about an email whose delivery is unknown: it did arrive
    (mark it sent) or it did not (put it back in the queue, with a fresh count of attempts)."""
    now = now or timezone.now()
    if not actor.is_staff:
        raise RuleError("Only site admins decide about undelivered email.")
    if resolution not in set(OutboxResolution):
        raise RuleError(f"“{resolution}” is not a decision about this email.", field="resolution")
    email = OutboxEmail.objects.select_for_update().get(pk=email.pk)
    if email.status != EmailStatus.UNKNOWN:
        raise RuleError(
            f"This email is {email.get_status_display().lower()} now: there is nothing to decide."
        )
    note = f"{now:%Y-%m-%d %H:%M} UTC: site admin #{actor.pk} "
    if resolution == OutboxResolution.MARK_SENT:
        email.status = EmailStatus.SENT
        email.sent_at = email.claimed_at or now
        note += "confirmed it was delivered."
    else:
        email.status = EmailStatus.PENDING
        email.sent_at = None
        email.not_before = now
        email.attempts = 0
        note += "put it back in the queue."
        transaction.on_commit(lambda: _queue_delivery(email.pk, due_in=timedelta(0)), robust=True)
    email.last_error = f"{note}\n{email.last_error}".strip()
    email.save(update_fields=["status", "sent_at", "not_before", "attempts", "last_error"])
    return email


# --- reads (the staff outbox pages) -----------------------------------------------------------


def outbox_email_list(*, status: str = "") -> QuerySet[OutboxEmail]:
    """Every outbox row, newest first, with what the list shows; `status` narrows it."""
    emails = OutboxEmail.objects.select_related("workspace").order_by("-created_at", "-pk")
    if status:
        emails = emails.filter(status=status)
    return emails


def outbox_email_page(*, status: str = "", page: str | int | None = 1) -> Page:
    return Paginator(outbox_email_list(status=status), OUTBOX_PAGE_SIZE).get_page(page)


def outbox_email_get(*, public_id) -> OutboxEmail:
    email = OutboxEmail.objects.select_related("workspace").filter(public_id=public_id).first()
    if email is None:
        raise Http404("No such email.")
    return email


def outbox_body_visible(*, email: OutboxEmail, user: User) -> bool:
    return email.kind not in OUTBOX_SECRET_KINDS or user.is_superuser
