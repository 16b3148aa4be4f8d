from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from contacts.charts import (
    HEIGHT,
    PAD_BOTTOM,
    PAD_LEFT,
    PAD_TOP,
    WIDTH,
    account_trend,
    compact_number,
    engagement_text,
    line_chart,
    signed_percent,
)

START = date(2026, 1, 1)


def shot(days, followers, engagement=None):
    return SimpleNamespace(
        captured_on=START + timedelta(days=days), followers=followers, engagement_rate=engagement
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (999, "999"),
        (1_000, "1K"),
        (12_345, "12.3K"),
        (120_000, "120K"),
        (1_200_000, "1.2M"),
        (3_000_000_000, "3B"),
        (None, "—"),
    ],
)
def test_compact_number_reads_like_people_write_follower_counts(value, text):
    assert compact_number(value) == text


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (Decimal("4.25"), "4.3%"),
        (4.25, "4.3%"),  # a chart's float rounds as the table's Decimal does
        (Decimal("3.40"), "3.4%"),
        (Decimal("0.05"), "0.1%"),
        (Decimal("12"), "12.0%"),
        (None, "—"),
    ],
)
def test_an_engagement_rate_is_shown_one_way(rate, text):
    assert engagement_text(rate) == text


@pytest.mark.parametrize(
    ("change", "text"), [(12.4, "+12%"), (-3.2, "-3%"), (0.44, "+0.4%"), (0.01, "0%")]
)
def test_signed_percent(change, text):
    assert signed_percent(change) == text


def test_the_chart_spans_the_drawing_area_oldest_left_highest_top():
    chart = line_chart([(START, 100.0), (START + timedelta(days=10), 200.0)])

    first, last = chart.dots
    assert (first.x, first.y) == (PAD_LEFT, HEIGHT - PAD_BOTTOM)
    assert (last.x, last.y) == (WIDTH - 12, PAD_TOP)
    assert chart.points == f"{first.x},{first.y} {last.x},{last.y}"
    assert [tick.label for tick in chart.x_ticks] == ["1 Jan", "11 Jan"]


def test_a_flat_line_sits_in_the_middle():
    chart = line_chart([(START, 5000.0), (START + timedelta(days=3), 5000.0)])

    middle = PAD_TOP + (HEIGHT - PAD_TOP - PAD_BOTTOM) / 2
    assert all(dot.y == middle for dot in chart.dots)


def test_close_values_get_full_numbers_on_the_axis():
    chart = line_chart([(START, 12_000.0), (START + timedelta(days=3), 12_100.0)])

    assert [tick.label for tick in chart.y_ticks] == ["12,000", "12,050", "12,100"]


def test_one_point_is_no_chart():
    assert line_chart([(START, 1.0)]) is None


def test_the_trend_says_the_change_in_words():
    trend = account_trend(
        [
            shot(0, 100_000, Decimal("3.10")),
            shot(45, 105_000),
            shot(90, 112_000, Decimal("3.40")),
        ]
    )

    assert trend.change == "+12% in 90 days"
    assert trend.summary.startswith("followers +12% in 90 days (100K on 1 Jan 2026, 112K on 1 Apr")
    assert "Engagement rate 3.1% → 3.4%" in trend.summary
    assert trend.followers is not None and trend.engagement is not None
    assert len(trend.rows) == 3


def test_a_trend_from_zero_says_so():
    trend = account_trend([shot(0, 0), shot(7, 1500)])

    assert trend.change == "from 0 to 1.5K in 7 days"


def test_without_two_days_there_is_no_trend_yet():
    trend = account_trend([shot(0, 100)])

    assert trend.followers is None and trend.change == ""
    assert "Not enough history" in trend.summary


def test_days_with_an_unknown_count_are_left_out_of_the_trend_not_drawn_as_zero():
    trend = account_trend(
        [shot(0, 1000, Decimal("2.0")), shot(30, None, Decimal("2.5")), shot(60, 1200)]
    )

    assert trend.change == "+20% in 60 days"
    assert [point.label for point in trend.followers.dots] == ["1K", "1.2K"]
    assert "followers +20% in 60 days (1K on 1 Jan 2026, 1.2K on 2 Mar 2026)." in trend.summary


def test_a_trend_with_one_known_count_draws_no_followers_line():
    trend = account_trend([shot(0, None, Decimal("2.0")), shot(30, 1200, Decimal("2.5"))])

    assert trend.followers is None and trend.change == ""
    assert trend.summary.startswith("Followers were not known on two different days.")
