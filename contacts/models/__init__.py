"""Who each influencer is, how they may be contacted, and everything that happened between us.

Every row belongs to one workspace and is addressed by `public_id` in URLs. Writes go through
contacts.services; the timeline (Interaction) is the single record of relationship facts.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from irm.models import PublicIdModel, Team, Workspace, validate_time_zone


class Stage(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    AWARE = "aware", "Aware"
    ENGAGED = "engaged", "Engaged"
    COLLABORATING = "collaborating", "Collaborating"
    AMBASSADOR = "ambassador", "Ambassador"


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    X = "x", "X"
    TWITCH = "twitch", "Twitch"
    LINKEDIN = "linkedin", "LinkedIn"
    BLOG = "blog", "Blog"
    PODCAST = "podcast", "Podcast"
    NEWSLETTER = "newsletter", "Newsletter"
    OTHER = "other", "Other"


class Channel(models.TextChoices):
    """Ways to reach a person. None counts as open without a ChannelPermission record."""

    EMAIL = "email", "Email"
    AGENT_EMAIL = "agent_email", "Email to their agent"
    INSTAGRAM_DM = "instagram_dm", "Instagram DM"
    TIKTOK_DM = "tiktok_dm", "TikTok DM"
    X_DM = "x_dm", "X DM"
    LINKEDIN = "linkedin", "LinkedIn message"
    PHONE = "phone", "Phone"
    WHATSAPP = "whatsapp", "WhatsApp"
    IN_PERSON = "in_person", "In person"


class Topic(PublicIdModel):
    """A niche they cover ("vegan baking", "trail running"), per workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("name"),
                name="contacts_topic_name_unique",
                violation_error_message="This topic exists already.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class HealthBand(models.TextChoices):
    """From best to worst; "new" until the first two-way contact."""

    THRIVING = "thriving", "Thriving"
    HEALTHY = "healthy", "Healthy"
    COOLING = "cooling", "Cooling"
    AT_RISK = "at_risk", "At risk"
    DORMANT = "dormant", "Dormant"
    NEW = "new", "New"


class Influencer(PublicIdModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="influencers")

    # Who they are
    name = models.CharField(max_length=150)
    # contacts.normalize.sort_key(name), kept by the services that write the name. Every list
    # of people sorts on it: "C" compares the folded text byte by byte on any server (the
    # embedded Postgres has no ICU, and a server's locale would sort "Léa" after "Lina").
    sort_name = models.TextField(db_collation="C", editable=False, default="")
    pronouns = models.CharField(max_length=40, blank=True)
    avatar_url = models.URLField(max_length=500, blank=True)
    bio = models.TextField(blank=True, help_text="How they describe themselves.")
    background = models.TextField(blank=True, help_text="Their story: what brought them here.")
    values = models.TextField(blank=True, help_text="What they stand for; causes they support.")
    audience_notes = models.TextField(blank=True, help_text="Who follows them and why.")
    location = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code, e.g. FR.")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # Set when an import guessed the zone from their city and country (the file named none);
    # the profile says so until someone sets the zone by hand.
    time_zone_guessed = models.BooleanField(
        default=False,
        help_text="An import guessed the zone from their city and country; false once someone "
        "sets it.",
    )
    languages = ArrayField(
        models.CharField(max_length=8), default=list, blank=True, help_text="e.g. en, fr"
    )
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(max_length=500, blank=True)
    shipping_address = models.TextField(blank=True, help_text="For product seeding.")
    agent_name = models.CharField(max_length=150, blank=True)
    agent_email = models.EmailField(max_length=254, blank=True)

    topics = models.ManyToManyField(Topic, related_name="influencers", blank=True)
    # Kept by the services from their social accounts, for sorting and filtering: the sum of
    # the counts we know, null while no account's count is known (unknown is never 0).
    total_followers = models.BigIntegerField(null=True, blank=True)

    # Ownership and relationship
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_influencers",
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="influencers"
    )
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.PROSPECT)
    keep_in_touch_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty: the workspace's cadence for their stage."
    )

    # Respect
    do_not_contact = models.BooleanField(default=False)
    do_not_contact_reason = models.TextField(blank=True)
    do_not_contact_since = models.DateTimeField(null=True, blank=True)
    do_not_contact_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    do_not_disturb_until = models.DateField(
        null=True, blank=True, help_text="Away (leave, holidays): no contact before this day."
    )

    # Timeline facts, kept by contacts.services.interaction_* from when things happened.
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    last_outbound_at = models.DateTimeField(null=True, blank=True)
    last_two_way_at = models.DateTimeField(null=True, blank=True)

    # Relationship health, written only by contacts.health.compute (see HealthSnapshot).
    # health_band is the band people see: a manager's override while it lasts, else the
    # computed one. Reasons are codes with their facts, put into words when shown.
    health_score = models.PositiveSmallIntegerField(null=True, blank=True)
    health_band = models.CharField(
        max_length=10, choices=HealthBand.choices, default=HealthBand.NEW
    )
    health_reasons = models.JSONField(default=list, blank=True)
    health_computed_at = models.DateTimeField(null=True, blank=True)
    # A manager's judgement over the computed band, until (and including) a day.
    health_override_band = models.CharField(max_length=10, choices=HealthBand.choices, blank=True)
    health_override_reason = models.CharField(max_length=300, blank=True)
    health_override_until = models.DateField(null=True, blank=True)
    health_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    health_override_at = models.DateTimeField(null=True, blank=True)

    # When the privacy notice (what we hold, why, since when, how to object) last went out to
    # them: set by outreach when the notice pitch is sent, shown on the profile.
    privacy_notice_sent_at = models.DateTimeField(null=True, blank=True)

    search_vector = SearchVectorField(null=True, editable=False)
    # Set by contacts.services.erasure: the profile is then an empty shell (ids only), kept so
    # rows that must stay (payments, audit) still point somewhere.
    erased_at = models.DateTimeField(null=True, blank=True)
    # A manager put them aside: hidden from lists, dashboards, reminders and the guard's
    # targets, everything kept, restorable.
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by each edit a person saves (optimistic concurrency: irm.versions); background
    # updates of derived fields leave it alone, so they never turn an edit into a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["sort_name", "id"]
        indexes = [
            # The list page's search.
            GinIndex(fields=["search_vector"], name="contacts_infl_search_idx"),
            # The list page's sort orders and filters, always inside one workspace.
            models.Index(fields=["workspace", "sort_name", "id"], name="contacts_infl_sort_idx"),
            # The list as people see it (not erased, not archived), by name: the paginator's
            # COUNT(*) and a deep page's ids (irm.pagination.deferred_page) are index-only scans of
            # it, and the name order reads it without skipping archived or erased rows.
            models.Index(
                fields=["workspace", "sort_name", "id"],
                condition=Q(erased_at__isnull=True, archived_at__isnull=True),
                name="contacts_infl_live_name_idx",
            ),
            # The same for the list's most-followers order (a deep page's ids, index-only).
            models.Index(
                "workspace",
                F("total_followers").desc(nulls_last=True),
                "sort_name",
                "id",
                condition=Q(erased_at__isnull=True, archived_at__isnull=True),
                name="contacts_infl_live_follow_idx",
            ),
            # The same for the list's most-recently-contacted order: without it, even its
            # first page sorted the whole live list (contacts_infl_lastout_idx puts the never
            # contacted first when read this way).
            models.Index(
                "workspace",
                F("last_outbound_at").desc(nulls_last=True),
                "sort_name",
                "id",
                condition=Q(erased_at__isnull=True, archived_at__isnull=True),
                name="contacts_infl_live_recent_idx",
            ),
            # The same for the archived people's list (`archived=yes`), a small share.
            models.Index(
                fields=["workspace", "sort_name", "id"],
                condition=Q(erased_at__isnull=True, archived_at__isnull=False),
                name="contacts_infl_archived_idx",
            ),
            # Unknown counts sort last both ways (list_influencers' "-followers" order).
            models.Index(
                models.F("workspace"),
                models.F("total_followers").desc(nulls_last=True),
                name="contacts_infl_followers_idx",
            ),
            models.Index(
                fields=["workspace", "-last_outbound_at"], name="contacts_infl_lastout_idx"
            ),
            models.Index(fields=["workspace", "stage"], name="contacts_infl_stage_idx"),
            models.Index(fields=["workspace", "owner"], name="contacts_infl_owner_idx"),
            models.Index(fields=["workspace", "team"], name="contacts_infl_team_idx"),
            models.Index(fields=["workspace", "country"], name="contacts_infl_country_idx"),
            # The list's band filter and score sort; the dashboard's band counts.
            models.Index(fields=["workspace", "health_band"], name="contacts_infl_band_idx"),
            # Worst first reads this one forwards; best first (nulls last) needs its own.
            models.Index(fields=["workspace", "health_score"], name="contacts_infl_score_idx"),
            models.Index(
                "workspace",
                F("health_score").desc(nulls_last=True),
                name="contacts_infl_score_best_idx",
            ),
            GinIndex(fields=["languages"], name="contacts_infl_languages_idx"),
            # The dashboard's band counts and per-team and per-owner tables (grouped counts and
            # average score of the people it shows, read from the index alone), and the people
            # in its scope that its outreach and near-the-cap counts join.
            models.Index(
                fields=["workspace", "team", "owner", "health_band"],
                include=["health_score", "id", "do_not_contact", "name"],
                condition=Q(erased_at__isnull=True, archived_at__isnull=True),
                name="contacts_infl_dash_counts_idx",
            ),
            # The dashboard's keep-in-touch section: everyone in scope it may be due for, with
            # what their due moment is computed from, read from the index alone.
            models.Index(
                fields=["workspace", "team", "owner"],
                include=["id", "last_two_way_at", "keep_in_touch_days", "stage"],
                condition=Q(
                    erased_at__isnull=True,
                    archived_at__isnull=True,
                    do_not_contact=False,
                    last_two_way_at__isnull=False,
                ),
                name="contacts_infl_dash_touch_idx",
            ),
            # The dashboard's at-risk and cooling lists: a band's worst first, read in order.
            models.Index(
                "workspace",
                "health_band",
                F("health_score").asc(nulls_last=True),
                "sort_name",
                "id",
                condition=Q(erased_at__isnull=True, archived_at__isnull=True),
                name="contacts_infl_dash_worst_idx",
            ),
            # Inbound mail from an agent finds the influencers they speak for.
            models.Index(
                "workspace",
                Lower("agent_email"),
                condition=~Q(agent_email=""),
                name="contacts_infl_agent_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InfluencerEmail(models.Model):
    """An address of theirs. Unique per workspace whatever its case: inbound mail finds its
    influencer by it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.ForeignKey(Influencer, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField(max_length=254)
    is_primary = models.BooleanField(default=False)
    # Set when mail to this address came back undeliverable (a delivery report).
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_primary", "email"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("email"),
                name="contacts_email_unique",
                violation_error_message="Another influencer already has this email address.",
            ),
            models.UniqueConstraint(
                fields=["influencer"],
                condition=Q(is_primary=True),
                name="contacts_email_one_primary",
            ),
        ]

    def __str__(self) -> str:
        return self.email


class SocialAccount(PublicIdModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, related_name="social_accounts"
    )
    platform = models.CharField(max_length=16, choices=Platform.choices)
    # Normalized by contacts.normalize.handle: lower case, no leading @, no URL around it.
    handle = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    # Null: not known (an import without the count, an account added by hand without it).
    followers = models.PositiveBigIntegerField(null=True, blank=True)
    engagement_rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent of followers who engage with a typical post.",
    )
    verified = models.BooleanField(default=False)
    last_updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [models.F("followers").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "platform", "handle"],
                name="contacts_handle_unique",
                violation_error_message="Another influencer already has this handle.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle}"


class MetricSnapshot(models.Model):
    """Followers and engagement of one account on one day: the profile's trend chart."""

    social_account = models.ForeignKey(
        SocialAccount, on_delete=models.CASCADE, related_name="snapshots"
    )
    captured_on = models.DateField()
    followers = models.PositiveBigIntegerField(null=True, blank=True)
    engagement_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["captured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["social_account", "captured_on"], name="contacts_snapshot_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.captured_on}: {self.followers} followers"


class DeliverableType(models.TextChoices):
    INSTAGRAM_POST = "instagram_post", "Instagram post"
    INSTAGRAM_REEL = "instagram_reel", "Instagram reel"
    INSTAGRAM_STORY = "instagram_story", "Instagram story"
    TIKTOK_VIDEO = "tiktok_video", "TikTok video"
    YOUTUBE_VIDEO = "youtube_video", "YouTube video"
    YOUTUBE_SHORT = "youtube_short", "YouTube short"
    BLOG_POST = "blog_post", "Blog post"
    PODCAST_MENTION = "podcast_mention", "Podcast mention"
    NEWSLETTER_MENTION = "newsletter_mention", "Newsletter mention"
    LIVE_STREAM = "live_stream", "Live stream"
    EVENT_APPEARANCE = "event_appearance", "Event appearance"
    OTHER = "other", "Other"


class RateCard(PublicIdModel):
    """What they charge per deliverable: offers are compared against it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.ForeignKey(Influencer, on_delete=models.CASCADE, related_name="rates")
    deliverable_type = models.CharField(max_length=24, choices=DeliverableType.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="EUR")
    notes = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deliverable_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["influencer", "deliverable_type", "currency"],
                name="contacts_rate_unique",
                violation_error_message="There is already a rate for this deliverable.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_deliverable_type_display()}: {self.amount} {self.currency}"


class ChannelPermission(PublicIdModel):
    """The open door: a channel they opened to us (or closed), since when and why we know."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, related_name="channel_permissions"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    is_open = models.BooleanField(default=True)
    since = models.DateTimeField(default=timezone.now)
    evidence = models.CharField(
        max_length=300, help_text="e.g. “They emailed us first”, “Business email on profile”."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["influencer", "channel"], name="contacts_channel_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {'open' if self.is_open else 'closed'}"


def default_keep_in_touch_by_stage() -> dict[str, int]:
    return {
        Stage.PROSPECT: 120,
        Stage.AWARE: 90,
        Stage.ENGAGED: 60,
        Stage.COLLABORATING: 45,
        Stage.AMBASSADOR: 30,
    }


class ContactPolicy(models.Model):
    """How people may be contacted: the workspace's defaults (influencer empty) or one
    influencer's overrides (empty fields inherit the workspace's). Outreach's guard applies it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.OneToOneField(
        Influencer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_policy",
    )
    cooldown_days = models.PositiveSmallIntegerField(null=True, blank=True)
    max_follow_ups = models.PositiveSmallIntegerField(null=True, blank=True)
    follow_up_delay_days = models.PositiveSmallIntegerField(null=True, blank=True)
    quiet_hours_start = models.TimeField(null=True, blank=True)
    quiet_hours_end = models.TimeField(null=True, blank=True)
    no_weekends = models.BooleanField(null=True, blank=True)
    team_cap_per_30_days = models.PositiveSmallIntegerField(null=True, blank=True)
    decline_memory_days = models.PositiveSmallIntegerField(null=True, blank=True)
    personalization_required = models.BooleanField(null=True, blank=True)
    keep_in_touch_days_by_stage = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "contact policies"
        constraints = [
            models.UniqueConstraint(
                fields=["workspace"],
                condition=Q(influencer__isnull=True),
                name="contacts_policy_one_default",
            )
        ]

    def __str__(self) -> str:
        return f"Contact policy for {self.influencer or self.workspace}"


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
            # The dashboard's reply rate (contacts.health.dashboard.RECENT_CONTACTS_SQL): their
            # messages in a workspace's last 30 days, read from the index alone and matched to
            # ours in one hash join.
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


class HealthSnapshot(models.Model):
    """One influencer's relationship health on one day (UTC), as contacts.health.compute found
    it: the trend charts and the dashboard's "change vs 30 days ago" read these."""

    # No index of their own: contacts_health_ws_day_idx starts with the workspace and the
    # (influencer, day) key with the influencer, so each would be a second copy that every
    # snapshot written (100,000 a night) had to keep up.
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, related_name="health_snapshots", db_index=False
    )
    day = models.DateField()
    score = models.PositiveSmallIntegerField()
    # The band people saw that day (an override included) and the one computed.
    band = models.CharField(max_length=10, choices=HealthBand.choices)
    computed_band = models.CharField(max_length=10, choices=HealthBand.choices)
    recency = models.PositiveSmallIntegerField()
    reciprocity = models.PositiveSmallIntegerField()
    respect = models.PositiveSmallIntegerField()
    owed = models.PositiveSmallIntegerField()
    depth = models.PositiveSmallIntegerField()
    sentiment = models.PositiveSmallIntegerField()
    # The facts behind the components (counts, days, dates), for explanations and the API.
    facts = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["influencer", "day"], name="contacts_health_day_unique")
        ]
        indexes = [
            # Trend charts and band counts per day inside one workspace.
            models.Index(fields=["workspace", "day", "band"], name="contacts_health_ws_day_idx")
        ]

    def __str__(self) -> str:
        return f"{self.influencer_id} on {self.day}: {self.score} ({self.band})"


class HealthDayCount(models.Model):
    """How many relationships had a snapshot in each band on one day: for the whole workspace,
    per team, per owner and per team and owner. The dashboard's trend and its "change since 30
    days ago" read these few rows instead of every snapshot of 90 days.

    Kept exact by the database (contacts.health.daily_counts says how and why): every write of
    a snapshot, and every change of an influencer's team, owner, archiving or erasure, moves
    the counts in the statement that makes it. A day counts the people in the scope *now*,
    as the trend always has: erasing or archiving someone takes them out of every past day
    too, unarchiving brings them back, and a new owner takes their history along. Rows whose
    count fell to 0 stay (a day with only zeros reads as a day without snapshots)."""

    # team_key / owner_key: a team's or a user's id, NOBODY for people without one, ANY for the
    # rows that count every team (or every owner).
    ANY = -1
    NOBODY = 0

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    team_key = models.BigIntegerField()
    owner_key = models.BigIntegerField()
    day = models.DateField()
    band = models.CharField(max_length=10, choices=HealthBand.choices)
    count = models.IntegerField()

    class Meta:
        constraints = [
            # Also the dashboard's trend query: one scope's days and bands, in order.
            models.UniqueConstraint(
                fields=["workspace", "team_key", "owner_key", "day", "band"],
                name="contacts_health_daycount_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.band}: {self.count}"


class InfluencerList(PublicIdModel):
    """A named, shareable list ("Spring launch shortlist")."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    influencers = models.ManyToManyField(
        Influencer, through="ListEntry", related_name="lists", blank=True
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("name"),
                name="contacts_list_name_unique",
                violation_error_message="A list with this name exists already.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ListEntry(models.Model):
    influencer_list = models.ForeignKey(InfluencerList, on_delete=models.CASCADE)
    influencer = models.ForeignKey(Influencer, on_delete=models.CASCADE)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["influencer_list", "influencer"], name="contacts_list_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.influencer_id} in {self.influencer_list_id}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    PREVIEWED = "previewed", "Previewed"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(PublicIdModel):
    """A CSV import: upload, mapping, dry run, then a Celery task with progress."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=1, blank=True)
    # The sheet read from an Excel workbook (empty for a CSV file).
    sheet = models.CharField(max_length=31, blank=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=dict, blank=True)
    rejected_file = models.FileField(upload_to="imports/rejected/%Y/%m/", blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.original_name} ({self.status})"


class SuppressionKind(models.TextChoices):
    EMAIL = "email", "Email address"
    HANDLE = "handle", "Social handle"


class SuppressionKey(models.Model):
    """The workspace's own random key for suppression digests. Stored rather than derived from
    SECRET_KEY, which may rotate: a rotated key would make every suppression unmatchable."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Suppression key of {self.workspace_id}"


class Suppression(models.Model):
    """What is left of an erased person: a keyed digest (HMAC-SHA256) of one normalized
    address or handle, so a later import, creation or email from them is recognized and flagged
    do-not-contact without keeping the address itself."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=SuppressionKind.choices)
    # The platform of a handle (the same handle elsewhere may be someone else); empty for email.
    platform = models.CharField(max_length=16, choices=Platform.choices, blank=True)
    digest = models.CharField(max_length=64)
    erased_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Also the lookup every creation, import row and inbound message makes.
            models.UniqueConstraint(
                fields=["workspace", "kind", "platform", "digest"],
                name="contacts_suppression_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} erased on {self.erased_on}"
