"""Campaigns API endpoints for brands, campaigns and a campaign's report figures (paths in
campaigns/api_urls.py; the base in campaigns/api/base.py)."""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from campaigns.api.base import (
    BRAND_TAGS,
    CAMPAIGN_TAGS,
    READ_ERRORS,
    WRITE_ERRORS,
    CampaignsListView,
    CampaignsView,
    schema_only,
)
from campaigns.api.serializers import (
    BrandInputSerializer,
    BrandSerializer,
    CampaignInputSerializer,
    CampaignQuerySerializer,
    CampaignSerializer,
    CampaignUpdateSerializer,
    ReportSerializer,
)
from campaigns.models import (
    Brand,
    Campaign,
)
from campaigns.report_figures import Figures, Money
from campaigns.selectors.campaigns import (
    brands_of,
    campaigns_of,
    campaigns_where,
)
from campaigns.selectors.report import campaign_report
from campaigns.services import campaigns as campaign_services
from irm.access import may_reassign
from irm.api import (
    IF_MATCH,
    conflict_responses,
    error_responses,
    expected_version,
)
from irm.models import Role

# --- brands ------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List brands",
        description="The workspace's brands (the PR team's clients), by name, 50 a page.",
        tags=BRAND_TAGS,
        responses={200: BrandSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class BrandListView(CampaignsListView):
    serializer_class = BrandSerializer

    def get_queryset(self) -> QuerySet[Brand]:
        if schema_only(self):
            return Brand.objects.none()
        return brands_of(workspace=self.workspace)

    @extend_schema(
        summary="Add a brand",
        description="A brand with what it stands for; its name is unique in the workspace.",
        tags=BRAND_TAGS,
        request=BrandInputSerializer,
        responses={201: BrandSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = self.input(BrandInputSerializer)
        brand = campaign_services.brand_create(
            workspace=self.workspace, actor=request.user, now=timezone.now(), **data
        )
        return self.output(BrandSerializer, brand, code=status.HTTP_201_CREATED)


class BrandDetailView(CampaignsView):
    http_method_names = ["get", "patch", "head", "options"]
    serializer_class = BrandSerializer

    @extend_schema(
        summary="Read a brand",
        tags=BRAND_TAGS,
        responses={200: BrandSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(BrandSerializer, self.brand(public_id))

    @extend_schema(
        summary="Change a brand",
        description="Only the fields sent change.",
        tags=BRAND_TAGS,
        request=BrandInputSerializer,
        responses={200: BrandSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request: Request, slug: str, public_id) -> Response:
        brand = self.brand(public_id)
        changes = self.input(BrandInputSerializer, partial=True)
        brand = campaign_services.brand_update(
            brand=brand, actor=request.user, now=timezone.now(), **changes
        )
        return self.output(BrandSerializer, brand)


# --- campaigns ---------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List campaigns",
        description="The workspace's campaigns, latest start first, 50 a page; filter by "
        "status, brand, owner or team.",
        tags=CAMPAIGN_TAGS,
        parameters=[CampaignQuerySerializer],
        responses={200: CampaignSerializer(many=True), **error_responses(400, *READ_ERRORS)},
    )
)
class CampaignListView(CampaignsListView):
    serializer_class = CampaignSerializer

    def get_queryset(self) -> QuerySet[Campaign]:
        if schema_only(self):
            return Campaign.objects.none()
        query = CampaignQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        return campaigns_where(
            campaigns_of(workspace=self.workspace),
            status=wanted.get("status", ""),
            brand=wanted.get("brand"),
            owner=wanted.get("owner"),
            team=wanted.get("team"),
        )

    @extend_schema(
        summary="Create a campaign",
        description="A campaign of one of the workspace's brands, with its brief, dates, "
        "budget and currency; planning by default.",
        tags=CAMPAIGN_TAGS,
        request=CampaignInputSerializer,
        responses={201: CampaignSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = self.campaign_input(partial=False)
        campaign = campaign_services.campaign_create(
            workspace=self.workspace, actor=request.user, now=timezone.now(), **data
        )
        fresh = self.campaign(campaign.public_id)
        return self.output(CampaignSerializer, fresh, code=status.HTTP_201_CREATED)


class CampaignDetailView(CampaignsView):
    names = "campaign"
    http_method_names = ["get", "patch", "head", "options"]
    serializer_class = CampaignSerializer

    def get_required_role(self) -> str:
        # Only which fields a member's input names is looked at: reassigning the campaign is
        # a manager's decision, refused before anything is validated.
        if self.request.method == "PATCH" and not may_reassign(membership=self.membership):
            data = self.request.data
            if isinstance(data, dict) and any(name in data for name in ("owner", "team")):
                return Role.MANAGER
        return super().get_required_role()

    @extend_schema(
        summary="Read a campaign",
        tags=CAMPAIGN_TAGS,
        responses={200: CampaignSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(CampaignSerializer, self.campaign(public_id))

    @extend_schema(
        summary="Change a campaign",
        description="Only the fields sent change; `hashtags` replaces the list. A member "
        "changes the campaigns they or their team own; changing `owner` or `team` needs a "
        "manager. Send the `version` you read (in the body or `If-Match`): if someone saved "
        "the campaign since, nothing changes and the answer is 409 with the current campaign.",
        tags=CAMPAIGN_TAGS,
        parameters=[IF_MATCH],
        request=CampaignUpdateSerializer,
        responses={
            200: CampaignSerializer,
            **error_responses(*WRITE_ERRORS),
            **conflict_responses(CampaignSerializer),
        },
    )
    def patch(self, request: Request, slug: str, public_id) -> Response:
        campaign = self.campaign(public_id)
        changes = self.campaign_input(partial=True, serializer=CampaignUpdateSerializer)
        version = expected_version(request, changes.pop("version", None))
        campaign_services.campaign_update(
            campaign=campaign,
            actor=request.user,
            now=timezone.now(),
            version=version,
            **changes,
        )
        return self.output(CampaignSerializer, self.campaign(public_id))

    def conflict_current(self, row) -> dict:
        return CampaignSerializer(
            self.campaign(row.public_id), context=self.get_serializer_context()
        ).data


# --- the report --------------------------------------------------------------------------------


def _money_data(money: Money) -> dict:
    return {
        "currency": money.currency,
        "paid": money.paid,
        "scheduled": money.scheduled,
        "total": money.total,
        "unconverted": list(money.unconverted),
    }


def _figures_data(figures: Figures) -> dict:
    sentiment = figures.sentiment
    return {
        "name": figures.name,
        "influencer": figures.influencer_public_id or None,
        "stage": figures.stage,
        "followers": figures.followers,
        **{
            name: getattr(figures, name)
            for name in ("likes", "comments", "shares", "saves", "views", "clicks", "conversions")
        },
        "engagement": figures.engagement,
        "engagement_rate": figures.engagement_rate,
        "conversation_per_1k": figures.conversation_per_1k,
        "cost": _money_data(figures.cost),
        "cost_per_engagement": figures.cost_per_engagement,
        "published": figures.published,
        "on_time": figures.on_time,
        "on_time_rate": figures.on_time_rate,
        "sentiment": {
            "positive": sentiment.positive,
            "neutral": sentiment.neutral,
            "negative": sentiment.negative,
            "positive_share": sentiment.positive_share,
            "neutral_share": sentiment.neutral_share,
            "negative_share": sentiment.negative_share,
        },
    }


class CampaignReportView(CampaignsView):
    serializer_class = ReportSerializer

    @extend_schema(
        summary="Read a campaign's report figures",
        description="The figures of the report page as data: each collaboration's reach, "
        "engagement, clicks, conversions, sentiment, cost and on-time delivery, the total, "
        "spend against the budget (in the campaign's currency, through the workspace's "
        "exchange rates; null where a payment's currency has none), moments and the exchange "
        "rates used.",
        tags=CAMPAIGN_TAGS,
        responses={200: ReportSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        campaign = self.campaign(public_id)
        report = campaign_report(campaign=campaign, now=timezone.now())
        spend = report.spend
        body = {
            "campaign": campaign,
            "generated_at": report.now,
            "rows": [_figures_data(row) for row in report.rows],
            "total": _figures_data(report.total),
            "spend": {
                **_money_data(spend.money),
                "budget": spend.budget,
                "remaining": spend.remaining,
            },
            "moments": [
                {"text": m.text, "influencer": m.influencer, "created_at": m.created_at}
                for m in report.moments
            ],
            "rates_used": [
                {"from_currency": source, "rate": rate, "as_of": as_of}
                for source, rate, as_of in report.rates_used
            ],
        }
        return self.output(ReportSerializer, body)
