"""Who may use the contacts API (see tests/access.py).

Anonymous requests get 401, outsiders 404, roles too low 403, all before the (empty) input is
read. With empty input, a PATCH changes nothing (200) and a POST or PUT misses its required
fields (400). Deleting (erasing) an influencer needs an admin; archiving one needs a manager, and
so does renaming or deleting a named list someone else made (the list here was made by the
admin).
"""

from contacts.services.channels import channel_permission_set
from contacts.services.lists import influencer_list_add, influencer_list_create
from contacts.services.profiles import rate_card_save, social_account_save
from tests.access import api_route, guarded, record_ownership
from tests.factories import InfluencerFactory

NAMESPACE = "api:contacts-api:"

ROUTES = {
    f"{NAMESPACE}influencer-list": {
        "GET": api_route(needs="viewer", allowed=200),
        "POST": api_route(needs="member", allowed=400),
    },
    f"{NAMESPACE}influencer-detail": {
        "GET": api_route(needs="viewer", allowed=200),
        "PATCH": api_route(needs="member", allowed=200),
        # Deleting is erasing: an admin's act.
        "DELETE": api_route(needs="admin", allowed=204),
    },
    f"{NAMESPACE}influencer-erase": {
        "GET": api_route(needs="admin", allowed=200),
        "POST": api_route(needs="admin", allowed=200),
    },
    f"{NAMESPACE}influencer-archive": {
        "POST": api_route(needs="manager", allowed=200),
        "DELETE": api_route(needs="manager", allowed=200),
    },
    f"{NAMESPACE}social-account-list": {
        "GET": api_route(needs="viewer", allowed=200),
        "POST": api_route(needs="member", allowed=400),
    },
    f"{NAMESPACE}social-account-detail": {
        "GET": api_route(needs="viewer", allowed=200),
        "PATCH": api_route(needs="member", allowed=200),
        "DELETE": api_route(needs="member", allowed=204),
    },
    f"{NAMESPACE}channel-list": {"GET": api_route(needs="viewer", allowed=200)},
    f"{NAMESPACE}channel-detail": {
        "GET": api_route(needs="viewer", allowed=200),
        "PUT": api_route(needs="member", allowed=400),
    },
    f"{NAMESPACE}rate-list": {
        "GET": api_route(needs="viewer", allowed=200),
        "POST": api_route(needs="member", allowed=400),
    },
    f"{NAMESPACE}rate-detail": {
        "GET": api_route(needs="viewer", allowed=200),
        "PATCH": api_route(needs="member", allowed=200),
        "DELETE": api_route(needs="member", allowed=204),
    },
    f"{NAMESPACE}interaction-list": {
        "GET": api_route(needs="viewer", allowed=200),
        "POST": api_route(needs="member", allowed=400),
    },
    f"{NAMESPACE}commitment-list": {"GET": api_route(needs="viewer", allowed=200)},
    f"{NAMESPACE}list-list": {
        "GET": api_route(needs="viewer", allowed=200),
        "POST": api_route(needs="member", allowed=400),
    },
    f"{NAMESPACE}list-detail": {
        "GET": api_route(needs="viewer", allowed=200),
        "PATCH": api_route(needs="manager", allowed=200),
        "DELETE": api_route(needs="manager", allowed=204),
    },
    f"{NAMESPACE}list-entries": {"POST": api_route(needs="member", allowed=400)},
    f"{NAMESPACE}list-entry": {"DELETE": api_route(needs="member", allowed=204)},
}

# The endpoints that change the profile: a member only on their own, their team's or nobody's
# (logging on the timeline is anyone's who writes).
GUARDED = {
    f"{NAMESPACE}influencer-detail": guarded("influencer", "PATCH"),
    f"{NAMESPACE}social-account-list": guarded("influencer", "POST"),
    f"{NAMESPACE}social-account-detail": guarded("influencer", "PATCH", "DELETE"),
    f"{NAMESPACE}channel-detail": guarded("influencer", "PUT"),
    f"{NAMESPACE}rate-list": guarded("influencer", "POST"),
    f"{NAMESPACE}rate-detail": guarded("influencer", "PATCH", "DELETE"),
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    workspace = personas.workspace
    kwargs = {"slug": workspace.slug}
    route = name.removeprefix(NAMESPACE)
    if route.startswith(("influencer-", "social-account-", "channel-", "rate-", "interaction-")):
        influencer = InfluencerFactory(
            workspace=workspace, name="Ana Bakes", **record_ownership(personas)
        )
        kwargs["public_id"] = influencer.public_id
        if route == "influencer-list":
            del kwargs["public_id"]
        elif route == "social-account-detail":
            account = social_account_save(influencer=influencer, platform="instagram", handle="ana")
            kwargs["account_id"] = account.public_id
        elif route == "channel-detail":
            channel_permission_set(
                influencer=influencer,
                channel="email",
                is_open=True,
                evidence="They emailed us first",
                actor=personas.admin,
            )
            kwargs["channel"] = "email"
        elif route == "rate-detail":
            rate = rate_card_save(
                influencer=influencer, deliverable_type="instagram_post", amount=500
            )
            kwargs["rate_id"] = rate.public_id
    elif route.startswith("list-") and route != "list-list":
        shortlist = influencer_list_create(
            workspace=workspace, name="Spring launch shortlist", actor=personas.admin
        )
        kwargs["public_id"] = shortlist.public_id
        if route == "list-entry":
            influencer = InfluencerFactory(workspace=workspace, name="Ana Bakes")
            influencer_list_add(
                influencer_list=shortlist,
                influencer_ids=[influencer.public_id],
                actor=personas.admin,
            )
            kwargs["influencer_id"] = influencer.public_id
    return kwargs
