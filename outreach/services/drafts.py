"""Writes of drafts (outreach.services.drafts): a pitch created (from a template, with its merge
fields filled) and saved as it stands in the composer. The merge fields' values are computed
here alone (merge_values). Nothing here admits a contact: sending is outreach.services.sending,
behind the contact guard."""

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from contacts.models import Channel, Influencer
from contacts.services import topics_ensure
from irm.errors import RuleError
from irm.models import User
from irm.versions import version_claim
from outreach.models import (
    Pitch,
    PitchStatus,
    PitchTemplate,
    SendingIdentity,
)

MERGE_FIELDS = {
    "first_name": "their first name",
    "name": "their full name",
    "my_name": "your From name (or your name)",
}


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def topic_names(text: str) -> list[str]:
    """“Trail running, gear” -> ["Trail running", "gear"], without repeats."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen[name.lower()] = name[:60]
    return list(seen.values())


def merge_values(*, influencer: Influencer, author: User | None, signed: bool = True) -> dict:
    """What the merge fields ({first_name}, {name}, {my_name}) stand for with this person.
    {my_name} is the author's name, or (`signed`, as the composer shows it) the From name of
    their sending identity in this workspace when they set one."""
    names = influencer.name.split()
    values = {
        "name": influencer.name,
        "first_name": names[0] if names else influencer.name,
        "my_name": (author.name or author.email) if author else "",
    }
    if signed and author is not None:
        identity = SendingIdentity.objects.filter(
            workspace=influencer.workspace_id, user=author
        ).first()
        if identity and identity.from_name.strip():
            values["my_name"] = identity.from_name.strip()
    return values


def render(text: str, values: dict[str, str]) -> str:
    """Fill {first_name}-style merge fields; unknown fields are left visible to be noticed."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def merge_fields_check(*texts: str, field: str) -> None:
    for text in texts:
        for name in _PLACEHOLDER.findall(text):
            if name not in MERGE_FIELDS:
                known = ", ".join("{" + key + "}" for key in MERGE_FIELDS)
                raise RuleError(f"{{{name}}} is not a merge field. Use {known}.", field=field)


@transaction.atomic
def pitch_create(
    *,
    influencer: Influencer,
    author: User,
    channel: str,
    body: str = "",
    subject: str = "",
    topics=(),
    template: PitchTemplate | None = None,
    context: Any = None,
    follow_up_of: Pitch | None = None,
    now: datetime | None = None,
) -> Pitch:
    """A draft. From a template, the subject and body are filled with merge fields."""
    now = now or timezone.now()
    if channel not in Channel.values:
        raise RuleError(f"“{channel}” is not a channel.", field="channel")
    if template is not None:
        values = merge_values(influencer=influencer, author=author, signed=False)
        subject = subject or render(template.subject, values)
        body = body or render(template.body, values)
    pitch = Pitch.objects.create(
        workspace=influencer.workspace,
        influencer=influencer,
        author=author,
        channel=channel,
        subject=subject.strip(),
        body=body,
        template=template,
        follow_up_of=follow_up_of,
        context_type=ContentType.objects.get_for_model(context) if context is not None else None,
        context_id=str(context.pk) if context is not None else "",
        created_at=now,
        updated_at=now,
    )
    names = list(topics) or (
        list(template.topics.values_list("name", flat=True)) if template else []
    )
    pitch.topics.set(topics_ensure(workspace=influencer.workspace, names=names))
    return pitch


@transaction.atomic
def pitch_draft_save(
    *,
    influencer: Influencer,
    author: User,
    channel: str,
    subject: str = "",
    body: str = "",
    topics: Iterable[str] = (),
    template: PitchTemplate | None = None,
    pitch: Pitch | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> Pitch:
    """Create a draft, or save an existing one as it stands in the composer. Merge fields typed
    in the subject or body ({first_name}, ...) are filled in for this person. `version`: the
    draft's when the composer opened it; if someone saved it since, VersionConflict and nothing
    is written."""
    now = now or timezone.now()
    if channel not in Channel.values:
        raise RuleError("Choose a channel they opened to you.", field="channel")
    values = merge_values(influencer=influencer, author=author)
    subject, body = render(subject, values), render(body, values)
    merge_fields_check(subject, field="subject")
    merge_fields_check(body, field="body")
    topics = list(topics)
    if pitch is None:
        return pitch_create(
            influencer=influencer,
            author=author,
            channel=channel,
            subject=subject,
            body=body,
            topics=topics,
            template=template,
            now=now,
        )
    pitch = Pitch.objects.select_for_update(of=("self",)).get(pk=pitch.pk)
    if pitch.status != PitchStatus.DRAFT:
        raise RuleError(f"This pitch is {pitch.get_status_display().lower()} already.")
    version_claim(row=pitch, expected=version)
    pitch.channel = channel
    pitch.subject = subject.strip()
    pitch.body = body
    pitch.template = template
    pitch.updated_at = now
    pitch.save(update_fields=["channel", "subject", "body", "template", "updated_at", "version"])
    pitch.topics.set(topics_ensure(workspace=pitch.workspace, names=topics))
    return pitch
