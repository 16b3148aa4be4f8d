"""Suppression digests: how Rapport recognizes an erased person without keeping their data.

An erasure leaves, per address and handle, HMAC-SHA256(workspace key, normalized value). The
same value seen later (a creation, an import row, an inbound email) gives the same digest, so
the person is flagged do-not-contact with "erased on <date>"; the digest alone gives nothing
back. The key is random per workspace, so digests of two workspaces cannot be compared.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from contacts import normalize
from contacts.models import Suppression, SuppressionKey, SuppressionKind
from irm.models import Workspace


def erased_reason(erased_on: date) -> str:
    """The do-not-contact reason a match gets, the same words wherever it is found."""
    return f"erased on {erased_on.isoformat()}"


def suppression_key(*, workspace: Workspace, create: bool = False) -> bytes | None:
    """The workspace's key; made on its first erasure (`create`), None before."""
    if create:
        row, _ = SuppressionKey.objects.get_or_create(
            workspace=workspace, defaults={"key": secrets.token_hex(32)}
        )
    else:
        row = SuppressionKey.objects.filter(workspace=workspace).first()
    return bytes.fromhex(row.key) if row else None


def digest(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def suppression_values(
    *, emails: Iterable[str] = (), handles: Iterable[tuple[str, str]] = ()
) -> list[tuple[str, str, str]]:
    """(kind, platform, normalized value) for addresses and (platform, handle) pairs."""
    values = [
        (SuppressionKind.EMAIL, "", normalize.email(address)) for address in emails if address
    ]
    values += [
        (SuppressionKind.HANDLE, platform, normalize.handle(handle))
        for platform, handle in handles
        if handle
    ]
    return values


def suppression_match(
    *, workspace: Workspace, emails: Iterable[str] = (), handles: Iterable[tuple[str, str]] = ()
) -> date | None:
    """The day the person with any of these addresses or handles was erased, or None. One
    query (contacts_suppression_unique), none at all in a workspace that never erased anyone."""
    values = suppression_values(emails=emails, handles=handles)
    if not values:
        return None
    key = suppression_key(workspace=workspace)
    if key is None:
        return None
    wanted = Q()
    for kind, platform, value in values:
        wanted |= Q(kind=kind, platform=platform, digest=digest(key, value))
    return (
        Suppression.objects.filter(wanted, workspace=workspace)
        .order_by("-erased_on")
        .values_list("erased_on", flat=True)
        .first()
    )


def suppression_dates(
    *, workspace: Workspace, key: bytes | None, values: Iterable[tuple[str, str, str]]
) -> dict[tuple[str, str, str], date]:
    """For many (kind, platform, normalized value) at once (suppression_values' form): the day
    each erased one was erased. One query whatever their number (an import's chunk), none in a
    workspace that never erased anyone (`key` None)."""
    if key is None:
        return {}
    by_digest = {(kind, platform, digest(key, value)): (kind, platform, value)
                 for kind, platform, value in values}  # fmt: skip
    if not by_digest:
        return {}
    found = Suppression.objects.filter(
        workspace=workspace, digest__in={digest for _, _, digest in by_digest}
    ).values_list("kind", "platform", "digest", "erased_on")
    dates: dict[tuple[str, str, str], date] = {}
    for kind, platform, value_digest, erased_on in found:
        value = by_digest.get((kind, platform, value_digest))
        if value is not None and (value not in dates or erased_on > dates[value]):
            dates[value] = erased_on
    return dates
