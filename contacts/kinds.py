"""The kinds of timeline entries and what they mean: which are conversation, two-way, system."""

from django.db.models import Q

from contacts.models import NOT_A_REPLY_KINDS, Direction, InteractionKind

REPLY_DUE_BUSINESS_DAYS = 2

# Outbound kinds that are a person talking to them: these answer an inbound message.
CONVERSATION_KINDS = frozenset(
    {
        InteractionKind.EMAIL,
        InteractionKind.DM,
        InteractionKind.CALL,
        InteractionKind.MEETING,
        InteractionKind.PITCH,
        InteractionKind.FOLLOW_UP,
        InteractionKind.REPLY,
    }
)
# Kinds that are two-way by nature, whoever logged them.
TWO_WAY_KINDS = frozenset({InteractionKind.CALL, InteractionKind.MEETING, InteractionKind.EVENT})
# Inbound kinds that are no message to answer (nothing is owed as a reply; a draft is owed
# feedback through its own commitment) yet are contact from them: a draft they submitted, a
# post they published. With a real message from them and the TWO_WAY_KINDS, they make the
# last two-way contact: `two_way_contact` below and the health SQL (contacts.services.health).
DELIVERED_KINDS = frozenset({InteractionKind.CONTENT})
# Entries Rapport writes when something changes: the record of that change, never edited.
SYSTEM_KINDS = frozenset(
    {
        InteractionKind.STAGE_CHANGE,
        InteractionKind.DO_NOT_CONTACT,
        InteractionKind.CHANNEL_CHANGE,
        InteractionKind.MERGE,
        InteractionKind.COLLABORATION_DONE,
    }
)


def two_way_contact() -> Q:
    """Timeline entries that are two-way contact: a real message from them, something they
    delivered, or a call, meeting or event. last_two_way_at is the newest of these."""
    from_them = Q(direction=Direction.INBOUND) & (
        ~Q(kind__in=NOT_A_REPLY_KINDS) | Q(kind__in=DELIVERED_KINDS)
    )
    return from_them | Q(kind__in=TWO_WAY_KINDS)
