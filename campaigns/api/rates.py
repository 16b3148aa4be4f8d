"""Campaigns API endpoint for the exchange rates offers are compared through (paths in
campaigns/api_urls.py; the base in campaigns/api/base.py)."""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from campaigns.api.base import (
    EXCHANGE_RATE_TAGS,
    WRITE_ERRORS,
    CampaignsListView,
    schema_only,
)
from campaigns.api.serializers import (
    ExchangeRateInputSerializer,
    ExchangeRateSerializer,
)
from campaigns.models import ExchangeRate
from campaigns.selectors.offers import exchange_rates_of
from campaigns.services import offers
from irm.api import error_responses
from irm.models import Role

# --- exchange rates ------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List exchange rates",
        description="The workspace's rates by currency pair, newest day first, 50 a page. "
        "Offers in another currency than a rate card are compared through the latest rate on "
        "or before their day. Managers and admins.",
        tags=EXCHANGE_RATE_TAGS,
        responses={200: ExchangeRateSerializer(many=True), **error_responses(401, 403, 404, 429)},
    )
)
class ExchangeRateListView(CampaignsListView):
    """As on the exchange rates page: managers and up read, admins set."""

    serializer_class = ExchangeRateSerializer
    read_role = Role.MANAGER
    write_role = Role.ADMIN

    def get_queryset(self) -> QuerySet[ExchangeRate]:
        if schema_only(self):
            return ExchangeRate.objects.none()
        return exchange_rates_of(workspace=self.workspace)

    @extend_schema(
        summary="Set an exchange rate",
        description="What 1 `from_currency` is in `to_currency` from a day on (one rate per pair "
        "and day: setting it again replaces that day's). Admins.",
        tags=EXCHANGE_RATE_TAGS,
        request=ExchangeRateInputSerializer,
        responses={201: ExchangeRateSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = self.input(ExchangeRateInputSerializer)
        rate = offers.exchange_rate_set(
            workspace=self.workspace, actor=request.user, now=timezone.now(), **data
        )
        return self.output(ExchangeRateSerializer, rate, code=status.HTTP_201_CREATED)
