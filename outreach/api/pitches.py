"""The pitches API (outreach.api.pitches), under /api/v1/w/<slug>/pitches/ (URL namespace
"api:outreach-api").

Pitches from draft to answer (templates: outreach.api.templates; the contact policy:
outreach.api.policy). Every view builds on
irm.api.WorkspaceScopedMixin (401, then 404 for outsiders, then 403 for a role too low, then
input) and calls the same services as the pages, so the contact guard decides here too.
Viewers read (and may ask the guard for a verdict); members write pitches and templates;
a pitch is its author's to change, send and cancel (managers act on any), a template its
creator's (managers change any); overriding the contact rules needs a manager with a reason;
the contact policy is an admin's. Drafts and templates are written by
outreach.services.drafts and outreach.services.library, as on the pages.

A refused send answers 400 with the guard's sentences and its verdict:
`{"detail": "...", "errors": {"non_field_errors": ["..."]}, "verdict": {...}}`.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.models import Influencer
from irm.api import (
    IF_MATCH,
    CanonicalUUIDFilter,
    conflict_responses,
    error_responses,
    expected_version,
)
from irm.errors import RuleError
from irm.models import Role
from outreach.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    OutreachView,
    refused,
    schema_only,
)
from outreach.api.serializers import (
    PitchAnswerSerializer,
    PitchCreateSerializer,
    PitchMarkSentSerializer,
    PitchRefusedSerializer,
    PitchSendSerializer,
    PitchSerializer,
    PitchUpdateSerializer,
    VerdictSerializer,
)
from outreach.models import Pitch, PitchStatus
from outreach.selectors.guard import pitch_verdict
from outreach.selectors.library import templates_list
from outreach.selectors.pitches import pitch_find, pitch_get, pitch_may_edit, pitch_rows
from outreach.services.answers import pitch_log_answer
from outreach.services.drafts import pitch_draft_save
from outreach.services.follow_ups import follow_up_start
from outreach.services.sending import pitch_cancel, pitch_lock, pitch_mark_sent, pitch_send

REFUSED = OpenApiResponse(
    response=PitchRefusedSerializer,
    description="Invalid input, or the contact rules said no: their sentences, and the verdict.",
)


class PitchFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=PitchStatus.choices, help_text="Only pitches in these states (repeat to add)."
    )
    author = CanonicalUUIDFilter(
        field_name="author__public_id", help_text="Only pitches by this person (a user's id)."
    )
    influencer = CanonicalUUIDFilter(
        field_name="influencer__public_id", help_text="Only pitches to this influencer."
    )

    class Meta:
        model = Pitch
        fields = ["status", "author", "influencer"]


class PitchView(OutreachView):
    """An endpoint of one pitch: it is found (404 outside the workspace), then whoever may not
    change it gets 403, then the input is read."""

    def pitch(
        self, public_id, *, change: bool = True, lists: bool = True, lock: bool = False
    ) -> Pitch:
        """`lists=False` for the guard's endpoints: their services read the pitch's topics
        with the rest of what the guard needs. `lock=True` for the sending ones, inside the
        sending transaction: the pitch is read locked, as sending reads it, once."""
        find = pitch_lock if lock else (pitch_get if lists else pitch_find)
        pitch = find(workspace=self.workspace, public_id=public_id)
        if change and not pitch_may_edit(pitch=pitch, membership=self.membership):
            raise PermissionDenied("A pitch is its author's to change; managers act on any.")
        return pitch

    def pitch_output(self, pitch: Pitch, *, code: int = status.HTTP_200_OK) -> Response:
        fresh = pitch_get(workspace=self.workspace, public_id=pitch.public_id)
        return self.output(PitchSerializer, fresh, code=code)

    def sent_output(self, pitch: Pitch) -> Response:
        """The pitch as sending left it: the send read its row under the lock with everything
        the output shows (outreach.services.sending) and wrote it, so only its lists are read."""
        prefetch_related_objects([pitch], "topics", "declined_topics", "attachments")
        return self.output(PitchSerializer, pitch)


class PitchListView(PitchView, generics.ListAPIView):
    serializer_class = PitchSerializer
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = PitchFilter

    def get_queryset(self) -> QuerySet[Pitch]:
        if schema_only(self):
            return Pitch.objects.none()
        return pitch_rows(workspace=self.workspace)

    @extend_schema(
        summary="List pitches",
        description="The workspace's pitches, newest first, 50 a page, with the verdict stored "
        "when each was sent and the delivery status of email pitches.",
        responses={200: PitchSerializer(many=True), **error_responses(400, *READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Write a pitch (a draft)",
        description="A draft to one influencer. From a template, an empty subject or body is "
        "the template's with the merge fields filled in. Nothing is sent: check, then send.",
        request=PitchCreateSerializer,
        responses={201: PitchSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = self.input(PitchCreateSerializer)
        influencer = Influencer.objects.filter(
            workspace=self.workspace, public_id=data["influencer"], erased_at__isnull=True
        ).first()
        if influencer is None:
            raise ValidationError({"influencer": ["No such influencer in this workspace."]})
        template = None
        if "template" in data:
            template = (
                templates_list(workspace=self.workspace).filter(public_id=data["template"]).first()
            )
            if template is None:
                raise ValidationError({"template": ["No such template (or it is archived)."]})
        pitch = pitch_draft_save(
            influencer=influencer,
            author=request.user,
            channel=data["channel"],
            subject=data.get("subject", ""),
            body=data.get("body", ""),
            topics=data.get("topics", ()),
            template=template,
        )
        return self.pitch_output(pitch, code=status.HTTP_201_CREATED)


class PitchDetailView(PitchView):
    http_method_names = ["get", "patch", "head", "options"]
    serializer_class = PitchSerializer

    @extend_schema(
        summary="Read a pitch",
        responses={200: PitchSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(PitchSerializer, self.pitch(public_id, change=False))

    @extend_schema(
        summary="Change a draft",
        description="Only the fields sent change; `topics` replaces the list. Only drafts "
        "change. Send the `version` you read (in the body or `If-Match`): if someone saved the "
        "draft since, nothing changes and the answer is 409 with the current pitch.",
        parameters=[IF_MATCH],
        request=PitchUpdateSerializer,
        responses={
            200: PitchSerializer,
            **error_responses(*WRITE_ERRORS),
            **conflict_responses(PitchSerializer),
        },
    )
    def patch(self, request: Request, slug: str, public_id) -> Response:
        pitch = self.pitch(public_id)
        changes = self.input(PitchUpdateSerializer, partial=True)
        version = expected_version(request, changes.pop("version", None))
        topics = changes.get("topics")
        if topics is None:
            topics = [topic.name for topic in pitch.topics.all()]
        pitch_draft_save(
            pitch=pitch,
            influencer=pitch.influencer,
            author=pitch.author or request.user,
            channel=changes.get("channel", pitch.channel),
            subject=changes.get("subject", pitch.subject),
            body=changes.get("body", pitch.body),
            topics=topics,
            template=pitch.template,
            version=version,
        )
        return self.pitch_output(pitch)

    def conflict_current(self, row) -> dict:
        current = pitch_get(workspace=self.workspace, public_id=row.public_id)
        return PitchSerializer(current, context=self.get_serializer_context()).data


class PitchCheckView(PitchView):
    serializer_class = VerdictSerializer

    def get_required_role(self) -> str:
        return Role.VIEWER  # it only asks the guard: nothing is written

    @extend_schema(
        summary="Ask the contact guard",
        description="The guard's verdict if this pitch were sent now: blocks, holds (with the "
        "next allowed moment in their time zone) and warnings, each a plain sentence. Nothing "
        "is written.",
        request=None,
        responses={200: VerdictSerializer, **error_responses(401, 404, 429)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        pitch = self.pitch(public_id, change=False, lists=False)
        verdict = pitch_verdict(pitch=pitch, now=timezone.now())
        return Response(verdict.as_dict())


class OverrideNeedsManager:
    """Sending with an override reason is a manager's decision: refused (403) before the input
    is validated, as a role that may not act is everywhere."""

    def get_required_role(self) -> str:
        role = super().get_required_role()
        if self.membership.may(Role.MEMBER) and not self.membership.may(Role.MANAGER):
            data = self.request.data
            reason = data.get("override_reason") if isinstance(data, dict) else None
            if isinstance(reason, str) and reason.strip():
                return Role.MANAGER
        return role

    def send(self, service, public_id, serializer_class, **extra) -> Response:
        """Send (or record as sent) the pitch through `service` (outreach.services.sending),
        inside the caller's transaction: a refusal is a 400 with the guard's verdict."""
        pitch = self.pitch(public_id, lock=True)
        data = self.input(serializer_class)
        try:
            pitch = service(
                pitch=pitch,
                actor=self.request.user,
                actor_role=self.membership.role,
                override_reason=data.get("override_reason", ""),
                now=timezone.now(),
                **{name: data.get(name) for name in extra},
            )
        except RuleError as error:
            return refused(error)
        return self.sent_output(pitch)


class PitchSendView(OverrideNeedsManager, PitchView):
    serializer_class = PitchSendSerializer

    @extend_schema(
        summary="Send, schedule or hold a pitch",
        description="The guard is checked again while the person is locked, so two teammates "
        "cannot both pass a cooldown. Email goes out through the outbox; with `send_at` (a "
        "future moment, email only) it is scheduled; quiet hours, weekends and do-not-disturb "
        "hold it until their next allowed moment. Blocked by an overridable rule (cooldown, "
        "team cap, declined topic), a manager may send it with `override_reason`. Other "
        "channels: use `mark-sent`.",
        request=PitchSendSerializer,
        responses={200: PitchSerializer, 400: REFUSED, **error_responses(401, 403, 404, 429)},
    )
    @transaction.atomic
    def post(self, request: Request, slug: str, public_id) -> Response:
        return self.send(pitch_send, public_id, PitchSendSerializer, send_at=True)


class PitchMarkSentView(OverrideNeedsManager, PitchView):
    serializer_class = PitchMarkSentSerializer

    @extend_schema(
        summary="Record a DM, call or meeting pitch as sent",
        description="For channels Rapport does not send itself: the person sent it; the guard "
        "applies just the same, and it lands on the timeline.",
        request=PitchMarkSentSerializer,
        responses={200: PitchSerializer, 400: REFUSED, **error_responses(401, 403, 404, 429)},
    )
    @transaction.atomic
    def post(self, request: Request, slug: str, public_id) -> Response:
        return self.send(pitch_mark_sent, public_id, PitchMarkSentSerializer)


class PitchAnswerView(PitchView):
    serializer_class = PitchAnswerSerializer

    @extend_schema(
        summary="Log their answer",
        description="Replied, accepted, declined (with the topics they said no to: the guard "
        "remembers them for the policy's decline memory) or no response. An answer lands on the "
        "timeline and cancels pending follow-up drafts. Any member may log it.",
        request=PitchAnswerSerializer,
        responses={200: PitchSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        pitch = self.pitch(public_id, change=False)
        data = self.input(PitchAnswerSerializer)
        now = timezone.now()
        answered_at = data.get("answered_at")
        if answered_at is not None and answered_at > now:
            raise ValidationError({"answered_at": ["Not in the future."]})
        pitch_log_answer(
            pitch=pitch,
            answer=data["answer"],
            actor=request.user,
            declined_topics=data.get("declined_topics", ()),
            note=data.get("note", ""),
            answered_at=answered_at,
            now=now,
        )
        return self.pitch_output(pitch)


class PitchFollowUpView(PitchView):
    serializer_class = PitchSerializer

    @extend_schema(
        summary="Start the follow-up of a sent pitch",
        description="The one polite follow-up: a draft threaded to the original (its open "
        "draft if there is one already). It is sent like any pitch, through the guard, which "
        "spaces it by the follow-up delay and counts it against the follow-up cap.",
        request=None,
        responses={201: PitchSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        pitch = self.pitch(public_id)
        follow_up = follow_up_start(pitch=pitch, actor=request.user)
        return self.pitch_output(follow_up, code=status.HTTP_201_CREATED)


class PitchCancelView(PitchView):
    serializer_class = PitchSerializer

    @extend_schema(
        summary="Cancel a pitch",
        description="A draft, scheduled, held or blocked pitch will not go.",
        request=None,
        responses={200: PitchSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        pitch = self.pitch(public_id)
        pitch_cancel(pitch=pitch, now=timezone.now())
        return self.pitch_output(pitch)
