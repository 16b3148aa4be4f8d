"""The timeline and what we owe them, through the API."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Commitment, CommitmentKind, Direction, Interaction, InteractionKind
from contacts.services.timeline import commitment_open, interaction_record
from tests.contacts.api_client import (
    api_url,
    client_for,
    globex_influencer,
    make_influencer,
    token_client,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def zoe(personas):
    return make_influencer(personas, "Zoë Saldaña")


def timeline_url(influencer) -> str:
    return api_url("interaction-list", public_id=influencer.public_id)


def log(influencer, summary, occurred_at, **extra) -> Interaction:
    extra.setdefault("kind", InteractionKind.NOTE)
    extra.setdefault("direction", Direction.INTERNAL)
    return interaction_record(
        influencer=influencer, summary=summary, occurred_at=occurred_at, now=NOW, **extra
    )


def summaries(body) -> list[str]:
    return [row["summary"] for row in body["results"]]


# --- the timeline ----------------------------------------------------------------------------


def test_it_reads_the_timeline_newest_first_with_a_token(personas, zoe):
    log(zoe, "Older", NOW - timedelta(days=2), author=personas.member)
    log(zoe, "Newer", NOW - timedelta(days=1))
    deleted = log(zoe, "Deleted", NOW - timedelta(hours=1), author=personas.member)
    deleted.deleted_at = NOW
    deleted.save(update_fields=["deleted_at"])

    response = token_client(personas, personas.viewer).get(timeline_url(zoe))

    assert response.status_code == 200
    body = response.json()
    assert summaries(body) == ["Newer", "Older"]
    assert body["results"][1]["author"] == str(personas.member.public_id)
    assert body["next"] is None


def test_pages_follow_the_cursor_without_repeating_or_skipping_entries_at_the_same_moment(
    personas, zoe
):
    moment = NOW - timedelta(days=1)
    for number in range(7):
        # Several entries share a moment: the cursor must still be exact.
        log(zoe, f"Entry {number}", moment - timedelta(hours=number // 3))
    client = client_for(personas.viewer)

    seen, url = [], f"{timeline_url(zoe)}?page_size=3"
    while url:
        body = client.get(url).json()
        seen.extend(summaries(body))
        url = body["next"]

    assert len(seen) == 7
    assert set(seen) == {f"Entry {number}" for number in range(7)}
    expected = list(
        Interaction.objects.filter(influencer=zoe)
        .order_by("-occurred_at", "-id")
        .values_list("summary", flat=True)
    )
    assert seen == expected


def test_a_page_stays_put_while_newer_entries_are_logged(personas, zoe):
    for number in range(4):
        log(zoe, f"Entry {number}", NOW - timedelta(days=10 - number))
    client = client_for(personas.viewer)
    first = client.get(f"{timeline_url(zoe)}?page_size=2").json()

    log(zoe, "Just now", NOW)
    second = client.get(first["next"]).json()

    assert summaries(first) == ["Entry 3", "Entry 2"]
    assert summaries(second) == ["Entry 1", "Entry 0"]
    assert "cursor" in parse_qs(urlsplit(first["next"]).query)


def test_it_filters_by_kind_direction_and_channel(personas, zoe):
    log(zoe, "A call", NOW - timedelta(days=3), kind="call", direction="outbound", channel="phone")
    log(zoe, "Their email", NOW - timedelta(days=2), kind="email", direction="inbound")
    log(zoe, "A note", NOW - timedelta(days=1))
    client = client_for(personas.viewer)
    url = timeline_url(zoe)

    assert summaries(client.get(url, {"kind": ["call", "email"]}).json()) == [
        "Their email",
        "A call",
    ]
    assert summaries(client.get(url, {"direction": "inbound"}).json()) == ["Their email"]
    assert summaries(client.get(url, {"channel": "phone"}).json()) == ["A call"]


def test_a_member_logs_an_inbound_message_which_opens_a_reply_commitment(personas, zoe):
    response = client_for(personas.member).post(
        timeline_url(zoe),
        {
            "kind": "email",
            "direction": "inbound",
            "channel": "email",
            "summary": "  Loved the samples ",
            "occurred_at": "2026-03-09T09:30:00Z",
            "sentiment": "positive",
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["summary"], body["author"]) == (
        "Loved the samples",
        str(personas.member.public_id),
    )
    zoe.refresh_from_db()
    assert zoe.last_inbound_at == datetime(2026, 3, 9, 9, 30, tzinfo=UTC)
    commitment = Commitment.objects.get(influencer=zoe)
    assert (commitment.kind, commitment.fulfilled_at) == (CommitmentKind.REPLY, None)


def test_the_moment_defaults_to_now(personas, zoe):
    response = client_for(personas.member).post(
        timeline_url(zoe), {"kind": "note", "direction": "internal", "summary": "Met at the fair"}
    )

    assert response.status_code == 201
    assert response.json()["occurred_at"] == "2026-03-10T12:00:00Z"


def test_the_future_is_refused_with_the_services_message(personas, zoe):
    response = client_for(personas.member).post(
        timeline_url(zoe),
        {
            "kind": "call",
            "direction": "outbound",
            "summary": "Call",
            "occurred_at": "2026-03-11T12:00:00Z",
        },
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This has not happened yet: pick a moment in the past.",
        "errors": {"occurred_at": ["This has not happened yet: pick a moment in the past."]},
    }
    assert not Interaction.objects.exists()


def test_an_empty_summary_gets_the_services_message(personas, zoe):
    response = client_for(personas.member).post(
        timeline_url(zoe), {"kind": "note", "direction": "internal", "summary": "   "}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"summary": ["Summarize what happened in a few words."]}


def test_what_rapport_records_itself_cannot_be_logged_by_hand(personas, zoe):
    response = client_for(personas.member).post(
        timeline_url(zoe),
        {"kind": "stage_change", "direction": "internal", "summary": "Ambassador now"},
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]


def test_a_viewer_may_not_log(personas, zoe):
    response = client_for(personas.viewer).post(timeline_url(zoe), {"kind": "nope"})

    assert response.status_code == 403
    assert not Interaction.objects.exists()


def test_another_workspaces_timeline_answers_404(personas):
    theirs = globex_influencer(personas)
    client = client_for(personas.admin)

    assert client.get(timeline_url(theirs)).status_code == 404
    note = {"kind": "note", "direction": "internal", "summary": "Hello"}
    assert client.post(timeline_url(theirs), note).status_code == 404
    assert client_for(personas.outsider).get(timeline_url(theirs)).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_timeline_page_takes_the_same_queries_for_3_and_30_entries(personas, zoe):
    authors = [personas.member, personas.manager, personas.admin]
    client = client_for(personas.viewer)
    url = f"{timeline_url(zoe)}?page_size=100"
    client.get(url)

    for number in range(3):
        log(zoe, f"Entry {number}", NOW - timedelta(hours=number), author=authors[number % 3])
    few = _queries(client, url)
    for number in range(3, 30):
        log(zoe, f"Entry {number}", NOW - timedelta(hours=number), author=authors[number % 3])
    many = _queries(client, url)

    assert few == many == 5  # session, user, membership, the influencer, the page


# --- commitments -----------------------------------------------------------------------------


def test_it_lists_what_we_owe_soonest_first(personas, zoe):
    ana = make_influencer(personas, "Ana Bakes")
    later = commitment_open(
        influencer=zoe, kind="payment", description="Pay the reel", due_at=NOW + timedelta(days=9)
    )
    overdue = commitment_open(
        influencer=ana, kind="feedback", description="Draft notes", due_at=NOW - timedelta(days=1)
    )
    done = commitment_open(
        influencer=zoe, kind="other", description="Done", due_at=NOW - timedelta(days=5)
    )
    done.fulfilled_at = NOW - timedelta(days=6)
    done.save(update_fields=["fulfilled_at"])
    theirs = globex_influencer(personas)
    commitment_open(influencer=theirs, kind="other", description="Theirs", due_at=NOW)
    client = token_client(personas, personas.viewer)

    open_rows = client.get(api_url("commitment-list")).json()["results"]
    every_row = client.get(api_url("commitment-list"), {"status": "all"}).json()["results"]

    assert [row["id"] for row in open_rows] == [str(overdue.public_id), str(later.public_id)]
    assert open_rows[0]["is_overdue"] is True
    assert open_rows[0]["influencer"] == {"id": str(ana.public_id), "name": "Ana Bakes"}
    assert open_rows[1]["is_overdue"] is False
    assert [row["description"] for row in every_row] == ["Done", "Draft notes", "Pay the reel"]


def test_it_lists_one_influencers_commitments(personas, zoe):
    ana = make_influencer(personas, "Ana Bakes")
    commitment_open(influencer=zoe, kind="other", description="Zoë's", due_at=NOW)
    commitment_open(influencer=ana, kind="other", description="Ana's", due_at=NOW)

    response = client_for(personas.viewer).get(
        api_url("commitment-list"), {"influencer": str(ana.public_id)}
    )

    assert [row["description"] for row in response.json()["results"]] == ["Ana's"]


def test_another_workspaces_influencer_and_bad_filters_are_refused(personas):
    theirs = globex_influencer(personas)
    client = client_for(personas.viewer)
    url = api_url("commitment-list")

    assert client.get(url, {"influencer": str(theirs.public_id)}).status_code == 404
    assert client.get(url, {"influencer": "nope"}).json()["errors"] == {
        "influencer": ["Send an influencer's id."]
    }
    assert client.get(url, {"status": "later"}).json()["errors"] == {
        "status": ["Choose “open” or “all”."]
    }
    assert client_for(personas.outsider).get(url).status_code == 404


def test_commitments_take_the_same_queries_for_3_and_30_rows(personas):
    people = [make_influencer(personas, f"Person {number}") for number in range(3)]
    client = client_for(personas.viewer)
    url = f"{api_url('commitment-list')}?page_size=100"
    client.get(url)

    def owe(count: int) -> None:
        for number in range(count):
            commitment_open(
                influencer=people[number % 3],
                kind="other",
                description=f"Thing {number}",
                due_at=NOW + timedelta(hours=number),
            )

    owe(3)
    few = _queries(client, url)
    owe(27)
    many = _queries(client, url)

    assert few == many == 5  # session, user, membership, count, rows with their influencer
