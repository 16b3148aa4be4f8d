"""Reads about inbound mail: which recent pitch a reply without threading headers answers (by
subject), and whose address a message carries. The inbox's lists and pages read through
outreach/selectors/__init__.py and outreach/pages.py."""

import re
from datetime import timedelta

from contacts.models import Influencer
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
