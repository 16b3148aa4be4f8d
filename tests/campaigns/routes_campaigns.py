"""Who may use the campaign list, brands, the campaign page and its board (see tests/access.py).

Anyone in the workspace reads the list, brands, a campaign and a card's invitation state; the
forms to create and edit, the shortlist search and every board action are for members and up.
POSTs carry no input, so a member gets the form back with its errors (400)."""

from campaigns.models import Campaign, Collaboration
from contacts.models import Influencer
from tests.access import guarded, record_ownership, workspace_route
from tests.factories import CampaignFactory

ROUTES = {
    "campaigns:campaign-list": {"GET": workspace_route(needs="viewer", allowed=200)},
    "campaigns:campaign-create": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "campaigns:brand-list": {"GET": workspace_route(needs="viewer", allowed=200)},
    "campaigns:brand-create": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "campaigns:brand-edit": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "campaigns:campaign-detail": {"GET": workspace_route(needs="viewer", allowed=200)},
    "campaigns:campaign-edit": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "campaigns:shortlist-search": {"GET": workspace_route(needs="member", allowed=200)},
    "campaigns:shortlist-add": {"POST": workspace_route(needs="member", allowed=302)},
    "campaigns:shortlist-list": {"POST": workspace_route(needs="member", allowed=302)},
    "campaigns:invite": {"POST": workspace_route(needs="member", allowed=302)},
    "campaigns:collaboration-move": {"POST": workspace_route(needs="member", allowed=302)},
    "campaigns:invite-state": {"GET": workspace_route(needs="viewer", allowed=200)},
}

# The routes that change the campaign: a member only on their own or their team's.
GUARDED = {
    "campaigns:campaign-edit": guarded("campaign", "GET", "POST"),
    "campaigns:shortlist-add": guarded("campaign", "POST"),
    "campaigns:shortlist-list": guarded("campaign", "POST"),
    "campaigns:invite": guarded("campaign", "POST"),
    "campaigns:collaboration-move": guarded("campaign", "POST"),
}


def _campaign(personas) -> Campaign:
    return CampaignFactory(workspace=personas.workspace, **record_ownership(personas))


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    slug = personas.workspace.slug
    if name in ("campaigns:campaign-list", "campaigns:campaign-create"):
        return {"slug": slug}
    if name in ("campaigns:brand-list", "campaigns:brand-create"):
        return {"slug": slug}
    campaign = _campaign(personas)
    if name == "campaigns:brand-edit":
        return {"slug": slug, "public_id": campaign.brand.public_id}
    kwargs = {"slug": slug, "public_id": campaign.public_id}
    if name in ("campaigns:collaboration-move", "campaigns:invite-state"):
        influencer, _ = Influencer.objects.get_or_create(
            workspace=personas.workspace, name="Matrix Person"
        )
        collaboration, _ = Collaboration.objects.get_or_create(
            workspace=personas.workspace, campaign=campaign, influencer=influencer
        )
        kwargs["collaboration_id"] = collaboration.public_id
    return kwargs
