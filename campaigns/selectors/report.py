"""Reads for the campaign report: every figure at a moment (campaign_report; the figures and
their formulas are in campaigns/report_figures.py), the campaign a report page is about, and
its share links.

Who is in the report: every collaboration that reached an agreement (agreed, in review,
published, completed), and any other one that has a deliverable or a payment (a partnership
cancelled after a fee was paid still cost money).

The figures are read in a fixed number of queries whatever the number of collaborations: the
collaborations with their result sums and delivery counts, the payments summed by collaboration
and currency, the exchange rates, and the moments.
"""

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.http import Http404
from django.utils import timezone

from campaigns.models import (
    Campaign,
    Collaboration,
    Deliverable,
    DeliverableStatus,
    Moment,
    Payment,
    ReportShareLink,
    Stage,
)
from campaigns.report_figures import (
    Figures,
    Report,
    ReportMoment,
    Sentiment,
    Spend,
    figures_total,
    payments_money,
)
from campaigns.selectors.offers import exchange_rates_on
from campaigns.services.deliverables import METRIC_FIELDS

REPORTED_STAGES = (Stage.AGREED, Stage.IN_REVIEW, Stage.PUBLISHED, Stage.COMPLETED)


def _reported_collaborations(campaign: Campaign, zone):
    published = Q(
        deliverables__status=DeliverableStatus.PUBLISHED, deliverables__due_on__isnull=False
    )
    on_time = LessThanOrEqual(
        TruncDate("deliverables__published_at", tzinfo=zone), F("deliverables__due_on")
    )
    sums = {name: Coalesce(Sum(f"deliverables__result__{name}"), 0) for name in METRIC_FIELDS}
    return (
        Collaboration.objects.filter(campaign=campaign)
        .filter(
            Q(stage__in=REPORTED_STAGES)
            | Exists(Deliverable.objects.filter(collaboration=OuterRef("pk")))
            | Exists(Payment.objects.filter(collaboration=OuterRef("pk")))
        )
        .select_related("influencer")
        .annotate(
            **sums,
            published_due=Count("deliverables", filter=published),
            published_on_time=Count(
                "deliverables",
                filter=published & Q(deliverables__published_at__isnull=False) & Q(on_time),
            ),
        )
        .order_by("influencer__sort_name", "pk")
    )


def _payments(campaign: Campaign) -> dict[int, dict[str, tuple[Decimal, Decimal]]]:
    """collaboration id -> currency -> (paid, scheduled)."""
    rows = (
        Payment.objects.filter(collaboration__campaign=campaign)
        .values("collaboration_id", "currency")
        .annotate(
            paid=Coalesce(Sum("amount", filter=Q(paid_at__isnull=False)), Decimal("0")),
            scheduled=Coalesce(Sum("amount", filter=Q(paid_at__isnull=True)), Decimal("0")),
        )
        .order_by()
    )
    found: dict[int, dict[str, tuple[Decimal, Decimal]]] = {}
    for row in rows:
        found.setdefault(row["collaboration_id"], {})[row["currency"]] = (
            row["paid"],
            row["scheduled"],
        )
    return found


def campaign_report(*, campaign: Campaign, now: datetime) -> Report:
    """Every figure of the campaign's report at `now` (see the module docstring)."""
    zone = campaign.workspace.zone
    today = timezone.localtime(now, zone).date()
    rates = {
        source: found
        for (source, _), found in exchange_rates_on(
            workspace_id=campaign.workspace_id, to_currency=campaign.currency, on=today
        ).items()
    }
    payments = _payments(campaign)
    rows = []
    for collaboration in _reported_collaborations(campaign, zone):
        influencer = collaboration.influencer
        followers = influencer.total_followers
        values = {name: getattr(collaboration, name) for name in METRIC_FIELDS}
        figures = Figures(
            name=influencer.name,
            followers=followers,
            cost=payments_money(
                payments.get(collaboration.pk, {}), currency=campaign.currency, rates=rates
            ),
            sentiment=Sentiment(
                positive=values.pop("positive_comments"),
                neutral=values.pop("neutral_comments"),
                negative=values.pop("negative_comments"),
            ),
            published=collaboration.published_due,
            on_time=collaboration.published_on_time,
            influencer_public_id=str(influencer.public_id),
            stage=collaboration.get_stage_display(),
            **values,
        )
        known = followers is not None
        rows.append(
            replace(
                figures,
                rated_engagement=figures.engagement if known else 0,
                rated_comments=figures.comments if known else 0,
            )
        )
    total = figures_total(rows, currency=campaign.currency)
    spend = Spend(money=total.cost, budget=campaign.budget)
    moments = [
        ReportMoment(
            text=moment.text,
            influencer=moment.collaboration.influencer.name,
            created_at=moment.created_at,
        )
        for moment in Moment.objects.filter(collaboration__campaign=campaign)
        .select_related("collaboration__influencer")
        .order_by("-created_at", "-pk")
    ]
    used = {currency for row in payments.values() for currency in row} - {campaign.currency}
    rates_used = [(source, *rates[source]) for source in sorted(used) if source in rates]
    return Report(
        campaign=campaign,
        now=now,
        rows=rows,
        total=total,
        spend=spend,
        moments=moments,
        rates_used=rates_used,
    )


def report_share_links(*, campaign: Campaign):
    """The campaign's share links, newest first, with who made them."""
    return campaign.share_links.select_related("created_by").order_by("-created_at", "-pk")


def report_campaign_get(*, workspace, public_id) -> Campaign:
    """The workspace's campaign for its report; another workspace's is a 404."""
    campaign = (
        Campaign.objects.select_related("brand", "workspace")
        .filter(workspace=workspace, public_id=public_id)
        .first()
    )
    if campaign is None:
        raise Http404("No such campaign.")
    return campaign


def report_share_link_get(*, campaign: Campaign, public_id) -> ReportShareLink:
    link = campaign.share_links.filter(public_id=public_id).first()
    if link is None:
        raise Http404("No such share link.")
    return link
