"""Who may use the campaign report (see tests/access.py).

Viewers read the report and download its CSV; managers create and revoke share links. An empty
POST to create one is valid (the link lasts the default 30 days), so it answers 200 with the
link shown once; a revoke needs no input (302). The shared page is outside the workspace URLs:
the secret is the only credential, and a made-up one is a 404 to everyone, signed in or not
(tests/campaigns/test_report_views.py covers a real one)."""

from datetime import timedelta

from django.utils import timezone

from campaigns.models import Campaign, ReportShareLink
from irm.services import secret_hash
from tests.access import everyone, workspace_route
from tests.factories import CampaignFactory

ROUTES = {
    "campaigns:report": {"GET": workspace_route(needs="viewer", allowed=200)},
    "campaigns:report-csv": {"GET": workspace_route(needs="viewer", allowed=200)},
    "campaigns:report-share-create": {"POST": workspace_route(needs="manager", allowed=200)},
    "campaigns:report-share-revoke": {"POST": workspace_route(needs="manager", allowed=302)},
    "report-share:report": {"GET": everyone(404)},
}

MADE_UP_SECRET = "not-a-real-report-secret"


def _campaign(personas) -> Campaign:
    return CampaignFactory(workspace=personas.workspace)


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    if name == "report-share:report":
        return {"secret": MADE_UP_SECRET}
    campaign = _campaign(personas)
    kwargs = {"slug": personas.workspace.slug, "public_id": campaign.public_id}
    if name == "campaigns:report-share-revoke":
        link = ReportShareLink.objects.create(
            campaign=campaign,
            secret_hash=secret_hash("matrix-report-secret"),
            expires_at=timezone.now() + timedelta(days=30),
        )
        kwargs["link_id"] = link.public_id
    return kwargs
