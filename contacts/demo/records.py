"""Story: what we keep about them (contacts.demo). Six months of weekly follower counts, rate
cards, the channels they opened with the evidence, two shortlists, and the search documents.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import connection

from contacts.demo.people import Builder
from contacts.demo.world import (
    DM_EVIDENCE,
    EMAIL_EVIDENCE,
    EUROZONE,
    PLATFORM_DELIVERABLES,
    RATE_PER_THOUSAND,
    SNAPSHOT_WEEKS,
    Person,
)
from contacts.models import (
    Channel,
    ChannelPermission,
    InfluencerList,
    ListEntry,
    MetricSnapshot,
    Platform,
    RateCard,
    SocialAccount,
)
from contacts.selectors import search


def snapshots(builder: Builder, accounts: list[SocialAccount]) -> list[MetricSnapshot]:
    """Weekly followers for six months, growing towards today's count with some noise. Today's
    snapshot is the account as it stands (the trend ends where the accounts table does), and
    an account with no engagement rate has none in its history either."""
    rng, rows = builder.rng, []
    for account in accounts:
        growth = rng.uniform(-0.05, 0.45)
        start = account.followers / (1 + growth)
        for week in range(SNAPSHOT_WEEKS, -1, -1):
            progress = 1 - week / SNAPSHOT_WEEKS
            noise = 1 + rng.gauss(0, 0.01) if week else 1
            # Drawn every week, today's included, so the rest of the demo stays as it was.
            drawn = Decimal(f"{rng.gauss(0, 0.25):.2f}")
            wobble = drawn if week else Decimal(0)
            engagement = account.engagement_rate
            if engagement is not None:
                engagement = max(Decimal("0.10"), engagement + wobble)
            rows.append(
                MetricSnapshot(
                    social_account=account,
                    captured_on=builder.today - timedelta(weeks=week),
                    followers=max(0, int((start + (account.followers - start) * progress) * noise)),
                    engagement_rate=engagement,
                )
            )
    return rows


def rates(builder: Builder, people: list[Person]) -> list[RateCard]:
    rng, rows = builder.rng, []
    for person in people:
        influencer = person.influencer
        if influencer.total_followers < 8_000 or rng.random() < 0.3:
            continue
        currency = (
            "EUR"
            if influencer.country in EUROZONE
            else "GBP"
            if influencer.country == "GB"
            else "USD"
        )
        for account in person.accounts[:2]:
            for deliverable in PLATFORM_DELIVERABLES.get(account.platform, [])[:2]:
                amount = account.followers / 1000 * RATE_PER_THOUSAND[deliverable]
                amount = max(50, round(amount * rng.uniform(0.7, 1.3) / 50) * 50)
                rows.append(
                    RateCard(
                        public_id=builder.public_id("rate", len(rows)),
                        workspace=builder.workspace,
                        influencer=influencer,
                        deliverable_type=deliverable,
                        amount=Decimal(amount),
                        currency=currency,
                        notes=rng.choice(["", "", "Usage rights 3 months included", "Excl. VAT"]),
                        updated_at=builder.now - timedelta(days=rng.randint(10, 300)),
                    )
                )
    return rows


def channels(builder: Builder, people: list[Person]) -> list[ChannelPermission]:
    """Open doors with their evidence: email for most who have one, DMs for some."""
    rng, rows = builder.rng, []
    for person in people:
        influencer = person.influencer
        since = influencer.created_at + timedelta(days=1)
        door = {
            "workspace": builder.workspace,
            "influencer": influencer,
            "since": since,
            "recorded_by": influencer.owner or builder.admin,
            "recorded_at": since,
        }
        if person.emails and rng.random() < 0.8:
            evidence = rng.choice(EMAIL_EVIDENCE)
            rows.append(
                ChannelPermission(channel=Channel.EMAIL, is_open=True, evidence=evidence, **door)
            )
        has_instagram = any(a.platform == Platform.INSTAGRAM for a in person.accounts)
        if has_instagram and rng.random() < 0.45:
            closed = rng.random() < 0.1
            evidence = "Asked us not to DM: prefers email" if closed else rng.choice(DM_EVIDENCE)
            rows.append(
                ChannelPermission(
                    channel=Channel.INSTAGRAM_DM, is_open=not closed, evidence=evidence, **door
                )
            )
        if influencer.agent_email and rng.random() < 0.7:
            evidence = "Their agent asked to be the first contact for paid work"
            rows.append(
                ChannelPermission(
                    channel=Channel.AGENT_EMAIL, is_open=True, evidence=evidence, **door
                )
            )
    for position, row in enumerate(rows):
        row.public_id = builder.public_id("channel", position)
    return rows


def lists(builder: Builder, people: list[Person]) -> None:
    manager = builder.owners[1][0]
    wanted = {
        "Spring launch shortlist": (
            "Creators who fit the spring launch story.",
            "Sustainable fashion",
        ),
        "Outdoor season": ("Runners, swimmers and climbers for the summer range.", "Trail running"),
    }
    for name, (description, topic) in wanted.items():
        if InfluencerList.objects.filter(workspace=builder.workspace, name__iexact=name).exists():
            continue
        shortlist = InfluencerList.objects.create(
            workspace=builder.workspace, name=name, description=description, created_by=manager
        )
        members = [p for p in people if topic in p.topics and not p.influencer.do_not_contact]
        ListEntry.objects.bulk_create(
            ListEntry(influencer_list=shortlist, influencer=p.influencer, added_by=manager)
            for p in members[:12]
        )


def search_documents(people: list[Person]) -> None:
    """The same document contacts.services.influencer_refresh_search builds, for everyone in
    one statement."""
    ids, documents = [], []
    for person in people:
        influencer = person.influencer
        ids.append(influencer.pk)
        documents.append(
            search.document(
                influencer.name,
                " ".join(account.handle for account in person.accounts),
                " ".join(address.split("@")[0] for address in person.emails),
                influencer.bio,
                " ".join(person.topics),
                influencer.location,
                influencer.agent_name,
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE contacts_influencer AS i SET search_vector = to_tsvector('simple', d.doc) "
            "FROM unnest(%s::bigint[], %s::text[]) AS d(id, doc) WHERE i.id = d.id",
            [ids, documents],
        )
