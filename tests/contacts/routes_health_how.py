"""Who may read "How health is computed" (see tests/access.py): everyone in the workspace."""

from tests.access import workspace_route

ROUTES = {
    "contacts:health-how": {"GET": workspace_route(needs="viewer", allowed=200)},
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    return {"slug": personas.workspace.slug}
