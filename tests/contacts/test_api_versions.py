"""Influencers in the API carry a `version`; a change sent with a stale one is a 409 with the
profile as it is now, and changes nothing."""

import pytest

from contacts.models import Influencer
from contacts.services.profiles import influencer_update
from tests.contacts.api_client import api_url, client_for, globex_influencer, make_influencer


@pytest.fixture
def ana(personas):
    return make_influencer(personas, "Ana Bakes", bio="Bakes bread", topics=["baking"])


def detail(influencer):
    return api_url("influencer-detail", public_id=influencer.public_id)


def test_the_profile_carries_its_version_and_each_change_bumps_it(personas, ana):
    client = client_for(personas.member)
    assert client.get(detail(ana)).json()["version"] == 1

    response = client.patch(detail(ana), {"bio": "Sourdough", "version": 1})

    assert response.status_code == 200
    assert response.json()["version"] == 2
    # A change without a version applies to whatever is current, and counts too.
    assert client.patch(detail(ana), {"topics": ["bread"]}).json()["version"] == 3


@pytest.mark.parametrize("how", ["body", "if-match"])
def test_a_stale_version_is_a_409_with_the_current_profile(personas, ana, how):
    influencer_update(influencer=ana, actor=personas.manager, bio="Sourdough daily")
    sent = {"bio": "Croissants", "topics": ["pastry"]}
    headers = {}
    if how == "body":
        sent["version"] = 1
    else:
        headers["If-Match"] = '"1"'

    response = client_for(personas.member).patch(detail(ana), sent, headers=headers)

    assert response.status_code == 409
    body = response.json()
    assert "Someone else saved this while you were editing" in body["detail"]
    assert body["current"]["bio"] == "Sourdough daily"
    assert body["current"]["version"] == 2
    assert body["current"]["topics"] == ["baking"]
    ana.refresh_from_db()
    assert (ana.bio, ana.version) == ("Sourdough daily", 2)
    assert list(ana.topics.values_list("name", flat=True)) == ["baking"]


def test_sending_the_current_version_after_a_conflict_overwrites(personas, ana):
    influencer_update(influencer=ana, actor=personas.manager, bio="Sourdough daily")
    client = client_for(personas.member)
    current = client.patch(detail(ana), {"bio": "Croissants", "version": 1}).json()["current"]

    response = client.patch(detail(ana), {"bio": "Croissants", "version": current["version"]})

    assert response.status_code == 200
    assert Influencer.objects.get(pk=ana.pk).bio == "Croissants"


def test_a_bad_if_match_or_two_different_versions_are_a_400(personas, ana):
    client = client_for(personas.member)

    bad = client.patch(detail(ana), {"bio": "x"}, headers={"If-Match": "yesterday"})
    both = client.patch(detail(ana), {"bio": "x", "version": 1}, headers={"If-Match": "2"})
    zero = client.patch(detail(ana), {"bio": "x", "version": 0})

    assert [bad.status_code, both.status_code, zero.status_code] == [400, 400, 400]
    assert "If-Match takes the version you read" in bad.json()["errors"]["version"][0]
    assert list(zero.json()["errors"]) == ["version"]
    assert Influencer.objects.get(pk=ana.pk).version == 1


def test_a_viewer_and_an_outsider_change_nothing_whatever_the_version(personas, ana):
    theirs = globex_influencer(personas)

    viewer = client_for(personas.viewer).patch(detail(ana), {"bio": "x", "version": 1})
    outsider = client_for(personas.outsider).patch(detail(ana), {"bio": "x", "version": 1})
    # Their own workspace's person under acme's address is unknown too.
    elsewhere = client_for(personas.member).patch(detail(theirs), {"bio": "x", "version": 1})

    assert [viewer.status_code, outsider.status_code, elsewhere.status_code] == [403, 404, 404]
    assert Influencer.objects.get(pk=ana.pk).version == 1


def test_the_schema_documents_the_version_and_the_409(personas):
    schema = client_for(personas.viewer).get("/api/schema/?format=json").json()

    patch = schema["paths"]["/api/v1/w/{slug}/influencers/{public_id}/"]["patch"]
    assert "409" in patch["responses"]
    assert any(parameter["name"] == "If-Match" for parameter in patch["parameters"])
    conflict = schema["components"]["schemas"]["InfluencerConflict"]
    assert set(conflict["properties"]) == {"detail", "current"}
    assert schema["components"]["schemas"]["Influencer"]["properties"]["version"]["readOnly"]
