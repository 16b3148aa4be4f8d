"""Writes for contacts: influencer profiles, their accounts and open channels, the timeline.

Every service is one transaction. Callers (views, API, higher apps) check who may act first;
services enforce the rules and raise ContactsError with a readable message. Higher apps write
to the timeline and to commitments only through `interaction_record`, `commitment_open` and
`commitment_fulfil`.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from contacts import normalize, respect, search
from contacts.models import (
    NOT_A_REPLY_KINDS,
    Channel,
    ChannelPermission,
    Commitment,
    CommitmentKind,
    Direction,
    Influencer,
    InfluencerEmail,
    Interaction,
    InteractionKind,
    MetricSnapshot,
    SocialAccount,
    Stage,
    Topic,
)
from irm.models import AuditAction, Role, User, Workspace
from irm.services import audit_record

REPLY_DUE_BUSINESS_DAYS = 2

# Outbound kinds that are a person talking to them: these answer an inbound message.
CONVERSATION_KINDS = frozenset(
    {
        InteractionKind.EMAIL,
        InteractionKind.DM,
        InteractionKind.CALL,
        InteractionKind.MEETING,
        InteractionKind.PITCH,
        InteractionKind.FOLLOW_UP,
        InteractionKind.REPLY,
    }
)
# Kinds that are two-way by nature, whoever logged them.
TWO_WAY_KINDS = frozenset({InteractionKind.CALL, InteractionKind.MEETING, InteractionKind.EVENT})
# Entries Rapport writes when something changes: the record of that change, never edited.
SYSTEM_KINDS = frozenset(
    {
        InteractionKind.STAGE_CHANGE,
        InteractionKind.DO_NOT_CONTACT,
        InteractionKind.CHANNEL_CHANGE,
        InteractionKind.MERGE,
    }
)

PROFILE_FIELDS = (
    "name",
    "pronouns",
    "avatar_url",
    "bio",
    "background",
    "values",
    "audience_notes",
    "location",
    "country",
    "time_zone",
    "languages",
    "phone",
    "website",
    "shipping_address",
    "agent_name",
    "agent_email",
    "keep_in_touch_days",
    "do_not_disturb_until",
)


class ContactsError(Exception):
    """A broken rule about influencers or their timeline, with a message for a person."""

    is_rule_error = True

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- search ---


def influencer_refresh_search(*, influencer: Influencer) -> None:
    """Rebuild the search document: name, handles, emails' local parts, bio, topics, location."""
    handles = SocialAccount.objects.filter(influencer=influencer).values_list("handle", flat=True)
    emails = InfluencerEmail.objects.filter(influencer=influencer).values_list("email", flat=True)
    topics = influencer.topics.values_list("name", flat=True)
    text = search.document(
        influencer.name,
        " ".join(handles),
        " ".join(address.split("@")[0] for address in emails),
        influencer.bio,
        " ".join(topics),
        influencer.location,
        influencer.agent_name,
    )
    Influencer.objects.filter(pk=influencer.pk).update(search_vector=search.vector_for(text))


# --- profiles ---


def _clean(influencer: Influencer) -> None:
    influencer.country = influencer.country.strip().upper()
    influencer.languages = sorted({code.strip().lower() for code in influencer.languages if code})
    try:
        influencer.full_clean(exclude=["workspace", "owner", "team", "created_by"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ContactsError(messages[0], field=None if field == "__all__" else field) from None


def _check_owner_and_team(workspace: Workspace, owner: User | None, team) -> None:
    if owner is not None and not owner.memberships.filter(workspace=workspace).exists():
        raise ContactsError("The owner must be a member of this workspace.", field="owner")
    if team is not None and team.workspace_id != workspace.pk:
        raise ContactsError("The team must belong to this workspace.", field="team")


@transaction.atomic
def influencer_create(
    *,
    workspace: Workspace,
    actor: User,
    name: str,
    emails: Iterable[str] = (),
    accounts: Iterable[dict] = (),
    topics: Iterable[str] = (),
    owner: User | None = None,
    team=None,
    stage: str = Stage.PROSPECT,
    now: datetime | None = None,
    **profile: Any,
) -> Influencer:
    """1. validate the profile, 2. save it with its emails, accounts and topics,
    3. keep total_followers and the search document."""
    now = now or timezone.now()
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    _check_owner_and_team(workspace, owner, team)
    influencer = Influencer(
        workspace=workspace,
        name=name.strip(),
        owner=owner,
        team=team,
        stage=stage,
        created_by=actor,
        created_at=now,
        updated_at=now,
        **profile,
    )
    _clean(influencer)
    influencer.save()
    for position, address in enumerate(emails):
        influencer_add_email(influencer=influencer, email=address, primary=position == 0)
    for account in accounts:
        social_account_save(influencer=influencer, now=now, **account)
    influencer_set_topics(influencer=influencer, names=topics)
    influencer_refresh_search(influencer=influencer)
    return influencer


@transaction.atomic
def influencer_update(
    *, influencer: Influencer, actor: User, now: datetime | None = None, **changes: Any
) -> Influencer:
    """Update profile fields, owner, team and stage; a stage change lands on the timeline."""
    now = now or timezone.now()
    allowed = set(PROFILE_FIELDS) | {"owner", "team", "stage"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown influencer fields: {sorted(unknown)}")
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    _check_owner_and_team(
        influencer.workspace,
        changes.get("owner", influencer.owner),
        changes.get("team", influencer.team),
    )
    old_stage = influencer.stage
    for field, value in changes.items():
        setattr(influencer, field, value.strip() if isinstance(value, str) else value)
    _clean(influencer)
    influencer.updated_at = now
    influencer.save()
    if influencer.stage != old_stage:
        interaction_record(
            influencer=influencer,
            kind=InteractionKind.STAGE_CHANGE,
            direction=Direction.INTERNAL,
            summary=f"Stage: {Stage(old_stage).label} → {influencer.get_stage_display()}",
            author=actor,
            occurred_at=now,
        )
    influencer_refresh_search(influencer=influencer)
    return influencer


@transaction.atomic
def influencer_add_email(
    *, influencer: Influencer, email: str, primary: bool = False
) -> InfluencerEmail:
    address = normalize.email(email)
    if not address:
        raise ContactsError("Enter an email address.", field="email")
    clash = (
        InfluencerEmail.objects.filter(workspace=influencer.workspace_id, email__iexact=address)
        .select_related("influencer")
        .first()
    )
    if clash is not None:
        if clash.influencer_id == influencer.pk:
            return clash
        raise ContactsError(f"{address} belongs to {clash.influencer.name} already.", field="email")
    if primary:
        InfluencerEmail.objects.filter(influencer=influencer, is_primary=True).update(
            is_primary=False
        )
    elif not InfluencerEmail.objects.filter(influencer=influencer).exists():
        primary = True
    row = InfluencerEmail.objects.create(
        workspace=influencer.workspace, influencer=influencer, email=address, is_primary=primary
    )
    influencer_refresh_search(influencer=influencer)
    return row


@transaction.atomic
def influencer_remove_email(*, influencer: Influencer, email: str) -> None:
    deleted = InfluencerEmail.objects.filter(influencer=influencer, email__iexact=email).first()
    if deleted is None:
        return
    deleted.delete()
    if deleted.is_primary:
        replacement = (
            InfluencerEmail.objects.filter(influencer=influencer).order_by("email").first()
        )
        if replacement is not None:
            replacement.is_primary = True
            replacement.save(update_fields=["is_primary"])
    influencer_refresh_search(influencer=influencer)


def topics_ensure(*, workspace: Workspace, names: Iterable[str]) -> list[Topic]:
    wanted = {name.strip(): None for name in names if name and name.strip()}
    topics = []
    for name in wanted:
        topic = Topic.objects.filter(workspace=workspace, name__iexact=name).first()
        if topic is None:
            topic = Topic.objects.create(workspace=workspace, name=name)
        topics.append(topic)
    return topics


@transaction.atomic
def influencer_set_topics(*, influencer: Influencer, names: Iterable[str]) -> None:
    influencer.topics.set(topics_ensure(workspace=influencer.workspace, names=names))
    influencer_refresh_search(influencer=influencer)


def _refresh_total_followers(influencer: Influencer) -> None:
    total = SocialAccount.objects.filter(influencer=influencer).aggregate(total=Sum("followers"))
    Influencer.objects.filter(pk=influencer.pk).update(total_followers=total["total"] or 0)


@transaction.atomic
def social_account_save(
    *,
    influencer: Influencer,
    platform: str,
    handle: str,
    followers: int | None = None,
    engagement_rate=None,
    url: str = "",
    verified: bool | None = None,
    now: datetime | None = None,
) -> SocialAccount:
    """Add or update their account on a platform; records today's metrics for the trend."""
    now = now or timezone.now()
    normalized = normalize.handle(handle)
    if not normalized:
        raise ContactsError("Enter the handle, e.g. @ana.bakes.", field="handle")
    if followers is not None and followers < 0:
        raise ContactsError("Followers cannot be negative.", field="followers")
    account = (
        SocialAccount.objects.select_for_update()
        .filter(workspace=influencer.workspace_id, platform=platform, handle=normalized)
        .select_related("influencer")
        .first()
    )
    if account is not None and account.influencer_id != influencer.pk:
        raise ContactsError(
            f"@{normalized} on {account.get_platform_display()} belongs to "
            f"{account.influencer.name} already.",
            field="handle",
        )
    if account is None:
        account = SocialAccount(
            workspace=influencer.workspace, influencer=influencer, platform=platform
        )
    account.handle = normalized
    account.url = url or account.url
    if followers is not None:
        account.followers = followers
    if engagement_rate is not None:
        account.engagement_rate = engagement_rate
    if verified is not None:
        account.verified = verified
    account.last_updated_at = now
    try:
        account.full_clean(exclude=["workspace", "influencer"], validate_constraints=False)
    except ValidationError as error:
        field, texts = next(iter(error.message_dict.items()))
        raise ContactsError(texts[0], field=field) from None
    account.save()
    MetricSnapshot.objects.update_or_create(
        social_account=account,
        captured_on=timezone.localdate(now),
        defaults={"followers": account.followers, "engagement_rate": account.engagement_rate},
    )
    _refresh_total_followers(influencer)
    influencer_refresh_search(influencer=influencer)
    return account


@transaction.atomic
def social_account_delete(*, account: SocialAccount) -> None:
    influencer = account.influencer
    account.delete()
    _refresh_total_followers(influencer)
    influencer_refresh_search(influencer=influencer)


# --- respect: open channels and do-not-contact ---


@transaction.atomic
def channel_permission_set(
    *,
    influencer: Influencer,
    channel: str,
    is_open: bool,
    evidence: str,
    actor: User,
    since: datetime | None = None,
    now: datetime | None = None,
) -> ChannelPermission:
    """Record that they opened (or closed) a channel, with the evidence; on the timeline."""
    now = now or timezone.now()
    if channel not in Channel.values:
        raise ContactsError(f"“{channel}” is not a channel.", field="channel")
    if not evidence.strip():
        raise ContactsError("Say how you know, e.g. “They emailed us first”.", field="evidence")
    permission, _ = ChannelPermission.objects.update_or_create(
        influencer=influencer,
        channel=channel,
        defaults={
            "workspace": influencer.workspace,
            "is_open": is_open,
            "since": since or now,
            "evidence": evidence.strip(),
            "recorded_by": actor,
            "recorded_at": now,
        },
    )
    state = "opened" if is_open else "closed"
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.CHANNEL_CHANGE,
        direction=Direction.INTERNAL,
        channel=channel,
        summary=f"{Channel(channel).label} {state}: {evidence.strip()}",
        author=actor,
        occurred_at=now,
    )
    return permission


DO_NOT_CONTACT_FIELDS = [
    "do_not_contact",
    "do_not_contact_reason",
    "do_not_contact_since",
    "do_not_contact_by",
]


def _do_not_contact_write(
    influencer: Influencer, *, values: tuple, summary: str, action: str, actor: User, now: datetime
) -> Influencer:
    """Store the four do-not-contact fields, and record the change on the timeline and in the
    audit log."""
    for field, value in zip(DO_NOT_CONTACT_FIELDS, values, strict=True):
        setattr(influencer, field, value)
    influencer.save(update_fields=DO_NOT_CONTACT_FIELDS)
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.DO_NOT_CONTACT,
        direction=Direction.INTERNAL,
        summary=summary,
        author=actor,
        occurred_at=now,
    )
    audit_record(
        action=action, actor=actor, workspace=influencer.workspace, target=influencer, now=now
    )
    return influencer


@transaction.atomic
def do_not_contact_set(
    *, influencer: Influencer, reason: str, actor: User, now: datetime | None = None
) -> Influencer:
    """Any member may stop all contact; the reason is required, shown everywhere, audited."""
    now = now or timezone.now()
    if not reason.strip():
        raise ContactsError("Give the reason, so the team understands.", field="reason")
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    return _do_not_contact_write(
        influencer,
        values=(True, reason.strip(), now, actor),
        summary=f"Do not contact: {reason.strip()}",
        action=AuditAction.DO_NOT_CONTACT_SET,
        actor=actor,
        now=now,
    )


@transaction.atomic
def do_not_contact_clear(
    *, influencer: Influencer, actor_role: str, actor: User, now: datetime | None = None
) -> Influencer:
    """Only an admin may lift a do-not-contact: it is the person's wish, not ours."""
    now = now or timezone.now()
    if actor_role != Role.ADMIN:
        raise ContactsError("Only a workspace admin can clear do-not-contact.")
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    if not influencer.do_not_contact:
        return influencer
    return _do_not_contact_write(
        influencer,
        values=(False, "", None, None),
        summary="Do-not-contact cleared",
        action=AuditAction.DO_NOT_CONTACT_CLEARED,
        actor=actor,
        now=now,
    )


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


def influencer_refresh_last_contact(*, influencer: Influencer) -> None:
    """Recompute last_inbound_at / last_outbound_at / last_two_way_at from when things
    happened, in one query over the timeline (back-dated entries and deletions included)."""
    live = Q(deleted_at__isnull=True)
    real_inbound = Q(direction=Direction.INBOUND) & ~Q(kind__in=NOT_A_REPLY_KINDS)
    two_way = real_inbound | Q(kind__in=TWO_WAY_KINDS)
    facts = Interaction.objects.filter(live, influencer=influencer).aggregate(
        last_inbound=Max("occurred_at", filter=real_inbound),
        last_outbound=Max("occurred_at", filter=Q(direction=Direction.OUTBOUND)),
        last_two_way=Max("occurred_at", filter=two_way),
    )
    Influencer.objects.filter(pk=influencer.pk).update(
        last_inbound_at=facts["last_inbound"],
        last_outbound_at=facts["last_outbound"],
        last_two_way_at=facts["last_two_way"],
    )
    influencer.last_inbound_at = facts["last_inbound"]
    influencer.last_outbound_at = facts["last_outbound"]
    influencer.last_two_way_at = facts["last_two_way"]


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
    now: datetime | None = None,
) -> Interaction:
    """Add a fact to the timeline. It records history and never refuses what already happened:
    1. for an outbound contact logged by hand, note the contact rules it broke at that moment,
    2. save it, dated when it happened, 3. recompute the last_* fields from the timeline,
    4. open or fulfil reply commitments."""
    now = now or timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + timedelta(minutes=5):
        raise ContactsError(
            "This has not happened yet: pick a moment in the past.", field="occurred_at"
        )
    if not summary.strip():
        raise ContactsError("Summarize what happened in a few words.", field="summary")
    findings = []
    if source is None and direction == Direction.OUTBOUND and kind in CONVERSATION_KINDS:
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
    influencer_refresh_last_contact(influencer=influencer)
    _sync_reply_commitments(interaction)
    return interaction


@transaction.atomic
def interaction_edit(
    *, interaction: Interaction, actor: User, now: datetime | None = None, **changes: Any
) -> Interaction:
    """Authors edit their own entries (system entries stay as written); the last_* fields
    follow a changed date."""
    now = now or timezone.now()
    if interaction.author_id != actor.pk:
        raise ContactsError("Only the author can edit this entry.")
    if interaction.kind in SYSTEM_KINDS or changes.get("kind") in SYSTEM_KINDS:
        raise ContactsError("Entries Rapport wrote about a change cannot be edited.")
    allowed = {"occurred_at", "kind", "direction", "channel", "summary", "body", "sentiment"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown interaction fields: {sorted(unknown)}")
    if "occurred_at" in changes and changes["occurred_at"] > now + timedelta(minutes=5):
        raise ContactsError(
            "This has not happened yet: pick a moment in the past.", field="occurred_at"
        )
    if "summary" in changes:
        if not changes["summary"].strip():
            raise ContactsError("Summarize what happened in a few words.", field="summary")
        changes["summary"] = changes["summary"].strip()[:300]
    # What it owes or answers depends on when, what and which way: recomputed when they change.
    resync = bool({"occurred_at", "kind", "direction"} & set(changes))
    if resync:
        _unsync_reply_commitments(interaction)
    for field, value in changes.items():
        setattr(interaction, field, value)
    interaction.edited_at = now
    interaction.save(update_fields=[*changes, "edited_at"])
    influencer_refresh_last_contact(influencer=interaction.influencer)
    if resync:
        _sync_reply_commitments(interaction)
    return interaction


@transaction.atomic
def interaction_delete(
    *, interaction: Interaction, actor: User, now: datetime | None = None
) -> None:
    """Soft delete by its author, audited; the last_* fields are recomputed without it."""
    now = now or timezone.now()
    if interaction.author_id != actor.pk:
        raise ContactsError("Only the author can delete this entry.")
    if interaction.kind in SYSTEM_KINDS:
        raise ContactsError("Entries Rapport wrote about a change cannot be deleted.")
    _unsync_reply_commitments(interaction)
    interaction.deleted_at = now
    interaction.save(update_fields=["deleted_at"])
    influencer_refresh_last_contact(influencer=interaction.influencer)
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
) -> Commitment:
    """Open a commitment (payment, feedback, ...). Idempotent per source and kind."""
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    source_id = str(source.pk) if source is not None else ""
    if source is not None:
        existing = Commitment.objects.filter(
            influencer=influencer, kind=kind, source_type=source_type, source_id=source_id
        ).first()
        if existing is not None:
            return existing
    return Commitment.objects.create(
        workspace=influencer.workspace,
        influencer=influencer,
        kind=kind,
        description=description[:300],
        due_at=due_at,
        source_type=source_type,
        source_id=source_id,
    )


@transaction.atomic
def commitment_fulfil(*, commitment: Commitment, now: datetime | None = None) -> Commitment:
    if commitment.fulfilled_at is None:
        commitment.fulfilled_at = now or timezone.now()
        commitment.save(update_fields=["fulfilled_at"])
    return commitment
