"""Files kept with a draft (outreach.services.attachments): what a press kit or a brief usually
is, checked by its content, in media storage; removed only while the pitch is a draft."""

import os
import re
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from contacts.models import Channel
from irm.errors import RuleError
from outreach.models import (
    Pitch,
    PitchAttachment,
    PitchStatus,
)

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
