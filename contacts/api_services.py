"""Writes the contacts API needs that no page has (yet): deleting an influencer.

Same rules as contacts.services: keyword-only, one transaction. Callers check who may act
first (a manager).
"""

from django.db import transaction

from contacts.models import Influencer


@transaction.atomic
def influencer_delete(*, influencer: Influencer) -> None:
    """Delete the profile for good, with everything that hangs from it (emails, accounts and
    their metrics, rates, open channels, policy overrides, timeline, commitments, list
    entries: all cascade). Erasure on request, which keeps the audit trail, is another
    matter."""
    influencer.delete()
