"""Respect facts for outbound contacts logged by hand.

A contact logged on the timeline already happened, so it is never refused; but the contact
guard's verdict for that moment is stored with it (e.g. a DM on a channel they never opened),
and relationship health counts it. The guard lives in outreach, which builds on contacts, so
outreach registers its assessor here when the app is ready; contacts imports nothing of it.
"""

from collections.abc import Callable
from datetime import datetime

# (influencer, channel, at) -> rule names the guard would have raised (blocks and holds)
Assessor = Callable[..., list[str]]

_assessors: list[Assessor] = []


def assessor_register(assessor: Assessor) -> None:
    if assessor not in _assessors:
        _assessors.append(assessor)


def respect_findings(*, influencer, channel: str, at: datetime) -> list[str]:
    findings: list[str] = []
    for assessor in _assessors:
        findings += assessor(influencer=influencer, channel=channel, at=at)
    return sorted(set(findings))
