"""The workspace's contact policy and per-influencer overrides: reads for the settings page and
the API, and the writes (admins only; the views check the role first).

A ContactPolicy row with no influencer holds the workspace's defaults; a row per influencer
overrides some of them. An empty (None) value inherits: an influencer's from the workspace's,
the workspace's from Rapport's built-in defaults (contacts.facts.POLICY_DEFAULTS). The guard
reads the result through contacts.facts.contact_policy_effective.

Policy changes are not audited: AuditEvent has no action for them (irm.models.AuditAction).
"""

from dataclasses import dataclass
from datetime import time

from django.db import transaction
from django.db.models import QuerySet

from contacts import tasks
from contacts.facts import POLICY_DEFAULTS, EffectivePolicy, contact_policy_effective
from contacts.models import ContactPolicy, Influencer, Stage, default_keep_in_touch_by_stage
from irm.errors import RuleError
from irm.models import Workspace

# What a person may set, inclusive, with the unit used in messages.
LIMITS: dict[str, tuple[int, int, str]] = {
    "cooldown_days": (0, 365, "days"),
    "max_follow_ups": (0, 5, "follow-ups"),
    "follow_up_delay_days": (1, 60, "days"),
    "team_cap_per_30_days": (1, 30, "contacts"),
    "decline_memory_days": (0, 3650, "days"),
}
KEEP_IN_TOUCH_LIMITS = (7, 730)
BOOLEAN_FIELDS = ("no_weekends", "personalization_required")
TIME_FIELDS = ("quiet_hours_start", "quiet_hours_end")
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


# --- checks ------------------------------------------------------------------------------------


def _check(values: dict) -> None:
    """Refuse values outside what the guard can apply sensibly (RuleError, by field)."""
    unknown = set(values) - set(POLICY_FIELDS) - {"keep_in_touch_days_by_stage"}
    if unknown:
        raise RuleError(f"Unknown policy setting: {', '.join(sorted(unknown))}.")
    for name, (low, high, unit) in LIMITS.items():
        value = values.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise RuleError(f"Choose between {low} and {high} {unit}.", field=name)
    for name in BOOLEAN_FIELDS:
        if values.get(name) is not None and not isinstance(values[name], bool):
            raise RuleError("Choose yes or no.", field=name)
    for name in TIME_FIELDS:
        if values.get(name) is not None and not isinstance(values[name], time):
            raise RuleError("Give a time of day, e.g. 20:00.", field=name)
    given = [name in values for name in TIME_FIELDS]
    empty = [values.get(name) is None for name in TIME_FIELDS]
    if given[0] != given[1] or empty[0] != empty[1]:
        raise RuleError(
            "Give both the start and the end of the quiet hours (the same time for none).",
            field="quiet_hours_end",
        )
    cadence = values.get("keep_in_touch_days_by_stage")
    if cadence:
        low, high = KEEP_IN_TOUCH_LIMITS
        for stage, days in cadence.items():
            if stage not in Stage.values:
                raise RuleError(f"“{stage}” is not a stage.", field="keep_in_touch_days_by_stage")
            if isinstance(days, bool) or not isinstance(days, int) or not low <= days <= high:
                raise RuleError(
                    f"Keep in touch every {low} to {high} days ({Stage(stage).label}).",
                    field="keep_in_touch_days_by_stage",
                )


# --- writes ------------------------------------------------------------------------------------


@transaction.atomic
def contact_policy_save(*, workspace: Workspace, values: dict) -> WorkspacePolicy:
    """Change the workspace's defaults. Only the settings named in `values` change; None puts a
    setting back to Rapport's default. `keep_in_touch_days_by_stage` merges per stage.
    Quiet hours change as a pair."""
    _check(values)
    row, _ = ContactPolicy.objects.select_for_update().get_or_create(
        workspace=workspace, influencer=None
    )
    for name in POLICY_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    if values.get("keep_in_touch_days_by_stage") is not None:
        cadence = dict(row.keep_in_touch_days_by_stage or {})
        cadence.update(values["keep_in_touch_days_by_stage"])
        row.keep_in_touch_days_by_stage = cadence
    row.save()
    if "keep_in_touch_days_by_stage" in values:
        # Everyone's recency is measured against the cadence: recompute the workspace in the
        # background rather than wait for tomorrow's sweep.
        # robust: with Redis down the policy is still saved; the daily sweep recomputes.
        transaction.on_commit(lambda: _queue_health_recompute(workspace.pk), robust=True)
    return workspace_policy(workspace=workspace)


def _queue_health_recompute(workspace_id: int) -> None:
    tasks.health_recompute_workspace.delay(workspace_id)


@transaction.atomic
def contact_policy_override_save(*, influencer: Influencer, values: dict) -> ContactPolicy | None:
    """Set how this one person may be contacted. Every setting is given (None: inherit the
    workspace's); an override that sets nothing is removed, and None is returned.
    Their keep-in-touch cadence is on their profile, not here."""
    if "keep_in_touch_days_by_stage" in values:
        raise RuleError(
            "A person's keep-in-touch cadence is set on their profile.",
            field="keep_in_touch_days_by_stage",
        )
    values = {name: values.get(name) for name in POLICY_FIELDS}
    _check(values)
    if all(value is None for value in values.values()):
        ContactPolicy.objects.filter(influencer=influencer).delete()
        return None
    row, _ = ContactPolicy.objects.select_for_update().get_or_create(
        influencer=influencer, defaults={"workspace_id": influencer.workspace_id}
    )
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row


@transaction.atomic
def contact_policy_override_clear(*, influencer: Influencer) -> None:
    """This person goes back to the workspace's policy."""
    ContactPolicy.objects.filter(influencer=influencer).delete()


def months_or_days(days: int) -> tuple[int, str]:
    """Decline memory as people say it: whole months when it is one, else days."""
    months = round(days / DAYS_PER_MONTH)
    if days and round(months * DAYS_PER_MONTH) == days:
        return months, "months"
    return days, "days"


def days_from(amount: int, unit: str) -> int:
    return round(amount * DAYS_PER_MONTH) if unit == "months" else amount
