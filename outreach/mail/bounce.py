"""Delivery reports: which recipients a message could not reach, and which message it was.

Standard reports (RFC 3464, multipart/report; report-type=delivery-status) carry one block of
fields per recipient. Some servers still send plain-text bounces from MAILER-DAEMON or postmaster;
for those the recipients, status and original Message-ID are read from the text as well as can be,
because a bounce we cannot tie to its pitch is still worth knowing about as a failure.
"""

import re
from email.message import Message
from email.parser import HeaderParser
from email.policy import compat32

# Subjects that servers put on a bounce they send without the standard report format.
BOUNCE_SUBJECTS = (
    "undelivered mail returned to sender",  # Postfix
    "delivery status notification (failure)",  # Gmail
    "mail delivery failed",  # Exim
    "undeliverable:",  # Exchange
    "returned mail:",  # Sendmail
    "failure notice",  # qmail
    "delivery failure",
)
BOUNCE_SENDERS = ("mailer-daemon", "postmaster")

# Content types of the machine-readable report and of the returned message or its headers.
REPORT_PARTS = frozenset(
    {
        "message/delivery-status",
        "message/global-delivery-status",
        "message/rfc822",
        "message/global",
        "text/rfc822-headers",
        "message/global-headers",
    }
)

# An address anywhere in text, and a message id in angle brackets: parse.py reads headers with
# the same two, so a bounce and the message it reports agree on what an address or id is.
ADDRESS_IN_TEXT = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_STATUS = re.compile(r"(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])")
_SMTP_FAILURE = re.compile(r"(?<!\d)5\d\d(?!\d)")
# Postfix: "<ghost@example.com>: host mx.example.com[...] said: 550 ..."
_POSTFIX_RECIPIENT = re.compile(r"^\s*<([^<>\s]+@[^<>\s]+)>:", re.MULTILINE)
_MESSAGE_ID_LINE = re.compile(r"^message-id:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
# Where a plain-text bounce starts quoting the original message; addresses after it are not
# the failed recipients.
_ORIGINAL_STARTS = re.compile(
    r"^(-+ ?(this is a copy of|original message|below this line)|return-path:|received:)",
    re.IGNORECASE | re.MULTILINE,
)


def is_report(content_type: str, report_type: str) -> bool:
    return content_type == "multipart/report" and report_type.lower() == "delivery-status"


def looks_like_bounce(*, from_header: str, subject: str) -> bool:
    """A plain-text bounce: from MAILER-DAEMON or postmaster, with a bounce subject."""
    sender = from_header.lower()
    if not any(f"{name}@" in sender or sender.strip() == name for name in BOUNCE_SENDERS):
        return False
    subject = subject.lower().strip()
    return any(subject.startswith(phrase) or phrase in subject for phrase in BOUNCE_SUBJECTS)


def recipient_blocks(status_part: Message) -> list[dict[str, str]]:
    """The per-message and per-recipient field blocks of a message/delivery-status part."""
    payload = status_part.get_payload()
    blocks: list[dict[str, str]] = []
    if isinstance(payload, list):
        for block in payload:
            if isinstance(block, Message):
                blocks.append({name.lower(): _unfold(value) for name, value in block.raw_items()})
        # A delivery-status part the parser could not split arrives as one block; re-read it.
        if len(blocks) > 1:
            return blocks
    text = _part_text(status_part)
    blocks = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        if chunk.strip():
            headers = HeaderParser(policy=compat32).parsestr(chunk.strip() + "\n")
            blocks.append({name.lower(): _unfold(str(value)) for name, value in headers.items()})
    return blocks


def summarize_blocks(blocks: list[dict[str, str]]) -> tuple[bool, list[str], str, str]:
    """(failed, recipients, status, diagnostic) from delivery-status field blocks.

    The status and diagnostic shown are the first failed recipient's (else the first one's).
    """
    recipients: list[str] = []
    failed = False
    first: tuple[str, str] | None = None
    first_failed: tuple[str, str] | None = None
    for block in blocks:
        recipient = block.get("final-recipient") or block.get("original-recipient") or ""
        action = block.get("action", "").strip().lower()
        status = block.get("status", "").strip()
        if not recipient and not action and not status:
            continue  # the per-message block (Reporting-MTA, Arrival-Date)
        address = recipient.split(";", 1)[-1].strip().strip("<>").lower()
        if address and address not in recipients:
            recipients.append(address)
        status_code = status.split()[0] if status.split() else ""
        diagnostic = block.get("diagnostic-code", "")
        this_failed = action == "failed" or status_code.startswith("5")
        failed = failed or this_failed
        first = first or (status_code, diagnostic)
        if this_failed and first_failed is None:
            first_failed = (status_code, diagnostic)
    status, diagnostic = first_failed or first or ("", "")
    return failed, recipients, status, diagnostic


def original_message_id(part: Message) -> str:
    """The Message-ID of the returned message (message/rfc822) or of its headers
    (text/rfc822-headers)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        for inner in payload:
            if isinstance(inner, Message):
                for name, value in inner.raw_items():
                    if name.lower() == "message-id":
                        return first_id(value)
        return ""
    match = _MESSAGE_ID_LINE.search(_part_text(part))
    return match.group(1) if match else ""


def read_plain_bounce(text: str, *, exclude: set[str]) -> tuple[list[str], str, str, str]:
    """(recipients, status, diagnostic, original Message-ID) read from a bounce's own words.

    `exclude` holds our own addresses (the bounce's To and the daemon's From), which appear in the
    text but are not the recipients that failed.
    """
    intro = text
    original = _ORIGINAL_STARTS.search(text)
    if original:
        intro = text[: original.start()]
    recipients: list[str] = []
    candidates = _POSTFIX_RECIPIENT.findall(intro) or ADDRESS_IN_TEXT.findall(intro)
    for address in candidates:
        address = address.lower()
        local = address.split("@", 1)[0]
        if address in exclude or local in BOUNCE_SENDERS or address in recipients:
            continue
        recipients.append(address)
    status_match = _STATUS.search(intro)
    status = status_match.group(1) if status_match else ""
    diagnostic = ""
    for line in intro.split("\n"):
        if (status and status in line) or _SMTP_FAILURE.search(line):
            diagnostic = " ".join(line.split())
            break
    message_id_match = _MESSAGE_ID_LINE.search(text[original.start() :] if original else text)
    original_id = message_id_match.group(1) if message_id_match else ""
    return recipients[:20], status, diagnostic, original_id


def first_id(value: str) -> str:
    match = MESSAGE_ID.search(value)
    return match.group(0) if match else ""


def _unfold(value: str) -> str:
    return " ".join(str(value).split())


def _part_text(part: Message) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    payload = part.get_payload()
    if isinstance(payload, str):
        return payload
    if isinstance(payload, list):
        return "\n\n".join(
            "\n".join(f"{name}: {value}" for name, value in block.raw_items())
            for block in payload
            if isinstance(block, Message)
        )
    return ""
