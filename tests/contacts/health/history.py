"""Hand-built relationship histories for the health tests: timeline entries and commitments
written straight to the tables (bulk), so a test states exactly what happened and when, and
the computation reads nothing else."""

from datetime import UTC, datetime, timedelta

from contacts.health.weights import health_day
from contacts.models import (
    Commitment,
    CommitmentKind,
    Direction,
    HealthSnapshot,
    Influencer,
    Interaction,
    InteractionKind,
)
from contacts.services.health import health_recompute

# Wednesday 18 Nov 2026, 10:00 UTC.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)

IN, OUT, INTERNAL = Direction.INBOUND, Direction.OUTBOUND, Direction.INTERNAL
Kind = InteractionKind


def entry(
    influencer: Influencer,
    at: datetime,
    kind: str = Kind.EMAIL,
    direction: str = IN,
    *,
    sentiment: str = "",
    off_topic: bool = False,
    overridden: bool = False,
    findings: tuple[str, ...] = (),
    deleted: bool = False,
) -> Interaction:
    """An unsaved timeline entry; `record` saves a list of them at once."""
    return Interaction(
        workspace_id=influencer.workspace_id,
        influencer=influencer,
        occurred_at=at,
        kind=kind,
        direction=direction,
        summary=f"{kind} {direction}",
        sentiment=sentiment,
        off_topic=off_topic,
        contact_rule_overridden=overridden,
        respect_findings=list(findings),
        created_at=at,
        deleted_at=at + timedelta(minutes=1) if deleted else None,
    )


def record(*entries: Interaction) -> list[Interaction]:
    return Interaction.objects.bulk_create(entries)


def pitch(influencer: Influencer, at: datetime, **options) -> Interaction:
    return entry(influencer, at, Kind.PITCH, OUT, **options)


def reply(influencer: Influencer, at: datetime, **options) -> Interaction:
    return entry(influencer, at, Kind.REPLY, IN, **options)


def promise(
    influencer: Influencer,
    kind: str,
    due_at: datetime,
    *,
    fulfilled_at: datetime | None = None,
    created_at: datetime | None = None,
    opened_by: Interaction | None = None,
) -> Commitment:
    return Commitment.objects.create(
        workspace_id=influencer.workspace_id,
        influencer=influencer,
        kind=kind,
        description=f"{kind} for {influencer.name}",
        due_at=due_at,
        fulfilled_at=fulfilled_at,
        created_at=created_at or due_at - 7 * DAY,
        opened_by=opened_by,
    )


def owed_reply(influencer: Influencer, wrote_at: datetime, due_at: datetime) -> Commitment:
    """They wrote at `wrote_at` and we have not answered: the reply we owe them."""
    (message,) = record(reply(influencer, wrote_at))
    return promise(influencer, CommitmentKind.REPLY, due_at, created_at=wrote_at, opened_by=message)


def compute(influencer: Influencer, now: datetime = NOW) -> HealthSnapshot:
    """Health as of `now`: that day's snapshot (the influencer is refreshed too)."""
    health_recompute(influencer_ids=[influencer.pk], now=now)
    influencer.refresh_from_db()
    return HealthSnapshot.objects.get(influencer=influencer, day=health_day(now))


def codes(snapshot: HealthSnapshot) -> list[str]:
    return [reason["code"] for reason in snapshot.reasons]
