"""Raw inbound emails, as bytes, written the way real mail clients and servers write them.

Shared by every test that ingests mail: the parser's tests (test_inbound_parse.py) and the tests
of whatever consumes a ParsedEmail (threading replies onto pitches, pausing for out-of-office,
marking bounced addresses). Each builder returns the bytes a mail server would hand over, with
CRLF line endings, in the header style of one client:

    gmail_reply              multipart/alternative, "On ... wrote:" quote, div.gmail_quote
    outlook_reply            "RE:", Thread-Index, Latin-1 quoted-printable, Outlook history
    apple_mail_reply         base64 UTF-8 text/plain, X-Mailer: Apple Mail
    outlook_out_of_office    Auto-Submitted: auto-generated, "Automatic reply: ..."
    postfix_bounce           multipart/report; report-type=delivery-status (RFC 3464)
    exim_bounce              a plain-text bounce from Mailer-Daemon (no report part)
    html_only_message        text/html only, with a script and a link
    message_with_attachments multipart/mixed with a PDF and an .exe
    encoded_headers_message  RFC 2047 subject (UTF-8, B) and display name (ISO-8859-1, Q)
    raw_message              any headers and body, for the odd case
    received_by              any of them with a mail server's Received header on top

Every builder takes keyword arguments only. The common ones, so a test can build "Ana's reply to
that pitch": message_id, in_reply_to, references (defaults to in_reply_to), from_address,
from_name, to, subject, text (the new text the person wrote) and date. Defaults describe one
story: Maya Chen (maya@acme.test, a PR manager at Acme) pitched trail shoes to Ana Rocha
(ana@trails.example), whose mail client answers on Thursday 12 November 2026.

Example:

    raw = gmail_reply(in_reply_to=pitch.message_id, text="Yes please, send a pair!")
    parsed = parse_email(raw, received_at=RECEIVED_AT)
"""

import base64
import quopri
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime

# The story the defaults tell.
OUR_ADDRESS = "maya@acme.test"
OUR_NAME = "Maya Chen"
THEIR_ADDRESS = "ana@trails.example"
THEIR_NAME = "Ana Rocha"
PITCH_MESSAGE_ID = "<pitch-7f3a9c@rapport.acme.test>"
PITCH_SUBJECT = "Trail shoes for your spring test"
PITCH_TEXT = (
    "Hi Ana,\n"
    "\n"
    "Your write-up of the Lavaredo ultra was wonderful. Would you like to test our new\n"
    "trail shoes this spring? Happy to send a pair in your size.\n"
    "\n"
    "Best,\n"
    "Maya"
)
# When Ana answers (her mail client is in Paris, UTC+1 in November).
REPLY_DATE = datetime(2026, 11, 12, 11, 20, 5, tzinfo=timezone(timedelta(hours=1)))
# When the pitch went out, as quoted in the attribution lines.
PITCH_DATE = datetime(2026, 11, 12, 10, 4, tzinfo=timezone(timedelta(hours=1)))
# When Rapport receives the replies: pass as parse_email(..., received_at=RECEIVED_AT).
RECEIVED_AT = datetime(2026, 11, 12, 10, 21, tzinfo=UTC)

# Outlook's ids name the Exchange server that stored the message.
OUTLOOK_MESSAGE_ID = (
    "<AM0PR07MB6114B5C0E1A4F6D9C3B2A1E4C0A20@AM0PR07MB6114.eurprd07.prod.outlook.com>"
)
OUT_OF_OFFICE_MESSAGE_ID = (
    "<AM0PR07MB61140F2E8D7C6B5A49382716C0A21@AM0PR07MB6114.eurprd07.prod.outlook.com>"
)
HTML_MESSAGE_ID = "<0100018f2c3d4e5f-6a7b8c9d-0e1f-2a3b-4c5d-6e7f8a9b0c1d-000000@email.example>"

# A tiny but well-formed PDF, and the start of a Windows executable.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256))


def received_by(raw: bytes, *, at: datetime, server: str = "mx.acme.test") -> bytes:
    """The message as the next mail server hands it on: a Received header on top, stamped `at`
    (the newest Received header is the nearest server's)."""
    header = (
        f"Received: from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41])\r\n"
        f"\tby {server} (Postfix) with ESMTPS id 7D3E2F1A0B; {format_datetime(at)}\r\n"
    )
    return header.encode() + raw


def raw_message(
    headers: Sequence[tuple[str, str]], body: str | bytes, *, crlf: bool = True
) -> bytes:
    """A message from headers written verbatim (folded values keep their "\\n\\t") and a body.

    With crlf (the default, as on the wire) every line ends in CRLF.
    """
    head = "".join(f"{name}: {value}\n" for name, value in headers).encode("utf-8")
    if isinstance(body, str):
        body = body.encode("utf-8")
    raw = head + b"\n" + body
    if crlf:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return raw


def b_encoded(text: str, charset: str = "UTF-8") -> str:
    """An RFC 2047 encoded word in base64: =?UTF-8?B?...?="""
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode('ascii')}?="


def q_encoded(text: str, charset: str = "ISO-8859-1") -> str:
    """An RFC 2047 encoded word in Q encoding: =?ISO-8859-1?Q?Jos=E9_Pe=F1a?="""
    out = []
    for byte in text.encode(charset):
        char = chr(byte)
        if char == " ":
            out.append("_")
        elif char.isalnum() and byte < 128:
            out.append(char)
        else:
            out.append(f"={byte:02X}")
    return f"=?{charset}?Q?{''.join(out)}?="


def quoted_lines(text: str) -> str:
    """Text quoted with "> " the way mail clients quote history in plain text."""
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def gmail_reply(
    *,
    message_id: str = "<CAJx7fQ2b9Lk3mZ8yT1rVq0pN4sW6uE5hD2gA1cB0xYz@mail.gmail.com>",
    in_reply_to: str | None = PITCH_MESSAGE_ID,
    references: Sequence[str] | None = None,
    from_address: str = THEIR_ADDRESS,
    from_name: str = THEIR_NAME,
    to: Sequence[str] = (OUR_ADDRESS,),
    cc: Sequence[str] = (),
    subject: str = f"Re: {PITCH_SUBJECT}",
    text: str = "Hi Maya,\n\nYes please! I wear a 39. Looking forward to it.\n\nAna",
    quoted_text: str = PITCH_TEXT,
    quoted_from: str = f"{OUR_NAME} <{OUR_ADDRESS}>",
    date: datetime = REPLY_DATE,
    wrap_attribution: bool = False,
    delivered_to: Sequence[str] = (),
) -> bytes:
    """A reply from Gmail's web client: multipart/alternative with a quoted-printable UTF-8 plain
    part ("On ... wrote:" then "> " lines) and an HTML part whose history is in div.gmail_quote.

    wrap_attribution: break the attribution line before "wrote:", as Gmail does when it is long.
    """
    attribution = f"On Thu, Nov 12, 2026 at 10:04\u202fAM {quoted_from}" + (
        "\nwrote:" if wrap_attribution else " wrote:"
    )
    plain = f"{text}\n\n{attribution}\n\n{quoted_lines(quoted_text)}\n"
    html_text = "".join(
        f"<div>{_html_escape(line)}</div>" if line else "<div><br></div>"
        for line in text.split("\n")
    )
    html_quoted = "<br>".join(_html_escape(line) for line in quoted_text.split("\n"))
    quoted_from_html = _html_escape(quoted_from)
    html = (
        f'<div dir="ltr">{html_text}</div><br><div class="gmail_quote gmail_quote_container">'
        '<div dir="ltr" class="gmail_attr">On Thu, Nov 12, 2026 at 10:04\u202fAM '
        f"{quoted_from_html} wrote:<br></div>"
        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
        f'border-left:1px solid rgb(204,204,204);padding-left:1ex">{html_quoted}</blockquote>'
        "</div>\n"
    )
    boundary = "000000000000f3a1c20628b5e0d4"
    headers = [
        *_envelope(delivered_to),
        ("MIME-Version", "1.0"),
        *_threading(in_reply_to, references),
        ("From", _mailbox(from_name, from_address)),
        ("Date", format_datetime(date)),
        ("Message-ID", message_id),
        ("Subject", subject),
        ("To", ", ".join(to)),
        *([("Cc", ", ".join(cc))] if cc else []),
        ("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
    ]
    body = (
        f"--{boundary}\n"
        'Content-Type: text/plain; charset="UTF-8"\n'
        "Content-Transfer-Encoding: quoted-printable\n\n"
        f"{_qp(plain, 'utf-8')}\n"
        f"--{boundary}\n"
        'Content-Type: text/html; charset="UTF-8"\n'
        "Content-Transfer-Encoding: quoted-printable\n\n"
        f"{_qp(html, 'utf-8')}\n"
        f"--{boundary}--\n"
    )
    return raw_message(headers, body)


def outlook_reply(
    *,
    message_id: str = OUTLOOK_MESSAGE_ID,
    in_reply_to: str | None = PITCH_MESSAGE_ID,
    references: Sequence[str] | None = None,
    from_address: str = THEIR_ADDRESS,
    from_name: str = THEIR_NAME,
    to: Sequence[str] = (OUR_ADDRESS,),
    cc: Sequence[str] = (),
    subject: str = f"RE: {PITCH_SUBJECT}",
    text: str = (
        "Bonjour Maya,\n\nMerci pour l'envoi ! Les chaussures sont arrivées, je les teste cette "
        "semaine et je vous fais un retour détaillé.\n\nAna"
    ),
    quoted_text: str = PITCH_TEXT,
    date: datetime = REPLY_DATE,
    history: str = "original_message",
    charset: str = "iso-8859-1",
    extra_headers: Sequence[tuple[str, str]] = (),
    delivered_to: Sequence[str] = (),
) -> bytes:
    """A reply from Outlook (desktop or Microsoft 365): "RE:", Thread-Topic and Thread-Index,
    X-MS-Has-Attach, and a quoted-printable text/plain part in Latin-1 (`charset`).

    history picks how Outlook writes the quoted message above it:
      "original_message"     -----Original Message----- then From/Sent/To/Subject
      "separator"            a line of underscores then From/Sent/To/Subject (Microsoft 365)
      "header_block"         just From/Sent/To/Subject
      "french_header_block"  De :/Envoyé :/À :/Objet : (a French Outlook)
    extra_headers: added as written, e.g. ("X-Auto-Response-Suppress", "All").
    """
    sent = "Thursday, November 12, 2026 10:04 AM"
    header_block = (
        f"From: {OUR_NAME} <{OUR_ADDRESS}>\nSent: {sent}\nTo: {from_name} <{from_address}>\n"
        f"Subject: {PITCH_SUBJECT}\n"
    )
    histories = {
        "original_message": f"-----Original Message-----\n{header_block}",
        "separator": f"________________________________\n{header_block}",
        "header_block": header_block,
        "french_header_block": (
            f"De : {OUR_NAME} <{OUR_ADDRESS}>\nEnvoyé : jeudi 12 novembre 2026 10:04\n"
            f"À : {from_name} <{from_address}>\nObjet : {PITCH_SUBJECT}\n"
        ),
    }
    plain = f"{text}\n\n{histories[history]}\n{quoted_text}\n"
    headers = [
        *_envelope(delivered_to),
        ("From", _mailbox(from_name, from_address)),
        ("To", ", ".join(f"{OUR_NAME} <{address}>" for address in to)),
        *([("CC", ", ".join(cc))] if cc else []),
        ("Subject", subject),
        ("Thread-Topic", PITCH_SUBJECT),
        ("Thread-Index", "AQHZ3k2Lr8mJ9v1V0kqk1f2bWc0ZbLCxqT4A"),
        ("Date", format_datetime(date.astimezone(UTC)).replace("-0000", "+0000")),
        ("Message-ID", message_id),
        *_threading(in_reply_to, references),
        ("Accept-Language", "fr-FR, en-US"),
        ("Content-Language", "fr-FR"),
        ("X-MS-Has-Attach", ""),
        ("X-MS-TNEF-Correlator", ""),
        *extra_headers,
        ("Content-Type", f'text/plain; charset="{charset}"'),
        ("Content-Transfer-Encoding", "quoted-printable"),
        ("MIME-Version", "1.0"),
    ]
    return raw_message(headers, _qp(plain, charset) + "\n")


def apple_mail_reply(
    *,
    message_id: str = "<6F1C2B7A-9D3E-4A5B-8C7D-1E2F3A4B5C6D@trails.example>",
    in_reply_to: str | None = PITCH_MESSAGE_ID,
    references: Sequence[str] | None = None,
    from_address: str = THEIR_ADDRESS,
    from_name: str = THEIR_NAME,
    to: Sequence[str] = (OUR_ADDRESS,),
    subject: str = f"Re: {PITCH_SUBJECT}",
    text: str = "Sounds great — size 39 please. I\u2019ll post about them in March 🏔️\n\nAna",
    quoted_text: str = PITCH_TEXT,
    date: datetime = REPLY_DATE,
    delivered_to: Sequence[str] = (),
) -> bytes:
    """A reply from Apple Mail on a Mac: one base64 UTF-8 text/plain part, X-Mailer: Apple Mail,
    and the history after "On 12 Nov 2026, at 10:04, Maya Chen <maya@acme.test> wrote:"."""
    plain = (
        f"{text}\n\n"
        f"On 12 Nov 2026, at 10:04, {OUR_NAME} <{OUR_ADDRESS}> wrote:\n\n"
        f"{quoted_lines(quoted_text)}\n\n"
    )
    headers = [
        *_envelope(delivered_to),
        ("From", _mailbox(from_name, from_address)),
        ("Content-Type", "text/plain;\n\tcharset=utf-8"),
        ("Content-Transfer-Encoding", "base64"),
        ("Mime-Version", "1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))"),
        ("Subject", subject),
        ("Date", format_datetime(date)),
        *([("References", " ".join(ids))] if (ids := _references(in_reply_to, references)) else []),
        ("To", ", ".join(f"{OUR_NAME} <{address}>" for address in to)),
        *((("In-Reply-To", in_reply_to),) if in_reply_to else ()),
        ("Message-Id", message_id),
        ("X-Mailer", "Apple Mail (2.3774.600.62)"),
    ]
    return raw_message(headers, base64.encodebytes(plain.encode("utf-8")))


def outlook_out_of_office(
    *,
    message_id: str = OUT_OF_OFFICE_MESSAGE_ID,
    in_reply_to: str | None = PITCH_MESSAGE_ID,
    references: Sequence[str] | None = None,
    from_address: str = THEIR_ADDRESS,
    from_name: str = THEIR_NAME,
    to: Sequence[str] = (OUR_ADDRESS,),
    subject: str = f"Automatic reply: {PITCH_SUBJECT}",
    text: str = (
        "Hello,\n\nI am out of the office until 1 December 2026 with limited access to email.\n"
        "For urgent press requests please contact press@trails.example.\n\nAna"
    ),
    date: datetime = REPLY_DATE,
    auto_submitted: str | None = "auto-generated",
    delivered_to: Sequence[str] = (),
) -> bytes:
    """An Outlook automatic reply: Auto-Submitted (None leaves it out, to test the subject alone),
    X-Auto-Response-Suppress, X-MS-Exchange-Inbox-Rules-Loop, "Automatic reply: ..." and a
    return date in the text (us-ascii, or UTF-8 when the text needs it)."""
    charset = "us-ascii" if text.isascii() else "utf-8"
    headers = [
        *_envelope(delivered_to),
        ("From", _mailbox(from_name, from_address)),
        ("To", ", ".join(f"{OUR_NAME} <{address}>" for address in to)),
        ("Subject", subject),
        ("Thread-Topic", PITCH_SUBJECT),
        ("Thread-Index", "AQHZ3k2Lr8mJ9v1V0kqk1f2bWc0ZbLCxqT4AAAMx"),
        ("Date", format_datetime(date.astimezone(UTC)).replace("-0000", "+0000")),
        ("Message-ID", message_id),
        *_threading(in_reply_to, references),
        *((("Auto-Submitted", auto_submitted),) if auto_submitted else ()),
        ("X-Auto-Response-Suppress", "All"),
        ("X-MS-Exchange-Inbox-Rules-Loop", from_address),
        ("X-MS-Has-Attach", ""),
        ("Content-Type", f'text/plain; charset="{charset}"'),
        ("Content-Transfer-Encoding", "quoted-printable"),
        ("MIME-Version", "1.0"),
    ]
    return raw_message(headers, _qp(text + "\n", charset))


def postfix_bounce(
    *,
    message_id: str = "<20261112100409.5B6C7D8E9F@mx.acme.test>",
    from_address: str = "MAILER-DAEMON@mx.acme.test",
    to: Sequence[str] = (OUR_ADDRESS,),
    subject: str = "Undelivered Mail Returned to Sender",
    date: datetime = REPLY_DATE,
    recipient: str = "ghost@trails.example",
    original_message_id: str = PITCH_MESSAGE_ID,
    action: str = "failed",
    status: str = "5.1.1",
    diagnostic: str = (
        "smtp; 550 5.1.1 <ghost@trails.example>: Recipient address\n"
        "    rejected: User unknown in virtual mailbox table"
    ),
    delivered_to: Sequence[str] = (OUR_ADDRESS,),
    returned: str = "headers",
) -> bytes:
    """A Postfix bounce: multipart/report; report-type=delivery-status with a human notice, a
    message/delivery-status part (one recipient block) and the returned message.

    returned: "headers" attaches only its headers as text/rfc822-headers (Postfix's default),
    "message" the whole message as message/rfc822 (Postfix with bounce_size_limit, Exchange).
    For a delay notice pass action="delayed", status="4.4.7" and
    subject="Delayed Mail (still being retried)"."""
    boundary = "4C1D2E3F4A.1762941849/mx.acme.test"
    notice = (
        "This is the mail system at host mx.acme.test.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients. It's attached below.\n\n"
        "For further assistance, please send mail to postmaster.\n\n"
        "If you do so, please include this problem report. You can\n"
        "delete your own text from the attached returned message.\n\n"
        "                   The mail system\n\n"
        f"<{recipient}>: host mx.trails.example[203.0.113.5] said: 550 5.1.1\n"
        f"    <{recipient}>: Recipient address rejected: User unknown in\n"
        "    virtual mailbox table (in reply to RCPT TO command)\n"
    )
    report = (
        "Reporting-MTA: dns; mx.acme.test\n"
        "X-Postfix-Queue-ID: 4C1D2E3F4A\n"
        f"X-Postfix-Sender: rfc822; {OUR_ADDRESS}\n"
        "Arrival-Date: Thu, 12 Nov 2026 10:04:05 +0000 (UTC)\n\n"
        f"Final-Recipient: rfc822; {recipient}\n"
        f"Original-Recipient: rfc822;{recipient}\n"
        f"Action: {action}\n"
        f"Status: {status}\n"
        "Remote-MTA: dns; mx.trails.example\n"
        f"Diagnostic-Code: {diagnostic}\n"
    )
    returned_headers = (
        f"Return-Path: <{OUR_ADDRESS}>\n"
        "Received: from app.rapport.test (app.rapport.test [198.51.100.7])\n"
        "\tby mx.acme.test (Postfix) with ESMTPS id 4C1D2E3F4A\n"
        f"\tfor <{recipient}>; Thu, 12 Nov 2026 10:04:05 +0000 (UTC)\n"
        f"Message-ID: {original_message_id}\n"
        "Date: Thu, 12 Nov 2026 10:04:00 +0000\n"
        f"From: {OUR_NAME} <{OUR_ADDRESS}>\n"
        f"To: {recipient}\n"
        f"Subject: {PITCH_SUBJECT}\n"
    )
    headers = [
        ("Return-Path", "<>"),
        *_envelope(delivered_to),
        (
            "Received",
            "by mx.acme.test (Postfix)\n\tid 5B6C7D8E9F; Thu, 12 Nov 2026 10:04:09 +0000 (UTC)",
        ),
        ("Date", format_datetime(date)),
        ("From", f"{from_address} (Mail Delivery System)"),
        ("Subject", subject),
        ("To", ", ".join(to)),
        ("Auto-Submitted", "auto-replied"),
        ("MIME-Version", "1.0"),
        (
            "Content-Type",
            f'multipart/report; report-type=delivery-status;\n\tboundary="{boundary}"',
        ),
        ("Content-Transfer-Encoding", "7bit"),
        ("Message-Id", message_id),
    ]
    if returned == "headers":
        returned_part = (
            "Content-Description: Undelivered Message Headers\n"
            f"Content-Type: text/rfc822-headers\n\n{returned_headers}\n"
        )
    else:
        returned_part = (
            "Content-Description: Undelivered Message\n"
            f"Content-Type: message/rfc822\n\n{returned_headers}\n{PITCH_TEXT}\n\n"
        )
    body = (
        "This is a MIME-encapsulated message.\n\n"
        f"--{boundary}\n"
        "Content-Description: Notification\n"
        "Content-Type: text/plain; charset=us-ascii\n\n"
        f"{notice}\n"
        f"--{boundary}\n"
        "Content-Description: Delivery report\n"
        "Content-Type: message/delivery-status\n\n"
        f"{report}\n"
        f"--{boundary}\n"
        f"{returned_part}"
        f"--{boundary}--\n"
    )
    return raw_message(headers, body)


def exim_bounce(
    *,
    message_id: str = "<E1vKx2F-0003Ab-7c@mx.trails.example>",
    from_address: str = "Mailer-Daemon@mx.trails.example",
    to: Sequence[str] = (OUR_ADDRESS,),
    subject: str = "Mail delivery failed: returning message to sender",
    date: datetime = REPLY_DATE,
    recipient: str = "ghost@trails.example",
    original_message_id: str = PITCH_MESSAGE_ID,
    failed_recipients_header: bool = True,
) -> bytes:
    """A plain-text bounce from Exim: no multipart/report, the failure in words, the returned
    message inline after "------ This is a copy of the message, including all the headers.".
    failed_recipients_header: whether Exim's X-Failed-Recipients header is present."""
    body = (
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        f"  {recipient}\n"
        "    No Such User Here\n"
        "    SMTP error from remote mail server after RCPT TO:<"
        f"{recipient}>:\n"
        "    550 5.1.1 No Such User Here\n\n"
        "------ This is a copy of the message, including all the headers. ------\n\n"
        f"Return-path: <{OUR_ADDRESS}>\n"
        f"Message-ID: {original_message_id}\n"
        f"From: {OUR_NAME} <{OUR_ADDRESS}>\n"
        f"To: {recipient}\n"
        f"Subject: {PITCH_SUBJECT}\n\n"
        f"{PITCH_TEXT}\n"
    )
    headers = [
        ("Return-path", "<>"),
        ("Envelope-to", ", ".join(to)),
        ("Date", format_datetime(date)),
        ("From", f"Mail Delivery System <{from_address}>"),
        ("To", ", ".join(to)),
        ("Subject", subject),
        *((("X-Failed-Recipients", recipient),) if failed_recipients_header else ()),
        ("Auto-Submitted", "auto-replied"),
        ("Message-Id", message_id),
    ]
    return raw_message(headers, body)


def html_only_message(
    *,
    message_id: str = HTML_MESSAGE_ID,
    in_reply_to: str | None = PITCH_MESSAGE_ID,
    references: Sequence[str] | None = None,
    from_address: str = THEIR_ADDRESS,
    from_name: str = THEIR_NAME,
    to: Sequence[str] = (OUR_ADDRESS,),
    subject: str = f"Re: {PITCH_SUBJECT}",
    html_body: str = (
        "<script>alert('hi')</script>"
        '<p>Hi Maya,</p><p>Here is my <a href="https://trails.example/media-kit">media kit</a>'
        " &amp; rates.</p><p>Ana</p>"
    ),
    date: datetime = REPLY_DATE,
) -> bytes:
    """A message with only a text/html part (web mailers, newsletters, some phones), inside a
    full document with a <head>, <title> and <style>; `html_body` goes into <body> as written."""
    html = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Reply</title>'
        "<style>p { margin: 0 }</style></head>\n"
        f"<body>{html_body}</body></html>\n"
    )
    headers = [
        ("From", _mailbox(from_name, from_address)),
        ("To", ", ".join(to)),
        ("Subject", subject),
        ("Date", format_datetime(date)),
        ("Message-ID", message_id),
        *_threading(in_reply_to, references),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'text/html; charset="utf-8"'),
        ("Content-Transfer-Encoding", "quoted-printable"),
    ]
    return raw_message(headers, _qp(html, "utf-8"))


def message_with_attachments(
    *,
    message_id: str = "<CAJx7fQ3c0Ml4nA9zU2sWr1qO5tX7vF6iE3hB2dC1yZa@mail.gmail.com>",
    in_reply_to: str | None = PITCH_MESSAGE_ID,
    references: Sequence[str] | None = None,
    from_address: str = THEIR_ADDRESS,
    from_name: str = THEIR_NAME,
    to: Sequence[str] = (OUR_ADDRESS,),
    subject: str = f"Re: {PITCH_SUBJECT}",
    text: str = "Hi Maya,\n\nMy media kit is attached.\n\nAna",
    date: datetime = REPLY_DATE,
    attachments: Sequence[tuple[str, str, bytes]] = (
        ("media-kit.pdf", "application/pdf", PDF_BYTES),
        ("invoice.exe", "application/x-msdownload", EXE_BYTES),
    ),
    inline_images: Sequence[tuple[str, str, bytes]] = (),
) -> bytes:
    """multipart/mixed: a text/plain body then each attachment as (filename, content type,
    content), base64, Content-Disposition: attachment. inline_images are added the same way with
    Content-Disposition: inline and a Content-ID, as a signature logo is."""
    boundary = "000000000000b7e2d50628b5e0f7"
    parts = [
        f"--{boundary}\n"
        'Content-Type: text/plain; charset="UTF-8"\n'
        "Content-Transfer-Encoding: quoted-printable\n\n"
        f"{_qp(text + chr(10), 'utf-8')}\n"
    ]
    for index, (name, content_type, content) in enumerate(attachments, start=1):
        parts.append(
            f"--{boundary}\n"
            f'Content-Type: {content_type}; name="{name}"\n'
            f'Content-Disposition: attachment; filename="{name}"\n'
            "Content-Transfer-Encoding: base64\n"
            f"X-Attachment-Id: f_m3k{index}\n\n"
            f"{base64.encodebytes(content).decode('ascii')}"
        )
    for index, (name, content_type, content) in enumerate(inline_images, start=1):
        parts.append(
            f"--{boundary}\n"
            f'Content-Type: {content_type}; name="{name}"\n'
            f'Content-Disposition: inline; filename="{name}"\n'
            "Content-Transfer-Encoding: base64\n"
            f"Content-ID: <ii_logo{index}>\n\n"
            f"{base64.encodebytes(content).decode('ascii')}"
        )
    headers = [
        ("MIME-Version", "1.0"),
        *_threading(in_reply_to, references),
        ("From", _mailbox(from_name, from_address)),
        ("Date", format_datetime(date)),
        ("Message-ID", message_id),
        ("Subject", subject),
        ("To", ", ".join(to)),
        ("X-MS-Has-Attach", "yes"),
        ("Content-Type", f'multipart/mixed; boundary="{boundary}"'),
    ]
    return raw_message(headers, "".join(parts) + f"--{boundary}--\n")


def encoded_headers_message(
    *,
    message_id: str = "<a1b2c3d4e5f6@smtp.trails.example>",
    in_reply_to: str | None = PITCH_MESSAGE_ID,
    references: Sequence[str] | None = None,
    from_address: str = "jose@trails.example",
    from_name: str = "José Peña",
    to: Sequence[str] = (OUR_ADDRESS,),
    subject: str = "Re: Vos chaussures — test terminé ✓",
    text: str = "Bonjour Maya, le test est terminé.",
    date: datetime = REPLY_DATE,
) -> bytes:
    """Non-ASCII headers as RFC 2047 encoded words: the subject in UTF-8 base64 (=?UTF-8?B?...?=),
    the From display name in ISO-8859-1 Q encoding (=?ISO-8859-1?Q?...?=). `subject` and
    `from_name` are given decoded."""
    headers = [
        ("From", f"{q_encoded(from_name)} <{from_address}>"),
        ("To", ", ".join(to)),
        ("Subject", b_encoded(subject)),
        ("Date", format_datetime(date)),
        ("Message-ID", message_id),
        *_threading(in_reply_to, references),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    return raw_message(headers, text + "\n")


# Building blocks


def _envelope(delivered_to: Sequence[str]) -> list[tuple[str, str]]:
    """What the receiving server adds on top: Delivered-To and X-Original-To per mailbox."""
    headers: list[tuple[str, str]] = []
    for address in delivered_to:
        headers += [("Delivered-To", address), ("X-Original-To", address)]
    return headers


def _references(in_reply_to: str | None, references: Sequence[str] | None) -> list[str]:
    if references is not None:
        return list(references)
    return [in_reply_to] if in_reply_to else []


def _threading(in_reply_to: str | None, references: Sequence[str] | None) -> list[tuple[str, str]]:
    """References (folded one id per line, as Gmail and Outlook write long chains) and
    In-Reply-To."""
    headers = []
    ids = _references(in_reply_to, references)
    if ids:
        headers.append(("References", "\n ".join(ids)))
    if in_reply_to:
        headers.append(("In-Reply-To", in_reply_to))
    return headers


def _mailbox(name: str, address: str) -> str:
    if not name:
        return address
    if any(char in name for char in ',.;:"()<>@'):
        return f'"{name}" <{address}>'
    return f"{name} <{address}>"


def _qp(text: str, charset: str) -> str:
    """Quoted-printable, as clients write it (soft line breaks at 76 columns)."""
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
