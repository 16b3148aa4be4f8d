"""Shared by the outreach page tests: a frozen clock inside working hours, URLs, a media folder
of the test's own, and quick ways to put pitches in each state (tests.factories.PitchFactory, with
this page's body) and email in the workspace through the real services. People are made with
tests.factories.ProfileFactory (`trail_runner=True`, `ana=True`)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from outreach.models import InboundMessage
from outreach.services.inbound import inbound_ingest
from tests.factories import PitchFactory

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
    return PitchFactory(influencer=influencer, author=author, now=NOW, **{"body": BODY, **values})


def sent(influencer, author, *, now=NOW, **values):
    values = {"body": BODY, **values}
    return PitchFactory(
        influencer=influencer, author=author, now=NOW, sent=True, sent_now=now, **values
    )
