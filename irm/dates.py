"""Dates in words for pages that show many: the same text as the date filter (`{{ moment|date:
"D j M Y, H:i" }}`), with the names of weekdays and months in the active language read once per
page instead of once per date (the filter looks up its format and each name on every call, a
fifth of a long timeline's rendering). Moments are shown in the active zone, the viewer's."""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS_ABBR


@dataclass(frozen=True, slots=True)
class DateWords:
    zone: tzinfo
    weekdays_abbr: dict[int, str]
    months_abbr: dict[int, str]
    months: dict[int, str]

    @classmethod
    def current(cls) -> "DateWords":
        """In the active language and zone."""
        return cls(
            zone=timezone.get_current_timezone(),
            weekdays_abbr={day: str(name) for day, name in WEEKDAYS_ABBR.items()},
            months_abbr={month: name.title() for month, name in MONTHS_3.items()},
            months={month: str(name) for month, name in MONTHS.items()},
        )

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def iso(self, moment: datetime) -> str:
        """ "c": the machine-readable moment of a <time> element."""
        return self.local(moment).isoformat()

    def day(self, moment: datetime) -> str:
        """ "j M Y": 7 Dec 2026."""
        local = self.local(moment)
        return f"{local.day} {self.months_abbr[local.month]} {local.year}"

    def calendar_day(self, day: date) -> str:
        """ "j M Y" of a calendar date, which has no zone to be shown in: 7 Dec 2026."""
        return f"{day.day} {self.months_abbr[day.month]} {day.year}"

    def day_and_time(self, moment: datetime) -> str:
        """ "j M Y, H:i": 7 Dec 2026, 09:05."""
        local = self.local(moment)
        return f"{local.day} {self.months_abbr[local.month]} {local.year}, {local:%H:%M}"

    def weekday_and_time(self, moment: datetime) -> str:
        """ "D j M Y, H:i": Mon 7 Dec 2026, 09:05."""
        local = self.local(moment)
        return f"{self.weekdays_abbr[local.weekday()]} {self.day_and_time(local)}"

    def month(self, moment: datetime) -> str:
        """ "F Y": December 2026."""
        local = self.local(moment)
        return f"{self.months[local.month]} {local.year}"
