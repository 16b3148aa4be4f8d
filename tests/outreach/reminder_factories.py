"""Timeline entries for the reminder tests (planners, the sweep and the real worker processes),
recorded through the same service the product uses: a call with them, a message from them, our
answer. People, pitches and reminder rows come from tests.factories (ProfileFactory with
`kept_in_touch=True`, PitchFactory with `sent=True`, ReminderFactory, due_reminders)."""

from datetime import datetime

from contacts.models import Channel, Direction, Influencer, InteractionKind
from contacts.services import interaction_record
from irm.models import User


def talked(influencer: Influencer, *, at: datetime, now: datetime, author: User | None = None):
    """A call with them (two-way by nature) that happened at `at` and was logged at `now`."""
    return interaction_record(
        influencer=influencer,
        kind=InteractionKind.CALL,
        direction=Direction.OUTBOUND,
        channel=Channel.PHONE,
        summary="Caught up on the phone",
        author=author,
        occurred_at=at,
        now=now,
    )


def they_wrote(influencer: Influencer, *, at: datetime, now: datetime):
    """A real message from them (not an auto-reply): it opens a reply we owe them."""
    return interaction_record(
        influencer=influencer,
        kind=InteractionKind.EMAIL,
        direction=Direction.INBOUND,
        channel=Channel.EMAIL,
        summary="Could you send the sizes?",
        occurred_at=at,
        now=now,
    )


def we_wrote(influencer: Influencer, *, at: datetime, now: datetime, author: User | None = None):
    """Our answer, sent from a member's own mail client and logged (it fulfils a reply owed)."""
    return interaction_record(
        influencer=influencer,
        kind=InteractionKind.EMAIL,
        direction=Direction.OUTBOUND,
        channel=Channel.EMAIL,
        summary="Sizes sent",
        author=author,
        occurred_at=at,
        guard_checked=True,
        now=now,
    )
