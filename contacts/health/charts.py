"""The dashboard's health trend: relationships per band per day, drawn as stacked areas.

Like contacts/charts.py, no JavaScript and no chart library: this lays out the geometry, the
template draws the inline SVG, and a table next to it carries the same numbers for people who
cannot see the drawing.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from contacts.charts import HEIGHT, PAD_BOTTOM, PAD_LEFT, PAD_RIGHT, PAD_TOP, WIDTH, Tick
from contacts.models import HealthBand
from irm.dates import DateWords


@dataclass(frozen=True)
class Layer:
    """One band's area: the polygon between its top edge and the layer beneath."""

    band: str
    label: str
    points: str


@dataclass
class BandTrendChart:
    layers: list[Layer]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD_LEFT
    right: int = WIDTH - PAD_RIGHT
    top: int = PAD_TOP
    bottom: int = HEIGHT - PAD_BOTTOM


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
class TrendRow:
    """One day of the table next to the chart: its date as a <time> element reads it, in
    words, and its counts as the row's cells (in HealthBand order)."""

    iso: str
    label: str
    cells: SafeString


def band_trend_rows(days: list[tuple[date, list[int]]]) -> list[TrendRow]:
    """The table's rows, oldest first, each day's counts in HealthBand order. Built here
    rather than cell by cell in the template: 90 days of six bands were half the page's
    rendering (a date filter and a localized number per cell)."""
    words = DateWords.current()
    return [
        TrendRow(
            iso=day.isoformat(),
            label=words.calendar_day(day),
            cells=format_html_join("", "<td>{}</td>", ((count,) for count in counts)),
        )
        for day, counts in days
    ]
