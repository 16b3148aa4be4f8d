"""One pitch: its verdict, delivery, conversation; logging the answer, the follow-up, cancel."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Interaction, InteractionKind
from contacts.services import email_flag_bounced, influencer_add_email, interaction_record
from irm.models import EmailStatus, OutboxEmail
from outreach.models import Pitch, PitchStatus
from outreach.services.answers import pitch_log_answer, pitch_mark_undelivered
from outreach.services.follow_ups import follow_up_start
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


def test_a_sent_pitch_shows_its_delivery_and_the_conversation(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=1))
    OutboxEmail.objects.filter(pk=pitch.outbox_email_id).update(status=EmailStatus.SENT)
    pitch_log_answer(
        pitch=pitch, answer="replied", actor=personas.member, note="Send me a size 39", now=NOW
    )
    client.force_login(personas.viewer)

    response = client.get(url("pitch-detail", pitch.public_id))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Shoes for Lavaredo" in page and "Delivery" in page
    assert "Ana Rocha replied: Shoes for Lavaredo" in page and "Send me a size 39" in page
    assert "Log their answer" not in page  # viewers read only
    assert "Write a follow-up" not in page


def test_a_pitch_whose_author_left_shows_a_dash_for_them(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=1))
    personas.member.delete()
    client.force_login(personas.viewer)

    detail = client.get(url("pitch-detail", pitch.public_id))
    index = client.get(url("index"))

    assert detail.status_code == 200 and "<dt>By</dt><dd>—</dd>" in detail.content.decode()
    assert index.status_code == 200 and "Shoes for Lavaredo" in index.content.decode()


def test_htmx_gets_the_panel_alone(client, personas, ana):
    pitch = sent(ana, personas.member)
    client.force_login(personas.member)

    response = client.get(url("pitch-detail", pitch.public_id), **HX)

    page = response.content.decode()
    assert 'id="pitch-panel"' in page and "<html" not in page


def test_a_draft_shows_what_the_rules_would_say_now(client, personas, ana):
    sent(ana, personas.member, now=NOW - timedelta(days=1))
    pitch = draft(ana, personas.member, body="Something new for Ana")
    client.force_login(personas.member)

    page = client.get(url("pitch-detail", pitch.public_id)).content.decode()

    assert "If it were sent now" in page and "the cooldown is 7 days" in page
    assert "Edit and send" in page


def test_logging_a_decline_remembers_its_topics(client, personas, ana):
    pitch = sent(ana, personas.member)
    client.force_login(personas.member)
    data = {"answer": "declined", "declined_topics": "Trail running", "note": "Not this season"}

    response = client.post(url("pitch-answer", pitch.public_id), data)

    assert response.status_code == 302
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.DECLINED
    assert [t.name for t in pitch.declined_topics.all()] == ["Trail running"]
    assert Interaction.objects.filter(kind=InteractionKind.REPLY, body="Not this season").exists()


def test_an_htmx_answer_redraws_the_panel(client, personas, ana):
    pitch = sent(ana, personas.member)
    client.force_login(personas.member)

    response = client.post(url("pitch-answer", pitch.public_id), {"answer": "accepted"}, **HX)

    page = response.content.decode()
    assert response.status_code == 200 and 'id="pitch-panel"' in page
    assert "Ana Rocha accepted" in page


def test_an_answer_without_a_choice_is_a_400_with_the_form(client, personas, ana):
    pitch = sent(ana, personas.member)
    client.force_login(personas.member)

    response = client.post(url("pitch-answer", pitch.public_id), {"answer": ""})

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    future = client.post(
        url("pitch-answer", pitch.public_id),
        {"answer": "replied", "answered_at": "2026-12-01T10:00"},
    )
    assert future.status_code == 400 and "has not happened yet" in future.content.decode()


def test_a_viewer_cannot_log_an_answer(client, personas, ana):
    pitch = sent(ana, personas.member)
    client.force_login(personas.viewer)

    assert (
        client.post(url("pitch-answer", pitch.public_id), {"answer": "replied"}).status_code == 403
    )
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.SENT


def test_the_follow_up_opens_as_a_threaded_draft_once(client, personas, ana):
    pitch = sent(ana, personas.member)
    client.force_login(personas.member)

    first = client.post(url("pitch-follow-up", pitch.public_id))
    second = client.post(url("pitch-follow-up", pitch.public_id))

    follow_up = Pitch.objects.get(follow_up_of=pitch)
    assert first.url == second.url == url("pitch-edit", follow_up.public_id)
    assert follow_up.subject == "Re: Shoes for Lavaredo" and follow_up.author == personas.member
    page = client.get(first.url).content.decode()
    assert "Follow up with Ana Rocha" in page


def test_the_follow_up_waits_for_its_delay_and_is_capped(client, personas, ana):
    pitch = sent(ana, personas.member)
    follow_up = follow_up_start(pitch=pitch, actor=personas.member, now=NOW)
    client.force_login(personas.member)
    data = {"channel": "email", "body": "Hi Ana, just checking you saw this.", "action": "send"}

    early = client.post(url("pitch-edit", follow_up.public_id), data)
    assert early.status_code == 400 and "a follow-up waits 5 days" in early.content.decode()

    with time_machine.travel(NOW + timedelta(days=6), tick=False):
        assert client.post(url("pitch-edit", follow_up.public_id), data).status_code == 302
        refused = client.post(url("pitch-follow-up", pitch.public_id))
    assert refused.status_code == 400
    assert "one polite follow-up is the limit" in refused.content.decode()


def test_a_bounced_pitch_offers_another_address_instead_of_a_follow_up(client, personas, ana):
    pitch = sent(ana, personas.member)
    influencer_add_email(influencer=ana, email="ana@studio.example")
    email_flag_bounced(
        workspace=ana.workspace, address="ana@trails.example", reason="550 User unknown", at=NOW
    )
    pitch_mark_undelivered(pitch=pitch, reason="550 User unknown", at=NOW, now=NOW)
    client.force_login(personas.member)

    page = client.get(url("pitch-detail", pitch.public_id)).content.decode()
    refused = client.post(url("pitch-follow-up", pitch.public_id))

    assert "Delivery failed:" in page and "550 User unknown" in page
    assert "Write to ana@studio.example instead" in page
    assert f"new/?influencer={ana.public_id}" in page
    assert "Write a follow-up" not in page
    assert refused.status_code == 400 and "write to another address" in refused.content.decode()
    assert not Pitch.objects.filter(follow_up_of=pitch).exists()


def test_a_bounced_pitch_with_no_other_address_points_to_the_profile(client, personas, ana):
    pitch = sent(ana, personas.member)
    email_flag_bounced(
        workspace=ana.workspace, address="ana@trails.example", reason="550 User unknown", at=NOW
    )
    pitch_mark_undelivered(pitch=pitch, reason="550 User unknown", at=NOW, now=NOW)
    client.force_login(personas.member)

    page = client.get(url("pitch-detail", pitch.public_id)).content.decode()

    assert "Add another address for Ana Rocha" in page and "Write a follow-up" not in page
    client.force_login(personas.viewer)
    assert (
        "Add another address"
        not in client.get(url("pitch-detail", pitch.public_id)).content.decode()
    )


def test_cancelling_a_held_pitch(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW.replace(hour=22))
    assert pitch.status == PitchStatus.HELD
    client.force_login(personas.member)

    response = client.post(url("pitch-cancel", pitch.public_id), **HX)

    assert response.status_code == 200 and "Pitch cancelled" in response.content.decode()
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.CANCELLED


def test_only_the_author_or_a_manager_cancels(client, personas, ana):
    pitch = draft(ana, personas.admin)
    client.force_login(personas.member)
    assert client.post(url("pitch-cancel", pitch.public_id)).status_code == 403
    client.force_login(personas.manager)
    assert client.post(url("pitch-cancel", pitch.public_id)).status_code == 302
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.CANCELLED


def test_an_outsider_gets_404_everywhere(client, personas, ana):
    pitch = sent(ana, personas.member)
    client.force_login(personas.outsider)

    for name in ("pitch-detail",):
        assert client.get(url(name, pitch.public_id)).status_code == 404
    for name in ("pitch-answer", "pitch-cancel", "pitch-follow-up"):
        assert client.post(url(name, pitch.public_id)).status_code == 404
        assert client.post(url(name, pitch.public_id, workspace="globex")).status_code == 404


def _detail_queries(client, personas, pitch, entries: int) -> int:
    for index in range(entries):
        interaction_record(
            influencer=pitch.influencer,
            kind=InteractionKind.REPLY,
            direction="inbound",
            summary=f"Answer {index}",
            source=pitch,
            occurred_at=NOW - timedelta(minutes=index),
            now=NOW,
        )
    client.force_login(personas.member)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("pitch-detail", pitch.public_id)).status_code == 200
    return len(queries)


def test_the_pitch_page_takes_the_same_queries_for_a_short_and_a_long_conversation(
    client, personas, ana
):
    short = _detail_queries(client, personas, sent(ana, personas.member), 1)
    bo = ProfileFactory(personas=personas, trail_runner=True, name="Bo Lind")
    long = _detail_queries(client, personas, sent(bo, personas.member, body="Hi Bo, a pitch."), 12)

    assert short == long
