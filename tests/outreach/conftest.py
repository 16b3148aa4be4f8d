import pytest

from tests.factories import ProfileFactory


@pytest.fixture
def ana(personas):
    """An influencer in "acme" who opened email to us, writing about trail running."""
    return ProfileFactory(personas=personas, ana=True)


@pytest.fixture
def inbox(personas) -> str:
    """The address the workspace "acme" receives email at."""
    return personas.workspace.reply_to_address
