"""The relationship timeline (Interaction: the single record of relationship facts, with its
kinds, directions and sentiments) and what we owe people (Commitment).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from contacts.models.influencers import Influencer
from contacts.models.policy import Channel
from irm.models import PublicIdModel, Workspace


class InteractionKind(models.TextChoices):
    EMAIL = "email", "Email"
    DM = "dm", "Direct message"
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    EVENT = "event", "Event"
    GIFT = "gift", "Gift or product seeding"
    NOTE = "note", "Note"
    PITCH = "pitch", "Pitch"
    FOLLOW_UP = "follow_up", "Follow-up"
    REPLY = "reply", "Reply"
    AUTO_REPLY = "auto_reply", "Auto-reply"
    DELIVERY_FAILURE = "delivery_failure", "Delivery failure"
    CONTENT = "content", "Content published"
    CONTRACT = "contract", "Contract"
    PAYMENT = "payment", "Payment"
    STAGE_CHANGE = "stage_change", "Stage change"
    DO_NOT_CONTACT = "do_not_contact", "Do-not-contact change"
    CHANNEL_CHANGE = "channel_change", "Channel permission change"
    MERGE = "merge", "Profiles merged"
    COLLABORATION_DONE = "collaboration_done", "Collaboration completed"


# Inbound kinds that are not a person answering: they neither count as two-way contact nor
# open a reply commitment. Content they publish (a campaign draft, a post) is owed feedback
# through its own commitment, not a reply.
NOT_A_REPLY_KINDS = frozenset(
    {InteractionKind.AUTO_REPLY, InteractionKind.DELIVERY_FAILURE, InteractionKind.CONTENT}
)


class Direction(models.TextChoices):
    INBOUND = "inbound", "From them"
    OUTBOUND = "outbound", "From us"
    INTERNAL = "internal", "Internal"


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"


class Interaction(PublicIdModel):
    """One fact of the relationship timeline, dated when it really happened."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, related_name="interactions"
    )
    occurred_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    summary = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where it came from (a pitch, a collaboration, a deliverable), without importing those apps.
    source_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # Respect facts the contact guard knew when this contact happened.
    contact_rule_overridden = models.BooleanField(default=False)
    off_topic = models.BooleanField(default=False)
    # For contacts logged by hand: the guard rules this contact broke when it happened
    # (e.g. "channel_not_open", "quiet_hours"), see contacts.respect.
    respect_findings = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The profile timeline (keyset on occurred_at, id) and the last_* recomputation.
            # With what the health computation reads of each entry, so it reads a person's
            # entries from this index alone (one or two pages) rather than from the table
            # (one page an entry: 9,000 pages a batch of 1,000 people at issue 16's scale).
            models.Index(
                fields=["influencer", "-occurred_at", "-id"],
                include=[
                    "direction",
                    "kind",
                    "sentiment",
                    "contact_rule_overridden",
                    "off_topic",
                    "respect_findings",
                ],
                condition=Q(deleted_at__isnull=True),
                name="contacts_timeline_idx",
            ),
            # The workspace Activity page, and the guard's rolling 30-day outbound count.
            models.Index(
                fields=["workspace", "-occurred_at"],
                condition=Q(deleted_at__isnull=True),
                name="contacts_activity_idx",
            ),
            # The dashboard's near-the-cap count and per-team and per-owner outreach: our
            # contacts in a workspace's last 30 days, read from the index alone.
            models.Index(
                fields=["workspace", "occurred_at"],
                include=["influencer", "kind"],
                condition=Q(deleted_at__isnull=True, direction=Direction.OUTBOUND),
                name="contacts_outbound_recent_idx",
            ),
            # The dashboard's reply rate
            # (contacts.selectors.dashboard_followups.RECENT_CONTACTS_SQL): their messages in a
            # workspace's last 30 days, read from the index alone and matched to ours in one hash
            # join.
            models.Index(
                fields=["workspace", "occurred_at"],
                include=["influencer", "kind"],
                condition=Q(deleted_at__isnull=True, direction=Direction.INBOUND),
                name="contacts_inbound_recent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.summary}"

    @property
    def respect_labels(self) -> str:
        """ "channel_not_open" -> "channel not open", for people."""
        return ", ".join(rule.replace("_", " ") for rule in self.respect_findings)


class CommitmentKind(models.TextChoices):
    REPLY = "reply", "Reply"
    PAYMENT = "payment", "Payment"
    FEEDBACK = "feedback", "Feedback on a draft"
    OTHER = "other", "Other"


class Commitment(PublicIdModel):
    """What we owe them: a reply, a payment, feedback. Open until fulfilled."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.ForeignKey(Influencer, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=10, choices=CommitmentKind.choices)
    description = models.CharField(max_length=300)
    due_at = models.DateTimeField()
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    opened_by = models.ForeignKey(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fulfilled_by = models.ForeignKey(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            # Open commitments per person (profile, guard) and due ones per workspace (planners).
            models.Index(
                fields=["influencer", "due_at"],
                condition=Q(fulfilled_at__isnull=True),
                name="contacts_commit_open_idx",
            ),
            models.Index(
                fields=["workspace", "due_at"],
                condition=Q(fulfilled_at__isnull=True),
                name="contacts_commit_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.influencer_id} due {self.due_at:%Y-%m-%d}"
