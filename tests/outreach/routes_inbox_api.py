"""Who may use the inbox API and the inbound webhook (see tests/access.py).

Viewers read the inbox and its messages; members and up attach, discard, restore and decide on
a return date. Each request gets a fresh unmatched message of "acme" (a discarded one for
`restore`): with no input, attaching names no one and deciding on a return date misses `apply`
(400); discarding and restoring need no input (200).

The webhook is not a workspace's route: it takes no session or token, only the shared secret,
so a POST without it is a 403 to everyone, signed in or not; a GET is a 405 to everyone.
"""

import uuid

from django.utils import timezone

from outreach.models import InboundKind, InboundMessage, InboundStatus
from tests.access import api_route, everyone

NAMESPACE = "api:outreach-api:"

ROUTES = {
    f"{NAMESPACE}inbox-list": {"GET": api_route(needs="viewer", allowed=200)},
    f"{NAMESPACE}inbox-detail": {"GET": api_route(needs="viewer", allowed=200)},
    f"{NAMESPACE}inbox-attach": {"POST": api_route(needs="member", allowed=400)},
    f"{NAMESPACE}inbox-discard": {"POST": api_route(needs="member", allowed=200)},
    f"{NAMESPACE}inbox-restore": {"POST": api_route(needs="member", allowed=200)},
    f"{NAMESPACE}inbound-away": {"POST": api_route(needs="member", allowed=400)},
    "api:inbound:email": {"POST": everyone(403), "GET": everyone(405)},
}


def unmatched_message(workspace, *, status: str = InboundStatus.UNMATCHED) -> InboundMessage:
    return InboundMessage.objects.create(
        workspace=workspace,
        message_id=f"<{uuid.uuid4().hex}@mail.example>",
        from_name="Someone New",
        from_address="someone@new.example",
        to_addresses=[workspace.reply_to_address],
        subject="Hello there",
        sent_at=timezone.now(),
        body_text="Hi, is this the right address for press kits?",
        kind=InboundKind.REPLY,
        status=status,
        note="No influencer uses someone@new.example.",
    )


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    if name == "api:inbound:email":
        return {}
    kwargs = {"slug": personas.workspace.slug}
    route = name.removeprefix(NAMESPACE)
    if route != "inbox-list":
        status = InboundStatus.DISCARDED if route == "inbox-restore" else InboundStatus.UNMATCHED
        kwargs["public_id"] = unmatched_message(personas.workspace, status=status).public_id
    return kwargs
