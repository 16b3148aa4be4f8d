"""The relationship timeline of one influencer, the quick-log composer, the Activity page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from contacts import selectors
from irm.access import workspace_view
from irm.models import Role


@require_GET
@workspace_view(read=Role.VIEWER)
def timeline(request: HttpRequest, public_id) -> HttpResponse:
    influencer = selectors.influencer_get(workspace=request.workspace, public_id=public_id)
    entries, cursor = selectors.timeline_page(influencer=influencer)
    context = {"influencer": influencer, "entries": entries, "cursor": cursor}
    template = "contacts/timeline.html#timeline" if request.htmx else "contacts/timeline.html"
    return render(request, template, context)
