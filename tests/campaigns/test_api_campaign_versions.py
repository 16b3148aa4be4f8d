"""Campaigns in the API carry a `version`; a change sent with a stale one answers 409 with the
campaign as it is now and changes nothing."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from campaigns.services.campaigns import campaign_update
from tests.outreach.api_helpers import client_for

pytestmark = pytest.mark.django_db


def detail(campaign, slug="acme"):
    return reverse(
        "api:campaigns-api:campaign-detail", kwargs={"slug": slug, "public_id": campaign.public_id}
    )


def test_a_change_with_the_version_read_bumps_it(personas, campaign):
    client = client_for(personas.member)
    assert client.get(detail(campaign)).json()["version"] == 1

    response = client.patch(detail(campaign), {"goal": "Mend more", "version": 1}, "json")

    assert response.status_code == 200
    assert response.json()["version"] == 2


@pytest.mark.parametrize("how", ["body", "if-match"])
def test_a_stale_version_is_a_409_with_the_current_campaign(personas, campaign, how):
    campaign_update(campaign=campaign, actor=personas.manager, goal="Sell repair kits")
    sent, headers = {"goal": "Mend more"}, {}
    if how == "body":
        sent["version"] = 1
    else:
        headers["If-Match"] = 'W/"1"'

    response = client_for(personas.member).patch(detail(campaign), sent, "json", headers=headers)

    assert response.status_code == 409
    body = response.json()
    assert "Someone else saved this while you were editing" in body["detail"]
    assert body["current"]["goal"] == "Sell repair kits"
    assert body["current"]["version"] == 2
    assert body["current"]["brand"]["name"] == campaign.brand.name
    campaign.refresh_from_db()
    assert (campaign.goal, campaign.version) == ("Sell repair kits", 2)


def test_a_viewer_and_an_outsider_change_nothing(personas, campaign):
    viewer = client_for(personas.viewer).patch(
        detail(campaign), {"goal": "x", "version": 1}, "json"
    )
    outsider = client_for(personas.outsider).patch(
        detail(campaign), {"goal": "x", "version": 1}, "json"
    )

    assert (viewer.status_code, outsider.status_code) == (403, 404)
    assert Campaign.objects.get(pk=campaign.pk).version == 1


def test_the_schema_documents_the_409(personas):
    schema = client_for(personas.viewer).get("/api/schema/?format=json").json()

    patch = schema["paths"]["/api/v1/w/{slug}/campaigns/{public_id}/"]["patch"]
    assert patch["responses"]["409"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/CampaignConflict"
    )
    update = schema["components"]["schemas"]["PatchedCampaignUpdateRequest"]["properties"]
    assert update["version"]["minimum"] == 1
