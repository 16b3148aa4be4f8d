"""Who may read the dashboard's data (see tests/access.py). The page itself is the workspace
home, "contacts:home", declared in tests/irm/test_access_matrix.py: viewers and up read
both."""

from tests.access import api_route

ROUTES = {
    "api:contacts-api:dashboard": {"GET": api_route(needs="viewer", allowed=200)},
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    return {"slug": personas.workspace.slug}
