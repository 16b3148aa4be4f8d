"""What hangs from an influencer's profile: social accounts, open channels, rates."""

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.api.base import READ_ERRORS, WRITE_ERRORS, InfluencerChildView, schema_only
from contacts.api.serializers import (
    ChannelPermissionSerializer,
    ChannelPermissionSetSerializer,
    RateCardInputSerializer,
    RateCardSerializer,
    RateCardUpdateSerializer,
    SocialAccountCreateSerializer,
    SocialAccountSerializer,
    SocialAccountUpdateSerializer,
)
from contacts.models import Channel, ChannelPermission, RateCard, SocialAccount
from contacts.services import channels as channel_services
from contacts.services import profiles as profile_services
from contacts.services.profiles import rate_card_delete, rate_card_save
from irm.api import error_responses

# --- social accounts ---------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List an influencer's social accounts",
        responses={200: SocialAccountSerializer(many=True), **error_responses(*READ_ERRORS)},
    ),
    post=extend_schema(
        summary="Add a social account",
        description="The handle is stored normalized (`@Ana.Bakes` and the profile URL both "
        "become `ana.bakes`); adding a handle they already have updates that account. "
        "Today's followers and engagement land on the account's trend. A handle that "
        "belonged to someone erased before flags the influencer do-not-contact (“erased on "
        "<date>”, on their profile).",
        request=SocialAccountCreateSerializer,
        responses={201: SocialAccountSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class SocialAccountListView(InfluencerChildView, generics.ListCreateAPIView):
    serializer_class = SocialAccountSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[SocialAccount]:
        if schema_only(self):
            return SocialAccount.objects.none()
        return SocialAccount.objects.filter(influencer=self.influencer).order_by(
            F("followers").desc(nulls_last=True), "platform", "handle"
        )

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = self.input(SocialAccountCreateSerializer)
        account = profile_services.social_account_save(
            influencer=self.influencer, actor=request.user, **data
        )
        return self.output(SocialAccountSerializer, account, code=status.HTTP_201_CREATED)


class SocialAccountDetailView(InfluencerChildView):
    http_method_names = ["get", "patch", "delete", "head", "options"]
    serializer_class = SocialAccountSerializer

    def account(self, account_id) -> SocialAccount:
        return get_object_or_404(
            SocialAccount.objects.select_related("influencer"),
            influencer=self.influencer,
            public_id=account_id,
        )

    @extend_schema(
        summary="Read a social account",
        responses={200: SocialAccountSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id, account_id) -> Response:
        return self.output(SocialAccountSerializer, self.account(account_id))

    @extend_schema(
        summary="Update a social account's numbers",
        request=SocialAccountUpdateSerializer,
        responses={200: SocialAccountSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request: Request, slug: str, public_id, account_id) -> Response:
        account = self.account(account_id)
        data = self.input(SocialAccountUpdateSerializer, partial=True)
        account = profile_services.social_account_save(
            influencer=self.influencer, platform=account.platform, handle=account.handle, **data
        )
        return self.output(SocialAccountSerializer, account)

    @extend_schema(
        summary="Remove a social account",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request: Request, slug: str, public_id, account_id) -> Response:
        profile_services.social_account_delete(account=self.account(account_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- open channels -----------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List an influencer's open (and closed) channels",
        description="No channel counts as open without a record here.",
        responses={200: ChannelPermissionSerializer(many=True), **error_responses(*READ_ERRORS)},
    ),
)
class ChannelListView(InfluencerChildView, generics.ListAPIView):
    serializer_class = ChannelPermissionSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[ChannelPermission]:
        if schema_only(self):
            return ChannelPermission.objects.none()
        return ChannelPermission.objects.filter(influencer=self.influencer).select_related(
            "recorded_by"
        )


CHANNEL_PARAMETER = OpenApiParameter(
    "channel", location=OpenApiParameter.PATH, enum=Channel.values, description="The channel."
)


class ChannelDetailView(InfluencerChildView):
    http_method_names = ["get", "put", "head", "options"]
    serializer_class = ChannelPermissionSerializer

    @extend_schema(
        summary="Read one channel's state",
        parameters=[CHANNEL_PARAMETER],
        responses={200: ChannelPermissionSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id, channel: str) -> Response:
        permission = get_object_or_404(
            ChannelPermission.objects.select_related("recorded_by"),
            influencer=self.influencer,
            channel=channel,
        )
        return self.output(ChannelPermissionSerializer, permission)

    @extend_schema(
        summary="Open or close a channel",
        description="Record that they opened (or closed) a channel to us, with the evidence; "
        "the change lands on their timeline.",
        parameters=[CHANNEL_PARAMETER],
        request=ChannelPermissionSetSerializer,
        responses={200: ChannelPermissionSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def put(self, request: Request, slug: str, public_id, channel: str) -> Response:
        data = self.input(ChannelPermissionSetSerializer)
        permission = channel_services.channel_permission_set(
            influencer=self.influencer,
            channel=channel,
            is_open=data["is_open"],
            evidence=data["evidence"],
            since=data.get("since"),
            actor=request.user,
        )
        return self.output(ChannelPermissionSerializer, permission)


# --- rates -------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List an influencer's rates",
        responses={200: RateCardSerializer(many=True), **error_responses(*READ_ERRORS)},
    ),
    post=extend_schema(
        summary="Add a rate",
        description="One rate per deliverable and currency: adding one they have updates it.",
        request=RateCardInputSerializer,
        responses={201: RateCardSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class RateListView(InfluencerChildView, generics.ListCreateAPIView):
    serializer_class = RateCardSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[RateCard]:
        if schema_only(self):
            return RateCard.objects.none()
        return RateCard.objects.filter(influencer=self.influencer).order_by(
            "deliverable_type", "currency"
        )

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = self.input(RateCardInputSerializer)
        rate = rate_card_save(influencer=self.influencer, **data)
        return self.output(RateCardSerializer, rate, code=status.HTTP_201_CREATED)


class RateDetailView(InfluencerChildView):
    http_method_names = ["get", "patch", "delete", "head", "options"]
    serializer_class = RateCardSerializer

    def rate(self, rate_id) -> RateCard:
        return get_object_or_404(RateCard, influencer=self.influencer, public_id=rate_id)

    @extend_schema(
        summary="Read a rate", responses={200: RateCardSerializer, **error_responses(*READ_ERRORS)}
    )
    def get(self, request: Request, slug: str, public_id, rate_id) -> Response:
        return self.output(RateCardSerializer, self.rate(rate_id))

    @extend_schema(
        summary="Change a rate's amount or notes",
        request=RateCardUpdateSerializer,
        responses={200: RateCardSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request: Request, slug: str, public_id, rate_id) -> Response:
        rate = self.rate(rate_id)
        data = self.input(RateCardUpdateSerializer, partial=True)
        rate = rate_card_save(
            influencer=self.influencer,
            deliverable_type=rate.deliverable_type,
            currency=rate.currency,
            amount=data.get("amount", rate.amount),
            notes=data.get("notes", rate.notes),
        )
        return self.output(RateCardSerializer, rate)

    @extend_schema(
        summary="Remove a rate", responses={204: None, **error_responses(401, 403, 404, 429)}
    )
    def delete(self, request: Request, slug: str, public_id, rate_id) -> Response:
        rate_card_delete(rate=self.rate(rate_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
