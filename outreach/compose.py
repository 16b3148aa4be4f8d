"""Writes behind the outreach pages: drafts as they are edited, attachments, templates, sending
identities and follow-up drafts started by hand. Sending stays in outreach.services, behind the
contact guard; nothing here admits a contact."""

import os
import re
from collections.abc import Iterable
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from contacts import facts
from contacts.models import Channel, Influencer
from contacts.services import topics_ensure
from irm.errors import RuleError
from irm.models import User, Workspace
from irm.versions import version_claim
from outreach.models import (
    Pitch,
    PitchAttachment,
    PitchStatus,
    PitchTemplate,
    SendingIdentity,
)
from outreach.services import merge_fields, pitch_create, render

MERGE_FIELDS = {
    "first_name": "their first name",
    "name": "their full name",
    "my_name": "your From name (or your name)",
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Attachments: what a press kit or a brief usually is, and nothing a browser would run.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
_ZIP = (b"PK\x03\x04",)
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ZIP,
    ),
}


def topic_names(text: str) -> list[str]:
    """“Trail running, gear” -> ["Trail running", "gear"], without repeats."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen[name.lower()] = name[:60]
    return list(seen.values())


def merge_values(*, influencer: Influencer, author: User) -> dict[str, str]:
    """The merge fields for this person, signed with the author's From name when they set one."""
    values = merge_fields(influencer=influencer, author=author)
    identity = SendingIdentity.objects.filter(
        workspace=influencer.workspace_id, user=author
    ).first()
    if identity and identity.from_name.strip():
        values["my_name"] = identity.from_name.strip()
    return values


def _check_merge_fields(*texts: str, field: str) -> None:
    for text in texts:
        for name in _PLACEHOLDER.findall(text):
            if name not in MERGE_FIELDS:
                known = ", ".join("{" + key + "}" for key in MERGE_FIELDS)
                raise RuleError(f"{{{name}}} is not a merge field. Use {known}.", field=field)


# --- drafts ------------------------------------------------------------------------------------


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
    _check_merge_fields(subject, field="subject")
    _check_merge_fields(body, field="body")
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


@transaction.atomic
def follow_up_start(*, pitch: Pitch, actor: User, now: datetime | None = None) -> Pitch:
    """The one polite follow-up, started by hand: the open follow-up draft of this pitch, or a
    new one threaded to it. It is sent through the guard like any pitch."""
    now = now or timezone.now()
    pitch = (
        Pitch.objects.select_for_update(of=("self",)).select_related("influencer").get(pk=pitch.pk)
    )
    if pitch.status != PitchStatus.SENT:
        raise RuleError("Only a sent pitch that still waits for an answer is followed up.")
    if pitch.follow_up_of_id:
        raise RuleError("Follow up the original pitch, not its follow-up.")
    if pitch.delivery_failed_at is not None:
        # A follow-up threads to the same address, so it would bounce too.
        raise RuleError(
            "This email never arrived, so a follow-up would not either: write to another "
            "address instead."
        )
    draft = pitch.follow_ups.filter(status=PitchStatus.DRAFT).order_by("created_at").first()
    if draft is not None:
        return draft
    cap = facts.contact_policy_effective(influencer=pitch.influencer).max_follow_ups
    if pitch.follow_ups.filter(admitted_at__isnull=False).count() >= cap:
        raise RuleError(
            f"{pitch.influencer.name} was already followed up; one polite follow-up is the "
            "limit. Wait for their answer."
        )
    first_name = merge_fields(influencer=pitch.influencer, author=actor)["first_name"]
    return pitch_create(
        influencer=pitch.influencer,
        author=actor,
        channel=pitch.channel,
        subject=f"Re: {pitch.subject}" if pitch.subject else "",
        body=f"Hi {first_name},\n\n",
        topics=pitch.topics.values_list("name", flat=True),
        follow_up_of=pitch,
        now=now,
    )


# --- attachments -------------------------------------------------------------------------------


def _safe_name(name: str) -> str:
    name = os.path.basename(name.replace("\\", "/")).strip()
    name = re.sub(r"[\x00-\x1f\x7f\"]", "", name)
    return name[:200] or "attachment"


@transaction.atomic
def attachment_add(
    *, pitch: Pitch, upload: UploadedFile, now: datetime | None = None
) -> PitchAttachment:
    """Keep a file with a draft, in media storage. Only PDF, PNG, JPEG, DOCX and PPTX files up to
    10 MB, whose content matches their type."""
    now = now or timezone.now()
    pitch = Pitch.objects.select_for_update(of=("self",)).get(pk=pitch.pk)
    name = _safe_name(upload.name or "")
    if pitch.status != PitchStatus.DRAFT:
        raise RuleError("Files can be added to drafts only.", field="attachments")
    if pitch.channel != Channel.EMAIL:
        raise RuleError(
            "Files go out with email pitches only; send them yourself on this channel.",
            field="attachments",
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in ATTACHMENT_TYPES:
        raise RuleError(
            f"“{name}” cannot be attached: PDF, PNG, JPEG, DOCX and PPTX files are accepted.",
            field="attachments",
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise RuleError(f"“{name}” is larger than 10 MB.", field="attachments")
    if upload.size == 0:
        raise RuleError(f"“{name}” is empty.", field="attachments")
    content_type, signatures = ATTACHMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise RuleError(
            f"“{name}” does not look like a {extension[1:].upper()} file.", field="attachments"
        )
    if pitch.attachments.count() >= MAX_ATTACHMENTS:
        raise RuleError(f"A pitch carries at most {MAX_ATTACHMENTS} files.", field="attachments")
    attachment = PitchAttachment(
        pitch=pitch, name=name, content_type=content_type, size=upload.size, uploaded_at=now
    )
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: PitchAttachment) -> None:
    pitch = Pitch.objects.select_for_update(of=("self",)).get(pk=attachment.pitch_id)
    if pitch.status != PitchStatus.DRAFT:
        raise RuleError("Files of a pitch that was sent stay with it.")
    path, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))


# --- templates ---------------------------------------------------------------------------------


def _template_values(name: str, subject: str, body: str) -> tuple[str, str, str]:
    name, subject = " ".join(name.split()), " ".join(subject.split())
    if not name:
        raise RuleError("Give the template a name.", field="name")
    if not body.strip():
        raise RuleError("Write the template's text.", field="body")
    _check_merge_fields(subject, field="subject")
    _check_merge_fields(body, field="body")
    return name[:120], subject[:200], body


def _name_taken(workspace: Workspace, name: str, exclude: PitchTemplate | None) -> None:
    rows = PitchTemplate.objects.filter(workspace=workspace, name__iexact=name)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    if rows.exists():
        raise RuleError("A template with this name exists already.", field="name")


@transaction.atomic
def template_create(
    *,
    workspace: Workspace,
    actor: User,
    name: str,
    subject: str,
    body: str,
    topics: Iterable[str] = (),
    now: datetime | None = None,
) -> PitchTemplate:
    now = now or timezone.now()
    name, subject, body = _template_values(name, subject, body)
    _name_taken(workspace, name, None)
    template = PitchTemplate.objects.create(
        workspace=workspace,
        name=name,
        subject=subject,
        body=body,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    template.topics.set(topics_ensure(workspace=workspace, names=topics))
    return template


@transaction.atomic
def template_update(
    *,
    template: PitchTemplate,
    name: str,
    subject: str,
    body: str,
    topics: Iterable[str] = (),
    now: datetime | None = None,
) -> PitchTemplate:
    now = now or timezone.now()
    name, subject, body = _template_values(name, subject, body)
    _name_taken(template.workspace, name, template)
    template.name, template.subject, template.body = name, subject, body
    template.updated_at = now
    template.save(update_fields=["name", "subject", "body", "updated_at"])
    template.topics.set(topics_ensure(workspace=template.workspace, names=topics))
    return template


@transaction.atomic
def template_archive(
    *, template: PitchTemplate, archived: bool, now: datetime | None = None
) -> PitchTemplate:
    """Archived templates leave the composer's picker; pitches made from them keep the link."""
    now = now or timezone.now()
    template.archived_at = now if archived else None
    template.updated_at = now
    template.save(update_fields=["archived_at", "updated_at"])
    return template


# --- sending identity --------------------------------------------------------------------------


@transaction.atomic
def identity_save(
    *, workspace: Workspace, user: User, from_name: str, signature: str = ""
) -> SendingIdentity:
    """How this person signs pitches in this workspace."""
    from_name = " ".join(from_name.split())
    if not from_name:
        raise RuleError("Give the name your pitches come from.", field="from_name")
    if any(char in from_name for char in '<>@"'):
        raise RuleError("A From name is a name, without an address or quotes.", field="from_name")
    identity, _ = SendingIdentity.objects.update_or_create(
        workspace=workspace,
        user=user,
        defaults={"from_name": from_name[:120], "signature": signature.strip()},
    )
    return identity
