from datetime import UTC, datetime

from django.urls import reverse

from contacts.models import Interaction
from contacts.services import interaction_record
from outreach.services.drafts import pitch_create
from outreach.services.sending import pitch_send

WEDNESDAY_NOON = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def test_a_dm_logged_by_hand_on_a_channel_never_opened_is_kept_with_the_rule_it_broke(
    ana, personas
):
    entry = interaction_record(
        influencer=ana,
        kind="dm",
        direction="outbound",
        channel="instagram_dm",
        summary="Slid into her DMs",
        author=personas.member,
        occurred_at=WEDNESDAY_NOON,
        now=WEDNESDAY_NOON,
    )

    assert entry.pk  # never refused: it happened
    assert entry.respect_findings == ["channel_not_open"]


def test_a_late_night_email_logged_by_hand_notes_the_quiet_hours(ana, personas):
    late = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)

    entry = interaction_record(
        influencer=ana,
        kind="email",
        direction="outbound",
        channel="email",
        summary="Sent the sizes",
        occurred_at=late,
        now=late,
    )

    assert entry.respect_findings == ["quiet_hours"]


def test_a_respectful_contact_and_a_pitch_sent_through_the_guard_carry_no_findings(ana, personas):
    fine = interaction_record(
        influencer=ana,
        kind="email",
        direction="outbound",
        channel="email",
        summary="Thanks for the call",
        occurred_at=WEDNESDAY_NOON,
        now=WEDNESDAY_NOON,
    )
    assert fine.respect_findings == []

    pitch = pitch_create(influencer=ana, author=personas.manager, channel="email", body="Hi Ana")
    pitch_send(pitch=pitch, actor=personas.manager, actor_role="manager",
               override_reason="She asked for it", now=WEDNESDAY_NOON)  # fmt: skip
    # The pitch's own verdict is stored on the pitch; its timeline entry is not re-assessed.
    entry = Interaction.objects.get(source_id=str(pitch.pk), kind="pitch")
    assert entry.respect_findings == []


def test_the_timeline_shows_the_broken_rules(client, ana, personas):
    interaction_record(
        influencer=ana,
        kind="dm",
        direction="outbound",
        channel="tiktok_dm",
        summary="A TikTok DM",
        occurred_at=WEDNESDAY_NOON,
        now=WEDNESDAY_NOON,
    )
    client.force_login(personas.viewer)

    page = client.get(reverse("contacts:timeline", args=["acme", ana.public_id]))

    assert "Outside the contact rules: channel not open" in page.content.decode()
