"""The hourly sweep plans keep-in-touch for everyone a batch at a time: the same reminders as
planning each person alone (keep_in_touch_plan), in a number of statements that does not grow
with the number of people."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction

from contacts.models import ContactPolicy, Influencer, Stage
from contacts.services import contact_policy_save
from outreach.models import Reminder, ReminderKind, ReminderStatus
from outreach.services import keep_in_touch
from outreach.services.keep_in_touch import keep_in_touch_plan, keep_in_touch_plan_everyone
from tests.factories import InfluencerFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
COMPARED = (
    "workspace_id",
    "assignee_id",
    "influencer_id",
    "kind",
    "due_at",
    "status",
    "title",
    "reason",
    "suggestion",
    "planned_from",
    "dedupe_key",
    "closed_at",
    "closed_reason",
    "created_at",
    "updated_at",
)


def someone(workspace, owner, *, talked_days_ago: int, **fields) -> Influencer:
    return InfluencerFactory(
        workspace=workspace,
        owner=owner,
        last_two_way_at=NOW - timedelta(days=talked_days_ago, hours=3),
        **fields,
    )


@pytest.fixture
def everyone(personas):
    """People of two workspaces that each planning rule touches."""
    acme, member = personas.workspace, personas.member
    contact_policy_save(workspace=acme, values={"keep_in_touch_days_by_stage": {"aware": 45}})
    people = [
        someone(acme, member, talked_days_ago=3, stage=Stage.ENGAGED),
        someone(acme, member, talked_days_ago=50, stage=Stage.AWARE),  # the workspace's 45
        someone(acme, member, talked_days_ago=1, keep_in_touch_days=14),  # their own cadence
        # Away until after the usual day: held until 09:00 their time on their first day back.
        someone(
            acme,
            member,
            talked_days_ago=80,
            stage=Stage.ENGAGED,
            time_zone="America/New_York",
            do_not_disturb_until=date(2027, 3, 20),
        ),
        someone(personas.other_workspace, personas.outsider, talked_days_ago=200),
    ]
    # An override of their own for their stage.
    overridden = someone(acme, member, talked_days_ago=9, stage=Stage.COLLABORATING)
    ContactPolicy.objects.create(
        workspace=acme, influencer=overridden, keep_in_touch_days_by_stage={"collaborating": 21}
    )
    people.append(overridden)
    # Planned from an older conversation: that reminder gives way.
    moved = someone(acme, member, talked_days_ago=2)
    keep_in_touch_plan(influencer=moved, now=NOW - timedelta(days=30))
    Influencer.objects.filter(pk=moved.pk).update(last_two_way_at=NOW - timedelta(days=1))
    people.append(Influencer.objects.get(pk=moved.pk))
    # Cancelled while they asked not to be contacted, since cleared: it applies again.
    again = someone(acme, member, talked_days_ago=5)
    reminder = keep_in_touch_plan(influencer=again, now=NOW - timedelta(days=4))
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.CANCELLED, closed_at=NOW, closed_reason="They asked not to be…"
    )
    people.append(again)
    # Left out: no owner, do-not-contact, archived, never talked with.
    someone(acme, None, talked_days_ago=100)
    someone(acme, member, talked_days_ago=100, do_not_contact=True)
    someone(acme, member, talked_days_ago=100, archived_at=NOW - timedelta(days=1))
    InfluencerFactory(workspace=acme, owner=member)
    return people


def reminders() -> list[tuple]:
    return list(
        Reminder.objects.filter(kind=ReminderKind.KEEP_IN_TOUCH)
        .order_by("dedupe_key", "status")
        .values_list(*COMPARED)
    )


def planned_each_alone(people: list[Influencer]) -> list[tuple]:
    with transaction.atomic():
        for person in people:
            fresh = Influencer.objects.select_related("workspace", "owner").get(pk=person.pk)
            keep_in_touch_plan(influencer=fresh, now=NOW)
        planned = reminders()
        transaction.set_rollback(True)
    return planned


def test_everyone_at_once_plans_what_each_alone_would(everyone):
    expected = planned_each_alone(everyone)

    assert keep_in_touch_plan_everyone(now=NOW) == len(everyone)

    assert reminders() == expected
    waiting = Reminder.objects.filter(
        kind=ReminderKind.KEEP_IN_TOUCH, status__in=[ReminderStatus.PENDING, ReminderStatus.HELD]
    )
    assert waiting.count() == len(everyone)
    # Planning again finds nothing missing.
    assert keep_in_touch_plan_everyone(now=NOW + timedelta(hours=1)) == 0
    assert reminders() == expected


def test_batches_smaller_than_a_workspace_plan_the_same(everyone, monkeypatch):
    expected = planned_each_alone(everyone)
    monkeypatch.setattr(keep_in_touch, "KEEP_IN_TOUCH_BATCH", 3)  # acme's 7 people: 3, 3 and 1

    assert keep_in_touch_plan_everyone(now=NOW) == len(everyone)

    assert reminders() == expected


def test_everyone_is_planned_in_statements_per_batch_not_per_person(
    everyone, django_assert_max_num_queries
):
    # The workspaces' ids; per workspace its policy, its batch and the empty read that ends
    # it; per batch a savepoint, cancelling, looking up, reopening, inserting and the release.
    with django_assert_max_num_queries(1 + 2 * 3 + 2 * 6):
        assert keep_in_touch_plan_everyone(now=NOW) == len(everyone)
