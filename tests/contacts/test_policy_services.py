"""The contact policy services: limits, inheritance, and decline memory in months."""

from datetime import time

import pytest

from contacts.facts import contact_policy_effective
from contacts.models import ContactPolicy
from contacts.selectors.policy import days_from, months_or_days, policy_overrides, workspace_policy
from contacts.services.policy import contact_policy_override_save, contact_policy_save
from irm.errors import RuleError
from tests.factories import InfluencerFactory

pytestmark = pytest.mark.django_db


def test_a_workspace_without_a_policy_gets_rapports_defaults(personas):
    policy = workspace_policy(workspace=personas.workspace)

    assert policy.cooldown_days == 7 and policy.stored is None
    assert policy.quiet_hours_start == time(20, 0) and policy.has_quiet_hours
    assert policy.keep_in_touch_days_by_stage["ambassador"] == 30


def test_saving_merges_the_cadence_per_stage_and_keeps_other_values(personas):
    contact_policy_save(workspace=personas.workspace, values={"cooldown_days": 12})

    policy = contact_policy_save(
        workspace=personas.workspace, values={"keep_in_touch_days_by_stage": {"aware": 45}}
    )

    assert policy.cooldown_days == 12
    assert policy.keep_in_touch_days_by_stage["aware"] == 45
    assert policy.keep_in_touch_days_by_stage["engaged"] == 60
    assert ContactPolicy.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"cooldown_days": 366}, "cooldown_days"),
        ({"max_follow_ups": -1}, "max_follow_ups"),
        ({"follow_up_delay_days": 0}, "follow_up_delay_days"),
        ({"team_cap_per_30_days": 0}, "team_cap_per_30_days"),
        ({"decline_memory_days": 4000}, "decline_memory_days"),
        ({"no_weekends": "yes"}, "no_weekends"),
        ({"quiet_hours_start": time(9), "quiet_hours_end": None}, "quiet_hours_end"),
        ({"quiet_hours_end": time(9)}, "quiet_hours_end"),
        ({"keep_in_touch_days_by_stage": {"friend": 30}}, "keep_in_touch_days_by_stage"),
        ({"keep_in_touch_days_by_stage": {"aware": 1000}}, "keep_in_touch_days_by_stage"),
    ],
)
def test_values_outside_the_limits_are_refused(personas, values, field):
    with pytest.raises(RuleError) as refused:
        contact_policy_save(workspace=personas.workspace, values=values)

    assert refused.value.field == field
    assert not ContactPolicy.objects.exists()


def test_the_same_start_and_end_means_no_quiet_hours(personas):
    policy = contact_policy_save(
        workspace=personas.workspace,
        values={"quiet_hours_start": time(0), "quiet_hours_end": time(0)},
    )

    assert not policy.has_quiet_hours


def test_an_override_inherits_what_it_leaves_empty(personas):
    ana = InfluencerFactory(workspace=personas.workspace)
    contact_policy_save(workspace=personas.workspace, values={"cooldown_days": 10})

    contact_policy_override_save(influencer=ana, values={"team_cap_per_30_days": 1})

    effective = contact_policy_effective(influencer=ana)
    assert effective.cooldown_days == 10 and effective.team_cap_per_30_days == 1
    assert [row.influencer for row in policy_overrides(workspace=personas.workspace)] == [ana]


def test_an_override_that_sets_nothing_is_removed(personas):
    ana = InfluencerFactory(workspace=personas.workspace)
    contact_policy_override_save(influencer=ana, values={"cooldown_days": 30})

    assert contact_policy_override_save(influencer=ana, values={}) is None
    assert not ContactPolicy.objects.exists()


def test_a_persons_cadence_is_not_an_override(personas):
    ana = InfluencerFactory(workspace=personas.workspace)

    with pytest.raises(RuleError, match="on their profile"):
        contact_policy_override_save(
            influencer=ana, values={"keep_in_touch_days_by_stage": {"aware": 30}}
        )


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (183, (6, "months")),
        (366, (12, "months")),
        (30, (1, "months")),
        (45, (45, "days")),
        (0, (0, "days")),
    ],
)
def test_decline_memory_is_said_in_months_when_it_is_whole_months(days, said):
    assert months_or_days(days) == said
    assert days_from(*said) == days
