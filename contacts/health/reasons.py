"""Health reasons in plain words.

The computation stores reasons as codes with their facts; this turns them into sentences when
they are shown, so the words can change without recomputing anything and dates follow the
reader's time zone.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")


def _count_word(count: int) -> str:
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _day(value: str | None) -> str:
    moment = parse_datetime(value) if value else None
    if moment is None:
        return "a while ago"
    return f"{timezone.localtime(moment):%-d %b}"


def _days(count: int) -> str:
    return f"{count} {_plural(count, 'day', 'days')}"


def _days_quiet(reason: dict, now: datetime | None) -> int:
    """Days since the last real conversation as the reader counts them: the dates on their
    calendar (the active zone) from that conversation to `now`. Without `now`, or for a reason
    stored before it kept `since`, the days counted when health was computed."""
    since = parse_datetime(reason["since"]) if reason.get("since") else None
    if now is None or since is None:
        return reason["days"]
    return (timezone.localdate(now) - timezone.localdate(since)).days


def _late(one: str, many: str, reason: dict) -> str:
    """ "Payment 10 days late", or "3 payments late, the oldest by 12 days" (`many` says the
    several, with `{count}` in it)."""
    count, days = reason.get("count", 1), reason.get("days") or 0
    if count == 1:
        return f"{one} {_days(days)} late"
    return f"{many.format(count=count)}, the oldest by {_days(days)}"


def reason_text(reason: dict, name: str, *, now: datetime | None = None) -> str:
    """One reason in words, e.g. "Ana wrote on 12 Nov and is still waiting". With `now`, how
    long ago they talked counts from then, not from when health was computed."""
    code = reason.get("code")
    count = reason.get("count", 0)
    match code:
        case "no_two_way":
            return "No two-way contact yet"
        case "quiet":
            return (
                f"No real conversation for {_days(_days_quiet(reason, now))} "
                f"(keep in touch every {_days(reason['cadence'])})"
            )
        case "unanswered":
            return f"No reply to your last {count} messages"
        case "waiting":
            extra = f" ({count} messages)" if count > 1 else ""
            return f"{name} wrote on {_day(reason.get('since'))} and is still waiting{extra}"
        case "payment_late":
            return _late("Payment", "{count} payments late", reason)
        case "feedback_late":
            return _late("Feedback on a draft", "Feedback late on {count} drafts", reason)
        case "promise_late":
            return _late("A promise to them", "{count} promises to them late", reason)
        case "low_reply_rate":
            return f"Answered {reason['answered']} of your {reason['sent']} messages this year"
        case "rules_broken":
            times = _plural(count, "time", "times")
            return f"Contact rules broken or overridden {count} {times} in 6 months"
        case "off_topic":
            return (
                f"{_count_word(count)} off-topic {_plural(count, 'pitch', 'pitches')} in 6 months"
            )
        case "negative":
            exchanges = _plural(count, "exchange", "exchanges")
            return f"{_count_word(count)} negative {exchanges} in 6 months"
        case "campaigns":
            return (
                f"{_count_word(count)} {_plural(count, 'campaign', 'campaigns')} together this year"
            )
        case "they_reach_out":
            if count == 1:
                return f"{name} started a conversation this year"
            return f"{name} started {count} conversations this year"
        case "ambassador":
            return "An ambassador for your brands"
        case "warm":
            return "Warm exchanges lately"
        case "in_touch":
            return (
                f"Talked {_days(_days_quiet(reason, now))} ago, "
                f"within the {_days(reason['cadence'])} cadence"
            )
    return str(code)


def reasons_text(reasons: list[dict], name: str, *, now: datetime | None = None) -> list[str]:
    return [reason_text(reason, name, now=now) for reason in reasons]


def is_concern(reason: dict) -> bool:
    """Reasons that pull health down, as opposed to strengths."""
    return reason.get("code") not in STRENGTHS


STRENGTHS = frozenset({"campaigns", "they_reach_out", "ambassador", "warm", "in_touch"})
