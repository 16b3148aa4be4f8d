"""The pitches API: list, read, draft, change, ask the guard, send, schedule, mark sent, answer,
cancel. The same guard as the pages: refusals are 400 with the verdict."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Channel, Interaction, InteractionKind
from contacts.services import channel_permission_set, influencer_create
from irm.errors import RuleError
from irm.models import AuditAction, AuditEvent, EmailStatus, OutboxEmail
from outreach.models import Pitch, PitchStatus
from outreach.services.inbound import inbound_ingest
from outreach.services.library import template_create
from outreach.services.sending import pitch_send
from tests.factories import PitchFactory
from tests.outreach import inbound_mail as mail
from tests.outreach.api_helpers import (
    BODY,
    NOW,
    api_url,
    client_for,
    frozen,  # noqa: F401
    token_client,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def draft(ana, author, **extra) -> Pitch:
    return PitchFactory(influencer=ana, author=author, **{"body": BODY, **extra})


def send(client, pitch, **data):
    return client.post(api_url("pitch-send", public_id=pitch.public_id), data, format="json")


# --- list and read -----------------------------------------------------------------------------


def test_a_viewer_lists_the_workspaces_pitches_with_a_token(personas, ana):
    pitch = draft(ana, personas.member)

    response = token_client(personas, personas.viewer).get(api_url("pitch-list"))

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["public_id"] == str(pitch.public_id)
    assert row["influencer"] == {"public_id": str(ana.public_id), "name": "Ana Rocha"}
    assert row["author"]["email"] == personas.member.email
    assert row["status"] == "draft" and row["topics"] == ["Trail running"]
    assert row["verdict"] is None and row["delivery_status"] is None


def test_the_list_filters_by_status_author_and_influencer(personas, ana):
    mine = draft(ana, personas.member)
    theirs = draft(ana, personas.manager)
    pitch_send(pitch=theirs, actor=personas.manager, actor_role="manager", now=NOW)
    client = client_for(personas.viewer)

    def ids(**query):
        response = client.get(api_url("pitch-list"), query)
        assert response.status_code == 200
        return [row["public_id"] for row in response.json()["results"]]

    assert ids(status="draft") == [str(mine.public_id)]
    assert ids(status=["draft", "sent"]) == [str(theirs.public_id), str(mine.public_id)]
    assert ids(author=str(personas.manager.public_id)) == [str(theirs.public_id)]
    assert ids(influencer=str(ana.public_id), status="cancelled") == []


def test_a_bad_filter_is_a_400(personas):
    response = client_for(personas.viewer).get(api_url("pitch-list"), {"status": "lost"})

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_the_list_costs_the_same_queries_for_3_and_30_pitches(personas, ana):
    client = client_for(personas.viewer)

    def count_queries(total: int) -> int:
        while Pitch.objects.count() < total:
            pitch = draft(ana, personas.member)
            if Pitch.objects.count() % 3 == 0:
                pitch_send(
                    pitch=pitch,
                    actor=personas.manager,
                    actor_role="manager",
                    override_reason="test data",
                    now=NOW,
                )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(api_url("pitch-list"))
        assert response.status_code == 200
        assert len(response.json()["results"]) == total
        return len(queries)

    assert count_queries(3) == count_queries(30)


def test_another_workspaces_pitch_is_a_404(personas, ana):
    pitch = draft(ana, personas.member)

    response = client_for(personas.outsider).get(api_url("pitch-detail", public_id=pitch.public_id))
    listing = client_for(personas.outsider).get(api_url("pitch-list", slug="globex"))

    assert response.status_code == 404
    assert listing.status_code == 200 and listing.json()["results"] == []


def test_anonymous_requests_get_401(personas, ana):
    response = client_for(None).get(api_url("pitch-list"))

    assert response.status_code == 401


# --- drafts --------------------------------------------------------------------------------------


def test_a_member_writes_a_draft_from_a_template(personas, ana):
    template = template_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Shoes",
        subject="Shoes for {first_name}",
        body="Hi {first_name}, it is {my_name} here.",
        topics=["Trail running"],
    )

    response = client_for(personas.member).post(
        api_url("pitch-list"),
        {"influencer": str(ana.public_id), "channel": "email", "template": str(template.public_id)},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["subject"] == "Shoes for Ana"
    assert body["body"] == "Hi Ana, it is Member Person here."
    assert body["topics"] == ["Trail running"] and body["template"] == str(template.public_id)
    assert body["status"] == "draft"
    assert not OutboxEmail.objects.exists()


def test_a_draft_to_someone_of_another_workspace_is_a_400(personas):
    gloria = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Gloria"
    )

    response = client_for(personas.member).post(
        api_url("pitch-list"),
        {"influencer": str(gloria.public_id), "channel": "email", "body": "Hi"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"influencer": ["No such influencer in this workspace."]}


def test_a_viewer_may_not_write_a_draft(personas, ana):
    response = client_for(personas.viewer).post(
        api_url("pitch-list"), {"influencer": str(ana.public_id)}, format="json"
    )

    assert response.status_code == 403
    assert not Pitch.objects.exists()


def test_its_author_changes_a_draft(personas, ana):
    pitch = draft(ana, personas.member)

    response = client_for(personas.member).patch(
        api_url("pitch-detail", public_id=pitch.public_id),
        {"subject": "New shoes", "topics": ["Ultra running"]},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["subject"] == "New shoes"
    assert response.json()["topics"] == ["Ultra running"]
    assert response.json()["body"] == BODY


def test_a_member_may_not_change_someone_elses_pitch(personas, ana):
    pitch = draft(ana, personas.manager)

    response = client_for(personas.member).patch(
        api_url("pitch-detail", public_id=pitch.public_id), {"subject": "Mine now"}, format="json"
    )

    assert response.status_code == 403
    assert Pitch.objects.get(pk=pitch.pk).subject == "Shoes for Lavaredo"


def test_only_drafts_change(personas, ana):
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=NOW
    )

    response = client_for(personas.member).patch(
        api_url("pitch-detail", public_id=pitch.public_id), {"body": "Oops"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "This pitch is sent, waiting already."


# --- the guard ------------------------------------------------------------------------------


def test_a_viewer_asks_the_guard_and_nothing_is_written(personas, ana):
    pitch = draft(ana, personas.member, channel="instagram_dm")

    response = client_for(personas.viewer).post(api_url("pitch-check", public_id=pitch.public_id))

    assert response.status_code == 200
    verdict = response.json()
    assert verdict["allowed"] is False and verdict["overridable"] is False
    [finding] = [f for f in verdict["findings"] if f["severity"] == "block"]
    assert finding["rule"] == "channel_not_open"
    assert "has not opened Instagram DM" in finding["message"]
    assert Pitch.objects.get(pk=pitch.pk).verdict == {}


def test_a_member_sends_an_email_pitch_and_sees_its_delivery(personas, ana):
    pitch = draft(ana, personas.member)

    response = send(client_for(personas.member), pitch)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "sent" and body["sent_at"] is not None
    assert body["delivery_status"] == EmailStatus.PENDING and body["delivered_at"] is None
    assert body["verdict"]["allowed"] is True
    assert Interaction.objects.filter(kind=InteractionKind.PITCH, influencer=ana).count() == 1
    email = OutboxEmail.objects.get(kind="pitch")
    OutboxEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENT, sent_at=NOW)
    again = client_for(personas.viewer).get(api_url("pitch-detail", public_id=pitch.public_id))
    assert again.json()["delivery_status"] == "sent" and again.json()["delivered_at"]


def test_a_bounce_shows_as_a_failed_delivery_with_its_reason_and_dates_the_address(personas, ana):
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=NOW
    )
    OutboxEmail.objects.filter(pk=pitch.outbox_email_id).update(status=EmailStatus.SENT)
    bounced_at = NOW + timedelta(minutes=2)
    inbound_ingest(
        raw=mail.postfix_bounce(
            original_message_id=pitch.message_id,
            recipient="ana@trails.example",
            to=("rapport@localhost",),
            date=bounced_at,
        ),
        now=bounced_at,
    )
    viewer = client_for(personas.viewer)

    body = viewer.get(api_url("pitch-detail", public_id=pitch.public_id)).json()
    person = viewer.get(
        reverse("api:contacts-api:influencer-detail", args=["acme", ana.public_id])
    ).json()

    assert body["delivery_status"] == "failed"
    assert body["delivery_failed_at"] == "2026-11-18T10:02:00Z"
    assert "User unknown" in body["delivery_failure"]
    [address] = person["emails"]
    assert address["email"] == "ana@trails.example"
    assert address["bounced_at"] == "2026-11-18T10:02:00Z"
    assert "User unknown" in address["bounce_reason"]


def test_a_closed_door_is_a_400_with_the_verdict(personas, ana):
    pitch = draft(ana, personas.member, channel="instagram_dm")

    response = client_for(personas.member).post(
        api_url("pitch-mark-sent", public_id=pitch.public_id), {}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert "has not opened Instagram DM" in body["detail"]
    assert body["errors"]["non_field_errors"] == [body["detail"]]
    assert body["verdict"]["allowed"] is False
    assert body["verdict"]["findings"][0]["rule"] == "channel_not_open"
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.DRAFT


def test_a_viewer_may_not_send(personas, ana):
    pitch = draft(ana, personas.member)

    response = send(client_for(personas.viewer), pitch)

    assert response.status_code == 403
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.DRAFT


def test_inside_the_cooldown_a_member_is_refused_and_may_not_override(personas, ana):
    pitch_send(pitch=draft(ana, personas.member), actor=personas.member, actor_role="member")
    second = draft(ana, personas.member, body="A note written for Ana alone, about her race.")
    client = client_for(personas.member)

    refused = send(client, second)
    overriding = send(client, second, override_reason="She asked for it")

    assert refused.status_code == 400
    assert "A manager may override" in refused.json()["detail"]
    assert refused.json()["verdict"]["overridable"] is True
    assert refused.json()["verdict"]["findings"][0]["rule"] == "cooldown"
    assert overriding.status_code == 403
    assert Pitch.objects.get(pk=second.pk).status == PitchStatus.DRAFT


def test_a_manager_overrides_the_cooldown_with_a_reason(personas, ana):
    pitch_send(pitch=draft(ana, personas.member), actor=personas.member, actor_role="member")
    second = draft(ana, personas.manager, body="A note written for Ana alone, about her race.")
    client = client_for(personas.manager)

    no_reason = send(client, second)
    response = send(client, second, override_reason="She asked for the sizes today")

    assert no_reason.status_code == 400
    assert no_reason.json()["errors"] == {
        "reason": ["Give the reason for overriding the contact rules."]
    }
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "sent"
    assert body["override_reason"] == "She asked for the sizes today"
    assert body["overridden_by"]["email"] == personas.manager.email
    assert AuditEvent.objects.filter(action=AuditAction.CONTACT_RULE_OVERRIDDEN).count() == 1


def test_a_pitch_is_scheduled_for_a_later_moment(personas, ana):
    pitch = draft(ana, personas.member)
    later = NOW + timedelta(hours=2)

    response = send(client_for(personas.member), pitch, send_at=later.isoformat())

    assert response.status_code == 200
    assert response.json()["status"] == "scheduled"
    assert response.json()["send_at"] == "2026-11-18T12:00:00Z"
    assert not OutboxEmail.objects.exists()


def test_a_moment_in_the_past_is_a_400(personas, ana):
    pitch = draft(ana, personas.member)

    response = send(
        client_for(personas.member), pitch, send_at=(NOW - timedelta(hours=1)).isoformat()
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"send_at": ["Choose a moment in the future."]}


def test_a_dm_cannot_be_scheduled_because_nobody_would_send_it(personas, ana):
    channel_permission_set(
        influencer=ana,
        channel=Channel.INSTAGRAM_DM,
        is_open=True,
        evidence="She DMed us first",
        actor=personas.member,
    )
    pitch = draft(ana, personas.member, channel="instagram_dm", subject="")

    response = send(
        client_for(personas.member), pitch, send_at=(NOW + timedelta(hours=2)).isoformat()
    )

    assert response.status_code == 400
    assert response.json()["errors"]["send_at"] == [
        "Only email pitches are sent by Rapport at a set time: send this one yourself, then "
        "mark it sent."
    ]
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.DRAFT and pitch.send_at is None
    assert not Interaction.objects.filter(influencer=ana, kind=InteractionKind.PITCH).exists()


def test_the_send_service_itself_refuses_a_moment_in_the_past(personas, ana):
    pitch = draft(ana, personas.member)

    with pytest.raises(RuleError, match="Choose a moment in the future"):
        pitch_send(
            pitch=pitch,
            actor=personas.member,
            actor_role="member",
            send_at=NOW - timedelta(minutes=1),
            now=NOW,
        )

    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.DRAFT and pitch.sent_at is None
    assert not OutboxEmail.objects.exists()


def test_quiet_hours_hold_the_pitch_until_their_morning(personas, ana, time_machine):
    time_machine.move_to(NOW.replace(hour=22), tick=False)
    pitch = draft(ana, personas.member)

    response = send(client_for(personas.member), pitch)

    assert response.status_code == 200
    assert response.json()["status"] == "held"
    assert response.json()["send_at"] == "2026-11-19T08:00:00Z"


def test_a_dm_in_their_quiet_hours_is_not_held_to_be_recorded_later(personas, ana, time_machine):
    time_machine.move_to(NOW.replace(hour=22), tick=False)
    channel_permission_set(
        influencer=ana,
        channel=Channel.INSTAGRAM_DM,
        is_open=True,
        evidence="She DMed us first",
        actor=personas.member,
    )
    pitch = draft(ana, personas.member, channel="instagram_dm", subject="")

    response = client_for(personas.member).post(
        api_url("pitch-mark-sent", public_id=pitch.public_id), {}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Held: 20:00-08:00 are quiet hours for Ana Rocha. Send the Instagram DM yourself from "
        "Thu 19 Nov at 08:00 their time (UTC), then mark it sent."
    )
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.DRAFT and pitch.send_at is None
    assert not Interaction.objects.filter(influencer=ana, kind=InteractionKind.PITCH).exists()


def test_a_dm_pitch_is_marked_sent_on_an_open_channel(personas, ana):
    channel_permission_set(
        influencer=ana,
        channel=Channel.INSTAGRAM_DM,
        is_open=True,
        evidence="She DMed us first",
        actor=personas.member,
    )
    pitch = draft(ana, personas.member, channel="instagram_dm", subject="")

    response = client_for(personas.member).post(
        api_url("pitch-mark-sent", public_id=pitch.public_id), {}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "sent" and response.json()["delivery_status"] is None


# --- answers and cancelling ----------------------------------------------------------------------


def test_a_member_logs_a_decline_with_its_topics(personas, ana):
    pitch = pitch_send(
        pitch=draft(ana, personas.manager), actor=personas.manager, actor_role="manager"
    )

    response = client_for(personas.member).post(
        api_url("pitch-answer", public_id=pitch.public_id),
        {"answer": "declined", "declined_topics": ["Shoe reviews"], "note": "Not this year"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "declined"
    assert response.json()["declined_topics"] == ["Shoe reviews"]
    assert Interaction.objects.filter(kind=InteractionKind.REPLY, body="Not this year").exists()


def test_a_draft_has_no_answer_yet(personas, ana):
    pitch = draft(ana, personas.member)

    response = client_for(personas.member).post(
        api_url("pitch-answer", public_id=pitch.public_id), {"answer": "replied"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Only a sent pitch can have an answer."


def test_an_answer_from_the_future_is_a_400(personas, ana):
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member"
    )

    response = client_for(personas.member).post(
        api_url("pitch-answer", public_id=pitch.public_id),
        {"answer": "replied", "answered_at": (NOW + timedelta(days=1)).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert "answered_at" in response.json()["errors"]


def test_an_answer_before_the_pitch_went_is_a_400_and_opens_nothing(personas, ana):
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member"
    )

    response = client_for(personas.member).post(
        api_url("pitch-answer", public_id=pitch.public_id),
        {"answer": "replied", "answered_at": (NOW - timedelta(days=1)).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "answered_at": ["An answer comes after the pitch: pick a moment after it was sent."]
    }
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.SENT
    assert not Interaction.objects.filter(influencer=ana, kind=InteractionKind.REPLY).exists()


def test_its_author_cancels_a_scheduled_pitch(personas, ana):
    pitch = pitch_send(
        pitch=draft(ana, personas.member),
        actor=personas.member,
        actor_role="member",
        send_at=NOW + timedelta(days=1),
    )

    response = client_for(personas.member).post(api_url("pitch-cancel", public_id=pitch.public_id))
    again = client_for(personas.member).post(api_url("pitch-cancel", public_id=pitch.public_id))

    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert again.status_code == 400


def test_roles_are_checked_before_the_pitch_is_looked_up(personas, ana):
    pitch = draft(ana, personas.member)

    response = client_for(personas.viewer).post(api_url("pitch-cancel", public_id=pitch.public_id))

    assert response.status_code == 403
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.DRAFT


def test_a_manager_changes_anyones_pitch(personas, ana):
    pitch = draft(ana, personas.member)

    response = client_for(personas.manager).post(api_url("pitch-cancel", public_id=pitch.public_id))

    assert response.status_code == 200
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.CANCELLED


def test_its_author_starts_the_follow_up_of_a_sent_pitch_once(personas, ana):
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member"
    )
    client = client_for(personas.member)
    url = api_url("pitch-follow-up", public_id=pitch.public_id)

    first = client.post(url)
    again = client.post(url)

    assert first.status_code == 201, first.json()
    assert first.json()["follow_up_of"] == str(pitch.public_id)
    assert first.json()["status"] == "draft" and first.json()["subject"] == "Re: Shoes for Lavaredo"
    assert again.json()["public_id"] == first.json()["public_id"]


def test_a_draft_has_no_follow_up(personas, ana):
    pitch = draft(ana, personas.member)

    response = client_for(personas.member).post(
        api_url("pitch-follow-up", public_id=pitch.public_id)
    )

    assert response.status_code == 400
    assert Pitch.objects.count() == 1
