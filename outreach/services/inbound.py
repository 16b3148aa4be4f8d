"""Inbound email: one service behind the `ingest_email` command and the webhook.

A message finds its workspace by the reply-to address it was sent to, then its place:
1. a member's own email (the workspace address in BCC): outbound, on the timeline of the
   influencers it was sent to;
2. else its pitch, by In-Reply-To / References (the outbox's Message-IDs);
3. else its influencer, by sender address (any of their emails, or their agent's);
4. else the workspace's Unmatched inbox, where a person attaches or discards it.
Ingesting the same Message-ID again changes nothing.

What people then do with a message in the inbox is in outreach/services/inbox.py; the raw
message is read by outreach/mail/ (no database), the reads that find its workspace, sender,
pitch and influencer are in outreach/selectors/inbound_matching.py.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from contacts import selectors as contacts_selectors
from contacts.models import Channel, Direction, Influencer, InteractionKind
from contacts.services import email_flag_bounced, interaction_record
from irm.errors import RuleError
from irm.models import User, Workspace
from outreach.mail.parse import Attachment, MessageKind, ParsedEmail, parse_email
from outreach.models import (
    AwayDecision,
    InboundAttachment,
    InboundKind,
    InboundMessage,
    InboundStatus,
    MatchedBy,
    Pitch,
)
from outreach.selectors.inbound_matching import (
    erased_words,
    inbound_by_message_id,
    influencer_by_address,
    member_sender,
    pitch_by_subject,
    pitch_by_thread,
    workspace_addressed,
)
from outreach.services.answers import pitch_mark_replied, pitch_mark_undelivered
from outreach.services.follow_up_reminders import follow_up_plan


@dataclass(frozen=True)
class IngestResult:
    message: InboundMessage
    duplicate: bool

    @property
    def outcome(self) -> str:
        return "duplicate" if self.duplicate else self.message.status


# Attachments kept only when small and of a type that cannot run code when opened.
SAFE_ATTACHMENT_TYPES = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "text/plain": {".txt"},
    "text/csv": {".csv"},
    "text/calendar": {".ics"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {".pptx"},
}


def inbound_ingest(
    *,
    raw: bytes,
    envelope_recipients: tuple[str, ...] = (),
    historical: bool = False,
    now: datetime | None = None,
) -> IngestResult:
    """Take one raw RFC 822 message. Raises RuleError when no workspace is addressed.

    Its time is when it reached us: `now` (the webhook's or the command's receipt), never its
    Date header, which the sender's clock or mail client wrote and which is kept as their claim.
    `historical`: an archive ingested on purpose, long after it arrived, is dated by its newest
    Received header (else its Date). Either way it is never before the pitch it answers."""
    now = now or timezone.now()
    if len(raw) > settings.INBOUND_EMAIL_MAX_BYTES:
        raise RuleError(
            f"This message is {_size(len(raw))}; the limit is "
            f"{_size(settings.INBOUND_EMAIL_MAX_BYTES)}."
        )
    parsed = parse_email(raw, received_at=now)
    workspace = workspace_addressed(parsed, envelope_recipients)
    existing = inbound_by_message_id(workspace, parsed.message_id)
    if existing is not None:
        return IngestResult(message=existing, duplicate=True)
    try:
        with transaction.atomic():
            message = _store(workspace, parsed, raw, _arrival(parsed, historical, now))
            _place(message, parsed, now)
    except IntegrityError:
        # The same message arrived twice at once: the other delivery stored it.
        existing = inbound_by_message_id(workspace, parsed.message_id)
        if existing is None:
            raise
        return IngestResult(message=existing, duplicate=True)
    return IngestResult(message=message, duplicate=False)


# --- storing what came ---


def _arrival(parsed: ParsedEmail, historical: bool, now: datetime) -> datetime:
    """When it reached us. Only an archive reads it from its headers (a time ahead of now is a
    wrong clock, not an arrival)."""
    if not historical:
        return now
    claimed = parsed.last_received_at or parsed.sent_at
    return claimed if claimed is not None and claimed <= now else now


def _store(
    workspace: Workspace, parsed: ParsedEmail, raw: bytes, arrived_at: datetime
) -> InboundMessage:
    kind = {
        MessageKind.AUTO_REPLY: InboundKind.AUTO_REPLY,
        MessageKind.DELIVERY_REPORT: InboundKind.DELIVERY_REPORT,
    }.get(parsed.kind, InboundKind.REPLY)
    delivery = parsed.delivery
    message = InboundMessage(
        workspace=workspace,
        message_id=parsed.message_id[:500],
        in_reply_to=(parsed.in_reply_to[0] if parsed.in_reply_to else "")[:500],
        references=[reference[:500] for reference in parsed.references],
        from_name=parsed.from_name[:200],
        from_address=parsed.from_address[:254],
        to_addresses=[a[:254] for a in parsed.to],
        cc_addresses=[a[:254] for a in parsed.cc],
        subject=parsed.subject[:500],
        sent_at=_believable(parsed.sent_at, arrived_at),
        received_at=arrived_at,
        body_text=parsed.text,
        quoted_text=parsed.quoted,
        from_html=parsed.from_html,
        headers=parsed.headers,
        kind=kind,
        auto_reply_marker=parsed.auto_reply_marker[:200],
        status=InboundStatus.UNMATCHED,
        away_until=parsed.away_until,
        failed_recipient=(delivery.recipients[0] if delivery and delivery.recipients else "")[:254],
        delivery_failed=bool(delivery and delivery.failed),
        delivery_diagnostic=(delivery.diagnostic if delivery else "")[:300],
    )
    message.raw.save(f"{uuid.uuid4().hex}.eml", ContentFile(raw), save=False)
    message.save()
    for attachment in parsed.attachments:
        _store_attachment(message, attachment)
    return message


def _believable(sent_at: datetime | None, arrived_at: datetime) -> datetime:
    """Their Date header, unless missing or after it arrived (a wrong clock): then arrival."""
    if sent_at is None or sent_at > arrived_at:
        return arrived_at
    return sent_at


def _store_attachment(message: InboundMessage, attachment: Attachment) -> None:
    name = get_valid_filename(attachment.name or "attachment") or "attachment"
    row = InboundAttachment(
        message=message,
        name=name[:255],
        content_type=attachment.content_type[:100],
        size=attachment.size,
        not_kept_reason=_not_kept_reason(name, attachment),
    )
    if not row.not_kept_reason:
        row.file.save(name, ContentFile(attachment.content), save=False)
    row.save()


def _not_kept_reason(name: str, attachment: Attachment) -> str:
    extensions = SAFE_ATTACHMENT_TYPES.get(attachment.content_type)
    if not extensions or not any(name.lower().endswith(ext) for ext in extensions):
        return "Not kept: only documents and images of common safe types are stored."
    if attachment.size > settings.INBOUND_ATTACHMENT_MAX_BYTES:
        return f"Not kept: larger than {_size(settings.INBOUND_ATTACHMENT_MAX_BYTES)}."
    return ""


def _size(size: int) -> str:
    """5242880 -> "5 MB", 100 -> "0.1 KB" (binary units, as mail clients show sizes)."""
    if size >= 1024 * 1024:
        return f"{round(size / (1024 * 1024), 1):g} MB"
    return f"{round(size / 1024, 1):g} KB"


# --- where it belongs ---


def _place(message: InboundMessage, parsed: ParsedEmail, now: datetime) -> None:
    if message.kind == InboundKind.REPLY and (member := member_sender(message)) is not None:
        _place_logged_outbound(message, member, now)
        return
    pitch = pitch_by_thread(message, parsed)
    if pitch is not None:
        inbound_apply(message, pitch.influencer, pitch=pitch, matched_by=MatchedBy.THREAD, now=now)
        return
    influencer, note = influencer_by_address(message, parsed)
    if influencer is not None:
        pitch = pitch_by_subject(message, influencer)
        inbound_apply(message, influencer, pitch=pitch, matched_by=MatchedBy.SENDER, now=now)
        return
    message.note = note[:300]
    message.save(update_fields=["note"])


def _place_logged_outbound(message: InboundMessage, member: User, now: datetime) -> None:
    """A member's own email, logged by BCC: outbound on the timeline of each influencer it was
    sent to (the guard did not see it before, so the rules it broke are noted)."""
    message.kind = InboundKind.LOGGED_OUTBOUND
    recipients = list(dict.fromkeys([*message.to_addresses, *message.cc_addresses]))
    influencers = []
    for address in recipients:
        found = contacts_selectors.influencer_by_email(workspace=message.workspace, address=address)
        if found is not None and found not in influencers:
            influencers.append(found)
    if not influencers:
        message.note = f"Sent by {member.email} to addresses no influencer uses."
        if erased_on := contacts_selectors.suppression_match(
            workspace=message.workspace, emails=recipients
        ):
            message.note = f"{message.note} {erased_words(erased_on)}"
        message.note = message.note[:300]
        message.save(update_fields=["kind", "note"])
        return
    message.save(update_fields=["kind"])
    for influencer in influencers:
        inbound_apply(message, influencer, pitch=None, matched_by=MatchedBy.RECIPIENT, now=now)


# --- what it means ---


def inbound_apply(
    message: InboundMessage,
    influencer: Influencer,
    *,
    pitch: Pitch | None,
    matched_by: str,
    now: datetime,
) -> None:
    """Put the message on the timeline and let it act on its pitch, by kind. It is dated when
    it arrived, and never before the pitch it answers: an answer cannot come before the
    question (and a reply dated before our pitch would count the pitch as our answer to it)."""
    message.note = ""
    if pitch is not None and pitch.sent_at is not None:
        message.received_at = max(message.received_at, pitch.sent_at)
    arrived_at = message.received_at
    channel = (
        Channel.AGENT_EMAIL
        if influencer.agent_email and influencer.agent_email.lower() == message.from_address
        else Channel.EMAIL
    )
    interaction = None
    if message.kind == InboundKind.REPLY:
        interaction = _record(message, influencer, InteractionKind.REPLY, channel, now)
        if pitch is not None:
            pitch_mark_replied(pitch=pitch, replied_at=arrived_at, now=now)
    elif message.kind == InboundKind.AUTO_REPLY:
        interaction = _record(message, influencer, InteractionKind.AUTO_REPLY, channel, now)
        if message.away_until and (
            influencer.do_not_disturb_until is None
            or influencer.do_not_disturb_until < message.away_until
        ):
            message.away_decision = AwayDecision.PENDING

    elif message.kind == InboundKind.DELIVERY_REPORT:
        interaction = _apply_delivery_report(message, influencer, pitch, now)
    elif message.kind == InboundKind.LOGGED_OUTBOUND:
        member = member_sender(message)
        interaction = interaction_record(
            influencer=influencer,
            kind=InteractionKind.EMAIL,
            direction=Direction.OUTBOUND,
            channel=Channel.EMAIL,
            summary=message.subject or f"Email from {message.from_address}",
            body=message.body_text,
            author=member,
            occurred_at=arrived_at,
            source=message,
            guard_checked=False,
            now=now,
        )
    message.status = InboundStatus.MATCHED
    message.matched_by = matched_by
    message.influencer = message.influencer or influencer
    message.pitch = message.pitch or pitch
    message.interaction = message.interaction or interaction
    message.save()
    if message.kind == InboundKind.AUTO_REPLY and pitch is not None:
        # Their absence holds the follow-up reminder now, with its reason: the reminders list
        # never shows it due while they are away (the sweep would notice only when due).
        follow_up_plan(pitch=Pitch.objects.get(pk=pitch.follow_up_of_id or pitch.pk), now=now)


def _record(
    message: InboundMessage, influencer: Influencer, kind: str, channel: str, now: datetime
):
    """Their message on the timeline. A real reply opens a reply commitment (contacts' rule);
    an auto-reply or a delivery report does not, nor does it count as two-way contact."""
    summary = message.subject or f"Email from {message.from_name or message.from_address}"
    if kind == InteractionKind.AUTO_REPLY and message.away_until:
        summary = f"{summary} (away until {message.away_until:%-d %b %Y})"
    return interaction_record(
        influencer=influencer,
        kind=kind,
        direction=Direction.INBOUND,
        channel=channel,
        summary=summary,
        body=message.body_text,
        occurred_at=message.received_at,
        source=message,
        now=now,
    )


def _apply_delivery_report(
    message: InboundMessage, influencer: Influencer, pitch: Pitch | None, now: datetime
):
    """A failed delivery: the pitch's delivery failed and the address is flagged. A delay
    notice changes nothing (the receiving server keeps trying)."""
    report = message.delivery_diagnostic or "the receiving server refused it"
    if not message.delivery_failed:
        message.note = "Delivery delayed: the receiving server is still trying."
        return None
    address = message.failed_recipient or (
        pitch.outbox_email.to_address if pitch and pitch.outbox_email_id else ""
    )
    if address:
        email_flag_bounced(
            workspace=message.workspace, address=address, reason=report, at=message.received_at
        )
    if pitch is not None:
        pitch_mark_undelivered(pitch=pitch, reason=report, at=message.received_at, now=now)
    return interaction_record(
        influencer=influencer,
        kind=InteractionKind.DELIVERY_FAILURE,
        direction=Direction.INBOUND,
        channel=Channel.EMAIL,
        summary=f"Email to {address or influencer.name} could not be delivered",
        body=report,
        occurred_at=message.received_at,
        source=message,
        now=now,
    )
