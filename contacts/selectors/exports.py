"""CSV export of influencers: the list page's current filter, or the rows a person ticked.

Rows are streamed in chunks (a large workspace never sits in memory) and every text cell is
made safe for spreadsheets: a cell that starts with = + - @ or a tab/carriage return would run
as a formula in Excel or LibreOffice, so it is prefixed with a single quote.
"""

import csv
from collections.abc import Iterator
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from contacts.models import Influencer, InfluencerEmail, Platform, SocialAccount
from irm.models import AuditAction, User, Workspace
from irm.services import audit_record

CHUNK_SIZE = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = [
    "name",
    "emails",
    *(f"{label} handle" for label in Platform.labels),
    "total followers",
    "topics",
    "stage",
    "owner email",
    "team",
    "country",
    "languages",
    "time zone",
    "do not contact",
    "last inbound",
    "last outbound",
    "last two-way",
]


def cell_safe(value: object) -> object:
    """Text that a spreadsheet would read as a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_restore(text: str) -> str:
    """cell_safe undone: a file we wrote (an export, the import's rejected rows) comes back as
    it was when uploaded again ("'+33 6 12" -> "+33 6 12"). Only that quote is taken off."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def export_queryset(queryset: QuerySet[Influencer]) -> QuerySet[Influencer]:
    """What an export row needs, in a fixed number of queries per chunk."""
    return queryset.select_related("owner", "team").prefetch_related(
        "topics",
        Prefetch("social_accounts", queryset=SocialAccount.objects.order_by("platform", "handle")),
        Prefetch("emails", queryset=InfluencerEmail.objects.order_by("-is_primary", "email")),
    )


def _date(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def export_row(influencer: Influencer) -> list[object]:
    handles: dict[str, list[str]] = {}
    for account in influencer.social_accounts.all():
        # Without the "@": a cell starting with it would be quoted as a formula.
        handles.setdefault(account.platform, []).append(account.handle)
    row = [
        influencer.name,
        "; ".join(email.email for email in influencer.emails.all()),
        *("; ".join(handles.get(platform, [])) for platform in Platform.values),
        influencer.total_followers,
        "; ".join(topic.name for topic in influencer.topics.all()),
        influencer.get_stage_display(),
        influencer.owner.email if influencer.owner else "",
        influencer.team.name if influencer.team else "",
        influencer.country,
        " ".join(influencer.languages),
        influencer.time_zone,
        "yes" if influencer.do_not_contact else "no",
        _date(influencer.last_inbound_at),
        _date(influencer.last_outbound_at),
        _date(influencer.last_two_way_at),
    ]
    return [cell_safe(value) for value in row]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: QuerySet[Influencer]) -> Iterator[str]:
    """The header, then one line per influencer, read CHUNK_SIZE rows at a time. Starts with a
    byte order mark so spreadsheets read accented names as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for influencer in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(export_row(influencer))


def influencers_export_start(
    *,
    workspace: Workspace,
    queryset: QuerySet[Influencer],
    actor: User,
    now: datetime | None = None,
) -> Iterator[str]:
    """Count and audit the export (ids and numbers only), then hand back the lines to stream."""
    rows = queryset.count()
    audit_record(
        action=AuditAction.EXPORT,
        actor=actor,
        workspace=workspace,
        data={"rows": rows},
        now=now or timezone.now(),
    )
    return csv_lines(queryset)


def export_filename(*, workspace: Workspace, now: datetime) -> str:
    day = timezone.localtime(now, workspace.zone).date().isoformat()
    return f"influencers-{workspace.slug}-{day}.csv"
