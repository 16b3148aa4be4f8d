"""What the profile's health panel shows: the effective band and score, a manager's override
(active or expired), the component bars, the reasons in words and the recent trend.

Built from the influencer row (current health, override) and its recent snapshots, which
contacts.selectors.profiles.health_history loads: nothing here queries the database. It sits
with the selectors as the profile's read of health (contacts.views.profile calls it).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from contacts import charts
from contacts.health.reasons import is_concern, reason_text
from contacts.health.weights import BAND_FLOORS, COMPONENTS, health_day, override_is_active
from contacts.models import HealthBand, HealthSnapshot, Influencer
from contacts.selectors.profiles import TREND_DAYS
from irm.dates import DateWords
from irm.template_values import TemplateValues


@dataclass(frozen=True)
class ComponentBar:
    key: str
    label: str
    question: str
    value: int


@dataclass(frozen=True)
class ReasonLine:
    text: str
    concern: bool


@dataclass(frozen=True)
class Override:
    band: str
    band_label: str
    reason: str
    by: str
    until: date
    active: bool


@dataclass(frozen=True, slots=True)
class HistoryRow(TemplateValues):
    """One day of the table behind the trend line, its day and score as text worked out here
    once per row (90 of them) rather than by two date filters and a number format each."""

    day: date
    day_iso: str
    day_words: str
    score: int
    score_text: str
    band_label: str


@dataclass
class HealthPanel:
    band: str
    band_label: str
    score: int | None
    computed_at: datetime | None
    computed_band_label: str  # what the computation says, under a manager's override
    components: list[ComponentBar]
    reasons: list[ReasonLine]
    override: Override | None
    history: list[HistoryRow]
    sparkline: charts.Sparkline | None
    trend_summary: str
    trend_days: int = TREND_DAYS

    @property
    def never_computed(self) -> bool:
        return self.computed_at is None


def _components(latest: HealthSnapshot | None) -> list[ComponentBar]:
    if latest is None:
        return []
    return [
        ComponentBar(
            key=component.key,
            label=component.label,
            question=component.question,
            value=getattr(latest, component.key),
        )
        for component in COMPONENTS
    ]


def _override(influencer: Influencer, now: datetime) -> Override | None:
    if not influencer.health_override_band:
        return None
    who = influencer.health_override_by
    return Override(
        band=influencer.health_override_band,
        band_label=HealthBand(influencer.health_override_band).label,
        reason=influencer.health_override_reason,
        by=(who.name or who.email) if who else "someone no longer in the workspace",
        until=influencer.health_override_until,
        active=override_is_active(influencer, now),
    )


def _trend_summary(history: list[HistoryRow]) -> str:
    """ "Up 8 points since 25 Aug (54 → 62)." in words, for people who cannot see the line."""
    if len(history) < 2:
        return "The trend appears once health has been computed on two different days."
    first, last = history[0], history[-1]
    change = last.score - first.score
    if change == 0:
        moved = "Steady"
    else:
        points = "point" if abs(change) == 1 else "points"
        moved = f"{'Up' if change > 0 else 'Down'} {abs(change)} {points}"
    return f"{moved} since {first.day:%-d %b} ({first.score} → {last.score})."


def _history(snapshots: list[HealthSnapshot]) -> list[HistoryRow]:
    words = DateWords.current()
    bands = {value: str(label) for value, label in HealthBand.choices}
    return [
        HistoryRow(
            day=shot.day,
            day_iso=shot.day.isoformat(),
            day_words=words.calendar_day(shot.day),
            score=shot.score,
            score_text=str(shot.score),
            band_label=bands[shot.band],
        )
        for shot in snapshots
    ]


def health_panel(
    *, influencer: Influencer, snapshots: list[HealthSnapshot], now: datetime, zone
) -> HealthPanel:
    """The panel for one influencer; dates in reasons read in `zone` (the viewer's)."""
    today = health_day(now)
    latest = snapshots[-1] if snapshots else None
    history = _history(snapshots)
    with timezone.override(zone):
        reasons = [
            ReasonLine(
                text=reason_text(reason, influencer.name, now=now), concern=is_concern(reason)
            )
            for reason in influencer.health_reasons
        ]
    return HealthPanel(
        band=influencer.health_band,
        band_label=influencer.get_health_band_display(),
        score=influencer.health_score,
        computed_at=influencer.health_computed_at,
        computed_band_label=HealthBand(latest.computed_band).label if latest else "",
        components=_components(latest),
        reasons=reasons,
        override=_override(influencer, now),
        history=history,
        sparkline=charts.score_sparkline(
            [(row.day, row.score) for row in history],
            start=today - timedelta(days=TREND_DAYS - 1),
            end=today,
            thresholds=[floor for _, floor in BAND_FLOORS if floor > 0],
        ),
        trend_summary=_trend_summary(history),
    )
