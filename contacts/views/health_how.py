"""How health is computed: the weights, rules, bands and reasons, read from the same table as
the computation (contacts.health.explain), so the page cannot drift from the code.

Everyone in the workspace reads it: the health shown on lists, profiles and the dashboard is
only trusted when anyone can see how it was reached.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from contacts.health.explain import page_context
from irm.access import workspace_view
from irm.models import Role


@require_GET
@workspace_view(read=Role.VIEWER)
def health_how(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/health_how.html", page_context())
