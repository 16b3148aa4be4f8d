"""Reads of the contact policy: the workspace's effective defaults (workspace_policy), the
per-influencer overrides (policy_overrides, policy_override_get, overridden_fields) and one
person's effective policy, plus how decline memory is said (months_or_days, days_from).

A ContactPolicy row with no influencer holds the workspace's defaults; a row per influencer
overrides some of them. An empty (None) value inherits: an influencer's from the workspace's,
the workspace's from Rapport's built-in defaults (contacts.facts.POLICY_DEFAULTS). The guard
reads the result through contacts.facts.contact_policy_effective. The writes are in
contacts/services/policy.py.
"""

from dataclasses import dataclass
from datetime import time

from django.db.models import QuerySet

from contacts.facts import POLICY_DEFAULTS, EffectivePolicy, contact_policy_effective
from contacts.models import ContactPolicy, Influencer, default_keep_in_touch_by_stage
from irm.models import Workspace

# Every value of a policy row but the keep-in-touch cadence, in the order pages show them.
POLICY_FIELDS = tuple(POLICY_DEFAULTS)
# A month of decline memory, in days: six months is the built-in 183 days.
DAYS_PER_MONTH = 30.5


@dataclass(frozen=True)
class WorkspacePolicy:
    """The workspace's effective defaults, what its row stores (None: Rapport's default), and
    the keep-in-touch cadence per stage."""

    cooldown_days: int
    max_follow_ups: int
    follow_up_delay_days: int
    quiet_hours_start: time
    quiet_hours_end: time
    no_weekends: bool
    team_cap_per_30_days: int
    decline_memory_days: int
    personalization_required: bool
    keep_in_touch_days_by_stage: dict[str, int]
    stored: ContactPolicy | None

    @property
    def has_quiet_hours(self) -> bool:
        return self.quiet_hours_start != self.quiet_hours_end


# --- reads -------------------------------------------------------------------------------------


def workspace_policy_row(*, workspace: Workspace) -> ContactPolicy | None:
    return ContactPolicy.objects.filter(workspace=workspace, influencer__isnull=True).first()


def workspace_policy(*, workspace: Workspace) -> WorkspacePolicy:
    """The workspace's contact policy as the guard applies it to someone without overrides."""
    row = workspace_policy_row(workspace=workspace)
    values = {}
    for name, fallback in POLICY_DEFAULTS.items():
        stored = getattr(row, name) if row is not None else None
        values[name] = fallback if stored is None else stored
    cadence = default_keep_in_touch_by_stage()
    if row is not None:
        cadence.update(
            {k: v for k, v in (row.keep_in_touch_days_by_stage or {}).items() if k in cadence}
        )
    return WorkspacePolicy(
        **values, keep_in_touch_days_by_stage={str(k): v for k, v in cadence.items()}, stored=row
    )


def policy_overrides(*, workspace: Workspace) -> QuerySet[ContactPolicy]:
    """The per-influencer overrides of the workspace, by the person's name (erased people
    have none worth showing)."""
    return (
        ContactPolicy.objects.filter(
            workspace=workspace,
            influencer__isnull=False,
            influencer__erased_at__isnull=True,
        )
        .select_related("influencer")
        .order_by("influencer__sort_name", "pk")
    )


def policy_override_get(*, influencer: Influencer) -> ContactPolicy | None:
    return ContactPolicy.objects.filter(influencer=influencer).first()


def influencer_policy_effective(*, influencer: Influencer) -> EffectivePolicy:
    return contact_policy_effective(influencer=influencer)


def overridden_fields(row: ContactPolicy) -> list[str]:
    """The names of the values an override row sets (the others inherit)."""
    return [name for name in POLICY_FIELDS if getattr(row, name) is not None]


def months_or_days(days: int) -> tuple[int, str]:
    """Decline memory as people say it: whole months when it is one, else days."""
    months = round(days / DAYS_PER_MONTH)
    if days and round(months * DAYS_PER_MONTH) == days:
        return months, "months"
    return days, "days"


def days_from(amount: int, unit: str) -> int:
    return round(amount * DAYS_PER_MONTH) if unit == "months" else amount
