"""Relative words (irm.templatetags.local_time) compare dates on the viewer's calendar, not
24-hour spans: 4 Dec seen on 7 Dec is "3 days ago" whatever the hours."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from irm.templatetags.local_time import calendar_days, relative_day

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
# 7 Dec 2026, 08:00 in New York.
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=NEW_YORK)


def ny(day: int, hour: int, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (ny(7, 0), "today"),
        (ny(7, 23), "today"),
        (ny(6, 23), "yesterday"),  # 9 hours ago
        (ny(6, 0), "yesterday"),
        (ny(4, 23), "3\xa0days ago"),  # 57 hours: 2 full days, but the 4th
        (ny(8, 1), "tomorrow"),
        (ny(10, 23), "in 3\xa0days"),
        (ny(23, 12, month=11), "2\xa0weeks ago"),
        (ny(1, 12, month=10), "2\xa0months ago"),
    ],
)
def test_relative_words_count_the_viewers_calendar_dates(moment, words):
    assert relative_day(moment, now=NOW, zone=NEW_YORK) == words


def test_the_same_instants_read_by_another_zone_count_its_own_dates():
    # 4 Dec 23:00 in New York is 5 Dec 13:00 in Tokyo; 7 Dec 08:00 is 7 Dec 22:00 there.
    assert calendar_days(ny(4, 23), now=NOW, zone=NEW_YORK) == 3
    assert calendar_days(ny(4, 23), now=NOW, zone=TOKYO) == 2


def test_the_filters_use_the_active_zone():
    template = Template(
        "{% load local_time %}{{ moment|relative_day:now }} / {{ moment|days_since:now }}"
    )
    context = Context({"moment": ny(4, 23), "now": NOW})

    with timezone.override(NEW_YORK):
        assert template.render(context) == "3\xa0days ago / 3"
    with timezone.override(TOKYO):
        assert template.render(context) == "2\xa0days ago / 2"
