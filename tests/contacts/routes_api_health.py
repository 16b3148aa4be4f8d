"""Who may use an influencer's health in the API (see tests/access.py).

Everyone in the workspace reads it; only managers and admins set or clear an override. An
empty POST from a manager misses the band, reason and last day (400); clearing when there is
no override still answers with the health (200).
"""

from tests.access import api_route
from tests.factories import InfluencerFactory

NAMESPACE = "api:contacts-api:"

ROUTES = {
    f"{NAMESPACE}influencer-health": {"GET": api_route(needs="viewer", allowed=200)},
    f"{NAMESPACE}influencer-health-override": {
        "POST": api_route(needs="manager", allowed=400),
        "DELETE": api_route(needs="manager", allowed=200),
    },
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    influencer = InfluencerFactory(workspace=personas.workspace, name="Ana Bakes")
    return {"slug": personas.workspace.slug, "public_id": influencer.public_id}
