"""Pitches in the API carry a `version`; a change to a draft sent with a stale one answers 409
with the pitch as it is now and changes nothing."""

import pytest

from outreach.models import Pitch
from tests.factories import PitchFactory
from tests.outreach.api_helpers import BODY, NOW, api_url, client_for, frozen  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def pitch(personas, ana):
    return PitchFactory(influencer=ana, author=personas.member, body=BODY, now=NOW)


def detail(pitch):
    return api_url("pitch-detail", public_id=pitch.public_id)


def test_a_change_with_the_version_read_bumps_it(personas, pitch):
    client = client_for(personas.member)
    assert client.get(detail(pitch)).json()["version"] == 1

    response = client.patch(detail(pitch), {"subject": "Lavaredo", "version": 1}, format="json")

    assert response.status_code == 200
    assert response.json()["version"] == 2


@pytest.mark.parametrize("how", ["body", "if-match"])
def test_a_stale_version_is_a_409_with_the_current_pitch(personas, pitch, how):
    client_for(personas.manager).patch(detail(pitch), {"body": "Kinder words"}, format="json")
    sent, headers = {"subject": "Lavaredo"}, {}
    if how == "body":
        sent["version"] = 1
    else:
        headers["If-Match"] = "1"

    response = client_for(personas.member).patch(
        detail(pitch), sent, format="json", headers=headers
    )

    assert response.status_code == 409
    body = response.json()
    assert "Someone else saved this while you were editing" in body["detail"]
    assert (body["current"]["body"], body["current"]["version"]) == ("Kinder words", 2)
    assert body["current"]["topics"] == ["Trail running"]
    pitch.refresh_from_db()
    assert (pitch.subject, pitch.version) == ("Shoes for Lavaredo", 2)


def test_a_viewer_and_an_outsider_change_nothing(personas, pitch):
    data = {"subject": "x", "version": 1}
    viewer = client_for(personas.viewer).patch(detail(pitch), data, format="json")
    outsider = client_for(personas.outsider).patch(detail(pitch), data, format="json")

    assert (viewer.status_code, outsider.status_code) == (403, 404)
    assert Pitch.objects.get(pk=pitch.pk).version == 1


def test_the_schema_documents_the_409(personas):
    schema = client_for(personas.viewer).get("/api/schema/?format=json").json()

    patch = schema["paths"]["/api/v1/w/{slug}/pitches/{public_id}/"]["patch"]
    assert "409" in patch["responses"]
    assert "version" in schema["components"]["schemas"]["PatchedPitchUpdateRequest"]["properties"]
