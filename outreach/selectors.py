"""Reads for outreach. `guard_context_load` gathers everything the contact guard needs about one
person in a fixed number of queries, whatever their history."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from contacts import facts
from contacts.models import Influencer, InfluencerEmail, SocialAccount
from irm.models import Workspace
from outreach.guard import RECENT_BODIES_DAYS, GuardContext, Policy, normalize_topics
from outreach.models import (
    ADMITTED_UNSENT,
    InboundKind,
    InboundMessage,
    InboundStatus,
    Pitch,
    PitchStatus,
)


def merge_values_of(influencer: Influencer) -> tuple[str, ...]:
    """What merge fields put into a body for this person: their names and handles."""
    handles = SocialAccount.objects.filter(influencer=influencer).values_list("handle", flat=True)
    first = influencer.name.split()[0] if influencer.name.split() else ""
    return (influencer.name, first, *handles, *(f"@{h}" for h in handles))


def guard_context_load(
    *,
    influencer: Influencer,
    now: datetime,
    follow_up_of: Pitch | None = None,
    template_body: str = "",
    exclude_pitch: Pitch | None = None,
) -> GuardContext:
    """1 policy, 2 channels, 3 topics, 4 timeline contacts, 5 admitted pitches, 6 declines,
    7 waiting reply, 8 last call or meeting, 9 recent fingerprints, 10 handles, 11 addresses,
    (12 follow-ups of the original)."""
    policy = facts.contact_policy_effective(influencer=influencer)
    channels = facts.channel_states(influencer=influencer)
    topics = normalize_topics(influencer.topics.values_list("name", flat=True))
    since = facts.contact_window_start(now=now, cooldown_days=policy.cooldown_days)
    outbound = facts.outbound_contact_times(influencer=influencer, since=since)
    admitted = Pitch.objects.filter(
        influencer=influencer, status__in=ADMITTED_UNSENT, admitted_at__gte=since
    )
    if exclude_pitch is not None:
        admitted = admitted.exclude(pk=exclude_pitch.pk)
    outbound += list(admitted.values_list("admitted_at", flat=True))
    memory_start = now - timedelta(days=policy.decline_memory_days)
    declined = {}
    for name, answered_at in Pitch.objects.filter(
        influencer=influencer, status=PitchStatus.DECLINED, answered_at__gte=memory_start
    ).values_list("declined_topics__name", "answered_at"):
        if name:
            key = next(iter(normalize_topics([name])))
            declined[key] = max(answered_at, declined.get(key, answered_at))
    recent_bodies = Pitch.objects.filter(
        workspace=influencer.workspace_id,
        sent_at__gte=now - timedelta(days=RECENT_BODIES_DAYS),
    ).exclude(influencer=influencer)
    fingerprints = tuple(
        frozenset(row) for row in recent_bodies.values_list("fingerprint", flat=True) if row
    )
    follow_ups = None
    if follow_up_of is not None:
        follow_ups = (
            Pitch.objects.filter(follow_up_of=follow_up_of, admitted_at__isnull=False)
            .exclude(pk=getattr(exclude_pitch, "pk", None))
            .count()
        )
    return GuardContext(
        name=influencer.name,
        zone=_zone(influencer),
        policy=Policy(
            cooldown_days=policy.cooldown_days,
            max_follow_ups=policy.max_follow_ups,
            follow_up_delay_days=policy.follow_up_delay_days,
            quiet_hours_start=policy.quiet_hours_start,
            quiet_hours_end=policy.quiet_hours_end,
            no_weekends=policy.no_weekends,
            team_cap_per_30_days=policy.team_cap_per_30_days,
            decline_memory_days=policy.decline_memory_days,
            personalization_required=policy.personalization_required,
        ),
        do_not_contact=influencer.do_not_contact,
        do_not_contact_reason=influencer.do_not_contact_reason,
        erased=influencer.erased_at is not None,
        archived=influencer.archived_at is not None,
        do_not_disturb_until=influencer.do_not_disturb_until,
        open_channels=frozenset(c for c, row in channels.items() if row.is_open),
        closed_channels={
            c: (row.since, row.evidence) for c, row in channels.items() if not row.is_open
        },
        topics=topics,
        outbound_at=tuple(sorted(outbound, reverse=True)),
        declined_topics=declined,
        waiting_since=facts.waiting_since(influencer=influencer),
        last_spoken_at=facts.last_spoken_at(influencer=influencer, now=now),
        last_inbound_at=influencer.last_inbound_at,
        follow_ups_admitted=follow_ups,
        template_body=template_body,
        merge_values=merge_values_of(influencer),
        recent_fingerprints=fingerprints,
        email_bounced=_email_bounced(influencer),
    )


def _email_bounced(influencer: Influencer) -> tuple[str, datetime, str] | None:
    """The latest bounce when every address of theirs bounced (one working address is enough)."""
    rows = list(
        InfluencerEmail.objects.filter(influencer=influencer).values_list(
            "email", "bounced_at", "bounce_reason"
        )
    )
    if not rows or any(bounced_at is None for _, bounced_at, _ in rows):
        return None
    return max(rows, key=lambda row: row[1])


def _zone(influencer: Influencer) -> ZoneInfo:
    return ZoneInfo(influencer.time_zone or "UTC")


def pitch_get(*, workspace: Workspace, public_id) -> Pitch:
    return get_object_or_404(
        Pitch.objects.select_related("influencer", "author", "template", "outbox_email"),
        workspace=workspace,
        public_id=public_id,
    )


def primary_email(*, influencer: Influencer) -> str:
    """Where an email pitch goes: their primary address, unless it bounced and another did not."""
    row = (
        InfluencerEmail.objects.filter(influencer=influencer)
        .order_by(F("bounced_at").asc(nulls_first=True), "-is_primary", "email")
        .first()
    )
    return row.email if row else ""


def pitches_due(*, now: datetime, limit: int = 100) -> QuerySet[Pitch]:
    """Scheduled and held pitches whose moment came (the release sweep)."""
    return Pitch.objects.filter(status__in=ADMITTED_UNSENT, send_at__lte=now).order_by("send_at")[
        :limit
    ]


# --- inbound mail ---


def latest_auto_reply(*, pitch: Pitch) -> InboundMessage | None:
    """The newest auto-reply to this pitch's thread: while it says they are away, follow-ups
    wait."""
    thread = [pitch.pk] + ([pitch.follow_up_of_id] if pitch.follow_up_of_id else [])
    return (
        InboundMessage.objects.filter(pitch__in=thread, kind=InboundKind.AUTO_REPLY)
        .order_by("-received_at")
        .first()
    )


def inbox_messages(*, workspace: Workspace, status: str = InboundStatus.UNMATCHED) -> QuerySet:
    """The inbox: messages that found no influencer (or were discarded), newest first."""
    return (
        InboundMessage.objects.filter(workspace=workspace, status=status)
        .select_related("handled_by")
        .prefetch_related("attachments")
        .order_by("-received_at", "-id")
    )


def inbox_counts(*, workspace: Workspace) -> dict[str, int]:
    rows = (
        InboundMessage.objects.filter(
            workspace=workspace, status__in=[InboundStatus.UNMATCHED, InboundStatus.DISCARDED]
        )
        .values_list("status")
        .annotate(count=Count("id"))
    )
    return {InboundStatus.UNMATCHED: 0, InboundStatus.DISCARDED: 0, **dict(rows)}


def inbound_get(*, workspace: Workspace, public_id) -> InboundMessage:
    return get_object_or_404(
        InboundMessage.objects.select_related("influencer", "pitch", "handled_by"),
        workspace=workspace,
        public_id=public_id,
    )


def pitch_conversation(*, pitch: Pitch) -> list:
    """The thread in the order things happened: the pitch, its follow-ups and every message
    that came back (replies, auto-replies, delivery reports, members' own emails)."""
    root_id = pitch.follow_up_of_id or pitch.pk
    pitches = list(
        Pitch.objects.filter(Q(pk=root_id) | Q(follow_up_of_id=root_id))
        .exclude(sent_at__isnull=True)
        .select_related("author")
    )
    messages = list(
        InboundMessage.objects.filter(pitch__in=[p.pk for p in pitches] or [root_id])
        .prefetch_related("attachments")
        .order_by("received_at", "id")
    )
    # Ours by when they went, theirs by when they came (their Date header is only a claim).
    return sorted(
        [*pitches, *messages],
        key=lambda item: item.sent_at if isinstance(item, Pitch) else item.received_at,
    )
