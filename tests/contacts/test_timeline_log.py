"""The quick-log composer: it records what already happened, in the viewer's time zone."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Commitment, Influencer, Interaction
from contacts.selectors import timeline as timeline_selectors
from tests.factories import InfluencerFactory

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 16:00 in Paris, where the personas live
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def influencer(personas):
    return InfluencerFactory(workspace=personas.workspace, name="Maya Brook")


def log_url(influencer):
    return reverse("contacts:timeline-log", args=["acme", influencer.public_id])


def timeline_url(influencer):
    return reverse("contacts:timeline", args=["acme", influencer.public_id])


def entry(**fields):
    return {
        "kind": "call",
        "direction": "inbound",
        "channel": "phone",
        "occurred_at": "2026-11-20T10:30",
        "shown_now": "2026-11-20T16:00",
        "summary": "Talked about the spring launch",
        "body": "",
        "sentiment": "positive",
        **fields,
    }


def test_htmx_logging_answers_with_the_panel_holding_the_new_entry(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(log_url(influencer), entry(), **HX)

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#timeline-panel"
    assert response["HX-Trigger"] == "timelineChanged"
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="timeline-panel"')
    assert "Talked about the spring launch" in html
    assert "Logged on the timeline." in html
    # The composer is fresh again.
    assert 'name="summary" placeholder' in html
    assert 'value="Talked about the spring launch"' not in html
    interaction = Interaction.objects.get()
    assert interaction.author == personas.member
    # 10:30 on the viewer's Paris wall clock is 09:30 UTC.
    assert interaction.occurred_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert (interaction.kind, interaction.direction, interaction.channel) == (
        "call",
        "inbound",
        "phone",
    )


def test_a_plain_post_redirects_to_the_timeline(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(log_url(influencer), entry())

    assert response.status_code == 302
    assert response["Location"] == timeline_url(influencer)
    assert "Talked about the spring launch" in client.get(timeline_url(influencer)).content.decode()


def test_the_untouched_default_means_the_moment_it_was_sent(client, personas, influencer):
    client.force_login(personas.member)

    untouched = entry(occurred_at="2026-11-20T15:40", shown_now="2026-11-20T15:40")
    client.post(log_url(influencer), untouched)

    assert Interaction.objects.get().occurred_at == NOW


def test_a_back_dated_entry_sets_the_last_contact_facts_from_when_it_happened(
    client, personas, influencer
):
    client.force_login(personas.member)
    client.post(log_url(influencer), entry(kind="email", direction="outbound",
                occurred_at="2026-11-18T09:00", summary="Sent the brief"))  # fmt: skip

    # Logged now, but it happened last month: the later outbound email stays the last one.
    response = client.post(
        log_url(influencer),
        entry(kind="reply", direction="inbound", occurred_at="2026-10-02T18:15"),
        **HX,
    )

    assert response.status_code == 200
    influencer.refresh_from_db()
    assert influencer.last_outbound_at == datetime(2026, 11, 18, 8, 0, tzinfo=UTC)
    assert influencer.last_inbound_at == datetime(2026, 10, 2, 16, 15, tzinfo=UTC)
    assert influencer.last_two_way_at == datetime(2026, 10, 2, 16, 15, tzinfo=UTC)
    # The reply was answered by the later email: nothing is owed.
    assert not timeline_selectors.open_commitments(influencer=influencer).exists()
    # The panel shows the facts, and the back-dated entry below the newer one, marked.
    html = response.content.decode()
    assert "18 Nov 2026, 09:00" in html
    assert html.index("Sent the brief") < html.index("Talked about the spring launch")
    assert "logged later" in html


def test_an_inbound_message_shows_what_we_owe_right_away(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(
        log_url(influencer), entry(kind="email", direction="inbound", channel="email"), **HX
    )

    assert Commitment.objects.filter(influencer=influencer, fulfilled_at__isnull=True).count() == 1
    assert "Maya Brook wrote on 20 Nov and is still waiting — reply due 24 Nov" in (
        response.content.decode()
    )


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_the_future_is_refused_with_a_clear_message_and_the_input_kept(
    client, personas, influencer, headers
):
    client.force_login(personas.member)

    response = client.post(
        log_url(influencer),
        entry(occurred_at="2026-11-21T09:00", summary="Lunch with the team"),
        **headers,
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This has not happened yet: pick a moment in the past." in html
    assert 'value="Lunch with the team"' in html
    assert 'value="2026-11-21T09:00"' in html
    assert not Interaction.objects.exists()
    Influencer.objects.get(pk=influencer.pk)


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_a_summary_and_a_date_are_required(client, personas, influencer, headers):
    client.force_login(personas.member)

    response = client.post(log_url(influencer), entry(summary="  ", occurred_at=""), **headers)

    assert response.status_code == 400
    assert response.content.decode().count('class="field-error"') == 2
    assert not Interaction.objects.exists()


def test_system_kinds_cannot_be_logged_by_hand(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(log_url(influencer), entry(kind="stage_change"))

    assert response.status_code == 400
    assert not Interaction.objects.exists()


def test_the_viewer_may_not_log(client, personas, influencer):
    client.force_login(personas.viewer)

    assert client.post(log_url(influencer), entry(), **HX).status_code == 403
    assert not Interaction.objects.exists()


def test_outsiders_get_404_before_their_input_is_read(client, personas, influencer):
    client.force_login(personas.outsider)

    assert client.post(log_url(influencer), entry()).status_code == 404
    other = InfluencerFactory(workspace=personas.other_workspace)
    assert client.post(log_url(other), entry()).status_code == 404
    assert not Interaction.objects.exists()
