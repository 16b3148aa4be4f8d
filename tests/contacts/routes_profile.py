"""Who may use the profile, create and edit, do-not-contact and open-channel routes (see
tests/access.py). The influencer in these checks has one account and one rate; the inline edit
route is checked with the identity section, whose empty form is a 400 (the name is required)."""

from decimal import Decimal

from contacts.services.profiles import influencer_create, rate_card_save
from tests.access import guarded, record_ownership, workspace_route

ROUTES = {
    "contacts:influencer-detail": {"GET": workspace_route(needs="viewer", allowed=200)},
    "contacts:influencer-section": {"GET": workspace_route(needs="viewer", allowed=200)},
    "contacts:influencer-create": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    # The check answers what is wrong so far with a 200: it saves nothing.
    "contacts:influencer-check": {"POST": workspace_route(needs="member", allowed=200)},
    "contacts:influencer-edit": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "contacts:influencer-account-delete": {"POST": workspace_route(needs="member", allowed=302)},
    "contacts:influencer-rate-delete": {"POST": workspace_route(needs="member", allowed=302)},
    "contacts:influencer-channel": {"POST": workspace_route(needs="member", allowed=400)},
    "contacts:influencer-do-not-contact": {"POST": workspace_route(needs="member", allowed=400)},
    # Only an admin lifts a do-not-contact (nothing to clear still redirects).
    "contacts:influencer-do-not-contact-clear": {
        "POST": workspace_route(needs="admin", allowed=302)
    },
    # Erasure is an admin's act: the confirmation page, and a POST without the box ticked
    # comes back with its error. Archiving and restoring are a manager's (they redirect).
    "contacts:influencer-erase": {
        "GET": workspace_route(needs="admin", allowed=200),
        "POST": workspace_route(needs="admin", allowed=400),
    },
    "contacts:influencer-archive": {"POST": workspace_route(needs="manager", allowed=302)},
    "contacts:influencer-restore": {"POST": workspace_route(needs="manager", allowed=302)},
}

# The routes that change the profile: a member only on their own, their team's or nobody's.
GUARDED = {
    "contacts:influencer-edit": guarded("influencer", "GET", "POST"),
    "contacts:influencer-account-delete": guarded("influencer", "POST"),
    "contacts:influencer-rate-delete": guarded("influencer", "POST"),
    "contacts:influencer-channel": guarded("influencer", "POST"),
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    workspace = personas.workspace
    kwargs = {"slug": workspace.slug}
    if name in {"contacts:influencer-create", "contacts:influencer-check"}:
        return kwargs
    influencer = influencer_create(
        workspace=workspace,
        actor=personas.admin,
        name="Ana Bakes",
        emails=["ana@example.test"],
        accounts=[{"platform": "instagram", "handle": "ana.bakes", "followers": 12_000}],
        **record_ownership(personas),
    )
    kwargs["public_id"] = influencer.public_id
    if name in {"contacts:influencer-section", "contacts:influencer-edit"}:
        kwargs["section"] = "identity"
    elif name == "contacts:influencer-account-delete":
        kwargs["account_id"] = influencer.social_accounts.get().public_id
    elif name == "contacts:influencer-rate-delete":
        rate = rate_card_save(
            influencer=influencer, deliverable_type="instagram_post", amount=Decimal(400)
        )
        kwargs["rate_id"] = rate.public_id
    return kwargs
