"""The workspace's Activity page: recent entries across influencers, filtered and paged."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Interaction
from contacts.services.timeline import interaction_record
from irm.models import Team
from tests.factories import InfluencerFactory

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
HX = {"HTTP_HX_REQUEST": "true"}
URL = reverse("contacts:activity", args=["acme"])


def summaries(response) -> list[str]:
    return re.findall(r'<p class="entry-summary">([^<]*)</p>', response.content.decode())


def log(influencer, summary, days_ago, author=None, kind="note"):
    return interaction_record(
        influencer=influencer,
        kind=kind,
        direction="internal",
        summary=summary,
        author=author,
        occurred_at=NOW - timedelta(days=days_ago),
        now=NOW,
    )


@pytest.fixture
def world(personas):
    """Two teams' influencers, one without owner or team, and another workspace's."""
    pr = Team.objects.create(workspace=personas.workspace, name="PR")
    social = Team.objects.create(workspace=personas.workspace, name="Social")
    ana = InfluencerFactory(
        workspace=personas.workspace, name="Ana", team=pr, owner=personas.member
    )
    ben = InfluencerFactory(
        workspace=personas.workspace, name="Ben", team=social, owner=personas.manager
    )
    cy = InfluencerFactory(workspace=personas.workspace, name="Cy")
    log(ana, "Ana note", 3, personas.member)
    log(ben, "Ben call", 2, personas.manager, kind="call")
    log(cy, "Cy note", 1, personas.member)
    gone = log(ana, "Deleted note", 0, personas.member)
    Interaction.objects.filter(pk=gone.pk).update(deleted_at=NOW)
    elsewhere = InfluencerFactory(workspace=personas.other_workspace, name="Zed")
    log(elsewhere, "Globex secret", 0, personas.outsider)
    return {"pr": pr, "social": social}


def test_it_lists_the_workspaces_live_entries_newest_first(client, personas, world):
    client.force_login(personas.viewer)

    response = client.get(URL)

    assert response.status_code == 200
    assert summaries(response) == ["Cy note", "Ben call", "Ana note"]
    html = response.content.decode()
    assert "Globex secret" not in html
    assert 'aria-current="page">Activity</a>' in html
    # Read-only here: changes are made on the influencer's timeline.
    assert "/edit/" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"team": "pr"}, ["Ana note"]),
        ({"team": "none"}, ["Cy note"]),
        ({"owner": "manager"}, ["Ben call"]),
        ({"owner": "none"}, ["Cy note"]),
        ({"kind": "note"}, ["Cy note", "Ana note"]),
        ({"team": "social", "kind": "note"}, []),
        ({"team": "not-a-uuid", "kind": "bogus"}, ["Cy note", "Ben call", "Ana note"]),
    ],
)
def test_it_filters_by_the_influencers_team_and_owner_and_by_kind(
    client, personas, world, params, expected
):
    query = dict(params)
    if query.get("team") in world:
        query["team"] = str(world[query["team"]].public_id)
    if query.get("owner") == "manager":
        query["owner"] = str(personas.manager.public_id)
    client.force_login(personas.viewer)

    response = client.get(URL, query)

    assert response.status_code == 200
    assert summaries(response) == expected


def test_another_workspaces_team_filters_to_nothing(client, personas, world):
    theirs = Team.objects.create(workspace=personas.other_workspace, name="PR")
    client.force_login(personas.viewer)

    assert summaries(client.get(URL, {"team": str(theirs.public_id)})) == []


def test_htmx_filtering_gets_the_list_alone(client, personas, world):
    client.force_login(personas.viewer)

    response = client.get(URL, {"kind": "call"}, HTTP_HX_TARGET="activity-list", **HX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="activity-list"')
    assert summaries(response) == ["Ben call"]


def test_pages_follow_the_cursor_with_htmx_and_without(client, personas):
    influencer = InfluencerFactory(workspace=personas.workspace)
    moment = NOW - timedelta(days=1)
    Interaction.objects.bulk_create(
        Interaction(workspace=personas.workspace, influencer=influencer, occurred_at=moment,
                    kind="note", direction="internal", summary=f"Entry {index:03d}")
        for index in range(120)
    )  # fmt: skip
    client.force_login(personas.viewer)

    first = client.get(URL)
    link = re.search(r'class="timeline-more" hx-get="([^"]+)"', first.content.decode()).group(1)
    link = link.replace("&amp;", "&")
    second_htmx = client.get(link, **HX)
    second_page = client.get(link)

    assert summaries(second_htmx) == summaries(second_page)
    assert "<html" not in second_htmx.content.decode()
    seen = summaries(first) + summaries(second_htmx)
    link = re.search(r'class="timeline-more" hx-get="([^"]+)"', second_htmx.content.decode())
    seen += summaries(client.get(link.group(1).replace("&amp;", "&"), **HX))
    assert seen == [f"Entry {index:03d}" for index in range(119, -1, -1)]


def test_a_malformed_cursor_starts_from_the_newest_entries(client, personas, world):
    client.force_login(personas.viewer)

    response = client.get(URL, {"before": "2026-11-01T00:00:00+00:00_-5"})

    assert response.status_code == 200
    assert summaries(response) == ["Cy note", "Ben call", "Ana note"]


def test_outsiders_get_404(client, personas):
    client.force_login(personas.outsider)

    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_the_page_runs_the_same_queries_at_10_and_200_entries(
    client, personas, django_assert_num_queries, headers
):
    team = Team.objects.create(workspace=personas.workspace, name="PR")

    def add(count):
        influencers = [
            InfluencerFactory(workspace=personas.workspace, team=team, owner=personas.member)
            for _ in range(3)
        ]
        Interaction.objects.bulk_create(
            Interaction(
                workspace=personas.workspace,
                influencer=influencers[index % 3],
                occurred_at=NOW - timedelta(minutes=index),
                kind="email",
                direction="outbound",
                summary=f"Entry {index}",
                author=(personas.member, personas.manager)[index % 2],
            )
            for index in range(count)
        )

    client.force_login(personas.viewer)
    add(10)
    client.get(URL, **headers)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, **headers).status_code == 200
    add(190)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL, **headers)
    assert len(summaries(response)) == 50
    assert len(small.captured_queries) <= 4, len(small.captured_queries)
