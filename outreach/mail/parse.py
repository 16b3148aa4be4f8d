"""Raw RFC 822 bytes -> what Rapport needs to know about one email. Pure: no database.

Real mail is messy: RFC 2047 headers, quoted-printable and base64 bodies, any charset, HTML-only
bodies, quoted history, attachments, auto-replies and delivery reports. Everything here is
forgiving: a malformed part yields what could be read, never an exception. Headers are read by
outreach/mail/headers.py; bounces by outreach/mail/bounce.py, HTML by outreach/mail/html.py,
quoted history by outreach/mail/quoting.py, return dates by outreach/mail/away.py.
"""

import codecs
import email
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email import policy
from email.message import Message

from outreach.mail import bounce
from outreach.mail.away import find_return_date
from outreach.mail.headers import (
    ENVELOPE_HEADERS,
    Headers,
    address_pairs,
    clean,
    decode_header_text,
    header_date,
    kept_headers,
    last_received_at,
    message_id_of,
    message_ids,
    safely,
    unique,
)
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
    message = safely(lambda: email.message_from_bytes(raw, policy=policy.default), None)
    if message is None:
        message = email.message_from_bytes(b"", policy=policy.default)
    headers = Headers(message)

    subject = headers.text("subject")
    from_pairs = safely(lambda: address_pairs(headers.all("from")), [])
    from_name, from_address = from_pairs[0] if from_pairs else ("", "")
    if not from_name and not from_address:
        from_name = headers.text("from")
    to = safely(lambda: unique(address for _, address in address_pairs(headers.all("to"))), ())
    cc = safely(lambda: unique(address for _, address in address_pairs(headers.all("cc"))), ())
    delivered_to = safely(
        lambda: unique(
            address for name in ENVELOPE_HEADERS for _, address in address_pairs(headers.all(name))
        ),
        (),
    )

    body = safely(lambda: _read_body(message), _Body())
    kind, marker, delivery = safely(
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
        away_until = safely(
            lambda: (
                find_return_date(body.text, today=today) or find_return_date(subject, today=today)
            ),
            None,
        )
    attachments = safely(
        lambda: _attachments(
            message, body_parts=body.parts, is_report=kind == MessageKind.DELIVERY_REPORT
        ),
        (),
    )
    return ParsedEmail(
        message_id=clean(message_id_of(headers, raw)),
        in_reply_to=safely(lambda: message_ids(headers.all("in-reply-to"), bare_allowed=True), ()),
        references=safely(lambda: message_ids(headers.all("references")), ()),
        from_name=clean(from_name),
        from_address=clean(from_address),
        to=tuple(clean(address) for address in to),
        cc=tuple(clean(address) for address in cc),
        delivered_to=tuple(clean(address) for address in delivered_to),
        subject=clean(subject),
        sent_at=safely(lambda: header_date(headers.raw("date")), None),
        text=clean(body.text, multiline=True),
        quoted=clean(body.quoted, multiline=True),
        from_html=body.from_html,
        kind=kind,
        auto_reply_marker=clean(marker),
        away_until=away_until,
        delivery=delivery,
        attachments=attachments,
        headers=safely(lambda: kept_headers(headers), {}),
        last_received_at=safely(lambda: last_received_at(headers), None),
    )


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
    text = _decode_bytes(_part_bytes(part), safely(part.get_content_charset, None))
    if safely(lambda: str(part.get_param("format") or "").lower(), "") == "flowed":
        delsp = safely(lambda: str(part.get_param("delsp") or "").lower(), "") == "yes"
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
    message: Message, headers: Headers, *, subject: str, body: _Body, ours: set[str]
) -> tuple[str, str, DeliveryReport | None]:
    content_type = _content_type(message)
    report_type = safely(lambda: str(message.get_param("report-type") or ""), "")
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


def _auto_reply_marker(headers: Headers, subject: str) -> str:
    """Why the message counts as automatic, in plain words; "" for a person's message.

    X-Auto-Response-Suppress and X-MS-Exchange-Inbox-Rules-Loop are not markers: Outlook puts
    them on ordinary mail too.
    """
    auto_submitted = headers.raw("auto-submitted")
    if auto_submitted is not None:
        value = decode_header_text(auto_submitted).split(";")[0].strip()
        if value.lower() != "no":
            return f"Auto-Submitted: {value}".strip()
    for name in AUTO_REPLY_HEADERS:
        value = headers.raw(name.lower())
        if value is not None:
            return f"{name}: {decode_header_text(value)}".strip()
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
            blocks.extend(safely(lambda part=part: bounce.recipient_blocks(part), []))
        elif content_type in bounce.REPORT_PARTS and not original_id:
            original_id = safely(lambda part=part: bounce.original_message_id(part), "")
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
        recipients=tuple(clean(address) for address in recipients),
        status=clean(status),
        diagnostic=clean(diagnostic),
        original_message_id=clean(original_id),
    )


def _plain_bounce(message: Message, *, body: _Body, ours: set[str]) -> DeliveryReport:
    """A bounce without the standard report: always a failure; details read from its text."""
    failed_header = [
        address
        for value in Headers(message).all("x-failed-recipients")
        for address in bounce.ADDRESS_IN_TEXT.findall(value)
    ]  # Exim names the failed recipients in a header
    recipients, status, diagnostic, original_id = bounce.read_plain_bounce(
        body.whole, exclude={address for address in ours if address}
    )
    if failed_header:
        recipients = list(unique(address.lower() for address in failed_header))
    for part in _walk(message):
        if _content_type(part) in bounce.REPORT_PARTS:
            original_id = (
                safely(lambda part=part: bounce.original_message_id(part), "") or original_id
            )
            break
    return DeliveryReport(
        failed=True,
        recipients=tuple(clean(address) for address in recipients),
        status=clean(status),
        diagnostic=clean(diagnostic),
        original_message_id=clean(original_id),
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
        disposition = safely(lambda part=part: part.get_content_disposition(), None)
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
    name = safely(part.get_filename, None) or safely(lambda: part.get_param("name"), None)
    if isinstance(name, tuple):  # an RFC 2231 value the policy did not collapse
        name = email.utils.collapse_rfc2231_value(name)
    if not name:
        return ""
    name = decode_header_text(str(name))
    name = re.split(r"[/\\]", name)[-1]
    return clean(name).strip(" .") or ""


def _attachment_bytes(part: Message) -> bytes:
    if _content_type(part).startswith("message/"):
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            return safely(lambda: payload[0].as_bytes(policy=policy.compat32), b"")
    return _part_bytes(part)


# Shared


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
    return safely(lambda: part.get_content_type().lower(), "text/plain")


def _is_attachment(part: Message) -> bool:
    if _filename(part):
        return True
    return safely(part.get_content_disposition, None) == "attachment"


def _as_bytes(raw) -> bytes:
    if isinstance(raw, str):
        return raw.encode("utf-8", errors="surrogateescape")
    try:
        return bytes(raw)
    except Exception:
        return b""
