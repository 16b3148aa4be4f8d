"""Demo influencers for `manage.py demo_data`: about 200 believable, made-up people.

Deterministic (one seeded random generator; ids derived from the workspace's), idempotent (the
first demo profile's fixed public id marks the data as there) and fast: rows are built in
Python, written with bulk_create, and the derived fields (last contact, search documents) are
set with a few set-based updates. Dates are relative to the moment it runs, so the demo always
looks current. No real people: names are random pairs of common first and last names, and
every address and website uses reserved example domains.

Split by story: the made-up world (world.py), who they are (people.py), what happened between
us (timeline.py), what we keep about them (records.py). This module tells them in order
(create_demo_data) and adds the health history once every app's rows exist (finish_demo_data).
"""

import uuid
from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contacts.demo.people import Builder, likely_duplicates
from contacts.demo.records import channels, lists, rates, search_documents, snapshots
from contacts.demo.timeline import payments
from contacts.demo.world import (
    DO_NOT_CONTACT_REASONS,
    HEALTH_HISTORY_DAYS,
    INFLUENCER_COUNT,
    TOPICS,
)
from contacts.health.weights import health_day
from contacts.models import (
    ChannelPermission,
    Commitment,
    Direction,
    HealthBand,
    HealthSnapshot,
    Influencer,
    InfluencerEmail,
    Interaction,
    InteractionKind,
    MetricSnapshot,
    RateCard,
    SocialAccount,
    Stage,
)
from contacts.services import influencer_refresh_last_contact, topics_ensure
from contacts.services.health import health_backfill
from irm.models import User, Workspace


def _already_there(workspace: Workspace) -> bool:
    marker = uuid.uuid5(workspace.public_id, "demo:influencer:0")
    return Influencer.objects.filter(workspace=workspace, public_id=marker).exists()


@transaction.atomic
def create_demo_data(*, workspace: Workspace, users: dict[str, User], stdout) -> None:
    """About 200 influencers with accounts, metric history, rates, open channels, timelines
    and commitments, plus a few likely duplicates to merge. Creates nothing on a second run."""
    if _already_there(workspace):
        stdout.write("demo influencers already there")
        return
    now = timezone.now()
    builder = Builder(workspace=workspace, users=users, now=now)
    rng = builder.rng
    topics = {topic.name: topic for topic in topics_ensure(workspace=workspace, names=TOPICS)}

    people = [builder.person(index) for index in range(INFLUENCER_COUNT)]
    waiting = {
        position
        for position, person in enumerate(people)
        if position % 9 == 4 and person.influencer.stage != Stage.PROSPECT
    }
    partners = [
        position
        for position, person in enumerate(people)
        if person.influencer.stage in {Stage.ENGAGED, Stage.COLLABORATING}
        and position not in waiting
    ]
    drifting = set(partners[2::9])
    for position, person in enumerate(people):
        builder.timeline(person, unanswered=position in waiting, drifting=position in drifting)
    dnc = [p for p in people if p.influencer.stage in {Stage.PROSPECT, Stage.AWARE}][3::37][:4]
    for person, reason in zip(dnc, DO_NOT_CONTACT_REASONS, strict=False):
        influencer = person.influencer
        last = person.events[-1].occurred_at if person.events else influencer.created_at
        since = min(last + timedelta(days=rng.randint(1, 20)), now - timedelta(days=1))
        influencer.do_not_contact = True
        influencer.do_not_contact_reason = reason
        influencer.do_not_contact_since = since
        influencer.do_not_contact_by = influencer.owner or builder.admin
        # As contacts.services.do_not_contact_set writes it on the timeline.
        builder.record(
            person,
            kind=InteractionKind.DO_NOT_CONTACT,
            direction=Direction.INTERNAL,
            summary=f"Do not contact: {reason}",
            occurred_at=since,
            author=influencer.do_not_contact_by,
        )
    for person in people[7::41]:
        person.influencer.do_not_disturb_until = builder.today + timedelta(days=rng.randint(5, 21))
    duplicates = likely_duplicates(builder, people)
    people += duplicates

    Influencer.objects.bulk_create([person.influencer for person in people])
    person_topics = Influencer.topics.through
    person_topics.objects.bulk_create(
        person_topics(influencer=person.influencer, topic=topics[name])
        for person in people
        for name in person.topics
    )
    accounts = [account for person in people for account in person.accounts]
    SocialAccount.objects.bulk_create(accounts)
    MetricSnapshot.objects.bulk_create(snapshots(builder, accounts), batch_size=5_000)
    InfluencerEmail.objects.bulk_create(
        InfluencerEmail(
            workspace=workspace,
            influencer=person.influencer,
            email=address,
            is_primary=position == 0,
            created_at=person.influencer.created_at,
        )
        for person in people
        for position, address in enumerate(person.emails)
    )
    RateCard.objects.bulk_create(rates(builder, people))
    ChannelPermission.objects.bulk_create(channels(builder, people))
    Interaction.objects.bulk_create(
        [event for person in people for event in person.events], batch_size=2_000
    )
    Commitment.objects.bulk_create(
        [row for person in people for row in builder.commitments(person)]
        + payments(builder, people)
    )
    lists(builder, people)

    for person in people:
        influencer_refresh_last_contact(influencer=person.influencer, now=now)
    search_documents(people)
    stdout.write(
        f"demo influencers: {len(people)} with {len(accounts)} social accounts and "
        f"{len(builder.events)} timeline entries"
    )


def finish_demo_data(*, workspace: Workspace, stdout) -> None:
    """Once every app's demo rows exist: 90 days of health history, rebuilt from the timeline
    as it stood each day (one statement a day for everyone), so the dashboard's trend and the
    profiles' sparklines have a past. Nothing to do when that history is already there."""
    now = timezone.now()
    first_day = health_day(now) - timedelta(days=HEALTH_HISTORY_DAYS)
    if HealthSnapshot.objects.filter(workspace=workspace, day=first_day).exists():
        stdout.write("demo health history already there")
        return
    people = list(
        Influencer.objects.filter(workspace=workspace, erased_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    health_backfill(influencer_ids=people, days=HEALTH_HISTORY_DAYS, now=now)
    bands = Counter(Influencer.objects.filter(pk__in=people).values_list("health_band", flat=True))
    summary = ", ".join(
        f"{count} {HealthBand(band).label.lower()}"
        for band, count in sorted(bands.items(), key=lambda item: HealthBand.values.index(item[0]))
    )
    stdout.write(f"demo health: {HEALTH_HISTORY_DAYS} days of history; today {summary}")
