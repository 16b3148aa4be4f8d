"""Who may override an influencer's health band from the profile (see tests/access.py): a
manager or an admin. An empty override form is a 400 (the last day is required); clearing
without an override still redirects to the profile."""

from contacts.services.profiles import influencer_create
from tests.access import workspace_route

ROUTES = {
    "contacts:influencer-health-override": {"POST": workspace_route(needs="manager", allowed=400)},
    "contacts:influencer-health-override-clear": {
        "POST": workspace_route(needs="manager", allowed=302)
    },
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    influencer = influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Ana Bakes"
    )
    return {"slug": personas.workspace.slug, "public_id": influencer.public_id}
