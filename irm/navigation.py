"""Which section of the main navigation a page belongs to, read from its address: a workspace
page's first segment after /w/<slug>/ names it (influencers/…, outreach/…, settings/…), so a new
page under an existing segment is highlighted without anyone listing it here."""

from django.http import HttpRequest

# First segment of a workspace address → the navigation section it sits under.
SECTION_BY_SEGMENT = {
    "": "home",
    "influencers": "influencers",
    "lists": "influencers",
    "interactions": "influencers",
    "import": "influencers",
    "duplicates": "influencers",
    "health": "influencers",
    "outreach": "outreach",
    "campaigns": "campaigns",
    "reminders": "reminders",
    "inbox": "inbox",
    "notifications": "notifications",
    "activity": "activity",
    "settings": "settings",
}


def section_of(route: str) -> str:
    """The section for a URL pattern's route, e.g. "w/<slug:slug>/influencers/<uuid:public_id>/"
    → "influencers"; outside a workspace, the first segment itself ("workspaces")."""
    segments = route.split("/")
    if segments[0] == "w" and len(segments) > 2:
        return SECTION_BY_SEGMENT.get(segments[2], "")
    return segments[0]


def nav_section(request: HttpRequest) -> dict[str, str]:
    """Template context: `nav_section`, the navigation entry to mark as the current page."""
    match = getattr(request, "resolver_match", None)
    return {"nav_section": section_of(match.route) if match else ""}
