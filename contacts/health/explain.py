"""How health is computed, in words, from the same table the computation reads.

The "How health is computed" page (contacts.views.health_how) and the README's block between
the health-weights markers (`manage.py health_docs`) both render from here, and both read
contacts.health.weights: a changed weight, floor or rule shows up in the explanation at once,
and a test fails until the README is regenerated.
"""

from dataclasses import dataclass

from contacts.health.reasons import STRENGTHS, reason_text
from contacts.health.weights import (
    BAND_FLOORS,
    COMPONENTS,
    DORMANT_AFTER_DAYS,
    OVERRIDE_BANDS,
    OVERRIDE_MAX_DAYS,
    Component,
)
from contacts.models import HealthBand

README_START = "<!-- health-weights:start -->"
README_END = "<!-- health-weights:end -->"
EXAMPLE_NAME = "Ana"

RECOMPUTED = (
    "Every night for everyone (in batches), and for one person right after anything that "
    "changes their health: an entry added to, edited on or removed from their timeline (a "
    "pitch, a reply, a call, a payment, a completed collaboration), a promise opened or kept "
    "(a reply, a payment, feedback on a draft), or a change to their stage or cadence. Each "
    "day's result is kept as a snapshot, which draws the trends."
)

# One example of every reason the computation gives, with believable facts. Dates are at noon
# UTC so the example reads the same day in every time zone.
REASON_EXAMPLES: tuple[dict, ...] = (
    {"code": "waiting", "count": 1, "since": "2026-11-12T12:00:00+00:00"},
    {"code": "unanswered", "count": 3},
    {"code": "quiet", "days": 75, "cadence": 30},
    {"code": "payment_late", "count": 1, "days": 10},
    {"code": "feedback_late", "count": 2, "days": 6},
    {"code": "promise_late", "count": 1, "days": 4},
    {"code": "low_reply_rate", "answered": 2, "sent": 9},
    {"code": "rules_broken", "count": 2},
    {"code": "off_topic", "count": 1},
    {"code": "negative", "count": 2},
    {"code": "no_two_way"},
    {"code": "campaigns", "count": 2},
    {"code": "they_reach_out", "count": 2},
    {"code": "ambassador"},
    {"code": "warm", "count": 4},
    {"code": "in_touch", "days": 12, "cadence": 30},
)


@dataclass(frozen=True)
class BandRule:
    band: str
    label: str
    rule: str


@dataclass(frozen=True)
class ReasonExample:
    code: str
    text: str
    concern: bool


def band_rules() -> list[BandRule]:
    """Score bands from their floors, best first, then dormant and new."""
    rules, ceiling = [], 100
    for band, floor in BAND_FLOORS:
        rules.append(BandRule(band, str(HealthBand(band).label), f"score {floor} to {ceiling}"))
        ceiling = floor - 1
    rules.append(
        BandRule(
            HealthBand.DORMANT,
            str(HealthBand.DORMANT.label),
            f"whatever the score: no two-way contact for {DORMANT_AFTER_DAYS} days, or for "
            "three keep-in-touch cadences when that is longer",
        )
    )
    rules.append(
        BandRule(
            HealthBand.NEW,
            str(HealthBand.NEW.label),
            "before the first two-way contact (a real message from them, a draft or post they "
            "delivered, a call, a meeting, an event): there is nothing to judge yet, so no "
            "score is shown either (its components are, with what we did so far)",
        )
    )
    return rules


def override_rule() -> str:
    bands = ", ".join(str(band.label).lower() for band in OVERRIDE_BANDS)
    return (
        "A manager may set the band by hand (one of: "
        f"{bands}) with a reason and a last day, at most {OVERRIDE_MAX_DAYS} days ahead. The "
        "computed band and score stay visible next to it, setting and clearing are recorded in "
        "the audit log, and the computed band returns by itself after the last day."
    )


def reason_examples() -> list[ReasonExample]:
    return [
        ReasonExample(
            code=example["code"],
            text=reason_text(example, EXAMPLE_NAME),
            concern=example["code"] not in STRENGTHS,
        )
        for example in REASON_EXAMPLES
    ]


def page_context() -> dict:
    """What templates/contacts/health_how.html shows."""
    return {
        "components": COMPONENTS,
        "total_weight": sum(component.weight for component in COMPONENTS),
        "bands": band_rules(),
        "override_rule": override_rule(),
        "recomputed": RECOMPUTED,
        "concerns": [example for example in reason_examples() if example.concern],
        "strengths": [example for example in reason_examples() if not example.concern],
    }


def _component_row(component: Component) -> str:
    return f"| {component.label} | {component.weight} | {component.question} |"


def markdown() -> str:
    """The README's block, without its markers."""
    context = page_context()
    lines = [
        "The score (0-100) is the weighted average of these components, each 0-100 (the "
        f"weights add up to {context['total_weight']}):",
        "",
        "| Component | Weight | The question it answers |",
        "| --- | ---: | --- |",
        *(_component_row(component) for component in COMPONENTS),
        "",
        "How each component is scored:",
        "",
        *(f"- **{component.label}**: {component.rule}" for component in COMPONENTS),
        "",
        "Bands:",
        "",
        *(f"- **{rule.label}**: {rule.rule}." for rule in context["bands"]),
        "",
        f"**Overrides.** {context['override_rule']}",
        "",
        f"**When it is recomputed.** {context['recomputed']}",
        "",
        f"**Reasons** (the top three are shown, concerns first), e.g. for {EXAMPLE_NAME}:",
        "",
        *(f"- {example.text}" for example in context["concerns"]),
        *(f"- {example.text} (a strength)" for example in context["strengths"]),
    ]
    return "\n".join(lines)


def readme_with_block(readme: str) -> str:
    """`readme` with the text between the markers replaced by the current block."""
    head, start, rest = readme.partition(README_START)
    _old, end, tail = rest.partition(README_END)
    if not start or not end:
        raise ValueError(f"README.md needs the markers {README_START} and {README_END}.")
    return f"{head}{README_START}\n{markdown()}\n{README_END}{tail}"


def readme_block(readme: str) -> str:
    """The block currently between the markers of `readme` (empty without markers)."""
    _head, start, rest = readme.partition(README_START)
    block, end, _tail = rest.partition(README_END)
    return block.strip("\n") if start and end else ""
