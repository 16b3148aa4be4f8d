"""Server-side trend charts, pure computation (no database access): the geometry of a small
inline SVG line chart (a profile's followers), a sentence that says what it shows ("+12% in 90
days") and the rows of the table behind it; and the dashboard's health trend, relationships per
band per day drawn as stacked areas, with its table (band_trend_chart, band_trend_rows).

No JavaScript and no chart library: the template draws the SVG from these numbers, and the
sentence and the table carry the same facts for people who cannot see the drawing.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from contacts.models import HealthBand
from irm.dates import DateWords

WIDTH = 640
HEIGHT = 180
# Room for the value labels on the left and the dates underneath.
PAD_LEFT = 56
PAD_RIGHT = 12
PAD_TOP = 12
PAD_BOTTOM = 28


def compact_number(value: int | None) -> str:
    """12 -> "12", 12_345 -> "12.3K", 1_200_000 -> "1.2M": how follower counts are read."""
    if value is None:
        return "—"
    value = round(value)
    for limit, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if abs(value) >= limit:
            scaled = value / limit
            text = f"{scaled:.1f}" if abs(scaled) < 100 else f"{scaled:.0f}"
            return text.removesuffix(".0") + suffix
    return str(value)


def _full_number(value: float) -> str:
    return f"{round(value):,}"


def percent_change(first: float, last: float) -> float | None:
    if not first:
        return None
    return (last - first) / first * 100


def signed_percent(change: float) -> str:
    """+12%, -3%, +0.4%, 0%: whole percents unless the change is under one."""
    if abs(change) < 0.05:
        return "0%"
    text = f"{change:+.1f}" if abs(change) < 1 else f"{change:+.0f}"
    return f"{text}%"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str


@dataclass(kw_only=True)
class ChartArea:
    """The drawing's size and the plotting area inside its padding, which every chart shares."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD_LEFT
    right: int = WIDTH - PAD_RIGHT
    top: int = PAD_TOP
    bottom: int = HEIGHT - PAD_BOTTOM


@dataclass
class LineChart(ChartArea):
    """What the template needs to draw one series: the polyline, the dots and the axes."""

    points: str
    dots: list[Dot]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def line_chart(
    series: list[tuple[date, float]], *, label=compact_number, ticks: int = 3
) -> LineChart | None:
    """Lay out dated values on the chart's area; None with fewer than two points."""
    if len(series) < 2:
        return None
    first_day, last_day = series[0][0], series[-1][0]
    span_days = max((last_day - first_day).days, 1)
    values = [value for _, value in series]
    low, high = min(values), max(values)
    if high == low:
        # A flat line sits in the middle, with a little room above and below.
        margin = abs(high) * 0.05 or 1
        low, high = low - margin, high + margin
    inner_width = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_height = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x_of(day: date) -> float:
        return round(PAD_LEFT + (day - first_day).days / span_days * inner_width, 1)

    def y_of(value: float) -> float:
        return round(PAD_TOP + (high - value) / (high - low) * inner_height, 1)

    dots = [Dot(x=x_of(day), y=y_of(value), label=label(value)) for day, value in series]
    tick_label = label
    if label is compact_number and (high - low) < abs(high) * 0.05:
        # Close values would all read "12K": show them in full.
        tick_label = _full_number
    steps = [low + (high - low) * step / (ticks - 1) for step in range(ticks)]
    y_ticks = [Tick(position=y_of(value), label=tick_label(value)) for value in steps]
    x_ticks = [Tick(position=x_of(first_day), label=first_day.strftime("%-d %b"))]
    if last_day != first_day:
        x_ticks.append(Tick(position=x_of(last_day), label=last_day.strftime("%-d %b")))
    return LineChart(
        points=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        dots=dots,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )


@dataclass(frozen=True)
class TrendRow:
    day: date
    followers: int | None  # None: not known that day
    engagement_rate: Decimal | None


@dataclass
class Trend:
    """One account's followers and engagement over the last days, drawn and said in words."""

    rows: list[TrendRow]
    followers: LineChart | None
    engagement: LineChart | None
    summary: str
    change: str = ""  # "+12% in 90 days", for the accounts table
    facts: list[str] = field(default_factory=list)


def engagement_text(rate: Decimal | float | None) -> str:
    """The one way an engagement rate is shown, in the accounts table, the trend's dots, its
    summary and its data table alike: a percent with one decimal, rounded half up (4.25 is
    "4.3%", as people round; a float's .1f would say "4.2%" next to a table saying "4.25%")."""
    if rate is None:
        return "—"
    return f"{Decimal(str(rate)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def follower_change(rows: list[TrendRow]) -> str:
    """ "+12% in 90 days" from the first to the last row with a known count; "" without two
    such rows to compare."""
    rows = [row for row in rows if row.followers is not None]
    if len(rows) < 2:
        return ""
    days = (rows[-1].day - rows[0].day).days
    change = percent_change(rows[0].followers, rows[-1].followers)
    if change is None:
        return f"from 0 to {compact_number(rows[-1].followers)} in {days} days"
    return f"{signed_percent(change)} in {days} day{'s' if days != 1 else ''}"


def account_trend(snapshots) -> Trend:
    """The trend of one account from its snapshots (oldest first): the followers chart, the
    engagement chart (when they were measured on two days or more) and a summary sentence."""
    rows = [
        TrendRow(
            day=shot.captured_on, followers=shot.followers, engagement_rate=shot.engagement_rate
        )
        for shot in snapshots
    ]
    counted = [row for row in rows if row.followers is not None]
    followers = line_chart([(row.day, float(row.followers)) for row in counted])
    engaged = [
        (row.day, float(row.engagement_rate)) for row in rows if row.engagement_rate is not None
    ]
    engagement = line_chart(engaged, label=engagement_text)
    if len(rows) < 2:
        summary = (
            "Not enough history for a trend yet: it appears once their numbers were "
            "recorded on two different days."
        )
        return Trend(rows=rows, followers=None, engagement=None, summary=summary)
    change = follower_change(rows)
    facts = []
    if change:
        first, last = counted[0], counted[-1]
        facts.append(
            f"followers {change} ({compact_number(first.followers)} on {first.day:%-d %b %Y}, "
            f"{compact_number(last.followers)} on {last.day:%-d %b %Y})."
        )
    else:
        # Unknown counts are not zeros: no trend is drawn through them.
        facts.append("Followers were not known on two different days.")
        followers = None
    if len(engaged) >= 2:
        before, after = engagement_text(engaged[0][1]), engagement_text(engaged[-1][1])
        facts.append(f"Engagement rate {before} → {after}.")
    return Trend(
        rows=rows,
        followers=followers,
        engagement=engagement,
        summary=" ".join(facts),
        change=change,
        facts=facts,
    )


# A sparkline: a small chart on a fixed scale (a score out of 100), with no axes of its own.
SPARK_WIDTH = 300
SPARK_HEIGHT = 64
SPARK_PAD = 4


@dataclass
class Sparkline:
    """One series on a fixed 0-100 scale across a fixed window of days, with dashed lines at
    the given thresholds (e.g. band floors) so the eye can tell where the line crosses them."""

    points: str
    last: Dot
    thresholds: list[Tick]
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


def score_sparkline(
    series: list[tuple[date, int]], *, start: date, end: date, thresholds: list[int]
) -> Sparkline | None:
    """Lay out dated scores (oldest first) between `start` and `end`; None without any.
    Days missing from the series stay gaps in time, not squeezed out."""
    if not series:
        return None
    span_days = max((end - start).days, 1)
    inner_width = SPARK_WIDTH - 2 * SPARK_PAD
    inner_height = SPARK_HEIGHT - 2 * SPARK_PAD

    def x_of(day: date) -> float:
        return round(SPARK_PAD + (day - start).days / span_days * inner_width, 1)

    def y_of(score: float) -> float:
        return round(SPARK_PAD + (100 - score) / 100 * inner_height, 1)

    coordinates = [(x_of(day), y_of(score)) for day, score in series]
    last_x, last_y = coordinates[-1]
    return Sparkline(
        points=" ".join(f"{x},{y}" for x, y in coordinates),
        last=Dot(x=last_x, y=last_y, label=str(series[-1][1])),
        thresholds=[Tick(position=y_of(value), label=str(value)) for value in thresholds],
    )


# --- the dashboard's health trend: relationships per band per day, as stacked areas ---------


@dataclass(frozen=True)
class Layer:
    """One band's area: the polygon between its top edge and the layer beneath."""

    band: str
    label: str
    points: str


@dataclass
class BandTrendChart(ChartArea):
    layers: list[Layer]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def band_trend_chart(days: list[tuple[date, list[int]]]) -> BandTrendChart | None:
    """Stack the bands (in HealthBand order, the best at the bottom) for each day, oldest
    first; each day's counts are in HealthBand order. None with fewer than two days."""
    if len(days) < 2:
        return None
    first_day, last_day = days[0][0], days[-1][0]
    span_days = max((last_day - first_day).days, 1)
    highest = max(max(sum(counts) for _, counts in days), 1)
    inner_width = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_height = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x_of(day: date) -> float:
        return round(PAD_LEFT + (day - first_day).days / span_days * inner_width, 1)

    def y_of(value: float) -> float:
        return round(PAD_TOP + (highest - value) / highest * inner_height, 1)

    def edge(values: list[int]) -> list[str]:
        return [f"{x_of(day)},{y_of(value)}" for (day, _), value in zip(days, values, strict=True)]

    layers = []
    below = [0] * len(days)
    for index, (band, label) in enumerate(HealthBand.choices):
        above = [base + counts[index] for base, (_, counts) in zip(below, days, strict=True)]
        if above != below:  # a band nobody was in draws nothing
            outline = edge(above) + edge(below)[::-1]
            layers.append(Layer(band=band, label=label, points=" ".join(outline)))
        below = above
    y_ticks = [Tick(position=y_of(value), label=str(round(value))) for value in _ticks(highest)]
    x_ticks = [
        Tick(position=x_of(first_day), label=first_day.strftime("%-d %b")),
        Tick(position=x_of(last_day), label=last_day.strftime("%-d %b")),
    ]
    return BandTrendChart(layers=layers, y_ticks=y_ticks, x_ticks=x_ticks)


def _ticks(highest: int) -> list[float]:
    """0, the middle and the top; just 0 and the top when the middle is not a whole number."""
    middle = highest / 2
    return [0, middle, highest] if middle == int(middle) else [0, highest]


@dataclass(frozen=True, slots=True)
class BandTrendRow:
    """One day of the table next to the chart: its date as a <time> element reads it, in
    words, and its counts as the row's cells (in HealthBand order)."""

    iso: str
    label: str
    cells: SafeString


def band_trend_rows(days: list[tuple[date, list[int]]]) -> list[BandTrendRow]:
    """The table's rows, oldest first, each day's counts in HealthBand order. Built here
    rather than cell by cell in the template: 90 days of six bands were half the page's
    rendering (a date filter and a localized number per cell)."""
    words = DateWords.current()
    return [
        BandTrendRow(
            iso=day.isoformat(),
            label=words.calendar_day(day),
            cells=format_html_join("", "<td>{}</td>", ((count,) for count in counts)),
        )
        for day, counts in days
    ]
