"""A pitch's conversation by email: our pitch and follow-up, what came back (replies,
auto-replies, delivery reports) in order; an auto-reply's return date as do-not-disturb once a
member confirms it; a delivery failure on the pitch, the board and the profile."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Influencer
from outreach.models import AwayDecision, InboundMessage, Pitch
from outreach.services.follow_ups import follow_up_start
from outreach.services.sending import pitch_send
from tests.factories import ProfileFactory
from tests.outreach.inbound_mail import (
    gmail_reply,
    message_with_attachments,
    outlook_out_of_office,
    postfix_bounce,
)
from tests.outreach.views_support import HX, NOW, frozen, ingest, media, sent, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("frozen", "media")

HX_PITCH = {**HX, "HTTP_HX_TARGET": "pitch-panel"}
AWAY_TEXT = "I am out of the office until 1 December 2026 with limited access to email."


def away_reply(personas, pitch: Pitch, *, at=NOW - timedelta(days=7)) -> InboundMessage:
    raw = outlook_out_of_office(
        message_id=f"<away-{pitch.pk}@trails.example>",
        in_reply_to=pitch.message_id,
        from_address=pitch.influencer.emails.get().email,
        from_name=pitch.influencer.name,
        text=f"Hello,\n\n{AWAY_TEXT}\n\nAna",
        date=at,
    )
    message = ingest(personas, raw, now=at + timedelta(minutes=1))
    assert message.pitch == pitch and message.away_decision == AwayDecision.PENDING
    return message


def follow_up_sent(pitch: Pitch, author, *, at) -> Pitch:
    draft = follow_up_start(pitch=pitch, actor=author, now=at)
    Pitch.objects.filter(pk=draft.pk).update(
        body="Hi Ana, just checking the shoes question reached you before the season."
    )
    draft.refresh_from_db()
    return pitch_send(pitch=draft, actor=author, actor_role="member", now=at)


def test_the_conversation_lists_our_emails_and_theirs_in_order(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=8))
    away_reply(personas, pitch)
    follow_up = follow_up_sent(pitch, personas.member, at=NOW - timedelta(days=2))
    ingest(
        personas,
        gmail_reply(
            in_reply_to=follow_up.message_id,
            references=[pitch.message_id, follow_up.message_id],
            text="Hi Maya,\n\nYes please! I wear a 39.\n\nAna",
            quoted_text="Hi Ana, just checking the shoes question reached you.",
            date=NOW - timedelta(days=1),
        ),
    )
    client.force_login(personas.viewer)

    response = client.get(url("pitch-detail", pitch.public_id))

    page = response.content.decode()
    assert response.status_code == 200
    thread = page[page.index('id="conversation-heading"') :]
    ours = thread.index("your write-up of the Lavaredo ultra")
    away = thread.index("out of the office until 1 December 2026")
    again = thread.index("just checking the shoes question reached you before the season")
    answer = thread.index("Yes please! I wear a 39.")
    assert ours < away < again < answer
    assert "Auto-reply" in thread and "Message from them" in thread
    assert "by Member Person" in thread  # who sent ours
    # Their quoted history is folded under their reply.
    details = thread.index("<details", answer)
    assert thread.index("Show quoted history", details) < thread.index(
        "just checking the shoes question reached you.", details
    )


def test_the_follow_up_page_shows_the_same_thread(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=8))
    follow_up = follow_up_sent(pitch, personas.member, at=NOW - timedelta(days=2))
    client.force_login(personas.member)

    page = client.get(url("pitch-detail", follow_up.public_id)).content.decode()

    assert "your write-up of the Lavaredo ultra" in page
    assert "thread-current" in page and url("pitch-detail", pitch.public_id) in page


def test_their_text_is_escaped(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=2))
    ingest(
        personas,
        gmail_reply(
            in_reply_to=pitch.message_id,
            text="Nice <img src=x onerror=alert(1)> shoes",
            date=NOW - timedelta(days=1),
        ),
    )
    client.force_login(personas.member)

    page = client.get(url("pitch-detail", pitch.public_id)).content.decode()

    assert "<img src=x" not in page and "Nice &lt;img src=x onerror=alert(1)&gt; shoes" in page


def test_their_files_are_listed_with_a_link_only_when_kept(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=2))
    message = ingest(
        personas,
        message_with_attachments(in_reply_to=pitch.message_id, date=NOW - timedelta(days=1)),
    )
    kept = message.attachments.get(name="media-kit.pdf")
    refused = message.attachments.get(name="invoice.exe")
    client.force_login(personas.viewer)

    page = client.get(url("pitch-detail", pitch.public_id)).content.decode()

    assert url("inbox-attachment", kept.public_id) in page
    assert "invoice.exe" in page and url("inbox-attachment", refused.public_id) not in page
    assert refused.not_kept_reason in page


# --- an auto-reply's return date --------------------------------------------------------------


def test_a_member_sets_do_not_disturb_from_an_auto_reply(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=8))
    message = away_reply(personas, pitch)
    client.force_login(personas.member)

    page = client.get(url("pitch-detail", pitch.public_id)).content.decode()
    assert (
        "Ana Rocha says they are away until 1 December 2026. Set do-not-disturb until then?" in page
    )
    assert url("inbound-away", message.public_id) in page
    response = client.post(url("inbound-away", message.public_id), {"decision": "set"})

    assert response.status_code == 302 and response.url == url("pitch-detail", pitch.public_id)
    ana.refresh_from_db()
    assert ana.do_not_disturb_until == date(2026, 12, 1)
    assert InboundMessage.objects.get(pk=message.pk).away_decision == AwayDecision.APPLIED
    after = client.get(response.url).content.decode()
    assert "Ana Rocha is on do-not-disturb until 1 Dec 2026." in after
    assert "Set do-not-disturb until then?" not in after
    assert "do-not-disturb was set" in after


def test_a_member_ignores_the_return_date_with_htmx(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=8))
    message = away_reply(personas, pitch)
    client.force_login(personas.member)

    response = client.post(
        url("inbound-away", message.public_id), {"decision": "ignore"}, **HX_PITCH
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="pitch-panel"' in page and "<html" not in page
    assert "the return date was ignored" in page
    assert Influencer.objects.get(pk=ana.pk).do_not_disturb_until is None
    assert InboundMessage.objects.get(pk=message.pk).away_decision == AwayDecision.IGNORED


def test_a_viewer_sees_the_return_date_but_cannot_decide(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=8))
    message = away_reply(personas, pitch)
    client.force_login(personas.viewer)

    page = client.get(url("pitch-detail", pitch.public_id)).content.decode()
    refused = client.post(url("inbound-away", message.public_id), {"decision": "set"})

    assert "Ana Rocha says they are away until 1 December 2026." in page
    assert "Set do-not-disturb until then?" not in page
    assert url("inbound-away", message.public_id) not in page
    assert refused.status_code == 403
    assert Influencer.objects.get(pk=ana.pk).do_not_disturb_until is None
    assert InboundMessage.objects.get(pk=message.pk).away_decision == AwayDecision.PENDING


def test_a_decision_needs_a_choice_and_is_taken_once(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=8))
    message = away_reply(personas, pitch)
    client.force_login(personas.member)

    empty = client.post(url("inbound-away", message.public_id))
    assert empty.status_code == 400
    assert "Choose to set do-not-disturb or to ignore the return date." in empty.content.decode()

    client.post(url("inbound-away", message.public_id), {"decision": "ignore"})
    again = client.post(url("inbound-away", message.public_id), {"decision": "set"}, **HX_PITCH)
    assert again.status_code == 400 and 'id="pitch-panel"' in again.content.decode()
    assert "no return date waiting for a decision" in again.content.decode()
    assert Influencer.objects.get(pk=ana.pk).do_not_disturb_until is None


def test_an_outsider_cannot_decide(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=8))
    message = away_reply(personas, pitch)
    client.force_login(personas.outsider)

    assert (
        client.post(url("inbound-away", message.public_id), {"decision": "set"}).status_code == 404
    )
    assert Influencer.objects.get(pk=ana.pk).do_not_disturb_until is None


def test_the_board_shows_an_auto_reply_on_a_waiting_pitch(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=8))
    away_reply(personas, pitch)
    client.force_login(personas.member)

    page = client.get(url("index")).content.decode()

    waiting = page[page.index('id="waiting"') : page.index('id="replied"')]
    assert "Auto-reply" in waiting and "away until 1 Dec" in waiting


def test_the_board_shows_a_reply_by_email(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=2))
    ingest(personas, gmail_reply(in_reply_to=pitch.message_id, date=NOW - timedelta(days=1)))
    client.force_login(personas.member)

    page = client.get(url("index")).content.decode()

    replied = page[page.index('id="replied"') : page.index('id="declined"')]
    assert "Shoes for Lavaredo" in replied and "Replied</span>" in replied


# --- delivery failures ---------------------------------------------------------------------------


def bounce(personas, pitch: Pitch, *, at=NOW - timedelta(hours=1)) -> InboundMessage:
    raw = postfix_bounce(
        recipient="ana@trails.example",
        original_message_id=pitch.message_id,
        diagnostic="smtp; 550 5.1.1 <ana@trails.example>: User unknown",
        date=at,
    )
    return ingest(personas, raw, now=at + timedelta(minutes=1))


def test_a_failed_delivery_shows_on_the_pitch_the_board_and_the_profile(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=1))
    bounce(personas, pitch)
    pitch.refresh_from_db()
    assert pitch.delivery_failed_at is not None
    client.force_login(personas.viewer)

    page = client.get(url("pitch-detail", pitch.public_id)).content.decode()
    board = client.get(url("index") + "?scope=everyone").content.decode()
    profile = client.get(
        reverse("contacts:influencer-detail", args=["acme", ana.public_id])
    ).content.decode()

    banner = page.index('class="delivery-failed"')
    assert page.index("Delivery failed:</strong> smtp; 550 5.1.1") > banner
    assert banner < page.index('id="conversation-heading"')  # prominent: above the thread
    assert "Could not be delivered to ana@trails.example" in page  # the report in the thread
    assert 'class="badge-failed"' in board and "Delivery failed</span>" in board
    assert "Bounced on 18 Nov 2026: smtp; 550 5.1.1 &lt;ana@trails.example&gt;: User unknown" in (
        profile
    )


def test_an_address_that_never_bounced_has_no_flag(client, personas, ana):
    client.force_login(personas.viewer)

    profile = client.get(
        reverse("contacts:influencer-detail", args=["acme", ana.public_id])
    ).content.decode()

    assert "ana@trails.example" in profile and "Bounced on" not in profile


# --- query counts --------------------------------------------------------------------------------


def _detail_queries(client, personas, influencer, replies: int) -> int:
    pitch = sent(
        influencer,
        personas.member,
        now=NOW - timedelta(days=3),
        body=f"Hi {influencer.name}, a pitch.",
    )
    address = influencer.emails.get().email
    for index in range(replies):
        ingest(
            personas,
            message_with_attachments(
                message_id=f"<answer-{pitch.pk}-{index}@trails.example>",
                in_reply_to=pitch.message_id,
                from_address=address,
                date=NOW - timedelta(days=2, minutes=-index),
            ),
        )
    client.force_login(personas.member)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("pitch-detail", pitch.public_id)).status_code == 200
    return len(queries)


def test_the_pitch_page_takes_the_same_queries_for_a_short_and_a_long_thread(client, personas, ana):
    short = _detail_queries(client, personas, ana, 1)
    long = _detail_queries(
        client, personas, ProfileFactory(personas=personas, trail_runner=True, name="Bo Lind"), 8
    )

    assert short == long
