"""The return date stated in an out-of-office reply ("I am out of the office until 1 December").

A follow-up to someone who is away should wait until they are back, so the date has to be one the
reply states as their return: it must sit next to a word like "back", "until", "wieder" or
"retour", and be credible (not before the day the reply arrived, not more than a year after it).
When several qualify ("away from 24 November, back on 1 December") the latest wins: the return
is the end of the absence. Nothing credible gives None, and the reminder keeps its usual timing.
"""

import re
from datetime import date, timedelta

# The furthest ahead a stated return is believed; beyond it the date is more likely an event.
MAX_DAYS_AHEAD = 365
# An out-of-office note states its return date up front; the rest is signature and disclaimers.
MAX_CHARS_READ = 5_000

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar jänner janvier janv enero gennaio",
        "february feb februar février fevrier févr fevr febrero febbraio",
        "march mar märz maerz mär mars marzo",
        "april apr avril avr abril aprile",
        "may mai mayo maggio",
        "june jun juni juin junio giugno",
        "july jul juli juillet juil julio luglio",
        "august aug août aout agosto",
        "september sep sept septembre septiembre setiembre settembre",
        "october oct oktober okt octobre octubre ottobre",
        "november nov novembre noviembre",
        "december dec dezember dez décembre decembre déc diciembre dicembre",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "monday mon montag lundi lunes lunedì",
        "tuesday tue tues dienstag mardi martes martedì",
        "wednesday wed mittwoch mercredi miércoles miercoles mercoledì",
        "thursday thu thur thurs donnerstag jeudi jueves giovedì",
        "friday fri freitag vendredi viernes venerdì",
        "saturday sat samstag samedi sábado sabado sabato",
        "sunday sun sonntag dimanche domingo domenica",
    )
):
    for _name in _names.split():
        WEEKDAYS[_name] = _number


def _alternation(names) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_MONTH = rf"(?P<month>{_alternation(MONTHS)})\.?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_DAY = r"(?P<day>[0-3]?\d)(?!\d)"

# Each pattern names day, month and (optionally) year.
_ISO_DATE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
_DATE_PATTERNS = (
    _ISO_DATE,  # 2026-12-01
    # 01.12.2026, 01/12/2026, 1.12.26 (day first unless that cannot be a date)
    re.compile(
        r"(?<![\d.])(?P<day>\d{1,2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{2,4})(?!\d)"
    ),
    # "ab 01.12. wieder" (German, no year)
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?![\d])"),
    # 1 December, 1st of December 2026, 1. Dezember 2026, 1er décembre, 1 de diciembre de 2026
    re.compile(
        rf"(?<![\w.]){_DAY}(?:st|nd|rd|th|er|\.|º)?\s+(?:of\s+|de\s+)?{_MONTH}(?!\w)"
        rf"(?:,?\s+(?:de\s+)?{_YEAR})?",
        re.IGNORECASE,
    ),
    # December 1, Dec 1st, 2026
    re.compile(
        rf"(?<!\w){_MONTH}\s+{_DAY}(?:st|nd|rd|th)?(?!\w)(?:,?\s+{_YEAR})?",
        re.IGNORECASE,
    ),
)
_WEEKDAY = re.compile(rf"(?<!\w)(?P<weekday>{_alternation(WEEKDAYS)})(?!\w)", re.IGNORECASE)

# Words that put a date forward as the return, in English, German, French, Spanish and Italian.
_RETURN_WORDS = re.compile(
    r"(?<!\w)(back|return\w*|until|till|til|'til|reachable again|available again|"
    r"zurück|wieder|bis|retour|de retour|jusqu'au|jusqu\u2019au|de vuelta|regreso|regresaré|hasta|"
    r"rientro|ritorno)(?!\w)",
    re.IGNORECASE,
)
# How far a return word may be from its date: "back in the office on Monday, 1 December".
_WORD_BEFORE_MAX_GAP = 60
_WORD_AFTER_MAX_GAP = 40  # "ab dem 1. Dezember wieder erreichbar"


def find_return_date(text: str, *, today: date) -> date | None:
    """The stated return date in `text`, judged from the day the reply arrived (`today`)."""
    text = text[:MAX_CHARS_READ]
    words = [(match.start(), match.end()) for match in _RETURN_WORDS.finditer(text)]
    if not words:
        return None
    found: list[date] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue  # "1.12.2026" is not also "1.12."
            taken.append(span)
            when = _credible(_date_from(match, today), today)
            if when and _near_return_word(span, words, text):
                found.append(when)
    if found:
        return max(found)
    # "back on Monday": the next such weekday after the reply arrived.
    for match in _WEEKDAY.finditer(text):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        if _near_return_word(match.span(), words, text):
            days_ahead = (WEEKDAYS[match["weekday"].lower()] - today.weekday() - 1) % 7 + 1
            return today + timedelta(days=days_ahead)
    return None


def _near_return_word(span: tuple[int, int], words: list[tuple[int, int]], text: str) -> bool:
    for start, end in words:
        if end <= span[0]:
            gap = text[end : span[0]]
            if len(gap) <= _WORD_BEFORE_MAX_GAP and "\n\n" not in gap:
                return True
        elif start >= span[1]:
            gap = text[span[1] : start]
            if len(gap) <= _WORD_AFTER_MAX_GAP and "\n\n" not in gap:
                return True
    return False


def _date_from(match: re.Match, today: date) -> date | None:
    parts = match.groupdict()
    month_text = parts["month"]
    if month_text.isdigit():
        day, month = int(parts["day"]), int(month_text)
        if match.re is not _ISO_DATE and month > 12 >= day:
            day, month = month, day  # 12/25/2026 can only be month first
    else:
        day, month = int(parts["day"]), MONTHS[month_text.lower()]
    year_text = parts.get("year")
    if year_text:
        year = int(year_text)
        if year < 100:
            year += 2000
        return _safe_date(year, month, day)
    # No year: the next such date on or after the day the reply arrived.
    for year in range(today.year, today.year + 5):
        candidate = _safe_date(year, month, day)
        if candidate and candidate >= today:
            return candidate
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _credible(when: date | None, today: date) -> date | None:
    if when is None or when < today or when > today + timedelta(days=MAX_DAYS_AHEAD):
        return None
    return when
