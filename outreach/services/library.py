"""Writes of the pitch library (outreach.services.library): templates (named, with merge fields
that exist) and each person's sending identity (From name and signature) in a workspace."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contacts.services import topics_ensure
from irm.errors import RuleError
from irm.models import User, Workspace
from outreach.models import (
    PitchTemplate,
    SendingIdentity,
)
from outreach.services.drafts import merge_fields_check


def _template_values(
    workspace: Workspace, name: str, subject: str, body: str, *, exclude: PitchTemplate | None
) -> tuple[str, str, str]:
    """The template's name, subject and body as kept, once they follow the rules (a name not
    taken by another template of the workspace)."""
    name, subject = " ".join(name.split()), " ".join(subject.split())
    if not name:
        raise RuleError("Give the template a name.", field="name")
    if not body.strip():
        raise RuleError("Write the template's text.", field="body")
    merge_fields_check(subject, field="subject")
    merge_fields_check(body, field="body")
    name = name[:120]
    rows = PitchTemplate.objects.filter(workspace=workspace, name__iexact=name)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    if rows.exists():
        raise RuleError("A template with this name exists already.", field="name")
    return name, subject[:200], body


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
    name, subject, body = _template_values(workspace, name, subject, body, exclude=None)
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
    name, subject, body = _template_values(
        template.workspace, name, subject, body, exclude=template
    )
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
