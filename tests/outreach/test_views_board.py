"""The outreach page: each state in its section, mine / my team / everyone, in a fixed number
of queries."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from irm.models import Team
from outreach.models import Pitch, PitchStatus
from outreach.services.answers import pitch_log_answer
from outreach.services.sending import pitch_send
from tests.factories import ProfileFactory
from tests.outreach.views_support import (  # noqa: F401
    HX,
    NOW,
    draft,
    frozen,
    sent,
    url,
)

pytestmark = pytest.mark.usefixtures("frozen")
DNC_MESSAGE = "Ana Rocha asked not to be contacted: moving house."


def test_each_state_shows_in_its_section_with_what_matters(client, personas, ana):
    bo = ProfileFactory(personas=personas, trail_runner=True, name="Bo Lind")
    cy = ProfileFactory(personas=personas, trail_runner=True, name="Cy Moor")
    draft(ana, personas.member, subject="A draft for Ana")
    waiting = sent(bo, personas.member, now=NOW - timedelta(days=2), subject="Waiting on Bo")
    held = pitch_send(
        pitch=draft(cy, personas.member, subject="Held for Cy"),
        actor=personas.member,
        actor_role="member",
        now=NOW - timedelta(hours=13),  # 21:00 UTC, Tuesday: quiet hours
    )
    assert held.status == PitchStatus.HELD and waiting.status == PitchStatus.SENT
    blocked = draft(ana, personas.member, subject="Blocked one")
    Pitch.objects.filter(pk=blocked.pk).update(
        status=PitchStatus.BLOCKED,
        verdict={"findings": [{"severity": "block", "message": DNC_MESSAGE}]},
    )
    client.force_login(personas.member)

    page = client.get(url("index")).content.decode()

    assert "A draft for Ana" in page
    assert "Waiting on Bo" in page and "2 days" in page
    assert "Held for Cy" in page and "It will go Wed 18 Nov at 08:00 their time" in page
    assert "asked not to be contacted: moving house." in page


def test_answers_show_in_their_sections(client, personas, ana):
    pitch = sent(ana, personas.member, subject="Shoes")
    pitch_log_answer(pitch=pitch, answer="declined", actor=personas.member, now=NOW)
    client.force_login(personas.member)

    page = client.get(url("index")).content.decode()

    section = page[page.index('id="declined"') :]
    assert "Shoes" in section and "Declined" in section


def test_mine_my_team_and_everyone(client, personas, ana):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    team.members.add(personas.membership(personas.member), personas.membership(personas.manager))
    draft(ana, personas.member, subject="Written by me")
    draft(ana, personas.manager, subject="Written by my teammate")
    draft(ana, personas.admin, subject="Written by someone else")
    client.force_login(personas.member)

    mine = client.get(url("index")).content.decode()
    team_page = client.get(url("index") + "?scope=team").content.decode()
    everyone = client.get(url("index") + "?scope=everyone").content.decode()

    assert "Written by me" in mine and "Written by my teammate" not in mine
    assert "Written by my teammate" in team_page and "Written by someone else" not in team_page
    assert "Written by someone else" in everyone


def test_a_teams_relationships_count_as_the_teams(client, personas):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    team.members.add(personas.membership(personas.member))
    ours = ProfileFactory(personas=personas, trail_runner=True, name="Di Team", team=team)
    draft(ours, personas.admin, subject="To our team's person")
    client.force_login(personas.member)

    page = client.get(url("index") + "?scope=team").content.decode()

    assert "To our team&#x27;s person" in page


def test_htmx_gets_the_board_alone(client, personas, ana):
    draft(ana, personas.member, subject="A draft")
    client.force_login(personas.member)

    response = client.get(url("index") + "?scope=everyone", **HX)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="outreach-board"' in page and "<html" not in page and "A draft" in page


def test_a_viewer_reads_everyones_pitches(client, personas, ana):
    draft(ana, personas.member, subject="Visible to viewers")
    client.force_login(personas.viewer)

    page = client.get(url("index")).content.decode()

    assert "Visible to viewers" in page
    assert "New pitch" not in page


def test_an_outsider_gets_404(client, personas, ana):
    client.force_login(personas.outsider)

    assert client.get(url("index")).status_code == 404


def _board_queries(client, personas, count: int) -> int:
    people = [
        ProfileFactory(personas=personas, trail_runner=True, name=f"P{count}x{index} Example")
        for index in range(count)
    ]
    for index, influencer in enumerate(people):
        pitch = draft(influencer, personas.member, subject=f"Pitch {index}")
        if index % 3 == 1:
            pitch_send(pitch=pitch, actor=personas.member, actor_role="member", now=NOW)
        elif index % 3 == 2:
            pitch_send(
                pitch=pitch,
                actor=personas.member,
                actor_role="member",
                now=NOW - timedelta(hours=13),
            )
    client.force_login(personas.member)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("index") + "?scope=team").status_code == 200
    Pitch.objects.all().delete()
    return len(queries)


def test_the_board_takes_the_same_queries_for_3_and_30_pitches(client, personas):
    few = _board_queries(client, personas, 3)
    many = _board_queries(client, personas, 30)

    assert few == many
    assert few <= 6, few


def test_days_waiting_count_the_viewers_calendar_dates(client, personas, ana):
    """Sent on 15 Nov at 23:30 in New York, seen there on 18 Nov at 05:00: 53 hours, but three
    dates on the viewer's calendar, on the board and on the pitch."""
    pitch = sent(ana, personas.member, subject="Waiting on Ana")
    new_york = ZoneInfo("America/New_York")
    Pitch.objects.filter(pk=pitch.pk).update(
        sent_at=datetime(2026, 11, 15, 23, 30, tzinfo=new_york)
    )
    personas.member.time_zone = "America/New_York"
    personas.member.save(update_fields=["time_zone"])
    client.force_login(personas.member)

    board = client.get(url("index")).content.decode()
    detail = client.get(url("pitch-detail", pitch.public_id)).content.decode()

    assert re.search(r"Waiting on Ana.*?<td>\s*3 days\s", board, re.S)
    assert "Sun 15 Nov 2026, 23:30 · waiting 3 days" in detail


def test_each_status_shows_its_newest_pitches_up_to_the_limit_with_the_whole_count(
    client, personas, ana, monkeypatch
):
    monkeypatch.setattr("outreach.selectors.pitches.BOARD_LIMIT", 2)
    for index in range(3):
        pitch = draft(ana, personas.member, subject=f"Draft {index}")
        Pitch.objects.filter(pk=pitch.pk).update(updated_at=NOW - timedelta(hours=3 - index))
    sent(
        ProfileFactory(personas=personas, trail_runner=True, name="Bo Lind"),
        personas.member,
        now=NOW,
        subject="Sent to Bo",
    )
    client.force_login(personas.member)

    page = client.get(url("index")).content.decode()

    assert "Draft 2" in page and "Draft 1" in page and "Draft 0" not in page
    assert "The newest 2 per status are shown; 1 more are not." in page
    assert "Sent to Bo" in page


def test_a_status_with_more_pitches_than_the_cap_says_at_least_the_cap(
    client, personas, ana, monkeypatch
):
    monkeypatch.setattr("outreach.selectors.pitches.BOARD_LIMIT", 1)
    monkeypatch.setattr("outreach.selectors.pitches.COUNT_CAP", 2)
    for index in range(3):
        draft(ana, personas.member, subject=f"Draft {index}")
    sent(
        ProfileFactory(personas=personas, trail_runner=True, name="Bo Lind"),
        personas.member,
        now=NOW,
        subject="Sent to Bo",
    )
    client.force_login(personas.member)

    page = client.get(url("index")).content.decode()

    assert re.search(r'Drafts <span class="count">2\+</span>', page)
    assert "The newest 1 per status are shown; more than 1 more are not." in page
    assert re.search(r'Sent, waiting <span class="count">1</span>', page)
