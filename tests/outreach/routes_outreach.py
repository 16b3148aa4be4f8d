"""Who may use the outreach pages (see tests/access.py).

Viewers read the board, pitches, templates and files; members compose, send and log answers;
a draft, a template and a follow-up belong to their author (or a manager): the matrix acts on
one the acting person wrote (tests/outreach/test_views_*.py cover someone else's: 403).
Empty POSTs: the composer and the check need an influencer (400), forms need their fields (400),
actions that need no input redirect (302)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from outreach.models import Pitch, PitchAttachment, PitchStatus
from outreach.services.library import template_create
from tests.access import workspace_route
from tests.factories import PitchFactory, ProfileFactory

ROUTES = {
    "outreach:index": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:pitch-new": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "outreach:pitch-check": {"POST": workspace_route(needs="member", allowed=400)},
    "outreach:pitch-detail": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:pitch-edit": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "outreach:pitch-cancel": {"POST": workspace_route(needs="member", allowed=302)},
    "outreach:pitch-answer": {"POST": workspace_route(needs="member", allowed=400)},
    "outreach:pitch-follow-up": {"POST": workspace_route(needs="member", allowed=302)},
    "outreach:attachment": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:attachment-remove": {"POST": workspace_route(needs="member", allowed=302)},
    "outreach:templates": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:template-new": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "outreach:template-preview": {"POST": workspace_route(needs="member", allowed=400)},
    "outreach:template-edit": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "outreach:template-archive": {"POST": workspace_route(needs="member", allowed=302)},
    # Everyone sets their own From name; an empty one is refused.
    "outreach:identity": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="viewer", allowed=400),
    },
}

# One small file kept in media storage for the download check (media/ is not versioned).
MATRIX_FILE = "pitch-attachments/access-matrix/press-kit.pdf"


def _is_member(personas, user) -> bool:
    return user is not None and user.memberships.filter(workspace=personas.workspace).exists()


def _pitch(personas, author, *, sent: bool = False) -> Pitch:
    influencer = ProfileFactory(
        workspace=personas.workspace, actor=personas.admin, name="Ana Rocha", emails=["a@r.test"]
    )
    pitch = PitchFactory(
        influencer=influencer, author=author, subject="", body="Hello Ana", topics=[]
    )
    if sent:
        now = timezone.now()
        Pitch.objects.filter(pk=pitch.pk).update(
            status=PitchStatus.SENT, sent_at=now, admitted_at=now
        )
    return pitch


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    kwargs = {"slug": personas.workspace.slug}
    author = acting_user if _is_member(personas, acting_user) else personas.admin
    if name in {"outreach:pitch-detail", "outreach:pitch-edit", "outreach:pitch-cancel"}:
        kwargs["public_id"] = _pitch(personas, author).public_id
    elif name in {"outreach:pitch-answer", "outreach:pitch-follow-up"}:
        kwargs["public_id"] = _pitch(personas, author, sent=True).public_id
    elif name in {"outreach:attachment", "outreach:attachment-remove"}:
        if not default_storage.exists(MATRIX_FILE):
            default_storage.save(MATRIX_FILE, ContentFile(b"%PDF-1.4 press kit"))
        attachment = PitchAttachment.objects.create(
            pitch=_pitch(personas, author),
            file=MATRIX_FILE,
            name="press-kit.pdf",
            content_type="application/pdf",
            size=18,
        )
        kwargs["public_id"] = attachment.public_id
    elif name in {"outreach:template-edit", "outreach:template-archive"}:
        template = template_create(
            workspace=personas.workspace,
            actor=author,
            name="Trail shoes",
            subject="Shoes for {first_name}",
            body="Hi {first_name}, ...",
        )
        kwargs["public_id"] = template.public_id
    return kwargs
