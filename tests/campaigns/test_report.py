"""The campaign report's figures against values worked out by hand (see
campaigns/report_figures.py for the formulas), currencies with and without an exchange rate, a
campaign without results, and a query count that does not grow with the number of
collaborations."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.charts import report_charts
from campaigns.models import (
    Campaign,
    Collaboration,
    Deliverable,
    DeliverableResult,
    ExchangeRate,
    Moment,
    Payment,
    Stage,
)
from campaigns.selectors.report import campaign_report
from contacts.models import Influencer
from tests.factories import (
    CampaignFactory,
    CollaborationFactory,
    DeliverableFactory,
    ProfileFactory,
)

# Friday 20 Nov 2026, 10:00 UTC (11:00 in Paris, the workspace's time zone).
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def make_influencer(personas, name: str, followers: int | None = None) -> Influencer:
    # Followers are summed from their social accounts; set here directly for the arithmetic.
    return ProfileFactory(
        workspace=personas.workspace,
        actor=personas.admin,
        name=name,
        now=NOW,
        total_followers=followers,
    )


def make_campaign(personas, *, budget=Decimal("5000.00"), name="Spring trails") -> Campaign:
    return CampaignFactory(workspace=personas.workspace, name=name, budget=budget)


def collaborate(campaign, influencer, stage=Stage.AGREED) -> Collaboration:
    return CollaborationFactory(campaign=campaign, influencer=influencer, stage=stage)


def publish(collaboration, *, due_on, published_at, **results) -> Deliverable:
    deliverable = DeliverableFactory(
        collaboration=collaboration, published=True, due_on=due_on, published_at=published_at
    )
    DeliverableResult.objects.create(deliverable=deliverable, **results)
    return deliverable


def pay(collaboration, amount, currency="EUR", *, paid=True) -> Payment:
    return Payment.objects.create(
        collaboration=collaboration,
        amount=Decimal(amount),
        currency=currency,
        due_on=date(2026, 11, 30),
        paid_at=NOW if paid else None,
    )


def rate(workspace, source, value, as_of) -> ExchangeRate:
    return ExchangeRate.objects.create(
        workspace=workspace, from_currency=source, to_currency="EUR", rate=value, as_of=as_of
    )


@pytest.fixture
def built(personas):
    """Ana (10,000 followers, two posts: one on time, one 30 minutes late in Paris, paid in
    EUR), Ben (2,000 followers, paid in USD), Cleo (followers unknown, unpaid) and Dan (only
    shortlisted: not in the report)."""
    campaign = make_campaign(personas)
    ana = collaborate(campaign, make_influencer(personas, "Ana Rocha", 10_000), Stage.PUBLISHED)
    # 22:30 UTC on the 10th is 23:30 in Paris: on the due day.
    publish(
        ana,
        due_on=date(2026, 11, 10),
        published_at=datetime(2026, 11, 10, 22, 30, tzinfo=UTC),
        likes=400,
        comments=50,
        shares=30,
        saves=20,
        views=8000,
        clicks=120,
        conversions=6,
        positive_comments=30,
        neutral_comments=15,
        negative_comments=5,
    )
    # 23:30 UTC on the 12th is 00:30 on the 13th in Paris: a day late.
    publish(
        ana,
        due_on=date(2026, 11, 12),
        published_at=datetime(2026, 11, 12, 23, 30, tzinfo=UTC),
        likes=250,
        comments=30,
        shares=10,
        saves=10,
        views=4000,
        clicks=30,
        conversions=2,
        positive_comments=20,
        neutral_comments=8,
        negative_comments=2,
    )
    Deliverable.objects.create(collaboration=ana, kind="instagram_story", due_on=date(2026, 12, 1))
    pay(ana, "600.00")
    pay(ana, "200.00", paid=False)

    ben = collaborate(campaign, make_influencer(personas, "Ben Okafor", 2_000), Stage.COMPLETED)
    publish(
        ben,
        due_on=date(2026, 11, 5),
        published_at=datetime(2026, 11, 4, 9, 0, tzinfo=UTC),
        likes=90,
        comments=6,
        shares=2,
        saves=2,
        views=1500,
        clicks=10,
        conversions=1,
        positive_comments=4,
        neutral_comments=2,
    )
    # Without a due date: it counts for engagement, not for on-time delivery.
    publish(
        ben,
        due_on=None,
        published_at=datetime(2026, 11, 6, 9, 0, tzinfo=UTC),
        likes=40,
        comments=4,
        shares=3,
        saves=3,
    )
    pay(ben, "300.00", "USD")
    rate(personas.workspace, "USD", Decimal("0.95"), date(2026, 10, 1))
    rate(personas.workspace, "USD", Decimal("0.90"), date(2026, 11, 1))
    # Set for a day after the report's: not used yet.
    rate(personas.workspace, "USD", Decimal("0.80"), date(2026, 11, 30))

    cleo = collaborate(campaign, make_influencer(personas, "Cleo Martin"), Stage.AGREED)
    publish(
        cleo,
        due_on=date(2026, 11, 15),
        published_at=datetime(2026, 11, 14, 12, 0, tzinfo=UTC),
        likes=50,
    )
    collaborate(campaign, make_influencer(personas, "Dan Shortlist", 5_000), Stage.SHORTLISTED)
    return {"campaign": campaign, "ana": ana, "ben": ben, "cleo": cleo}


def rows_by_name(report):
    return {row.name: row for row in report.rows}


def test_it_reports_only_agreed_or_paid_or_delivering_collaborations(built):
    report = campaign_report(campaign=built["campaign"], now=NOW)

    assert [row.name for row in report.rows] == ["Ana Rocha", "Ben Okafor", "Cleo Martin"]


def test_it_works_out_each_influencers_engagement_and_rates(built):
    rows = rows_by_name(campaign_report(campaign=built["campaign"], now=NOW))
    ana, ben, cleo = rows["Ana Rocha"], rows["Ben Okafor"], rows["Cleo Martin"]

    # Ana: 650 likes + 80 comments + 40 shares + 30 saves.
    assert (ana.likes, ana.comments, ana.shares, ana.saves) == (650, 80, 40, 30)
    assert ana.engagement == 800
    assert ana.engagement_rate == Decimal("8.00")  # 800 / 10,000 * 100
    assert ana.conversation_per_1k == Decimal("8.00")  # 80 / 10,000 * 1000
    assert (ana.views, ana.clicks, ana.conversions) == (12_000, 150, 8)
    assert ben.engagement == 150
    assert ben.engagement_rate == Decimal("7.50")  # 150 / 2,000 * 100
    assert ben.conversation_per_1k == Decimal("5.00")  # 10 / 2,000 * 1000
    # Cleo's followers are unknown: no rate rather than a division by zero.
    assert cleo.engagement == 50
    assert cleo.engagement_rate is None and cleo.conversation_per_1k is None
    assert cleo.followers_text == "—"


def test_it_counts_sentiment_and_its_shares(built):
    rows = rows_by_name(campaign_report(campaign=built["campaign"], now=NOW))
    ana, ben, cleo = rows["Ana Rocha"], rows["Ben Okafor"], rows["Cleo Martin"]

    assert (ana.sentiment.positive, ana.sentiment.neutral, ana.sentiment.negative) == (50, 23, 7)
    assert ana.sentiment.positive_share == Decimal("62.50")  # 50 / 80
    assert ana.sentiment.neutral_share == Decimal("28.75")
    assert ana.sentiment.negative_share == Decimal("8.75")
    assert ben.sentiment.positive_share == Decimal("66.67")  # 4 / 6
    assert cleo.sentiment.counted == 0 and cleo.sentiment.positive_share is None


def test_it_converts_payments_through_the_latest_rate_on_or_before_the_day(built):
    rows = rows_by_name(campaign_report(campaign=built["campaign"], now=NOW))
    ana, ben, cleo = rows["Ana Rocha"], rows["Ben Okafor"], rows["Cleo Martin"]

    assert (ana.cost.paid, ana.cost.scheduled, ana.cost.total) == (
        Decimal("600.00"),
        Decimal("200.00"),
        Decimal("800.00"),
    )
    assert ana.cost_per_engagement == Decimal("1.00")  # 800 / 800
    # 300 USD at 0.90 (1 Nov), not 0.95 (older) nor 0.80 (set for the 30th).
    assert ben.cost.paid == Decimal("270.00")
    assert ben.cost_per_engagement == Decimal("1.80")  # 270 / 150
    assert ben.cost_per_engagement_text == "1.80 EUR"
    assert cleo.cost.total == Decimal("0.00") and cleo.cost_per_engagement == Decimal("0.00")


def test_it_counts_on_time_delivery_in_the_workspaces_time_zone(built):
    report = campaign_report(campaign=built["campaign"], now=NOW)
    rows = rows_by_name(report)

    assert (rows["Ana Rocha"].on_time, rows["Ana Rocha"].published) == (1, 2)
    assert rows["Ana Rocha"].on_time_rate == Decimal("50.00")
    # The post without a due date is left out.
    assert (rows["Ben Okafor"].on_time, rows["Ben Okafor"].published) == (1, 1)
    assert (report.total.on_time, report.total.published) == (3, 4)
    assert report.total.on_time_rate == Decimal("75.00")


def test_the_total_row_and_the_spend_against_the_budget(built):
    report = campaign_report(campaign=built["campaign"], now=NOW)
    total = report.total

    assert total.engagement == 1000
    # Only the engagement of those with known followers: (800 + 150) / 12,000.
    assert total.engagement_rate == Decimal("7.92")
    assert total.conversation_per_1k == Decimal("7.50")  # 90 / 12,000 * 1000
    assert (total.sentiment.positive, total.sentiment.neutral, total.sentiment.negative) == (
        54,
        25,
        7,
    )
    assert total.sentiment.positive_share == Decimal("62.79")  # 54 / 86
    assert (total.views, total.clicks, total.conversions) == (13_500, 160, 9)
    assert total.cost.total == Decimal("1070.00")
    assert total.cost_per_engagement == Decimal("1.07")
    spend = report.spend
    assert (spend.money.paid, spend.money.scheduled) == (Decimal("870.00"), Decimal("200.00"))
    assert spend.budget == Decimal("5000.00")
    assert spend.remaining == Decimal("3930.00")
    assert report.rates_used == [("USD", Decimal("0.900000"), date(2026, 11, 1))]


def test_a_currency_without_an_exchange_rate_cannot_be_compared(personas, built):
    pay(built["cleo"], "100.00", "GBP")

    report = campaign_report(campaign=built["campaign"], now=NOW)
    rows = rows_by_name(report)

    cleo = rows["Cleo Martin"]
    assert cleo.cost.total is None and cleo.cost_per_engagement is None
    assert cleo.cost_per_engagement_text == "cannot compare (no exchange rate for GBP)"
    # The others keep their figures; the totals do not guess.
    assert rows["Ana Rocha"].cost_per_engagement == Decimal("1.00")
    assert report.total.cost_per_engagement_text.startswith("cannot compare")
    assert report.spend.remaining is None
    assert report.spend.remaining_text == "cannot compare (no exchange rate for GBP)"
    spend_chart = next(chart for chart in report_charts(report) if chart.key == "spend")
    assert "cannot be compared" in spend_chart.summary and not spend_chart.bars


def test_a_rate_set_in_the_other_direction_is_not_used(personas, built):
    ExchangeRate.objects.create(
        workspace=personas.workspace,
        from_currency="EUR",
        to_currency="GBP",
        rate=Decimal("0.85"),
        as_of=date(2026, 11, 1),
    )
    pay(built["cleo"], "100.00", "GBP")

    report = campaign_report(campaign=built["campaign"], now=NOW)

    assert rows_by_name(report)["Cleo Martin"].cost.unconverted == ("GBP",)


def test_a_rate_of_another_workspace_is_not_used(personas, built):
    rate(personas.other_workspace, "GBP", Decimal("1.15"), date(2026, 11, 1))
    pay(built["cleo"], "100.00", "GBP")

    report = campaign_report(campaign=built["campaign"], now=NOW)

    assert rows_by_name(report)["Cleo Martin"].cost.total is None


def test_a_campaign_without_results_has_no_figures_to_divide(personas):
    campaign = make_campaign(personas, budget=None)
    agreed = collaborate(campaign, make_influencer(personas, "Ana Rocha", 10_000))
    Deliverable.objects.create(
        collaboration=agreed, kind="instagram_post", due_on=date(2026, 12, 1)
    )

    report = campaign_report(campaign=campaign, now=NOW)
    (row,) = report.rows

    assert row.engagement == 0 and row.engagement_rate == Decimal("0.00")
    assert row.cost_per_engagement is None and row.cost_per_engagement_text == "—"
    assert row.on_time_rate is None and row.sentiment.positive_share is None
    assert report.total.engagement_rate == Decimal("0.00")
    assert report.spend.budget_text == "—" and report.spend.remaining_text == "—"
    summaries = {chart.key: chart.summary for chart in report_charts(report)}
    assert summaries["engagement"] == "No engagement recorded yet."
    assert summaries["on-time"] == "Nothing with a due date has been published yet."


def test_a_campaign_without_collaborations_is_empty(personas):
    report = campaign_report(campaign=make_campaign(personas), now=NOW)

    assert report.is_empty and report.moments == []
    assert report.total.engagement == 0 and report.total.engagement_rate is None
    assert report.spend.remaining == Decimal("5000.00")
    assert all(chart.summary for chart in report_charts(report))


def test_moments_come_newest_first_with_their_influencer(built):
    Moment.objects.create(
        collaboration=built["ana"], text="Readers asked where to buy.", created_at=NOW
    )
    Moment.objects.create(
        collaboration=built["ben"],
        text="A repair video went round a club.",
        created_at=datetime(2026, 11, 19, tzinfo=UTC),
    )

    moments = campaign_report(campaign=built["campaign"], now=NOW).moments

    assert [(moment.influencer, moment.text) for moment in moments] == [
        ("Ana Rocha", "Readers asked where to buy."),
        ("Ben Okafor", "A repair video went round a club."),
    ]


def test_charts_say_in_words_what_they_draw(built):
    charts = {
        chart.key: chart
        for chart in report_charts(campaign_report(campaign=built["campaign"], now=NOW))
    }

    assert charts["engagement"].summary == (
        "1,000 engagements in total (likes, comments, shares and saves); "
        "Ana Rocha drew the most: 800."
    )
    assert [bar.label for bar in charts["engagement"].bars] == [
        "Ana Rocha",
        "Ben Okafor",
        "Cleo Martin",
    ]
    # The largest value takes the whole bar area; the others are in proportion.
    widths = [bar.segments[0].width for bar in charts["engagement"].bars]
    assert widths[0] == 320 and widths[1] == 60 and widths[2] == 20
    assert charts["engagement-rate"].bars[2].segments == []  # Cleo: followers unknown
    assert charts["engagement-rate"].table[-1] == ["Total", "7.92%", "1,000", "12,000"]
    assert charts["cost-per-engagement"].summary == (
        "Each engagement cost 1.07 EUR across the campaign; the lowest among paid "
        "partnerships was Ana Rocha at 1.00 EUR."
    )
    assert charts["on-time"].summary == (
        "3 of 4 published deliverables with a due date came out on time (75.00%)."
    )
    assert charts["spend"].summary == (
        "870.00 EUR paid and 200.00 EUR scheduled of a 5,000.00 EUR budget; 3,930.00 EUR remaining."
    )
    sentiment = charts["sentiment"].bars[0]
    assert [segment.css for segment in sentiment.segments] == [
        "bar positive",
        "bar neutral",
        "bar negative",
    ]


def build_many(personas, count: int) -> Campaign:
    campaign = make_campaign(personas, name=f"Campaign of {count}")
    for number in range(count):
        influencer = make_influencer(personas, f"Influencer {count}-{number}", 1000 + number)
        collaboration = collaborate(campaign, influencer, Stage.PUBLISHED)
        publish(
            collaboration,
            due_on=date(2026, 11, 10),
            published_at=datetime(2026, 11, 9, tzinfo=UTC),
            likes=number,
            comments=1,
            positive_comments=1,
        )
        pay(collaboration, "10.00", "USD" if number % 2 else "EUR")
        Moment.objects.create(collaboration=collaboration, text=f"Moment {number}")
    return campaign


def page_queries(client, personas, campaign) -> int:
    url = reverse(
        "campaigns:report",
        kwargs={"slug": personas.workspace.slug, "public_id": campaign.public_id},
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_report_page_reads_the_same_number_of_queries_at_5_and_50(client, personas):
    rate(personas.workspace, "USD", Decimal("0.9"), date(2026, 11, 1))
    small, large = build_many(personas, 5), build_many(personas, 50)
    client.force_login(personas.manager)

    assert page_queries(client, personas, small) == page_queries(client, personas, large)
