"""Reads of the pitch library (outreach.selectors.library): templates, who may change them, a
person's sending identity, and a pitch's kept files (served after the workspace check)."""

import uuid

from django.db.models import (
    QuerySet,
)
from django.shortcuts import get_object_or_404

from irm.models import Membership, Role, User, Workspace
from outreach.models import (
    PitchAttachment,
    PitchTemplate,
    SendingIdentity,
)


def templates_list(*, workspace: Workspace, archived: bool = False) -> QuerySet[PitchTemplate]:
    return (
        PitchTemplate.objects.filter(workspace=workspace, archived_at__isnull=not archived)
        .select_related("created_by")
        .prefetch_related("topics")
        .order_by("name", "pk")
    )


def template_get(*, workspace: Workspace, public_id) -> PitchTemplate:
    return get_object_or_404(
        PitchTemplate.objects.select_related("created_by").prefetch_related("topics"),
        workspace=workspace,
        public_id=public_id,
    )


def template_for_pitch(*, workspace: Workspace, public_id) -> PitchTemplate | None:
    """A template the composer may start from: this workspace's and not archived; None for
    anything else (an id that is not one too)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except (TypeError, ValueError):
        return None
    return PitchTemplate.objects.filter(
        workspace=workspace, public_id=public_id, archived_at__isnull=True
    ).first()


def template_may_edit(*, template: PitchTemplate, membership: Membership) -> bool:
    return membership.may(Role.MANAGER) or (
        membership.may(Role.MEMBER) and template.created_by_id == membership.user_id
    )


def identity_get(*, workspace: Workspace, user: User) -> SendingIdentity | None:
    return SendingIdentity.objects.filter(workspace=workspace, user=user).first()


def attachment_get(*, workspace: Workspace, public_id) -> PitchAttachment:
    return get_object_or_404(
        PitchAttachment.objects.select_related("pitch"),
        pitch__workspace=workspace,
        public_id=public_id,
    )
