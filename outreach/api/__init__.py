"""The outreach REST API, under /api/v1/w/<slug>/ (URL namespace "api:outreach-api").

Pitches from draft to answer, templates, and the contact policy. Every view builds on
irm.api.WorkspaceScopedMixin (401, then 404 for outsiders, then 403 for a role too low, then
input) and calls the same services as the pages, so the contact guard decides here too.
Viewers read (and may ask the guard for a verdict); members write pitches and templates;
a pitch is its author's to change, send and cancel (managers act on any), a template its
creator's (managers change any); overriding the contact rules needs a manager with a reason;
the contact policy is an admin's. Drafts and templates are written by outreach.compose, as
on the pages.

A refused send answers 400 with the guard's sentences and its verdict:
`{"detail": "...", "errors": {"non_field_errors": ["..."]}, "verdict": {...}}`.
"""

from contextlib import contextmanager

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from contacts.models import ContactPolicy, Influencer
from contacts.selectors import (
    POLICY_FIELDS,
    WorkspacePolicy,
    influencer_policy_effective,
    policy_override_get,
    policy_overrides,
    workspace_policy,
)
from contacts.services import (
    contact_policy_override_clear,
    contact_policy_override_save,
    contact_policy_save,
)
from irm.api import (
    IF_MATCH,
    CanonicalUUIDFilter,
    WorkspaceAPIView,
    conflict_responses,
    error_responses,
    expected_version,
    query_flag,
    query_parameters_check,
)
from irm.errors import RuleError
from irm.models import Role
from outreach import api_selectors, compose, pages, services
from outreach.models import Pitch, PitchStatus, PitchTemplate
from outreach.serializers import (
    ContactPolicyInputSerializer,
    ContactPolicySerializer,
    PitchAnswerSerializer,
    PitchCreateSerializer,
    PitchMarkSentSerializer,
    PitchRefusedSerializer,
    PitchSendSerializer,
    PitchSerializer,
    PitchTemplateCreateSerializer,
    PitchTemplateSerializer,
    PitchTemplateUpdateSerializer,
    PitchUpdateSerializer,
    PolicyOverrideInputSerializer,
    PolicyOverrideRowSerializer,
    PolicyOverrideSerializer,
    VerdictSerializer,
)

READ_ERRORS = (401, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 429)
REFUSED = OpenApiResponse(
    response=PitchRefusedSerializer,
    description="Invalid input, or the contact rules said no: their sentences, and the verdict.",
)


def schema_only(view) -> bool:
    """drf-spectacular builds the schema from views without a request's workspace."""
    return getattr(view, "swagger_fake_view", False)


@contextmanager
def rule_errors(
    *, errors: tuple[type[Exception], ...] = (services.OutreachError, RuleError), **fields: str
):
    """A service's rule error (one of `errors`) as a 400 with the message under its field;
    `fields` renames a service's field to the input the client sent (e.g. snooze's `choice`
    is `for`)."""
    try:
        yield
    except errors as error:
        field = fields.get(error.field or "", error.field) or api_settings.NON_FIELD_ERRORS_KEY
        raise ValidationError({field: [error.message]}) from None


def refused(error: services.OutreachError) -> Response:
    """400 for a pitch that may not go: the guard's sentences, and its verdict when it spoke."""
    field = error.field or api_settings.NON_FIELD_ERRORS_KEY
    verdict = error.verdict.as_dict() if error.verdict is not None else None
    body = {"detail": error.message, "errors": {field: [error.message]}, "verdict": verdict}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class OutreachView(WorkspaceAPIView):
    """An endpoint of one workspace; see irm.api.WorkspaceScopedMixin."""


class OneObjectView(OutreachView):
    """An endpoint of one object of the workspace (a pitch, a reminder, an inbound message).
    A subclass says how the object is found (`target`: 404 for another workspace's, 403 for
    whoever may not act on it), how it is answered (`target_output`), what its services call it
    (`target_name`) and which of their errors are refusals (`refusals`)."""

    target_name = ""
    refusals = staticmethod(rule_errors)

    def target(self, public_id):
        raise NotImplementedError

    def target_output(self, target, *, code: int = status.HTTP_200_OK) -> Response:
        raise NotImplementedError

    def act(self, public_id, service) -> Response:
        """The actions without input (done, dismiss, discard, restore): the object found, then
        the service run on it by this person now, then the object as it is afterwards; a
        refusal is a 400 with its message."""
        target = self.target(public_id)
        with self.refusals():
            target = service(
                **{self.target_name: target}, actor=self.request.user, now=timezone.now()
            )
        return self.target_output(target)


# --- pitches -----------------------------------------------------------------------------------


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
        find = services.pitch_lock if lock else (pages.pitch_get if lists else pages.pitch_find)
        pitch = find(workspace=self.workspace, public_id=public_id)
        if change and not pages.pitch_may_edit(pitch=pitch, membership=self.membership):
            raise PermissionDenied("A pitch is its author's to change; managers act on any.")
        return pitch

    def pitch_output(self, pitch: Pitch, *, code: int = status.HTTP_200_OK) -> Response:
        fresh = pages.pitch_get(workspace=self.workspace, public_id=pitch.public_id)
        return self.output(PitchSerializer, fresh, code=code)

    def sent_output(self, pitch: Pitch) -> Response:
        """The pitch as sending left it: the send read its row under the lock with everything
        the output shows (services._lock) and wrote it, so only its lists are read."""
        prefetch_related_objects([pitch], "topics", "declined_topics", "attachments")
        return self.output(PitchSerializer, pitch)


class PitchListView(PitchView, generics.ListAPIView):
    serializer_class = PitchSerializer
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = PitchFilter

    def get_queryset(self) -> QuerySet[Pitch]:
        if schema_only(self):
            return Pitch.objects.none()
        return api_selectors.pitch_rows(workspace=self.workspace)

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
                pages.templates_list(workspace=self.workspace)
                .filter(public_id=data["template"])
                .first()
            )
            if template is None:
                raise ValidationError({"template": ["No such template (or it is archived)."]})
        with rule_errors():
            pitch = compose.pitch_draft_save(
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
        with rule_errors():
            compose.pitch_draft_save(
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
        current = pages.pitch_get(workspace=self.workspace, public_id=row.public_id)
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
        verdict = services.pitch_check(pitch=pitch, now=timezone.now())
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
        pitch = self.pitch(public_id, lock=True)
        data = self.input(PitchSendSerializer)
        now = timezone.now()
        try:
            pitch = services.pitch_send(
                pitch=pitch,
                actor=request.user,
                actor_role=self.membership.role,
                override_reason=data.get("override_reason", ""),
                send_at=data.get("send_at"),
                now=now,
            )
        except services.OutreachError as error:
            return refused(error)
        return self.sent_output(pitch)


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
        pitch = self.pitch(public_id, lock=True)
        data = self.input(PitchMarkSentSerializer)
        try:
            pitch = services.pitch_mark_sent(
                pitch=pitch,
                actor=request.user,
                actor_role=self.membership.role,
                override_reason=data.get("override_reason", ""),
                now=timezone.now(),
            )
        except services.OutreachError as error:
            return refused(error)
        return self.sent_output(pitch)


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
        with rule_errors():
            services.pitch_log_answer(
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
        with rule_errors():
            follow_up = compose.follow_up_start(pitch=pitch, actor=request.user)
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
        with rule_errors():
            services.pitch_cancel(pitch=pitch, now=timezone.now())
        return self.pitch_output(pitch)


# --- templates ---------------------------------------------------------------------------------

ARCHIVED = OpenApiParameter(
    "archived",
    type=OpenApiTypes.BOOL,
    description="`true`: the archived templates instead of the ones in use.",
)


class TemplateListView(OutreachView, generics.ListAPIView):
    serializer_class = PitchTemplateSerializer

    def get_queryset(self) -> QuerySet[PitchTemplate]:
        if schema_only(self):
            return PitchTemplate.objects.none()
        params = self.request.query_params
        query_parameters_check(params, [ARCHIVED])
        return pages.templates_list(
            workspace=self.workspace, archived=query_flag(params, "archived")
        )

    @extend_schema(
        summary="List pitch templates",
        parameters=[ARCHIVED],
        responses={200: PitchTemplateSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Add a pitch template",
        request=PitchTemplateCreateSerializer,
        responses={201: PitchTemplateSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = self.input(PitchTemplateCreateSerializer)
        with rule_errors():
            template = compose.template_create(
                workspace=self.workspace,
                actor=request.user,
                name=data["name"],
                subject=data.get("subject", ""),
                body=data["body"],
                topics=data.get("topics", ()),
            )
        template = pages.template_get(workspace=self.workspace, public_id=template.public_id)
        return self.output(PitchTemplateSerializer, template, code=status.HTTP_201_CREATED)


class TemplateDetailView(OutreachView):
    http_method_names = ["get", "patch", "delete", "head", "options"]
    serializer_class = PitchTemplateSerializer

    def template(self, public_id, *, change: bool = True) -> PitchTemplate:
        template = pages.template_get(workspace=self.workspace, public_id=public_id)
        if change and not pages.template_may_edit(template=template, membership=self.membership):
            raise PermissionDenied("A template is its creator's to change; managers change any.")
        return template

    @extend_schema(
        summary="Read a pitch template",
        responses={200: PitchTemplateSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(PitchTemplateSerializer, self.template(public_id, change=False))

    @extend_schema(
        summary="Change a pitch template",
        description="Only the fields sent change; `topics` replaces the list. Pitches written "
        "from it keep their text. Its creator or a manager may change it.",
        request=PitchTemplateUpdateSerializer,
        responses={200: PitchTemplateSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request: Request, slug: str, public_id) -> Response:
        template = self.template(public_id)
        changes = self.input(PitchTemplateUpdateSerializer, partial=True)
        topics = changes.get("topics")
        if topics is None:
            topics = [topic.name for topic in template.topics.all()]
        with rule_errors():
            compose.template_update(
                template=template,
                name=changes.get("name", template.name),
                subject=changes.get("subject", template.subject),
                body=changes.get("body", template.body),
                topics=topics,
            )
        template = pages.template_get(workspace=self.workspace, public_id=public_id)
        return self.output(PitchTemplateSerializer, template)

    @extend_schema(
        summary="Archive a pitch template",
        description="Templates are archived, not deleted: pitches written from it still name "
        "it. It leaves the list (see `archived`). Its creator or a manager may archive it.",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request: Request, slug: str, public_id) -> Response:
        template = self.template(public_id)
        compose.template_archive(template=template, archived=True)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- contact policy ----------------------------------------------------------------------------


def policy_data(policy: WorkspacePolicy) -> dict:
    names = (*POLICY_FIELDS, "keep_in_touch_days_by_stage")
    return {name: getattr(policy, name) for name in names}


class ContactPolicyView(OutreachView):
    http_method_names = ["get", "put", "patch", "head", "options"]
    serializer_class = ContactPolicySerializer
    write_role = Role.ADMIN

    @extend_schema(
        summary="Read the workspace's contact policy",
        description="The defaults the guard applies to everyone without an override of their "
        "own: Rapport's built-in values where the workspace set none.",
        responses={200: ContactPolicySerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str) -> Response:
        policy = workspace_policy(workspace=self.workspace)
        return self.output(ContactPolicySerializer, policy_data(policy))

    @extend_schema(
        summary="Set the workspace's contact policy",
        description="Admins only. Every value is given; null puts it back to Rapport's "
        "default. Quiet hours change as a pair (the same start and end: none).",
        request=ContactPolicyInputSerializer,
        responses={200: ContactPolicySerializer, **error_responses(*WRITE_ERRORS)},
    )
    def put(self, request: Request, slug: str) -> Response:
        return self._save(partial=False)

    @extend_schema(
        summary="Change some of the workspace's contact policy",
        description="Admins only. Only the values sent change; null puts one back to "
        "Rapport's default. Quiet hours change as a pair.",
        request=ContactPolicyInputSerializer,
        responses={200: ContactPolicySerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request: Request, slug: str) -> Response:
        return self._save(partial=True)

    def _save(self, *, partial: bool) -> Response:
        values = self.input(ContactPolicyInputSerializer, partial=partial)
        if "keep_in_touch_days_by_stage" in values:
            values["keep_in_touch_days_by_stage"] = dict(values["keep_in_touch_days_by_stage"])
        with rule_errors():
            policy = contact_policy_save(workspace=self.workspace, values=values)
        return self.output(ContactPolicySerializer, policy_data(policy))


def override_values(row: ContactPolicy | None) -> dict | None:
    if row is None:
        return None
    return {name: getattr(row, name) for name in POLICY_FIELDS}


class PolicyOverrideListView(OutreachView, generics.ListAPIView):
    serializer_class = PolicyOverrideRowSerializer

    def get_queryset(self) -> QuerySet[ContactPolicy]:
        if schema_only(self):
            return ContactPolicy.objects.none()
        return policy_overrides(workspace=self.workspace)

    @extend_schema(
        summary="List per-influencer policy overrides",
        description="The people contacted under rules of their own, by name.",
        responses={
            200: PolicyOverrideRowSerializer(many=True),
            **error_responses(*READ_ERRORS),
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class PolicyOverrideView(OutreachView):
    http_method_names = ["get", "put", "delete", "head", "options"]
    serializer_class = PolicyOverrideSerializer
    write_role = Role.ADMIN

    def influencer(self, public_id) -> Influencer:
        return get_object_or_404(
            Influencer.objects.select_related("workspace"),
            workspace=self.workspace,
            public_id=public_id,
            erased_at__isnull=True,
        )

    def _output(self, influencer: Influencer) -> Response:
        row = policy_override_get(influencer=influencer)
        data = {
            "influencer": influencer,
            "override": override_values(row),
            "effective": influencer_policy_effective(influencer=influencer),
        }
        return self.output(PolicyOverrideSerializer, data)

    @extend_schema(
        summary="Read one person's contact policy",
        description="What is set for them (null: inherited from the workspace) and what the "
        "guard applies to them.",
        responses={200: PolicyOverrideSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self._output(self.influencer(public_id))

    @extend_schema(
        summary="Set one person's contact policy",
        description="Admins only. Every value is given; null inherits the workspace's. An "
        "override that sets nothing is removed.",
        request=PolicyOverrideInputSerializer,
        responses={200: PolicyOverrideSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def put(self, request: Request, slug: str, public_id) -> Response:
        influencer = self.influencer(public_id)
        values = self.input(PolicyOverrideInputSerializer)
        with rule_errors():
            contact_policy_override_save(influencer=influencer, values=values)
        return self._output(influencer)

    @extend_schema(
        summary="Remove one person's override",
        description="Admins only. They go back to the workspace's policy.",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request: Request, slug: str, public_id) -> Response:
        influencer = self.influencer(public_id)
        contact_policy_override_clear(influencer=influencer)
        return Response(status=status.HTTP_204_NO_CONTENT)
