"""Serializers of the campaigns API (campaigns/api.py): what each endpoint answers (output) and
what it reads (input), separate where they differ. Nothing here decides anything: the views
pass the input to the campaigns services, which check the rules."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.fairness import FairnessVerdict
from campaigns.models import (
    Brand,
    Campaign,
    CampaignStatus,
    Collaboration,
    Deliverable,
    DeliverableResult,
    ExchangeRate,
    Offer,
    OfferItem,
    Payment,
    Stage,
)
from campaigns.services.campaigns import CAMPAIGN_FIELDS
from campaigns.services.deliverables import METRIC_FIELDS
from campaigns.services.pipeline import MOVE_REASON_MAX
from contacts.models import Channel, DeliverableType
from irm.api import CanonicalUUIDField, QuerySerializer, version_input
from irm.models import User
from outreach.api.serializers import VerdictSerializer


def _one_of(choices) -> str:
    """The values of a choice set for a help text: “`a`, `b` or `c`”. Inputs document their
    values this way and the services check them, so each choice set is one enum of the schema
    (on the output that shows it)."""
    values = [f"`{value}`" for value in choices.values]
    return f"{', '.join(values[:-1])} or {values[-1]}"


KIND_HELP = (
    f"What kind of content, as in offer items' `deliverable_type`: {_one_of(DeliverableType)}."
)
# An influencer's relationship stage (contacts) is `stage` too: the pipeline's values are
# listed in words so the two are not confused in the schema.
STAGE_HELP = f"Where it is on the campaign's board: {_one_of(Stage)}."


# --- people, brands and campaigns as others refer to them --------------------------------------


class CampaignPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["public_id", "name", "email"]
        read_only_fields = fields


class NamedSerializer(serializers.Serializer):
    """Another object as a reference: its id and its name."""

    public_id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


# --- brands ------------------------------------------------------------------------------------


class BrandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Brand
        fields = ["public_id", "name", "description", "values", "website", "created_at"]
        read_only_fields = fields


class BrandInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    values = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="What the brand stands for."
    )
    website = serializers.URLField(
        max_length=500, required=False, allow_blank=True, default="", help_text="A web address."
    )


# --- campaigns ---------------------------------------------------------------------------------


class CampaignSerializer(serializers.ModelSerializer):
    brand = NamedSerializer(read_only=True)
    owner = CampaignPersonSerializer(read_only=True, allow_null=True)
    team = NamedSerializer(read_only=True, allow_null=True)
    hashtags = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Campaign
        fields = ["public_id", *CAMPAIGN_FIELDS, "created_at", "updated_at", "version"]
        read_only_fields = fields
        extra_kwargs = {
            "version": {"help_text": "Bumped by every saved edit; send it back with a change."}
        }


class CampaignInputSerializer(serializers.Serializer):
    brand = serializers.UUIDField(help_text="The brand's id (of this workspace).")
    name = serializers.CharField(max_length=150, allow_blank=True)
    goal = serializers.CharField(required=False, allow_blank=True)
    story = serializers.CharField(
        required=False, allow_blank=True, help_text="The brief: the story we tell together."
    )
    key_messages = serializers.CharField(required=False, allow_blank=True)
    dos = serializers.CharField(required=False, allow_blank=True)
    donts = serializers.CharField(required=False, allow_blank=True)
    hashtags = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=100
    )
    disclosure = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(
        max_length=20, required=False, help_text="A three-letter code such as EUR (default)."
    )
    status = serializers.CharField(
        required=False, help_text=f"The campaign's state: {_one_of(CampaignStatus)}."
    )
    owner = serializers.UUIDField(
        required=False, allow_null=True, help_text="A member's user id, or null for nobody."
    )
    team = serializers.UUIDField(
        required=False, allow_null=True, help_text="A team's id, or null for no team."
    )


class CampaignUpdateSerializer(CampaignInputSerializer):
    """Only the fields sent change."""

    version = version_input()


class CampaignQuerySerializer(QuerySerializer):
    status = serializers.ChoiceField(
        choices=CampaignStatus.choices, required=False, help_text="Only campaigns in this state."
    )
    brand = CanonicalUUIDField(required=False, help_text="Only this brand's campaigns.")
    owner = CanonicalUUIDField(required=False, help_text="Only campaigns this person owns.")
    team = CanonicalUUIDField(required=False, help_text="Only this team's campaigns.")


# --- collaborations ----------------------------------------------------------------------------


class CollaborationSerializer(serializers.ModelSerializer):
    campaign = NamedSerializer(read_only=True)
    influencer = NamedSerializer(read_only=True)
    stage = serializers.CharField(read_only=True, help_text=STAGE_HELP)
    owner = CampaignPersonSerializer(read_only=True, allow_null=True)
    invitation = serializers.SlugRelatedField(
        slug_field="public_id",
        read_only=True,
        allow_null=True,
        help_text="The id of their invitation's pitch (outreach), when one was drafted.",
    )

    class Meta:
        model = Collaboration
        fields = [
            "public_id",
            "campaign",
            "influencer",
            "stage",
            "stage_changed_at",
            "position",
            "owner",
            "invitation",
            "contract_status",
            "contract_signed_on",
            "usage_rights",
            "story_notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ShortlistInputSerializer(serializers.Serializer):
    influencer = serializers.UUIDField(help_text="The influencer's id.")
    owner = serializers.UUIDField(
        required=False, help_text="Who looks after it (a member's user id); you by default."
    )


class MoveInputSerializer(serializers.Serializer):
    stage = serializers.CharField(help_text=f"The stage to move to: {_one_of(Stage)}.")
    position = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="Its place in the new column, 0 the top; the end by default.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MOVE_REASON_MAX,
        help_text="Why, on the influencer's timeline with the move. Required for a move past "
        "several stages at once (e.g. a deal agreed by phone: shortlisted to agreed).",
    )


class InviteInputSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    channel = serializers.ChoiceField(choices=Channel.choices)
    topics = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, default=list
    )


class InvitationSerializer(serializers.Serializer):
    collaboration = CollaborationSerializer(read_only=True)
    pitch = serializers.UUIDField(
        read_only=True, source="pitch.public_id", help_text="The invitation's draft pitch."
    )
    ready = serializers.BooleanField(
        read_only=True,
        help_text="It may go now: they moved to Invited. Otherwise they stay Shortlisted and "
        "the verdict says why.",
    )
    verdict = VerdictSerializer(read_only=True, source="verdict.as_dict")


# --- offers ------------------------------------------------------------------------------------


class OfferItemSerializer(serializers.ModelSerializer):
    deliverable_type = serializers.ChoiceField(choices=DeliverableType.choices)
    quantity = serializers.IntegerField(min_value=1, max_value=1000)

    class Meta:
        model = OfferItem
        fields = ["deliverable_type", "quantity"]


class FairnessSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=[(str(v), str(v)) for v in FairnessVerdict], read_only=True
    )
    percent = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="How far from their rates: negative below, positive above, null when not "
        "compared.",
    )
    sentence = serializers.CharField(read_only=True, help_text="The check in one sentence.")


class OfferSerializer(serializers.ModelSerializer):
    items = OfferItemSerializer(many=True, read_only=True)
    created_by = CampaignPersonSerializer(read_only=True, allow_null=True)
    fairness = serializers.SerializerMethodField(
        help_text="The offer against their rate card, through the workspace's exchange rates."
    )

    class Meta:
        model = Offer
        fields = [
            "public_id",
            "fee",
            "currency",
            "product",
            "product_value",
            "affiliate_percent",
            "cross_promotion",
            "other_value",
            "items",
            "status",
            "created_by",
            "created_at",
            "fairness",
        ]
        read_only_fields = fields

    @extend_schema_field(FairnessSerializer)
    def get_fairness(self, offer: Offer) -> dict:
        fairness = self.context["fairness"][offer.pk]
        return {
            "verdict": str(fairness.verdict),
            "percent": fairness.percent,
            "sentence": fairness.sentence,
        }


class OfferInputSerializer(serializers.Serializer):
    fee = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    currency = serializers.CharField(max_length=20, required=False, default="EUR")
    product = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    product_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    affiliate_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    cross_promotion = serializers.CharField(required=False, allow_blank=True, default="")
    other_value = serializers.CharField(required=False, allow_blank=True, default="")
    items = OfferItemSerializer(
        many=True, required=False, help_text="The deliverables it pays for, one line per kind."
    )


class OfferDecideInputSerializer(serializers.Serializer):
    accepted = serializers.BooleanField(help_text="true: they accepted; false: they declined.")


# --- deliverables ------------------------------------------------------------------------------


class DeliverableResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliverableResult
        fields = [*METRIC_FIELDS, "source", "measured_at"]
        read_only_fields = fields


class DeliverableSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    result = serializers.SerializerMethodField()

    class Meta:
        model = Deliverable
        fields = [
            "public_id",
            "kind",
            "title",
            "due_on",
            "status",
            "draft_url",
            "review_comment",
            "published_url",
            "published_at",
            "created_at",
            "updated_at",
            "result",
        ]
        read_only_fields = fields

    @extend_schema_field(DeliverableResultSerializer(allow_null=True))
    def get_result(self, deliverable: Deliverable) -> dict | None:
        try:
            result = deliverable.result
        except DeliverableResult.DoesNotExist:
            return None
        return DeliverableResultSerializer(result).data


class DeliverableInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=KIND_HELP)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True)


class DraftSubmitInputSerializer(serializers.Serializer):
    draft_url = serializers.CharField(
        max_length=500, allow_blank=True, help_text="Where the draft can be seen."
    )


class ChangesInputSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, help_text="What to change, for them.")


class ApproveInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PublishInputSerializer(serializers.Serializer):
    published_url = serializers.CharField(max_length=500, allow_blank=True)
    published_at = serializers.DateTimeField(
        required=False, help_text="When it went live; now by default."
    )


def _metric_field(name: str) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=0, help_text=name.replace("_", " "))


class ResultsInputSerializer(serializers.Serializer):
    """The metrics sent replace those values; metrics not sent keep theirs."""

    likes = _metric_field("likes")
    comments = _metric_field("comments")
    shares = _metric_field("shares")
    saves = _metric_field("saves")
    views = _metric_field("views")
    clicks = _metric_field("clicks")
    conversions = _metric_field("conversions")
    positive_comments = _metric_field("positive_comments")
    neutral_comments = _metric_field("neutral_comments")
    negative_comments = _metric_field("negative_comments")


# --- payments ----------------------------------------------------------------------------------


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["public_id", "amount", "currency", "due_on", "paid_at", "note", "created_at"]
        read_only_fields = fields


class PaymentInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField(max_length=20, required=False, default="EUR")
    due_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PaidInputSerializer(serializers.Serializer):
    paid_at = serializers.DateTimeField(
        required=False, help_text="When it was paid; now by default."
    )


# --- exchange rates ----------------------------------------------------------------------------


class ExchangeRateSerializer(serializers.ModelSerializer):
    set_by = serializers.SlugRelatedField(slug_field="public_id", read_only=True)

    class Meta:
        model = ExchangeRate
        fields = ["from_currency", "to_currency", "rate", "as_of", "set_by"]
        read_only_fields = fields


class ExchangeRateInputSerializer(serializers.Serializer):
    from_currency = serializers.CharField(max_length=20, help_text="e.g. USD")
    to_currency = serializers.CharField(max_length=20, help_text="e.g. EUR")
    rate = serializers.DecimalField(
        max_digits=20, decimal_places=6, help_text="What 1 from_currency is in to_currency."
    )
    as_of = serializers.DateField(help_text="The day it holds from (today or earlier).")


# --- the report --------------------------------------------------------------------------------


def _decimal(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=20, decimal_places=2, read_only=True, allow_null=True, help_text=help_text
    )


class ReportMoneySerializer(serializers.Serializer):
    currency = serializers.CharField(read_only=True)
    paid = _decimal("Null when a payment's currency has no exchange rate.")
    scheduled = _decimal("Null when a payment's currency has no exchange rate.")
    total = _decimal("Paid and scheduled.")
    unconverted = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Currencies of payments without an exchange rate into the campaign's.",
    )


class ReportSentimentSerializer(serializers.Serializer):
    positive = serializers.IntegerField(read_only=True)
    neutral = serializers.IntegerField(read_only=True)
    negative = serializers.IntegerField(read_only=True)
    positive_share = _decimal("Percent of the comments read.")
    neutral_share = _decimal("Percent of the comments read.")
    negative_share = _decimal("Percent of the comments read.")


class ReportFiguresSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    influencer = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="Null on the total."
    )
    stage = serializers.CharField(read_only=True, allow_blank=True)
    followers = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Null when not known (never 0)."
    )
    likes = serializers.IntegerField(read_only=True)
    comments = serializers.IntegerField(read_only=True)
    shares = serializers.IntegerField(read_only=True)
    saves = serializers.IntegerField(read_only=True)
    views = serializers.IntegerField(read_only=True)
    clicks = serializers.IntegerField(read_only=True)
    conversions = serializers.IntegerField(read_only=True)
    engagement = serializers.IntegerField(
        read_only=True, help_text="Likes, comments, shares and saves."
    )
    engagement_rate = _decimal("Percent of followers (of those whose followers are known).")
    conversation_per_1k = _decimal("Comments per 1,000 followers.")
    cost = ReportMoneySerializer(read_only=True)
    cost_per_engagement = _decimal("In the campaign's currency; null when not known.")
    published = serializers.IntegerField(
        read_only=True, help_text="Published deliverables that had a due date."
    )
    on_time = serializers.IntegerField(read_only=True, help_text="Of those, published by then.")
    on_time_rate = _decimal("Percent.")
    sentiment = ReportSentimentSerializer(read_only=True)


class ReportSpendSerializer(serializers.Serializer):
    currency = serializers.CharField(read_only=True)
    budget = _decimal()
    paid = _decimal()
    scheduled = _decimal()
    total = _decimal()
    remaining = _decimal("Budget less paid and scheduled.")
    unconverted = serializers.ListField(child=serializers.CharField(), read_only=True)


class ReportMomentSerializer(serializers.Serializer):
    text = serializers.CharField(read_only=True)
    influencer = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class ReportRateSerializer(serializers.Serializer):
    from_currency = serializers.CharField(read_only=True)
    rate = serializers.DecimalField(max_digits=14, decimal_places=6, read_only=True)
    as_of = serializers.DateField(read_only=True)


class ReportSerializer(serializers.Serializer):
    campaign = NamedSerializer(read_only=True)
    generated_at = serializers.DateTimeField(read_only=True)
    rows = ReportFiguresSerializer(many=True, read_only=True)
    total = ReportFiguresSerializer(read_only=True)
    spend = ReportSpendSerializer(read_only=True)
    moments = ReportMomentSerializer(many=True, read_only=True)
    rates_used = ReportRateSerializer(many=True, read_only=True)
