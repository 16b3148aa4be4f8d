"""The contact guard's view of an outbound contact logged by hand on the timeline (registered
with contacts.respect when the app is ready)."""

from datetime import datetime

from contacts.models import Influencer
from outreach.guard import Severity
from outreach.selectors.guard import pitch_verdict


def assess(*, influencer: Influencer, channel: str, at: datetime) -> list[str]:
    """The rules a contact on `channel` at `at` broke (blocks and holds), for the record."""
    if not channel:
        return []
    verdict = pitch_verdict(influencer=influencer, channel=channel, now=at)
    return [str(f.rule) for f in verdict.findings if f.severity != Severity.WARN]
