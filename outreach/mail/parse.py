"""Raw RFC 822 bytes -> what Rapport needs to know about one email. Pure: no database.

Real mail is messy: RFC 2047 headers, quoted-printable and base64 bodies, any charset, HTML-only
bodies, quoted history, attachments, auto-replies and delivery reports. Everything here is
forgiving: a malformed part yields what could be read, never an exception.
"""

import codecs
import email
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import policy
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import TypeVar

from outreach.mail import bounce
from outreach.mail.away import find_return_date
from outreach.mail.html import html_to_text_parts
from outreach.mail.quoting import split_quoted


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
    # Which marker made it an auto-reply, e.g. "Auto-Submitted: auto-replied".
    auto_reply_marker: str
    away_until: date | None  # an auto-reply's stated return date
    delivery: DeliveryReport | None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    headers: dict[str, str] = field(default_factory=dict)  # a few headers kept for people
    # The newest Received header's date (the last mail server's, nearest to us); None when
    # there is none or it cannot be read. How an archive ingested later is dated.
    last_received_at: datetime | None = None


def parse_email(raw: bytes, *, received_at: datetime) -> ParsedEmail:
    """Read one message. `received_at` anchors relative return dates ("back on Monday").

    Every string in the result is safe to store in PostgreSQL: no NUL characters and no unpaired
    surrogates, whatever bytes came in.
    """
    raw = _as_bytes(raw)
    message = _safely(lambda: email.message_from_bytes(raw, policy=policy.default), None)
    if message is None:
        message = email.message_from_bytes(b"", policy=policy.default)
    headers = _Headers(message)

    subject = headers.text("subject")
    from_pairs = _safely(lambda: _addresses(headers.all("from")), [])
    from_name, from_address = from_pairs[0] if from_pairs else ("", "")
    if not from_name and not from_address:
        from_name = headers.text("from")
    to = _safely(lambda: _unique(address for _, address in _addresses(headers.all("to"))), ())
    cc = _safely(lambda: _unique(address for _, address in _addresses(headers.all("cc"))), ())
    delivered_to = _safely(
        lambda: _unique(
            address for name in ENVELOPE_HEADERS for _, address in _addresses(headers.all(name))
        ),
        (),
    )

    body = _safely(lambda: _read_body(message), _Body())
    kind, marker, delivery = _safely(
        lambda: _classify(
            message,
            headers,
            subject=subject,
            body=body,
            ours={*to, *cc, *delivered_to, from_address},
        ),
        (MessageKind.MESSAGE, "", None),
    )
    away_until = None
    if kind == MessageKind.AUTO_REPLY:
        today = received_at.date()
        away_until = _safely(
            lambda: (
                find_return_date(body.text, today=today) or find_return_date(subject, today=today)
            ),
            None,
        )
    attachments = _safely(
        lambda: _attachments(
            message, body_parts=body.parts, is_report=kind == MessageKind.DELIVERY_REPORT
        ),
        (),
    )
    return ParsedEmail(
        message_id=_clean(_message_id(headers, raw)),
        in_reply_to=_safely(lambda: _ids(headers.all("in-reply-to"), bare_allowed=True), ()),
        references=_safely(lambda: _ids(headers.all("references")), ()),
        from_name=_clean(from_name),
        from_address=_clean(from_address),
        to=tuple(_clean(address) for address in to),
        cc=tuple(_clean(address) for address in cc),
        delivered_to=tuple(_clean(address) for address in delivered_to),
        subject=_clean(subject),
        sent_at=_safely(lambda: _sent_at(headers.raw("date")), None),
        text=_clean(body.text, multiline=True),
        quoted=_clean(body.quoted, multiline=True),
        from_html=body.from_html,
        kind=kind,
        auto_reply_marker=_clean(marker),
        away_until=away_until,
        delivery=delivery,
        attachments=attachments,
        headers=_safely(lambda: _kept_headers(headers), {}),
        last_received_at=_safely(lambda: _last_received_at(headers), None),
    )


# Headers


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


class _Headers:
    """Header values as written, read without the policy's parsers (which can raise on some
    malformed headers); decoding happens per use, forgivingly."""

    def __init__(self, message: Message) -> None:
        self.items: list[tuple[str, str]] = _safely(
            lambda: [(str(name).lower(), str(value)) for name, value in message.raw_items()], []
        )

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.items if key == name]

    def raw(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def text(self, name: str) -> str:
        value = self.raw(name)
        return "" if value is None else _decode_header_text(value)


def _decode_header_text(value: str) -> str:
    """RFC 2047 encoded words decoded, raw 8-bit read as UTF-8, whitespace collapsed."""
    value = _from_8bit(value)
    try:
        text = str(policy.default.header_factory("subject", value))
    except Exception:
        text = value
    return " ".join(text.split())


def _from_8bit(value: str) -> str:
    """Headers sent as raw 8-bit (common, if not allowed) arrive as escaped bytes: read them as
    UTF-8, or Windows-1252 when they are not UTF-8."""
    if not any("\udc80" <= char <= "\udcff" for char in value):
        return value
    data = value.encode("utf-8", errors="surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs from address headers; unreadable ones skipped."""
    pairs: list[tuple[str, str]] = []
    for value in values:
        value = _from_8bit(value).replace("\r", " ").replace("\n", " ")
        found: list[tuple[str, str]] = []
        try:
            parsed = getaddresses([value])
        except Exception:
            parsed = []
        for name, address in parsed:
            address = address.strip().strip("<>").lower()
            if _ADDR_SPEC.match(address):
                found.append((_decode_header_text(name.strip('"')), address))
        if not found:
            # getaddresses gives up on some real-world headers; any address-shaped text will do.
            found = [("", address.lower()) for address in bounce.ADDRESS_IN_TEXT.findall(value)]
        pairs.extend(found)
    return pairs


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _ids(values: list[str], *, bare_allowed: bool = False) -> tuple[str, ...]:
    """All "<...>" ids, in order, without repeats; References may be folded and contain junk."""
    found: list[str] = []
    for value in values:
        value = _from_8bit(value)
        ids = bounce.MESSAGE_ID.findall(value)
        if not ids and bare_allowed and _BARE_ID.match(value.strip()):
            ids = [f"<{value.strip()}>"]  # some mailers leave the brackets off
        found.extend(ids)
    return tuple(_clean(message_id) for message_id in dict.fromkeys(found))


def _message_id(headers: _Headers, raw: bytes) -> str:
    ids = _safely(lambda: _ids(headers.all("message-id"), bare_allowed=True), ())
    if ids:
        return ids[0]
    # Re-ingesting the same bytes must give the same id, so duplicates are still recognised.
    return f"<{hashlib.sha256(raw).hexdigest()}@rapport.invalid>"


def _sent_at(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        sent_at = parsedate_to_datetime(_decode_header_text(value))
    except Exception:
        return None
    if sent_at.tzinfo is None:  # "-0000": the time is UTC, its origin unknown
        sent_at = sent_at.replace(tzinfo=UTC)
    return sent_at


def _last_received_at(headers: _Headers) -> datetime | None:
    """Each server that relays a message adds a Received header on top, ending in "; <date>":
    the first one is the newest."""
    for value in headers.all("received"):
        _, separator, stamp = value.rpartition(";")
        if separator:
            return _sent_at(" ".join(stamp.split()))
        return None
    return None


def _kept_headers(headers: _Headers) -> dict[str, str]:
    kept = {}
    for name in KEPT_HEADERS:
        values = [_decode_header_text(value) for value in headers.all(name.lower())]
        if values:
            kept[name] = _clean(", ".join(values))
    return kept


# Bodies


@dataclass
class _Body:
    text: str = ""
    quoted: str = ""
    whole: str = ""  # text and history together, for reading bounces
    from_html: bool = False
    parts: list[Message] = field(default_factory=list)


@dataclass
class _BodyChoice:
    kind: str  # "plain" or "html"
    parts: list[Message]
    texts: list[str]

    @property
    def has_text(self) -> bool:
        return any(text.strip() for text in self.texts)


# Deeper nesting than this is garbage or an attack; real mail nests three or four levels.
MAX_DEPTH = 30
# Charset labels mail clients use that Python names differently, or whose real-world use is a
# superset (Outlook's "ks_c_5601-1987" is Windows code page 949; "gb2312" text is often GBK).
CHARSET_ALIASES = {
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso-8859-8-i": "iso8859-8",
}


def _read_body(message: Message) -> _Body:
    choice = _choose_body(message, depth=0)
    if choice is None:
        return _Body()
    if choice.kind == "plain":
        whole = _normalize("\n".join(choice.texts))
        text, quoted = split_quoted(whole)
        return _Body(text=text, quoted=quoted, whole=whole, parts=choice.parts)
    new_html, quoted_html = html_to_text_parts("\n".join(choice.texts))
    new = _normalize(new_html)
    html_history = _normalize(quoted_html)
    whole = _normalize(f"{new_html}\n{quoted_html}")
    text, quoted = split_quoted(new)
    if not text.strip():
        text, quoted = whole, ""
    elif html_history:
        quoted = "\n\n".join(part for part in (quoted, html_history) if part)
    return _Body(text=text, quoted=quoted, whole=whole, from_html=True, parts=choice.parts)


def _choose_body(part: Message, *, depth: int) -> _BodyChoice | None:
    """The text/plain (preferred) or text/html part(s) a person reads as the message."""
    if depth > MAX_DEPTH:
        return None
    content_type = _content_type(part)
    if content_type.startswith("multipart/") and part.is_multipart():
        children = [child for child in part.get_payload() if isinstance(child, Message)]
        choices = [
            choice
            for child in children
            if (choice := _choose_body(child, depth=depth + 1)) is not None
        ]
        if not choices:
            return None
        if content_type == "multipart/alternative":
            for wanted in ("plain", "html"):
                for choice in choices:
                    if choice.kind == wanted and choice.has_text:
                        return choice
            return choices[0]
        chosen = choices[0]
        if content_type == "multipart/mixed":
            # Apple Mail splits a body around an inline image: text, image, more text.
            for choice in choices[1:]:
                if choice.kind == chosen.kind:
                    chosen = _BodyChoice(
                        chosen.kind, chosen.parts + choice.parts, chosen.texts + choice.texts
                    )
        return chosen
    if content_type.startswith("multipart/"):
        # A multipart without a usable boundary: what it holds is still worth reading.
        return _BodyChoice("plain", [part], [_part_text(part)])
    if content_type in ("text/plain", "text/html") and not _is_attachment(part):
        kind = "plain" if content_type == "text/plain" else "html"
        return _BodyChoice(kind, [part], [_part_text(part)])
    return None


def _part_text(part: Message) -> str:
    text = _decode_bytes(_part_bytes(part), _safely(part.get_content_charset, None))
    if _safely(lambda: str(part.get_param("format") or "").lower(), "") == "flowed":
        delsp = _safely(lambda: str(part.get_param("delsp") or "").lower(), "") == "yes"
        text = _unflow(text, delete_space=delsp)
    return text


def _part_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    if isinstance(payload, str):
        return payload.encode("utf-8", errors="surrogateescape")
    return b""


def _decode_bytes(data: bytes, charset: str | None) -> str:
    """Text in its declared charset; an unknown label reads as UTF-8, bad bytes as U+FFFD."""
    label = (charset or "").strip().strip("\"'").lower()
    label = CHARSET_ALIASES.get(label, label)
    codec = _codec(label) if label else None
    if label and codec is None:
        return data.decode("utf-8", errors="replace")
    if codec is None:  # no charset declared: UTF-8 in practice, else Windows-1252
        attempts = ["utf-8", "cp1252"]
    elif codec == "ascii":  # often a lie: the bytes are UTF-8 or Windows-1252
        attempts = ["ascii", "utf-8", "cp1252"]
    elif codec == "iso8859-1":  # mail labelled Latin-1 is usually Windows-1252 (curly quotes)
        attempts = ["cp1252", "latin-1"]
    else:
        attempts = [codec]
    for attempt in attempts:
        try:
            return data.decode(attempt)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return data.decode(attempts[-1] if codec is None else codec, errors="replace")
    except Exception:
        return data.decode("utf-8", errors="replace")


def _codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
        b"".decode(name)  # base64, rot13 and other non-text codecs raise here
    except Exception:
        return None
    return name


def _unflow(text: str, *, delete_space: bool) -> str:
    """format=flowed (RFC 3676): lines ending in a space continue on the next line."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    carry: tuple[int, str] | None = None  # (quote depth, text so far) of an unfinished line
    for line in lines:
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        if carry is not None and carry[0] == depth:
            content = carry[1] + content
        elif carry is not None:
            out.append(">" * carry[0] + (" " if carry[0] else "") + carry[1])
        carry = None
        if content.endswith(" ") and content != "-- ":
            carry = (depth, content[:-1] if delete_space else content)
            continue
        out.append(">" * depth + (" " if depth else "") + content)
    if carry is not None:
        out.append(">" * carry[0] + (" " if carry[0] else "") + carry[1])
    return "\n".join(out)


def _normalize(text: str) -> str:
    """\n line endings, no trailing spaces, at most two blank lines in a row, no blank edges."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{4,}", "\n\n\n", text)
    return text.strip("\n")


# Kind: a person's message, an automatic reply, or a delivery report


# Subjects that automatic replies start with, in the languages our contacts write in.
AUTO_REPLY_SUBJECTS = (
    "Automatic reply:",
    "Auto-reply:",
    "Autoreply:",
    "Auto reply:",
    "Out of Office:",
    "Out of office",
    "Abwesenheitsnotiz",
    "Automatische Antwort:",
    "Réponse automatique",
    "Respuesta automática",
    "Risposta automatica",
)
AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")


def _classify(
    message: Message, headers: _Headers, *, subject: str, body: _Body, ours: set[str]
) -> tuple[str, str, DeliveryReport | None]:
    content_type = _content_type(message)
    report_type = _safely(lambda: str(message.get_param("report-type") or ""), "")
    if bounce.is_report(content_type, report_type):
        return MessageKind.DELIVERY_REPORT, "", _standard_report(message, body=body, ours=ours)
    if bounce.looks_like_bounce(from_header=headers.text("from"), subject=subject):
        return MessageKind.DELIVERY_REPORT, "", _plain_bounce(message, body=body, ours=ours)
    if content_type == "multipart/report" and report_type.lower() == "disposition-notification":
        # A read receipt is sent by the mail client, not written by the person: it must not
        # count as their answer.
        return MessageKind.AUTO_REPLY, "read receipt (report-type=disposition-notification)", None
    marker = _auto_reply_marker(headers, subject)
    if marker:
        return MessageKind.AUTO_REPLY, marker, None
    return MessageKind.MESSAGE, "", None


def _auto_reply_marker(headers: _Headers, subject: str) -> str:
    """Why the message counts as automatic, in plain words; "" for a person's message.

    X-Auto-Response-Suppress and X-MS-Exchange-Inbox-Rules-Loop are not markers: Outlook puts
    them on ordinary mail too.
    """
    auto_submitted = headers.raw("auto-submitted")
    if auto_submitted is not None:
        value = _decode_header_text(auto_submitted).split(";")[0].strip()
        if value.lower() != "no":
            return f"Auto-Submitted: {value}".strip()
    for name in AUTO_REPLY_HEADERS:
        value = headers.raw(name.lower())
        if value is not None:
            return f"{name}: {_decode_header_text(value)}".strip()
    precedence = headers.text("precedence")
    if precedence.lower() == "auto_reply":
        return f"Precedence: {precedence}"
    lowered = subject.lower()
    for prefix in AUTO_REPLY_SUBJECTS:
        if lowered.startswith(prefix.lower()):
            return f'subject "{prefix}"'
    return ""


def _standard_report(message: Message, *, body: _Body, ours: set[str]) -> DeliveryReport:
    blocks: list[dict[str, str]] = []
    original_id = ""
    for part in _walk(message):
        content_type = _content_type(part)
        if content_type in ("message/delivery-status", "message/global-delivery-status"):
            blocks.extend(_safely(lambda part=part: bounce.recipient_blocks(part), []))
        elif content_type in bounce.REPORT_PARTS and not original_id:
            original_id = _safely(lambda part=part: bounce.original_message_id(part), "")
    failed, recipients, status, diagnostic = bounce.summarize_blocks(blocks)
    if not recipients and not status:
        # No readable status part: read it like a plain-text bounce instead.
        plain = _plain_bounce(message, body=body, ours=ours)
        failed = not plain.status.startswith(("2", "4"))
        return DeliveryReport(
            failed=failed,
            recipients=plain.recipients,
            status=plain.status,
            diagnostic=plain.diagnostic,
            original_message_id=original_id or plain.original_message_id,
        )
    return DeliveryReport(
        failed=failed,
        recipients=tuple(_clean(address) for address in recipients),
        status=_clean(status),
        diagnostic=_clean(diagnostic),
        original_message_id=_clean(original_id),
    )


def _plain_bounce(message: Message, *, body: _Body, ours: set[str]) -> DeliveryReport:
    """A bounce without the standard report: always a failure; details read from its text."""
    failed_header = [
        address
        for value in _Headers(message).all("x-failed-recipients")
        for address in bounce.ADDRESS_IN_TEXT.findall(value)
    ]  # Exim names the failed recipients in a header
    recipients, status, diagnostic, original_id = bounce.read_plain_bounce(
        body.whole, exclude={address for address in ours if address}
    )
    if failed_header:
        recipients = list(_unique(address.lower() for address in failed_header))
    for part in _walk(message):
        if _content_type(part) in bounce.REPORT_PARTS:
            original_id = (
                _safely(lambda part=part: bounce.original_message_id(part), "") or original_id
            )
            break
    return DeliveryReport(
        failed=True,
        recipients=tuple(_clean(address) for address in recipients),
        status=_clean(status),
        diagnostic=_clean(diagnostic),
        original_message_id=_clean(original_id),
    )


# Attachments


def _attachments(
    message: Message, *, body_parts: list[Message], is_report: bool
) -> tuple[Attachment, ...]:
    """Every part with a filename or marked as an attachment, inline images included; the body
    and, in a delivery report, the report and the returned message are not attachments."""
    body_ids = {id(part) for part in body_parts}
    found: list[Attachment] = []
    for part in _walk(message):
        if id(part) in body_ids:
            continue
        content_type = _content_type(part)
        if content_type.startswith("multipart/") and part.is_multipart():
            continue
        if is_report and content_type in bounce.REPORT_PARTS:
            continue
        name = _filename(part)
        disposition = _safely(lambda part=part: part.get_content_disposition(), None)
        if not name and disposition != "attachment":
            continue
        if not name:
            name = "message.eml" if content_type == "message/rfc822" else "attachment"
        found.append(
            Attachment(name=name, content_type=content_type, content=_attachment_bytes(part))
        )
    return tuple(found)


def _filename(part: Message) -> str:
    """The decoded file name (RFC 2231 or RFC 2047), without any folder a client left on it."""
    name = _safely(part.get_filename, None) or _safely(lambda: part.get_param("name"), None)
    if isinstance(name, tuple):  # an RFC 2231 value the policy did not collapse
        name = email.utils.collapse_rfc2231_value(name)
    if not name:
        return ""
    name = _decode_header_text(str(name))
    name = re.split(r"[/\\]", name)[-1]
    return _clean(name).strip(" .") or ""


def _attachment_bytes(part: Message) -> bytes:
    if _content_type(part).startswith("message/"):
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            return _safely(lambda: payload[0].as_bytes(policy=policy.compat32), b"")
    return _part_bytes(part)


# Shared

T = TypeVar("T")


def _walk(message: Message, depth: int = 0) -> Iterator[Message]:
    """Every part in order, not descending into an attached message or a delivery-status part
    (their insides belong to them, not to this message)."""
    yield message
    if depth >= MAX_DEPTH or not _content_type(message).startswith("multipart/"):
        return
    if not message.is_multipart():
        return
    for child in message.get_payload():
        if isinstance(child, Message):
            yield from _walk(child, depth + 1)


def _content_type(part: Message) -> str:
    return _safely(lambda: part.get_content_type().lower(), "text/plain")


def _is_attachment(part: Message) -> bool:
    if _filename(part):
        return True
    return _safely(part.get_content_disposition, None) == "attachment"


def _as_bytes(raw) -> bytes:
    if isinstance(raw, str):
        return raw.encode("utf-8", errors="surrogateescape")
    try:
        return bytes(raw)
    except Exception:
        return b""


def _clean(value: str, *, multiline: bool = False) -> str:
    """No NUL or other control characters (PostgreSQL rejects NUL in text) and no unpaired
    surrogates (they cannot be encoded as UTF-8)."""
    value = value.encode("utf-8", errors="replace").decode("utf-8")
    if not multiline:
        value = value.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return _CONTROL.sub("", value)


def _safely(read: Callable[[], T], default: T) -> T:
    """One unreadable piece of a message must not cost the rest of it."""
    try:
        return read()
    except Exception:
        return default
