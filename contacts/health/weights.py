"""The one table relationship health is computed from, and the pure rules around it.

contacts/health/ holds only health's pure rules (no database access): this table, the reasons in
words (reasons.py) and the explanation page's text (explain.py). The computation that writes
snapshots lives in contacts.services.health, the override services in
contacts.services.health_overrides, the reads in contacts.selectors (dashboard*, health_panel),
the trend charts in contacts.charts.

contacts.services.health turns these numbers into SQL parameters, the "How health is computed"
page and the README section are rendered from them (contacts.health.explain), so changing a
weight here changes the computation and its explanation together. The override's bounds are
here too, as the override services and the explanation both state them.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from contacts.models import HealthBand


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: int
    question: str
    rule: str


COMPONENTS: tuple[Component, ...] = (
    Component(
        "recency",
        "Recency",
        30,
        "Have we really talked lately, for how often we mean to?",
        "100 while the last two-way contact (a real message from them, a draft or post they "
        "delivered, a call, a meeting, an event) is within their keep-in-touch cadence; then it "
        "falls in a straight line to 0 at three cadences. Our own messages do not count: "
        "one-way contact is not contact.",
    ),
    Component(
        "reciprocity",
        "Reciprocity",
        20,
        "Do they answer, and do they come to us?",
        "Up to 70 for the share of our messages in the last 365 days that they answered within "
        "14 days (calls and meetings count as answered), plus 15 for each of up to 2 "
        "conversations they started (a message with none from us in the 14 days before). With "
        "no message from us to judge, the share counts 70 if they started one, else 35.",
    ),
    Component(
        "respect",
        "Respect",
        15,
        "Have we treated their attention with care?",
        "100, minus 20 for each of our messages in the last 180 days that broke or overrode a "
        "contact rule, minus 10 for each off-topic one, minus 15 for each unanswered message "
        "after the first in the current streak (our messages since the last two-way contact).",
    ),
    Component(
        "owed",
        "What we owe them",
        15,
        "Are they waiting on us?",
        "100, minus for each overdue promise (a reply to a real message, a payment, feedback on "
        "a draft) 20 points plus 2 per day late, at most 60 each.",
    ),
    Component(
        "depth",
        "Partnership depth",
        10,
        "How much have we built together?",
        "15 for each completed collaboration (up to 4), up to 20 for a year of two-way "
        "history, and 20 for an ambassador; at most 100.",
    ),
    Component(
        "sentiment",
        "Sentiment",
        10,
        "How did our recent exchanges feel?",
        "The average over the last 180 days of entries with a sentiment: positive 100, neutral "
        "60, negative 0. With none recorded, 60.",
    ),
)

WEIGHTS: dict[str, int] = {component.key: component.weight for component in COMPONENTS}

# Bands from the score, best first: the first whose floor the score reaches.
BAND_FLOORS: tuple[tuple[str, int], ...] = (
    (HealthBand.THRIVING, 80),
    (HealthBand.HEALTHY, 60),
    (HealthBand.COOLING, 40),
    (HealthBand.AT_RISK, 0),
)
# Dormant whatever the score: no two-way contact for this many days, or three cadences if longer.
DORMANT_AFTER_DAYS = 180


@dataclass(frozen=True)
class Rules:
    """The numbers inside the components, named once."""

    answer_window: timedelta = timedelta(days=14)
    year: timedelta = timedelta(days=365)
    half_year: timedelta = timedelta(days=180)
    reply_share_points: int = 70
    neutral_reply_share: int = 35
    started_points: int = 15
    started_counted: int = 2
    rule_broken_penalty: int = 20
    off_topic_penalty: int = 10
    streak_penalty: int = 15
    late_base_penalty: int = 20
    late_daily_penalty: int = 2
    late_max_penalty: int = 60
    collaboration_points: int = 15
    collaborations_counted: int = 4
    tenure_points: int = 20
    ambassador_points: int = 20
    sentiment_points: tuple[tuple[str, int], ...] = (
        ("positive", 100),
        ("neutral", 60),
        ("negative", 0),
    )
    no_sentiment: int = 60


RULES = Rules()


def health_day(now: datetime) -> date:
    """Snapshots are per UTC day: one nightly run covers every workspace at once."""
    return now.astimezone(UTC).date()


OVERRIDE_MAX_DAYS = 365
# "new" describes the absence of history; a manager cannot declare it.
OVERRIDE_BANDS = [band for band in HealthBand if band != HealthBand.NEW]


def override_is_active(influencer, now: datetime | None = None) -> bool:
    """What the computation applies, for showing whether an override still counts."""
    return bool(
        influencer.health_override_band
        and influencer.health_override_until
        and influencer.health_override_until >= health_day(now or timezone.now())
    )
