"""Who may download everything about one person (see tests/access.py): admins only, on the
profile and in the API."""

from tests.access import api_route, workspace_route
from tests.factories import InfluencerFactory

ROUTES = {
    "contacts:influencer-person-export": {"GET": workspace_route(needs="admin", allowed=200)},
    "api:contacts-api:influencer-person-export": {"GET": api_route(needs="admin", allowed=200)},
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    influencer = InfluencerFactory(workspace=personas.workspace)
    return {"slug": personas.workspace.slug, "public_id": influencer.public_id}
