"""The report's charts, drawn server-side as inline SVG: horizontal bars per influencer, the
sentiment as one stacked bar each, spend against the budget.

No JavaScript and no chart library (as contacts/charts.py): the template draws the SVG from
these numbers, and every chart comes with a sentence that says what it shows and the table of the
numbers behind it, for people who cannot see the drawing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from campaigns.report_figures import Figures, Report, decimal_text, number, percent_text

WIDTH = 640
LABEL_WIDTH = 170  # the influencer's name, left of the bars
VALUE_ROOM = 150  # the value written after the bar
BAR_HEIGHT = 18
BAR_GAP = 10
PAD_TOP = 6
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_ROOM
CANNOT_SAY = "cannot be compared"


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    css: str
    text: str


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as written, e.g. "2.50%" or "cannot compare"
    y: float
    segments: list[Segment]

    @property
    def label_y(self) -> float:
        return round(self.y + BAR_HEIGHT / 2, 1)

    @property
    def end_x(self) -> float:
        if not self.segments:
            return LABEL_WIDTH
        last = self.segments[-1]
        return round(last.x + last.width, 1)


@dataclass
class BarChart:
    key: str  # for element ids
    title: str
    summary: str
    columns: list[str]  # the table's header after the name
    table: list[list[str]]  # rows: name, then one cell per column
    bars: list[Bar] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css, label)
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return PAD_TOP * 2 + len(self.bars) * (BAR_HEIGHT + BAR_GAP)

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def _y(index: int) -> float:
    return PAD_TOP + index * (BAR_HEIGHT + BAR_GAP)


def _bars(rows: list[tuple[str, Decimal | int | None, str]], css: str) -> list[Bar]:
    """One bar per (label, value, text); the longest bar is the largest value. A row without a
    value keeps its line with its text ("—") and no bar."""
    largest = max((value for _, value, _ in rows if value is not None and value > 0), default=0)
    bars = []
    for index, (label, value, text) in enumerate(rows):
        segments = []
        if value is not None and value > 0 and largest:
            width = round(float(value) / float(largest) * BAR_AREA, 1)
            segments.append(Segment(x=LABEL_WIDTH, width=max(width, 1.0), css=css, text=text))
        bars.append(Bar(label=label, text=text, y=_y(index), segments=segments))
    return bars


def _best(rows: list[Figures], value) -> Figures | None:
    scored = [row for row in rows if value(row) is not None]
    return max(scored, key=value) if scored else None


def engagement_chart(report: Report) -> BarChart:
    rows = report.rows
    best = _best(rows, lambda row: row.engagement if row.engagement else None)
    if best is None:
        summary = "No engagement recorded yet."
    else:
        summary = (
            f"{number(report.total.engagement)} engagements in total (likes, comments, shares "
            f"and saves); {best.name} drew the most: {number(best.engagement)}."
        )
    return BarChart(
        key="engagement",
        title="Engagement by influencer",
        summary=summary,
        columns=["Engagement", "Likes", "Comments", "Shares", "Saves"],
        table=[
            [row.name, number(row.engagement), *map(number, _parts(row))]
            for row in [*rows, report.total]
        ],
        bars=_bars([(row.name, row.engagement, number(row.engagement)) for row in rows], "bar"),
    )


def _parts(row: Figures) -> list[int]:
    return [row.likes, row.comments, row.shares, row.saves]


def _follower_rate_chart(
    report: Report,
    *,
    key: str,
    title: str,
    columns: list[str],
    rate,
    text,
    count,
    css: str,
    empty: str,
    summary,
) -> BarChart:
    """A figure per follower by influencer: `rate(row)` shown as `text`, beside the `count` it
    divides and the followers; `summary(total, best, best_value)` says it in words."""
    rows = report.rows
    best = _best(rows, rate)
    return BarChart(
        key=key,
        title=title,
        summary=empty
        if best is None
        else summary(text(rate(report.total)), best, text(rate(best))),
        columns=columns,
        table=[
            [row.name, text(rate(row)), number(count(row)), row.followers_text]
            for row in [*rows, report.total]
        ],
        bars=_bars([(row.name, rate(row), text(rate(row))) for row in rows], css),
    )


def engagement_rate_chart(report: Report) -> BarChart:
    return _follower_rate_chart(
        report,
        key="engagement-rate",
        title="Engagement rate by influencer",
        columns=["Engagement rate", "Engagement", "Followers"],
        rate=lambda row: row.engagement_rate,
        text=percent_text,
        count=lambda row: row.engagement,
        css="bar rate",
        empty="No engagement rate yet: it needs results and the influencers' followers.",
        summary=lambda total, best, value: (
            f"Engagement rate across the campaign: {total} of followers; highest {best.name} "
            f"at {value}."
        ),
    )


def conversation_chart(report: Report) -> BarChart:
    return _follower_rate_chart(
        report,
        key="conversation",
        title="Conversation per 1,000 followers",
        columns=["Comments per 1k followers", "Comments", "Followers"],
        rate=lambda row: row.conversation_per_1k,
        text=decimal_text,
        count=lambda row: row.comments,
        css="bar conversation",
        empty="No conversation measured yet: it needs comments and the followers.",
        summary=lambda total, best, value: (
            f"{total} comments per 1,000 followers across the campaign; the liveliest "
            f"conversation was with {best.name} ({value})."
        ),
    )


SENTIMENT_PARTS = (
    ("positive", "Positive"),
    ("neutral", "Neutral"),
    ("negative", "Negative"),
)


def sentiment_chart(report: Report) -> BarChart:
    """One bar per influencer split into positive, neutral and negative shares (each bar is
    100% of the comments counted for them)."""
    bars = []
    for index, row in enumerate(report.rows):
        sentiment = row.sentiment
        segments = []
        x = float(LABEL_WIDTH)
        for name, label in SENTIMENT_PARTS:
            share = getattr(sentiment, f"{name}_share")
            if not share:
                continue
            width = round(float(share) / 100 * BAR_AREA, 1)
            text = f"{label}: {getattr(sentiment, name)} ({share}%)"
            segments.append(Segment(x=round(x, 1), width=width, css=f"bar {name}", text=text))
            x += width
        text = (
            f"{percent_text(sentiment.positive_share)} positive"
            if sentiment.counted
            else "none counted"
        )
        bars.append(Bar(label=row.name, text=text, y=_y(index), segments=segments))
    total = report.total.sentiment
    if not total.counted:
        summary = "No comments have been read for sentiment yet."
    else:
        summary = (
            f"Of {number(total.counted)} comments read, {percent_text(total.positive_share)} "
            f"were positive, {percent_text(total.neutral_share)} neutral and "
            f"{percent_text(total.negative_share)} negative."
        )
    return BarChart(
        key="sentiment",
        title="Comment sentiment by influencer",
        summary=summary,
        columns=["Positive", "Neutral", "Negative"],
        table=[
            [
                row.name,
                *(
                    f"{getattr(row.sentiment, name)} "
                    f"({percent_text(getattr(row.sentiment, f'{name}_share'))})"
                    for name, _ in SENTIMENT_PARTS
                ),
            ]
            for row in [*report.rows, report.total]
        ],
        bars=bars,
        legend=[(f"bar {name}", label) for name, label in SENTIMENT_PARTS],
    )


def cost_per_engagement_chart(report: Report) -> BarChart:
    rows = report.rows
    total = report.total
    if not total.cost.comparable:
        summary = (
            f"The cost per engagement {CANNOT_SAY} for payments in "
            f"{', '.join(total.cost.unconverted)}: the workspace has no exchange rate into "
            f"{report.campaign.currency} for them."
        )
    elif total.cost_per_engagement is None:
        summary = "No cost per engagement yet: it needs engagement to divide the cost by."
    else:
        # The lowest among paid partnerships: an unpaid one costing nothing says little.
        paid = [row for row in rows if row.cost_per_engagement]
        summary = f"Each engagement cost {total.cost_per_engagement_text} across the campaign"
        if paid:
            cheapest = min(paid, key=lambda row: row.cost_per_engagement)
            summary += (
                f"; the lowest among paid partnerships was {cheapest.name} at "
                f"{cheapest.cost_per_engagement_text}"
            )
        summary += "."
    return BarChart(
        key="cost-per-engagement",
        title="Cost per engagement",
        summary=summary,
        columns=["Cost per engagement", "Cost", "Engagement"],
        table=[
            [
                row.name,
                row.cost_per_engagement_text,
                row.cost.total_text,
                number(row.engagement),
            ]
            for row in [*rows, total]
        ],
        bars=_bars(
            [(row.name, row.cost_per_engagement, row.cost_per_engagement_text) for row in rows],
            "bar cost",
        ),
    )


def on_time_chart(report: Report) -> BarChart:
    rows = report.rows
    total = report.total
    if not total.published:
        summary = "Nothing with a due date has been published yet."
    else:
        summary = (
            f"{total.on_time} of {total.published} published deliverables with a due date came "
            f"out on time ({percent_text(total.on_time_rate)})."
        )
    return BarChart(
        key="on-time",
        title="On-time delivery",
        summary=summary,
        columns=["On time", "Published on time", "Published with a due date"],
        table=[
            [row.name, percent_text(row.on_time_rate), str(row.on_time), str(row.published)]
            for row in [*rows, total]
        ],
        bars=_bars(
            [(row.name, row.on_time_rate, percent_text(row.on_time_rate)) for row in rows],
            "bar on-time",
        ),
    )


def spend_chart(report: Report) -> BarChart:
    """Two bars on one scale: the budget, and what is paid plus what is scheduled."""
    spend = report.spend
    money = spend.money
    table = [
        ["Paid", money.paid_text],
        ["Scheduled", money.scheduled_text],
        ["Budget", spend.budget_text],
        ["Remaining", spend.remaining_text],
    ]
    chart = BarChart(
        key="spend",
        title="Spend against the budget",
        summary="",
        columns=["Amount"],
        table=table,
        legend=[("bar paid", "Paid"), ("bar scheduled", "Scheduled")],
    )
    if not money.comparable:
        chart.summary = (
            f"Spend {CANNOT_SAY} with the budget: payments in {', '.join(money.unconverted)} have "
            f"no exchange rate into {spend.currency}."
        )
        return chart
    budget = spend.budget
    committed = money.total
    if budget is None:
        chart.summary = f"{money.total_text} paid or scheduled; the campaign has no budget set."
    elif committed > budget:
        chart.summary = (
            f"{money.total_text} paid or scheduled, over the budget of {spend.budget_text} by "
            f"{money.text(committed - budget)}."
        )
    else:
        chart.summary = (
            f"{money.paid_text} paid and {money.scheduled_text} scheduled of a "
            f"{spend.budget_text} budget; {spend.remaining_text} remaining."
        )
    largest = max(committed, budget or Decimal(0))
    if not largest:
        return chart

    def width(value: Decimal) -> float:
        return round(float(value) / float(largest) * BAR_AREA, 1)

    bars = []
    if budget is not None:
        budget_segments = [Segment(LABEL_WIDTH, width(budget), "bar budget", spend.budget_text)]
        bars.append(Bar("Budget", spend.budget_text, _y(0), budget_segments if budget else []))
    segments = []
    x = float(LABEL_WIDTH)
    for value, css, text in (
        (money.paid, "bar paid", f"Paid: {money.paid_text}"),
        (money.scheduled, "bar scheduled", f"Scheduled: {money.scheduled_text}"),
    ):
        if value:
            segments.append(Segment(round(x, 1), width(value), css, text))
            x += width(value)
    bars.append(Bar("Paid and scheduled", money.total_text, _y(len(bars)), segments))
    chart.bars = bars
    return chart


def report_charts(report: Report) -> list[BarChart]:
    """Every chart of the report, in the page's order."""
    return [
        engagement_chart(report),
        engagement_rate_chart(report),
        conversation_chart(report),
        sentiment_chart(report),
        cost_per_engagement_chart(report),
        on_time_chart(report),
        spend_chart(report),
    ]
