"""Reading an email's headers, forgivingly (RFC 2047 words, raw 8-bit, folded and malformed
values), and the two cleaners every reader of a message uses: `clean` (safe to store) and
`safely` (an unreadable piece never costs the rest). Pure: no database. Used by
outreach/mail/parse.py."""

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import TypeVar

from outreach.mail import bounce

# Mail servers add these when they deliver; they name the mailbox the message reached, which
# can differ from To (a Bcc, an alias, a forwarding rule).
ENVELOPE_HEADERS = ("delivered-to", "x-original-to", "envelope-to")
# Shown to people next to a message (its source, its client, why it counts as automatic).
KEPT_HEADERS = (
    "Date",
    "From",
    "To",
    "Cc",
    "Subject",
    "Message-ID",
    "In-Reply-To",
    "Auto-Submitted",
    "X-Autoreply",
    "Precedence",
    "Thread-Index",
    "X-Mailer",
    "User-Agent",
)
_BARE_ID = re.compile(r"^[^<>\s@]+@[^<>\s@]+$")
_ADDR_SPEC = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Headers:
    """Header values as written, read without the policy's parsers (which can raise on some
    malformed headers); decoding happens per use, forgivingly."""

    def __init__(self, message: Message) -> None:
        self.items: list[tuple[str, str]] = safely(
            lambda: [(str(name).lower(), str(value)) for name, value in message.raw_items()], []
        )

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.items if key == name]

    def raw(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def text(self, name: str) -> str:
        value = self.raw(name)
        return "" if value is None else decode_header_text(value)


def decode_header_text(value: str) -> str:
    """RFC 2047 encoded words decoded, raw 8-bit read as UTF-8, whitespace collapsed."""
    value = from_8bit(value)
    try:
        text = str(policy.default.header_factory("subject", value))
    except Exception:
        text = value
    return " ".join(text.split())


def from_8bit(value: str) -> str:
    """Headers sent as raw 8-bit (common, if not allowed) arrive as escaped bytes: read them as
    UTF-8, or Windows-1252 when they are not UTF-8."""
    if not any("\udc80" <= char <= "\udcff" for char in value):
        return value
    data = value.encode("utf-8", errors="surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def address_pairs(values: list[str]) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs from address headers; unreadable ones skipped."""
    pairs: list[tuple[str, str]] = []
    for value in values:
        value = from_8bit(value).replace("\r", " ").replace("\n", " ")
        found: list[tuple[str, str]] = []
        try:
            parsed = getaddresses([value])
        except Exception:
            parsed = []
        for name, address in parsed:
            address = address.strip().strip("<>").lower()
            if _ADDR_SPEC.match(address):
                found.append((decode_header_text(name.strip('"')), address))
        if not found:
            # getaddresses gives up on some real-world headers; any address-shaped text will do.
            found = [("", address.lower()) for address in bounce.ADDRESS_IN_TEXT.findall(value)]
        pairs.extend(found)
    return pairs


def unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def message_ids(values: list[str], *, bare_allowed: bool = False) -> tuple[str, ...]:
    """All "<...>" ids, in order, without repeats; References may be folded and contain junk."""
    found: list[str] = []
    for value in values:
        value = from_8bit(value)
        ids = bounce.MESSAGE_ID.findall(value)
        if not ids and bare_allowed and _BARE_ID.match(value.strip()):
            ids = [f"<{value.strip()}>"]  # some mailers leave the brackets off
        found.extend(ids)
    return tuple(clean(message_id) for message_id in dict.fromkeys(found))


def message_id_of(headers: Headers, raw: bytes) -> str:
    ids = safely(lambda: message_ids(headers.all("message-id"), bare_allowed=True), ())
    if ids:
        return ids[0]
    # Re-ingesting the same bytes must give the same id, so duplicates are still recognised.
    return f"<{hashlib.sha256(raw).hexdigest()}@rapport.invalid>"


def header_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        sent_at = parsedate_to_datetime(decode_header_text(value))
    except Exception:
        return None
    if sent_at.tzinfo is None:  # "-0000": the time is UTC, its origin unknown
        sent_at = sent_at.replace(tzinfo=UTC)
    return sent_at


def last_received_at(headers: Headers) -> datetime | None:
    """Each server that relays a message adds a Received header on top, ending in "; <date>":
    the first one is the newest."""
    for value in headers.all("received"):
        _, separator, stamp = value.rpartition(";")
        if separator:
            return header_date(" ".join(stamp.split()))
        return None
    return None


def kept_headers(headers: Headers) -> dict[str, str]:
    kept = {}
    for name in KEPT_HEADERS:
        values = [decode_header_text(value) for value in headers.all(name.lower())]
        if values:
            kept[name] = clean(", ".join(values))
    return kept


T = TypeVar("T")


def clean(value: str, *, multiline: bool = False) -> str:
    """No NUL or other control characters (PostgreSQL rejects NUL in text) and no unpaired
    surrogates (they cannot be encoded as UTF-8)."""
    value = value.encode("utf-8", errors="replace").decode("utf-8")
    if not multiline:
        value = value.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return _CONTROL.sub("", value)


def safely(read: Callable[[], T], default: T) -> T:
    """One unreadable piece of a message must not cost the rest of it."""
    try:
        return read()
    except Exception:
        return default
