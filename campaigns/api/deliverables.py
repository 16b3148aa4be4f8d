"""Campaigns API endpoints for deliverables through review to results, and payments (paths in
campaigns/api_urls.py; the base in campaigns/api/base.py)."""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from campaigns.api.base import (
    DELIVERABLE_TAGS,
    PAYMENT_TAGS,
    READ_ERRORS,
    WRITE_ERRORS,
    CampaignsListView,
    CampaignsView,
)
from campaigns.api.serializers import (
    ApproveInputSerializer,
    ChangesInputSerializer,
    DeliverableInputSerializer,
    DeliverableSerializer,
    DraftSubmitInputSerializer,
    PaidInputSerializer,
    PaymentInputSerializer,
    PaymentSerializer,
    PublishInputSerializer,
    ResultsInputSerializer,
)
from campaigns.models import (
    Deliverable,
    Payment,
)
from campaigns.selectors.deliverables import deliverables_of, payments_of
from campaigns.services import deliverables, delivery
from irm.api import error_responses

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
        service(
            deliverable=deliverable,
            actor=self.request.user,
            now=timezone.now(),
            **data,
            **extra,
        )
        return self.deliverable_output(deliverable)


@extend_schema_view(
    get=extend_schema(
        summary="List a collaboration's deliverables",
        description="Soonest due first, 50 a page, with where each is in review and its "
        "results once published.",
        tags=DELIVERABLE_TAGS,
        responses={200: DeliverableSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class DeliverableListView(DeliverableView, CampaignsListView):
    names = "collaboration"

    def get_queryset(self) -> QuerySet[Deliverable]:
        return self.collaboration_rows(Deliverable, deliverables_of)

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
        deliverables.deliverable_result_save(
            deliverable=deliverable, actor=request.user, now=timezone.now(), **metrics
        )
        return self.deliverable_output(deliverable)


# --- payments ----------------------------------------------------------------------------------


class PaymentView(CampaignsView):
    serializer_class = PaymentSerializer


@extend_schema_view(
    get=extend_schema(
        summary="List a collaboration's payments",
        description="Soonest due first, 50 a page, paid or not.",
        tags=PAYMENT_TAGS,
        responses={200: PaymentSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class PaymentListView(PaymentView, CampaignsListView):
    names = "collaboration"

    def get_queryset(self) -> QuerySet[Payment]:
        return self.collaboration_rows(Payment, payments_of)

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
        delivery.payment_mark_paid(
            payment=payment,
            actor=request.user,
            paid_at=data.get("paid_at") or now,
            now=now,
        )
        return self.output(PaymentSerializer, self.payment(public_id))
