"""Relative words for a moment ("today", "yesterday", "3 days ago", "in 3 days"), as a person
reads them: by the dates on their own calendar, not by 24-hour spans. Something on 4 Dec at
23:00 seen on 7 Dec at 08:00 is "3 days ago", though only 57 hours have passed.

The zone is the active one (irm.middleware.UserTimeZoneMiddleware activates the viewer's) unless
one is given."""

from datetime import datetime, tzinfo

from django import template
from django.utils import timezone

from irm.forms import zone_note

register = template.Library()

# Beyond these many days, weeks read better; beyond these many weeks, months.
DAYS_SHOWN = 13
WEEKS_SHOWN = 8


def calendar_days(moment: datetime, *, now: datetime, zone: tzinfo | None = None) -> int:
    """How many dates lie from the moment's to today's, in the zone: 0 today, 1 yesterday, -1
    tomorrow."""
    return (timezone.localdate(now, zone) - timezone.localdate(moment, zone)).days


def _count(number: int, unit: str) -> str:
    # A no-break space keeps "3 days" on one line.
    return f"{number}\xa0{unit}{'' if number == 1 else 's'}"


def _span(days: int) -> str:
    if days <= DAYS_SHOWN:
        return _count(days, "day")
    if days < WEEKS_SHOWN * 7:
        return _count(days // 7, "week")
    if days < 365:
        return _count(max(days // 30, 2), "month")
    return _count(days // 365, "year")


def relative_day(moment: datetime, *, now: datetime, zone: tzinfo | None = None) -> str:
    days = calendar_days(moment, now=now, zone=zone)
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    return f"{_span(days)} ago" if days > 0 else f"in {_span(-days)}"


@register.filter(name="relative_day")
def relative_day_filter(moment: datetime | None, now: datetime) -> str:
    """`{{ entry.occurred_at|relative_day:now }}` -> "3 days ago"."""
    return relative_day(moment, now=now) if moment else ""


@register.filter(name="days_since")
def days_since_filter(moment: datetime | None, now: datetime) -> int | str:
    """`{{ row.due_at|days_since:now }} day{{ ...|pluralize }} late`, by calendar dates."""
    return calendar_days(moment, now=now) if moment else ""


@register.simple_tag(name="zone_note")
def zone_note_tag(*id_parts) -> str:
    """`{% zone_note "paid-on-" payment.public_id "-zone" %}` beside an input written by hand,
    which points at that id with aria-describedby: the note the fields of irm.forms show."""
    return zone_note(note_id="".join(str(part) for part in id_parts))
