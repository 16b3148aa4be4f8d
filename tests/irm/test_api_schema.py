"""The OpenAPI description and its Swagger UI."""

import re

import pytest
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

ME_PATH = "/api/v1/w/{slug}/me/"


@pytest.fixture
def schema():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    yield schema
    GENERATOR_STATS.reset()


def test_it_generates_the_schema_without_a_warning_or_an_error(schema):
    # The deploy check fails on any of them (drf-spectacular's check), so a new endpoint
    # with a schema warning fails here first, with the message on stderr.
    assert not GENERATOR_STATS._warn_cache
    assert not GENERATOR_STATS._error_cache
    validate_schema(schema)


def test_it_documents_the_bearer_scheme(schema):
    assert schema["components"]["securitySchemes"]["bearerAuth"]["type"] == "http"
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert {"bearerAuth": []} in schema["paths"][ME_PATH]["get"]["security"]


def test_it_documents_me_exactly(schema):
    operation = schema["paths"][ME_PATH]["get"]
    me = schema["components"]["schemas"]["Me"]

    assert operation["operationId"] == "me_retrieve"
    assert set(operation["responses"]) == {"200", "401", "404", "429"}
    assert set(me["properties"]) == {"user", "workspace", "role"}
    assert set(schema["components"]["schemas"]["MeUser"]["properties"]) == {
        "public_id",
        "email",
        "name",
        "time_zone",
    }
    assert schema["components"]["schemas"]["Role"]["enum"] == [
        "viewer",
        "member",
        "manager",
        "admin",
    ]


def test_it_serves_the_schema(client, db):
    response = client.get(reverse("api:schema"), {"format": "json"})

    assert response.status_code == 200
    assert ME_PATH in response.json()["paths"]


def test_it_serves_swagger_ui_from_local_static_files(client, db):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assets = re.findall(r"<(?:script|link)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    # The page's own script comes from its address (the split view: no inline script for the
    # CSP); everything else is a static file.
    script = reverse("api:docs") + "?script="
    assert script in assets
    for asset in assets:
        assert asset.startswith("/static/") or asset == script, asset
        served = client.get(asset)
        served.close()  # a file response: close the file it streams
        assert served.status_code == 200, asset
    assert not re.search(r"<(?:script|link)\b[^>]*https?://", html)
