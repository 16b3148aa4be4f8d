import pytest

from tests.outreach.views_support import ana_rocha


@pytest.fixture
def ana(personas):
    """An influencer in "acme" who opened email to us, writing about trail running."""
    return ana_rocha(personas)


@pytest.fixture
def inbox(personas) -> str:
    """The address the workspace "acme" receives email at."""
    return personas.workspace.reply_to_address
