"""The campaign report's figures, their text and its CSV: what each influencer's content did,
what it cost and whether it came on time, per influencer and for the whole campaign.

Pure: nothing here touches the database. The figures are read by
campaigns/selectors/report.py (campaign_report); the read-only links that share the report are
written by campaigns/services/report_links.py.

Who is in the report: every collaboration that reached an agreement (agreed, in review,
published, completed), and any other one that has a deliverable or a payment (a partnership
cancelled after a fee was paid still cost money).

The figures, per influencer (the total row uses the same formulas on the sums):

- **Engagement** = likes + comments + shares + saves, summed over the results of their
  deliverables.
- **Engagement rate** = engagement ÷ the influencer's total followers * 100, as a percent with two
  decimals; "—" when their followers are unknown (null, never taken as 0). In the total, only the
  engagement of influencers whose followers are known is divided by the sum of those followers.
- **Conversation per 1k followers** = comments ÷ total followers * 1000 (two decimals); "—" when
  their followers are unknown. The total works like the engagement rate.
- **Sentiment** = the positive, neutral and negative comment counts (as counted by a person
  reading them), and each one's share of the three together, as a percent; "—" when none was
  counted.
- **Cost** = the collaboration's payments, paid (paid_at set) and scheduled (not paid yet), in
  the campaign's currency. A payment in another currency is converted with the workspace's
  latest exchange rate from that currency into the campaign's, set on or before the report's day
  (the workspace's calendar day). Without such a rate nothing is guessed: the cost, the cost per
  engagement and the remaining budget say "cannot compare" and name the currency.
- **Cost per engagement** = cost ÷ engagement, in the campaign's currency with two decimals; "—"
  without engagement yet.
- **On-time delivery** = published deliverables whose publication day (in the workspace's time
  zone) is on or before their due date ÷ published deliverables that have a due date, as a
  percent; "—" when none has been published with a due date.
- **Spend vs budget**: paid, scheduled, the campaign's budget and remaining = budget - paid -
  scheduled (negative when over budget); "—" without a budget.
- **Views, clicks and conversions**: sums over the results, as reported (views stand in for
  reach, which platforms do not share).
- **Moments**: the campaign's highlights in words, newest first.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.text import slugify

from campaigns.models import (
    Campaign,
)
from contacts.selectors import cell_safe

CANNOT_COMPARE = "cannot compare"
NOT_KNOWN = "—"
CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _ratio(part: int | Decimal, whole: int | Decimal, scale: int) -> Decimal | None:
    """part ÷ whole * scale, two decimals; None when there is nothing to divide by."""
    if not whole:
        return None
    return _round(Decimal(part) * scale / Decimal(whole))


def number(value: int) -> str:
    return f"{value:,}"


def percent_text(value: Decimal | None) -> str:
    return NOT_KNOWN if value is None else f"{value}%"


def decimal_text(value: Decimal | None) -> str:
    return NOT_KNOWN if value is None else f"{value:,}"


@dataclass(frozen=True)
class Sentiment:
    positive: int = 0
    neutral: int = 0
    negative: int = 0

    @property
    def counted(self) -> int:
        return self.positive + self.neutral + self.negative

    @property
    def positive_share(self) -> Decimal | None:
        return _ratio(self.positive, self.counted, 100)

    @property
    def neutral_share(self) -> Decimal | None:
        return _ratio(self.neutral, self.counted, 100)

    @property
    def negative_share(self) -> Decimal | None:
        return _ratio(self.negative, self.counted, 100)


@dataclass(frozen=True)
class Money:
    """Payments in the campaign's currency. paid/scheduled are None when a payment is in a
    currency without an exchange rate (named in `unconverted`): no figure is better than a
    guessed one."""

    currency: str
    paid: Decimal | None = Decimal("0.00")
    scheduled: Decimal | None = Decimal("0.00")
    unconverted: tuple[str, ...] = ()

    @property
    def comparable(self) -> bool:
        return not self.unconverted

    @property
    def total(self) -> Decimal | None:
        if self.paid is None or self.scheduled is None:
            return None
        return self.paid + self.scheduled

    def text(self, value: Decimal | None) -> str:
        if value is None:
            return f"{CANNOT_COMPARE} (no exchange rate for {', '.join(self.unconverted)})"
        return f"{value:,.2f} {self.currency}"

    @property
    def paid_text(self) -> str:
        return self.text(self.paid)

    @property
    def scheduled_text(self) -> str:
        return self.text(self.scheduled)

    @property
    def total_text(self) -> str:
        return self.text(self.total)

    def __add__(self, other: "Money") -> "Money":
        unconverted = tuple(sorted(set(self.unconverted) | set(other.unconverted)))
        if unconverted:
            return Money(currency=self.currency, paid=None, scheduled=None, unconverted=unconverted)
        return Money(
            currency=self.currency,
            paid=self.paid + other.paid,
            scheduled=self.scheduled + other.scheduled,
        )


@dataclass(frozen=True)
class Figures:
    """One row of the report: an influencer, or the total."""

    name: str
    followers: int | None  # None when unknown; the total sums the known ones
    cost: Money
    likes: int = 0
    comments: int = 0
    shares: int = 0
    saves: int = 0
    views: int = 0
    clicks: int = 0
    conversions: int = 0
    sentiment: Sentiment = field(default_factory=Sentiment)
    published: int = 0  # published deliverables that have a due date
    on_time: int = 0  # of those, published on or before it
    # What the rates divide: the engagement and comments of influencers with known followers.
    rated_engagement: int = 0
    rated_comments: int = 0
    influencer_public_id: str = ""
    stage: str = ""

    @property
    def engagement(self) -> int:
        return self.likes + self.comments + self.shares + self.saves

    @property
    def engagement_rate(self) -> Decimal | None:
        return _ratio(self.rated_engagement, self.followers, 100)

    @property
    def conversation_per_1k(self) -> Decimal | None:
        return _ratio(self.rated_comments, self.followers, 1000)

    @property
    def cost_per_engagement(self) -> Decimal | None:
        total = self.cost.total
        if total is None:
            return None
        return _ratio(total, self.engagement, 1)

    @property
    def cost_per_engagement_text(self) -> str:
        if not self.cost.comparable:
            return self.cost.total_text
        value = self.cost_per_engagement
        return NOT_KNOWN if value is None else f"{value:,.2f} {self.cost.currency}"

    @property
    def on_time_rate(self) -> Decimal | None:
        return _ratio(self.on_time, self.published, 100)

    @property
    def followers_text(self) -> str:
        return NOT_KNOWN if self.followers is None else number(self.followers)

    # Counts as people read them: 12,345.
    @property
    def engagement_text(self) -> str:
        return number(self.engagement)

    @property
    def views_text(self) -> str:
        return number(self.views)

    @property
    def clicks_text(self) -> str:
        return number(self.clicks)

    @property
    def conversions_text(self) -> str:
        return number(self.conversions)


@dataclass(frozen=True)
class Spend:
    money: Money
    budget: Decimal | None

    @property
    def currency(self) -> str:
        return self.money.currency

    @property
    def remaining(self) -> Decimal | None:
        if self.budget is None or self.money.total is None:
            return None
        return self.budget - self.money.total

    @property
    def budget_text(self) -> str:
        return NOT_KNOWN if self.budget is None else self.money.text(self.budget)

    @property
    def remaining_text(self) -> str:
        if self.budget is None:
            return NOT_KNOWN
        return self.money.text(self.remaining)


@dataclass(frozen=True)
class ReportMoment:
    text: str
    influencer: str
    created_at: datetime


@dataclass
class Report:
    campaign: Campaign
    now: datetime
    rows: list[Figures]
    total: Figures
    spend: Spend
    moments: list[ReportMoment]
    rates_used: list[tuple[str, Decimal, object]]  # (from currency, rate, as_of)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def payments_money(
    by_currency: dict[str, tuple[Decimal, Decimal]],
    *,
    currency: str,
    rates: dict[str, tuple[Decimal, object]],
) -> Money:
    paid = scheduled = Decimal("0.00")
    unconverted = []
    for source, (source_paid, source_scheduled) in sorted(by_currency.items()):
        if source == currency:
            rate = Decimal(1)
        elif source in rates:
            rate = rates[source][0]
        else:
            unconverted.append(source)
            continue
        paid += _round(source_paid * rate)
        scheduled += _round(source_scheduled * rate)
    if unconverted:
        return Money(currency=currency, paid=None, scheduled=None, unconverted=tuple(unconverted))
    return Money(currency=currency, paid=paid, scheduled=scheduled)


def figures_total(rows: list[Figures], *, currency: str) -> Figures:
    cost = Money(currency=currency)
    for row in rows:
        cost = cost + row.cost
    sums = {
        name: sum(getattr(row, name) for row in rows)
        for name in (
            "likes",
            "comments",
            "shares",
            "saves",
            "views",
            "clicks",
            "conversions",
            "published",
            "on_time",
            "rated_engagement",
            "rated_comments",
        )
    }
    known = [row.followers for row in rows if row.followers is not None]
    sums["followers"] = sum(known) if known else None
    sentiment = Sentiment(
        positive=sum(row.sentiment.positive for row in rows),
        neutral=sum(row.sentiment.neutral for row in rows),
        negative=sum(row.sentiment.negative for row in rows),
    )
    return Figures(name="Total", cost=cost, sentiment=sentiment, **sums)


# --- CSV -----------------------------------------------------------------------------------

CSV_HEADER = [
    "influencer",
    "stage",
    "followers",
    "likes",
    "comments",
    "shares",
    "saves",
    "engagement",
    "engagement rate %",
    "comments per 1k followers",
    "positive comments",
    "neutral comments",
    "negative comments",
    "positive %",
    "neutral %",
    "negative %",
    "views",
    "clicks",
    "conversions",
    "currency",
    "paid",
    "scheduled",
    "cost",
    "cost per engagement",
    "published with a due date",
    "published on time",
    "on time %",
]


def _csv_money(value: Decimal | None) -> object:
    return CANNOT_COMPARE if value is None else value


def _csv_row(row: Figures) -> list[object]:
    """Numbers as numbers; "" where a figure is not known yet, "cannot compare" where an
    amount has no exchange rate."""
    sentiment = row.sentiment
    cost_per_engagement = CANNOT_COMPARE if not row.cost.comparable else row.cost_per_engagement
    values = [
        row.name,
        row.stage,
        "" if row.followers is None else row.followers,
        row.likes,
        row.comments,
        row.shares,
        row.saves,
        row.engagement,
        row.engagement_rate,
        row.conversation_per_1k,
        sentiment.positive,
        sentiment.neutral,
        sentiment.negative,
        sentiment.positive_share,
        sentiment.neutral_share,
        sentiment.negative_share,
        row.views,
        row.clicks,
        row.conversions,
        row.cost.currency,
        _csv_money(row.cost.paid),
        _csv_money(row.cost.scheduled),
        _csv_money(row.cost.total),
        cost_per_engagement,
        row.published,
        row.on_time,
        row.on_time_rate,
    ]
    return [cell_safe("" if value is None else value) for value in values]


def report_csv_rows(report: Report) -> list[list[object]]:
    """The header, one row per influencer with every figure, then the total row."""
    return [CSV_HEADER, *(_csv_row(row) for row in report.rows), _csv_row(report.total)]


def report_csv_filename(report: Report) -> str:
    day = timezone.localtime(report.now, report.campaign.workspace.zone).date().isoformat()
    slug = slugify(report.campaign.name) or "campaign"
    return f"report-{slug}-{day}.csv"
