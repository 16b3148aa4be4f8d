"""Who each influencer is: the person (Influencer) with their stage and health band, their
addresses (InfluencerEmail), accounts (SocialAccount) and follower history (MetricSnapshot),
the topics they cover (Topic) and what they charge per deliverable (RateCard).
"""

from django.conf import settings
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


def unique_per_workspace_ignoring_case(
    field: str, *, name: str, message: str
) -> models.UniqueConstraint:
    """A value (a topic's or a list's name, an address) taken once per workspace whatever its
    case: "Vegan baking" and "vegan baking" are the same topic."""
    return models.UniqueConstraint(
        "workspace", Lower(field), name=name, violation_error_message=message
    )


class Topic(PublicIdModel):
    """A niche they cover ("vegan baking", "trail running"), per workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            unique_per_workspace_ignoring_case(
                "name", name="contacts_topic_name_unique", message="This topic exists already."
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

    # Relationship health, written only by contacts.services.health (see HealthSnapshot).
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
            unique_per_workspace_ignoring_case(
                "email",
                name="contacts_email_unique",
                message="Another influencer already has this email address.",
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
