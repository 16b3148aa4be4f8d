"""JSON shapes of the reminders and notifications API (outreach.api.reminders): reminders as a
list and one by one, what a person sends to create, snooze, finish or dismiss one, and the bell's
notifications. None of them holds a rule: the planners and services (outreach/services/) do.
The checks here are about the request itself (a due time that already passed, a person who is
not in the workspace)."""

from datetime import timedelta

from django.utils import timezone
from rest_framework import serializers

from irm.api import QuerySerializer, WorkspaceMemberField
from irm.models import Membership, Role, User
from outreach.api.serializers import PitchInfluencerSerializer
from outreach.models import OPEN_STATUSES, Notification, Reminder, ReminderKind
from outreach.selectors.reminders import SCOPES
from outreach.services.reminders import SNOOZE_CHOICES, reminder_may_act

# A custom reminder may be due now; a client's clock a little behind ours is not a mistake.
PAST_DUE_TOLERANCE = timedelta(minutes=1)
# The list's `status`: one open state, or `all` (closed ones too, for one's own reminders).
STATUS_ALL = "all"
LIST_STATUSES = [(status.value, status.label) for status in OPEN_STATUSES] + [
    (STATUS_ALL, "Every state, closed ones too")
]
MARK_READ_LIMIT = 500


# --- output ------------------------------------------------------------------------------------


class ReminderPersonSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    name = serializers.SerializerMethodField(help_text="Their name (their email without one).")

    def get_name(self, user: User) -> str:
        return user.name or user.email


class ReminderSerializer(serializers.ModelSerializer):
    assignee = ReminderPersonSerializer(read_only=True, help_text="Whose reminder it is.")
    influencer = PitchInfluencerSerializer(
        read_only=True, allow_null=True, help_text="Who it is about, if anyone."
    )
    pitch = serializers.SlugRelatedField(
        read_only=True,
        allow_null=True,
        slug_field="public_id",
        help_text="The pitch it follows up, if any.",
    )
    may_act = serializers.SerializerMethodField(
        help_text="You may mark it done, snooze or dismiss it now: it is open, and it is yours "
        "(managers act on anyone's)."
    )

    class Meta:
        model = Reminder
        fields = [
            "public_id",
            "kind",
            "status",
            "title",
            "reason",
            "suggestion",
            "due_at",
            "fired_at",
            "assignee",
            "influencer",
            "pitch",
            "closed_at",
            "closed_reason",
            "may_act",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "status": {
                "help_text": "`pending`: not due yet; `fired`: due, it was announced; "
                "`snoozed`: back at `due_at`; `held`: waits while they are away; `done`, "
                "`dismissed` and `cancelled` are closed."
            },
            "reason": {"help_text": "Why now, in plain words (a custom reminder's note)."},
            "suggestion": {"help_text": "A next step that would help."},
            "due_at": {"help_text": "When it comes (or came) due; a snooze moves it."},
            "fired_at": {"help_text": "When it was announced in the bell (null before)."},
            "closed_at": {"help_text": "When it was done, dismissed or cancelled."},
            "closed_reason": {"help_text": "Who closed it, or why it was cancelled."},
        }

    def get_may_act(self, reminder: Reminder) -> bool:
        membership: Membership | None = self.context.get("membership")
        if membership is None or not membership.may(Role.MEMBER):
            return False
        return reminder.status in OPEN_STATUSES and reminder_may_act(
            reminder=reminder, actor=membership.user, role=membership.role
        )


class NotificationSerializer(serializers.ModelSerializer):
    reminder = serializers.SlugRelatedField(
        read_only=True,
        allow_null=True,
        slug_field="public_id",
        help_text="The reminder that fired, for a reminder's notification.",
    )

    class Meta:
        model = Notification
        fields = ["public_id", "kind", "title", "body", "url", "reminder", "created_at", "read_at"]
        read_only_fields = fields
        extra_kwargs = {
            "kind": {
                "help_text": "`reminder` (a reminder fired), `follow_up_ready` (a follow-up "
                "draft waits for you) or `pitch_blocked` (a pitch of yours was blocked at send)."
            },
            "url": {"help_text": "Where it is in the app (a path)."},
            "read_at": {"help_text": "When you marked it read; null while unread."},
        }


class NotificationsMarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(
        read_only=True, help_text="How many unread notifications were marked read."
    )


# --- query parameters ------------------------------------------------------------------------


class ReminderQuerySerializer(QuerySerializer):
    scope = serializers.ChoiceField(
        choices=[(scope, scope) for scope in SCOPES],
        default="me",
        help_text="`me` (the default): your reminders; `team`: yours and those of everyone who "
        "shares a team with you.",
    )
    kind = serializers.ChoiceField(
        choices=ReminderKind.choices, required=False, help_text="Only reminders of this kind."
    )
    status = serializers.ChoiceField(
        choices=LIST_STATUSES,
        required=False,
        help_text="Only open reminders in this state (without it: every open state). `all` "
        "adds the closed ones (done, dismissed, cancelled); it lists your own reminders only "
        "(`scope=me`).",
    )
    due_after = serializers.DateTimeField(
        required=False, help_text="Only reminders due at or after this moment (ISO 8601)."
    )
    due_before = serializers.DateTimeField(
        required=False, help_text="Only reminders due before this moment (ISO 8601)."
    )

    def validate(self, data: dict) -> dict:
        if data.get("status") == STATUS_ALL and data["scope"] != "me":
            raise serializers.ValidationError(
                {"status": ["Closed reminders are listed for your own reminders only (scope=me)."]}
            )
        after, before = data.get("due_after"), data.get("due_before")
        if after is not None and before is not None and after >= before:
            raise serializers.ValidationError({"due_before": ["Choose a moment after due_after."]})
        return data


class NotificationQuerySerializer(QuerySerializer):
    unread = serializers.BooleanField(
        required=False,
        default=False,
        help_text="`true`: only the notifications you have not read yet.",
    )


# --- input -------------------------------------------------------------------------------------


class ReminderCreateSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=200,
        help_text="What to remember, in a few words.",
        error_messages={
            "required": "Say what to remember in a few words.",
            "blank": "Say what to remember in a few words.",
        },
    )
    due_at = serializers.DateTimeField(
        help_text="When it comes due: now or later (ISO 8601, with its offset).",
        error_messages={"required": "Say when to remind."},
    )
    influencer = serializers.UUIDField(
        required=False, allow_null=True, help_text="Who it is about (an influencer's id)."
    )
    assignee = WorkspaceMemberField(
        required=False,
        allow_null=True,
        help_text="Whom to remind (a member's user id); you, without it. Viewers only read, so "
        "a reminder goes to a member, a manager or an admin.",
    )
    note = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why, in a sentence: shown as the reminder's reason.",
    )

    def validate_due_at(self, value):
        if value < timezone.now() - PAST_DUE_TOLERANCE:
            raise serializers.ValidationError(
                "This moment has passed: a reminder is due now or later."
            )
        return value

    def validate_assignee(self, user: User | None) -> User | None:
        if user is None:
            return None
        role = (
            Membership.objects.filter(workspace=self.context.get("workspace"), user=user)
            .values_list("role", flat=True)
            .first()
        )
        if role == Role.VIEWER:
            raise serializers.ValidationError(
                "Viewers only read: choose a member, a manager or an admin."
            )
        return user


class ReminderSnoozeSerializer(serializers.Serializer):
    """`{"for": "1d"}`, `{"for": "1w"}` or `{"until": "2026-12-01"}`: one of the two."""

    until = serializers.DateField(
        required=False,
        help_text="Back on this day at 09:00 your time; a day after today.",
    )

    def get_fields(self) -> dict:
        # `for` reads best in JSON but is a Python keyword, so it cannot be a class attribute.
        fields = super().get_fields()
        snooze_for = serializers.ChoiceField(
            choices=[(choice, choice) for choice in SNOOZE_CHOICES],
            required=False,
            help_text="`1d`: back in a day; `1w`: back in a week.",
        )
        return {"for": snooze_for, **fields}

    def validate(self, data: dict) -> dict:
        if ("for" in data) == ("until" in data):
            raise serializers.ValidationError(
                "Snooze for a day (`for`: `1d`), a week (`1w`) or until a date (`until`): one "
                "of them.",
                code="one_of",
            )
        return data


class NotificationsMarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=MARK_READ_LIMIT,
        help_text=f"The notifications to mark read (their ids, up to {MARK_READ_LIMIT}); "
        "without `ids`, all of yours in this workspace.",
    )
