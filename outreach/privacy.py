"""Outreach's part of privacy: its sections of the per-person export (pitches, messages in
and out, reminders about them), and the privacy notice, a pitch like any other (it goes
through the contact guard when sent) whose text says what the workspace holds about the person,
why, since when and how to object. Registered with contacts when the app is ready."""

from datetime import datetime

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from contacts.models import Channel, Influencer, Interaction
from contacts.selectors import person_export_section_register, person_held_counts
from contacts.services import purge_in_batches, retention_purger_register
from irm.errors import RuleError
from irm.models import OutboxEmail, User
from outreach.models import InboundAttachment, InboundMessage, Pitch, PitchStatus, Reminder
from outreach.services.drafts import merge_values, pitch_create

# --- export sections -----------------------------------------------------------------------


@person_export_section_register(name="pitches", title="pitches")
def pitches(*, influencer: Influencer) -> list[dict]:
    rows = (
        Pitch.objects.filter(influencer=influencer)
        .select_related("author")
        .prefetch_related("topics")
        .order_by("created_at", "id")
    )
    return [
        {
            "id": pitch.public_id,
            "channel": pitch.channel,
            "subject": pitch.subject,
            "body": pitch.body,
            "topics": [topic.name for topic in pitch.topics.all()],
            "status": pitch.status,
            "author": (pitch.author.name or pitch.author.email) if pitch.author else "",
            "privacy_notice": pitch.is_privacy_notice,
            "created_at": pitch.created_at,
            "sent_at": pitch.sent_at,
            "replied_at": pitch.replied_at,
            "delivery_failure": pitch.delivery_failure,
            "override_reason": pitch.override_reason,
        }
        for pitch in rows
    ]


@person_export_section_register(name="messages", title="emails from and to them")
def messages(*, influencer: Influencer) -> list[dict]:
    """Emails they sent us (inbound) and the emails we sent them (the outbox rows of their
    pitches), oldest first."""
    inbound = [
        {
            "direction": "inbound",
            "at": message.sent_at,
            "from": message.from_address,
            "to": message.to_addresses,
            "cc": message.cc_addresses,
            "subject": message.subject,
            "body": message.body_text,
            "quoted": message.quoted_text,
            "kind": message.kind,
            "status": message.status,
            "attachments": [item.name for item in message.attachments.all()],
        }
        for message in InboundMessage.objects.filter(influencer=influencer).prefetch_related(
            "attachments"
        )
    ]
    outbound = [
        {
            "direction": "outbound",
            "at": email.sent_at or email.created_at,
            "from": email.from_address,
            "to": [email.to_address],
            "cc": [],
            "subject": email.subject,
            "body": email.body_text,
            "quoted": "",
            "kind": email.kind,
            "status": email.status,
            "attachments": [item.get("name", "") for item in email.attachments],
        }
        for email in OutboxEmail.objects.filter(
            pk__in=Pitch.objects.filter(influencer=influencer, outbox_email__isnull=False).values(
                "outbox_email"
            )
        )
    ]
    return sorted(inbound + outbound, key=lambda row: row["at"])


@person_export_section_register(name="reminders", title="reminders about them")
def reminders(*, influencer: Influencer) -> list[dict]:
    rows = Reminder.objects.filter(influencer=influencer).select_related("assignee")
    return [
        {
            "id": reminder.public_id,
            "kind": reminder.kind,
            "title": reminder.title,
            "reason": reminder.reason,
            "assignee": reminder.assignee.name or reminder.assignee.email,
            "due_at": reminder.due_at,
            "status": reminder.status,
        }
        for reminder in rows.order_by("due_at", "id")
    ]


# --- retention (contacts/services/retention.py) ---------------------------------------------------


@retention_purger_register("pitches")
def purge_pitch_bodies(*, workspace_id: int, before: datetime, batch_size: int) -> int:
    """Bodies of pitches sent before `before`; drafts and pitches waiting to go keep theirs."""
    old = Pitch.objects.filter(workspace_id=workspace_id, sent_at__lt=before).exclude(body="")
    return purge_in_batches(old, batch_size=batch_size, body="")


@retention_purger_register("inbound")
def purge_inbound_messages(*, workspace_id: int, before: datetime, batch_size: int) -> int:
    """Texts of emails received before `before`, their raw files and their attachments' files
    (each attachment stays listed, saying why its file is gone). Files go first: a file whose
    row kept its name is found again by the next run."""
    old = InboundMessage.objects.filter(workspace_id=workspace_id, received_at__lt=before).filter(
        ~Q(body_text="") | ~Q(quoted_text="") | ~Q(raw="")
    )
    done = 0
    while batch := list(old.order_by("pk").values_list("pk", "raw")[:batch_size]):
        ids = [pk for pk, _ in batch]
        for _, name in batch:
            if name:
                InboundMessage.raw.field.storage.delete(name)
        files = InboundAttachment.objects.filter(message_id__in=ids).exclude(file="")
        for name in files.values_list("file", flat=True):
            InboundAttachment.file.field.storage.delete(name)
        files.update(file="", not_kept_reason="Removed after the workspace's retention period")
        done += InboundMessage.objects.filter(pk__in=ids).update(
            body_text="", quoted_text="", raw=""
        )
        if len(batch) < batch_size:
            break
    return done


# --- the privacy notice ----------------------------------------------------------------------

NOTICE_SUBJECT = "What {workspace} holds about you"
NOTICE_BODY = """Hello {first_name},

We work with creators at {workspace}, and we keep some information about you. You have a right
to know what it is, why we keep it and how to object.

What we hold about you:
{held}

Why: {purpose}

Since when: our first record about you is from {since}.

How to object: reply to this email to ask for a copy of everything we hold, to correct it, or
to ask us to stop contacting you or to erase it. We will answer within one month.

{my_name}
"""


def notice_since(*, influencer: Influencer) -> datetime:
    """Our first record about them: the profile's creation, or an earlier timeline entry
    (an import or a contact logged after the fact)."""
    first_entry = Interaction.objects.filter(influencer=influencer).aggregate(
        first=Min("occurred_at")
    )["first"]
    return min(filter(None, [influencer.created_at, first_entry]))


def notice_text(*, influencer: Influencer, author: User) -> tuple[str, str]:
    """(subject, body) of the notice for this person, with what is held counted now."""
    workspace = influencer.workspace
    held = "\n".join(
        f"- {title}: {count}" for title, count in person_held_counts(influencer=influencer)
    )
    since = timezone.localtime(notice_since(influencer=influencer), workspace.zone)
    values = merge_values(influencer=influencer, author=author, signed=False)
    body = NOTICE_BODY.format(
        first_name=values["first_name"],
        workspace=workspace.name,
        held=held,
        purpose=workspace.privacy_purpose.strip(),
        since=f"{since.day} {since:%B %Y}",
        my_name=values["my_name"],
    )
    return NOTICE_SUBJECT.format(workspace=workspace.name), body


@transaction.atomic
def privacy_notice_prepare(
    *, influencer: Influencer, author: User, now: datetime | None = None
) -> Pitch:
    """A draft of the privacy notice to them by email, for a person to read and send from the
    composer (through the contact guard). The author's unsent notice draft to them is reused,
    brought up to date."""
    now = now or timezone.now()
    if influencer.erased_at is not None:
        raise RuleError("This person was erased: nothing is held to tell them about.")
    subject, body = notice_text(influencer=influencer, author=author)
    draft = Pitch.objects.filter(
        influencer=influencer, author=author, is_privacy_notice=True, status=PitchStatus.DRAFT
    ).first()
    if draft is not None:
        draft.subject, draft.body, draft.updated_at = subject, body, now
        draft.save(update_fields=["subject", "body", "updated_at"])
        return draft
    draft = pitch_create(
        influencer=influencer,
        author=author,
        channel=Channel.EMAIL,
        subject=subject,
        body=body,
        now=now,
    )
    draft.is_privacy_notice = True
    draft.save(update_fields=["is_privacy_notice"])
    return draft
