"""The contact policy API (outreach.api.policy), under /api/v1/w/<slug>/contact-policy/: the
workspace's defaults and each person's overrides, an admin's to change (contacts.services.policy
writes them, contacts.selectors.policy reads them; the guard reads them through contacts.facts)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

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
    error_responses,
)
from irm.models import Role
from outreach.api.base import READ_ERRORS, WRITE_ERRORS, OutreachView, schema_only
from outreach.api.serializers import (
    ContactPolicyInputSerializer,
    ContactPolicySerializer,
    PolicyOverrideInputSerializer,
    PolicyOverrideRowSerializer,
    PolicyOverrideSerializer,
)


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
