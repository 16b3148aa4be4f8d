"""Who may use the influencer list, bulk actions, export and named lists routes (see
tests/access.py). A named list in these checks was made by the admin, so a member (not its
creator) may not rename or delete it; a manager may."""

from contacts.services.lists import influencer_list_create
from tests.access import workspace_route

ROUTES = {
    "contacts:influencer-list": {"GET": workspace_route(needs="viewer", allowed=200)},
    # No action chosen: 400 for those who may act.
    "contacts:influencer-bulk": {"POST": workspace_route(needs="member", allowed=400)},
    # The workspace's list as CSV (audited) is for managers and admins.
    "contacts:influencer-export": {"GET": workspace_route(needs="manager", allowed=200)},
    "contacts:lists": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "contacts:list-edit": {
        "GET": workspace_route(needs="manager", allowed=200),
        "POST": workspace_route(needs="manager", allowed=400),
    },
    "contacts:list-delete": {"POST": workspace_route(needs="manager", allowed=302)},
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    workspace = personas.workspace
    kwargs = {"slug": workspace.slug}
    if name in {"contacts:list-edit", "contacts:list-delete"}:
        shortlist = influencer_list_create(
            workspace=workspace, name="Spring launch shortlist", actor=personas.admin
        )
        kwargs["public_id"] = shortlist.public_id
    return kwargs
