"""Shared by the outreach page tests: a frozen clock inside working hours, URLs, a media folder
of the test's own, and quick ways to put pitches in each state and email in the workspace through
the real services."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Channel
from contacts.services import channel_permission_set, influencer_create
from outreach.models import InboundMessage
from outreach.services.drafts import pitch_draft_save
from outreach.services.inbound import inbound_ingest
from outreach.services.sending import pitch_send

# Wednesday 18 Nov 2026, 10:00 UTC: working hours for a person in UTC.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
BODY = "Hi Ana, your write-up of the Lavaredo ultra was wonderful; would you test our shoes?"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def media(settings, tmp_path):
    """Files kept by a test (attachments) go to its own folder, removed with it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def ingest(personas, raw: bytes, *, now=NOW) -> InboundMessage:
    """A raw email delivered to the workspace's reply-to address, as the mail server would."""
    result = inbound_ingest(
        raw=raw, envelope_recipients=(personas.workspace.reply_to_address,), now=now
    )
    return result.message


def url(name: str, *args, workspace: str = "acme") -> str:
    return reverse(f"outreach:{name}", args=[workspace, *args])


def draft(influencer, author, **values):
    fields = {"channel": "email", "subject": "Shoes for Lavaredo", "body": BODY}
    fields.update(values)
    fields.setdefault("topics", ["Trail running"])
    return pitch_draft_save(influencer=influencer, author=author, now=NOW, **fields)


def sent(influencer, author, *, now=NOW, **values):
    pitch = draft(influencer, author, **values)
    return pitch_send(pitch=pitch, actor=author, actor_role="member", now=now)


def ana_rocha(personas):
    """Ana Rocha in "acme", writing about trail running, in UTC, who opened email to us."""
    ana = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Ana Rocha",
        emails=["ana@trails.example"],
        topics=["Trail running"],
        time_zone="UTC",
    )
    channel_permission_set(
        influencer=ana,
        channel=Channel.EMAIL,
        is_open=True,
        evidence="Business email on her profile",
        actor=personas.member,
    )
    return ana


def person(personas, name, **extra):
    """Someone in "acme" who opened email to us, in UTC, writing about trail running."""
    influencer = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name=name,
        emails=[f"{name.replace(' ', '.').lower()}@example.test"],
        topics=["Trail running"],
        time_zone="UTC",
        **extra,
    )
    channel_permission_set(
        influencer=influencer,
        channel=Channel.EMAIL,
        is_open=True,
        evidence="Business email on the profile",
        actor=personas.member,
    )
    return influencer
