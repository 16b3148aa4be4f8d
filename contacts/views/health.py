"""A manager's override of an influencer's health band, set and cleared from the profile's
health panel (`contacts/_profile_health.html`).

With htmx the panel is swapped in place (the form with its errors and input, or the panel with
the new band); without JavaScript a success redirects to the profile and an error shows the
whole profile with the form open.
"""

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from contacts.forms.profile import HealthOverrideForm
from contacts.models import HealthBand
from contacts.services.health_overrides import health_override_clear, health_override_set
from contacts.views.profile import (
    profile_context,
    profile_load,
    profile_url,
    rule_broken_onto,
)
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role


def _panel(request: HttpRequest, public_id, now: datetime, status: int = 200, **extra):
    """The health panel alone (htmx), or the whole profile around it."""
    influencer = profile_load(request, public_id, now)
    context = profile_context(request, influencer, now, **extra)
    template = "contacts/_profile_health.html" if request.htmx else "contacts/profile.html"
    return render(request, template, context, status=status)


def _done(request: HttpRequest, public_id, now: datetime, note: str) -> HttpResponse:
    if not request.htmx:
        messages.success(request, note)
        influencer = profile_load(request, public_id, now)
        return redirect(profile_url(request, influencer, "health"))
    return _panel(request, public_id, now, health_note=note)


@require_POST
@workspace_view(write=Role.MANAGER)
def influencer_health_override(request: HttpRequest, public_id) -> HttpResponse:
    """Show a chosen band instead of the computed one, with a reason, until a day."""
    now = timezone.now()
    influencer = profile_load(request, public_id, now)
    form = HealthOverrideForm(request.POST, prefix="override")
    if form.is_valid():
        data = form.cleaned_data
        try:
            health_override_set(influencer=influencer, actor=request.user, now=now, **data)
        except RuleError as error:
            rule_broken_onto(form, error)
        else:
            band = HealthBand(data["band"]).label
            note = f"Shown as {band} until {data['until']:%-d %b %Y} (included)."
            return _done(request, public_id, now, note)
    return _panel(request, public_id, now, status=400, override_form=form)


@require_POST
@workspace_view(write=Role.MANAGER)
def influencer_health_override_clear(request: HttpRequest, public_id) -> HttpResponse:
    """Back to the computed band."""
    now = timezone.now()
    influencer = profile_load(request, public_id, now)
    health_override_clear(influencer=influencer, actor=request.user, now=now)
    return _done(request, public_id, now, "Override cleared: the computed band applies.")
