"""The pitch templates API: list, add, read, change, archive (never delete)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outreach.models import PitchTemplate
from outreach.services.library import template_create
from tests.outreach.api_helpers import api_url, client_for, token_client

pytestmark = pytest.mark.django_db


def make(personas, name="Launch", author=None, **extra) -> PitchTemplate:
    values = {"subject": "Hello {first_name}", "body": "Hi {first_name}, {my_name} here."}
    return template_create(
        workspace=personas.workspace,
        actor=author or personas.member,
        name=name,
        topics=["Trail running"],
        **{**values, **extra},
    )


def test_a_viewer_lists_the_templates_in_use(personas):
    make(personas, "Spring")
    archived = make(personas, "Winter")
    client_for(personas.member).delete(api_url("template-detail", public_id=archived.public_id))
    template_create(
        workspace=personas.other_workspace,
        actor=personas.outsider,
        name="Theirs",
        subject="",
        body="Hi",
    )
    client = token_client(personas, personas.viewer)

    in_use = client.get(api_url("template-list"))
    old = client.get(api_url("template-list"), {"archived": "true"})

    assert in_use.status_code == 200
    assert [row["name"] for row in in_use.json()["results"]] == ["Spring"]
    assert in_use.json()["results"][0]["topics"] == ["Trail running"]
    assert [row["name"] for row in old.json()["results"]] == ["Winter"]
    assert old.json()["results"][0]["archived_at"] is not None


def test_a_member_adds_a_template(personas):
    response = client_for(personas.member).post(
        api_url("template-list"),
        {
            "name": "Race week",
            "subject": "For {first_name}",
            "body": "Hi {name}",
            "topics": ["Run"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["created_by"]["email"] == personas.member.email
    assert PitchTemplate.objects.get(name="Race week").topics.get().name == "Run"


def test_an_unknown_merge_field_or_a_taken_name_is_a_400(personas):
    make(personas, "Launch")
    client = client_for(personas.member)

    unknown = client.post(
        api_url("template-list"), {"name": "New", "body": "Hi {nickname}"}, format="json"
    )
    taken = client.post(api_url("template-list"), {"name": "launch", "body": "Hi"}, format="json")

    assert unknown.status_code == 400 and "body" in unknown.json()["errors"]
    assert "{nickname}" in unknown.json()["detail"]
    assert taken.status_code == 400
    assert taken.json()["errors"] == {"name": ["A template with this name exists already."]}


def test_its_creator_changes_only_what_is_sent(personas):
    template = make(personas)

    response = client_for(personas.member).patch(
        api_url("template-detail", public_id=template.public_id),
        {"name": "Launch v2"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["name"] == "Launch v2"
    assert body["body"] == "Hi {first_name}, {my_name} here."
    assert body["topics"] == ["Trail running"]


def test_someone_elses_template_is_a_managers_to_change(personas):
    template = make(personas, author=personas.admin)
    url = api_url("template-detail", public_id=template.public_id)

    member = client_for(personas.member).patch(url, {"name": "Mine"}, format="json")
    manager = client_for(personas.manager).patch(url, {"name": "Ours"}, format="json")

    assert member.status_code == 403
    assert manager.status_code == 200 and manager.json()["name"] == "Ours"


def test_deleting_archives_the_template(personas):
    template = make(personas)

    response = client_for(personas.member).delete(
        api_url("template-detail", public_id=template.public_id)
    )

    assert response.status_code == 204
    template.refresh_from_db()
    assert template.archived_at is not None


def test_a_viewer_may_not_add_and_an_outsider_sees_nothing(personas):
    template = make(personas)

    viewer = client_for(personas.viewer).post(
        api_url("template-list"), {"name": "X", "body": "Y"}, format="json"
    )
    outsider = client_for(personas.outsider).get(
        api_url("template-detail", public_id=template.public_id)
    )

    assert viewer.status_code == 403
    assert outsider.status_code == 404


def test_the_list_costs_the_same_queries_for_3_and_30_templates(personas):
    client = client_for(personas.viewer)

    def count_queries(total: int) -> int:
        while PitchTemplate.objects.count() < total:
            make(personas, f"Template {PitchTemplate.objects.count():02d}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(api_url("template-list"))
        assert response.status_code == 200
        assert len(response.json()["results"]) == total
        return len(queries)

    assert count_queries(3) == count_queries(30)
