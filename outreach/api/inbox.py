"""The inbox API, under /api/v1/w/<slug>/ (URL namespace "api:outreach-api").

Inbound email that found no influencer waits in the workspace's Unmatched inbox until a person
says who it is about (or creates them from it), or discards it. Auto-replies that state a
return date wait for a person to confirm it as do-not-disturb. The endpoints build on
outreach.api.base.OutreachView (401, then 404 for outsiders and other workspaces' messages, then 403
for viewers on writes, then input) and call the same services as the pages
(outreach/services/inbox.py); their refusals answer 400 with the message under its field.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from irm.api import error_responses
from outreach import selectors
from outreach.api.base import READ_ERRORS, WRITE_ERRORS, OneObjectView, rule_errors, schema_only
from outreach.api.inbox_serializers import (
    InboundAwaySerializer,
    InboundMessageSerializer,
    InboxAttachSerializer,
    InboxQuerySerializer,
)
from outreach.api.lookups import InfluencerInput
from outreach.models import InboundMessage
from outreach.services.inbox import (
    inbound_attach,
    inbound_away_decide,
    inbound_discard,
    inbound_restore,
)

TAGS = ["inbox"]


class InboxView(OneObjectView):
    """An endpoint of one inbound message: found in this workspace (404 otherwise), then a role
    that may not write gets 403, then the input is read."""

    target_name = "message"

    def target(self, public_id) -> InboundMessage:
        return selectors.inbound_get(workspace=self.workspace, public_id=public_id)

    def target_output(self, message: InboundMessage, *, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.inbound_get(workspace=self.workspace, public_id=message.public_id)
        return self.output(InboundMessageSerializer, fresh, code=code)


class InboxListView(InboxView, generics.ListAPIView):
    serializer_class = InboundMessageSerializer

    def get_queryset(self):
        if schema_only(self):
            return InboundMessage.objects.none()
        query = InboxQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.inbox_messages(
            workspace=self.workspace, status=query.validated_data["status"]
        )

    @extend_schema(
        summary="List the unmatched inbox",
        description="Inbound email that found no influencer (by thread, sender or agent "
        "address), newest first, 50 a page, each with its text, its attachments and why it is "
        "here (`note`). `?status=discarded` lists the ones put aside instead.",
        tags=TAGS,
        parameters=[InboxQuerySerializer],
        responses={
            200: InboundMessageSerializer(many=True),
            **error_responses(400, *READ_ERRORS),
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class InboxDetailView(InboxView):
    serializer_class = InboundMessageSerializer

    @extend_schema(
        summary="Read an inbound message",
        description="Any inbound message of the workspace, matched or not: its text, the "
        "history it quotes, its attachments (listed even when their bytes were not kept), and "
        "where it landed.",
        tags=TAGS,
        responses={200: InboundMessageSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(InboundMessageSerializer, self.target(public_id))


class InboxAttachView(InfluencerInput, InboxView):
    serializer_class = InboxAttachSerializer

    @extend_schema(
        summary="Say who a message is about",
        description="An unmatched (or discarded) message goes on the timeline of an existing "
        "influencer (`influencer`), or of one created from it (`create_influencer`, with the "
        "sender's address as their email). It then acts as if it had matched by itself: a "
        "reply lands on the timeline, answers their pitch with the same subject and opens a "
        "reply commitment. `remember_address` adds the sender's address to an existing "
        "influencer, so their next messages find them.",
        tags=TAGS,
        request=InboxAttachSerializer,
        responses={200: InboundMessageSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        message = self.target(public_id)
        data = self.input(InboxAttachSerializer)
        influencer = self.influencer(data["influencer"]) if "influencer" in data else None
        new_name = data.get("create_influencer", {}).get("name", "")
        # Errors about the person created or the address remembered name the input they came
        # from.
        fields = (
            {"name": "create_influencer.name", "email": api_settings.NON_FIELD_ERRORS_KEY}
            if influencer is None
            else {"email": "remember_address"}
        )
        with rule_errors(**fields):
            message = inbound_attach(
                message=message,
                actor=request.user,
                influencer=influencer,
                new_influencer_name=new_name,
                remember_address=data["remember_address"],
                now=timezone.now(),
            )
        return self.target_output(message)


class InboxDiscardView(InboxView):
    serializer_class = InboundMessageSerializer

    @extend_schema(
        summary="Discard an unmatched message",
        description="Not about anyone you work with (a newsletter, spam): it leaves the inbox "
        "and is kept under `?status=discarded` in case it was a mistake.",
        tags=TAGS,
        request=None,
        responses={200: InboundMessageSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        return self.act(public_id, inbound_discard)


class InboxRestoreView(InboxView):
    serializer_class = InboundMessageSerializer

    @extend_schema(
        summary="Put a discarded message back in the inbox",
        tags=TAGS,
        request=None,
        responses={200: InboundMessageSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        return self.act(public_id, inbound_restore)


class InboundAwayView(InboxView):
    serializer_class = InboundAwaySerializer

    @extend_schema(
        summary="Decide on an auto-reply's return date",
        description="An auto-reply that states a return date later than their do-not-disturb "
        "waits for a person (`away_decision: pending`): `apply: true` sets their "
        "do-not-disturb until that date (the contact guard then holds pitches until it), "
        "`apply: false` ignores it. Any inbound message of the workspace, matched or not.",
        tags=TAGS,
        request=InboundAwaySerializer,
        responses={200: InboundMessageSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        message = self.target(public_id)
        data = self.input(InboundAwaySerializer)
        with rule_errors(do_not_disturb_until="apply"):
            message = inbound_away_decide(
                message=message, apply=data["apply"], actor=request.user, now=timezone.now()
            )
        return self.target_output(message)
