"""Pitches, templates and sending identities. Every pitch passes the contact guard
(outreach.guard) when it is checked, sent, and again when a scheduled or held one is released."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from contacts.models import Channel, Influencer, Interaction, Topic
from irm.models import OutboxEmail, PublicIdModel, Workspace


class SendingIdentity(models.Model):
    """How a member signs their pitches: From name and signature. Replies go to the
    workspace's reply-to address, which is how inbound mail finds its workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    from_name = models.CharField(max_length=120)
    signature = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "sending identities"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="outreach_identity_unique")
        ]

    def __str__(self) -> str:
        return self.from_name


class PitchTemplate(PublicIdModel):
    """A starting point for pitches, with merge fields such as {first_name} and {my_name}."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    topics = models.ManyToManyField(Topic, related_name="+", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("name"),
                name="outreach_template_name_unique",
                violation_error_message="A template with this name exists already.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PitchStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held until an allowed moment"
    BLOCKED = "blocked", "Blocked at send"
    SENT = "sent", "Sent, waiting"
    REPLIED = "replied", "Replied"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no_response", "No response"
    CANCELLED = "cancelled", "Cancelled"


# Admitted by the guard but not sent yet: they count as contacts for the cooldown and the cap.
ADMITTED_UNSENT = (PitchStatus.SCHEDULED, PitchStatus.HELD)
# Sent, whatever the answer: used for follow-up counts and fingerprints.
SENT_STATUSES = (
    PitchStatus.SENT,
    PitchStatus.REPLIED,
    PitchStatus.ACCEPTED,
    PitchStatus.DECLINED,
    PitchStatus.NO_RESPONSE,
)


class Pitch(PublicIdModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.ForeignKey(Influencer, on_delete=models.CASCADE, related_name="pitches")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What it is about, e.g. a campaign: a generic reference, since campaigns builds on outreach.
    context_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    context_id = models.CharField(max_length=64, blank=True)
    context = GenericForeignKey("context_type", "context_id")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    topics = models.ManyToManyField(Topic, related_name="+", blank=True)
    template = models.ForeignKey(
        PitchTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="pitches"
    )
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    # The privacy notice (what we hold about them, why, since when, how to object): sent like
    # any pitch, through the guard; sending it is recorded on their profile.
    is_privacy_notice = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=PitchStatus.choices, default=PitchStatus.DRAFT)
    follow_up_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    # When a scheduled or held pitch goes out (their next allowed moment for a held one).
    send_at = models.DateTimeField(null=True, blank=True)
    # When the guard let it through (sent, scheduled or held): from then on it counts.
    admitted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # What they said no to: the guard remembers these topics for the policy's decline memory.
    declined_topics = models.ManyToManyField(Topic, related_name="+", blank=True)
    outbox_email = models.ForeignKey(
        OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    # A delivery report said the email never arrived (the address is flagged in contacts).
    delivery_failed_at = models.DateTimeField(null=True, blank=True)
    delivery_failure = models.CharField(max_length=300, blank=True)
    verdict = models.JSONField(default=dict, blank=True)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Hashed word 3-shingles of the body as sent, for the "not personalized" rule.
    fingerprint = ArrayField(models.BigIntegerField(), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by each edit a person saves (optimistic concurrency: irm.versions); background
    # updates of derived fields leave it alone, so they never turn an edit into a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name_plural = "pitches"
        ordering = ["-created_at"]
        indexes = [
            # The outreach page: my / my team's pitches by status.
            models.Index(
                fields=["workspace", "status", "-updated_at"], name="outreach_pitch_status_idx"
            ),
            # The outreach page's counts per status of my pitches (outreach.selectors.pitches
            # _counts_per_status), read from the index alone.
            models.Index(fields=["workspace", "author", "status"], name="outreach_pitch_mine_idx"),
            # The API's pitch list, newest first: walked in order and stopped at the page's
            # rows, instead of joining and sorting every pitch of the workspace.
            models.Index(
                fields=["workspace", "-created_at", "-id"], name="outreach_pitch_api_list_idx"
            ),
            # The guard: admitted pitches per person.
            models.Index(
                fields=["influencer", "admitted_at"],
                condition=Q(admitted_at__isnull=False),
                name="outreach_pitch_admitted_idx",
            ),
            # The release sweep: scheduled and held pitches whose moment came.
            models.Index(
                fields=["send_at"],
                condition=Q(status__in=["scheduled", "held"]),
                name="outreach_pitch_due_idx",
            ),
            # The guard's fingerprints: bodies sent in the last 30 days to anyone else
            # (outreach.selectors.guard _facts_row), read from the index alone: thousands of pitches
            # a month in a busy agency, each a heap page otherwise.
            models.Index(
                fields=["workspace", "sent_at"],
                include=["influencer", "fingerprint"],
                condition=Q(sent_at__isnull=False),
                name="outreach_pitch_sent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Pitch to {self.influencer_id}: {self.subject or self.body[:40]}"


class PitchAttachment(PublicIdModel):
    """A press kit or brief sent with a pitch. Kept in media storage and served only through a
    view that checks the workspace and role, never from a public URL."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="pitch-attachments/%Y/%m/")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class InboundKind(models.TextChoices):
    REPLY = "reply", "Message from them"
    AUTO_REPLY = "auto_reply", "Auto-reply"
    DELIVERY_REPORT = "delivery_report", "Delivery report"
    # A member wrote from their own mail client and put the workspace address in BCC.
    LOGGED_OUTBOUND = "logged_outbound", "Sent by a member (BCC)"


class InboundStatus(models.TextChoices):
    MATCHED = "matched", "On the timeline"
    UNMATCHED = "unmatched", "Unmatched"
    DISCARDED = "discarded", "Discarded"


class MatchedBy(models.TextChoices):
    THREAD = "thread", "its thread (In-Reply-To / References)"
    SENDER = "sender", "the sender's address"
    RECIPIENT = "recipient", "the recipient's address"
    PERSON = "person", "a person"


class AwayDecision(models.TextChoices):
    PENDING = "pending", "Waiting for a person"
    APPLIED = "applied", "Do-not-disturb set"
    IGNORED = "ignored", "Ignored"


class InboundMessage(PublicIdModel):
    """One email that came in to a workspace's reply-to address: a reply, an auto-reply, a
    delivery report, or a member's own message logged by BCC. Unique per workspace by
    Message-ID, so ingesting the same message again changes nothing."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    message_id = models.CharField(max_length=500)
    in_reply_to = models.CharField(max_length=500, blank=True)
    references = ArrayField(models.CharField(max_length=500), default=list, blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    from_address = models.CharField(max_length=254, blank=True)
    to_addresses = ArrayField(models.CharField(max_length=254), default=list, blank=True)
    cc_addresses = ArrayField(models.CharField(max_length=254), default=list, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    # When they wrote it (the Date header, if believable), and when it reached us.
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    body_text = models.TextField(blank=True)
    quoted_text = models.TextField(blank=True)
    from_html = models.BooleanField(default=False)
    headers = models.JSONField(default=dict, blank=True)
    raw = models.FileField(upload_to="inbound/%Y/%m/", blank=True)
    kind = models.CharField(max_length=16, choices=InboundKind.choices)
    auto_reply_marker = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=InboundStatus.choices)
    matched_by = models.CharField(max_length=10, choices=MatchedBy.choices, blank=True)
    # Why it is where it is, in plain words ("No influencer uses ana@example.com").
    note = models.CharField(max_length=300, blank=True)
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pitch = models.ForeignKey(
        Pitch, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound_messages"
    )
    interaction = models.ForeignKey(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An auto-reply's stated return date, applied as do-not-disturb only once a person confirms.
    away_until = models.DateField(null=True, blank=True)
    away_decision = models.CharField(max_length=8, choices=AwayDecision.choices, blank=True)
    # A delivery report: whether delivery failed for good (not a delay notice), which address
    # failed and what the receiving server said.
    delivery_failed = models.BooleanField(default=False)
    failed_recipient = models.CharField(max_length=254, blank=True)
    delivery_diagnostic = models.CharField(max_length=300, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "message_id"], name="outreach_inbound_message_unique"
            )
        ]
        indexes = [
            # The inbox: unmatched (or discarded) messages, newest first.
            models.Index(
                fields=["workspace", "status", "-received_at"], name="outreach_inbound_status_idx"
            ),
            # A pitch's conversation, in order.
            models.Index(fields=["pitch", "sent_at"], name="outreach_inbound_pitch_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"


class InboundAttachment(PublicIdModel):
    """A file that came with an inbound message. Always listed; its bytes are kept only when
    small and of a safe type, in media storage, served through a permission-checked view."""

    message = models.ForeignKey(
        InboundMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="inbound-attachments/%Y/%m/", blank=True)
    # Why the bytes were not kept ("Too large to keep (12 MB)"), empty when kept.
    not_kept_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


# --- reminders and notifications -----------------------------------------------------------------


class ReminderKind(models.TextChoices):
    FOLLOW_UP_DUE = "follow_up_due", "Follow-up due"
    KEEP_IN_TOUCH = "keep_in_touch", "Keep in touch"
    COOLDOWN_OVER = "cooldown_over", "Allowed to write again"
    OWE_REPLY = "owe_reply", "They are waiting for our reply"
    DELIVERABLE_DUE = "deliverable_due", "Deliverable due"
    PAYMENT_DUE = "payment_due", "Payment due"
    CONTRACT_UNSIGNED = "contract_unsigned", "Contract not signed"
    CUSTOM = "custom", "Reminder"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    HELD = "held", "Held while they are away"
    FIRED = "fired", "Due"
    DONE = "done", "Done"
    SNOOZED = "snoozed", "Snoozed"
    DISMISSED = "dismissed", "Dismissed"
    CANCELLED = "cancelled", "Cancelled"


# The sweep fires these when their moment comes: a held one when they are back, a snoozed one
# when its snooze ends.
WAITING_STATUSES = (ReminderStatus.PENDING, ReminderStatus.HELD, ReminderStatus.SNOOZED)
# Still asking for someone's attention (the reminders page, the digest).
OPEN_STATUSES = (
    ReminderStatus.PENDING,
    ReminderStatus.HELD,
    ReminderStatus.FIRED,
    ReminderStatus.SNOOZED,
)


class Reminder(PublicIdModel):
    """Something a person should do at a moment: a row with a due time, fired exactly once by
    the sweep. Planners create them under a unique dedupe key, so planning twice creates
    nothing twice."""

    # No index of its own: outreach_reminder_mine_idx leads with it (and the planning sweep
    # inserts thousands of rows an hour, each paying for every index).
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    # No index of its own: outreach_reminder_person_idx leads with it.
    influencer = models.ForeignKey(
        Influencer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        db_index=False,
    )
    pitch = models.ForeignKey(
        Pitch, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    # What it is about in higher apps (a payment, a deliverable): campaigns builds on outreach.
    source_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    title = models.CharField(max_length=200)
    # Why now, in plain words, and what would help ("Share their new video with the team").
    reason = models.CharField(max_length=300, blank=True)
    suggestion = models.CharField(max_length=300, blank=True)
    due_at = models.DateTimeField()
    # The fact it was planned from (a keep-in-touch's last two-way contact): a newer fact means
    # a new reminder.
    planned_from = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    dedupe_key = models.CharField(max_length=200, unique=True)
    # The sweep's bookkeeping: an unexpected error moves the next attempt forward.
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    fired_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep: waiting reminders whose moment (or next attempt) came.
            models.Index(
                fields=["due_at"],
                condition=Q(status__in=["pending", "held", "snoozed"]),
                name="outreach_reminder_due_idx",
            ),
            # The reminders page and the digest: a person's open reminders by due time.
            models.Index(
                fields=["workspace", "assignee", "status", "due_at"],
                name="outreach_reminder_mine_idx",
            ),
            # A person's open reminders in due order (the reminders page's sections, the API's
            # list): walked in order and stopped at the rows shown, instead of sorting them all.
            models.Index(
                fields=["workspace", "assignee", "due_at", "id"],
                condition=Q(status__in=["pending", "held", "fired", "snoozed"]),
                name="outreach_reminder_open_due_idx",
            ),
            models.Index(fields=["influencer", "status"], name="outreach_reminder_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Notification(PublicIdModel):
    """What the bell shows a person: a fired reminder, a follow-up draft ready, a pitch blocked
    at send. Emailed too when the person's preferences say so."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # One notification per event: firing a reminder twice cannot notify twice.
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "workspace", "-created_at"], name="outreach_notif_user_idx"
            ),
            models.Index(
                fields=["user", "workspace"],
                condition=Q(read_at__isnull=True),
                name="outreach_notif_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DigestDelivery(models.Model):
    """A daily digest sent to one person for one local date: at most one, whatever runs twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField()
    outbox_email = models.ForeignKey(
        OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workspace", "local_date"], name="outreach_digest_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Digest for {self.user_id} on {self.local_date}"


class CalendarFeed(models.Model):
    """A person's secret calendar URL (ICS) with their upcoming reminders. Only a hash of the
    secret is kept; revoking deletes the row, so the old URL stops working."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="outreach_feed_one_per_user")
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
