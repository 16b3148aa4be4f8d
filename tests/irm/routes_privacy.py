"""Who may read and change the workspace's privacy settings (see tests/access.py): everyone in
the workspace reads them, admins change them (an empty form is a 400: the purpose is needed)."""

from tests.access import workspace_route

ROUTES = {
    "irm:privacy": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="admin", allowed=400),
    },
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    return {"slug": personas.workspace.slug}
