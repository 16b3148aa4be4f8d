"""The workspace home: the account managers' dashboard of relationship health, with a short
greeting, the workspace's facts and the system's status beside it.

Routed as "contacts:home" (contacts/urls.py), so every link to a workspace's home lands here.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from contacts.charts import band_trend_rows
from contacts.selectors.dashboard import dashboard_get
from contacts.selectors.dashboard_scope import NO_ONE, dashboard_scope
from irm import selectors as irm_selectors
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.views.workspace import LAST_WORKSPACE_KEY


@require_GET
@workspace_view(read=Role.VIEWER, menus=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Filters by team and owner come from the query string; an unknown id keeps the other
    filter, says what is wrong next to its field and answers 400."""
    workspace = request.workspace
    # Written only when it changes: an unchanged session costs no write per visit.
    if request.session.get(LAST_WORKSPACE_KEY) != workspace.slug:
        request.session[LAST_WORKSPACE_KEY] = workspace.slug
    now = timezone.now()
    asked = {name: request.GET.get(name, "").strip() for name in ("team", "owner")}
    errors = {}
    scope = None
    while scope is None:
        try:
            scope = dashboard_scope(
                workspace=workspace,
                teams=request.menu_teams,
                members=request.menu_members,
                **asked,
            )
        except RuleError as error:
            errors[error.field] = error.message
            asked[error.field] = ""
    board = dashboard_get(scope=scope, now=now)
    context = {
        "dashboard": board,
        "trend_rows": band_trend_rows([(row.day, row.in_order()) for row in board.trend]),
        "asked": asked,
        "errors": errors,
        "no_one": NO_ONE,
        "filter_query": scope.as_query(),
        "teams": request.menu_teams,
        "members": request.menu_members,
        "now": now,
        "health": irm_selectors.system_health_get(now=now, database_answered=True),
    }
    template = "contacts/dashboard.html"
    if request.htmx:
        template += "#dashboard-body"
    return render(request, template, context, status=400 if errors else 200)
