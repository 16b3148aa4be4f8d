"""Editing and deleting timeline entries: authors only, system entries never, deletes audited."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Commitment, Interaction
from contacts.services.timeline import interaction_record
from irm.models import AuditAction, AuditEvent
from tests.factories import InfluencerFactory

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def influencer(personas):
    return InfluencerFactory(workspace=personas.workspace, name="Maya Brook")


@pytest.fixture
def entry(influencer, personas):
    return interaction_record(
        influencer=influencer,
        kind="email",
        direction="outbound",
        channel="email",
        summary="Sent the brief",
        body="Attached.",
        author=personas.member,
        occurred_at=NOW - timedelta(days=2),
        now=NOW,
    )


def edit_url(entry):
    return reverse("contacts:interaction-edit", args=["acme", entry.public_id])


def delete_url(entry):
    return reverse("contacts:interaction-delete", args=["acme", entry.public_id])


def timeline_url(influencer):
    return reverse("contacts:timeline", args=["acme", influencer.public_id])


def form_data(**fields):
    return {
        "kind": "email",
        "direction": "outbound",
        "channel": "email",
        "occurred_at": "2026-11-18T16:00",  # the entry's own moment, in Paris
        "summary": "Sent the brief",
        "body": "Attached.",
        "sentiment": "",
        **fields,
    }


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_the_author_gets_the_form_filled_in_their_time_zone(client, personas, entry, headers):
    client.force_login(personas.member)

    response = client.get(edit_url(entry), **headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2026-11-18T16:00"' in html
    assert 'value="Sent the brief"' in html
    assert ("<html" in html) is not bool(headers)


def test_htmx_editing_answers_with_the_panel_and_moves_the_last_contact(
    client, personas, influencer, entry
):
    client.force_login(personas.member)

    response = client.post(
        edit_url(entry), form_data(summary="Sent the final brief", occurred_at="2026-11-19T09:15"),
        **HX,
    )  # fmt: skip

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#timeline-panel"
    assert "Sent the final brief" in response.content.decode()
    entry.refresh_from_db()
    assert entry.summary == "Sent the final brief"
    assert entry.occurred_at == datetime(2026, 11, 19, 8, 15, tzinfo=UTC)
    assert entry.edited_at == NOW
    influencer.refresh_from_db()
    assert influencer.last_outbound_at == entry.occurred_at


def test_an_unchanged_date_keeps_its_seconds(client, personas, entry):
    client.force_login(personas.member)
    before = entry.occurred_at

    response = client.post(edit_url(entry), form_data(sentiment="positive"))

    assert response.status_code == 302
    assert response["Location"] == timeline_url(entry.influencer)
    entry.refresh_from_db()
    assert entry.occurred_at == before
    assert entry.sentiment == "positive"


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_an_edit_into_the_future_is_refused_with_the_input_kept(client, personas, entry, headers):
    client.force_login(personas.member)

    response = client.post(
        edit_url(entry), form_data(occurred_at="2026-12-01T10:00", summary="Oops"), **headers
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This has not happened yet" in html
    assert 'value="Oops"' in html
    entry.refresh_from_db()
    assert entry.summary == "Sent the brief"


def test_someone_elses_entry_is_403_and_has_no_links(client, personas, influencer, entry):
    client.force_login(personas.manager)

    assert client.get(edit_url(entry)).status_code == 403
    assert client.post(edit_url(entry), form_data(summary="Hijacked")).status_code == 403
    assert client.get(delete_url(entry)).status_code == 403
    assert client.post(delete_url(entry), **HX).status_code == 403
    entry.refresh_from_db()
    assert entry.summary == "Sent the brief"
    assert entry.deleted_at is None
    html = client.get(timeline_url(influencer)).content.decode()
    assert "Sent the brief" in html
    assert edit_url(entry) not in html


def test_system_entries_are_not_editable_even_by_their_author(client, personas, influencer):
    system = interaction_record(
        influencer=influencer,
        kind="stage_change",
        direction="internal",
        summary="Stage: engaged",
        author=personas.member,
        now=NOW,
    )
    client.force_login(personas.member)

    assert client.get(edit_url(system)).status_code == 403
    assert client.post(edit_url(system), form_data()).status_code == 403
    assert client.post(delete_url(system)).status_code == 403
    system.refresh_from_db()
    assert (system.kind, system.deleted_at) == ("stage_change", None)


def test_the_viewer_may_not_edit_or_delete_even_what_they_once_wrote(client, personas, influencer):
    old = interaction_record(
        influencer=influencer,
        kind="note",
        direction="internal",
        summary="Written as a member",
        author=personas.viewer,
        now=NOW,
    )
    client.force_login(personas.viewer)

    assert client.get(edit_url(old)).status_code == 403
    assert client.post(edit_url(old), form_data()).status_code == 403
    assert client.post(delete_url(old)).status_code == 403


def test_outsiders_get_404(client, personas, entry):
    client.force_login(personas.outsider)

    assert client.get(edit_url(entry)).status_code == 404
    assert client.post(delete_url(entry)).status_code == 404
    other = InfluencerFactory(workspace=personas.other_workspace)
    theirs = interaction_record(
        influencer=other, kind="note", direction="internal", summary="x", author=personas.outsider
    )
    # Their own entry, addressed through a workspace it does not belong to.
    assert client.get(edit_url(theirs)).status_code == 404


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_delete_asks_for_confirmation_first(client, personas, entry, headers):
    client.force_login(personas.member)

    response = client.get(delete_url(entry), **headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Delete “Sent the brief”" in html
    assert 'type="submit"' in html
    entry.refresh_from_db()
    assert entry.deleted_at is None


def test_htmx_delete_is_soft_audited_and_answers_with_the_panel(
    client, personas, influencer, entry
):
    client.force_login(personas.member)

    response = client.post(delete_url(entry), **HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Entry deleted." in html
    assert "Sent the brief" not in html
    entry.refresh_from_db()
    assert entry.deleted_at == NOW
    influencer.refresh_from_db()
    assert influencer.last_outbound_at is None
    event = AuditEvent.objects.get(action=AuditAction.INTERACTION_DELETED)
    assert event.actor == personas.member
    # Gone from the timeline; a second delete finds nothing.
    assert client.post(delete_url(entry)).status_code == 404
    assert Interaction.objects.filter(pk=entry.pk).exists()


def test_a_plain_delete_redirects_to_the_timeline(client, personas, influencer, entry):
    client.force_login(personas.member)

    response = client.post(delete_url(entry))

    assert response.status_code == 302
    assert response["Location"] == timeline_url(influencer)


def open_replies(influencer):
    return list(
        Commitment.objects.filter(influencer=influencer, kind="reply", fulfilled_at__isnull=True)
    )


def inbound(influencer, personas, days_ago, summary="Can you send the brief?"):
    return interaction_record(
        influencer=influencer,
        kind="email",
        direction="inbound",
        summary=summary,
        author=personas.member,
        occurred_at=NOW - timedelta(days=days_ago),
        now=NOW,
    )


def test_deleting_a_message_logged_by_mistake_takes_back_the_reply_we_owed(
    client, personas, influencer
):
    message = inbound(influencer, personas, days_ago=1)
    assert len(open_replies(influencer)) == 1
    client.force_login(personas.member)

    response = client.post(delete_url(message), **HX)

    assert open_replies(influencer) == []
    assert "still waiting" not in response.content.decode()


def test_deleting_our_answer_makes_the_reply_owed_again_unless_a_later_one_exists(
    client, personas, influencer
):
    inbound(influencer, personas, days_ago=5)
    first = interaction_record(influencer=influencer, kind="email", direction="outbound",
                               summary="First answer", author=personas.member,
                               occurred_at=NOW - timedelta(days=4), now=NOW)  # fmt: skip
    second = interaction_record(influencer=influencer, kind="call", direction="outbound",
                                summary="Called back", author=personas.member,
                                occurred_at=NOW - timedelta(days=3), now=NOW)  # fmt: skip
    client.force_login(personas.member)

    client.post(delete_url(first))
    reply = Commitment.objects.get(influencer=influencer, kind="reply")
    assert (reply.fulfilled_by, reply.fulfilled_at) == (second, second.occurred_at)

    client.post(delete_url(second))
    assert open_replies(influencer) == [reply]


def test_correcting_the_direction_of_an_entry_moves_what_we_owe(client, personas, influencer):
    message = inbound(influencer, personas, days_ago=1, summary="Sent them the samples")
    client.force_login(personas.member)

    # It was us writing to them, not the other way round.
    client.post(edit_url(message), form_data(summary="Sent them the samples",
                occurred_at="2026-11-19T16:00", direction="outbound"))  # fmt: skip

    assert open_replies(influencer) == []
    influencer.refresh_from_db()
    assert influencer.last_inbound_at is None
    assert influencer.last_outbound_at == NOW - timedelta(days=1)
