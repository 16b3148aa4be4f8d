"""Every finding of the contact guard reads as one sentence ending with one full stop, even when
the parts it is built from end one already: a name with an initial ("Ana R."), evidence or a
reason typed with its own full stop."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from outreach.guard import GuardContext, Rule, evaluate
from outreach.text import fingerprint
from tests.punctuation import double_full_stops

NAME = "Ana R."
# Wednesday 18 Nov 2026, 10:00 in Paris.
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
BODY = (
    "Hi Ana, we are launching a new collection of trail shoes made from recycled ocean "
    "plastic and would love to send you a pair to try on your next long run."
)


def context(**changes) -> GuardContext:
    values = {"name": NAME, "zone": ZoneInfo("Europe/Paris"), "open_channels": frozenset({"email"})}
    return GuardContext(**{**values, **changes})


# One context per rule, with every free text ending in a full stop.
CASES = [
    (context(erased=True), {}),
    (context(do_not_contact=True, do_not_contact_reason="Asked by link."), {}),
    (context(archived=True), {}),
    (
        context(
            open_channels=frozenset(),
            closed_channels={"email": (datetime(2026, 10, 2, tzinfo=UTC), "DMs only, please.")},
        ),
        {},
    ),
    (context(), {"channel": "instagram_dm"}),
    (
        context(email_bounced=("ana@gone.example", NOW - timedelta(days=6), "550 user unknown.")),
        {},
    ),
    (context(follow_ups_admitted=1), {}),
    (context(do_not_disturb_until=date(2026, 11, 25)), {}),
    (context(), {"now": datetime(2026, 11, 18, 21, 0, tzinfo=UTC)}),
    (context(), {"now": datetime(2026, 11, 21, 10, 0, tzinfo=UTC)}),
    (context(outbound_at=(NOW - timedelta(days=2),)), {}),
    (
        context(outbound_at=(NOW - timedelta(days=2),), last_spoken_at=NOW - timedelta(days=1)),
        {},
    ),
    (context(outbound_at=tuple(NOW - timedelta(days=days) for days in (8, 16, 29))), {}),
    (
        context(topics=frozenset({"running"}), declined_topics={"running": NOW}),
        {"topics": ["running"]},
    ),
    (context(topics=frozenset({"baking"})), {"topics": ["running"]}),
    (
        context(
            recent_fingerprints=(fingerprint(BODY.replace("Ana", "Bruno"), ("Bruno",)),),
            merge_values=("Ana",),
        ),
        {"body": BODY},
    ),
    (context(template_body=BODY.replace("Ana", "{name}"), merge_values=("Ana",)), {"body": BODY}),
    (context(waiting_since=datetime(2026, 11, 12, 10, tzinfo=UTC)), {}),
]


def test_every_finding_ends_with_one_full_stop():
    messages, rules = [], set()
    for ctx, arguments in CASES:
        verdict = evaluate(ctx, **{"channel": "email", "now": NOW, **arguments})
        messages += [finding.message for finding in verdict.findings]
        rules |= {finding.rule for finding in verdict.findings}

    assert rules == set(Rule)  # every rule spoke at least once
    assert double_full_stops(messages) == []
    assert all(message.endswith(".") for message in messages)
