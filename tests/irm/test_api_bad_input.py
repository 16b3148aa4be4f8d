"""Input that once made the API fail: every answer is a 4xx with a JSON error, never a 500 or
an HTML page (irm.middleware, irm.api_policies.JsonParser, irm/views/errors.py)."""

import json
import logging
import uuid

import pytest
from django.test import Client

from contacts.services import influencer_create
from irm import api
from irm.services import api_token_create

BASE = "/api/v1/w/acme/"


def token_client(personas, user) -> Client:
    _, plain = api_token_create(membership=personas.membership(user), name="Script")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {plain}")


def outsider_client(personas) -> Client:
    membership = personas.other_workspace.memberships.get(user=personas.outsider)
    _, plain = api_token_create(membership=membership, name="Script")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {plain}")


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture
def influencer(personas):
    return influencer_create(workspace=personas.workspace, actor=personas.admin, name="Ann Lee")


def options_paths(influencer) -> list[str]:
    return [
        "contact-policy/",
        f"contact-policy/influencers/{influencer.public_id}/",
        f"deliverables/{uuid.uuid4()}/results/",
        f"influencers/{influencer.public_id}/channels/email/",
    ]


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_it_answers_options_with_the_endpoint_s_description(personas, influencer, role):
    client = token_client(personas, getattr(personas, role))

    for path in options_paths(influencer):
        response = client.options(BASE + path)

        assert response.status_code == 200, (path, response.content[:200])
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) >= {"name", "renders", "parses"}


def test_it_answers_options_of_another_workspace_with_404(personas, influencer):
    client = outsider_client(personas)

    for path in options_paths(influencer):
        assert_json_error(client.options(BASE + path), 404)


def test_it_refuses_json_nested_deeper_than_64_levels_with_a_400(personas):
    client = token_client(personas, personas.member)
    for depth in (65, 1200, 100_000):
        body = "[" * depth + "]" * depth

        response = client.post(BASE + "influencers/", body, content_type="application/json")

        error = assert_json_error(response, 400)
        assert error["detail"] == "JSON nested deeper than 64 levels is not accepted."


def test_it_takes_json_nested_within_the_limit(personas):
    client = token_client(personas, personas.member)
    nested = {"name": "Ann Lee", "topics": ["cycling"]}

    response = client.post(BASE + "influencers/", nested, content_type="application/json")

    assert response.status_code == 201, response.content


def test_it_answers_a_body_over_the_upload_limit_with_a_json_413(personas, settings):
    client = token_client(personas, personas.member)
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})

    response = client.post(BASE + "influencers/", body, content_type="application/json")

    error = assert_json_error(response, 413)
    assert error["detail"] == (
        "The request is larger than Rapport accepts (2.5 MB); send less at once."
    )


def test_it_answers_a_page_body_over_the_limit_with_a_readable_page(personas, settings):
    client = Client(raise_request_exception=False)
    client.force_login(personas.member)
    body = {"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}

    response = client.post("/w/acme/influencers/new/", body)

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "Rapport could not read this request" in response.content.decode()
    assert "larger than Rapport accepts (2.5 MB)" in response.content.decode()


def test_it_names_the_fields_whose_json_holds_a_null_character(personas):
    client = token_client(personas, personas.member)
    body = {"name": "Ann\x00 Lee", "topics": ["ok", "cyc\x00ling"], "extra\x00": 1}

    response = client.post(BASE + "influencers/", body, content_type="application/json")

    error = assert_json_error(response, 400)
    assert error["errors"] == {
        "extra": ["Null characters are not allowed."],
        "name": ["Null characters are not allowed."],
        "topics.1": ["Null characters are not allowed."],
    }


def test_it_refuses_a_null_character_in_a_query_parameter_with_a_json_400(personas):
    client = token_client(personas, personas.viewer)

    response = client.get(BASE + "influencers/?search=ann%00&page=1")

    error = assert_json_error(response, 400)
    assert error["errors"] == {"search": ["Null characters are not allowed."]}


def test_it_refuses_a_null_character_in_a_page_s_address_with_the_error_page(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas.viewer)

    response = client.get("/w/acme/influencers/?q=ann%00")
    htmx = client.get("/w/acme/influencers/?q=ann%00", headers={"HX-Request": "true"})

    for answer in (response, htmx):
        assert answer.status_code == 400
        assert "The address holds a null character" in answer.content.decode()


def test_it_answers_an_unexpected_error_with_a_json_500_and_logs_it(personas, monkeypatch, caplog):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api.MeView, "get", fail)
    client = token_client(personas, personas.viewer)

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(BASE + "me/")

    error = assert_json_error(response, 500)
    assert error["detail"].startswith("Rapport failed to answer this request")
    assert any(record.exc_info and record.exc_info[0] is RuntimeError for record in caplog.records)


def test_it_raises_an_unexpected_api_error_in_the_test_client(personas, monkeypatch):
    # The JSON 500 still signals the error, so a test sees the traceback rather than a 500.
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api.MeView, "get", fail)
    client = Client()
    client.force_login(personas.viewer)

    with pytest.raises(RuntimeError, match="boom"):
        client.get(BASE + "me/")
