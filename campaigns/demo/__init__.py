"""Demo campaigns for `manage.py demo_data` (after contacts' people and outreach's pitches): three
brands with what they stand for, campaigns in every status, and collaborations in every stage of
the pipeline, with offers checked against rate cards, contracts, payments (one overdue), a
shipment, deliverables through their review, results and moments for the report.

Everything goes through the services with `now=` in the past, in the order it would have
happened, so the timeline, the commitments we owe and the reminders are what real use leaves
behind. Invitations go through the contact guard: each story picks the first person with a rate
card whom the guard lets through at the moment of the invitation, and nobody is in two stories
(nor anyone the outreach demo pitched already, so its stories keep their people). Idempotent:
nothing is made while the workspace has campaigns. Email of the past is marked delivered back
then, so running the demo sends none of it today.

campaigns/demo/ holds one module per story (mend_season.py, bakery.py, read_local.py), their
setting (base.py), how people are picked (people.py) and one collaboration's steps (steps.py).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from campaigns.demo.bakery import bake_it_forward, pop_up_tour
from campaigns.demo.base import BRANDS, STAGE_ORDER, Demo, candidates, exchange_rates
from campaigns.demo.mend_season import mend_season
from campaigns.demo.read_local import read_local
from campaigns.models import Campaign, Collaboration, Stage
from campaigns.services import campaigns as campaign_services
from irm.models import EmailStatus, Membership, OutboxEmail, Role, User, Workspace


@transaction.atomic
def create_demo_data(*, workspace: Workspace, users: dict[str, User], stdout) -> None:
    now = timezone.now()
    if Campaign.objects.filter(workspace=workspace).exists():
        stdout.write("demo campaigns already there")
        return
    members = {
        m.role: m.user
        for m in Membership.objects.filter(workspace=workspace, user__in=list(users.values()))
        .select_related("user")
        .order_by("-created_at")
    }
    if Role.ADMIN not in members:
        stdout.write("demo campaigns skipped: the demo workspace has no admin")
        return
    demo = Demo(workspace=workspace, members=members, now=now, people=candidates(workspace))
    exchange_rates(demo)
    brands = {
        key: campaign_services.brand_create(
            workspace=workspace,
            actor=demo.manager,
            name=name,
            description=description,
            values=values,
            website=website,
            now=demo.at(200),
        )
        for key, (name, description, values, website) in BRANDS.items()
    }
    bake_it_forward(demo, brands["bakery"])
    mend_season(demo, brands["outdoor"])
    pop_up_tour(demo, brands["bakery"])
    read_local(demo, brands["books"])
    delivered_back_then(workspace, now)
    made = set(
        Collaboration.objects.filter(pk__in=[c.pk for c in demo.made]).values_list(
            "stage", flat=True
        )
    )
    stages = [stage for stage in STAGE_ORDER if stage in made]
    stdout.write(
        f"demo campaigns: {Campaign.objects.filter(workspace=workspace).count()} for "
        f"{len(brands)} brands, {len(demo.made)} collaborations "
        f"({', '.join(Stage(s).label.lower() for s in stages)})"
    )


def delivered_back_then(workspace: Workspace, now: datetime) -> None:
    """The invitations of the past went out back then: the outbox must not send them today."""
    OutboxEmail.objects.filter(
        workspace=workspace, status=EmailStatus.PENDING, not_before__lt=now - timedelta(minutes=1)
    ).update(status=EmailStatus.SENT, sent_at=F("not_before"), claimed_at=F("not_before"))
