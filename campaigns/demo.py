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
"""

import dataclasses
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus, Collaboration, Stage
from campaigns.services import campaigns as campaign_services
from campaigns.services import deliverables, delivery, offers, pipeline
from contacts.models import Channel, Influencer, RateCard
from irm.models import EmailStatus, Membership, OutboxEmail, Role, User, Workspace
from outreach import selectors as outreach_selectors
from outreach import services as outreach_services
from outreach.guard import evaluate
from outreach.models import Pitch, PitchStatus

# How many people (with a rate card and an email address) are looked at for one story at most.
CANDIDATES = 80

BRANDS = {
    "outdoor": (
        "Fernweh Outdoor",
        "Tents, jackets and packs for long walks, made in Portugal and Germany.",
        "Gear made to last and to be mended: free repairs for life, spare parts sold at cost, "
        "and a second-hand shop for what comes back.",
        "https://fernweh.example",
    ),
    "bakery": (
        "Crumb & Co.",
        "A plant-based bakery with four shops and a van that goes to markets.",
        "Everything baked without animal products, flour from farms within 200 km, and the "
        "day's leftovers given to food banks every evening.",
        "https://crumb.example",
    ),
    "books": (
        "Marginalia Books",
        "An independent chain of six bookshops, each run by the people who work there.",
        "Reading for everyone: booksellers' own picks over bestseller lists, a free story hour "
        "for children every Saturday, and fair pay for the authors at its events.",
        "https://marginalia.example",
    ),
}
# What one unit of the first currency is in the second, as the admin keeps them.
EXCHANGE_RATES = {
    ("USD", "EUR"): Decimal("0.93"),
    ("GBP", "EUR"): Decimal("1.17"),
    ("EUR", "GBP"): Decimal("0.855"),
    ("USD", "GBP"): Decimal("0.79"),
    ("EUR", "USD"): Decimal("1.08"),
    ("GBP", "USD"): Decimal("1.27"),
}
STAGE_ORDER = [
    Stage.COMPLETED,
    Stage.PUBLISHED,
    Stage.IN_REVIEW,
    Stage.AGREED,
    Stage.NEGOTIATING,
    Stage.CANCELLED,
    Stage.DECLINED,
    Stage.INVITED,
    Stage.SHORTLISTED,
]


@dataclasses.dataclass
class Demo:
    workspace: Workspace
    members: dict[str, User]
    now: datetime
    people: list[Influencer]
    made: list[Collaboration] = dataclasses.field(default_factory=list)

    @property
    def zone(self) -> ZoneInfo:
        return self.workspace.zone

    @property
    def member(self) -> User:
        return self.members.get(Role.MEMBER) or self.members[Role.ADMIN]

    @property
    def manager(self) -> User:
        return self.members.get(Role.MANAGER) or self.members[Role.ADMIN]

    def day(self, days_ago: int) -> date:
        return timezone.localtime(self.now, self.zone).date() - timedelta(days=days_ago)

    def at(self, days_ago: float, hour: int = 11) -> datetime:
        """`hour` o'clock in the workspace's time zone, `days_ago` days ago (never after now)."""
        whole = int(days_ago)
        moment = datetime.combine(self.day(whole), time(hour), tzinfo=self.zone)
        moment += timedelta(days=days_ago - whole)
        return min(moment, self.now - timedelta(minutes=5))


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
    demo = Demo(workspace=workspace, members=members, now=now, people=_candidates(workspace))
    _exchange_rates(demo)
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
    _bake_it_forward(demo, brands["bakery"])
    _mend_season(demo, brands["outdoor"])
    _pop_up_tour(demo, brands["bakery"])
    _read_local(demo, brands["books"])
    _delivered_back_then(workspace, now)
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


def _candidates(workspace: Workspace) -> list[Influencer]:
    """People with a rate card (so offers have something to be compared with) and an email
    address, whom no pitch has reached yet: the outreach demo's people keep their stories."""
    return list(
        Influencer.objects.filter(
            workspace=workspace,
            erased_at__isnull=True,
            do_not_contact=False,
            do_not_disturb_until__isnull=True,
            emails__isnull=False,
        )
        # Mid-sized creators: fees that fit the campaigns' budgets.
        .filter(total_followers__range=(10_000, 150_000))
        .filter(Exists(RateCard.objects.filter(influencer=OuterRef("pk"))))
        .exclude(Exists(Pitch.objects.filter(influencer=OuterRef("pk"))))
        .select_related("workspace")
        .distinct()
        .order_by("name", "pk")[:CANDIDATES]
    )


def _exchange_rates(demo: Demo) -> None:
    """Kept a quarter ago and again last month, the way an admin updates them."""
    for days_ago, drift in ((95, Decimal("0.98")), (25, Decimal("1"))):
        for (source, target), rate in EXCHANGE_RATES.items():
            offers.exchange_rate_set(
                workspace=demo.workspace,
                actor=demo.members[Role.ADMIN],
                from_currency=source,
                to_currency=target,
                rate=(rate * drift).quantize(Decimal("0.0001")),
                as_of=demo.day(days_ago),
                now=demo.at(days_ago),
            )


# --- picking people ------------------------------------------------------------------------------


def _first_name(influencer: Influencer) -> str:
    return (influencer.name.split() or [influencer.name])[0]


def _topics(influencer: Influencer) -> list[str]:
    return [topic.name for topic in influencer.topics.order_by("name")[:1]]


def _local_ten(influencer: Influencer, day: date) -> datetime:
    """10:00 on that day in their time zone, moved back to Friday from a weekend."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(influencer.time_zone or "UTC"))


def _invitation_body(influencer: Influencer, campaign: Campaign, author: User) -> str:
    topic = (_topics(influencer) or ["your work"])[0].lower()
    # The first part of what the brand stands for: "gear made to last and to be mended".
    stands_for = campaign.brand.values.split(":")[0].rstrip(".").lower()
    return (
        f"Hi {_first_name(influencer)},\n\nWhat you share about {topic} is exactly the spirit "
        f"of {campaign.brand.name}: {stands_for}. We are "
        f"planning “{campaign.name}” and would love to shape it with you, on your terms and "
        f"at a fair fee.\n\nCould we talk about it? If it is not for you, just say so.\n\n"
        f"{author.name or author.email}"
    )


def _may_invite(influencer: Influencer, campaign: Campaign, moment: datetime) -> bool:
    """Would the guard let their invitation go at `moment`, as it stands then?"""
    context = outreach_selectors.guard_context_load(influencer=influencer, now=moment)
    body = _invitation_body(influencer, campaign, campaign.owner)
    verdict = evaluate(
        context, channel=Channel.EMAIL, topics=_topics(influencer), body=body, now=moment
    )
    return verdict.allowed and verdict.held_until is None


def _pick(demo: Demo, campaign: Campaign, invite_days_ago: int | None):
    """The first free person whom the guard lets through at the invitation's moment (anyone
    free, for someone only shortlisted). Returns them and the moment."""
    for influencer in demo.people:
        if invite_days_ago is None:
            demo.people.remove(influencer)
            return influencer, None
        moment = _local_ten(influencer, demo.day(invite_days_ago))
        if moment < demo.now and _may_invite(influencer, campaign, moment):
            demo.people.remove(influencer)
            return influencer, moment
    return None, None


def _invited(demo: Demo, campaign: Campaign, invite_days_ago: int):
    """The first free person the guard lets through, shortlisted two days before their
    invitation went out `invite_days_ago` days ago: (collaboration, pitch), or None."""
    person, at = _pick(demo, campaign, invite_days_ago)
    if person is None:
        return None
    collab = _shortlist(demo, campaign, person, at - timedelta(days=2))
    return collab, _invite(demo, collab, at)


# --- one collaboration's steps ---------------------------------------------------------------


def _shortlist(demo: Demo, campaign: Campaign, influencer: Influencer, at: datetime):
    collaboration = pipeline.collaboration_shortlist(
        campaign=campaign, influencer=influencer, actor=campaign.owner, now=at
    )
    demo.made.append(collaboration)
    return collaboration


def _invite(demo: Demo, collaboration: Collaboration, at: datetime) -> Pitch:
    """Drafted through the guard, then sent by its author a few minutes later."""
    campaign, influencer = collaboration.campaign, collaboration.influencer
    author = campaign.owner
    invitation = pipeline.collaboration_invite(
        collaboration=collaboration,
        actor=author,
        actor_role=_role_of(demo, author),
        subject=f"{campaign.name}: {campaign.brand.name} and {_first_name(influencer)}",
        body=_invitation_body(influencer, campaign, author),
        channel=Channel.EMAIL,
        topics=_topics(influencer),
        now=at,
    )
    collaboration.refresh_from_db()
    return outreach_services.pitch_send(
        pitch=invitation.pitch,
        actor=author,
        actor_role=_role_of(demo, author),
        now=at + timedelta(minutes=4),
    )


def _role_of(demo: Demo, user: User) -> str:
    return next((role for role, member in demo.members.items() if member == user), Role.MEMBER)


def _answer(pitch: Pitch, answer: str, at: datetime, note: str, actor: User) -> None:
    outreach_services.pitch_log_answer(
        pitch=pitch, answer=answer, actor=actor, note=note, answered_at=at, now=at
    )


def _move(collaboration: Collaboration, stage: str, at: datetime) -> Collaboration:
    return pipeline.collaboration_move(
        collaboration=collaboration, stage=stage, actor=collaboration.campaign.owner, now=at
    )


def _items(influencer: Influencer) -> list[tuple[str, int]]:
    """Two of what their rate card prices, the first of them twice."""
    kinds = list(
        RateCard.objects.filter(influencer=influencer)
        .order_by("deliverable_type")
        .values_list("deliverable_type", flat=True)
        .distinct()
    )[:2]
    return [(kind, 2 if index == 0 else 1) for index, kind in enumerate(kinds)]


def _rates_value(influencer: Influencer, items, currency: str) -> Decimal:
    """What their rate card asks for these items, in `currency` at the demo's exchange rates."""
    total = Decimal(0)
    for kind, quantity in items:
        rates = {
            rate.currency: rate.amount
            for rate in RateCard.objects.filter(influencer=influencer, deliverable_type=kind)
        }
        if currency in rates:
            amount = rates[currency]
        else:
            source, amount = next(iter(rates.items()))
            amount = amount * EXCHANGE_RATES[(source, currency)]
        total += amount * quantity
    return total


def _fee(influencer: Influencer, items, currency: str, share: str) -> Decimal:
    value = _rates_value(influencer, items, currency) * Decimal(share)
    return max(Decimal(50), (value / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10)


def _offer(collaboration: Collaboration, at: datetime, *, share: str, product: str = "", value=0):
    campaign, influencer = collaboration.campaign, collaboration.influencer
    items = _items(influencer)
    return offers.offer_create(
        collaboration=collaboration,
        actor=campaign.owner,
        fee=_fee(influencer, items, campaign.currency, share),
        currency=campaign.currency,
        product=product,
        product_value=Decimal(value) if product else None,
        items=items,
        now=at,
    )


def _agree(demo: Demo, collaboration: Collaboration, offer, at: datetime, *, signed_days: int):
    """They accept the offer (which moves them to Agreed); the contract goes out the same day
    and comes back signed."""
    offers.offer_decide(offer=offer, accepted=True, actor=collaboration.campaign.owner, now=at)
    owner = collaboration.campaign.owner
    for status, moment in (("draft", at + timedelta(hours=1)), ("sent", at + timedelta(hours=2))):
        collaboration = delivery.contract_update(
            collaboration=collaboration, actor=owner, status=status, now=moment
        )
    signed_at = at + timedelta(days=signed_days)
    return delivery.contract_update(
        collaboration=collaboration,
        actor=owner,
        status="signed",
        signed_on=timezone.localtime(signed_at, demo.zone).date(),
        now=signed_at,
    )


def _ship(collaboration: Collaboration, items: str, value, at: datetime, arrived_at=None):
    owner = collaboration.campaign.owner
    shipment = delivery.shipment_save(
        collaboration=collaboration,
        items=items,
        value=value,
        currency=collaboration.campaign.currency,
        # Their profile's address when they gave one.
        address=None if collaboration.influencer.shipping_address else "c/o their studio",
        carrier="DHL",
        tracking=f"JD0146{collaboration.pk:06d}",
        actor=owner,
        now=at,
    )
    shipment = delivery.shipment_mark_shipped(shipment=shipment, shipped_at=at, actor=owner, now=at)
    if arrived_at is not None:
        delivery.shipment_mark_delivered(
            shipment=shipment, delivered_at=arrived_at, actor=owner, now=arrived_at
        )
    return shipment


@dataclasses.dataclass(frozen=True)
class Piece:
    """One deliverable's life, in days ago (None: it has not happened yet)."""

    title: str
    due: int
    draft: int | None = None
    changes: int | None = None  # sent back for changes, then submitted again a day later
    approved: int | None = None
    published: int | None = None
    reach: float = 1.0  # how well it did, as a share of their audience's usual
    moment: str = ""


def _add(demo: Demo, collaboration: Collaboration, piece: Piece, added: int):
    return deliverables.deliverable_add(
        collaboration=collaboration,
        kind=_items(collaboration.influencer)[0][0],
        title=piece.title,
        due_on=demo.day(piece.due),
        actor=collaboration.campaign.owner,
        now=demo.at(added),
    )


def _progress(demo: Demo, collaboration: Collaboration, deliverable, piece: Piece):
    """Draft, review, publishing and a moment, as far as the piece has come; the collaboration
    moves to In review with its first draft and to Published with its first post."""
    owner = collaboration.campaign.owner
    handle = "".join(collaboration.influencer.name.lower().split())
    if piece.draft is None:
        return collaboration
    draft = f"https://drafts.example/{handle}/{deliverable.pk}"
    deliverable = deliverables.deliverable_submit_draft(
        deliverable=deliverable, draft_url=draft, actor=None, now=demo.at(piece.draft, 15)
    )
    if piece.changes is not None:
        deliverables.deliverable_request_changes(
            deliverable=deliverable,
            comment="Lovely. Could the repair-bench shot come first, and the #ad be in the first "
            "line rather than among the hashtags?",
            actor=owner,
            now=demo.at(piece.changes, 10),
        )
        deliverable = deliverables.deliverable_submit_draft(
            deliverable=deliverable,
            draft_url=f"{draft}?v=2",
            actor=None,
            now=demo.at(piece.changes - 1, 16),
        )
    if piece.approved is None:
        return collaboration
    deliverables.deliverable_approve(
        deliverable=deliverable,
        comment="Approved: thank you, it is wonderful.",
        actor=owner,
        now=demo.at(piece.approved, 10),
    )
    if piece.published is None:
        return collaboration
    deliverables.deliverable_publish(
        deliverable=deliverable,
        published_url=f"https://social.example/{handle}/{deliverable.pk}",
        published_at=demo.at(piece.published, 18),
        actor=owner,
        now=demo.at(piece.published, 19),
    )
    if piece.moment:
        deliverables.moment_add(
            collaboration=collaboration,
            deliverable=deliverable,
            text=piece.moment,
            actor=owner,
            now=demo.at(piece.published - 1, 12),
        )
    return collaboration


def _measure(demo: Demo, deliverable, piece: Piece, days_ago: int) -> None:
    deliverable.refresh_from_db()  # published since it was added
    deliverables.deliverable_result_save(
        deliverable=deliverable,
        actor=deliverable.collaboration.campaign.owner,
        now=demo.at(days_ago, 9),
        **_metrics(deliverable.collaboration.influencer, piece.reach),
    )


def _metrics(influencer: Influencer, reach: float) -> dict[str, int]:
    """Believable figures for their audience: views a fifth of it, a few percent engaging."""
    audience = max(influencer.total_followers or 0, 5_000)
    views = int(audience * 0.22 * reach)
    likes = int(views * 0.061)
    comments = max(3, int(likes * 0.045))
    positive = int(comments * 0.7)
    negative = max(0, int(comments * 0.05))
    return {
        "views": views,
        "likes": likes,
        "comments": comments,
        "shares": int(likes * 0.08),
        "saves": int(likes * 0.12),
        "clicks": int(views * 0.012),
        "conversions": int(views * 0.0011),
        "positive_comments": positive,
        "negative_comments": negative,
        "neutral_comments": comments - positive - negative,
    }


def _pay(
    demo: Demo,
    collaboration: Collaboration,
    amount: Decimal,
    *,
    currency: str,
    scheduled: int,
    due: int,
    note: str = "",
):
    owner = collaboration.campaign.owner
    payment = delivery.payment_schedule(
        collaboration=collaboration,
        amount=amount,
        currency=currency,
        due_on=demo.day(due),
        note=note,
        actor=owner,
        now=demo.at(scheduled, 12),
    )
    return payment


def _paid(demo: Demo, payment, days_ago: int) -> None:
    moment = demo.at(days_ago, 14)
    delivery.payment_mark_paid(
        payment=payment, actor=payment.collaboration.campaign.owner, paid_at=moment, now=moment
    )


def _accepted_fee(collaboration: Collaboration) -> Decimal:
    return collaboration.offers.get(status="accepted").fee


# --- the campaigns -------------------------------------------------------------------------------


def _campaign(demo: Demo, brand, *, created: int, owner: User, **fields) -> Campaign:
    return campaign_services.campaign_create(
        workspace=demo.workspace,
        actor=owner,
        brand=brand,
        owner=owner,
        now=demo.at(created, 9),
        **fields,
    )


def _status(campaign: Campaign, status: str, at: datetime) -> Campaign:
    return campaign_services.campaign_update(
        campaign=campaign, actor=campaign.owner, status=status, now=at
    )


def _mend_season(demo: Demo, brand) -> None:
    """Active: someone at every stage of the pipeline."""
    campaign = _campaign(
        demo,
        brand,
        created=80,
        owner=demo.member,
        name="Mend season",
        goal="Show that a jacket with a patch is a jacket with a story: more repairs booked, "
        "and people proud of old gear.",
        story="Each creator brings a favourite piece of worn-out gear to a Fernweh repair "
        "bench and tells its story while it is mended.",
        key_messages="Free repairs for life.\nSpare parts at cost.\nThe greenest jacket is "
        "the one you already own.",
        dos="Show the repair as it happens.\nSay what the piece has been through.",
        donts="No unboxing of new gear.\nNo discount codes.",
        hashtags=["#MendSeason", "#FernwehRepairs"],
        disclosure="#ad in the first line and the platform's paid-partnership label.",
        starts_on=demo.day(62),
        ends_on=demo.day(-30),
        budget=Decimal(6000),
        currency="EUR",
    )
    campaign = _status(campaign, CampaignStatus.ACTIVE, demo.at(62, 9))
    _mend_completed(demo, campaign)
    _mend_published(demo, campaign)
    _mend_in_review(demo, campaign)
    _mend_agreed(demo, campaign)
    _mend_negotiating(demo, campaign)
    _mend_cancelled(demo, campaign)
    _mend_declined(demo, campaign)
    _invited(demo, campaign, 4)  # invited this week, no answer yet
    person, _ = _pick(demo, campaign, None)
    if person is not None:  # found the day before yesterday, not asked yet
        _shortlist(demo, campaign, person, demo.at(2, 15))


def _mend_completed(demo: Demo, campaign: Campaign) -> None:
    """Agreed at once, the kit shipped, two pieces published and measured, paid: done."""
    invited = _invited(demo, campaign, 74)
    if invited is None:
        return
    collab, pitch = invited
    _answer(pitch, PitchStatus.ACCEPTED, demo.at(71, 16), "Count me in!", demo.member)
    offer = _offer(collab, demo.at(70), share="1.0", product="Repair kit", value=60)
    collab = _agree(demo, collab, offer, demo.at(69), signed_days=2)
    payment = _pay(demo, collab, _accepted_fee(collab), currency="EUR", scheduled=66, due=30)
    first = Piece(
        "The 12-year-old rain shell",
        due=45,
        draft=50,
        approved=48,
        published=46,
        reach=1.3,
        moment="“I had no idea you could re-tape seams. Booking mine in.” was the top comment, "
        "with 140 replies.",
    )
    second = Piece("Bench day, start to finish", due=40, draft=43, approved=42, published=40)
    pieces = [(first, _add(demo, collab, first, 66)), (second, _add(demo, collab, second, 66))]
    _ship(collab, "Repair kit and a bench voucher", 60, demo.at(65), demo.at(62, 13))
    for piece, deliverable in pieces:
        collab = _progress(demo, collab, deliverable, piece)
    deliverables.moment_add(
        collaboration=collab,
        text="Three followers sent photos of their own mended jackets the same week.",
        actor=campaign.owner,
        now=demo.at(36),
    )
    _paid(demo, payment, 31)
    for piece, deliverable in pieces:
        _measure(demo, deliverable, piece, 30)


def _mend_published(demo: Demo, campaign: Campaign) -> None:
    """Haggled, one draft sent back for changes, both pieces out and measured; we are late
    paying them."""
    invited = _invited(demo, campaign, 72)
    if invited is None:
        return
    collab, pitch = invited
    _answer(pitch, PitchStatus.REPLIED, demo.at(70, 15), "Maybe! What is the fee?", demo.member)
    collab = _move(collab, Stage.NEGOTIATING, demo.at(70, 16))
    low = _offer(collab, demo.at(69), share="0.7")
    offers.offer_decide(offer=low, accepted=False, actor=demo.member, now=demo.at(68))
    collab = _agree(
        demo, collab, _offer(collab, demo.at(67), share="1.0"), demo.at(66), signed_days=3
    )
    _pay(
        demo,
        collab,
        _accepted_fee(collab),
        currency="EUR",
        scheduled=63,
        due=6,
        note="Their invoice 117, payable on publication",
    )
    first = Piece(
        "What a broken zip taught me",
        due=35,
        draft=38,
        changes=37,
        approved=35,
        published=34,
        reach=1.1,
        moment="Their audience asked for a map of repair cafés: Fernweh's team made one.",
    )
    second = Piece("Packing list, all second-hand", due=30, draft=32, approved=31, published=30)
    second = dataclasses.replace(second, reach=0.8)
    pieces = [(first, _add(demo, collab, first, 63)), (second, _add(demo, collab, second, 63))]
    for piece, deliverable in pieces:
        collab = _progress(demo, collab, deliverable, piece)
    for piece, deliverable in pieces:
        _measure(demo, deliverable, piece, 8)


def _mend_in_review(demo: Demo, campaign: Campaign) -> None:
    """Their draft came in yesterday: we owe them feedback."""
    invited = _invited(demo, campaign, 58)
    if invited is None:
        return
    collab, pitch = invited
    _answer(pitch, PitchStatus.ACCEPTED, demo.at(56), "Yes, I love this idea.", demo.member)
    collab = _agree(
        demo, collab, _offer(collab, demo.at(55), share="1.0"), demo.at(54), signed_days=4
    )
    _pay(demo, collab, _accepted_fee(collab), currency="EUR", scheduled=50, due=-20)
    piece = Piece("My grandmother's rucksack, mended", due=-5, draft=1)
    _progress(demo, collab, _add(demo, collab, piece, 50), piece)


def _mend_agreed(demo: Demo, campaign: Campaign) -> None:
    """Contract signed, payment scheduled, the repair kit arrived: filming next week."""
    invited = _invited(demo, campaign, 43)
    if invited is None:
        return
    collab, pitch = invited
    _answer(pitch, PitchStatus.ACCEPTED, demo.at(40), "Happy to!", demo.member)
    offer = _offer(collab, demo.at(39), share="1.05", product="Repair kit", value=60)
    collab = _agree(demo, collab, offer, demo.at(37), signed_days=4)
    _pay(demo, collab, _accepted_fee(collab), currency="EUR", scheduled=33, due=-25)
    _add(demo, collab, Piece("Ten years of trail shoes", due=-10), 33)
    _ship(collab, "Repair kit and a bench voucher", 60, demo.at(32), demo.at(28, 12))


def _mend_negotiating(demo: Demo, campaign: Campaign) -> None:
    """Our offer is below their rates, and the fairness check says so."""
    invited = _invited(demo, campaign, 26)
    if invited is None:
        return
    collab, pitch = invited
    _answer(
        pitch,
        PitchStatus.REPLIED,
        demo.at(23, 15),
        "Sounds good: what do you have in mind budget-wise?",
        demo.member,
    )
    collab = _move(collab, Stage.NEGOTIATING, demo.at(23, 16))
    _offer(collab, demo.at(20), share="0.6", product="Repair kit", value=60)


def _mend_cancelled(demo: Demo, campaign: Campaign) -> None:
    """They were keen, then their season changed."""
    invited = _invited(demo, campaign, 47)
    if invited is None:
        return
    collab, pitch = invited
    _answer(pitch, PitchStatus.REPLIED, demo.at(45), "Interesting, tell me more.", demo.member)
    collab = _move(collab, Stage.NEGOTIATING, demo.at(45, 16))
    _offer(collab, demo.at(44), share="0.95")
    _move(collab, Stage.CANCELLED, demo.at(40))


def _mend_declined(demo: Demo, campaign: Campaign) -> None:
    """Not for them this season, said kindly."""
    invited = _invited(demo, campaign, 38)
    if invited is None:
        return
    collab, pitch = invited
    _answer(
        pitch,
        PitchStatus.DECLINED,
        demo.at(35),
        "Thank you, but my autumn is full. Ask me again in spring?",
        demo.member,
    )
    _move(collab, Stage.DECLINED, demo.at(35, 16))


def _bake_it_forward(demo: Demo, brand) -> None:
    """Completed in the spring; one partner invoiced in euros, so the report converts it."""
    campaign = _campaign(
        demo,
        brand,
        created=160,
        owner=demo.manager,
        name="Bake it forward",
        goal="Bring people to the food-bank evenings, and show what plant-based baking is.",
        story="Creators bake one of our loaves at home, then spend an evening with the team "
        "handing out the day's leftovers.",
        key_messages="Every evening, nothing wasted.\nFlour from farms we know.",
        hashtags=["#BakeItForward"],
        disclosure="#ad and the paid-partnership label.",
        starts_on=demo.day(140),
        ends_on=demo.day(100),
        budget=Decimal(2500),
        currency="GBP",
    )
    stories = []
    for index, invited in enumerate((150, 148)):
        found = _invited(demo, campaign, invited)
        if found is None:
            continue
        collab, pitch = found
        _answer(pitch, PitchStatus.ACCEPTED, demo.at(invited - 2), "Yes please!", demo.manager)
        offer = _offer(collab, demo.at(invited - 3), share="1.0")
        collab = _agree(demo, collab, offer, demo.at(invited - 4), signed_days=2)
        stories.append((index, collab))
    campaign = _status(campaign, CampaignStatus.ACTIVE, demo.at(140, 9))
    for index, collab in stories:
        fee = _accepted_fee(collab)
        # The second invoiced in euros, the currency of their rate card.
        amount = (fee * EXCHANGE_RATES[("GBP", "EUR")]).quantize(Decimal(1)) if index else fee
        payment = _pay(
            demo, collab, amount, currency="EUR" if index else "GBP", scheduled=139, due=110
        )
        shift = index * 3
        piece = Piece(
            "A loaf for the evening shift" if index else "Leftovers night, behind the counter",
            due=120 - shift,
            draft=125 - shift,
            approved=123 - shift,
            published=116 if index else 121,  # the second came out a day late
            reach=1.2 - index * 0.3,
            moment=""
            if index
            else "A follower signed up to volunteer at the Leeds shop after the video.",
        )
        deliverable = _add(demo, collab, piece, 138)
        collab = _progress(demo, collab, deliverable, piece)
        _paid(demo, payment, 108)
        _measure(demo, deliverable, piece, 104)
    _status(campaign, CampaignStatus.COMPLETED, demo.at(100, 17))


def _pop_up_tour(demo: Demo, brand) -> None:
    """Cancelled before it started: the van's summer route was called off."""
    campaign = _campaign(
        demo,
        brand,
        created=90,
        owner=demo.manager,
        name="Summer pop-up tour",
        goal="Meet people at six summer festivals with the van.",
        starts_on=demo.day(50),
        ends_on=demo.day(20),
        budget=Decimal(2000),
        currency="GBP",
    )
    person, _ = _pick(demo, campaign, None)
    if person is not None:
        collab = _shortlist(demo, campaign, person, demo.at(86))
        _move(collab, Stage.CANCELLED, demo.at(60))
    _status(campaign, CampaignStatus.CANCELLED, demo.at(60, 12))


def _read_local(demo: Demo, brand) -> None:
    """Planning: a winter campaign with its first shortlist."""
    campaign = _campaign(
        demo,
        brand,
        created=12,
        owner=demo.manager,
        name="Read local this winter",
        goal="Bring readers into the shops for the booksellers' winter picks.",
        story="Creators spend a day behind the counter of their nearest shop and pick three "
        "books for someone they love.",
        hashtags=["#ReadLocal", "#BooksellersPick"],
        disclosure="#ad and the paid-partnership label.",
        starts_on=demo.day(-20),
        ends_on=demo.day(-80),
        budget=Decimal(5000),
        currency="USD",
    )
    for days_ago in (10, 9):
        person, _ = _pick(demo, campaign, None)
        if person is not None:
            _shortlist(demo, campaign, person, demo.at(days_ago, 14))


def _delivered_back_then(workspace: Workspace, now: datetime) -> None:
    """The invitations of the past went out back then: the outbox must not send them today."""
    OutboxEmail.objects.filter(
        workspace=workspace, status=EmailStatus.PENDING, not_before__lt=now - timedelta(minutes=1)
    ).update(status=EmailStatus.SENT, sent_at=F("not_before"), claimed_at=F("not_before"))
