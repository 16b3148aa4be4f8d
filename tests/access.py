"""Building blocks for the access matrix (tests/irm/test_access_matrix.py).

Each area declares its routes in a module named `routes_*.py` under tests/ with:
    ROUTES = {"app:url-name": {"GET": workspace_route(needs="viewer", allowed=200), ...}}
    def url_kwargs(name, personas, acting_user) -> dict | None
        (kwargs to reverse the route with objects of the personas' workspace "acme",
         or None when the route is not this module's)
    GUARDED = {"app:url-name": guarded("influencer", "POST"), ...}  (optional)
        (the routes that change an influencer's profile or a campaign: see record_ownership)
Expected statuses are per persona: anonymous, outsider, viewer, member, manager, admin.
POSTs send no input: a role that may not act gets 403 before its (empty) input is validated.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from irm.models import Team

PERSONAS = ("anonymous", "outsider", "viewer", "member", "manager", "admin")
ROLES_IN_ORDER = ("viewer", "member", "manager", "admin")


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def signed_in(status: int, anonymous: int = 302) -> dict[str, int]:
    return {**everyone(status), "anonymous": anonymous}


def workspace_route(*, needs: str, allowed: int, anonymous: int = 302) -> dict[str, int]:
    """Anonymous people are sent to sign in (pages) or get 401 (API), outsiders see 404,
    roles below `needs` get 403, the others `allowed`."""
    rank = ROLES_IN_ORDER.index(needs)
    expected = {"anonymous": anonymous, "outsider": 404}
    for index, role in enumerate(ROLES_IN_ORDER):
        expected[role] = allowed if index >= rank else 403
    return expected


def api_route(*, needs: str, allowed: int) -> dict[str, int]:
    return workspace_route(needs=needs, allowed=allowed, anonymous=401)


# --- the team dimension: whose record a route acts on -------------------------------------------
#
# The routes' modules give each influencer and campaign they make the owner and team of
# `record_ownership`. The whole matrix runs with records of the member's team ("PR"), so a
# member may act; test_access_matrix's team test runs each route named in a module's GUARDED
# again as the member, on a record of another team and on one nobody owns.

OWN_TEAM = "own team"
OTHER_TEAM = "other team"
NOBODY = "nobody"
_ownership = ContextVar("record_ownership", default=OWN_TEAM)


@contextmanager
def records_owned_by(ownership: str):
    token = _ownership.set(ownership)
    try:
        yield
    finally:
        _ownership.reset(token)


def team_of(personas, name: str, *members) -> Team:
    team, _ = Team.objects.get_or_create(workspace=personas.workspace, name=name)
    team.members.add(*(personas.membership(user) for user in members))
    return team


def record_ownership(personas) -> dict:
    """owner and team for a new influencer or campaign: the member's team (someone else owns
    it), another team (the manager owns it), or nobody."""
    ownership = _ownership.get()
    if ownership == NOBODY:
        return {"owner": None, "team": None}
    if ownership == OTHER_TEAM:
        return {"owner": personas.manager, "team": team_of(personas, "Digital marketing")}
    return {"owner": personas.admin, "team": team_of(personas, "PR", personas.member)}


def guarded(record: str, *methods: str) -> tuple[str, tuple[str, ...]]:
    """A GUARDED entry: the route changes an "influencer" or a "campaign" with these methods."""
    return record, methods
