"""Campaigns API endpoints for collaborations on the board (shortlist, move, invite) and their
offers with the fair-value check (paths in campaigns/api_urls.py; the base in
campaigns/api/base.py)."""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from campaigns.api.base import (
    COLLABORATION_TAGS,
    OFFER_TAGS,
    READ_ERRORS,
    WRITE_ERRORS,
    CampaignsListView,
    CampaignsView,
    schema_only,
)
from campaigns.api.serializers import (
    CollaborationSerializer,
    InvitationSerializer,
    InviteInputSerializer,
    MoveInputSerializer,
    OfferDecideInputSerializer,
    OfferInputSerializer,
    OfferSerializer,
    ShortlistInputSerializer,
)
from campaigns.models import (
    Collaboration,
    Offer,
)
from campaigns.selectors.collaborations import campaign_collaborations
from campaigns.selectors.offers import (
    offers_fairness,
    offers_of,
)
from campaigns.services import offers, pipeline
from irm.api import error_responses

# --- collaborations ----------------------------------------------------------------------------


class CollaborationView(CampaignsView):
    serializer_class = CollaborationSerializer

    def collaboration_output(
        self, collaboration: Collaboration, *, code: int = status.HTTP_200_OK
    ) -> Response:
        fresh = self.collaboration(collaboration.public_id)
        return self.output(CollaborationSerializer, fresh, code=code)


@extend_schema_view(
    get=extend_schema(
        summary="List a campaign's collaborations",
        description="Everyone in the campaign with their stage on the board, by stage and "
        "their place in its column, 50 a page.",
        tags=COLLABORATION_TAGS,
        responses={200: CollaborationSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class CollaborationListView(CollaborationView, CampaignsListView):
    names = "campaign"

    def get_queryset(self) -> QuerySet[Collaboration]:
        if schema_only(self):
            return Collaboration.objects.none()
        campaign = self.campaign(self.kwargs["public_id"])
        return campaign_collaborations(workspace=self.workspace, campaign=campaign)

    @extend_schema(
        summary="Shortlist an influencer",
        description="They join the campaign at the end of the Shortlisted column (once per "
        "campaign), and it is noted on their timeline.",
        tags=COLLABORATION_TAGS,
        request=ShortlistInputSerializer,
        responses={201: CollaborationSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        campaign = self.campaign(public_id)
        data = self.input(ShortlistInputSerializer)
        influencer = self.input_influencer(data["influencer"])
        owner = self.input_member(data.get("owner"), field="owner")
        collaboration = pipeline.collaboration_shortlist(
            campaign=campaign,
            influencer=influencer,
            actor=request.user,
            owner=owner,
            now=timezone.now(),
        )
        return self.collaboration_output(collaboration, code=status.HTTP_201_CREATED)


class CollaborationDetailView(CollaborationView):
    @extend_schema(
        summary="Read a collaboration",
        tags=COLLABORATION_TAGS,
        responses={200: CollaborationSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(CollaborationSerializer, self.collaboration(public_id))


class CollaborationMoveView(CollaborationView):
    names = "collaboration"

    @extend_schema(
        summary="Move a collaboration on the board",
        description="To a stage the pipeline allows from where it is (a refused move says "
        "where it may go), at `position` in the new column. Further ahead past several stages "
        "at once (a deal agreed by phone) needs a `reason`. Inviting goes through `invite/`. "
        "Each move lands on the influencer's timeline, with its reason.",
        tags=COLLABORATION_TAGS,
        request=MoveInputSerializer,
        responses={200: CollaborationSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        collaboration = self.collaboration(public_id)
        data = self.input(MoveInputSerializer)
        pipeline.collaboration_move(
            collaboration=collaboration,
            stage=data["stage"],
            position=data.get("position"),
            reason=data["reason"],
            actor=request.user,
            now=timezone.now(),
        )
        return self.collaboration_output(collaboration)


class CollaborationInviteView(CollaborationView):
    names = "collaboration"
    serializer_class = InviteInputSerializer

    @extend_schema(
        summary="Invite a shortlisted influencer",
        description="Drafts their personal invitation (a pitch about the campaign, merge "
        "fields filled in) and asks the contact guard about it. When it may go now they move "
        "to Invited; blocked or held, they stay Shortlisted and the verdict says why. Nothing "
        "is sent: send the draft pitch through the outreach API, where the guard checks it "
        "again.",
        tags=COLLABORATION_TAGS,
        request=InviteInputSerializer,
        responses={200: InvitationSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        collaboration = self.collaboration(public_id)
        data = self.input(InviteInputSerializer)
        invitation = pipeline.collaboration_invite(
            collaboration=collaboration,
            actor=request.user,
            actor_role=self.membership.role,
            now=timezone.now(),
            **data,
        )
        body = {
            "collaboration": self.collaboration(public_id),
            "pitch": invitation.pitch,
            "ready": invitation.ready,
            "verdict": invitation.verdict,
        }
        return self.output(InvitationSerializer, body)


# --- offers ------------------------------------------------------------------------------------


class OfferView(CampaignsView):
    serializer_class = OfferSerializer

    def offers_output(self, rows, *, many: bool):
        """Offers with their fairness, checked for all of them at once."""
        rows = list(rows) if many else [rows]
        context = self.get_serializer_context()
        context["fairness"] = offers_fairness(rows, workspace=self.workspace, now=timezone.now())
        return OfferSerializer(rows if many else rows[0], many=many, context=context).data


@extend_schema_view(
    get=extend_schema(
        summary="List a collaboration's offers",
        description="Newest first, 50 a page, each with what it pays for and its fair-value "
        "check against their rate card.",
        tags=OFFER_TAGS,
        responses={200: OfferSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class OfferListView(OfferView, CampaignsListView):
    names = "collaboration"

    def get_queryset(self) -> QuerySet[Offer]:
        return self.collaboration_rows(Offer, offers_of)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.offers_output(page, many=True))

    @extend_schema(
        summary="Make an offer",
        description="A fee, a product and its value, an affiliate share, cross-promotion or "
        "other value, for the deliverables in `items`; proposed until they decide. The answer "
        "carries its fair-value check.",
        tags=OFFER_TAGS,
        request=OfferInputSerializer,
        responses={201: OfferSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        collaboration = self.collaboration(public_id)
        data = self.input(OfferInputSerializer)
        items = [(item["deliverable_type"], item["quantity"]) for item in data.pop("items", [])]
        offer = offers.offer_create(
            collaboration=collaboration,
            actor=request.user,
            items=items,
            now=timezone.now(),
            **data,
        )
        fresh = self.offer(offer.public_id)
        return Response(self.offers_output(fresh, many=False), status=status.HTTP_201_CREATED)


class OfferDecideView(OfferView):
    names = "offer"

    @extend_schema(
        summary="Record their answer to an offer",
        description="Accepted or declined; accepting one withdraws the collaboration's other "
        "proposed offers. Only a proposed offer is decided.",
        tags=OFFER_TAGS,
        request=OfferDecideInputSerializer,
        responses={200: OfferSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        offer = self.offer(public_id)
        data = self.input(OfferDecideInputSerializer)
        offers.offer_decide(
            offer=offer, accepted=data["accepted"], actor=request.user, now=timezone.now()
        )
        return Response(self.offers_output(self.offer(public_id), many=False))
