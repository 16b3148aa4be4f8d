"""Writes for the relationship timeline and for what we owe them (commitments). Higher apps
write here only through `interaction_record`, `commitment_open` and `commitment_fulfil`."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from contacts import respect
from contacts.kinds import (
    CONVERSATION_KINDS,
    REPLY_DUE_BUSINESS_DAYS,
    SYSTEM_KINDS,
    two_way_contact,
)
from contacts.models import (
    NOT_A_REPLY_KINDS,
    Commitment,
    CommitmentKind,
    Direction,
    Influencer,
    Interaction,
)
from contacts.services.health import health_refresh_on_commit
from irm.errors import RuleError
from irm.models import AuditAction, User
from irm.services import audit_record

# --- the timeline ---


def add_business_days(moment: datetime, days: int, zone) -> datetime:
    """`days` working days (Monday to Friday) after `moment`, at the same local time."""
    local = moment.astimezone(zone)
    added = 0
    while added < days:
        local = (local + timedelta(days=1)).replace(tzinfo=None)
        local = local.replace(tzinfo=zone)
        if local.weekday() < 5:
            added += 1
    return local


def _is_real_inbound(interaction: Interaction) -> bool:
    return interaction.direction == Direction.INBOUND and interaction.kind not in NOT_A_REPLY_KINDS


def _answers(interaction: Interaction) -> bool:
    return interaction.direction == Direction.OUTBOUND and interaction.kind in CONVERSATION_KINDS


# Called, inside the transaction, when someone's last two-way contact moves: plans that count
# from it follow at once (outreach's keep-in-touch reminders: their due date and "why now").
# Apps built on contacts register here when they are ready; contacts imports none of them.
_two_way_listeners: list[Callable[..., None]] = []


def two_way_listener_register(listener: Callable[..., None]) -> None:
    """`listener(influencer=..., now=...)`, called after `last_two_way_at` changed."""
    if listener not in _two_way_listeners:
        _two_way_listeners.append(listener)


def last_contact_facts(interactions: QuerySet) -> QuerySet:
    """Per person (influencer_id), the newest real inbound, outbound and two-way moments of
    `interactions`, deleted entries left out: what the last contact dates are, in one place
    (the bench's generator fills them for everyone from the same expressions)."""
    real_inbound = Q(direction=Direction.INBOUND) & ~Q(kind__in=NOT_A_REPLY_KINDS)
    return (
        interactions.filter(deleted_at__isnull=True)
        .values("influencer_id")
        .annotate(
            last_inbound=Max("occurred_at", filter=real_inbound),
            last_outbound=Max("occurred_at", filter=Q(direction=Direction.OUTBOUND)),
            last_two_way=Max("occurred_at", filter=two_way_contact()),
        )
        .order_by()
    )


def influencer_refresh_last_contact(*, influencer: Influencer, now: datetime | None = None) -> None:
    """Recompute last_inbound_at / last_outbound_at / last_two_way_at from when things
    happened, over the timeline (back-dated entries and deletions included), in one statement
    that writes them and returns them; tell the registered listeners when the last two-way
    contact moved."""
    before = influencer.last_two_way_at
    newest = last_contact_facts(Interaction.objects.filter(influencer=influencer.pk))
    sql, params = newest.query.sql_with_params()
    with connection.cursor() as cursor:
        # The outer max() makes one row of none (no entry left: all three become empty).
        cursor.execute(
            f"UPDATE {Influencer._meta.db_table} "
            "SET (last_inbound_at, last_outbound_at, last_two_way_at) = ("
            "SELECT max(f.last_inbound), max(f.last_outbound), max(f.last_two_way) "
            f"FROM ({sql}) AS f) WHERE id = %s "
            "RETURNING last_inbound_at, last_outbound_at, last_two_way_at",
            [*params, influencer.pk],
        )
        written = cursor.fetchone()
    if written is not None:
        (
            influencer.last_inbound_at,
            influencer.last_outbound_at,
            influencer.last_two_way_at,
        ) = written
    if influencer.last_two_way_at != before:
        for listener in _two_way_listeners:
            listener(influencer=influencer, now=now or timezone.now())


def _sync_reply_commitments(interaction: Interaction) -> None:
    """A real inbound message opens a reply commitment (unless one is open or we already
    answered after it); an outbound conversation after it fulfils it."""
    influencer = interaction.influencer
    if _is_real_inbound(interaction):
        if Commitment.objects.filter(
            influencer=influencer, kind=CommitmentKind.REPLY, fulfilled_at__isnull=True
        ).exists():
            return
        answer = (
            Interaction.objects.filter(
                influencer=influencer,
                deleted_at__isnull=True,
                direction=Direction.OUTBOUND,
                kind__in=CONVERSATION_KINDS,
                occurred_at__gt=interaction.occurred_at,
            )
            .order_by("occurred_at")
            .first()
        )
        Commitment.objects.create(
            workspace=influencer.workspace,
            influencer=influencer,
            kind=CommitmentKind.REPLY,
            description=f"Reply to {influencer.name}: {interaction.summary}"[:300],
            due_at=add_business_days(
                interaction.occurred_at, REPLY_DUE_BUSINESS_DAYS, influencer.workspace.zone
            ),
            opened_by=interaction,
            fulfilled_at=answer.occurred_at if answer else None,
            fulfilled_by=answer,
        )
    elif _answers(interaction):
        Commitment.objects.filter(
            influencer=influencer,
            kind=CommitmentKind.REPLY,
            fulfilled_at__isnull=True,
            opened_by__occurred_at__lt=interaction.occurred_at,
        ).update(fulfilled_at=interaction.occurred_at, fulfilled_by=interaction)


def _unsync_reply_commitments(interaction: Interaction) -> None:
    """Undo what this entry did to reply commitments, before it is deleted or changed: a reply
    it opened is no longer owed, one it answered waits for the next answer (if any)."""
    Commitment.objects.filter(opened_by=interaction, kind=CommitmentKind.REPLY).delete()
    answered = Commitment.objects.filter(
        fulfilled_by=interaction, kind=CommitmentKind.REPLY
    ).select_related("opened_by")
    for commitment in answered:
        since = commitment.opened_by.occurred_at if commitment.opened_by else commitment.created_at
        answer = (
            Interaction.objects.filter(
                influencer=interaction.influencer_id,
                deleted_at__isnull=True,
                direction=Direction.OUTBOUND,
                kind__in=CONVERSATION_KINDS,
                occurred_at__gt=since,
            )
            .exclude(pk=interaction.pk)
            .order_by("occurred_at")
            .first()
        )
        commitment.fulfilled_at = answer.occurred_at if answer else None
        commitment.fulfilled_by = answer
        commitment.save(update_fields=["fulfilled_at", "fulfilled_by"])


@transaction.atomic
def interaction_record(
    *,
    influencer: Influencer,
    kind: str,
    direction: str,
    summary: str,
    author: User | None = None,
    occurred_at: datetime | None = None,
    channel: str = "",
    body: str = "",
    sentiment: str = "",
    source: Any = None,
    contact_rule_overridden: bool = False,
    off_topic: bool = False,
    guard_checked: bool | None = None,
    now: datetime | None = None,
) -> Interaction:
    """Add a fact to the timeline. It records history and never refuses what already happened:
    1. for an outbound contact the guard did not see before (logged by hand, or by BCC from a
       member's own mail client), note the contact rules it broke at that moment,
    2. save it, dated when it happened, 3. recompute the last_* fields from the timeline,
    4. open or fulfil reply commitments."""
    now = now or timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + timedelta(minutes=5):
        raise RuleError(
            "This has not happened yet: pick a moment in the past.", field="occurred_at"
        )
    if not summary.strip():
        raise RuleError("Summarize what happened in a few words.", field="summary")
    findings = []
    if guard_checked is None:
        # Entries with a source (a pitch) went through the guard; hand-logged ones did not.
        guard_checked = source is not None
    if not guard_checked and direction == Direction.OUTBOUND and kind in CONVERSATION_KINDS:
        # Sent outside Rapport's composer: the guard did not see it before, so it looks now.
        findings = respect.respect_findings(influencer=influencer, channel=channel, at=occurred_at)
    interaction = Interaction.objects.create(
        workspace=influencer.workspace,
        influencer=influencer,
        occurred_at=occurred_at,
        kind=kind,
        direction=direction,
        channel=channel,
        summary=summary.strip()[:300],
        body=body,
        sentiment=sentiment,
        author=author,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=str(source.pk) if source is not None else "",
        contact_rule_overridden=contact_rule_overridden,
        off_topic=off_topic,
        respect_findings=findings,
        created_at=now,
    )
    influencer_refresh_last_contact(influencer=influencer, now=now)
    _sync_reply_commitments(interaction)
    health_refresh_on_commit(influencer_id=influencer.pk, now=now)
    return interaction


@transaction.atomic
def interaction_edit(
    *, interaction: Interaction, actor: User, now: datetime | None = None, **changes: Any
) -> Interaction:
    """Authors edit their own entries (system entries stay as written); the last_* fields
    follow a changed date."""
    now = now or timezone.now()
    if interaction.author_id != actor.pk:
        raise RuleError("Only the author can edit this entry.")
    if interaction.kind in SYSTEM_KINDS or changes.get("kind") in SYSTEM_KINDS:
        raise RuleError("Entries Rapport wrote about a change cannot be edited.")
    allowed = {"occurred_at", "kind", "direction", "channel", "summary", "body", "sentiment"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown interaction fields: {sorted(unknown)}")
    if "occurred_at" in changes and changes["occurred_at"] > now + timedelta(minutes=5):
        raise RuleError(
            "This has not happened yet: pick a moment in the past.", field="occurred_at"
        )
    if "summary" in changes:
        if not changes["summary"].strip():
            raise RuleError("Summarize what happened in a few words.", field="summary")
        changes["summary"] = changes["summary"].strip()[:300]
    # What it owes or answers depends on when, what and which way: recomputed when they change.
    resync = bool({"occurred_at", "kind", "direction"} & set(changes))
    if resync:
        _unsync_reply_commitments(interaction)
    for field, value in changes.items():
        setattr(interaction, field, value)
    interaction.edited_at = now
    interaction.save(update_fields=[*changes, "edited_at"])
    influencer_refresh_last_contact(influencer=interaction.influencer, now=now)
    if resync:
        _sync_reply_commitments(interaction)
    health_refresh_on_commit(influencer_id=interaction.influencer_id, now=now)
    return interaction


@transaction.atomic
def interaction_delete(
    *, interaction: Interaction, actor: User, now: datetime | None = None
) -> None:
    """Soft delete by its author, audited; the last_* fields are recomputed without it."""
    now = now or timezone.now()
    if interaction.author_id != actor.pk:
        raise RuleError("Only the author can delete this entry.")
    if interaction.kind in SYSTEM_KINDS:
        raise RuleError("Entries Rapport wrote about a change cannot be deleted.")
    _unsync_reply_commitments(interaction)
    interaction.deleted_at = now
    interaction.save(update_fields=["deleted_at"])
    influencer_refresh_last_contact(influencer=interaction.influencer, now=now)
    health_refresh_on_commit(influencer_id=interaction.influencer_id, now=now)
    audit_record(
        action=AuditAction.INTERACTION_DELETED,
        actor=actor,
        workspace=interaction.workspace,
        target=interaction,
        now=now,
    )


# --- commitments (what we owe them) ---


@transaction.atomic
def commitment_open(
    *,
    influencer: Influencer,
    kind: str,
    description: str,
    due_at: datetime,
    source: Any = None,
    now: datetime | None = None,
) -> Commitment:
    """Open a commitment (payment, feedback, ...) as of `now`. Idempotent per source and kind."""
    now = now or timezone.now()
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    source_id = str(source.pk) if source is not None else ""
    if source is not None:
        existing = Commitment.objects.filter(
            influencer=influencer, kind=kind, source_type=source_type, source_id=source_id
        ).first()
        if existing is not None:
            return existing
    commitment = Commitment.objects.create(
        workspace=influencer.workspace,
        influencer=influencer,
        kind=kind,
        description=description[:300],
        due_at=due_at,
        source_type=source_type,
        source_id=source_id,
        created_at=now,
    )
    health_refresh_on_commit(influencer_id=influencer.pk, now=now)
    return commitment


@transaction.atomic
def commitment_fulfil(
    *,
    commitment: Commitment,
    fulfilled_at: datetime | None = None,
    now: datetime | None = None,
) -> Commitment:
    """Kept at `fulfilled_at` (a payment made on a past day), `now` when not given; health is
    recomputed as of `now`, so a promise kept on a past day counts as kept from then on."""
    now = now or timezone.now()
    if commitment.fulfilled_at is None:
        commitment.fulfilled_at = fulfilled_at or now
        commitment.save(update_fields=["fulfilled_at"])
        health_refresh_on_commit(
            influencer_id=commitment.influencer_id, now=max(commitment.fulfilled_at, now)
        )
    return commitment
