"""Reads of brands and campaigns, scoped to a workspace: the lists (filtered), one campaign or
brand by its public id (404 for another workspace's), the campaign a URL's object belongs to,
a campaign's budget as paid and scheduled, and the members and teams a campaign may name."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from campaigns.models import Brand, Campaign, Collaboration, Deliverable, Offer, Payment
from irm.models import Team, User
from irm.text import name_order


def row_get(rows: QuerySet, public_id, what: str):
    """The row of `rows` with this public id, or a 404 saying which kind was not found."""
    found = rows.filter(public_id=public_id).first()
    if found is None:
        raise Http404(f"No such {what}.")
    return found


def brands_of(*, workspace) -> QuerySet[Brand]:
    return Brand.objects.filter(workspace=workspace).order_by("name", "id")


def brands_with_campaign_counts(*, workspace) -> QuerySet[Brand]:
    """The brands page: each brand with how many campaigns it has (one query)."""
    return Brand.objects.filter(workspace=workspace).annotate(campaign_count=Count("campaigns"))


def brand_get(*, workspace, public_id) -> Brand:
    return get_object_or_404(Brand, workspace=workspace, public_id=public_id)


def campaigns_of(*, workspace) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(workspace=workspace)
        .select_related("brand", "owner", "team")
        .order_by("-starts_on", "name", "id")
    )


def campaigns_where(
    rows: QuerySet[Campaign], *, status: str = "", brand=None, owner=None, team=None
) -> QuerySet[Campaign]:
    """`rows` narrowed to a status and the brand, owner and team named by public id (each
    only when given)."""
    if status:
        rows = rows.filter(status=status)
    if brand:
        rows = rows.filter(brand__public_id=brand)
    if owner:
        rows = rows.filter(owner__public_id=owner)
    if team:
        rows = rows.filter(team__public_id=team)
    return rows


def campaigns_filtered(*, workspace, filters) -> QuerySet[Campaign]:
    """The workspace's campaigns with their brand, owner, team and collaboration count in one
    query (the count is an annotation, so the list costs the same at any length)."""
    rows = (
        Campaign.objects.filter(workspace=workspace)
        .select_related("brand", "owner", "team")
        .annotate(collaboration_count=Count("collaborations"))
    )
    rows = campaigns_where(
        rows, status=filters.status, brand=filters.brand, owner=filters.owner, team=filters.team
    )
    return rows.order_by("-starts_on", "name")


def campaign_get(*, workspace, public_id) -> Campaign:
    """The workspace's campaign with its brand, owner and team; another workspace's is a 404."""
    return get_object_or_404(
        Campaign.objects.select_related("brand", "owner", "team"),
        workspace=workspace,
        public_id=public_id,
    )


def campaign_of(*, workspace, names: str, public_id) -> Campaign:
    """The campaign the object a URL names belongs to: `names` says what `public_id` is
    ("collaboration", "offer", "deliverable" or "payment"); 404 when there is no such object
    in the workspace."""
    rows = {
        "collaboration": Collaboration.objects.filter(workspace=workspace),
        "offer": Offer.objects.filter(collaboration__workspace=workspace),
        "deliverable": Deliverable.objects.filter(collaboration__workspace=workspace),
        "payment": Payment.objects.filter(collaboration__workspace=workspace),
    }[names]
    path = "campaign" if names == "collaboration" else "collaboration__campaign"
    found = rows.select_related(path).filter(public_id=public_id).first()
    if found is None:
        raise Http404(f"No such {names}.")
    return found.campaign if names == "collaboration" else found.collaboration.campaign


def workspace_members(*, workspace) -> QuerySet[User]:
    """Who may own a campaign, by name."""
    return User.objects.filter(memberships__workspace=workspace).order_by(name_order(), "email")


def workspace_teams(*, workspace) -> QuerySet[Team]:
    return Team.objects.filter(workspace=workspace).order_by("name")


def member_find(*, workspace, public_id) -> User | None:
    return User.objects.filter(public_id=public_id, memberships__workspace=workspace).first()


def team_find(*, workspace, public_id) -> Team | None:
    return Team.objects.filter(workspace=workspace, public_id=public_id).first()


@dataclass
class Budget:
    planned: Decimal | None
    paid: Decimal
    scheduled: Decimal
    other_currencies: int

    @property
    def used(self) -> Decimal:
        return self.paid + self.scheduled

    def _percent(self, amount: Decimal) -> int:
        if not self.planned:
            return 0
        return min(100, round(amount * 100 / self.planned))

    @property
    def paid_percent(self) -> int:
        return self._percent(self.paid)

    @property
    def used_percent(self) -> int:
        return self._percent(self.used)

    @property
    def over(self) -> bool:
        return self.planned is not None and self.used > self.planned


def campaign_budget(*, campaign: Campaign) -> Budget:
    """Paid and scheduled payments in the campaign's currency, in one query; payments in
    another currency are counted apart rather than converted at a guessed rate."""
    same = Q(currency=campaign.currency)
    totals = Payment.objects.filter(collaboration__campaign=campaign).aggregate(
        paid=Sum("amount", filter=same & Q(paid_at__isnull=False)),
        scheduled=Sum("amount", filter=same & Q(paid_at__isnull=True)),
        other=Count("id", filter=~same),
    )
    return Budget(
        planned=campaign.budget,
        paid=totals["paid"] or Decimal(0),
        scheduled=totals["scheduled"] or Decimal(0),
        other_currencies=totals["other"],
    )


def brand_find(*, workspace, public_id) -> Brand | None:
    return brands_of(workspace=workspace).filter(public_id=public_id).first()
