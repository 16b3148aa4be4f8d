"""JSON shapes of the inbox API (outreach.api.inbox): inbound messages as a list and one by
one, and what a person sends to attach, discard, restore or decide on a return date. None of
them holds a rule: outreach/services/inbox.py does."""

from rest_framework import serializers

from irm.api import QuerySerializer
from outreach.api.serializers import OutreachPersonSerializer, PitchInfluencerSerializer
from outreach.models import (
    AwayDecision,
    InboundAttachment,
    InboundMessage,
    InboundStatus,
    MatchedBy,
)

# The inbox shows what still needs a person, or what a person put aside.
INBOX_STATUSES = [
    (InboundStatus.UNMATCHED.value, InboundStatus.UNMATCHED.label),
    (InboundStatus.DISCARDED.value, InboundStatus.DISCARDED.label),
]


class InboxQuerySerializer(QuerySerializer):
    status = serializers.ChoiceField(
        choices=INBOX_STATUSES,
        default=InboundStatus.UNMATCHED.value,
        help_text="`unmatched` (the default): messages waiting for a person; `discarded`: the "
        "ones put aside, in case it was a mistake.",
    )


class InboundAttachmentSerializer(serializers.ModelSerializer):
    kept = serializers.SerializerMethodField(
        help_text="Its bytes are stored. Only small files of common safe types are kept; the "
        "others are listed so people know they came."
    )

    class Meta:
        model = InboundAttachment
        fields = ["public_id", "name", "content_type", "size", "kept", "not_kept_reason"]
        read_only_fields = fields
        extra_kwargs = {
            "size": {"help_text": "Bytes."},
            "not_kept_reason": {"help_text": "Why the bytes were not kept; empty when kept."},
        }

    def get_kept(self, attachment: InboundAttachment) -> bool:
        return bool(attachment.file)


class InboundMessageSerializer(serializers.ModelSerializer):
    """One inbound message: who wrote, about what, its text, why it is where it is, what it was
    matched to and what it says about delivery or absence. The inbox list shows the same
    shape, so a person can read and decide from the list. (One shape for both also keeps the
    `kind` and `status` enums in one schema component, named after it.)"""

    to = serializers.ListField(source="to_addresses", child=serializers.CharField(), read_only=True)
    cc = serializers.ListField(source="cc_addresses", child=serializers.CharField(), read_only=True)
    body = serializers.CharField(
        source="body_text",
        read_only=True,
        help_text="Its new text, as plain text (HTML is reduced to text).",
    )
    quoted_history = serializers.CharField(
        source="quoted_text",
        read_only=True,
        help_text="The earlier messages it quotes, below its new text.",
    )
    attachments = InboundAttachmentSerializer(many=True, read_only=True)
    influencer = PitchInfluencerSerializer(
        read_only=True, allow_null=True, help_text="Whose timeline it is on."
    )
    pitch = serializers.SlugRelatedField(
        read_only=True, allow_null=True, slug_field="public_id", help_text="The pitch it answers."
    )
    interaction = serializers.SlugRelatedField(
        read_only=True,
        allow_null=True,
        slug_field="public_id",
        help_text="Its entry on the influencer's timeline.",
    )
    handled_by = OutreachPersonSerializer(
        read_only=True, allow_null=True, help_text="Who last attached, discarded or restored it."
    )
    # Declared so the schema's enums include "" (DRF drops `allow_blank` from read-only fields
    # it builds from the model): most messages are neither matched nor away.
    matched_by = serializers.ChoiceField(
        choices=MatchedBy.choices,
        allow_blank=True,
        read_only=True,
        help_text="How it found its influencer; empty while it has none.",
    )
    away_decision = serializers.ChoiceField(
        choices=AwayDecision.choices,
        allow_blank=True,
        read_only=True,
        help_text="For an out-of-office reply: whether its return date was applied; else empty.",
    )

    class Meta:
        model = InboundMessage
        fields = [
            "public_id",
            "kind",
            "status",
            "note",
            "from_name",
            "from_address",
            "to",
            "cc",
            "subject",
            "sent_at",
            "received_at",
            "message_id",
            "body",
            "quoted_history",
            "from_html",
            "attachments",
            "influencer",
            "pitch",
            "interaction",
            "matched_by",
            "auto_reply_marker",
            "away_until",
            "away_decision",
            "delivery_failed",
            "failed_recipient",
            "delivery_diagnostic",
            "handled_by",
            "handled_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "note": {"help_text": "Why it is where it is, in plain words."},
            "sent_at": {"help_text": "When they wrote it (their Date header, if believable)."},
            "received_at": {"help_text": "When it reached Rapport."},
            "message_id": {"help_text": "Its Message-ID header."},
            "from_html": {"help_text": "The text was reduced from an HTML-only message."},
            "matched_by": {"help_text": "How it found its influencer (empty: it did not)."},
            "auto_reply_marker": {"help_text": "For an auto-reply: what showed it was one."},
            "away_until": {"help_text": "For an auto-reply: the return date it states."},
            "away_decision": {
                "help_text": "`pending`: a person may set the return date as do-not-disturb "
                "(see the `away` endpoint)."
            },
            "delivery_failed": {
                "help_text": "For a delivery report: delivery failed for good (not a delay)."
            },
            "failed_recipient": {"help_text": "For a delivery report: the address that failed."},
            "delivery_diagnostic": {"help_text": "What the receiving server said."},
        }


# --- input -------------------------------------------------------------------------------------


class InboxNewInfluencerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="Their name.")


class InboxAttachSerializer(serializers.Serializer):
    influencer = serializers.UUIDField(
        required=False, help_text="The influencer it is about (their id)."
    )
    create_influencer = InboxNewInfluencerSerializer(
        required=False,
        help_text="Or create the influencer from it, with the sender's address as their email.",
    )
    remember_address = serializers.BooleanField(
        default=False,
        help_text="With `influencer`: add the sender's address to their emails, so their next "
        "messages find them by themselves.",
    )

    def validate(self, data: dict) -> dict:
        if "influencer" in data and "create_influencer" in data:
            raise serializers.ValidationError(
                "Choose an influencer or create one, not both.", code="both"
            )
        return data


class InboundAwaySerializer(serializers.Serializer):
    apply = serializers.BooleanField(
        help_text="`true`: set their do-not-disturb until the stated return date; `false`: "
        "ignore it."
    )
