"""parse_email: raw inbound bytes -> ParsedEmail. Pure, no database."""

import base64
import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.mail.parse import MessageKind, ParsedEmail, parse_email
from tests.outreach import inbound_mail as mail
from tests.outreach.inbound_mail import (
    EXE_BYTES,
    OUR_ADDRESS,
    PDF_BYTES,
    PITCH_MESSAGE_ID,
    RECEIVED_AT,
    THEIR_ADDRESS,
    raw_message,
)


def parse(raw: bytes, received_at: datetime = RECEIVED_AT) -> ParsedEmail:
    return parse_email(raw, received_at=received_at)


def plain(body: str | bytes, *headers: tuple[str, str], charset: str = "utf-8") -> bytes:
    """A simple text/plain message from Ana; `headers` are added, or replace a default of the
    same name (From, To, Subject, Message-ID)."""
    given = {name.lower() for name, _ in headers}
    defaults = [
        ("From", f"Ana Rocha <{THEIR_ADDRESS}>"),
        ("To", OUR_ADDRESS),
        ("Subject", "Re: Trail shoes"),
        ("Message-ID", "<plain-1@trails.example>"),
    ]
    return raw_message(
        [
            *(header for header in defaults if header[0].lower() not in given),
            *headers,
            ("Content-Type", f"text/plain; charset={charset}"),
        ],
        body,
    )


def html(markup: str) -> ParsedEmail:
    return parse(mail.html_only_message(html_body=markup))


# Headers


def test_it_decodes_rfc2047_subject_and_display_name():
    parsed = parse(mail.encoded_headers_message())

    assert parsed.subject == "Re: Vos chaussures — test terminé ✓"
    assert parsed.from_name == "José Peña"
    assert parsed.from_address == "jose@trails.example"
    assert parsed.headers["From"] == "José Peña <jose@trails.example>"


def test_it_collapses_whitespace_in_a_folded_subject():
    raw = plain("Hi", ("Subject", "Re:  Trail\n\tshoes   =?UTF-8?Q?for_sp=C3=A9cial?=\n test"))

    assert parse(raw).subject == "Re: Trail shoes for spécial test"


def test_it_reads_raw_utf8_headers():
    raw = plain("Hi", ("Subject", "Réponse rapide"), ("Cc", "Zoë <ZOE@Trails.Example>"))

    parsed = parse(raw)

    assert parsed.subject == "Réponse rapide"
    assert parsed.cc == ("zoe@trails.example",)


def test_it_lowercases_addresses():
    raw = raw_message(
        [
            ("From", '"Rocha, Ana" <Ana@Trails.EXAMPLE>'),
            ("To", "Maya Chen <Maya@Acme.Test>, press@ACME.test"),
            ("Cc", "Bob <Bob@Trails.Example>"),
            ("Subject", "Re"),
        ],
        "Hi",
    )

    parsed = parse(raw)

    assert parsed.from_name == "Rocha, Ana"
    assert parsed.from_address == "ana@trails.example"
    assert parsed.to == ("maya@acme.test", "press@acme.test")
    assert parsed.cc == ("bob@trails.example",)


def test_it_gives_an_empty_from_address_when_there_is_none():
    parsed = parse(raw_message([("From", "undisclosed-recipients:;"), ("Subject", "x")], "Hi"))

    assert parsed.from_address == ""


def test_it_reads_references_folded_with_junk_between_ids():
    raw = plain(
        "Hi",
        (
            "References",
            "<first@acme.test> (our first pitch)\n\t<second@trails.example>,\n"
            " junk <third@acme.test>\n <second@trails.example>",
        ),
        ("In-Reply-To", "<third@acme.test> (Maya Chen's message of Thu, 12 Nov 2026)"),
    )

    parsed = parse(raw)

    assert parsed.references == (
        "<first@acme.test>",
        "<second@trails.example>",
        "<third@acme.test>",
    )
    assert parsed.in_reply_to == ("<third@acme.test>",)


def test_it_reads_threading_headers_of_a_gmail_reply():
    raw = mail.gmail_reply(
        in_reply_to="<pitch-2@rapport.acme.test>",
        references=["<pitch-1@rapport.acme.test>", "<pitch-2@rapport.acme.test>"],
    )

    parsed = parse(raw)

    assert parsed.message_id == "<CAJx7fQ2b9Lk3mZ8yT1rVq0pN4sW6uE5hD2gA1cB0xYz@mail.gmail.com>"
    assert parsed.in_reply_to == ("<pitch-2@rapport.acme.test>",)
    assert parsed.references == ("<pitch-1@rapport.acme.test>", "<pitch-2@rapport.acme.test>")


def test_it_makes_a_stable_message_id_from_the_bytes_when_there_is_none():
    raw = raw_message([("From", THEIR_ADDRESS), ("Subject", "No id")], "Hi")
    other = raw_message([("From", THEIR_ADDRESS), ("Subject", "No id")], "Hello")

    first = parse(raw)

    assert first.message_id == f"<{hashlib.sha256(raw).hexdigest()}@rapport.invalid>"
    assert parse(raw, RECEIVED_AT + timedelta(days=1)).message_id == first.message_id
    assert parse(other).message_id != first.message_id


def test_it_adds_brackets_to_a_bare_message_id():
    raw = raw_message([("From", THEIR_ADDRESS), ("Message-ID", "bare-1@trails.example")], "Hi")
    assert parse(raw).message_id == "<bare-1@trails.example>"


def test_it_reads_the_date_as_an_aware_datetime():
    parsed = parse(mail.gmail_reply())

    assert parsed.sent_at == datetime(2026, 11, 12, 10, 20, 5, tzinfo=UTC)
    assert parsed.sent_at.utcoffset() == timedelta(hours=1)


def test_it_reads_a_date_without_a_known_zone_as_utc():
    parsed = parse(plain("Hi", ("Date", "Thu, 12 Nov 2026 10:20:05 -0000")))

    assert parsed.sent_at == datetime(2026, 11, 12, 10, 20, 5, tzinfo=UTC)


def test_it_reads_when_the_newest_received_header_was_stamped():
    # Postfix ends it with "+0000 (UTC)"; the relay below it was earlier.
    raw = mail.received_by(mail.postfix_bounce(), at=datetime(2026, 11, 12, 10, 5, tzinfo=UTC))

    assert parse(mail.postfix_bounce()).last_received_at == datetime(
        2026, 11, 12, 10, 4, 9, tzinfo=UTC
    )
    assert parse(raw).last_received_at == datetime(2026, 11, 12, 10, 5, tzinfo=UTC)
    assert parse(mail.gmail_reply()).last_received_at is None
    assert parse(plain("Hi", ("Received", "from somewhere by nowhere"))).last_received_at is None


@pytest.mark.parametrize("value", [None, "", "yesterday", "Thu, 45 Nov 2026 99:99:99 +0100"])
def test_it_gives_no_date_when_missing_or_unreadable(value):
    headers = [] if value is None else [("Date", value)]

    assert parse(plain("Hi", *headers)).sent_at is None


def test_it_collects_delivered_to_from_every_envelope_header():
    raw = plain(
        "Hi",
        ("Delivered-To", "Replies+p7f3a@in.rapport.test"),
        ("Delivered-To", "maya@acme.test"),
        ("X-Original-To", "replies+p7f3a@in.rapport.test"),
        ("Envelope-To", "press@acme.test"),
    )

    assert parse(raw).delivered_to == (
        "replies+p7f3a@in.rapport.test",
        "maya@acme.test",
        "press@acme.test",
    )


def test_it_keeps_a_few_headers_for_people():
    outlook = parse(mail.outlook_reply())
    apple = parse(mail.apple_mail_reply())
    thunderbird = parse(plain("Hi", ("User-Agent", "Mozilla Thunderbird"), ("X-Spam", "no")))

    assert outlook.headers["Thread-Index"] == "AQHZ3k2Lr8mJ9v1V0kqk1f2bWc0ZbLCxqT4A"
    assert outlook.headers["Subject"] == "RE: Trail shoes for your spring test"
    assert outlook.headers["In-Reply-To"] == PITCH_MESSAGE_ID
    assert apple.headers["X-Mailer"] == "Apple Mail (2.3774.600.62)"
    assert thunderbird.headers["User-Agent"] == "Mozilla Thunderbird"
    assert "X-Spam" not in thunderbird.headers
    assert "Received" not in parse(mail.postfix_bounce()).headers


# Bodies


def test_it_reads_a_latin1_quoted_printable_outlook_reply():
    parsed = parse(mail.outlook_reply())

    assert parsed.kind == MessageKind.MESSAGE
    assert parsed.text == (
        "Bonjour Maya,\n\nMerci pour l'envoi ! Les chaussures sont arrivées, je les teste cette "
        "semaine et je vous fais un retour détaillé.\n\nAna"
    )
    assert parsed.quoted.startswith("-----Original Message-----\nFrom: Maya Chen")
    assert "Your write-up of the Lavaredo ultra" in parsed.quoted
    assert parsed.from_html is False


def test_it_reads_windows_1252_punctuation_labelled_as_latin1():
    body = "It\x92s great \x96 thanks \x80".encode("latin-1")

    assert parse(plain(body, charset="iso-8859-1")).text == "It\u2019s great \u2013 thanks €"


def test_it_reads_a_base64_utf8_apple_mail_reply():
    parsed = parse(mail.apple_mail_reply())

    assert parsed.text == (
        "Sounds great — size 39 please. I\u2019ll post about them in March 🏔️\n\nAna"
    )
    assert parsed.quoted.startswith("On 12 Nov 2026, at 10:04, Maya Chen <maya@acme.test> wrote:")


def test_it_reads_an_iso_2022_jp_body():
    body = "ありがとうございます。".encode("iso-2022-jp")
    raw = plain(body, ("Content-Transfer-Encoding", "7bit"), charset="iso-2022-jp")

    assert parse(raw).text == "ありがとうございます。"


def test_it_reads_a_base64_windows_1252_body():
    body = base64.encodebytes("Très bien, à lundi".encode("cp1252"))
    raw = plain(body, ("Content-Transfer-Encoding", "base64"), charset="windows-1252")

    assert parse(raw).text == "Très bien, à lundi"


@pytest.mark.parametrize("charset", ["x-unknown-8bit", "base64", '"utf-8\\"', "utf-8"])
def test_it_reads_an_unknown_or_broken_charset_as_utf8_with_replacements(charset):
    parsed = parse(plain(b"caf\xc3\xa9 \xff ok", charset=charset))

    assert parsed.text == "café \ufffd ok"


def test_it_reads_8bit_text_without_a_charset():
    raw = raw_message([("From", THEIR_ADDRESS), ("Subject", "x")], "Déjà vu".encode("cp1252"))

    assert parse(raw).text == "Déjà vu"


def test_it_prefers_text_plain_in_multipart_alternative():
    parsed = parse(mail.gmail_reply(text="Plain wins"))

    assert parsed.text == "Plain wins"
    assert parsed.from_html is False


def test_it_falls_back_to_html_when_the_plain_alternative_is_empty():
    raw = raw_message(
        [("From", THEIR_ADDRESS), ("Content-Type", 'multipart/alternative; boundary="b"')],
        "--b\nContent-Type: text/plain\n\n \n--b\nContent-Type: text/html\n\n<p>From HTML</p>\n"
        "--b--\n",
    )

    parsed = parse(raw)

    assert parsed.text == "From HTML"
    assert parsed.from_html is True


def test_it_reduces_an_html_only_message_to_plain_text():
    parsed = parse(mail.html_only_message())

    assert parsed.from_html is True
    assert parsed.text == (
        "Hi Maya,\n\nHere is my media kit (https://trails.example/media-kit) & rates.\n\nAna"
    )


def test_it_drops_scripts_and_markup_from_html():
    parsed = html("<script>alert(1)</script><p>Hi <b>there</b></p><img src=x onerror=alert(2)>")

    assert parsed.text == "Hi there"
    for leftover in ("script", "alert", "onerror", "<"):
        assert leftover not in parsed.text
        assert leftover not in parsed.quoted


@pytest.mark.parametrize(
    "element", ["script", "style", "head", "title", "template", "noscript", "iframe", "object"]
)
def test_it_drops_the_contents_of_non_text_elements(element):
    parsed = html(f"<p>Before</p><{element}><p>hidden</p>secret</{element}><p>After</p>")

    assert parsed.text == "Before\n\nAfter"


def test_it_does_not_lose_the_body_after_an_unclosed_head():
    raw = raw_message(
        [("From", THEIR_ADDRESS), ("Content-Type", "text/html")],
        "<html><head><title>x</title><body><p>Still here</p></body></html>",
    )

    assert parse(raw).text == "Still here"


def test_it_turns_block_elements_into_line_breaks():
    parsed = html(
        "<div>One</div><div>Two<br>Three</div><div><br></div><ul><li>Four</li><li>Five</li></ul>"
        "<table><tr><td>Six</td><td>seven</td></tr><tr><td>Eight</td></tr></table>"
        "<h1>Nine</h1>Ten"
    )

    assert parsed.text == "One\nTwo\nThree\n\nFour\nFive\n\nSix seven\nEight\n\nNine\n\nTen"


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ('<a href="https://trails.example/kit">my kit</a>', "my kit (https://trails.example/kit)"),
        ('<a href="https://trails.example/">https://trails.example</a>', "https://trails.example"),
        ('<a href="mailto:ana@trails.example">ana@trails.example</a>', "ana@trails.example"),
        (
            '<a href="mailto:ana@trails.example">write me</a>',
            "write me (mailto:ana@trails.example)",
        ),
        ('<a href="javascript:alert(1)">click</a>', "click"),
        ('<a href="https://trails.example/logo"><img src="logo.png"></a>Ana', "Ana"),
    ],
)
def test_it_keeps_link_text_and_a_differing_web_address(markup, text):
    assert html(markup).text == text


def test_it_unescapes_entities_in_html():
    assert html("<p>Caf&eacute; &amp; cr&egrave;me &lt;3&nbsp;&#128512;</p>").text == (
        "Café & crème <3 😀"
    )


def test_it_normalizes_line_endings_trailing_spaces_and_blank_lines():
    raw = plain(b"\r\n\r\nFirst   \r\nsecond\t\rthird\r\n\r\n\r\n\r\n\r\n\r\nfourth  \r\n\r\n")

    assert parse(raw).text == "First\nsecond\nthird\n\n\nfourth"


def test_it_joins_format_flowed_lines():
    raw = plain(
        "This line was wrapped by the \nsender's client.\n\nNew paragraph.\n",
        charset="utf-8; format=flowed",
    )

    assert parse(raw).text == "This line was wrapped by the sender's client.\n\nNew paragraph."


# Quoted history


def test_it_splits_a_gmail_reply_at_on_wrote():
    parsed = parse(mail.gmail_reply())

    assert parsed.text == "Hi Maya,\n\nYes please! I wear a 39. Looking forward to it.\n\nAna"
    assert parsed.quoted.startswith("On Thu, Nov 12, 2026 at 10:04\u202fAM Maya Chen")
    assert parsed.quoted.endswith("> Maya")


def test_it_splits_at_an_attribution_wrapped_over_two_lines():
    parsed = parse(mail.gmail_reply(wrap_attribution=True))

    assert parsed.text.endswith("Ana")
    assert parsed.quoted.startswith("On Thu, Nov 12, 2026")
    assert "wrote:" not in parsed.text


@pytest.mark.parametrize(
    "attribution",
    [
        "On 12 Nov 2026, at 10:04, Maya Chen <maya@acme.test> wrote:",
        "Le jeu. 12 nov. 2026 à 10:04, Maya Chen <maya@acme.test> a écrit :",
        "Am 12.11.2026 um 10:04 schrieb Maya Chen <maya@acme.test>:",
        "Am Do., 12. Nov. 2026 um 10:04 Uhr schrieb Maya Chen <maya@acme.test>:",
        "El jue, 12 nov 2026 a las 10:04, Maya Chen (<maya@acme.test>) escribió:",
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
    ],
)
def test_it_splits_at_an_attribution_line(attribution):
    parsed = parse(plain(f"Merci !\n\n{attribution}\nHi Ana,\nWould you test our shoes?\n"))

    assert parsed.text == "Merci !"
    assert parsed.quoted == f"{attribution}\nHi Ana,\nWould you test our shoes?"


@pytest.mark.parametrize(
    ("history", "first_line"),
    [
        ("original_message", "-----Original Message-----"),
        ("separator", "________________________________"),
        ("header_block", "From: Maya Chen <maya@acme.test>"),
        ("french_header_block", "De : Maya Chen <maya@acme.test>"),
    ],
)
def test_it_splits_an_outlook_reply_at_its_history(history, first_line):
    parsed = parse(mail.outlook_reply(history=history, text="Volontiers.\n\nAna"))

    assert parsed.text == "Volontiers.\n\nAna"
    assert parsed.quoted.split("\n")[0] == first_line
    assert "Would you like to test" in parsed.quoted


def test_it_splits_at_a_trailing_run_of_quoted_lines():
    parsed = parse(plain("Sure, send them.\n\n> Would you test our shoes?\n>\n> Maya\n\n"))

    assert parsed.text == "Sure, send them."
    assert parsed.quoted == "> Would you test our shoes?\n>\n> Maya"


def test_it_keeps_an_answer_below_a_quote_as_new_text():
    body = "> Would you test our shoes?\nYes, size 39."

    parsed = parse(plain(body))

    assert parsed.text == body
    assert parsed.quoted == ""


def test_it_keeps_the_whole_body_as_text_when_it_is_only_a_quote():
    body = "On Thu, Nov 12, 2026 at 10:04 AM Maya Chen <maya@acme.test> wrote:\n> Hi Ana"

    parsed = parse(plain(body))

    assert parsed.text == body
    assert parsed.quoted == ""


def test_it_splits_html_at_the_gmail_quote():
    parsed = html(
        '<div dir="ltr">Yes please!<div><br></div><div>Ana</div></div><br>'
        '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Thu, Nov 12, 2026 at '
        "10:04 AM Maya Chen &lt;maya@acme.test&gt; wrote:<br></div>"
        '<blockquote class="gmail_quote">Hi Ana,<br>Would you test our shoes?</blockquote></div>'
    )

    assert parsed.text == "Yes please!\n\nAna"
    assert parsed.quoted == (
        "On Thu, Nov 12, 2026 at 10:04 AM Maya Chen <maya@acme.test> wrote:\n"
        "Hi Ana,\nWould you test our shoes?"
    )


def test_it_splits_html_at_a_blockquote_and_its_attribution():
    parsed = html(
        "<div>Sounds good.</div><div><br><div>On 12 Nov 2026, at 10:04, Maya Chen "
        '&lt;maya@acme.test&gt; wrote:</div><blockquote type="cite"><div>Hi Ana</div>'
        "</blockquote></div>"
    )

    assert parsed.text == "Sounds good."
    assert parsed.quoted == (
        "On 12 Nov 2026, at 10:04, Maya Chen <maya@acme.test> wrote:\n\nHi Ana"
    )


def test_it_splits_an_outlook_html_reply_at_its_header_block():
    parsed = html(
        '<div class="elementToProof">Volontiers !</div><div id="appendonsend"></div>'
        '<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" '
        'dir="ltr"><font face="Calibri, sans-serif"><b>From:</b> Maya Chen &lt;maya@acme.test&gt;'
        "<br><b>Sent:</b> Thursday, November 12, 2026 10:04 AM<br><b>To:</b> Ana Rocha<br>"
        "<b>Subject:</b> Trail shoes</font></div><div>Hi Ana, would you test our shoes?</div>"
    )

    assert parsed.text == "Volontiers !"
    assert parsed.quoted.startswith("From: Maya Chen <maya@acme.test>\nSent: Thursday")
    assert parsed.quoted.endswith("Hi Ana, would you test our shoes?")


def test_it_keeps_an_html_body_that_is_only_a_quote():
    parsed = html("<blockquote>Hi Ana</blockquote>")

    assert parsed.text == "Hi Ana"
    assert parsed.quoted == ""


# Kind: delivery reports


def test_it_reads_a_postfix_delivery_report():
    parsed = parse(mail.postfix_bounce())

    assert parsed.kind == MessageKind.DELIVERY_REPORT
    assert parsed.auto_reply_marker == ""  # Auto-Submitted is there, but a bounce wins
    assert parsed.delivery is not None
    assert parsed.delivery.failed is True
    assert parsed.delivery.recipients == ("ghost@trails.example",)
    assert parsed.delivery.status == "5.1.1"
    assert parsed.delivery.diagnostic == (
        "smtp; 550 5.1.1 <ghost@trails.example>: Recipient address rejected: User unknown in "
        "virtual mailbox table"
    )
    assert parsed.delivery.original_message_id == PITCH_MESSAGE_ID
    assert parsed.attachments == ()


def test_it_reads_the_original_message_id_from_a_returned_message():
    parsed = parse(mail.postfix_bounce(returned="message", original_message_id="<p-9@acme.test>"))

    assert parsed.delivery.original_message_id == "<p-9@acme.test>"
    assert parsed.attachments == ()


def test_it_reads_a_delay_notice_as_not_failed():
    parsed = parse(
        mail.postfix_bounce(
            action="delayed",
            status="4.4.7",
            diagnostic="smtp; 421 4.4.7 try again later",
            subject="Delayed Mail (still being retried)",
        )
    )

    assert parsed.kind == MessageKind.DELIVERY_REPORT
    assert parsed.delivery.failed is False
    assert parsed.delivery.status == "4.4.7"


def test_it_reads_a_failure_from_a_5xx_status_whatever_the_action():
    parsed = parse(mail.postfix_bounce(action="relayed", status="5.7.1"))

    assert parsed.delivery.failed is True


def test_it_reports_every_recipient_of_a_report():
    raw = mail.postfix_bounce().replace(
        b"Remote-MTA: dns; mx.trails.example\r\n",
        b"Remote-MTA: dns; mx.trails.example\r\n\r\nFinal-Recipient: rfc822; Bob@Trails.Example\r\n"
        b"Action: delayed\r\nStatus: 4.2.2\r\n",
    )

    parsed = parse(raw)

    assert parsed.delivery.recipients == ("ghost@trails.example", "bob@trails.example")
    assert parsed.delivery.status == "5.1.1"


@pytest.mark.parametrize("failed_recipients_header", [True, False])
def test_it_reads_an_exim_bounce_without_a_report(failed_recipients_header):
    parsed = parse(mail.exim_bounce(failed_recipients_header=failed_recipients_header))

    assert parsed.kind == MessageKind.DELIVERY_REPORT
    assert parsed.delivery.failed is True
    assert parsed.delivery.recipients == ("ghost@trails.example",)
    assert parsed.delivery.status == "5.1.1"
    assert parsed.delivery.original_message_id == PITCH_MESSAGE_ID


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        (
            "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
            "Delivery Status Notification (Failure)",
        ),
        ("postmaster@trails.example", "Undelivered Mail Returned to Sender"),
        ("MAILER-DAEMON", "Mail delivery failed: returning message to sender"),
    ],
)
def test_it_recognises_a_plain_bounce_from_a_mail_daemon(sender, subject):
    raw = raw_message(
        [("From", sender), ("To", OUR_ADDRESS), ("Subject", subject)],
        "Your message wasn't delivered to ghost@trails.example because the address couldn't be "
        "found.\n\nThe response was:\n550 5.1.1 The email account that you tried to reach does "
        f"not exist.\n\n----- Original message -----\nMessage-ID: {PITCH_MESSAGE_ID}\n"
        f"From: {OUR_ADDRESS}\n",
    )

    parsed = parse(raw)

    assert parsed.kind == MessageKind.DELIVERY_REPORT
    assert parsed.delivery.failed is True
    assert parsed.delivery.recipients == ("ghost@trails.example",)
    assert parsed.delivery.status == "5.1.1"
    assert parsed.delivery.diagnostic.startswith("550 5.1.1 The email account")
    assert parsed.delivery.original_message_id == PITCH_MESSAGE_ID


def test_it_does_not_take_a_person_writing_about_a_failed_delivery_for_a_bounce():
    parsed = parse(plain("The courier said so.", ("Subject", "Mail delivery failed for the shoes")))

    assert parsed.kind == MessageKind.MESSAGE
    assert parsed.delivery is None


# Kind: automatic replies


def test_it_takes_a_read_receipt_for_an_automatic_answer():
    raw = raw_message(
        [
            ("From", f"Ana Rocha <{THEIR_ADDRESS}>"),
            ("To", OUR_ADDRESS),
            ("Subject", "Read: Trail shoes for your spring test"),
            (
                "Content-Type",
                'multipart/report; report-type=disposition-notification;\n\tboundary="r"',
            ),
        ],
        "--r\nContent-Type: text/plain\n\nYour message was read on Thursday.\n"
        "--r\nContent-Type: message/disposition-notification\n\n"
        "Reporting-UA: trails.example; Microsoft Outlook\n"
        f"Final-Recipient: rfc822;{THEIR_ADDRESS}\n"
        f"Original-Message-ID: {PITCH_MESSAGE_ID}\n"
        "Disposition: manual-action/MDN-sent-manually; displayed\n"
        "--r--\n",
    )

    parsed = parse(raw)

    assert parsed.kind == MessageKind.AUTO_REPLY
    assert parsed.auto_reply_marker == "read receipt (report-type=disposition-notification)"
    assert parsed.delivery is None
    assert parsed.attachments == ()


def test_it_reads_an_outlook_out_of_office():
    parsed = parse(mail.outlook_out_of_office())

    assert parsed.kind == MessageKind.AUTO_REPLY
    assert parsed.auto_reply_marker == "Auto-Submitted: auto-generated"
    assert parsed.away_until == date(2026, 12, 1)
    assert parsed.delivery is None


@pytest.mark.parametrize(
    ("header", "marker"),
    [
        (("Auto-Submitted", "auto-replied"), "Auto-Submitted: auto-replied"),
        (
            ("Auto-Submitted", "auto-replied; owner-email=ana@trails.example"),
            "Auto-Submitted: auto-replied",
        ),
        (("X-Autoreply", "yes"), "X-Autoreply: yes"),
        (("X-Autorespond", "Ana is away"), "X-Autorespond: Ana is away"),
        (("X-Auto-Reply", "1"), "X-Auto-Reply: 1"),
        (("Precedence", "auto_reply"), "Precedence: auto_reply"),
    ],
)
def test_it_recognises_an_auto_reply_by_its_headers(header, marker):
    parsed = parse(plain("Thanks for your message.", header))

    assert parsed.kind == MessageKind.AUTO_REPLY
    assert parsed.auto_reply_marker == marker


@pytest.mark.parametrize(
    "header",
    [
        ("Auto-Submitted", "no"),
        ("Auto-Submitted", "No"),
        ("Precedence", "bulk"),
        ("Precedence", "list"),
        ("X-Auto-Response-Suppress", "All"),
        ("X-MS-Exchange-Inbox-Rules-Loop", THEIR_ADDRESS),
    ],
)
def test_it_does_not_take_these_headers_alone_for_an_auto_reply(header):
    parsed = parse(mail.outlook_reply(extra_headers=[header]))

    assert parsed.kind == MessageKind.MESSAGE
    assert parsed.auto_reply_marker == ""


@pytest.mark.parametrize(
    ("subject", "prefix"),
    [
        ("Automatic reply: Trail shoes", "Automatic reply:"),
        ("AUTOMATIC REPLY: Trail shoes", "Automatic reply:"),
        ("Auto-reply: Trail shoes", "Auto-reply:"),
        ("Autoreply: Trail shoes", "Autoreply:"),
        ("Out of Office: Trail shoes", "Out of Office:"),
        ("Out of office until Monday", "Out of office"),
        ("Abwesenheitsnotiz: Trail shoes", "Abwesenheitsnotiz"),
        ("Réponse automatique : Trail shoes", "Réponse automatique"),
        ("Respuesta automática: Trail shoes", "Respuesta automática"),
        ("Risposta automatica: Trail shoes", "Risposta automatica"),
    ],
)
def test_it_recognises_an_auto_reply_by_its_subject(subject, prefix):
    parsed = parse(mail.outlook_out_of_office(auto_submitted=None, subject=subject))

    assert parsed.kind == MessageKind.AUTO_REPLY
    assert parsed.auto_reply_marker == f'subject "{prefix}"'


def test_it_reads_an_encoded_auto_reply_subject():
    subject = mail.b_encoded("Réponse automatique : Chaussures")

    parsed = parse(mail.outlook_out_of_office(auto_submitted=None, subject=subject))

    assert parsed.auto_reply_marker == 'subject "Réponse automatique"'


def test_it_takes_a_person_answering_an_auto_reply_for_a_person():
    parsed = parse(plain("Thanks", ("Subject", "RE: Automatic reply: Trail shoes")))

    assert parsed.kind == MessageKind.MESSAGE
    assert parsed.away_until is None


@pytest.mark.parametrize(
    ("text", "away_until"),
    [
        ("I am out of the office until 1 December 2026.", date(2026, 12, 1)),
        ("I'm back on 2026-12-01.", date(2026, 12, 1)),
        ("Out until 01/12/2026, with no access to email.", date(2026, 12, 1)),
        ("Out of office. Back 12/25/2026.", date(2026, 12, 25)),
        ("Ich bin ab dem 01.12.2026 wieder erreichbar.", date(2026, 12, 1)),
        ("Ich bin ab 3.12. wieder im Büro.", date(2026, 12, 3)),
        ("I'm away until 1 December.", date(2026, 12, 1)),
        ("Returning on the 1st of December 2026.", date(2026, 12, 1)),
        ("I'll be back December 1.", date(2026, 12, 1)),
        ("Back in the office Dec 1st, 2026.", date(2026, 12, 1)),
        ("I will return on Monday, 7 December.", date(2026, 12, 7)),
        ("Ich bin bis zum 1. Dezember 2026 nicht im Büro.", date(2026, 12, 1)),
        ("Je serai de retour le 1er décembre.", date(2026, 12, 1)),
        ("Estaré de vuelta el 1 de diciembre de 2026.", date(2026, 12, 1)),
        ("I'll be reachable again from 3 December.", date(2026, 12, 3)),
        ("Ich bin am 2. Dezember zurück.", date(2026, 12, 2)),
        ("Away till 30 Nov.", date(2026, 11, 30)),
        ("Back on 10 January.", date(2027, 1, 10)),
        ("Back later today, 12 November.", date(2026, 11, 12)),
        ("Away from 24 November, back on 1 December.", date(2026, 12, 1)),
        ("I'm travelling and back on Monday.", date(2026, 11, 16)),
    ],
)
def test_it_reads_the_stated_return_date_of_an_auto_reply(text, away_until):
    parsed = parse(mail.outlook_out_of_office(text=text))

    assert parsed.away_until == away_until


@pytest.mark.parametrize(
    "text",
    [
        "I am out of the office.",
        "I am out of the office until further notice.",
        "Back on 1 December 2025.",  # before the reply arrived
        "Back on 1 December 2028.",  # more than a year ahead
        "Our launch event is on 1 December 2026.",  # not a return
        "Back on 31 February 2027.",
    ],
)
def test_it_gives_no_return_date_when_none_is_credible(text):
    parsed = parse(mail.outlook_out_of_office(text=text))

    assert parsed.kind == MessageKind.AUTO_REPLY
    assert parsed.away_until is None


def test_it_reads_a_return_date_only_for_auto_replies():
    parsed = parse(mail.gmail_reply(text="Sure! I'm back on 1 December, let's talk then."))

    assert parsed.kind == MessageKind.MESSAGE
    assert parsed.away_until is None


def test_it_ignores_dates_in_the_quoted_history_of_an_auto_reply():
    text = "I'm out of the office.\n\n-----Original Message-----\nBack on 1 December 2026"

    assert parse(mail.outlook_out_of_office(text=text)).away_until is None


# Attachments


def test_it_reads_a_pdf_and_an_exe_attachment():
    parsed = parse(mail.message_with_attachments())

    assert parsed.text == "Hi Maya,\n\nMy media kit is attached.\n\nAna"
    assert [(a.name, a.content_type, a.content) for a in parsed.attachments] == [
        ("media-kit.pdf", "application/pdf", PDF_BYTES),
        ("invoice.exe", "application/x-msdownload", EXE_BYTES),
    ]
    assert parsed.attachments[0].size == len(PDF_BYTES)


def test_it_counts_an_inline_image_with_a_filename_as_an_attachment():
    parsed = parse(
        mail.message_with_attachments(
            attachments=[], inline_images=[("logo.png", "image/png", b"\x89PNG\r\n")]
        )
    )

    assert [(a.name, a.content_type, a.content) for a in parsed.attachments] == [
        ("logo.png", "image/png", b"\x89PNG\r\n")
    ]


def test_it_does_not_count_an_inline_image_without_a_filename():
    raw = raw_message(
        [("From", THEIR_ADDRESS), ("Content-Type", 'multipart/related; boundary="r"')],
        '--r\nContent-Type: text/html\n\n<p>Logo: <img src="cid:logo"></p>\n'
        "--r\nContent-Type: image/png\nContent-ID: <logo>\nContent-Transfer-Encoding: base64\n\n"
        "iVBORw0K\n--r--\n",
    )

    parsed = parse(raw)

    assert parsed.text == "Logo:"
    assert parsed.attachments == ()


@pytest.mark.parametrize(
    ("headers", "name"),
    [
        (
            "Content-Disposition: attachment; filename*=UTF-8''%C3%A9t%C3%A9%20kit.pdf",
            "été kit.pdf",
        ),
        (
            f'Content-Disposition: attachment; filename="{mail.b_encoded("Pressemappe März.pdf")}"',
            "Pressemappe März.pdf",
        ),
        ('Content-Disposition: attachment; filename="C:\\\\Users\\\\ana\\\\kit.pdf"', "kit.pdf"),
        ('Content-Disposition: attachment; filename="../../etc/kit.pdf"', "kit.pdf"),
        ("Content-Disposition: attachment", "attachment"),
    ],
)
def test_it_decodes_attachment_names(headers, name):
    raw = raw_message(
        [("From", THEIR_ADDRESS), ("Content-Type", 'multipart/mixed; boundary="m"')],
        "--m\nContent-Type: text/plain\n\nSee attached.\n"
        f"--m\nContent-Type: Application/PDF\n{headers}\nContent-Transfer-Encoding: base64\n\n"
        "JVBERi0xLjQK\n--m--\n",
    )

    parsed = parse(raw)

    assert parsed.text == "See attached."
    assert [(a.name, a.content_type, a.content) for a in parsed.attachments] == [
        (name, "application/pdf", b"%PDF-1.4\n")
    ]


def test_it_takes_a_text_file_with_a_name_as_an_attachment_not_as_body():
    raw = mail.message_with_attachments(
        text="Notes attached.", attachments=[("notes.txt", "text/plain", b"size 39\n")]
    )

    parsed = parse(raw)

    assert parsed.text == "Notes attached."
    assert [(a.name, a.content) for a in parsed.attachments] == [("notes.txt", b"size 39\n")]


# Garbage in, something out


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not an email",
        b"\x00\xff\xfe\r\n\r\n\x00",
        b"From: \r\nTo: ,,,<<>>@\r\nSubject: =?utf-8?B?////?=\r\nDate: 99\r\n\r\n",
        b"Content-Type: multipart/mixed\r\n\r\n--\r\n",
        b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n"
        b"\r\n<p",
        b'Content-Type: text/plain; charset="\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!=',
    ],
)
def test_it_never_raises_on_garbage(raw):
    parsed = parse(raw)

    assert_storable(parsed)
    assert parsed.from_address == ""
    assert parsed.kind == MessageKind.MESSAGE


def test_it_reads_what_it_can_of_a_truncated_multipart():
    raw = mail.message_with_attachments()
    truncated = raw[: raw.index(b"Content-Disposition: attachment") + 60]

    parsed = parse(truncated)

    assert parsed.from_address == THEIR_ADDRESS
    assert parsed.text == "Hi Maya,\n\nMy media kit is attached.\n\nAna"
    assert_storable(parsed)


def test_it_keeps_nul_characters_out_of_the_result():
    parsed = parse(plain("Hi\x00 there", ("Subject", "Re: \x00shoes")))

    assert parsed.text == "Hi there"
    assert parsed.subject == "Re: shoes"


FIXTURES = [
    mail.gmail_reply(),
    mail.outlook_reply(),
    mail.apple_mail_reply(),
    mail.outlook_out_of_office(),
    mail.postfix_bounce(),
    mail.exim_bounce(),
    mail.html_only_message(),
    mail.message_with_attachments(),
    mail.encoded_headers_message(),
]


@given(raw=st.binary(max_size=2000))
def test_it_never_raises_on_arbitrary_bytes(raw):
    assert_storable(parse(raw))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    fixture=st.sampled_from(FIXTURES),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 3), st.binary(min_size=1, max_size=12)),
        min_size=1,
        max_size=8,
    ),
)
def test_it_never_raises_on_mutated_real_messages(fixture, edits):
    raw = bytearray(fixture)
    for where, operation, data in edits:
        at = int(where * len(raw))
        if operation == 0:
            raw[at : at + len(data)] = data  # overwrite
        elif operation == 1:
            raw[at:at] = data  # insert
        elif operation == 2:
            del raw[at : at + len(data) * 8]  # delete a stretch
        else:
            raw = raw[:at]  # truncate
    assert_storable(parse(bytes(raw)))


def assert_storable(parsed: ParsedEmail) -> None:
    """Every string can go into PostgreSQL text columns: UTF-8 encodable, no NUL."""
    assert isinstance(parsed, ParsedEmail)
    assert parsed.message_id.startswith("<") and parsed.message_id.endswith(">")
    strings = [
        parsed.message_id,
        *parsed.in_reply_to,
        *parsed.references,
        parsed.from_name,
        parsed.from_address,
        *parsed.to,
        *parsed.cc,
        *parsed.delivered_to,
        parsed.subject,
        parsed.text,
        parsed.quoted,
        parsed.auto_reply_marker,
        *(attachment.name for attachment in parsed.attachments),
        *parsed.headers.values(),
    ]
    if parsed.delivery:
        strings += [
            *parsed.delivery.recipients,
            parsed.delivery.status,
            parsed.delivery.diagnostic,
            parsed.delivery.original_message_id,
        ]
    for value in strings:
        assert isinstance(value, str)
        assert "\x00" not in value
        value.encode("utf-8")
    assert parsed.sent_at is None or parsed.sent_at.tzinfo is not None
    assert all(isinstance(attachment.content, bytes) for attachment in parsed.attachments)
