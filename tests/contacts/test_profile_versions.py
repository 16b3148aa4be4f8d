"""Two people editing the same profile: the second save is a conflict showing both versions,
never a silent overwrite; background updates do not count as edits."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from contacts.models import Direction, Influencer, InteractionKind
from contacts.services.health import health_recompute
from contacts.services.merge import influencer_merge
from contacts.services.profiles import (
    influencer_create,
    influencer_refresh_search,
    influencer_update,
    social_account_save,
)
from contacts.services.timeline import interaction_record
from irm.versions import CONFLICT_MESSAGE

HTMX = {"HX-Request": "true"}
NOW = datetime(2026, 3, 28, 10, 0, tzinfo=UTC)


@pytest.fixture
def influencer(personas):
    return influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Ana Bakes",
        emails=["ana@example.test"],
        bio="Bakes bread",
        time_zone="Europe/Paris",
    )


def edit_url(influencer, section="story"):
    return reverse("contacts:influencer-edit", args=["acme", influencer.public_id, section])


def story(version, **values):
    data = {"bio": "Bakes bread", "background": "", "values": "", "audience_notes": ""}
    data.update(values)
    return {**{f"story-{key}": value for key, value in data.items()}, "story-version": version}


def test_the_form_carries_the_version_it_was_opened_at(client, personas, influencer):
    client.force_login(personas.member)

    page = client.get(edit_url(influencer), headers=HTMX).content.decode()

    assert '<input type="hidden" name="story-version" value="1"' in page
    assert "<label" not in page.split('name="story-version"')[0].rsplit("<div", 1)[-1]


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_the_second_of_two_editors_gets_both_versions_and_nothing_is_overwritten(
    client, personas, influencer, headers
):
    # Both opened the form at version 1; the manager saved first.
    client.force_login(personas.manager)
    first = client.post(edit_url(influencer), story(1, bio="Sourdough daily"), headers=HTMX)
    assert first.status_code == 200
    client.force_login(personas.member)

    response = client.post(
        edit_url(influencer), story(1, bio="Croissants", values="Local flour"), headers=headers
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert ("<html" in page) is (headers == {})
    assert CONFLICT_MESSAGE.split(".")[0] in page
    # Side by side: what is saved and what they typed, for the fields that differ.
    table = page.split('<table class="version-conflict">')[1].split("</table>")[0]
    assert '<th scope="row">Bio</th><td>Sourdough daily</td><td>Croissants</td>' in table
    assert "<td>(empty)</td><td>Local flour</td>" in table
    assert "Background" not in table
    # What they typed stays in the fields; the hidden version is now the saved one.
    assert "Croissants</textarea>" in page
    assert 'name="story-version" value="2"' in page
    influencer.refresh_from_db()
    assert (influencer.bio, influencer.values, influencer.version) == ("Sourdough daily", "", 2)


def test_saving_the_conflicted_form_again_keeps_the_second_version(client, personas, influencer):
    influencer_update(influencer=influencer, actor=personas.manager, bio="Sourdough daily")
    client.force_login(personas.member)
    conflict = client.post(edit_url(influencer), story(1, bio="Croissants"), headers=HTMX)
    assert conflict.status_code == 400

    again = client.post(edit_url(influencer), story(2, bio="Croissants"), headers=HTMX)

    assert again.status_code == 200
    influencer.refresh_from_db()
    assert (influencer.bio, influencer.version) == ("Croissants", 3)


def test_a_conflict_names_choices_and_people_as_the_form_does(client, personas, influencer):
    influencer_update(
        influencer=influencer, actor=personas.admin, stage="engaged", owner=personas.manager
    )
    client.force_login(personas.manager)
    data = {
        "identity-name": "Ana Bakes",
        "identity-pronouns": "",
        "identity-avatar_url": "",
        "identity-stage": "prospect",
        "identity-owner": str(personas.admin.public_id),
        "identity-team": "",
        "identity-version": "1",
    }

    page = client.post(edit_url(influencer, "identity"), data, headers=HTMX).content.decode()

    table = page.split('<table class="version-conflict">')[1].split("</table>")[0]
    assert "<td>Engaged</td><td>Prospect</td>" in table
    assert f"<td>{personas.manager}</td><td>{personas.admin}</td>" in table


def test_a_viewer_and_an_outsider_cannot_save_even_a_current_version(client, personas, influencer):
    for person, code in ((personas.viewer, 403), (personas.outsider, 404)):
        client.force_login(person)
        for headers in (HTMX, {}):
            response = client.post(edit_url(influencer), story(1, bio="X"), headers=headers)
            assert response.status_code == code
    influencer.refresh_from_db()
    assert (influencer.bio, influencer.version) == ("Bakes bread", 1)


def test_background_updates_leave_the_version_and_an_open_edit_saves(client, personas, influencer):
    client.force_login(personas.member)
    # While the form is open: a reply arrives, follower counts, search and health are refreshed.
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.EMAIL,
        direction=Direction.INBOUND,
        summary="Re: hello",
        occurred_at=NOW,
        now=NOW,
    )
    social_account_save(influencer=influencer, platform="instagram", handle="ana", followers=9)
    influencer_refresh_search(influencer=influencer)
    health_recompute(influencer_ids=[influencer.pk], now=NOW)
    influencer.refresh_from_db()
    assert influencer.last_inbound_at == NOW and influencer.total_followers == 9
    assert influencer.version == 1

    response = client.post(edit_url(influencer), story(1, bio="Still mine"), headers=HTMX)

    assert response.status_code == 200
    assert Influencer.objects.get(pk=influencer.pk).version == 2


def test_a_merge_into_the_profile_counts_as_an_edit(client, personas, influencer):
    duplicate = influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Ana B.", bio="Pastry"
    )
    influencer_merge(
        keep=influencer, drop=duplicate, field_choices={"bio": "drop"}, actor=personas.manager
    )
    client.force_login(personas.member)

    response = client.post(edit_url(influencer), story(1, bio="Bread"), headers=HTMX)

    assert response.status_code == 400
    assert "<td>Pastry</td><td>Bread</td>" in response.content.decode()
    assert Influencer.objects.get(pk=influencer.pk).bio == "Pastry"
