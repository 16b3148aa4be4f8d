"""Retention: bodies older than the workspace's retention_months are blanked by the daily sweep,
the facts and dates stay, and relationship health is the same after a purge."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from contacts.models import HealthSnapshot, Interaction
from contacts.services import interaction_record
from contacts.services.health import health_recompute
from contacts.services.retention import months_before, retention_sweep
from contacts.tasks import retention_sweep as retention_sweep_task
from irm.models import EmailStatus, OutboxEmail
from irm.outbox import email_deliver
from outreach.models import InboundMessage, Pitch
from tests.contacts.api_client import make_influencer
from tests.contacts.privacy_support import NOW, ana_with_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def keep_for(workspace, months):
    workspace.retention_months = months
    workspace.save(update_fields=["retention_months"])


def facts(influencer) -> list[tuple]:
    return list(
        Interaction.objects.filter(influencer=influencer)
        .order_by("occurred_at", "id")
        .values_list("occurred_at", "kind", "direction", "channel", "summary", "sentiment")
    )


def health(influencer) -> tuple:
    health_recompute(influencer_ids=[influencer.pk], now=NOW)
    snapshot = HealthSnapshot.objects.get(influencer=influencer)
    influencer.refresh_from_db()
    return (
        influencer.health_score,
        influencer.health_band,
        influencer.health_reasons,
        snapshot.facts,
        [
            snapshot.recency,
            snapshot.reciprocity,
            snapshot.respect,
            snapshot.owed,
            snapshot.depth,
            snapshot.sentiment,
        ],
    )


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 11, 18, 10, tzinfo=UTC), 6, datetime(2026, 5, 18, 10, tzinfo=UTC)),
        (datetime(2026, 3, 31, 8, tzinfo=UTC), 1, datetime(2026, 2, 28, 8, tzinfo=UTC)),
        (datetime(2027, 1, 15, tzinfo=UTC), 13, datetime(2025, 12, 15, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


def test_the_sweep_blanks_old_bodies_keeps_the_facts_and_health_does_not_change(personas, media):
    ana = ana_with_everything(personas, size=2)
    pitch = Pitch.objects.get(influencer=ana, sent_at__isnull=False)
    email_deliver(email_id=pitch.outbox_email_id, now=NOW - timedelta(days=196))
    raw_files = [media / name for name in InboundMessage.objects.values_list("raw", flat=True)]
    assert raw_files and all(path.exists() for path in raw_files)
    recent = interaction_record(
        influencer=ana,
        kind="meeting",
        direction="outbound",
        summary="Coffee in Chamonix",
        body="She is training for the UTMB.",
        occurred_at=NOW - timedelta(days=10),
        now=NOW,
    )
    before_facts, before_health = facts(ana), health(ana)
    keep_for(personas.workspace, 6)  # everything before 18 May 2026 goes

    purged = retention_sweep(now=NOW, batch_size=1)

    assert purged == {"timeline": 5, "outbox": 1, "pitches": 1, "inbound": 2}
    cutoff = datetime(2026, 5, 18, 10, tzinfo=UTC)
    old = Interaction.objects.filter(influencer=ana, occurred_at__lt=cutoff)
    # Two calls, the pitch and two replies had words; the channel opened had none.
    assert old.count() == 6 and set(old.values_list("body", flat=True)) == {""}
    recent.refresh_from_db()
    assert recent.body == "She is training for the UTMB."
    pitch.refresh_from_db()
    assert (pitch.body, pitch.subject, pitch.sent_at) == (
        "",
        "Shoes for Lavaredo",
        NOW - timedelta(days=196),
    )
    assert OutboxEmail.objects.get(pk=pitch.outbox_email_id).body_text == ""
    assert OutboxEmail.objects.get(pk=pitch.outbox_email_id).status == EmailStatus.SENT
    for message in InboundMessage.objects.all():
        assert (message.body_text, message.quoted_text, message.raw.name) == ("", "", "")
        assert message.subject and message.from_address
    assert not any(path.exists() for path in raw_files)
    # Drafts are not sent mail: they keep their text.
    assert not Pitch.objects.filter(influencer=ana, sent_at__isnull=True, body="").exists()
    assert facts(ana) == before_facts
    assert health(ana) == before_health
    # Run again: nothing left to do.
    assert retention_sweep(now=NOW) == {"timeline": 0, "outbox": 0, "pitches": 0, "inbound": 0}


def test_a_workspace_without_retention_keeps_everything(personas):
    ana = make_influencer(personas, "Ana Rocha")
    gloria = make_influencer(personas, "Gloria Globex", workspace=personas.other_workspace)
    for person in (ana, gloria):
        interaction_record(
            influencer=person,
            occurred_at=NOW - timedelta(days=900),
            kind="note",
            direction="internal",
            summary="Met at a fair",
            body="Long notes.",
            now=NOW,
        )
    keep_for(personas.other_workspace, 12)

    assert retention_sweep(now=NOW)["timeline"] == 1

    assert Interaction.objects.get(influencer=ana).body == "Long notes."
    assert Interaction.objects.get(influencer=gloria).body == ""


def test_the_sweep_is_a_daily_celery_task_on_the_beat_schedule(personas):
    schedule = django_settings.CELERY_BEAT_SCHEDULE["contacts.retention-sweep"]

    assert schedule == {"task": "contacts.tasks.retention_sweep", "schedule": 86400.0}
    assert retention_sweep_task.name == "contacts.tasks.retention_sweep"
    assert retention_sweep_task.run() == {}
