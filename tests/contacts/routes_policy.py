"""Who may use the contact policy pages (see tests/access.py).

Everyone in the workspace reads them; only admins change them, and an empty POST from an admin
misses the required values (400). On a person's page an empty POST clears every value, which
is valid: their override goes and the page redirects (302)."""

from tests.access import workspace_route
from tests.factories import InfluencerFactory

ROUTES = {
    "contacts:policy": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="admin", allowed=400),
    },
    "contacts:policy-override": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="admin", allowed=302),
    },
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    kwargs = {"slug": personas.workspace.slug}
    if name == "contacts:policy-override":
        influencer = InfluencerFactory(workspace=personas.workspace, name="Ana Bakes")
        kwargs["public_id"] = influencer.public_id
    return kwargs
