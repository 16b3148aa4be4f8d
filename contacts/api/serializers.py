"""The contacts API's shapes: output serializers (what a client reads) and input serializers
(what it may send), separate where they differ.

Objects are addressed by their public id, shown as `id`; people and teams by their public id
too. Input serializers only check types and shapes: the rules (unique handles and emails, time
zones, who may own an influencer, ...) are contacts.services', which answer with
RuleError, a 400 with the message under the field's name.
"""

from datetime import datetime
from functools import cache

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contacts.kinds import SYSTEM_KINDS
from contacts.models import (
    Channel,
    ChannelPermission,
    Commitment,
    Direction,
    Influencer,
    InfluencerEmail,
    InfluencerList,
    Interaction,
    InteractionKind,
    Platform,
    RateCard,
    Sentiment,
    SocialAccount,
    Stage,
)
from contacts.services.profiles import PROFILE_FIELDS
from irm.api import CanonicalUUIDField, WorkspaceMemberField, version_input
from irm.models import Team

# What a person may log, as on the timeline page: the system kinds record changes Rapport
# made itself (stage, open channels, do-not-contact, merges).
LOGGABLE_KINDS = [
    (value, label) for value, label in InteractionKind.choices if value not in SYSTEM_KINDS
]


# --- references --------------------------------------------------------------------------------


class WorkspaceTeamField(serializers.SlugRelatedField):
    """A team of the request's workspace, by public id."""

    default_error_messages = {
        "does_not_exist": "No team of this workspace has this id.",
        "invalid": "Send the team's id.",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(slug_field="public_id", queryset=Team.objects.all(), **kwargs)

    def get_queryset(self):
        return Team.objects.filter(workspace=self.context.get("workspace"))


def _public_id_of() -> serializers.SlugRelatedField:
    """A related person or team, shown by public id (null when there is none)."""
    return serializers.SlugRelatedField(slug_field="public_id", read_only=True, allow_null=True)


class InfluencerRefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Influencer
        fields = ["id", "name"]
        read_only_fields = fields


# --- influencers: output -----------------------------------------------------------------------


class InfluencerEmailSerializer(serializers.ModelSerializer):
    class Meta:
        model = InfluencerEmail
        fields = ["email", "is_primary", "bounced_at", "bounce_reason"]
        read_only_fields = fields
        extra_kwargs = {
            "bounced_at": {"help_text": "When mail to it last bounced; null if it never did."},
            "bounce_reason": {"help_text": "What the receiving server said."},
        }


class SocialAccountSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = SocialAccount
        fields = [
            "id",
            "platform",
            "handle",
            "url",
            "followers",
            "engagement_rate",
            "verified",
            "last_updated_at",
        ]
        read_only_fields = fields


class InfluencerRowSerializer(serializers.ModelSerializer):
    """A row of the influencer list: who they are at a glance."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    owner = _public_id_of()
    team = _public_id_of()
    primary_email = serializers.SerializerMethodField()
    social_accounts = SocialAccountSerializer(many=True, read_only=True)

    class Meta:
        model = Influencer
        fields = [
            "id",
            "name",
            "avatar_url",
            "location",
            "country",
            "languages",
            "topics",
            "total_followers",
            "owner",
            "team",
            "stage",
            "do_not_contact",
            "primary_email",
            "social_accounts",
            "last_inbound_at",
            "last_outbound_at",
            "last_two_way_at",
            "health_band",
            "health_score",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_primary_email(self, influencer: Influencer) -> str | None:
        # Prefetched by the detail (the list reads influencer_rows_data instead).
        for row in influencer.emails.all():
            if row.is_primary:
                return row.email
        return None


# The fields influencer_rows_data reads otherwise than the serializer: from the arrays and
# values contacts.selectors.influencer_api_rows adds to the row. Names, addresses and public ids
# as read (the ids stay UUIDs, as the relations show them).
ROW_VALUES = {
    "topics": lambda row: row.topic_names,
    "owner": lambda row: row.owner.public_id if row.owner_id else None,
    "team": lambda row: row.team.public_id if row.team_id else None,
    "primary_email": lambda row: row.primary_email,
}


def influencer_rows_data(rows: list[Influencer]) -> list[dict]:
    """InfluencerRowSerializer's output for rows read by influencer_api_rows, the same JSON
    built without a serializer per row and per account: each value formatted by the
    serializer's own field (dates in the active zone, rates to their decimal places)."""
    fields, account_fields = _row_fields()
    return [_row_data(row, fields, account_fields) for row in rows]


@cache
def _row_fields() -> tuple[list, list]:
    """The row and account serializers' fields, built once: a ModelSerializer builds its fields
    anew for every instance, and their formatting keeps no state (the zone is read per call)."""
    return (
        list(InfluencerRowSerializer().fields.items()),
        list(SocialAccountSerializer().fields.items()),
    )


def _row_data(row: Influencer, fields: list, account_fields: list) -> dict:
    data = {}
    for name, field in fields:
        if name in ROW_VALUES:
            data[name] = ROW_VALUES[name](row)
        elif name == "social_accounts":
            data[name] = [_account_data(account, account_fields) for account in row.account_rows]
        else:
            value = getattr(row, field.source)
            data[name] = None if value is None else field.to_representation(value)
    return data


def _account_data(account: dict, account_fields: list) -> dict:
    """One account from its JSON object (the moment arrives as ISO text)."""
    data = {}
    for name, field in account_fields:
        value = account[field.source]
        if value is not None and name == "last_updated_at":
            value = datetime.fromisoformat(value)
        data[name] = None if value is None else field.to_representation(value)
    return data


class InfluencerSerializer(InfluencerRowSerializer):
    """The whole profile."""

    emails = InfluencerEmailSerializer(many=True, read_only=True)
    do_not_contact_by = _public_id_of()

    class Meta(InfluencerRowSerializer.Meta):
        fields = [
            "id",
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
            "time_zone_guessed",
            "languages",
            "phone",
            "website",
            "shipping_address",
            "agent_name",
            "agent_email",
            "topics",
            "total_followers",
            "owner",
            "team",
            "stage",
            "keep_in_touch_days",
            "do_not_contact",
            "do_not_contact_reason",
            "do_not_contact_since",
            "do_not_contact_by",
            "do_not_disturb_until",
            "archived_at",
            "primary_email",
            "emails",
            "social_accounts",
            "last_inbound_at",
            "last_outbound_at",
            "last_two_way_at",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "version": {"help_text": "Bumped by every saved edit; send it back with a change."}
        }


# --- influencers: input ------------------------------------------------------------------------


class SocialAccountInputSerializer(serializers.Serializer):
    platform = serializers.ChoiceField(choices=Platform.choices)
    handle = serializers.CharField(
        max_length=500,
        allow_blank=True,
        help_text="As people write it: `@ana.bakes` or the profile's URL; stored normalized.",
    )
    url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    followers = serializers.IntegerField(required=False, allow_null=True)
    engagement_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        help_text="Percent of followers who engage with a typical post.",
    )
    verified = serializers.BooleanField(required=False, allow_null=True, default=None)


class SocialAccountCreateSerializer(SocialAccountInputSerializer):
    """Adding an account on a platform where they already have this handle updates it."""


class SocialAccountUpdateSerializer(serializers.Serializer):
    """The handle and platform are the account's identity: to change them, delete the account
    and add the new one."""

    url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    followers = serializers.IntegerField(required=False)
    engagement_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    verified = serializers.BooleanField(required=False)


class InfluencerWriteSerializer(serializers.ModelSerializer):
    """The profile fields a client may set (shared by create and update)."""

    owner = WorkspaceMemberField(
        required=False, allow_null=True, help_text="A member's id; empty: nobody owns them."
    )
    team = WorkspaceTeamField(required=False, allow_null=True)
    topics = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        max_length=50,
        help_text="Topic names; new ones are added to the workspace. Replaces their topics.",
    )
    emails = serializers.ListField(
        child=serializers.EmailField(max_length=254),
        required=False,
        max_length=20,
        help_text="Their addresses, the primary first. Replaces their addresses.",
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=8), required=False, max_length=20
    )
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)

    class Meta:
        model = Influencer
        fields = [*PROFILE_FIELDS, "topics", "emails", "owner", "team", "stage"]


class InfluencerCreateSerializer(InfluencerWriteSerializer):
    owner = WorkspaceMemberField(
        required=False,
        allow_null=True,
        help_text="A member's id. Left out: whoever creates them owns them.",
    )
    social_accounts = SocialAccountInputSerializer(many=True, required=False, max_length=20)

    class Meta(InfluencerWriteSerializer.Meta):
        fields = [*InfluencerWriteSerializer.Meta.fields, "social_accounts"]


class InfluencerUpdateSerializer(InfluencerWriteSerializer):
    """Sent fields change, the others stay. Changing `owner` or `team` needs a manager."""

    version = version_input()

    class Meta(InfluencerWriteSerializer.Meta):
        fields = [*InfluencerWriteSerializer.Meta.fields, "version"]


# --- open channels, rates ----------------------------------------------------------------------


class ChannelPermissionSerializer(serializers.ModelSerializer):
    recorded_by = _public_id_of()

    class Meta:
        model = ChannelPermission
        fields = ["channel", "is_open", "since", "evidence", "recorded_by", "recorded_at"]
        read_only_fields = fields


class ChannelPermissionSetSerializer(serializers.Serializer):
    is_open = serializers.BooleanField(help_text="True: they opened this channel to us.")
    evidence = serializers.CharField(
        max_length=300,
        allow_blank=True,
        help_text="How you know, e.g. “They emailed us first”.",
    )
    since = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Since when; empty: now."
    )


class RateCardSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = RateCard
        fields = ["id", "deliverable_type", "amount", "currency", "notes", "updated_at"]
        read_only_fields = fields


class RateCardInputSerializer(serializers.ModelSerializer):
    """Adding a rate for a deliverable and currency they have a rate for updates it."""

    class Meta:
        model = RateCard
        fields = ["deliverable_type", "amount", "currency", "notes"]


class RateCardUpdateSerializer(serializers.ModelSerializer):
    """The deliverable and currency are the rate's identity: to change them, delete the rate
    and add the new one."""

    class Meta:
        model = RateCard
        fields = ["amount", "notes"]


# --- the timeline and commitments --------------------------------------------------------------


class InteractionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    author = _public_id_of()
    # Declared so the schema's enums include "" (DRF drops `allow_blank` from the read-only
    # fields it builds from the model): a note has no channel, most entries no sentiment.
    channel = serializers.ChoiceField(choices=Channel.choices, allow_blank=True, read_only=True)
    sentiment = serializers.ChoiceField(choices=Sentiment.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Interaction
        fields = [
            "id",
            "occurred_at",
            "kind",
            "direction",
            "channel",
            "summary",
            "body",
            "sentiment",
            "author",
            "contact_rule_overridden",
            "off_topic",
            "created_at",
            "edited_at",
        ]
        read_only_fields = fields


class InteractionCreateSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField(
        required=False, help_text="When it really happened; empty: now. Not in the future."
    )
    kind = serializers.ChoiceField(choices=LOGGABLE_KINDS)
    direction = serializers.ChoiceField(choices=Direction.choices)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=300, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    sentiment = serializers.ChoiceField(choices=Sentiment.choices, required=False, allow_blank=True)


class CommitmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    influencer = InfluencerRefSerializer(read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "influencer",
            "kind",
            "description",
            "due_at",
            "fulfilled_at",
            "is_overdue",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_overdue(self, commitment: Commitment) -> bool:
        now = self.context["now"]
        return commitment.fulfilled_at is None and commitment.due_at < now


# --- named lists -------------------------------------------------------------------------------


class InfluencerListSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    created_by = _public_id_of()
    size = serializers.IntegerField(source="entry_count", read_only=True)

    class Meta:
        model = InfluencerList
        fields = ["id", "name", "description", "size", "created_by", "created_at"]
        read_only_fields = fields


class InfluencerListInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class InfluencerIdsSerializer(serializers.Serializer):
    influencers = serializers.ListField(
        child=CanonicalUUIDField(),
        min_length=1,
        max_length=500,
        help_text="Influencer ids; ids of no influencer of this workspace are ignored.",
    )


class ListChangeSerializer(serializers.Serializer):
    changed = serializers.IntegerField(help_text="How many influencers were added or removed.")


class ErasureSerializer(serializers.Serializer):
    """What an erasure removes (or removed), in the confirmation page's words."""

    erased_at = serializers.DateTimeField(
        allow_null=True, help_text="When they were erased; null before."
    )
    removed = serializers.ListField(
        child=serializers.CharField(), help_text="e.g. “12 timeline entries”, “3 pitches”."
    )
