"""What every contacts service shares: the rule error and the kinds of timeline entries."""

from contacts.models import InteractionKind

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

PROFILE_FIELDS = (
    "name",
    "pronouns",
    "avatar_url",
    "bio",
    "background",
    "values",
    "audience_notes",
    "location",
    "country",
    "time_zone",
    "languages",
    "phone",
    "website",
    "shipping_address",
    "agent_name",
    "agent_email",
    "keep_in_touch_days",
    "do_not_disturb_until",
)


class ContactsError(Exception):
    """A broken rule about influencers or their timeline, with a message for a person."""

    is_rule_error = True

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
