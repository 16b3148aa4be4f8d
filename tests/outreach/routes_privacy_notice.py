"""Who may prepare the privacy notice (see tests/access.py): whoever may write a pitch. It
needs no input, so those allowed are sent to the composer (302)."""

from tests.access import workspace_route
from tests.factories import InfluencerFactory

ROUTES = {
    "outreach:privacy-notice": {"POST": workspace_route(needs="member", allowed=302)},
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    influencer = InfluencerFactory(workspace=personas.workspace)
    return {"slug": personas.workspace.slug, "public_id": influencer.public_id}
