"""The contacts API in the OpenAPI description: every endpoint, no warning."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

PREFIX = "/api/v1/w/{slug}/"
CONTACTS_PATHS = {
    "influencers/": {"get", "post"},
    "influencers/{public_id}/": {"get", "patch", "delete"},
    "influencers/{public_id}/social-accounts/": {"get", "post"},
    "influencers/{public_id}/social-accounts/{account_id}/": {"get", "patch", "delete"},
    "influencers/{public_id}/channels/": {"get"},
    "influencers/{public_id}/channels/{channel}/": {"get", "put"},
    "influencers/{public_id}/rates/": {"get", "post"},
    "influencers/{public_id}/rates/{rate_id}/": {"get", "patch", "delete"},
    "influencers/{public_id}/interactions/": {"get", "post"},
    "commitments/": {"get"},
    "lists/": {"get", "post"},
    "lists/{public_id}/": {"get", "patch", "delete"},
    "lists/{public_id}/influencers/": {"post"},
    "lists/{public_id}/influencers/{influencer_id}/": {"delete"},
}


@pytest.fixture(scope="module")
def schema():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    warnings = dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    return schema, warnings


def test_it_describes_the_contacts_api_without_a_warning(schema):
    document, (warnings, errors) = schema

    assert not warnings
    assert not errors
    validate_schema(document)


def test_it_describes_every_contacts_endpoint(schema):
    document, _ = schema
    paths = document["paths"]

    for path, methods in CONTACTS_PATHS.items():
        assert set(paths[PREFIX + path]) - {"parameters"} == methods, path


def test_lists_are_paginated_and_the_timeline_by_cursor(schema):
    document, _ = schema
    components = document["components"]["schemas"]

    influencers = components["PaginatedInfluencerRowList"]["properties"]
    timeline = components["PaginatedInteractionList"]["properties"]
    assert {"count", "next", "previous", "results"} <= set(influencers)
    assert "count" not in timeline and "next" in timeline


def test_rule_errors_and_roles_are_documented_on_writes(schema):
    document, _ = schema
    create = document["paths"][PREFIX + "influencers/"]["post"]

    # 415: a body in another media type (irm.api.schema_error_answers).
    assert set(create["responses"]) == {"201", "400", "401", "403", "404", "415", "429"}
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/InfluencerCreateRequest"
    }


def test_ids_are_public_ids(schema):
    document, _ = schema
    influencer = document["components"]["schemas"]["Influencer"]["properties"]

    assert influencer["id"]["format"] == "uuid"
    assert influencer["owner"]["format"] == "uuid"
    assert "public_id" not in influencer
