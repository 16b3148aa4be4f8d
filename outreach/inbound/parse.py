"""Raw RFC 822 bytes -> what Rapport needs to know about one email. Pure: no database.

Real mail is messy: RFC 2047 headers, quoted-printable and base64 bodies, any charset, HTML-only
bodies, quoted history, attachments, auto-replies and delivery reports. Everything here is
forgiving: a malformed part yields what could be read, never an exception.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


class MessageKind:
    MESSAGE = "message"  # a person wrote it
    AUTO_REPLY = "auto_reply"  # out-of-office and other automatic answers
    DELIVERY_REPORT = "delivery_report"  # multipart/report; report-type=delivery-status


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class DeliveryReport:
    failed: bool  # Action: failed (a 5.x.x status); False for "delayed" and other notices
    recipients: tuple[str, ...]  # Final-Recipient addresses, lower-cased
    status: str  # e.g. "5.1.1"
    diagnostic: str  # e.g. "smtp; 550 5.1.1 <x@example.com>: user unknown"
    original_message_id: str  # Message-ID of the message that bounced, "<...>" or ""


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str  # "<...>" as written; a stable "<sha256@rapport.invalid>" when missing
    in_reply_to: tuple[str, ...]  # "<...>" ids
    references: tuple[str, ...]  # "<...>" ids, oldest first
    from_name: str
    from_address: str  # lower-cased, "" when unreadable
    to: tuple[str, ...]  # lower-cased addresses
    cc: tuple[str, ...]
    # Envelope hints added by mail servers: Delivered-To, X-Original-To, Envelope-To.
    delivered_to: tuple[str, ...]
    subject: str  # decoded, whitespace collapsed
    sent_at: datetime | None  # the Date header, aware; None when missing or unreadable
    text: str  # the new text of the message, as plain text
    quoted: str  # quoted history below it ("On ... wrote:", "> ...", "-----Original Message-----")
    from_html: bool  # the text was reduced from an HTML body
    kind: str  # MessageKind
    auto_reply_marker: str  # which marker made it an auto-reply, e.g. "Auto-Submitted: auto-replied"
    away_until: date | None  # an auto-reply's stated return date
    delivery: DeliveryReport | None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    headers: dict[str, str] = field(default_factory=dict)  # a few headers kept for people


def parse_email(raw: bytes, *, received_at: datetime) -> ParsedEmail:
    """Read one message. `received_at` anchors relative return dates ("back on Monday")."""
    raise NotImplementedError
