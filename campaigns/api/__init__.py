"""The campaigns REST API, under /api/v1/w/<slug>/ (URL namespace "api:campaigns-api").

Brands and campaigns, the collaboration pipeline (shortlist, move, invite), offers with their
fair-value check, deliverables through review to results, payments, and the report's figures.
Every view builds on irm.api.WorkspaceScopedMixin (401, then 404 for outsiders and other
workspaces' objects, then 403 for a role too low, then input): viewers read, members and up
write. Writes call the same services as the pages, so an invitation goes through the contact
guard here too; a service's refusal (RuleError) answers 400 with its message under its
field.
"""

from contextlib import contextmanager

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from campaigns import selectors
from campaigns.models import (
    Brand,
    Campaign,
    Collaboration,
    Deliverable,
    ExchangeRate,
    Offer,
    OfferItem,
    Payment,
)
from campaigns.report import Figures, Money, campaign_report
from campaigns.serializers import (
    ApproveInputSerializer,
    BrandInputSerializer,
    BrandSerializer,
    CampaignInputSerializer,
    CampaignQuerySerializer,
    CampaignSerializer,
    CampaignUpdateSerializer,
    ChangesInputSerializer,
    CollaborationSerializer,
    DeliverableInputSerializer,
    DeliverableSerializer,
    DraftSubmitInputSerializer,
    ExchangeRateInputSerializer,
    ExchangeRateSerializer,
    InvitationSerializer,
    InviteInputSerializer,
    MoveInputSerializer,
    OfferDecideInputSerializer,
    OfferInputSerializer,
    OfferSerializer,
    PaidInputSerializer,
    PaymentInputSerializer,
    PaymentSerializer,
    PublishInputSerializer,
    ReportSerializer,
    ResultsInputSerializer,
    ShortlistInputSerializer,
)
from campaigns.services import deliverables, delivery, offers, pipeline
from contacts.models import Influencer
from irm.access import SAFE_METHODS, may_reassign, require_campaign_edit
from irm.api import (
    IF_MATCH,
    WorkspaceAPIView,
    conflict_responses,
    error_responses,
    expected_version,
)
from irm.errors import RuleError
from irm.models import Role, Team, User

READ_ERRORS = (401, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 429)
BRAND_TAGS = ["brands"]
CAMPAIGN_TAGS = ["campaigns"]
COLLABORATION_TAGS = ["collaborations"]
OFFER_TAGS = ["offers"]
DELIVERABLE_TAGS = ["deliverables"]
PAYMENT_TAGS = ["payments"]
EXCHANGE_RATE_TAGS = ["exchange rates"]


def schema_only(view) -> bool:
    """drf-spectacular builds the schema from views without a request's workspace."""
    return getattr(view, "swagger_fake_view", False)


@contextmanager
def campaign_errors():
    """A service's refusal as a 400 with its message under the field it concerns."""
    try:
        yield
    except RuleError as error:
        field = error.field or api_settings.NON_FIELD_ERRORS_KEY
        raise ValidationError({field: [error.message]}) from None


# --- reads: the workspace's objects with what a row shows, in a fixed number of queries --------


def brands_of(workspace) -> QuerySet[Brand]:
    return Brand.objects.filter(workspace=workspace).order_by("name", "id")


def campaigns_of(workspace) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(workspace=workspace)
        .select_related("brand", "owner", "team")
        .order_by("-starts_on", "name", "id")
    )


def collaborations_of(workspace) -> QuerySet[Collaboration]:
    return Collaboration.objects.filter(workspace=workspace).select_related(
        "campaign", "influencer", "owner", "invitation"
    )


def offers_of(workspace) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(collaboration__workspace=workspace)
        .select_related("collaboration__influencer", "created_by")
        .prefetch_related(Prefetch("items", queryset=OfferItem.objects.order_by("id")))
        .order_by("-created_at", "-id")
    )


def deliverables_of(workspace) -> QuerySet[Deliverable]:
    return (
        Deliverable.objects.filter(collaboration__workspace=workspace)
        .select_related("result")
        .order_by("due_on", "id")
    )


def payments_of(workspace) -> QuerySet[Payment]:
    return Payment.objects.filter(collaboration__workspace=workspace).order_by("due_on", "id")


def _one(rows: QuerySet, public_id, what: str):
    found = rows.filter(public_id=public_id).first()
    if found is None:
        raise Http404(f"No such {what}.")
    return found


# --- the base ----------------------------------------------------------------------------------


class CampaignsView(WorkspaceAPIView):
    """An endpoint of one workspace; see irm.api.WorkspaceScopedMixin.

    `names` says what the URL's `public_id` is ("campaign", "collaboration", "offer",
    "deliverable" or "payment"): a write to it changes that campaign, so it is checked against
    whose campaign it is (irm/access.py) right after the role, before any input."""

    names: str = ""

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if self.names and request.method not in SAFE_METHODS:
            require_campaign_edit(
                membership=self.membership,
                campaign=self.campaign_named(kwargs["public_id"]),
                path=request.path,
            )

    def campaign_named(self, public_id) -> Campaign:
        """The campaign the URL's object belongs to (404 when there is no such object)."""
        if self.names == "campaign":
            return self.campaign(public_id)
        rows = {
            "collaboration": Collaboration.objects.filter(workspace=self.workspace),
            "offer": Offer.objects.filter(collaboration__workspace=self.workspace),
            "deliverable": Deliverable.objects.filter(collaboration__workspace=self.workspace),
            "payment": Payment.objects.filter(collaboration__workspace=self.workspace),
        }[self.names]
        path = "campaign" if self.names == "collaboration" else "collaboration__campaign"
        found = rows.select_related(path).filter(public_id=public_id).first()
        if found is None:
            raise Http404(f"No such {self.names}.")
        return found.campaign if self.names == "collaboration" else found.collaboration.campaign

    # The objects named in a URL: another workspace's is a 404.
    def brand(self, public_id) -> Brand:
        return _one(brands_of(self.workspace), public_id, "brand")

    def campaign(self, public_id) -> Campaign:
        return _one(campaigns_of(self.workspace), public_id, "campaign")

    def collaboration(self, public_id) -> Collaboration:
        return _one(collaborations_of(self.workspace), public_id, "collaboration")

    def offer(self, public_id) -> Offer:
        return _one(offers_of(self.workspace), public_id, "offer")

    def deliverable(self, public_id) -> Deliverable:
        return _one(deliverables_of(self.workspace), public_id, "deliverable")

    def payment(self, public_id) -> Payment:
        return _one(payments_of(self.workspace), public_id, "payment")

    # The objects named in the input: another workspace's is a 400 on that field.
    def input_brand(self, public_id) -> Brand:
        found = brands_of(self.workspace).filter(public_id=public_id).first()
        if found is None:
            raise ValidationError({"brand": ["No such brand in this workspace."]})
        return found

    def input_member(self, public_id, *, field: str) -> User | None:
        if public_id is None:
            return None
        found = User.objects.filter(
            public_id=public_id, memberships__workspace=self.workspace
        ).first()
        if found is None:
            raise ValidationError({field: ["No such member of this workspace."]})
        return found

    def input_team(self, public_id) -> Team | None:
        if public_id is None:
            return None
        found = Team.objects.filter(workspace=self.workspace, public_id=public_id).first()
        if found is None:
            raise ValidationError({"team": ["No such team in this workspace."]})
        return found

    def campaign_input(self, *, partial: bool, serializer=CampaignInputSerializer) -> dict:
        """A campaign's input, with the brand, owner and team it names found in this
        workspace."""
        data = self.input(serializer, partial=partial)
        if "brand" in data:
            data["brand"] = self.input_brand(data["brand"])
        if "owner" in data:
            data["owner"] = self.input_member(data["owner"], field="owner")
        if "team" in data:
            data["team"] = self.input_team(data["team"])
        return data

    def input_influencer(self, public_id) -> Influencer:
        found = Influencer.objects.filter(
            workspace=self.workspace, public_id=public_id, erased_at__isnull=True
        ).first()
        if found is None:
            raise ValidationError({"influencer": ["No such influencer in this workspace."]})
        return found


class CampaignsListView(CampaignsView, generics.ListAPIView):
    """A paginated list; the base's objects stay available to the subclasses."""


# --- brands ------------------------------------------------------------------------------------


class BrandListView(CampaignsListView):
    serializer_class = BrandSerializer

    def get_queryset(self) -> QuerySet[Brand]:
        if schema_only(self):
            return Brand.objects.none()
        return brands_of(self.workspace)

    @extend_schema(
        summary="List brands",
        description="The workspace's brands (the PR team's clients), by name, 50 a page.",
        tags=BRAND_TAGS,
        responses={200: BrandSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Add a brand",
        description="A brand with what it stands for; its name is unique in the workspace.",
        tags=BRAND_TAGS,
        request=BrandInputSerializer,
        responses={201: BrandSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = self.input(BrandInputSerializer)
        with campaign_errors():
            brand = pipeline.brand_create(
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
        with campaign_errors():
            brand = pipeline.brand_update(
                brand=brand, actor=request.user, now=timezone.now(), **changes
            )
        return self.output(BrandSerializer, brand)


# --- campaigns ---------------------------------------------------------------------------------


class CampaignListView(CampaignsListView):
    serializer_class = CampaignSerializer

    def get_queryset(self) -> QuerySet[Campaign]:
        if schema_only(self):
            return Campaign.objects.none()
        query = CampaignQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        rows = campaigns_of(self.workspace)
        if "status" in wanted:
            rows = rows.filter(status=wanted["status"])
        if "brand" in wanted:
            rows = rows.filter(brand__public_id=wanted["brand"])
        if "owner" in wanted:
            rows = rows.filter(owner__public_id=wanted["owner"])
        if "team" in wanted:
            rows = rows.filter(team__public_id=wanted["team"])
        return rows

    @extend_schema(
        summary="List campaigns",
        description="The workspace's campaigns, latest start first, 50 a page; filter by "
        "status, brand, owner or team.",
        tags=CAMPAIGN_TAGS,
        parameters=[CampaignQuerySerializer],
        responses={200: CampaignSerializer(many=True), **error_responses(400, *READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

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
        with campaign_errors():
            campaign = pipeline.campaign_create(
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
        with campaign_errors():
            pipeline.campaign_update(
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


# --- collaborations ----------------------------------------------------------------------------


class CollaborationView(CampaignsView):
    serializer_class = CollaborationSerializer

    def collaboration_output(
        self, collaboration: Collaboration, *, code: int = status.HTTP_200_OK
    ) -> Response:
        fresh = self.collaboration(collaboration.public_id)
        return self.output(CollaborationSerializer, fresh, code=code)


class CollaborationListView(CollaborationView, CampaignsListView):
    names = "campaign"

    def get_queryset(self) -> QuerySet[Collaboration]:
        if schema_only(self):
            return Collaboration.objects.none()
        campaign = self.campaign(self.kwargs["public_id"])
        return (
            collaborations_of(self.workspace)
            .filter(campaign=campaign)
            .order_by("stage", "position", "created_at", "id")
        )

    @extend_schema(
        summary="List a campaign's collaborations",
        description="Everyone in the campaign with their stage on the board, by stage and "
        "their place in its column, 50 a page.",
        tags=COLLABORATION_TAGS,
        responses={200: CollaborationSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

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
        with campaign_errors():
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
        with campaign_errors():
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
        with campaign_errors():
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
        context["fairness"] = selectors.offers_fairness(
            rows, workspace=self.workspace, now=timezone.now()
        )
        return OfferSerializer(rows if many else rows[0], many=many, context=context).data


class OfferListView(OfferView, CampaignsListView):
    names = "collaboration"

    def get_queryset(self) -> QuerySet[Offer]:
        if schema_only(self):
            return Offer.objects.none()
        collaboration = self.collaboration(self.kwargs["public_id"])
        return offers_of(self.workspace).filter(collaboration=collaboration)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.offers_output(page, many=True))

    @extend_schema(
        summary="List a collaboration's offers",
        description="Newest first, 50 a page, each with what it pays for and its fair-value "
        "check against their rate card.",
        tags=OFFER_TAGS,
        responses={200: OfferSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

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
        with campaign_errors():
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
        with campaign_errors():
            offers.offer_decide(
                offer=offer, accepted=data["accepted"], actor=request.user, now=timezone.now()
            )
        return Response(self.offers_output(self.offer(public_id), many=False))


# --- deliverables ------------------------------------------------------------------------------


class DeliverableView(CampaignsView):
    names = "deliverable"
    serializer_class = DeliverableSerializer

    def deliverable_output(
        self, deliverable: Deliverable, *, code: int = status.HTTP_200_OK
    ) -> Response:
        fresh = self.deliverable(deliverable.public_id)
        return self.output(DeliverableSerializer, fresh, code=code)

    def review(self, public_id, input_serializer, service, **extra) -> Response:
        """A review step: the deliverable found, its input read, the service run now."""
        deliverable = self.deliverable(public_id)
        data = self.input(input_serializer) if input_serializer else {}
        with campaign_errors():
            service(
                deliverable=deliverable,
                actor=self.request.user,
                now=timezone.now(),
                **data,
                **extra,
            )
        return self.deliverable_output(deliverable)


class DeliverableListView(DeliverableView, CampaignsListView):
    names = "collaboration"

    def get_queryset(self) -> QuerySet[Deliverable]:
        if schema_only(self):
            return Deliverable.objects.none()
        collaboration = self.collaboration(self.kwargs["public_id"])
        return deliverables_of(self.workspace).filter(collaboration=collaboration)

    @extend_schema(
        summary="List a collaboration's deliverables",
        description="Soonest due first, 50 a page, with where each is in review and its "
        "results once published.",
        tags=DELIVERABLE_TAGS,
        responses={200: DeliverableSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Plan a deliverable",
        description="A piece of content they will make, perhaps with a due date (a reminder "
        "is planned for it).",
        tags=DELIVERABLE_TAGS,
        request=DeliverableInputSerializer,
        responses={201: DeliverableSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        collaboration = self.collaboration(public_id)
        data = self.input(DeliverableInputSerializer)
        with campaign_errors():
            deliverable = deliverables.deliverable_add(
                collaboration=collaboration, actor=request.user, now=timezone.now(), **data
            )
        return self.deliverable_output(deliverable, code=status.HTTP_201_CREATED)


class DeliverableDetailView(DeliverableView):
    @extend_schema(
        summary="Read a deliverable",
        tags=DELIVERABLE_TAGS,
        responses={200: DeliverableSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(DeliverableSerializer, self.deliverable(public_id))


class DeliverableSubmitView(DeliverableView):
    @extend_schema(
        summary="Record a submitted draft",
        description="A planned deliverable (or one with changes requested) now has a draft to "
        "review, at `draft_url`; we owe them feedback.",
        tags=DELIVERABLE_TAGS,
        request=DraftSubmitInputSerializer,
        responses={200: DeliverableSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        return self.review(
            public_id, DraftSubmitInputSerializer, deliverables.deliverable_submit_draft
        )


class DeliverableRequestChangesView(DeliverableView):
    @extend_schema(
        summary="Ask for changes to a draft",
        description="The submitted draft goes back to them with the comment.",
        tags=DELIVERABLE_TAGS,
        request=ChangesInputSerializer,
        responses={200: DeliverableSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        return self.review(
            public_id, ChangesInputSerializer, deliverables.deliverable_request_changes
        )


class DeliverableApproveView(DeliverableView):
    @extend_schema(
        summary="Approve a draft",
        description="The submitted draft may be published, perhaps with a comment.",
        tags=DELIVERABLE_TAGS,
        request=ApproveInputSerializer,
        responses={200: DeliverableSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        return self.review(public_id, ApproveInputSerializer, deliverables.deliverable_approve)


class DeliverablePublishView(DeliverableView):
    @extend_schema(
        summary="Record it published",
        description="An approved deliverable went live at `published_url` (at `published_at`, "
        "now by default).",
        tags=DELIVERABLE_TAGS,
        request=PublishInputSerializer,
        responses={200: DeliverableSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        deliverable = self.deliverable(public_id)
        data = self.input(PublishInputSerializer)
        now = timezone.now()
        with campaign_errors():
            deliverables.deliverable_publish(
                deliverable=deliverable,
                published_url=data["published_url"],
                published_at=data.get("published_at") or now,
                actor=request.user,
                now=now,
            )
        return self.deliverable_output(deliverable)


class DeliverableResultsView(DeliverableView):
    http_method_names = ["put", "options"]

    @extend_schema(
        summary="Enter a published deliverable's results",
        description="Its likes, comments, shares, saves, views, clicks, conversions and the "
        "comments' sentiment as counted by a person. Metrics sent replace those values; "
        "metrics not sent keep theirs.",
        tags=DELIVERABLE_TAGS,
        request=ResultsInputSerializer,
        responses={200: DeliverableSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def put(self, request: Request, slug: str, public_id) -> Response:
        deliverable = self.deliverable(public_id)
        metrics = self.input(ResultsInputSerializer)
        with campaign_errors():
            deliverables.deliverable_result_save(
                deliverable=deliverable, actor=request.user, now=timezone.now(), **metrics
            )
        return self.deliverable_output(deliverable)


# --- payments ----------------------------------------------------------------------------------


class PaymentView(CampaignsView):
    serializer_class = PaymentSerializer


class PaymentListView(PaymentView, CampaignsListView):
    names = "collaboration"

    def get_queryset(self) -> QuerySet[Payment]:
        if schema_only(self):
            return Payment.objects.none()
        collaboration = self.collaboration(self.kwargs["public_id"])
        return payments_of(self.workspace).filter(collaboration=collaboration)

    @extend_schema(
        summary="List a collaboration's payments",
        description="Soonest due first, 50 a page, paid or not.",
        tags=PAYMENT_TAGS,
        responses={200: PaymentSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Schedule a payment",
        description="What we pay them and when (in any currency: they may invoice in their "
        "own). We owe it to them: a commitment is opened and the owner reminded before it "
        "is due.",
        tags=PAYMENT_TAGS,
        request=PaymentInputSerializer,
        responses={201: PaymentSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        collaboration = self.collaboration(public_id)
        data = self.input(PaymentInputSerializer)
        with campaign_errors():
            payment = delivery.payment_schedule(
                collaboration=collaboration, actor=request.user, now=timezone.now(), **data
            )
        return self.output(
            PaymentSerializer, self.payment(payment.public_id), code=status.HTTP_201_CREATED
        )


class PaymentPaidView(PaymentView):
    names = "payment"

    @extend_schema(
        summary="Mark a payment paid",
        description="Once: when it was paid (now by default, never in the future). The "
        "commitment is fulfilled and its reminders end.",
        tags=PAYMENT_TAGS,
        request=PaidInputSerializer,
        responses={200: PaymentSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        payment = self.payment(public_id)
        data = self.input(PaidInputSerializer)
        now = timezone.now()
        with campaign_errors():
            delivery.payment_mark_paid(
                payment=payment,
                actor=request.user,
                paid_at=data.get("paid_at") or now,
                now=now,
            )
        return self.output(PaymentSerializer, self.payment(public_id))


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


# --- exchange rates ------------------------------------------------------------------------------


class ExchangeRateListView(CampaignsListView):
    """As on the exchange rates page: managers and up read, admins set."""

    serializer_class = ExchangeRateSerializer
    read_role = Role.MANAGER
    write_role = Role.ADMIN

    def get_queryset(self) -> QuerySet[ExchangeRate]:
        if schema_only(self):
            return ExchangeRate.objects.none()
        return (
            ExchangeRate.objects.filter(workspace=self.workspace)
            .select_related("set_by")
            .order_by("from_currency", "to_currency", "-as_of", "id")
        )

    @extend_schema(
        summary="List exchange rates",
        description="The workspace's rates by currency pair, newest day first, 50 a page. "
        "Offers in another currency than a rate card are compared through the latest rate on "
        "or before their day. Managers and admins.",
        tags=EXCHANGE_RATE_TAGS,
        responses={200: ExchangeRateSerializer(many=True), **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

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
        with campaign_errors():
            rate = offers.exchange_rate_set(
                workspace=self.workspace, actor=request.user, now=timezone.now(), **data
            )
        return self.output(ExchangeRateSerializer, rate, code=status.HTTP_201_CREATED)
