"""Query parameters outside the schema answer 400 with a message per parameter, instead of
being silently read as something else (irm.api.query_parameters_check, page_size_check)."""

import pytest
from django.test import Client

from contacts.services import influencer_create
from irm.services import api_token_create

BASE = "/api/v1/w/acme/"


def token_client(personas, user, workspace=None) -> Client:
    membership = (workspace or personas.workspace).memberships.get(user=user)
    _, plain = api_token_create(membership=membership, name="Script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


@pytest.fixture
def viewer(personas) -> Client:
    return token_client(personas, personas.viewer)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page_size=ten", "page_size", "Send a whole number of rows from 1 to 200, once."),
        ("page_size=0", "page_size", "Send a whole number of rows from 1 to 200, once."),
        (
            "page_size=5&page_size=6",
            "page_size",
            "Send a whole number of rows from 1 to 200, once.",
        ),
        ("sort=shoe_size", "sort", None),
        ("stage=asleep", "stage", None),
        ("platform=myspace&platform=instagram", "platform", "Give this parameter once."),
    ],
)
def test_it_refuses_a_query_parameter_outside_the_schema(viewer, query, field, message):
    response = viewer.get(f"{BASE}influencers/?{query}")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    else:
        assert errors[field][0].startswith("Pick one of: ")


def test_it_takes_the_values_the_schema_names(viewer, personas):
    influencer_create(workspace=personas.workspace, actor=personas.admin, name="Ann Lee")

    response = viewer.get(f"{BASE}influencers/?page_size=300&sort=-health_score&stage=prospect")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_parameter_of_several_values_is_repeated_or_comma_separated(viewer):
    repeated = viewer.get(f"{BASE}influencers/?band=cooling&band=at_risk")
    separated = viewer.get(f"{BASE}influencers/?band=cooling,at_risk")
    unknown = viewer.get(f"{BASE}influencers/?band=cooling,lukewarm")

    assert (repeated.status_code, separated.status_code) == (200, 200)
    assert unknown.status_code == 400
    assert set(unknown.json()["errors"]) == {"band"}


@pytest.mark.parametrize(("value", "status"), [("true", 200), ("false", 200), ("yes", 400)])
def test_a_boolean_parameter_is_true_or_false(viewer, value, status):
    response = viewer.get(f"{BASE}templates/?archived={value}")

    assert response.status_code == status
    if status == 400:
        assert response.json()["errors"] == {"archived": ["Send true or false."]}


def test_a_timeline_filter_outside_its_choices_is_a_400(viewer, personas):
    ann = influencer_create(workspace=personas.workspace, actor=personas.admin, name="Ann Lee")

    response = viewer.get(f"{BASE}influencers/{ann.public_id}/interactions/?kind=telepathy")
    paged = viewer.get(f"{BASE}influencers/{ann.public_id}/interactions/?page_size=-1")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind"}
    assert paged.status_code == 400
    assert set(paged.json()["errors"]) == {"page_size"}


def test_the_outsider_gets_404_before_any_parameter_is_read(personas):
    outsider = token_client(personas, personas.outsider, personas.other_workspace)

    assert outsider.get(f"{BASE}influencers/?sort=shoe_size").status_code == 404


ID = "3f2b8c1e-7d4a-4c2e-9b1a-5e6f7a8b9c0d"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("pitches/?author=", "author"),
        (f"pitches/?influencer={{{ID}}}", "influencer"),
        (f"pitches/?author=urn:uuid:{ID}", "author"),
        (f"campaigns/?brand={ID.replace('-', '')}", "brand"),
        (f"campaigns/?owner={{{ID}}}", "owner"),
    ],
)
def test_an_id_spelled_otherwise_than_the_schema_is_refused(viewer, path, field):
    response = viewer.get(f"{BASE}{path}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_an_id_spelled_as_the_schema_says_filters(viewer):
    assert viewer.get(f"{BASE}pitches/?author={ID}").json()["count"] == 0
    assert viewer.get(f"{BASE}campaigns/?brand={ID.upper()}").status_code == 200


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("campaigns/?status=", "status"),
        ("campaigns/?brand=", "brand"),
        ("reminders/?kind=", "kind"),
        ("reminders/?due_before=", "due_before"),
        ("notifications/?unread=", "unread"),
        ("inbox/?status=", "status"),
        ("commitments/?influencer=", "influencer"),
        (f"commitments/?influencer={{{ID}}}", "influencer"),
    ],
)
def test_an_empty_or_malformed_filter_is_refused_not_read_as_absent(viewer, path, field):
    response = viewer.get(f"{BASE}{path}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_filters_left_out_list_everything(viewer):
    for path in ("campaigns/", "reminders/", "notifications/", "inbox/", "commitments/"):
        assert viewer.get(f"{BASE}{path}").status_code == 200, path
