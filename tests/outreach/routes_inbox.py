"""Who may use the inbox pages (see tests/access.py).

Viewers read the inbox, a message and its kept files; members and up attach, discard, put
back and decide an auto-reply's return date. Empty POSTs: attaching needs a choice (400), the
return date needs "set" or "ignore" (400), discarding and putting back need no input (302)."""

import uuid
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from contacts.services import influencer_create
from outreach.models import (
    AwayDecision,
    InboundAttachment,
    InboundKind,
    InboundMessage,
    InboundStatus,
)
from tests.access import workspace_route

ROUTES = {
    "outreach:inbox": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:inbox-count": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:inbox-message": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:inbox-attach": {"POST": workspace_route(needs="member", allowed=400)},
    "outreach:inbox-discard": {"POST": workspace_route(needs="member", allowed=302)},
    "outreach:inbox-restore": {"POST": workspace_route(needs="member", allowed=302)},
    "outreach:inbox-attachment": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:inbound-away": {"POST": workspace_route(needs="member", allowed=400)},
}

# One small file kept in media storage for the download check (media/ is not versioned).
MATRIX_FILE = "inbound-attachments/access-matrix/media-kit.pdf"


def _message(personas, **values) -> InboundMessage:
    now = timezone.now()
    fields = {
        "workspace": personas.workspace,
        "message_id": f"<{uuid.uuid4().hex}@trails.example>",
        "from_name": "Ana Rocha",
        "from_address": "ana@trails.example",
        "to_addresses": [personas.workspace.reply_to_address],
        "subject": "Re: Trail shoes",
        "sent_at": now,
        "received_at": now,
        "body_text": "Yes please!",
        "kind": InboundKind.REPLY,
        "status": InboundStatus.UNMATCHED,
        "note": "No influencer uses ana@trails.example.",
    }
    fields.update(values)
    return InboundMessage.objects.create(**fields)


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    kwargs = {"slug": personas.workspace.slug}
    if name in {"outreach:inbox-message", "outreach:inbox-attach", "outreach:inbox-discard"}:
        kwargs["public_id"] = _message(personas).public_id
    elif name == "outreach:inbox-restore":
        kwargs["public_id"] = _message(personas, status=InboundStatus.DISCARDED).public_id
    elif name == "outreach:inbound-away":
        ana = influencer_create(
            workspace=personas.workspace, actor=personas.admin, name="Ana Rocha"
        )
        message = _message(
            personas,
            kind=InboundKind.AUTO_REPLY,
            status=InboundStatus.MATCHED,
            influencer=ana,
            away_until=date(2030, 1, 6),
            away_decision=AwayDecision.PENDING,
            note="",
        )
        kwargs["public_id"] = message.public_id
    elif name == "outreach:inbox-attachment":
        if not default_storage.exists(MATRIX_FILE):
            default_storage.save(MATRIX_FILE, ContentFile(b"%PDF-1.4 media kit"))
        attachment = InboundAttachment.objects.create(
            message=_message(personas),
            file=MATRIX_FILE,
            name="media-kit.pdf",
            content_type="application/pdf",
            size=18,
        )
        kwargs["public_id"] = attachment.public_id
    return kwargs
