"""The privacy notice from a profile: "Prepare the privacy notice" drafts it (what we hold,
why, since when, how to object) and opens it in the composer, from where it is sent like any
pitch, through the contact guard."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from irm.access import workspace_view
from irm.models import Role
from outreach.privacy import privacy_notice_prepare
from outreach.selectors.composer import influencer_for_pitch


@require_POST
@workspace_view(write=Role.MEMBER)
def privacy_notice(request: HttpRequest, public_id) -> HttpResponse:
    influencer = influencer_for_pitch(workspace=request.workspace, public_id=public_id)
    draft = privacy_notice_prepare(influencer=influencer, author=request.user, now=timezone.now())
    messages.info(request, "The privacy notice is ready: read it, then send it.")
    url = reverse("outreach:pitch-edit", args=[request.workspace.slug, draft.public_id])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
