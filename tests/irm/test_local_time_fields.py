"""The one rule for dates and times people type (irm.forms): read in the zone named beside the
input, cleaned to an aware instant, shown back the same; a wall clock that a DST change skips
or repeats is refused with a message that says so. America/New_York: clocks go forward on
8 March 2026 (02:00 -> 03:00) and back on 1 November 2026 (02:00 -> 01:00)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from irm.forms import (
    ZONE_THEIRS,
    LocalDateField,
    LocalDateTimeField,
    LocalTimeField,
    wall_clock_moment,
)

NEW_YORK = ZoneInfo("America/New_York")


class MomentForm(forms.Form):
    when = LocalDateTimeField(label="When")
    day = LocalDateField(label="Day")
    away = LocalDateField(label="Away until", whose=ZONE_THEIRS, required=False)
    starts = LocalDateField(label="Starts", whose=None, required=False)
    at = LocalTimeField(label="At", required=False)


@pytest.fixture
def in_new_york():
    with timezone.override(NEW_YORK):
        yield


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-03-07T10:00", datetime(2026, 3, 7, 15, 0, tzinfo=UTC)),  # EST, UTC-5
        ("2026-03-09T10:00", datetime(2026, 3, 9, 14, 0, tzinfo=UTC)),  # EDT, UTC-4
        ("2026-10-31T23:30", datetime(2026, 11, 1, 3, 30, tzinfo=UTC)),  # EDT
        ("2026-11-02T09:15", datetime(2026, 11, 2, 14, 15, tzinfo=UTC)),  # EST again
    ],
)
def test_it_reads_a_typed_moment_on_the_viewers_wall_clock_across_dst(in_new_york, typed, stored):
    form = MomentForm({"when": typed, "day": "2026-03-08"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == stored
    # Shown back as typed, from the stored instant.
    shown = MomentForm(initial={"when": stored, "day": date(2026, 3, 8)})
    assert f'value="{typed}"' in str(shown["when"])


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("2026-03-08T02:30", "does not exist in America/New_York: the clocks go forward then."),
        ("2026-11-01T01:30", "happens twice in America/New_York: the clocks go back then."),
    ],
)
def test_a_wall_clock_a_dst_change_skips_or_repeats_is_refused_with_why(in_new_york, typed, why):
    form = MomentForm({"when": typed, "day": "2026-03-08"})

    assert not form.is_valid()
    assert form.errors["when"] == [
        f"{typed.replace('T', ' ')} {why} Pick a time outside that hour."
    ]


def test_a_day_and_a_time_make_a_moment_in_the_active_zone(in_new_york):
    assert wall_clock_moment(datetime(2026, 3, 9, 9, 0)) == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)
    with pytest.raises(forms.ValidationError, match="does not exist in America/New_York"):
        wall_clock_moment(datetime.combine(date(2026, 3, 8), time(2, 30)))


def test_each_input_names_its_zone_beside_it(in_new_york):
    form = MomentForm(auto_id="f-%s")
    form.fields["away"].widget.zone_name = "Asia/Tokyo"

    when = str(form["when"])
    assert 'type="datetime-local"' in when
    assert 'aria-describedby="f-when-zone"' in when
    assert (
        '<small class="field-zone" id="f-when-zone">Your time zone: America/New York</small>'
        in (when)
    )
    assert "Your time zone: America/New York" in str(form["day"])
    assert 'type="date"' in str(form["day"])
    assert "Their time zone: Asia/Tokyo" in str(form["away"])
    assert "time zone" not in str(form["starts"])
    assert 'type="time"' in str(form["at"]) and "Your time zone" in str(form["at"])


def test_a_bad_value_says_what_is_expected(in_new_york):
    form = MomentForm({"when": "tomorrow", "day": "31/12"})

    assert not form.is_valid()
    assert form.errors["when"] == ["Enter a date and a time, e.g. 2026-12-31 14:30."]
    assert form.errors["day"] == ["Enter a date, e.g. 2026-12-31."]


def test_an_input_written_by_hand_gets_the_same_note(in_new_york):
    rendered = Template('{% load local_time %}{% zone_note "paid-on-" 7 "-zone" %}').render(
        Context()
    )

    assert rendered == (
        '<small class="field-zone" id="paid-on-7-zone">Your time zone: America/New York</small>'
    )
