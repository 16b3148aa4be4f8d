"""The contact guard's view of an outbound contact logged by hand on the timeline."""

from datetime import datetime

from contacts.models import Influencer
from outreach.guard import Severity, evaluate
from outreach.selectors import guard_context_load


def assess(*, influencer: Influencer, channel: str, at: datetime) -> list[str]:
    """The rules a contact on `channel` at `at` broke (blocks and holds), for the record."""
    if not channel:
        return []
    context = guard_context_load(influencer=influencer, now=at)
    verdict = evaluate(context, channel=channel, now=at)
    return [str(f.rule) for f in verdict.findings if f.severity != Severity.WARN]
