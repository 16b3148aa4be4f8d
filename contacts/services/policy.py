"""Writes of the contact policy (admins only; the views check the role first): the workspace's
defaults (contact_policy_save) and one influencer's overrides (contact_policy_override_save,
contact_policy_override_clear), with the limits a person may set (LIMITS). Reads are in
contacts/selectors/policy.py.

Policy changes are not audited: AuditEvent has no action for them (irm.models.AuditAction).
"""

from datetime import time

from django.db import transaction

from contacts.models import ContactPolicy, Influencer, Stage
from contacts.selectors.policy import POLICY_FIELDS, WorkspacePolicy, workspace_policy
from irm.celery import task_queue
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
    task_queue("contacts.tasks.health_recompute_workspace", workspace_id)


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
