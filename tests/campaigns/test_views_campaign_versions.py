"""Two people editing the same brief: the second save shows both versions side by side and
overwrites nothing until it is saved again on purpose."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus
from campaigns.services.campaigns import campaign_update
from irm.versions import CONFLICT_MESSAGE
from tests.campaigns.test_views_campaigns import brief

HTMX = {"HX-Request": "true"}


def edit_url(campaign):
    return reverse("campaigns:campaign-edit", args=["acme", campaign.public_id])


def opened(campaign, version, **changes):
    """The brief as the edit form showed it (the campaign's own values), with changes typed."""
    data = brief(
        campaign.brand,
        name=campaign.name,
        status=campaign.status,
        goal=campaign.goal,
        story=campaign.story,
        key_messages=campaign.key_messages,
        dos=campaign.dos,
        donts=campaign.donts,
        hashtags=" ".join(campaign.hashtags),
        disclosure=campaign.disclosure,
        starts_on=campaign.starts_on.isoformat() if campaign.starts_on else "",
        ends_on=campaign.ends_on.isoformat() if campaign.ends_on else "",
        budget=str(campaign.budget or ""),
        currency=campaign.currency,
        owner=str(campaign.owner.public_id) if campaign.owner else "",
        team="",
        version=str(version),
    )
    data.update(changes)
    return data


def test_the_edit_form_carries_the_version(client, personas, campaign):
    client.force_login(personas.member)

    page = client.get(edit_url(campaign)).content.decode()

    assert '<input type="hidden" name="version" value="1"' in page


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_the_second_editor_sees_both_versions_and_nothing_is_overwritten(
    client, personas, campaign, headers
):
    form_data = opened(campaign, 1, story="Told by the people who mend it", goal="Mend more")
    campaign_update(campaign=campaign, actor=personas.manager, goal="Sell repair kits")
    client.force_login(personas.member)

    response = client.post(edit_url(campaign), form_data, headers=headers)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page  # the whole page, the form in place
    assert CONFLICT_MESSAGE.split(".")[0] in page
    table = page.split('<table class="version-conflict">')[1].split("</table>")[0]
    assert '<th scope="row">Goal</th><td>Sell repair kits</td><td>Mend more</td>' in table
    assert '<th scope="row">Story</th>' in table
    assert "Name" not in table
    assert "Told by the people who mend it</textarea>" in page
    assert '<input type="hidden" name="version" value="2"' in page
    campaign.refresh_from_db()
    assert (campaign.goal, campaign.version) == ("Sell repair kits", 2)
    assert campaign.story != "Told by the people who mend it"


def test_saving_again_after_the_conflict_keeps_the_second_version(client, personas, campaign):
    form_data = opened(campaign, 1, goal="Mend more")
    campaign_update(campaign=campaign, actor=personas.manager, goal="Sell repair kits")
    client.force_login(personas.member)
    assert client.post(edit_url(campaign), form_data).status_code == 400

    response = client.post(edit_url(campaign), {**form_data, "version": "2"})

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.goal, campaign.version) == ("Mend more", 3)


def test_a_viewer_and_an_outsider_cannot_save_a_current_version(client, personas, campaign):
    for person, code in ((personas.viewer, 403), (personas.outsider, 404)):
        client.force_login(person)
        for headers in (HTMX, {}):
            response = client.post(
                edit_url(campaign), opened(campaign, 1, goal="X"), headers=headers
            )
            assert response.status_code == code
    assert Campaign.objects.get(pk=campaign.pk).version == 1


def test_a_status_change_by_hand_counts_as_an_edit(personas, campaign):
    campaign_update(campaign=campaign, actor=personas.manager, status=CampaignStatus.ACTIVE)

    assert Campaign.objects.get(pk=campaign.pk).version == 2
