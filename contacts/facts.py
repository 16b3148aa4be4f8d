"""Selectors for what the contact guard (outreach) and relationship health need to know about a
person: their effective contact policy, the channels they opened, and timeline facts. Each is
one query; `outbound_contacts`, `waiting_reply_since` and `spoken_with` are the querysets behind
them, which the guard (outreach.selectors.guard) reads for one person as subqueries of a single row.
The set-based variants (`with_effective_policy`, `outbound_contact_count_since`,
`keep_in_touch_overdue`) apply the same rules to a whole queryset of influencers at once, for
pages that show many people: the dashboard's sections and the influencer list's filters that
lead to them read the same rules from here."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, Greatest, JSONObject, NullIf

from contacts.kinds import CONVERSATION_KINDS, TWO_WAY_KINDS
from contacts.models import (
    ChannelPermission,
    Commitment,
    CommitmentKind,
    ContactPolicy,
    Direction,
    Influencer,
    Interaction,
    Stage,
    default_keep_in_touch_by_stage,
)
from irm.selectors import instances_from_rows

POLICY_DEFAULTS = {
    "cooldown_days": 7,
    "max_follow_ups": 1,
    "follow_up_delay_days": 5,
    "quiet_hours_start": time(20, 0),
    "quiet_hours_end": time(8, 0),
    "no_weekends": True,
    "team_cap_per_30_days": 3,
    "decline_memory_days": 183,
    "personalization_required": True,
}
# The team-wide cap counts contacts in a rolling window of this length (the guard's window).
CAP_WINDOW = timedelta(days=30)
# A stage with no cadence anywhere is kept in touch with this often.
FALLBACK_KEEP_IN_TOUCH_DAYS = 90


@dataclass(frozen=True)
class EffectivePolicy:
    cooldown_days: int
    max_follow_ups: int
    follow_up_delay_days: int
    quiet_hours_start: time
    quiet_hours_end: time
    no_weekends: bool
    team_cap_per_30_days: int
    decline_memory_days: int
    personalization_required: bool
    keep_in_touch_days: int


def _merged(rows: list[ContactPolicy]) -> tuple[dict, dict[str, int]]:
    """The defaults overlaid with each row in order (an empty field inherits): the policy's
    values and the keep-in-touch cadence per stage."""
    values = {}
    for name, fallback in POLICY_DEFAULTS.items():
        chosen = fallback
        for row in rows:
            if getattr(row, name) is not None:
                chosen = getattr(row, name)
        values[name] = chosen
    cadence = default_keep_in_touch_by_stage()
    for row in rows:
        cadence.update(row.keep_in_touch_days_by_stage or {})
    return values, cadence


def contact_policy_effective(*, influencer: Influencer) -> EffectivePolicy:
    """The workspace's defaults with this person's overrides (an empty field inherits)."""
    rows = list(
        ContactPolicy.objects.filter(
            Q(influencer=influencer) | Q(workspace=influencer.workspace_id, influencer__isnull=True)
        )
    )
    return contact_policy_merged(
        influencer=influencer,
        default=next((row for row in rows if row.influencer_id is None), None),
        override=next((row for row in rows if row.influencer_id is not None), None),
    )


def contact_policy_rows() -> ArraySubquery:
    """For a query whose rows have `influencer_id` and `workspace_id` (a pitch): the contact
    policy rows contact_policy_effective reads (this person's override, the workspace's
    default), as JSON, so a statement that reads the row anyway reads them too."""
    rows = ContactPolicy.objects.filter(
        Q(influencer=OuterRef("influencer_id"))
        | Q(workspace=OuterRef("workspace_id"), influencer__isnull=True)
    )
    names = [field.attname for field in ContactPolicy._meta.concrete_fields]
    return ArraySubquery(rows.values(json=JSONObject(**{name: name for name in names})))


def contact_policy_from_rows(*, influencer: Influencer, rows: list[dict]) -> EffectivePolicy:
    """contact_policy_effective from the rows contact_policy_rows read."""
    policies = instances_from_rows(ContactPolicy, rows)
    return contact_policy_merged(
        influencer=influencer,
        default=next((row for row in policies if row.influencer_id is None), None),
        override=next((row for row in policies if row.influencer_id is not None), None),
    )


def contact_policy_default(*, workspace_id: int) -> ContactPolicy | None:
    """The workspace's default row, if it saved one: what contact_policy_merged overlays."""
    return ContactPolicy.objects.filter(workspace=workspace_id, influencer__isnull=True).first()


def contact_policy_merged(
    *,
    influencer: Influencer,
    default: ContactPolicy | None,
    override: ContactPolicy | None,
) -> EffectivePolicy:
    """contact_policy_effective from rows already read (the workspace's default row, this
    person's override), for batches that read them for many people at once."""
    values, cadence = _merged([row for row in (default, override) if row is not None])
    keep_in_touch = influencer.keep_in_touch_days or cadence.get(
        influencer.stage, FALLBACK_KEEP_IN_TOUCH_DAYS
    )
    return EffectivePolicy(**values, keep_in_touch_days=keep_in_touch)


@dataclass(frozen=True)
class WorkspacePolicy:
    """The workspace's defaults alone: what every influencer without an override gets."""

    team_cap_per_30_days: int
    keep_in_touch_days_by_stage: dict[str, int]


def workspace_policy_get(*, workspace_id: int) -> WorkspacePolicy:
    rows = list(ContactPolicy.objects.filter(workspace=workspace_id, influencer__isnull=True))
    values, cadence = _merged(rows)
    return WorkspacePolicy(
        team_cap_per_30_days=values["team_cap_per_30_days"], keep_in_touch_days_by_stage=cadence
    )


def with_effective_policy(influencers: QuerySet, *, workspace_policy: WorkspacePolicy) -> QuerySet:
    """Annotate `keep_in_touch_days_effective` and `team_cap_effective` the way
    contact_policy_effective decides them for one person, for a whole queryset: their own
    cadence, else their override's cadence for their stage, else the workspace's; their
    override's cap, else the workspace's. One LEFT JOIN to the overrides, no query per row.
    `influencers` must all belong to the workspace whose `workspace_policy` is given."""
    override_cadence = Case(
        *(
            When(
                stage=stage,
                then=Cast(
                    KeyTextTransform(stage, "contact_policy__keep_in_touch_days_by_stage"),
                    IntegerField(),
                ),
            )
            for stage in Stage.values
        ),
        output_field=IntegerField(),
    )
    workspace_cadence = Case(
        *(
            When(stage=stage, then=Value(days))
            for stage, days in workspace_policy.keep_in_touch_days_by_stage.items()
        ),
        default=Value(FALLBACK_KEEP_IN_TOUCH_DAYS),
        output_field=IntegerField(),
    )
    return influencers.annotate(
        keep_in_touch_days_effective=Coalesce(
            NullIf(F("keep_in_touch_days"), Value(0)), override_cadence, workspace_cadence
        ),
        team_cap_effective=Coalesce(
            F("contact_policy__team_cap_per_30_days"),
            Value(workspace_policy.team_cap_per_30_days),
        ),
    )


def keep_in_touch_overdue(
    influencers: QuerySet, *, now: datetime, workspace_policy: WorkspacePolicy
) -> QuerySet:
    """Influencers whose last two-way contact is older than their cadence (the moment the
    keep-in-touch reminder falls due), annotated with `keep_in_touch_due_at`; people who asked
    not to be contacted and erased people are left out, as the reminder planner leaves them."""
    rows = with_effective_policy(
        influencers.filter(
            last_two_way_at__isnull=False,
            do_not_contact=False,
            erased_at__isnull=True,
            archived_at__isnull=True,
        ),
        workspace_policy=workspace_policy,
    )
    return rows.annotate(
        keep_in_touch_due_at=ExpressionWrapper(
            F("last_two_way_at") + F("keep_in_touch_days_effective") * Value(timedelta(days=1)),
            output_field=DateTimeField(),
        )
    ).filter(keep_in_touch_due_at__lte=now)


def near_contact_cap(
    influencers: QuerySet, *, now: datetime, workspace_policy: WorkspacePolicy
) -> QuerySet:
    """Influencers contacted cap - 1 times or more in the cap's window (the guard's count of the
    timeline), so the next message may be the last one allowed, annotated with
    `recent_contacts` and `team_cap_effective`; people who asked not to be contacted are left
    out. The count is a correlated subquery on the timeline index (contacts_timeline_idx)."""
    counted = with_effective_policy(
        influencers.filter(do_not_contact=False), workspace_policy=workspace_policy
    ).annotate(recent_contacts=outbound_contact_count_since(since=now - CAP_WINDOW))
    return counted.filter(recent_contacts__gte=Greatest(F("team_cap_effective") - 1, 1))


def overdue_commitments(*, now: datetime) -> QuerySet[Commitment]:
    """Promises to them still open after their due time ("what we owe"), served by the open
    commitments' indexes (contacts_commit_open_idx per person, contacts_commit_due_idx per
    workspace)."""
    return Commitment.objects.filter(fulfilled_at__isnull=True, due_at__lt=now)


def owed_overdue(influencers: QuerySet, *, now: datetime) -> QuerySet:
    """Influencers we owe something overdue."""
    return influencers.filter(
        Exists(overdue_commitments(now=now).filter(influencer=OuterRef("pk")))
    )


def channel_states(*, influencer: Influencer) -> dict[str, ChannelPermission]:
    return {row.channel: row for row in ChannelPermission.objects.filter(influencer=influencer)}


def outbound_contacts() -> QuerySet[Interaction]:
    """Our contacts with them as the guard counts them: a person talking to them (pitches,
    emails, DMs, calls, ...), deleted entries excluded. The guard's times for one person and the
    dashboard's counts for many both start here, so the rule is written once."""
    return Interaction.objects.filter(
        deleted_at__isnull=True,
        direction=Direction.OUTBOUND,
        kind__in=CONVERSATION_KINDS,
    )


def outbound_contact_times(*, influencer: Influencer, since: datetime) -> list[datetime]:
    """When we contacted them (pitches, emails, DMs, calls, ...) since `since`, newest first."""
    return list(
        outbound_contacts()
        .filter(influencer=influencer, occurred_at__gte=since)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
    )


def outbound_contact_count_since(*, since: datetime) -> Coalesce:
    """For annotating influencers: how many outbound contacts each had after `since` (the
    guard's cap counts those strictly inside its window), as one correlated subquery."""
    counted = (
        outbound_contacts()
        .filter(influencer=OuterRef("pk"), occurred_at__gt=since)
        .order_by()
        .values("influencer")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def waiting_reply_since() -> QuerySet[Commitment]:
    """Open reply commitments, the earliest due first, as the moment they wrote to us (their
    message's date, else when the commitment was opened): filter by influencer, take the first."""
    return (
        Commitment.objects.filter(kind=CommitmentKind.REPLY, fulfilled_at__isnull=True)
        .order_by("due_at")
        .values_list(Coalesce("opened_by__occurred_at", "created_at"), flat=True)
    )


def spoken_with(*, now: datetime) -> QuerySet[Interaction]:
    """Calls, meetings and events on the timeline up to `now`, the latest first: the guard
    treats an email soon after one as part of that conversation."""
    return Interaction.objects.filter(
        deleted_at__isnull=True, kind__in=TWO_WAY_KINDS, occurred_at__lte=now
    ).order_by("-occurred_at")


def contact_window_start(*, now: datetime, cooldown_days: int) -> datetime:
    """How far back the guard must look: the cap's 30 days or the cooldown, whichever is longer."""
    return now - max(CAP_WINDOW, timedelta(days=cooldown_days))
