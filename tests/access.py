"""Building blocks for the access matrix (tests/irm/test_access_matrix.py).

Each area declares its routes in a module named `routes_*.py` under tests/ with:
    ROUTES = {"app:url-name": {"GET": workspace_route(needs="viewer", allowed=200), ...}}
    def url_kwargs(name, personas, acting_user) -> dict | None
        (kwargs to reverse the route with objects of the personas' workspace "acme",
         or None when the route is not this module's)
Expected statuses are per persona: anonymous, outsider, viewer, member, manager, admin.
POSTs send no input: a role that may not act gets 403 before its (empty) input is validated.
"""

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
