import pytest

from contacts.models import Channel
from contacts.services import channel_permission_set, influencer_create


@pytest.fixture
def ana(personas):
    """An influencer in "acme" who opened email to us, writing about trail running."""
    influencer = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Ana Rocha",
        emails=["ana@trails.example"],
        topics=["Trail running"],
        time_zone="UTC",
    )
    channel_permission_set(
        influencer=influencer,
        channel=Channel.EMAIL,
        is_open=True,
        evidence="Business email on her profile",
        actor=personas.member,
    )
    return influencer


@pytest.fixture
def inbox(personas) -> str:
    """The address the workspace "acme" receives email at."""
    return personas.workspace.reply_to_address
