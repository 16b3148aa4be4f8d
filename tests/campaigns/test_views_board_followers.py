"""A card on the board and a shortlist suggestion say how many follow the person, and say so
when nobody knows: an unknown count is never shown as 0."""

import pytest
import time_machine
from django.urls import reverse

from campaigns.services.pipeline import collaboration_shortlist
from contacts.models import Influencer
from tests.campaigns.conftest import NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_card_says_followers_are_not_known_rather_than_zero(client, personas, campaign, ana, ben):
    for person in (ana, ben):
        collaboration_shortlist(
            campaign=campaign, influencer=person, actor=personas.member, now=NOW
        )
    Influencer.objects.filter(pk=ben.pk).update(total_followers=12_500)
    client.force_login(personas.viewer)

    page = client.get(
        reverse("campaigns:campaign-detail", args=[personas.workspace.slug, campaign.public_id])
    ).content.decode()

    assert '<small class="muted">followers not known</small>' in page
    assert '<small class="muted">12,500 followers</small>' in page
    assert ">0 followers" not in page
