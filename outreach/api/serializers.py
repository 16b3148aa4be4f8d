"""JSON shapes of the outreach API (outreach.api.serializers): pitches with their verdict and
delivery, templates, and the contact policy. Output and input serializers are separate where
they differ; none of them holds a rule (the services do)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contacts.models import Channel
from contacts.services import LIMITS
from irm.api import version_input
from irm.models import EmailStatus, User
from outreach.guard import Rule, Severity
from outreach.models import Pitch, PitchAttachment, PitchStatus, PitchTemplate

# --- people --------------------------------------------------------------------------------------


class OutreachPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["public_id", "name", "email"]
        read_only_fields = fields


class PitchInfluencerSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


# --- the guard's verdict ----------------------------------------------------------------------


class FindingSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=[(str(r), str(r)) for r in Rule], read_only=True)
    severity = serializers.ChoiceField(
        choices=[(str(s), str(s)) for s in Severity],
        read_only=True,
        help_text="`block`: it may not go; `hold`: it waits until `until`; `warn`: think twice.",
    )
    message = serializers.CharField(
        read_only=True, help_text="A plain sentence naming the person, with dates their time."
    )
    overridable = serializers.BooleanField(
        read_only=True, help_text="A manager may override this block with a reason."
    )
    until = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="For a hold: the next allowed moment."
    )


class VerdictSerializer(serializers.Serializer):
    allowed = serializers.BooleanField(
        read_only=True, help_text="No block: it may go (perhaps later, see `held_until`)."
    )
    overridable = serializers.BooleanField(
        read_only=True, help_text="Blocked only by rules a manager may override with a reason."
    )
    held_until = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When quiet hours, a weekend or do-not-disturb move it: their next allowed "
        "moment.",
    )
    findings = FindingSerializer(many=True, read_only=True)


class PitchRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why it may not go, in plain sentences.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field; the guard's refusals are under `non_field_errors`.",
    )
    verdict = VerdictSerializer(
        required=False,
        allow_null=True,
        help_text="The guard's verdict when the contact rules said no; absent when the input "
        "itself was not valid.",
    )


# --- pitches -----------------------------------------------------------------------------------


class PitchAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PitchAttachment
        fields = ["public_id", "name", "content_type", "size", "uploaded_at"]
        read_only_fields = fields


class PitchSerializer(serializers.ModelSerializer):
    influencer = PitchInfluencerSerializer(read_only=True)
    author = OutreachPersonSerializer(read_only=True, allow_null=True)
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    declined_topics = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="name",
        help_text="What they said no to (a declined pitch): the guard remembers these.",
    )
    template = serializers.SlugRelatedField(read_only=True, allow_null=True, slug_field="public_id")
    follow_up_of = serializers.SlugRelatedField(
        read_only=True,
        allow_null=True,
        slug_field="public_id",
        help_text="The pitch this one follows up (threaded to it).",
    )
    overridden_by = OutreachPersonSerializer(read_only=True, allow_null=True)
    verdict = serializers.SerializerMethodField(
        help_text="The guard's verdict stored when it was sent, scheduled, held or blocked."
    )
    delivery_status = serializers.SerializerMethodField(
        help_text="Email pitches: the outbox row's state (`unknown`: stuck while sending; check "
        "before sending again), or `failed` once a delivery report (a bounce) says it never "
        "arrived. None until it is sent, and for other channels."
    )
    delivered_at = serializers.SerializerMethodField(help_text="When the mail server accepted it.")
    attachments = PitchAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Pitch
        fields = [
            "public_id",
            "influencer",
            "author",
            "channel",
            "topics",
            "template",
            "follow_up_of",
            "subject",
            "body",
            "status",
            "send_at",
            "admitted_at",
            "sent_at",
            "replied_at",
            "answered_at",
            "declined_topics",
            "message_id",
            "verdict",
            "override_reason",
            "overridden_by",
            "delivery_status",
            "delivered_at",
            "delivery_failed_at",
            "delivery_failure",
            "attachments",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "version": {"help_text": "Bumped by every saved edit of the draft; send it back."},
            "send_at": {"help_text": "When a scheduled or held pitch goes out."},
            "admitted_at": {
                "help_text": "When the guard let it through: from then on it counts as a contact."
            },
            "delivery_failed_at": {"help_text": "When a delivery report said it never arrived."},
            "delivery_failure": {"help_text": "Why, as the receiving server said it."},
        }

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, pitch: Pitch) -> dict | None:
        return pitch.verdict or None

    @extend_schema_field(
        serializers.ChoiceField(choices=EmailStatus.choices, allow_null=True, read_only=True)
    )
    def get_delivery_status(self, pitch: Pitch) -> str | None:
        if pitch.delivery_failed_at is not None:
            # The server accepted it (the outbox says sent), then the recipient's bounced it.
            return EmailStatus.FAILED
        return pitch.outbox_email.status if pitch.outbox_email_id else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True, read_only=True))
    def get_delivered_at(self, pitch: Pitch):
        if not pitch.outbox_email_id or pitch.outbox_email.sent_at is None:
            return None
        return serializers.DateTimeField().to_representation(pitch.outbox_email.sent_at)


def topics_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=80),
        required=False,
        max_length=20,
        help_text="What it is about (topic names; new ones are added to the workspace).",
    )


class PitchCreateSerializer(serializers.Serializer):
    influencer = serializers.UUIDField(help_text="The influencer's id.")
    channel = serializers.ChoiceField(choices=Channel.choices)
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True)
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Merge fields ({first_name}, {name}, {my_name}) are filled in. Empty with a "
        "template: the template's text.",
    )
    topics = topics_field()
    template = serializers.UUIDField(required=False, help_text="A template's id.")


class PitchUpdateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    topics = topics_field()
    version = version_input()


class PitchSendSerializer(serializers.Serializer):
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Managers only: why the overridable rules (cooldown, team cap, declined topic) "
        "should not apply this time. Stored on the pitch, the timeline and the audit log.",
    )
    send_at = serializers.DateTimeField(
        required=False,
        help_text="Schedule it for this moment instead of now. The guard may hold it later "
        "still (quiet hours, weekends, do-not-disturb in their time zone).",
    )


class PitchMarkSentSerializer(serializers.Serializer):
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Managers only: why the overridable rules should not apply this time.",
    )


class PitchAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(
        choices=[
            (PitchStatus.REPLIED.value, "Replied"),
            (PitchStatus.ACCEPTED.value, "Accepted"),
            (PitchStatus.DECLINED.value, "Declined"),
            (PitchStatus.NO_RESPONSE.value, "No response"),
        ]
    )
    declined_topics = serializers.ListField(
        child=serializers.CharField(max_length=80),
        required=False,
        max_length=20,
        help_text="For `declined`: the topics they said no to (default: the pitch's topics).",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, help_text="What they said, for the timeline."
    )
    answered_at = serializers.DateTimeField(
        required=False, help_text="When they answered (default: now). Not in the future."
    )


# --- templates ---------------------------------------------------------------------------------


class PitchTemplateSerializer(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    created_by = OutreachPersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PitchTemplate
        fields = [
            "public_id",
            "name",
            "subject",
            "body",
            "topics",
            "created_by",
            "created_at",
            "updated_at",
            "archived_at",
        ]
        read_only_fields = fields


MERGE_HELP = "Merge fields: {name}, {first_name} (theirs) and {my_name} (the author's)."


class PitchTemplateCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    subject = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=MERGE_HELP
    )
    body = serializers.CharField(trim_whitespace=False, help_text=MERGE_HELP)
    topics = topics_field()


class PitchTemplateUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    subject = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=MERGE_HELP
    )
    body = serializers.CharField(required=False, trim_whitespace=False, help_text=MERGE_HELP)
    topics = topics_field()


# --- contact policy ----------------------------------------------------------------------------


def _limited(name: str, help_text: str, **kwargs) -> serializers.IntegerField:
    low, high, _unit = LIMITS[name]
    return serializers.IntegerField(
        min_value=low, max_value=high, help_text=f"{help_text} ({low}-{high}).", **kwargs
    )


POLICY_HELP = {
    "cooldown_days": "Minimum days between two outbound contacts with one person",
    "max_follow_ups": "Follow-ups allowed per pitch",
    "follow_up_delay_days": "Days to wait before a follow-up",
    "team_cap_per_30_days": "Outbound contacts per person in any 30 days, whole team",
    "decline_memory_days": "Days a declined topic is not pitched to them again",
}
QUIET_START_HELP = "Quiet hours start, their local time (the same start and end: none)."
QUIET_END_HELP = "Quiet hours end, their local time."
WEEKENDS_HELP = "No contact on Saturdays and Sundays, their local time."
PERSONALIZATION_HELP = "Warn when a body reads like the template or like one sent to others."


class KeepInTouchSerializer(serializers.Serializer):
    """Days between two contacts by relationship stage."""

    prospect = serializers.IntegerField(min_value=7, max_value=730)
    aware = serializers.IntegerField(min_value=7, max_value=730)
    engaged = serializers.IntegerField(min_value=7, max_value=730)
    collaborating = serializers.IntegerField(min_value=7, max_value=730)
    ambassador = serializers.IntegerField(min_value=7, max_value=730)


class KeepInTouchInputSerializer(KeepInTouchSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ContactPolicySerializer(serializers.Serializer):
    """The workspace's policy as the guard applies it to someone without overrides."""

    cooldown_days = _limited("cooldown_days", POLICY_HELP["cooldown_days"])
    max_follow_ups = _limited("max_follow_ups", POLICY_HELP["max_follow_ups"])
    follow_up_delay_days = _limited("follow_up_delay_days", POLICY_HELP["follow_up_delay_days"])
    quiet_hours_start = serializers.TimeField(help_text=QUIET_START_HELP)
    quiet_hours_end = serializers.TimeField(help_text=QUIET_END_HELP)
    no_weekends = serializers.BooleanField(help_text=WEEKENDS_HELP)
    team_cap_per_30_days = _limited("team_cap_per_30_days", POLICY_HELP["team_cap_per_30_days"])
    decline_memory_days = _limited("decline_memory_days", POLICY_HELP["decline_memory_days"])
    personalization_required = serializers.BooleanField(help_text=PERSONALIZATION_HELP)
    keep_in_touch_days_by_stage = KeepInTouchSerializer()


class _NullablePolicyFields(serializers.Serializer):
    """The contact policy's values as input, each of which may be null (it then inherits)."""

    cooldown_days = _limited("cooldown_days", POLICY_HELP["cooldown_days"], allow_null=True)
    max_follow_ups = _limited("max_follow_ups", POLICY_HELP["max_follow_ups"], allow_null=True)
    follow_up_delay_days = _limited(
        "follow_up_delay_days", POLICY_HELP["follow_up_delay_days"], allow_null=True
    )
    quiet_hours_start = serializers.TimeField(allow_null=True, help_text=QUIET_START_HELP)
    quiet_hours_end = serializers.TimeField(allow_null=True, help_text=QUIET_END_HELP)
    no_weekends = serializers.BooleanField(allow_null=True, help_text=WEEKENDS_HELP)
    team_cap_per_30_days = _limited(
        "team_cap_per_30_days", POLICY_HELP["team_cap_per_30_days"], allow_null=True
    )
    decline_memory_days = _limited(
        "decline_memory_days", POLICY_HELP["decline_memory_days"], allow_null=True
    )
    personalization_required = serializers.BooleanField(
        allow_null=True, help_text=PERSONALIZATION_HELP
    )


class ContactPolicyInputSerializer(_NullablePolicyFields):
    """Every value may be null: back to Rapport's default."""

    keep_in_touch_days_by_stage = KeepInTouchInputSerializer(
        required=False, help_text="Only the stages given change."
    )


class PolicyOverrideInputSerializer(_NullablePolicyFields):
    """How one person may be contacted. Null inherits the workspace's value."""


class EffectivePolicySerializer(serializers.Serializer):
    """What the guard applies to this person: the workspace's policy with their overrides."""

    cooldown_days = serializers.IntegerField()
    max_follow_ups = serializers.IntegerField()
    follow_up_delay_days = serializers.IntegerField()
    quiet_hours_start = serializers.TimeField()
    quiet_hours_end = serializers.TimeField()
    no_weekends = serializers.BooleanField()
    team_cap_per_30_days = serializers.IntegerField()
    decline_memory_days = serializers.IntegerField()
    personalization_required = serializers.BooleanField()
    keep_in_touch_days = serializers.IntegerField(
        help_text="Their cadence: their own, else the workspace's for their stage."
    )


class PolicyOverrideSerializer(serializers.Serializer):
    influencer = PitchInfluencerSerializer()
    override = PolicyOverrideInputSerializer(
        allow_null=True, help_text="What is set for them (null values inherit); null: nothing."
    )
    effective = EffectivePolicySerializer()


class PolicyOverrideRowSerializer(serializers.Serializer):
    """One override row: the person, and what is set for them (null values inherit)."""

    influencer = PitchInfluencerSerializer()
    override = PolicyOverrideInputSerializer(source="*")
