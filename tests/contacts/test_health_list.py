"""Relationship health on the influencer list: filter by band (several at once), sort by score
(people never computed last), a band badge and score per row; the same filters in the API."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import HealthBand, Influencer
from contacts.services.profiles import influencer_create
from tests.contacts.api_client import api_url, client_for

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def url(*pairs: tuple[str, str]) -> str:
    base = reverse("contacts:influencer-list", kwargs={"slug": "acme"})
    return f"{base}?{urlencode(pairs)}" if pairs else base


def names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


def make(personas, name: str, band: str, score: int | None) -> Influencer:
    influencer = influencer_create(workspace=personas.workspace, actor=personas.admin, name=name)
    Influencer.objects.filter(pk=influencer.pk).update(health_band=band, health_score=score)
    return influencer


@pytest.fixture
def people(personas):
    make(personas, "Ana Thriving", HealthBand.THRIVING, 91)
    make(personas, "Ben Healthy", HealthBand.HEALTHY, 70)
    make(personas, "Cleo Cooling", HealthBand.COOLING, 45)
    make(personas, "Dan At Risk", HealthBand.AT_RISK, 12)
    make(personas, "Eve New", HealthBand.NEW, None)
    make(personas, "Finn Dormant", HealthBand.DORMANT, 30)


def test_it_filters_by_one_band(client, personas, people):
    client.force_login(personas.viewer)

    response = client.get(url(("band", "cooling")))

    assert response.status_code == 200
    assert names(response) == ["Cleo Cooling"]


def test_it_filters_by_several_bands_given_as_checkboxes_or_one_value(client, personas, people):
    client.force_login(personas.viewer)

    ticked = client.get(url(("band", "at_risk"), ("band", "cooling")))
    shared = client.get(url(("band", "cooling,at_risk")))

    assert names(ticked) == ["Cleo Cooling", "Dan At Risk"]
    assert names(shared) == ["Cleo Cooling", "Dan At Risk"]
    # The address keeps the ticked bands as one value, and the boxes stay ticked.
    page = ticked.content.decode()
    assert 'id="filter-band-at_risk" name="band" value="at_risk" checked' in page
    assert 'id="filter-band-cooling" name="band" value="cooling" checked' in page
    assert 'value="healthy" checked' not in page


def test_an_unknown_band_is_explained_and_not_applied(client, personas, people):
    client.force_login(personas.viewer)

    response = client.get(url(("band", "cooling"), ("band", "sunny")))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Health: Choose health bands among thriving, healthy, cooling" in page
    assert "This filter was not applied." in page
    assert len(names(response)) == 6


def test_it_sorts_by_score_best_or_worst_first_with_people_never_computed_last(
    client, personas, people
):
    client.force_login(personas.viewer)

    best = names(client.get(url(("sort", "-health_score"))))
    worst = names(client.get(url(("sort", "health_score"))))

    assert best == [
        "Ana Thriving",
        "Ben Healthy",
        "Cleo Cooling",
        "Finn Dormant",
        "Dan At Risk",
        "Eve New",
    ]
    assert worst == [
        "Dan At Risk",
        "Finn Dormant",
        "Cleo Cooling",
        "Ben Healthy",
        "Ana Thriving",
        "Eve New",
    ]


def test_filter_and_sort_combine_and_htmx_gets_the_region_with_the_url_pushed(
    client, personas, people
):
    client.force_login(personas.viewer)

    response = client.get(
        url(("band", "thriving"), ("band", "healthy"), ("sort", "health_score")), **HX
    )

    assert names(response) == ["Ben Healthy", "Ana Thriving"]
    assert "<form" not in response.content.decode().split('id="influencer-results"')[0]
    pushed = response["HX-Push-Url"]
    assert "band=thriving%2Chealthy" in pushed and "sort=health_score" in pushed


def test_each_row_shows_its_band_badge_and_score(client, personas, people):
    client.force_login(personas.viewer)

    page = client.get(url()).content.decode()

    assert '<th scope="col">Health</th>' in page
    assert '<span class="band band-thriving">Thriving</span>' in page
    assert 'title="Health score out of 100">91</span>' in page
    # Never computed: the "New" badge and no score.
    row = page.split("Eve New")[1].split("</tr>")[0]
    assert '<span class="band band-new">New</span>' in row
    assert "health-score" not in row


def test_the_sort_choices_offer_health(client, personas, people):
    client.force_login(personas.viewer)

    page = client.get(url()).content.decode()

    assert '<option value="-health_score">Best health first</option>' in page
    assert '<option value="health_score">Worst health first</option>' in page


def test_the_band_filter_and_score_sort_take_no_extra_query(client, personas, people):
    client.force_login(personas.viewer)
    with CaptureQueriesContext(connection) as plain:
        client.get(url())

    with CaptureQueriesContext(connection) as filtered:
        response = client.get(
            url(("band", "cooling"), ("band", "at_risk"), ("sort", "health_score"))
        )

    assert len(filtered.captured_queries) == len(plain.captured_queries)
    assert names(response) == ["Dan At Risk", "Cleo Cooling"]


def test_bulk_actions_come_back_to_the_same_bands(client, personas, people):
    client.force_login(personas.member)
    back = urlencode({"band": "cooling,at_risk"})

    response = client.post(
        reverse("contacts:influencer-bulk", kwargs={"slug": "acme"}),
        {"action": "add_topic", "ids": [], "next": back},
    )

    # Nothing selected: the list is shown again, still filtered to those bands.
    assert response.status_code == 400
    assert names(response) == ["Cleo Cooling", "Dan At Risk"]


def test_the_api_filters_by_band_and_sorts_by_score(personas, people):
    api = client_for(personas.viewer)

    by_band = api.get(api_url("influencer-list"), {"band": ["cooling", "dormant"]})
    by_score = api.get(api_url("influencer-list"), {"sort": "-health_score", "band": "new,healthy"})

    assert by_band.status_code == 200
    assert [row["name"] for row in by_band.json()["results"]] == ["Cleo Cooling", "Finn Dormant"]
    assert [row["name"] for row in by_score.json()["results"]] == ["Ben Healthy", "Eve New"]
    rows = {row["name"]: row for row in by_score.json()["results"]}
    assert (rows["Ben Healthy"]["health_band"], rows["Ben Healthy"]["health_score"]) == (
        "healthy",
        70,
    )
    assert (rows["Eve New"]["health_band"], rows["Eve New"]["health_score"]) == ("new", None)


def test_the_api_answers_400_for_an_unknown_band(personas, people):
    response = client_for(personas.viewer).get(api_url("influencer-list"), {"band": "sunny"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["band"]
    assert "Choose health bands among thriving" in response.json()["errors"]["band"][0]


def test_the_export_follows_the_band_filter_and_score_sort(client, personas, people):
    client.force_login(personas.manager)
    export = reverse("contacts:influencer-export", kwargs={"slug": "acme"})

    response = client.get(export, {"band": "cooling,at_risk,thriving", "sort": "health_score"})

    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    exported = [row["name"] for row in csv.DictReader(io.StringIO(text))]
    assert exported == ["Dan At Risk", "Cleo Cooling", "Ana Thriving"]
