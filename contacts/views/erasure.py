"""Erasing a person (admins, after a confirmation that lists what goes) and archiving or
restoring one (managers). The profile shows the buttons; these views do the work."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from contacts.selectors.influencers import influencer_get
from contacts.services import erasure
from contacts.views.profile import profile_url
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.views import posted


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Tick the box to confirm: erasure cannot be undone."},
    )


def _go(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
def influencer_erase(request: HttpRequest, public_id) -> HttpResponse:
    """GET lists what erasing them removes; POST (with the box ticked) erases."""
    influencer = influencer_get(workspace=request.workspace, public_id=public_id)
    form = EraseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            held = erasure.influencer_erase(
                workspace=request.workspace, influencer=influencer, actor=request.user
            )
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            removed = ", ".join(str(item) for item in held) or "their profile"
            messages.success(request, f"Erased: {removed}. They will be flagged if they return.")
            return _go(request, reverse("contacts:influencer-list", args=[request.workspace.slug]))
    context = {
        "influencer": influencer,
        "held": erasure.erasure_inventory(influencer=influencer),
        "form": form,
    }
    template = "contacts/erase.html"
    status = 400 if request.method == "POST" else 200
    return render(
        request, f"{template}#erase-form" if request.htmx else template, context, status=status
    )


@require_POST
@workspace_view(write=Role.MANAGER)
def influencer_archive(request: HttpRequest, public_id) -> HttpResponse:
    influencer = influencer_get(workspace=request.workspace, public_id=public_id)
    erasure.influencer_archive(influencer=influencer, actor=request.user)
    messages.success(
        request,
        f"{influencer.name} is archived: out of lists, the dashboard, reminders and outreach. "
        "Restore them at any time.",
    )
    return _go(request, profile_url(request, influencer))


@require_POST
@workspace_view(write=Role.MANAGER)
def influencer_restore(request: HttpRequest, public_id) -> HttpResponse:
    influencer = influencer_get(workspace=request.workspace, public_id=public_id)
    erasure.influencer_restore(influencer=influencer, actor=request.user)
    messages.success(request, f"{influencer.name} is restored.")
    return _go(request, profile_url(request, influencer))
