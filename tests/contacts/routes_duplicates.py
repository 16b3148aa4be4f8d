"""Who may use the duplicates and merge routes (see tests/access.py).

The merge page without a pair redirects to the duplicates page; an empty merge POST is a 400
for managers and admins, a 403 for anyone below."""

from tests.access import workspace_route

ROUTES = {
    "contacts:duplicates": {"GET": workspace_route(needs="viewer", allowed=200)},
    "contacts:merge": {
        "GET": workspace_route(needs="viewer", allowed=302),
        "POST": workspace_route(needs="manager", allowed=400),
    },
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    return {"slug": personas.workspace.slug}
