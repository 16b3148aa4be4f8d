"""Pages of the influencer list at depth: the API's keyset cursor beside `?page=`, deep pages
read through a deferred join, the exact count, and search sorted by name."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from contacts.api.pagination import cursor_encode
from contacts.models import Influencer
from contacts.normalize import sort_key
from contacts.selectors.influencers import SORTS
from contacts.views.list import PAGE_SIZE
from tests.contacts.api_client import api_url, client_for, make_influencer

pytestmark = pytest.mark.django_db

# Names, counts and dates repeat, and some are unknown: each order has ties to break by id.
NAMES = ("Zoë Saldaña", "zoe saldana", "Ana Bakes", "Léa Dubois", "Lea Dubois", "Marc Roux")


def _people(workspace, count: int, start: int = 0) -> list[Influencer]:
    now = timezone.now()
    return Influencer.objects.bulk_create(
        Influencer(
            workspace=workspace,
            name=NAMES[index % len(NAMES)],
            sort_name=sort_key(NAMES[index % len(NAMES)]),
            total_followers=None if index % 4 == 0 else 1000 * (index % 3),
            last_outbound_at=None if index % 5 == 0 else now - timedelta(days=index % 2),
            health_score=None if index % 3 == 0 else 50 + index % 2,
        )
        for index in range(start, start + count)
    )


def _ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


def _by_cursor(client, **params) -> list[str]:
    """Every row, following next_cursor from the first page."""
    response = client.get(api_url("influencer-list"), params)
    seen = _ids(response)
    while response.json()["next_cursor"]:
        response = client.get(
            api_url("influencer-list"), {**params, "cursor": response.json()["next_cursor"]}
        )
        assert response.status_code == 200, response.json()
        assert "count" not in response.json()
        seen += _ids(response)
    return seen


@pytest.mark.parametrize("sort", list(SORTS))
def test_following_the_cursor_reads_every_row_once_in_the_pages_order(personas, sort):
    _people(personas.workspace, 17)
    client = client_for(personas.viewer)
    whole = _ids(client.get(api_url("influencer-list"), {"sort": sort, "page_size": 100}))

    read = _by_cursor(client, sort=sort, page_size=4)

    assert read == whole
    assert len(set(read)) == 17


def test_the_cursor_is_not_shifted_by_people_added_or_removed_meanwhile(personas):
    _people(personas.workspace, 8)
    client = client_for(personas.viewer)
    first = client.get(api_url("influencer-list"), {"page_size": 3}).json()
    rest_before = _by_cursor(client, page_size=3)[3:]
    make_influencer(personas, "Aaron Abbot")  # sorts before the cursor
    Influencer.objects.filter(public_id=first["results"][0]["id"]).delete()

    after = client.get(api_url("influencer-list"), {"page_size": 3, "cursor": first["next_cursor"]})

    assert _ids(after) == rest_before[:3]
    assert f"cursor={after.json()['next_cursor']}" in after.json()["next"]


def test_a_search_reads_by_cursor_too(personas):
    for name in ("Zoë Zed", "zoe alpha", "Ana Bakes", "Zoe Beta", "Ana Zoellner"):
        make_influencer(personas, name)
    client = client_for(personas.viewer)

    read = _by_cursor(client, q="zoe", page_size=2)

    names = [Influencer.objects.get(public_id=public_id).name for public_id in read]
    assert names == ["Ana Zoellner", "zoe alpha", "Zoe Beta", "Zoë Zed"]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "",
        cursor_encode(sort="-followers", values=(1, "a", 1)),  # another order's
        cursor_encode(sort="name", values=("a",)),  # too short
        cursor_encode(sort="name", values=("a\x00", 1)),
        cursor_encode(sort="name", values=("a", "one")),
    ],
)
def test_a_cursor_the_list_did_not_give_is_refused(personas, cursor):
    response = client_for(personas.viewer).get(api_url("influencer-list"), {"cursor": cursor})

    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_page_and_cursor_together_are_refused(personas):
    cursor = cursor_encode(sort="name", values=("a", 1))
    response = client_for(personas.viewer).get(
        api_url("influencer-list"), {"cursor": cursor, "page": 2}
    )

    assert response.status_code == 400
    assert response.json()["errors"]["cursor"] == ["Send `page` or `cursor`, not both."]


def test_page_numbers_still_count_and_give_the_cursor_of_their_last_row(personas):
    _people(personas.workspace, 5)
    client = client_for(personas.viewer)

    body = client.get(api_url("influencer-list"), {"page": 2, "page_size": 2}).json()

    assert body["count"] == 5
    assert "page=3" in body["next"] and body["next_cursor"]
    last_page = client.get(api_url("influencer-list"), {"page": 3, "page_size": 2}).json()
    assert last_page["next_cursor"] is None


def test_a_cursor_page_takes_the_same_queries_for_few_and_many_rows(personas):
    _people(personas.workspace, 6)
    client = client_for(personas.viewer)
    cursor = client.get(api_url("influencer-list"), {"page_size": 2}).json()["next_cursor"]
    with CaptureQueriesContext(connection) as few:
        client.get(api_url("influencer-list"), {"page_size": 2, "cursor": cursor})
    _people(personas.workspace, 60, start=6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(api_url("influencer-list"), {"page_size": 50, "cursor": cursor})

    assert len(response.json()["results"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_schema_documents_the_cursor_beside_the_page():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/w/{slug}/influencers/"]["get"]
    listed = schema["components"]["schemas"]["PaginatedInfluencerRowList"]

    assert {"page", "page_size", "cursor"} <= {item["name"] for item in operation["parameters"]}
    assert "next_cursor" in listed["properties"]
    assert "count" not in listed["required"]


# --- the page --------------------------------------------------------------------------------


def _page_url(**params) -> str:
    base = reverse("contacts:influencer-list", kwargs={"slug": "acme"})
    return base + "?" + "&".join(f"{name}={value}" for name, value in params.items())


@pytest.mark.parametrize("sort", ["name", "-followers", "-last_contact", "last_contact"])
def test_a_deep_page_shows_the_rows_of_its_place_in_the_order(client, personas, sort):
    _people(personas.workspace, PAGE_SIZE + 7)
    client.force_login(personas.viewer)
    order = list(
        Influencer.objects.filter(workspace=personas.workspace)
        .order_by(*SORTS[sort])
        .values_list("pk", flat=True)
    )

    with CaptureQueriesContext(connection) as first:
        client.get(_page_url(sort=sort))
    with CaptureQueriesContext(connection) as deep:
        page = client.get(_page_url(sort=sort, page=2)).context["page"]

    assert [row.pk for row in page.object_list] == order[PAGE_SIZE:]
    assert len(deep.captured_queries) == len(first.captured_queries)
    assert (page.start_index(), page.end_index()) == (PAGE_SIZE + 1, PAGE_SIZE + 7)


def test_the_count_is_exact_leaving_out_archived_and_erased_people(client, personas):
    rows = _people(personas.workspace, PAGE_SIZE + 3)
    now = timezone.now()
    Influencer.objects.filter(pk__in=[rows[0].pk, rows[1].pk]).update(archived_at=now)
    Influencer.objects.filter(pk=rows[2].pk).update(erased_at=now)
    client.force_login(personas.viewer)

    response = client.get(_page_url())
    archived = client.get(_page_url(archived="yes"))

    assert response.context["page"].paginator.count == PAGE_SIZE
    assert f"of {PAGE_SIZE} influencers" not in response.content.decode()  # one page only
    assert f"{PAGE_SIZE} influencers" in response.content.decode()
    assert archived.context["page"].paginator.count == 2


@pytest.mark.parametrize("sorted_up_to", [0, 10_000])
def test_search_results_are_in_name_order_however_they_are_read(
    client, personas, monkeypatch, sorted_up_to
):
    monkeypatch.setattr("contacts.selectors.influencers.SORT_MATCHES_UP_TO", sorted_up_to)
    for name in ("Zoë Zed", "zoe alpha", "Ana Bakes", "Zoe Beta", "Ana Zoellner"):
        make_influencer(personas, name)
    client.force_login(personas.viewer)

    with CaptureQueriesContext(connection) as captured:
        rows = client.get(_page_url(q="zoe")).context["rows"]

    assert [row.name for row in rows] == ["Ana Zoellner", "zoe alpha", "Zoe Beta", "Zoë Zed"]
    # Few matches are sorted once found; many are read along the name index.
    sorting_matches = any("|| '')" in query["sql"] for query in captured.captured_queries)
    assert sorting_matches == (sorted_up_to > 0)
