"""Privacy pages on a profile: "Download everything about <name>" (admins), a zip with
person.json and one CSV per kind of record (contacts/selectors/person_export.py)."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from contacts.selectors.influencers import influencer_get
from contacts.selectors.person_export import person_export_build
from irm.access import workspace_view
from irm.models import Role


def zip_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never kept by a browser's or a proxy's cache.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@workspace_view(read=Role.ADMIN)
def influencer_person_export(request: HttpRequest, public_id) -> HttpResponse:
    """A plain download (a link, with or without htmx): the whole file, audited."""
    influencer = influencer_get(workspace=request.workspace, public_id=public_id)
    filename, content = person_export_build(
        workspace=request.workspace, influencer=influencer, actor=request.user, now=timezone.now()
    )
    return zip_response(filename, content)
