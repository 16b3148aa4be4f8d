"""Reads about inbound mail: where an arriving message belongs (the workspace it was sent to,
the member who sent it, the pitch it answers by thread or by subject, the influencer by address,
with the reason when none), and whose address a message carries. Ingesting is
outreach/services/inbound.py; the inbox page's own reads are outreach/selectors/inbox.py."""

import re
from datetime import timedelta

from django.db.models.functions import Lower

from contacts import selectors as contacts_selectors
from contacts.models import Influencer
from irm.errors import RuleError
from irm.models import Membership, User, Workspace
from outreach.mail.parse import ParsedEmail
from outreach.models import SENT_STATUSES, InboundKind, InboundMessage, Pitch

# How far back a reply without threading headers may answer a pitch with the same subject.
SUBJECT_MATCH_DAYS = 90
_SUBJECT_PREFIX = re.compile(
    r"^\s*((re|aw|sv|antw|wg|fw|fwd|tr|rv|automatic reply|auto-reply|autoreply|"
    r"out of office|réponse automatique)\s*(\[\d+\])?\s*:\s*)+",
    re.IGNORECASE,
)


def pitch_by_subject(message: InboundMessage, influencer: Influencer) -> Pitch | None:
    """A reply without threading headers answers their recent pitch with the same subject."""
    subject = subject_core(message.subject)
    if not subject:
        return None
    recent = Pitch.objects.filter(
        influencer=influencer,
        status__in=SENT_STATUSES,
        sent_at__gte=message.received_at - timedelta(days=SUBJECT_MATCH_DAYS),
        sent_at__lte=message.received_at,
    ).order_by("-sent_at")
    return next((p for p in recent if subject_core(p.subject) == subject), None)


def subject_core(subject: str) -> str:
    """ "RE: Aw: Your autumn trail story" -> "your autumn trail story"."""
    return " ".join(_SUBJECT_PREFIX.sub("", subject).split()).casefold()


def their_address(message: InboundMessage) -> str:
    """The influencer's own address in this message, worth remembering on their profile: the
    sender of what they wrote, the recipient of a member's BCC-logged email. A bounced address
    is not worth remembering."""
    if message.kind in (InboundKind.REPLY, InboundKind.AUTO_REPLY):
        return message.from_address
    if message.kind == InboundKind.LOGGED_OUTBOUND:
        ours = message.workspace.reply_to_address.lower()
        return next((a for a in message.to_addresses if a.lower() != ours), "")
    return ""


def inbound_by_message_id(workspace: Workspace, message_id: str) -> InboundMessage | None:
    return InboundMessage.objects.filter(workspace=workspace, message_id=message_id).first()


def workspace_addressed(parsed: ParsedEmail, envelope_recipients: tuple[str, ...]) -> Workspace:
    """The workspace whose reply-to address received it; a bounce (sent back to our envelope
    sender, not to the reply-to) finds it through the Message-ID of the pitch that bounced."""
    addresses = {
        address.strip().lower()
        for address in (*envelope_recipients, *parsed.delivered_to, *parsed.to, *parsed.cc)
        if address.strip()
    }
    workspace = (
        Workspace.objects.alias(address=Lower("reply_to_address"))
        .filter(address__in=addresses)
        .first()
    )
    if workspace is not None:
        return workspace
    pitch = Pitch.objects.filter(message_id__in=thread_ids(parsed)).select_related("workspace")
    if (found := pitch.first()) is not None:
        return found.workspace
    shown = ", ".join(sorted(addresses)) or "no address"
    raise RuleError(f"This message was sent to {shown}, which is no workspace's reply-to address.")


def thread_ids(parsed: ParsedEmail) -> list[str]:
    """Message-IDs this message answers, nearest first."""
    ids = []
    if parsed.delivery and parsed.delivery.original_message_id:
        ids.append(parsed.delivery.original_message_id)
    ids += [*parsed.in_reply_to, *reversed(parsed.references)]
    return list(dict.fromkeys(i for i in ids if i))


def member_sender(message: InboundMessage) -> User | None:
    """The member who sent it, when a member sent it (the BCC-logging case)."""
    membership = (
        Membership.objects.alias(address=Lower("user__email"))
        .filter(workspace=message.workspace, address=message.from_address)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def pitch_by_thread(message: InboundMessage, parsed: ParsedEmail) -> Pitch | None:
    ids = thread_ids(parsed)
    if not ids:
        return None
    by_id = {
        pitch.message_id: pitch
        for pitch in Pitch.objects.filter(
            workspace=message.workspace, message_id__in=ids, influencer__erased_at__isnull=True
        ).select_related("influencer")
    }
    # A reply to their own earlier message (already threaded) belongs to the same pitch.
    for earlier in InboundMessage.objects.filter(
        workspace=message.workspace, message_id__in=ids, pitch__isnull=False
    ).select_related("pitch__influencer"):
        by_id.setdefault(earlier.message_id, earlier.pitch)
    return next((by_id[i] for i in ids if i in by_id), None)


def influencer_by_address(
    message: InboundMessage, parsed: ParsedEmail
) -> tuple[Influencer | None, str]:
    """Their own address, or their agent's when the agent speaks for one influencer only. For a
    bounce, the address that failed."""
    workspace = message.workspace
    if message.kind == InboundKind.DELIVERY_REPORT:
        for address in parsed.delivery.recipients if parsed.delivery else ():
            if influencer := contacts_selectors.influencer_by_email(
                workspace=workspace, address=address
            ):
                return influencer, ""
        return None, "A delivery report about an address no influencer uses."
    address = message.from_address
    if not address:
        return None, "The sender's address could not be read."
    if influencer := contacts_selectors.influencer_by_email(workspace=workspace, address=address):
        return influencer, ""
    clients = contacts_selectors.influencers_by_agent_email(workspace=workspace, address=address)
    if len(clients) == 1:
        return clients[0], ""
    if clients:
        names = ", ".join(sorted(client.name for client in clients))
        return None, f"{address} is the agent of {names}: choose who this is about."
    if erased_on := contacts_selectors.suppression_match(workspace=workspace, emails=[address]):
        return None, f"No influencer uses {address}. {erased_words(erased_on)}"
    return None, f"No influencer uses {address}."


def erased_words(erased_on) -> str:
    """An inbound message from or to someone erased: said in its note, in the inbox."""
    return (
        f"It belongs to a person erased on {erased_on:%-d %B %Y}: do not contact them; "
        "creating them from it adds them as do-not-contact."
    )
