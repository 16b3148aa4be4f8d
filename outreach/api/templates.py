"""The pitch templates API (outreach.api.templates), under /api/v1/w/<slug>/templates/: members
write templates, a template is its creator's to change (managers change any); archived ones
leave the composer's picker. Written by outreach.services.library, as on the pages."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from irm.api import (
    error_responses,
    query_flag,
    query_parameters_check,
)
from outreach.api.base import READ_ERRORS, WRITE_ERRORS, OutreachView, schema_only
from outreach.api.serializers import (
    PitchTemplateCreateSerializer,
    PitchTemplateSerializer,
    PitchTemplateUpdateSerializer,
)
from outreach.models import PitchTemplate
from outreach.selectors.library import template_get, template_may_edit, templates_list
from outreach.services.library import template_archive, template_create, template_update

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
        return templates_list(workspace=self.workspace, archived=query_flag(params, "archived"))

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
        template = template_create(
            workspace=self.workspace,
            actor=request.user,
            name=data["name"],
            subject=data.get("subject", ""),
            body=data["body"],
            topics=data.get("topics", ()),
        )
        template = template_get(workspace=self.workspace, public_id=template.public_id)
        return self.output(PitchTemplateSerializer, template, code=status.HTTP_201_CREATED)


class TemplateDetailView(OutreachView):
    http_method_names = ["get", "patch", "delete", "head", "options"]
    serializer_class = PitchTemplateSerializer

    def template(self, public_id, *, change: bool = True) -> PitchTemplate:
        template = template_get(workspace=self.workspace, public_id=public_id)
        if change and not template_may_edit(template=template, membership=self.membership):
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
        template_update(
            template=template,
            name=changes.get("name", template.name),
            subject=changes.get("subject", template.subject),
            body=changes.get("body", template.body),
            topics=topics,
        )
        template = template_get(workspace=self.workspace, public_id=public_id)
        return self.output(PitchTemplateSerializer, template)

    @extend_schema(
        summary="Archive a pitch template",
        description="Templates are archived, not deleted: pitches written from it still name "
        "it. It leaves the list (see `archived`). Its creator or a manager may archive it.",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request: Request, slug: str, public_id) -> Response:
        template = self.template(public_id)
        template_archive(template=template, archived=True)
        return Response(status=status.HTTP_204_NO_CONTENT)
