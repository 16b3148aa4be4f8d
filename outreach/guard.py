"""The contact guard: the one place that decides whether an outbound contact may happen.

`evaluate(context, channel=..., topics=..., body=..., now=...)` is a pure function: everything it
needs is in a GuardContext (loaded by a selector in a fixed number of queries), so pages, the
API and tasks get the same verdict, and tests can check every rule and boundary without a
database. Each finding says, in a plain sentence naming the person with dates in their time
zone, what the rule is and whether a manager may override it.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from contacts.facts import CAP_WINDOW, POLICY_DEFAULTS
from contacts.models import Channel
from irm.errors import RuleError
from irm.text import sentence
from outreach.text import fingerprint, jaccard, strip_placeholders

# The team-wide cap counts contacts in a rolling window of this length (the dashboard's
# "near the cap" counts the same window, see contacts.facts).
WINDOW_DAYS = CAP_WINDOW.days
# A body this similar to one sent to someone else in this many days is not personal.
RECENT_BODIES_DAYS = 30
SIMILARITY_LIMIT = 0.8  # Jaccard similarity from which a body counts as not personalized


class Severity(StrEnum):
    BLOCK = "block"
    HOLD = "hold"
    WARN = "warn"


class Rule(StrEnum):
    DO_NOT_CONTACT = "do_not_contact"
    ERASED = "erased"
    ARCHIVED = "archived"
    CHANNEL_NOT_OPEN = "channel_not_open"
    ADDRESS_BOUNCED = "address_bounced"
    FOLLOW_UP_CAP = "follow_up_cap"
    DO_NOT_DISTURB = "do_not_disturb"
    QUIET_HOURS = "quiet_hours"
    WEEKEND = "weekend"
    COOLDOWN = "cooldown"
    # Not a block: the note that the cooldown stood aside for an ongoing conversation.
    IN_CONVERSATION = "in_conversation"
    TEAM_CAP = "team_cap"
    DECLINED_TOPIC = "declined_topic"
    OFF_TOPIC = "off_topic"
    NOT_PERSONALIZED = "not_personalized"
    WAITING_FOR_US = "waiting_for_us"


@dataclass(frozen=True)
class Policy:
    """The effective contact policy for one person (workspace defaults with their overrides).
    Its defaults are contacts.facts.POLICY_DEFAULTS, the one source of them."""

    cooldown_days: int = POLICY_DEFAULTS["cooldown_days"]
    max_follow_ups: int = POLICY_DEFAULTS["max_follow_ups"]
    follow_up_delay_days: int = POLICY_DEFAULTS["follow_up_delay_days"]
    quiet_hours_start: time = POLICY_DEFAULTS["quiet_hours_start"]
    quiet_hours_end: time = POLICY_DEFAULTS["quiet_hours_end"]
    no_weekends: bool = POLICY_DEFAULTS["no_weekends"]
    team_cap_per_30_days: int = POLICY_DEFAULTS["team_cap_per_30_days"]
    decline_memory_days: int = POLICY_DEFAULTS["decline_memory_days"]
    personalization_required: bool = POLICY_DEFAULTS["personalization_required"]

    @classmethod
    def of(cls, effective) -> "Policy":
        """The guard's policy from contacts' effective one (contacts.facts.EffectivePolicy)."""
        return cls(**{name: getattr(effective, name) for name in POLICY_DEFAULTS})


@dataclass(frozen=True)
class GuardContext:
    """What the guard knows about one person at one moment."""

    name: str
    zone: ZoneInfo
    policy: Policy = field(default_factory=Policy)
    do_not_contact: bool = False
    do_not_contact_reason: str = ""
    erased: bool = False
    # A manager put them aside (contacts.services.erasure.influencer_archive): no outreach
    # until restored.
    archived: bool = False
    do_not_disturb_until: date | None = None
    open_channels: frozenset[str] = frozenset()
    # channel -> (since, evidence) for channels they explicitly closed
    closed_channels: dict[str, tuple[datetime, str]] = field(default_factory=dict)
    topics: frozenset[str] = frozenset()
    # Outbound contacts (timeline + admitted pitches not yet sent), newest first.
    outbound_at: tuple[datetime, ...] = ()
    # topic (lower case) -> when they declined it
    declined_topics: dict[str, datetime] = field(default_factory=dict)
    waiting_since: datetime | None = None
    # Two-way contact, for "within the conversation" (see _conversation): the latest call,
    # meeting or event logged with them, and the latest real message from them.
    last_spoken_at: datetime | None = None
    last_inbound_at: datetime | None = None
    # For a follow-up: how many follow-ups of the original pitch were already admitted.
    follow_ups_admitted: int | None = None
    template_body: str = ""
    merge_values: tuple[str, ...] = ()
    # Fingerprints (outreach.text.fingerprint) of bodies sent to others in the last 30 days.
    recent_fingerprints: tuple[frozenset[int], ...] = ()
    # When every email address of theirs bounced: the latest (address, when, what the server said).
    email_bounced: tuple[str, datetime, str] | None = None


@dataclass(frozen=True)
class Finding:
    rule: Rule
    severity: Severity
    message: str
    overridable: bool = False
    # For a hold, the next allowed moment; for a block that time lifts (cooldown, team cap),
    # when it lifts.
    until: datetime | None = None

    def as_dict(self) -> dict:
        return {
            "rule": str(self.rule),
            "severity": str(self.severity),
            "message": self.message,
            "overridable": self.overridable,
            "until": self.until.isoformat() if self.until else None,
        }


@dataclass(frozen=True)
class Verdict:
    findings: tuple[Finding, ...]

    @property
    def blocks(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.BLOCK)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.WARN)

    @property
    def allowed(self) -> bool:
        """No block at all: the contact may happen (perhaps later, see held_until)."""
        return not self.blocks

    @property
    def overridable(self) -> bool:
        """Blocked only by rules a manager may override with a reason."""
        return bool(self.blocks) and all(f.overridable for f in self.blocks)

    @property
    def held_until(self) -> datetime | None:
        holds = [f.until for f in self.findings if f.severity == Severity.HOLD and f.until]
        return max(holds) if holds else None

    def as_dict(self) -> dict:
        return {
            "allowed": self.allowed,
            "overridable": self.overridable,
            "held_until": self.held_until.isoformat() if self.held_until else None,
            "findings": [finding.as_dict() for finding in self.findings],
        }


class GuardRefused(RuleError):
    """The guard's refusal of a contact: its plain sentences, and the verdict they came from
    (the API answers it alongside the message)."""

    def __init__(self, message: str, *, verdict: Verdict, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.verdict = verdict


def _day(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.day} {local:%b %Y}"


def _moment(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b} at {local:%H:%M} their time ({zone.key})"


def _channel_label(channel: str) -> str:
    return Channel(channel).label if channel in Channel.values else channel


# --- when: quiet hours, weekends, do-not-disturb ------------------------------------------------


def _in_quiet_hours(local: datetime, policy: Policy) -> bool:
    start, end = policy.quiet_hours_start, policy.quiet_hours_end
    now = local.time()
    if start == end:
        return False
    if start > end:  # overnight, e.g. 20:00-08:00
        return now >= start or now < end
    return start <= now < end


def _at(day: date, moment: time, zone: ZoneInfo) -> datetime:
    # Wall-clock time on that day in their zone; zoneinfo resolves DST changes.
    return datetime.combine(day, moment, tzinfo=zone)


def next_allowed_moment(context: GuardContext, moment: datetime) -> tuple[datetime, set[Rule]]:
    """The first moment at or after `moment` outside do-not-disturb, quiet hours and weekends
    in their time zone, and the rules that moved it."""
    policy, zone = context.policy, context.zone
    moved: set[Rule] = set()
    for _ in range(30):  # each step lands on a later wall-clock boundary; a few suffice
        local = moment.astimezone(zone)
        if context.do_not_disturb_until and local.date() < context.do_not_disturb_until:
            moment = _at(context.do_not_disturb_until, time(0, 0), zone)
            moved.add(Rule.DO_NOT_DISTURB)
        elif policy.no_weekends and local.weekday() >= 5:
            monday = local.date() + timedelta(days=7 - local.weekday())
            moment = _at(monday, time(0, 0), zone)
            moved.add(Rule.WEEKEND)
        elif _in_quiet_hours(local, policy):
            end_day = local.date()
            if local.time() >= policy.quiet_hours_end:
                end_day += timedelta(days=1)
            moment = _at(end_day, policy.quiet_hours_end, zone)
            moved.add(Rule.QUIET_HOURS)
        else:
            return moment, moved
    return moment, moved


def _timing_findings(context: GuardContext, now: datetime, channel: str) -> list[Finding]:
    moment, moved = next_allowed_moment(context, now)
    if not moved:
        return []
    name, zone = context.name, context.zone
    reasons = []
    if Rule.DO_NOT_DISTURB in moved:
        reasons.append(f"{name} is away until {context.do_not_disturb_until:%-d %b %Y}")
    if Rule.WEEKEND in moved:
        reasons.append(f"it is the weekend for {name}")
    if Rule.QUIET_HOURS in moved:
        start, end = context.policy.quiet_hours_start, context.policy.quiet_hours_end
        reasons.append(f"{start:%H:%M}-{end:%H:%M} are quiet hours for {name}")
    rule = next(r for r in (Rule.DO_NOT_DISTURB, Rule.WEEKEND, Rule.QUIET_HOURS) if r in moved)
    if channel == Channel.EMAIL:
        then = f"It will go {_moment(moment, zone)}."
    else:
        # Rapport sends email only: a DM or a call waits for the person who makes it.
        then = (
            f"Send the {_channel_label(channel)} yourself from {_moment(moment, zone)}, "
            "then mark it sent."
        )
    message = sentence(f"Held: {'; '.join(reasons)}") + f" {then}"
    return [Finding(rule, Severity.HOLD, message, until=moment)]


# --- who and how often -----------------------------------------------------------------------


def _conversation(context: GuardContext, now: datetime) -> str:
    """Why this contact is within an ongoing conversation, or "" when it is not.

    Within the conversation means: a call, meeting or event with them was logged in the last
    `cooldown_days` (an email "as discussed" is expected), or they wrote to us after our last
    message (we are answering). The cooldown spaces unsolicited outreach; it does not apply to
    an answer in a conversation they are part of."""
    days = context.policy.cooldown_days
    spoken = context.last_spoken_at
    if spoken is not None and now - timedelta(days=days) <= spoken <= now:
        return (
            f"you spoke with {context.name} on {_day(spoken, context.zone)} "
            f"(a call, meeting or event in the last {days} days)"
        )
    wrote = context.last_inbound_at
    last_ours = max(context.outbound_at) if context.outbound_at else None
    if wrote is not None and wrote <= now and (last_ours is None or wrote > last_ours):
        return f"{context.name} wrote to us on {_day(wrote, context.zone)}, after our last message"
    return ""


def _cooldown(context: GuardContext, now: datetime) -> list[Finding]:
    """Days between contacts. A follow-up is spaced by the follow-up delay instead: it is the
    one polite reminder of a pitch, not a new contact. Within an ongoing conversation neither
    applies, and the verdict says why."""
    if not context.outbound_at:
        return []
    is_follow_up = context.follow_ups_admitted is not None
    policy = context.policy
    days = policy.follow_up_delay_days if is_follow_up else policy.cooldown_days
    last = max(context.outbound_at)
    free_from = last + timedelta(days=days)
    if now >= free_from:
        return []
    if reason := _conversation(context, now):
        message = (
            f"Within the conversation: {reason}. The {days}-day "
            f"{'follow-up delay' if is_follow_up else 'cooldown'} is for unsolicited outreach, "
            "so it does not apply."
        )
        return [Finding(Rule.IN_CONVERSATION, Severity.WARN, message)]
    # By the dates on the calendar the message names the day in, not by 24-hour spans.
    elapsed = (now.astimezone(context.zone).date() - last.astimezone(context.zone).date()).days
    ago = "today" if elapsed == 0 else f"{elapsed} day{'s' if elapsed != 1 else ''} ago"
    spacing = f"a follow-up waits {days} days" if is_follow_up else f"the cooldown is {days} days"
    message = (
        f"The team contacted {context.name} on {_day(last, context.zone)} ({ago}); "
        f"{spacing}, so the next contact is welcome from {_day(free_from, context.zone)}."
    )
    return [Finding(Rule.COOLDOWN, Severity.BLOCK, message, overridable=True, until=free_from)]


def _team_cap(context: GuardContext, now: datetime) -> list[Finding]:
    window_start = now - timedelta(days=WINDOW_DAYS)
    recent = sorted(moment for moment in context.outbound_at if moment > window_start)
    cap = context.policy.team_cap_per_30_days
    if len(recent) < cap:
        return []
    frees_at = recent[len(recent) - cap] + timedelta(days=WINDOW_DAYS)
    message = (
        f"The team has contacted {context.name} {len(recent)} times in the last "
        f"{WINDOW_DAYS} days (the limit is {cap}); the next contact fits from "
        f"{_day(frees_at, context.zone)}."
    )
    return [Finding(Rule.TEAM_CAP, Severity.BLOCK, message, overridable=True, until=frees_at)]


def _follow_up_cap(context: GuardContext) -> list[Finding]:
    if context.follow_ups_admitted is None:
        return []
    cap = context.policy.max_follow_ups
    if context.follow_ups_admitted < cap:
        return []
    times = "once" if cap == 1 else f"{cap} times"
    message = (
        f"This pitch to {context.name} was already followed up {times}; "
        "one polite follow-up is the limit. Wait for their answer."
    )
    return [Finding(Rule.FOLLOW_UP_CAP, Severity.BLOCK, message)]


# --- what: channel, topics, personalization -----------------------------------------------------


def _channel(context: GuardContext, channel: str) -> list[Finding]:
    if channel in context.open_channels:
        return []
    label = _channel_label(channel)
    if channel in context.closed_channels:
        since, evidence = context.closed_channels[channel]
        message = sentence(
            f"{context.name} closed {label} on {_day(since, context.zone)}: {evidence}"
        )
    else:
        opened = ", ".join(sorted(_channel_label(c) for c in context.open_channels)) or "none"
        message = f"{context.name} has not opened {label} to us. Channels they opened: {opened}."
    return [Finding(Rule.CHANNEL_NOT_OPEN, Severity.BLOCK, message)]


def _bounced(context: GuardContext, channel: str) -> list[Finding]:
    if channel != Channel.EMAIL or context.email_bounced is None:
        return []
    address, when, reason = context.email_bounced
    message = (
        f"Email to {address} bounced on {_day(when, context.zone)} ({reason}): add a working "
        f"address for {context.name} first."
    )
    return [Finding(Rule.ADDRESS_BOUNCED, Severity.BLOCK, message)]


def _declined(context: GuardContext, topics: frozenset[str], now: datetime) -> list[Finding]:
    memory = timedelta(days=context.policy.decline_memory_days)
    findings = []
    for topic in sorted(topics):
        declined_at = context.declined_topics.get(topic)
        if declined_at is not None and now - declined_at < memory:
            message = (
                f"{context.name} said no to “{topic}” on {_day(declined_at, context.zone)}; "
                f"we do not ask again before {_day(declined_at + memory, context.zone)}."
            )
            findings.append(Finding(Rule.DECLINED_TOPIC, Severity.BLOCK, message, overridable=True))
    return findings


def _off_topic(context: GuardContext, topics: frozenset[str]) -> list[Finding]:
    if not context.topics or not topics or topics & context.topics:
        return []
    theirs = ", ".join(sorted(context.topics))
    message = f"{context.name} covers {theirs}; this pitch is about {', '.join(sorted(topics))}."
    return [Finding(Rule.OFF_TOPIC, Severity.WARN, message)]


def _personalization(context: GuardContext, body: str) -> list[Finding]:
    if not context.policy.personalization_required or not body.strip():
        return []
    own = fingerprint(body, context.merge_values)
    if not own:
        return []
    template = fingerprint(strip_placeholders(context.template_body))
    if template and jaccard(own, template) >= SIMILARITY_LIMIT:
        message = (
            f"This reads like the template with {context.name}'s name in it. "
            "Say why it is for them: their work, their audience, what they stand for."
        )
        return [Finding(Rule.NOT_PERSONALIZED, Severity.WARN, message)]
    if any(jaccard(own, other) >= SIMILARITY_LIMIT for other in context.recent_fingerprints):
        message = (
            f"Almost the same text went to someone else in the last {RECENT_BODIES_DAYS} days. "
            + sentence(f"Make it about {context.name}")
        )
        return [Finding(Rule.NOT_PERSONALIZED, Severity.WARN, message)]
    return []


def _waiting(context: GuardContext) -> list[Finding]:
    if context.waiting_since is None:
        return []
    message = (
        f"{context.name} wrote on {_day(context.waiting_since, context.zone)} "
        "and is still waiting for our reply: answer that first."
    )
    return [Finding(Rule.WAITING_FOR_US, Severity.WARN, message)]


_TOPIC_SPACE = re.compile(r"\s+")


def normalize_topics(topics) -> frozenset[str]:
    return frozenset(_TOPIC_SPACE.sub(" ", t.strip().lower()) for t in topics if t.strip())


def evaluate(
    context: GuardContext, *, channel: str, topics=(), body: str = "", now: datetime
) -> Verdict:
    """The verdict for contacting this person on `channel` about `topics` with `body` at `now`.
    Hard blocks first, then holds, overridable blocks, warnings."""
    if context.erased:
        message = f"{context.name}'s data was erased at their request: no contact is possible."
        return Verdict((Finding(Rule.ERASED, Severity.BLOCK, message),))
    topics = normalize_topics(topics)
    findings: list[Finding] = []
    if context.do_not_contact:
        reason = f": {context.do_not_contact_reason}" if context.do_not_contact_reason else ""
        message = sentence(f"{context.name} asked not to be contacted{reason}")
        findings.append(Finding(Rule.DO_NOT_CONTACT, Severity.BLOCK, message))
    if context.archived:
        message = f"{context.name} is archived: restore their profile before contacting them."
        findings.append(Finding(Rule.ARCHIVED, Severity.BLOCK, message))
    findings += _channel(context, channel)
    findings += _bounced(context, channel)
    findings += _follow_up_cap(context)
    findings += _timing_findings(context, now, channel)
    findings += _cooldown(context, now)
    findings += _team_cap(context, now)
    findings += _declined(context, topics, now)
    findings += _off_topic(context, topics)
    findings += _personalization(context, body)
    findings += _waiting(context)
    return Verdict(tuple(findings))


# --- waiting for the allowed moment ------------------------------------------------------------


def may_remind_when_allowed(verdict: Verdict) -> bool:
    """Only waiting helps: blocked by the cooldown alone, or held for their quiet hours, weekend
    or leave. Anything else (a closed channel, do-not-contact, the team cap) is not a matter of
    time, so no reminder is offered."""
    if verdict.blocks:
        return all(finding.rule == Rule.COOLDOWN for finding in verdict.blocks)
    return verdict.held_until is not None


def allowed_moment(context: GuardContext, verdict: Verdict) -> datetime | None:
    """When this contact may go: the latest of the cooldown's end and any hold, then moved past
    their quiet hours, weekend and leave as the guard would hold it. None when waiting would not
    help."""
    if not may_remind_when_allowed(verdict):
        return None
    moments = [f.until for f in verdict.blocks if f.until]
    if verdict.held_until:
        moments.append(verdict.held_until)
    if not moments:
        return None
    moment, _ = next_allowed_moment(context, max(moments))
    return moment
