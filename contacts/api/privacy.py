"""GET /api/v1/w/<slug>/influencers/<id>/export/: everything held about one person, as the
same zip the profile's "Download everything" gives (admins only; audited)."""

import json

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request

from contacts.api.base import READ_ERRORS, InfluencerChildView
from contacts.selectors.person_export import person_export_build
from contacts.views.privacy import zip_response
from irm.api import error_responses
from irm.models import Role


class ZipRenderer(BaseRenderer):
    """Lets a client ask for `Accept: application/zip`. The zip itself is a finished
    response; an error answered to such a client is still JSON text."""

    media_type = "application/zip"
    format = "zip"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


class PersonExportView(InfluencerChildView):
    read_role = Role.ADMIN
    renderer_classes = [JSONRenderer, ZipRenderer]

    @extend_schema(
        summary="Export everything held about one influencer",
        description=(
            "A zip with person.json (every section, nested) and one CSV per section: profile, "
            "emails, accounts, metrics, rates, channels (consents and open channels), timeline, "
            "commitments, lists, health, pitches, messages, reminders, collaborations, "
            "offers, payments, deliverables, shipments, moments. Admins only; each export is "
            "audited."
        ),
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            **error_responses(403, *READ_ERRORS),
        },
    )
    def get(self, request: Request, slug: str, public_id) -> HttpResponse:
        filename, content = person_export_build(
            workspace=self.workspace,
            influencer=self.influencer,
            actor=request.user,
            now=timezone.now(),
        )
        return zip_response(filename, content)
