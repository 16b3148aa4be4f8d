"""Who may use the outreach API (see tests/access.py).

Anonymous requests get 401, outsiders 404, roles too low 403, all before the (empty) input is
read. The pitch and the template are the acting person's (the admin's for anyone outside
"acme"); the pitch is a draft to someone who opened no channel and has no address, so sending
it, marking an email pitch sent or following up a draft is a 400; cancelling needs no input.
Viewers may ask the guard (`check`). The contact policy is read by everyone and written by
admins; a PUT with no input misses every value (400).
"""

from outreach.services.drafts import pitch_create
from outreach.services.library import template_create
from tests.access import api_route
from tests.factories import InfluencerFactory

NAMESPACE = "api:outreach-api:"

ROUTES = {
    f"{NAMESPACE}pitch-list": {
        "GET": api_route(needs="viewer", allowed=200),
        "POST": api_route(needs="member", allowed=400),
    },
    f"{NAMESPACE}pitch-detail": {
        "GET": api_route(needs="viewer", allowed=200),
        "PATCH": api_route(needs="member", allowed=200),
    },
    f"{NAMESPACE}pitch-check": {"POST": api_route(needs="viewer", allowed=200)},
    f"{NAMESPACE}pitch-send": {"POST": api_route(needs="member", allowed=400)},
    f"{NAMESPACE}pitch-mark-sent": {"POST": api_route(needs="member", allowed=400)},
    f"{NAMESPACE}pitch-answer": {"POST": api_route(needs="member", allowed=400)},
    f"{NAMESPACE}pitch-cancel": {"POST": api_route(needs="member", allowed=200)},
    f"{NAMESPACE}pitch-follow-up": {"POST": api_route(needs="member", allowed=400)},
    f"{NAMESPACE}template-list": {
        "GET": api_route(needs="viewer", allowed=200),
        "POST": api_route(needs="member", allowed=400),
    },
    f"{NAMESPACE}template-detail": {
        "GET": api_route(needs="viewer", allowed=200),
        "PATCH": api_route(needs="member", allowed=200),
        "DELETE": api_route(needs="member", allowed=204),
    },
    f"{NAMESPACE}contact-policy": {
        "GET": api_route(needs="viewer", allowed=200),
        "PUT": api_route(needs="admin", allowed=400),
        "PATCH": api_route(needs="admin", allowed=200),
    },
    f"{NAMESPACE}policy-override-list": {"GET": api_route(needs="viewer", allowed=200)},
    f"{NAMESPACE}policy-override": {
        "GET": api_route(needs="viewer", allowed=200),
        "PUT": api_route(needs="admin", allowed=400),
        "DELETE": api_route(needs="admin", allowed=204),
    },
}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    workspace = personas.workspace
    kwargs = {"slug": workspace.slug}
    route = name.removeprefix(NAMESPACE)
    is_member = (
        acting_user is not None and acting_user.memberships.filter(workspace=workspace).exists()
    )
    author = acting_user if is_member else personas.admin
    if route.startswith("pitch-") and route != "pitch-list":
        influencer = InfluencerFactory(workspace=workspace, name="Ana Bakes")
        pitch = pitch_create(
            influencer=influencer, author=author, channel="email", body="Hello Ana"
        )
        kwargs["public_id"] = pitch.public_id
    elif route == "template-detail":
        template = template_create(
            workspace=workspace, actor=author, name="Launch", subject="", body="Hi {first_name}"
        )
        kwargs["public_id"] = template.public_id
    elif route == "policy-override":
        influencer = InfluencerFactory(workspace=workspace, name="Ana Bakes")
        kwargs["public_id"] = influencer.public_id
    return kwargs
