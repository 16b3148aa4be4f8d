"""Reads for the outreach API that the pages do not need: every pitch of a workspace as a
list, with what its JSON shows loaded in a fixed number of queries. One pitch, templates and
who may change them come from outreach.pages, so the API and the pages agree."""

from django.db.models import QuerySet

from irm.models import Workspace
from outreach.models import Pitch


def pitch_rows(*, workspace: Workspace) -> QuerySet[Pitch]:
    """The workspace's pitches, newest first, with their person, author, template, outbox row,
    topics and attachments: the same number of queries for 3 pitches or 300. Pitches to people
    whose data was erased are not shown (as on the pages)."""
    return (
        Pitch.objects.filter(workspace=workspace, influencer__erased_at__isnull=True)
        .select_related(
            "influencer", "author", "template", "outbox_email", "follow_up_of", "overridden_by"
        )
        .prefetch_related("topics", "declined_topics", "attachments")
        .order_by("-created_at", "-pk")
    )
