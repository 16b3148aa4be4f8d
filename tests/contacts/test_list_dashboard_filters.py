"""The influencer list's filters behind the dashboard's "And N more" links (we owe them, keep in
touch due, near the contact cap, a band, a team or nobody's): each link leads to a list of
exactly the people its section counts, in the page, the CSV export and the API alike."""

import csv
import html
import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import (
    Commitment,
    CommitmentKind,
    HealthBand,
    Influencer,
    Interaction,
    Stage,
)
from contacts.normalize import sort_key
from contacts.selectors import InfluencerFilters, influencers_filtered
from contacts.selectors.dashboard import LIST_SIZE, dashboard_get
from contacts.selectors.dashboard_scope import dashboard_scope
from irm.models import Team
from tests.contacts.api_client import api_url, client_for

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOME = reverse("contacts:home", kwargs={"slug": "acme"})
LIST = reverse("contacts:influencer-list", kwargs={"slug": "acme"})
MORE_LINK = re.compile(r'<a href="([^"]+)">And (\d+) more</a>')


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def people(workspace, prefix, count, **fields) -> list[Influencer]:
    return Influencer.objects.bulk_create(
        Influencer(
            workspace=workspace,
            name=f"{prefix} {index:02d}",
            sort_name=sort_key(f"{prefix} {index:02d}"),
            **fields,
        )
        for index in range(count)
    )


def owe(influencer, *, due, fulfilled_at=None) -> Commitment:
    return Commitment(
        workspace_id=influencer.workspace_id,
        influencer=influencer,
        kind=CommitmentKind.PAYMENT,
        description=f"Pay {influencer.name}",
        due_at=due,
        fulfilled_at=fulfilled_at,
    )


def pitched(influencer, days_ago) -> Interaction:
    return Interaction(
        workspace_id=influencer.workspace_id,
        influencer=influencer,
        occurred_at=NOW - days_ago * DAY,
        kind="pitch",
        direction="outbound",
        summary="A pitch",
    )


def world(personas, size=12):
    """`size` people in each dashboard section, held by the PR team and owned by the member,
    and people each section must leave out."""
    ws = personas.workspace
    pr = Team.objects.create(workspace=ws, name="PR")
    other = Team.objects.create(workspace=ws, name="Digital marketing")
    ours = {"team": pr, "owner": personas.member}

    owed = people(ws, "Owed", size, health_band=HealthBand.AT_RISK, health_score=20, **ours)
    promises = [owe(person, due=NOW - 3 * DAY) for person in owed]
    promises.append(owe(owed[0], due=NOW - 9 * DAY))  # two promises, one person
    (not_yet,) = people(ws, "Not due yet", 1, **ours)
    (kept,) = people(ws, "Kept", 1, **ours)
    (elsewhere,) = people(ws, "Other team owed", 1, team=other)
    (erased,) = people(ws, "Erased owed", 1, erased_at=NOW - DAY, **ours)
    promises += [
        owe(not_yet, due=NOW + DAY),
        owe(kept, due=NOW - 5 * DAY, fulfilled_at=NOW - DAY),
        owe(elsewhere, due=NOW - 2 * DAY),
        owe(erased, due=NOW - 2 * DAY),
    ]
    Commitment.objects.bulk_create(promises)

    # Prospects are kept in touch every 120 days.
    quiet = {"stage": Stage.PROSPECT, "last_two_way_at": NOW - 150 * DAY}
    people(ws, "Quiet", size, **quiet, **ours)
    people(ws, "Recent", 2, stage=Stage.PROSPECT, last_two_way_at=NOW - 30 * DAY, **ours)
    people(ws, "Quiet but asked not to", 1, do_not_contact=True, **quiet, **ours)
    people(ws, "Other team quiet", 1, team=other, **quiet)

    # The default cap is 3 contacts in 30 days: 2 is near it.
    near = people(ws, "Near", size, **ours)
    below = people(ws, "Below", 1, **ours)
    blocked = people(ws, "Near but asked not to", 1, do_not_contact=True, **ours)
    Interaction.objects.bulk_create(
        [pitched(person, days) for person in near + blocked for days in (2, 20)]
        + [pitched(below[0], 2), pitched(below[0], 31)]
    )
    return pr


def listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.context["page"].paginator.count


def exported(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return len(list(csv.DictReader(io.StringIO(text))))


@pytest.mark.parametrize("scoped", [True, False], ids=["one team", "everyone"])
def test_every_and_more_link_lists_exactly_the_people_its_section_counts(
    client, personas, frozen, scoped
):
    pr = world(personas)
    client.force_login(personas.manager)
    query = {"team": str(pr.public_id)} if scoped else {}
    board = dashboard_get(scope=dashboard_scope(workspace=personas.workspace, **query), now=NOW)
    sections = {
        "band": board.at_risk,
        "owed": board.owed,
        "keep_in_touch": board.keep_in_touch,
        "near_cap": board.near_cap,
    }

    page = client.get(HOME, query).content.decode()
    links = {
        next(name for name in sections if name in parse_qs(urlsplit(html.unescape(href)).query)): (
            html.unescape(href),
            int(more),
        )
        for href, more in MORE_LINK.findall(page)
    }

    assert set(links) == set(sections)
    api = client_for(personas.viewer)
    for name, (href, more) in links.items():
        section = sections[name]
        assert more == section.more
        expected = more + len(section.rows)
        assert len(section.rows) == LIST_SIZE
        assert listed(client, href) == expected, name
        params = {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}
        assert ("team" in params) == scoped
        export = listed_export_url(client, href)
        assert exported(client, export) == expected, name
        answer = api.get(api_url("influencer-list"), params)
        assert answer.status_code == 200 and answer.json()["count"] == expected, name
    # Two promises to one person are one person to see.
    assert board.owed.total == board.owed.people + 1


def listed_export_url(client, href) -> str:
    """The page's own "Export these as CSV" address for that list."""
    return client.get(href).context["export_url"]


def test_what_we_owe_is_one_row_per_person_with_their_most_overdue_promise(personas):
    world(personas)

    owed = dashboard_get(scope=dashboard_scope(workspace=personas.workspace), now=NOW).owed

    first = owed.rows[0]
    assert (first.influencer.name, first.days_late, first.others) == ("Owed 00", 9, 1)
    assert all(row.others == 0 for row in owed.rows[1:])
    assert len({row.influencer.pk for row in owed.rows}) == len(owed.rows)
    assert owed.people == 13  # the PR team's 12 and the other team's one
    assert owed.by_kind["payment"] == owed.total == 14


def filtered(personas, **filters) -> list[str]:
    rows = influencers_filtered(
        workspace=personas.workspace, filters=InfluencerFilters(**filters), now=NOW
    )
    return [row.name for row in rows]


def test_each_filter_keeps_only_the_people_of_its_section(personas):
    world(personas, size=2)

    assert filtered(personas, owed="yes") == ["Other team owed 00", "Owed 00", "Owed 01"]
    assert filtered(personas, keep_in_touch="due") == [
        "Other team quiet 00",
        "Quiet 00",
        "Quiet 01",
    ]
    assert filtered(personas, near_cap="yes") == ["Near 00", "Near 01"]
    # Together they narrow, as any two filters do.
    assert filtered(personas, keep_in_touch="due", near_cap="yes") == []
    assert filtered(personas, owed="yes", band=[HealthBand.AT_RISK]) == ["Owed 00", "Owed 01"]


def test_the_team_filter_takes_nobody_s_team_as_the_dashboard_does(client, personas, frozen):
    world(personas, size=2)
    nobodys = people(personas.workspace, "Nobody's", 2)
    Commitment.objects.bulk_create(owe(person, due=NOW - DAY) for person in nobodys)
    client.force_login(personas.viewer)

    response = client.get(LIST, {"team": "none", "owed": "yes"})

    assert [row.name for row in response.context["rows"]] == ["Nobody's 00", "Nobody's 01"]
    scope = dashboard_scope(workspace=personas.workspace, team="none")
    assert dashboard_get(scope=scope, now=NOW).owed.people == 2
    assert '<option value="none" selected>No team</option>' in response.content.decode()


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("owed", "Choose “yes” to keep the people we owe something overdue."),
        ("keep_in_touch", "Choose “due” to keep the people whose keep-in-touch time has come."),
        ("near_cap", "Choose “yes” to keep the people near their contact cap."),
    ],
)
def test_a_value_the_filter_does_not_know_is_said_and_not_applied(
    client, personas, frozen, param, message
):
    world(personas, size=2)
    client.force_login(personas.viewer)

    response = client.get(LIST, {param: "maybe", "stage": "prospect"})

    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert '<option value="prospect" selected>' in body  # the rest of the state is kept
    prospects = Influencer.objects.filter(stage=Stage.PROSPECT, erased_at__isnull=True).count()
    assert response.context["page"].paginator.count == prospects  # not filtered by it
    answer = client_for(personas.viewer).get(api_url("influencer-list"), {param: "maybe"})
    assert answer.status_code == 400
    assert answer.json()["errors"] == {param: [message]}


def test_outsiders_get_404_and_a_viewer_reads_the_list_but_does_not_export(
    client, personas, frozen
):
    world(personas, size=2)
    client.force_login(personas.outsider)
    assert client.get(LIST, {"owed": "yes"}).status_code == 404
    assert client_for(personas.outsider).get(api_url("influencer-list")).status_code == 404

    client.force_login(personas.viewer)
    response = client.get(LIST, {"owed": "yes"})
    assert response.status_code == 200 and response.context["page"].paginator.count == 3
    assert "Export these as CSV" not in response.content.decode()
    export = reverse("contacts:influencer-export", kwargs={"slug": "acme"})
    assert client.get(export, {"owed": "yes"}).status_code == 403


@pytest.mark.parametrize(
    "params",
    [{"owed": "yes"}, {"keep_in_touch": "due"}, {"near_cap": "yes"}],
    ids=["owed", "keep_in_touch", "near_cap"],
)
def test_the_list_costs_the_same_queries_at_two_sizes(
    client, personas, frozen, django_assert_num_queries, params
):
    world(personas, size=3)
    client.force_login(personas.member)
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST, params).status_code == 200

    # Many more people in every section.
    ws = personas.workspace
    owed = people(ws, "More owed", 60)
    Commitment.objects.bulk_create(owe(person, due=NOW - DAY) for person in owed)
    people(ws, "More quiet", 60, stage=Stage.PROSPECT, last_two_way_at=NOW - 150 * DAY)
    near = people(ws, "More near", 60)
    Interaction.objects.bulk_create(pitched(person, days) for person in near for days in (1, 3))

    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(LIST, params)
    assert response.context["page"].paginator.count >= 60
