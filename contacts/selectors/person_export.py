"""Everything Rapport holds about one person, for their right of access and portability.

One zip: `person.json` (every section, nested under its name) and one CSV per section
(`profile.csv`, `timeline.csv`, `pitches.csv`, ...). Contacts knows its own tables; apps built
on it (outreach's pitches and messages, campaigns' collaborations, offers and payments) register
their sections here when they are ready, so contacts imports none of them. Each section reads
its rows in a fixed number of queries, so an export costs the same number of queries whether
the person has three timeline entries or three thousand.

The audit event names the person's public id and how many rows each section had: never a name.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from django.utils import timezone

from contacts.models import (
    ChannelPermission,
    Commitment,
    HealthSnapshot,
    Influencer,
    Interaction,
    ListEntry,
    MetricSnapshot,
    SocialAccount,
)
from contacts.selectors.exports import cell_safe
from irm.models import AuditAction, User, Workspace
from irm.services import audit_record

Row = dict[str, object]
# (influencer) -> the section's rows, each a flat dict of plain values.
Collector = Callable[..., list[Row]]


@dataclass(frozen=True)
class Section:
    name: str  # the CSV's name and the key in person.json
    title: str  # how the privacy notice counts it ("timeline entries")
    collect: Collector


_sections: dict[str, Section] = {}


def person_export_section_register(*, name: str, title: str) -> Callable[[Collector], Collector]:
    """Register a section of the per-person export (and of the privacy notice's counts). The
    collector is called with `influencer` and returns its rows in a fixed number of queries."""

    def decorator(collect: Collector) -> Collector:
        _sections[name] = Section(name=name, title=title, collect=collect)
        return collect

    return decorator


def person_export_sections() -> list[Section]:
    return list(_sections.values())


def plain(value: object) -> object:
    """A value as JSON and CSV carry it: instants in ISO 8601 (UTC), money as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def _name(user: User | None) -> str:
    return (user.name or user.email) if user is not None else ""


# --- contacts' own sections -------------------------------------------------------------------


@person_export_section_register(name="profile", title="profile")
def _profile(*, influencer: Influencer) -> list[Row]:
    person = (
        Influencer.objects.select_related("owner", "team", "do_not_contact_by")
        .prefetch_related("topics", "emails")
        .get(pk=influencer.pk)
    )
    return [
        {
            "id": person.public_id,
            "name": person.name,
            "pronouns": person.pronouns,
            "emails": [email.email for email in person.emails.all()],
            "bio": person.bio,
            "background": person.background,
            "values": person.values,
            "audience_notes": person.audience_notes,
            "location": person.location,
            "country": person.country,
            "time_zone": person.time_zone,
            "languages": person.languages,
            "phone": person.phone,
            "website": person.website,
            "avatar_url": person.avatar_url,
            "shipping_address": person.shipping_address,
            "agent_name": person.agent_name,
            "agent_email": person.agent_email,
            "topics": [topic.name for topic in person.topics.all()],
            "stage": person.stage,
            "owner": _name(person.owner),
            "team": person.team.name if person.team else "",
            "keep_in_touch_days": person.keep_in_touch_days,
            "do_not_contact": person.do_not_contact,
            "do_not_contact_reason": person.do_not_contact_reason,
            "do_not_contact_since": person.do_not_contact_since,
            "do_not_disturb_until": person.do_not_disturb_until,
            "privacy_notice_sent_at": person.privacy_notice_sent_at,
            "health_score": person.health_score,
            "health_band": person.health_band,
            "last_inbound_at": person.last_inbound_at,
            "last_outbound_at": person.last_outbound_at,
            "last_two_way_at": person.last_two_way_at,
            "created_at": person.created_at,
            "updated_at": person.updated_at,
        }
    ]


@person_export_section_register(name="emails", title="email addresses")
def _emails(*, influencer: Influencer) -> list[Row]:
    return [
        {
            "email": email.email,
            "primary": email.is_primary,
            "bounced_at": email.bounced_at,
            "bounce_reason": email.bounce_reason,
            "added_at": email.created_at,
        }
        for email in influencer.emails.order_by("-is_primary", "email")
    ]


@person_export_section_register(name="accounts", title="social accounts")
def _accounts(*, influencer: Influencer) -> list[Row]:
    return [
        {
            "id": account.public_id,
            "platform": account.platform,
            "handle": account.handle,
            "url": account.url,
            "followers": account.followers,
            "engagement_rate": account.engagement_rate,
            "verified": account.verified,
            "last_updated_at": account.last_updated_at,
        }
        for account in SocialAccount.objects.filter(influencer=influencer).order_by(
            "platform", "id"
        )
    ]


@person_export_section_register(name="metrics", title="follower and engagement measurements")
def _metrics(*, influencer: Influencer) -> list[Row]:
    snapshots = (
        MetricSnapshot.objects.filter(social_account__influencer=influencer)
        .select_related("social_account")
        .order_by("social_account__platform", "social_account_id", "captured_on")
    )
    return [
        {
            "account": shot.social_account.public_id,
            "platform": shot.social_account.platform,
            "handle": shot.social_account.handle,
            "day": shot.captured_on,
            "followers": shot.followers,
            "engagement_rate": shot.engagement_rate,
        }
        for shot in snapshots
    ]


@person_export_section_register(name="rates", title="rates")
def _rates(*, influencer: Influencer) -> list[Row]:
    return [
        {
            "deliverable": rate.deliverable_type,
            "amount": rate.amount,
            "currency": rate.currency,
            "notes": rate.notes,
            "updated_at": rate.updated_at,
        }
        for rate in influencer.rates.order_by("deliverable_type", "currency")
    ]


@person_export_section_register(name="channels", title="consents and open channels")
def _channels(*, influencer: Influencer) -> list[Row]:
    permissions = ChannelPermission.objects.filter(influencer=influencer).select_related(
        "recorded_by"
    )
    return [
        {
            "channel": permission.channel,
            "open": permission.is_open,
            "since": permission.since,
            "evidence": permission.evidence,
            "recorded_by": _name(permission.recorded_by),
            "recorded_at": permission.recorded_at,
        }
        for permission in permissions.order_by("channel")
    ]


@person_export_section_register(name="timeline", title="timeline entries")
def _timeline(*, influencer: Influencer) -> list[Row]:
    # Entries deleted from the timeline are still held (soft deletion): they are exported too.
    entries = (
        Interaction.objects.filter(influencer=influencer)
        .select_related("author")
        .order_by("occurred_at", "id")
    )
    return [
        {
            "id": entry.public_id,
            "occurred_at": entry.occurred_at,
            "kind": entry.kind,
            "direction": entry.direction,
            "channel": entry.channel,
            "summary": entry.summary,
            "body": entry.body,
            "sentiment": entry.sentiment,
            "author": _name(entry.author),
            "contact_rule_overridden": entry.contact_rule_overridden,
            "off_topic": entry.off_topic,
            "respect_findings": entry.respect_findings,
            "logged_at": entry.created_at,
            "edited_at": entry.edited_at,
            "deleted_at": entry.deleted_at,
        }
        for entry in entries
    ]


@person_export_section_register(name="commitments", title="promises we made them")
def _commitments(*, influencer: Influencer) -> list[Row]:
    return [
        {
            "id": commitment.public_id,
            "kind": commitment.kind,
            "description": commitment.description,
            "due_at": commitment.due_at,
            "fulfilled_at": commitment.fulfilled_at,
            "opened_at": commitment.created_at,
        }
        for commitment in Commitment.objects.filter(influencer=influencer).order_by("due_at", "id")
    ]


@person_export_section_register(name="lists", title="lists they are on")
def _lists(*, influencer: Influencer) -> list[Row]:
    entries = ListEntry.objects.filter(influencer=influencer).select_related("influencer_list")
    return [
        {"list": entry.influencer_list.name, "added_at": entry.added_at}
        for entry in entries.order_by("added_at", "id")
    ]


@person_export_section_register(name="health", title="relationship health measurements")
def _health(*, influencer: Influencer) -> list[Row]:
    snapshots = HealthSnapshot.objects.filter(influencer=influencer).order_by("day")
    return [
        {
            "day": snapshot.day,
            "score": snapshot.score,
            "band": snapshot.band,
            "recency": snapshot.recency,
            "reciprocity": snapshot.reciprocity,
            "respect": snapshot.respect,
            "owed": snapshot.owed,
            "depth": snapshot.depth,
            "sentiment": snapshot.sentiment,
        }
        for snapshot in snapshots
    ]


# --- the zip ----------------------------------------------------------------------------------


def person_export_collect(*, influencer: Influencer) -> dict[str, list[Row]]:
    """Every registered section's rows, in registration order (contacts' first)."""
    return {
        section.name: [
            {key: plain(value) for key, value in row.items()}
            for row in section.collect(influencer=influencer)
        ]
        for section in _sections.values()
    }


def _csv(rows: list[Row]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.writer(out)
    # A byte order mark, so spreadsheets read accented names as UTF-8.
    out.write("\ufeff")
    writer.writerow(columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column, "")
            if isinstance(value, list):
                value = "; ".join(str(item) for item in value)
            cells.append(cell_safe("" if value is None else value))
        writer.writerow(cells)
    return out.getvalue()


def person_export_zip(*, data: dict[str, list[Row]], now: datetime) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        document = {"exported_at": plain(now), **data}
        archive.writestr("person.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, rows in data.items():
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()


def person_export_filename(*, influencer: Influencer, now: datetime) -> str:
    day = timezone.localtime(now, influencer.workspace.zone).date().isoformat()
    return f"person-{influencer.public_id}-{day}.zip"


def person_export_build(
    *, workspace: Workspace, influencer: Influencer, actor: User, now: datetime | None = None
) -> tuple[str, bytes]:
    """1. read every section, 2. audit the export (the person's id and row counts only),
    3. hand back the file name and the zip's bytes. Who may export (admins) is the caller's
    check, before this is called."""
    now = now or timezone.now()
    data = person_export_collect(influencer=influencer)
    audit_record(
        action=AuditAction.EXPORT,
        actor=actor,
        workspace=workspace,
        target=influencer,
        data={"kind": "person", "rows": {name: len(rows) for name, rows in data.items()}},
        now=now,
    )
    return person_export_filename(influencer=influencer, now=now), person_export_zip(
        data=data, now=now
    )


def person_held_counts(*, influencer: Influencer) -> list[tuple[str, int]]:
    """(what, how many) for each section that holds something about them, for the privacy
    notice: "timeline entries: 12"."""
    counts = []
    for section in _sections.values():
        rows = section.collect(influencer=influencer)
        if rows:
            counts.append((section.title, len(rows)))
    return counts
