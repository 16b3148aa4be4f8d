"""Who may use the timeline and Activity routes (see tests/access.py)."""

from contacts.services import influencer_create
from tests.access import workspace_route

ROUTES = {
    "contacts:timeline": {"GET": workspace_route(needs="viewer", allowed=200)},
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    workspace = personas.workspace
    kwargs = {"slug": workspace.slug}
    if name == "contacts:timeline":
        influencer = influencer_create(workspace=workspace, actor=personas.admin, name="Ada Stone")
        kwargs["public_id"] = influencer.public_id
    return kwargs
