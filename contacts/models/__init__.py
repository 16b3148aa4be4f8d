"""Contacts' models, one module per domain; every model is re-exported here, so
`from contacts.models import Influencer` works and Django finds them all (app label "contacts").

- contacts/models/influencers.py: Influencer, InfluencerEmail, SocialAccount, MetricSnapshot, Topic,
  RateCard and their choices (Stage, Platform, HealthBand, DeliverableType)
- contacts/models/policy.py: Channel, ChannelPermission, ContactPolicy
- contacts/models/timeline.py: Interaction (the relationship timeline) and Commitment
- contacts/models/health.py: HealthSnapshot, HealthDayCount
- contacts/models/lists.py: InfluencerList, ListEntry
- contacts/models/imports.py: ImportJob
- contacts/models/suppression.py: Suppression, SuppressionKey

Every row belongs to one workspace and is addressed by `public_id` in URLs. Writes go through
contacts.services; the timeline (Interaction) is the single record of relationship facts.
"""

from contacts.models.health import (
    HealthDayCount,
    HealthSnapshot,
)
from contacts.models.imports import (
    ImportJob,
    ImportStatus,
)
from contacts.models.influencers import (
    DeliverableType,
    HealthBand,
    Influencer,
    InfluencerEmail,
    MetricSnapshot,
    Platform,
    RateCard,
    SocialAccount,
    Stage,
    Topic,
)
from contacts.models.lists import (
    InfluencerList,
    ListEntry,
)
from contacts.models.policy import (
    Channel,
    ChannelPermission,
    ContactPolicy,
    default_keep_in_touch_by_stage,
)
from contacts.models.suppression import (
    Suppression,
    SuppressionKey,
    SuppressionKind,
)
from contacts.models.timeline import (
    NOT_A_REPLY_KINDS,
    Commitment,
    CommitmentKind,
    Direction,
    Interaction,
    InteractionKind,
    Sentiment,
)

__all__ = [
    "NOT_A_REPLY_KINDS",
    "Channel",
    "ChannelPermission",
    "Commitment",
    "CommitmentKind",
    "ContactPolicy",
    "DeliverableType",
    "Direction",
    "HealthBand",
    "HealthDayCount",
    "HealthSnapshot",
    "ImportJob",
    "ImportStatus",
    "Influencer",
    "InfluencerEmail",
    "InfluencerList",
    "Interaction",
    "InteractionKind",
    "ListEntry",
    "MetricSnapshot",
    "Platform",
    "RateCard",
    "Sentiment",
    "SocialAccount",
    "Stage",
    "Suppression",
    "SuppressionKey",
    "SuppressionKind",
    "Topic",
    "default_keep_in_touch_by_stage",
]
