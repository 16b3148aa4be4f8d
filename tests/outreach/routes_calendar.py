"""Who may use the calendar feed (see tests/access.py).

The feed itself is not a workspace's route: calendar apps cannot sign in, so the secret in the
address is the only credential and a made-up one is a 404 to everyone, signed in or not
(tests/outreach/test_calendar_feed.py covers a real one). The page where a person makes or
turns off their link is everyone's in the workspace, viewers too, since each person manages
only their own: an empty POST says neither "create" nor "revoke" (400)."""

from tests.access import everyone, workspace_route

ROUTES = {
    "calendar:feed": {"GET": everyone(404)},
    "outreach:calendar-feed": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="viewer", allowed=400),
    },
}

MADE_UP_SECRET = "not-a-real-calendar-secret"


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    if name == "calendar:feed":
        return {"secret": MADE_UP_SECRET}
    return {"slug": personas.workspace.slug}
