"""The demo campaigns' setting (campaigns/demo/base.py): the brands and exchange rates it
starts from, the Demo being built (its workspace, members, moment and the people still free for
a story) and who may be in a story at all."""

import dataclasses
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef
from django.utils import timezone

from campaigns.models import Collaboration, Stage
from campaigns.services import offers
from contacts.models import Influencer, RateCard
from irm.models import Role, User, Workspace
from outreach.models import Pitch

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


def candidates(workspace: Workspace) -> list[Influencer]:
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


def exchange_rates(demo: Demo) -> None:
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
