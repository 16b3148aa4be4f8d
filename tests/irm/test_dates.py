"""Dates in words give the date filter's text, in the active zone and language."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from irm.dates import DateWords

FORMATS = {
    "c": DateWords.iso,
    "j M Y": DateWords.day,
    "j M Y, H:i": DateWords.day_and_time,
    "D j M Y, H:i": DateWords.weekday_and_time,
    "F Y": DateWords.month,
}
# Every month and weekday, at hours either side of midnight in the zones below.
MOMENTS = [
    datetime(2026, 1, 1, 0, 5, tzinfo=UTC) + timedelta(days=day * 11, hours=day * 7)
    for day in range(40)
]


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_words_are_the_date_filters(zone, language):
    with timezone.override(zone), translation.override(language):
        words = DateWords.current()
        for moment in MOMENTS:
            # The filter shows a moment in the active zone, as a template does.
            local = timezone.localtime(moment)
            for filter_format, shown in FORMATS.items():
                assert shown(words, moment) == date_filter(local, filter_format), filter_format
            # A calendar date is shown as it is, in no zone.
            day = local.date()
            assert words.calendar_day(day) == date_filter(day, "j M Y")
