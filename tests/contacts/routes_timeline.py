"""Who may use the timeline and Activity routes (see tests/access.py).

Edit and delete are for an entry's author: the matrix acts on an entry the acting person wrote
(tests/contacts/test_timeline_edit.py covers someone else's entry: 403).
"""

from contacts.services.profiles import influencer_create
from contacts.services.timeline import interaction_record
from tests.access import workspace_route

ROUTES = {
    "contacts:timeline": {"GET": workspace_route(needs="viewer", allowed=200)},
    # Empty input: no summary, no date.
    "contacts:timeline-log": {"POST": workspace_route(needs="member", allowed=400)},
    "contacts:interaction-edit": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "contacts:interaction-delete": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=302),
    },
    "contacts:activity": {"GET": workspace_route(needs="viewer", allowed=200)},
}


def _is_member(personas, user) -> bool:
    return user is not None and user.memberships.filter(workspace=personas.workspace).exists()


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    workspace = personas.workspace
    kwargs = {"slug": workspace.slug}
    if name == "contacts:activity":
        return kwargs
    influencer = influencer_create(workspace=workspace, actor=personas.admin, name="Ada Stone")
    if name in {"contacts:timeline", "contacts:timeline-log"}:
        kwargs["public_id"] = influencer.public_id
    else:
        author = acting_user if _is_member(personas, acting_user) else personas.admin
        entry = interaction_record(
            influencer=influencer, kind="note", direction="internal", summary="Met at a fair",
            author=author,
        )  # fmt: skip
        kwargs["public_id"] = entry.public_id
    return kwargs
