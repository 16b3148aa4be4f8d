"""The inbound journeys: a member sends a pitch through the page and Ana's reply, delivered by
the mail server to the real webhook, marks the pitch replied and shows in the conversation and
on her timeline; her out-of-office keeps the pitch waiting and offers do-not-disturb until her
return; a message from an address nobody uses waits in the Unmatched inbox until the member
says it is Ana's."""

import re
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Channel, Influencer
from outreach.models import InboundMessage, InboundStatus, Pitch, PitchStatus
from tests.browser.journeys import seed_ana, sign_in
from tests.outreach import inbound_mail

pytestmark = pytest.mark.browser

INBOUND_SECRET = "test-inbound-secret"  # irm/settings/test.py
PITCH_BODY = (
    "Hi {first_name}, your Lavaredo report made our whole team want to run it. "
    "Would you test our new trail shoe on your next long run?"
)
PITCH_TEXT_SENT = PITCH_BODY.replace("{first_name}", "Ana")


def send_pitch_through_the_page(page, base_url) -> Pitch:
    """The member finds Ana in the composer, writes the pitch and sends it; the email goes out
    with a Message-ID her mail client will answer."""
    sign_in(page, base_url, "member@acme.test")
    page.get_by_role("link", name="Outreach", exact=True).click()
    page.get_by_role("link", name="New pitch").click()
    page.get_by_label("Find an influencer").fill("ana")
    page.get_by_role("link", name="Pitch Ana Rocha").click()
    expect(page.get_by_label("Channel", exact=True)).to_have_value("email")
    page.get_by_label("Subject").fill("Shoes for {first_name}")
    page.get_by_label("Message").fill(PITCH_BODY)
    expect(page.locator("#composer-live")).to_contain_text("Clear to send")
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_role("status")).to_contain_text("Sent to Ana Rocha")
    pitch = Pitch.objects.get(channel=Channel.EMAIL)
    assert pitch.status == PitchStatus.SENT and pitch.message_id
    return pitch


def deliver(base_url: str, raw: bytes) -> int:
    """POST the raw message to the webhook as the mail server does, from outside the browser."""
    request = urllib.request.Request(
        base_url + "/api/v1/inbound/email/",
        data=raw,
        method="POST",
        headers={"X-Inbound-Secret": INBOUND_SECRET, "Content-Type": "message/rfc822"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def test_her_reply_through_the_webhook_marks_the_pitch_replied_and_lands_on_her_timeline(
    live_server, page, personas
):
    seed_ana(personas)  # nobody has contacted her yet: nothing holds the pitch back
    pitch = send_pitch_through_the_page(page, live_server.url)
    pitch_url = page.url
    expect(page.locator(".pitch-status")).to_have_text("Sent, waiting")

    raw = inbound_mail.gmail_reply(
        in_reply_to=pitch.message_id,
        to=(personas.workspace.reply_to_address,),
        subject="Re: Shoes for Ana",
        text="Hi there,\n\nYes please! I wear a 39 and run Lavaredo again in June.\n\nAna",
        quoted_text=PITCH_TEXT_SENT,
        quoted_from="Member Person <member@acme.test>",
        date=timezone.now().replace(microsecond=0),
    )
    assert deliver(live_server.url, raw) == 201

    # The pitch page, reloaded: replied, her words in the conversation, our pitch folded away.
    page.reload()
    assert page.url == pitch_url
    expect(page.locator(".pitch-status")).to_have_text("Replied")
    conversation = page.get_by_role("region", name="Conversation")
    reply = conversation.get_by_role("listitem").filter(has_text="I wear a 39")
    expect(reply).to_contain_text("Ana Rocha")
    expect(reply).to_contain_text("Yes please! I wear a 39 and run Lavaredo again in June.")
    history = reply.locator("details")
    expect(history).not_to_have_attribute("open", re.compile(".*"))
    quoted = history.get_by_text("Would you test our new trail shoe", exact=False)
    expect(quoted).to_be_hidden()
    history.get_by_text("Show quoted history").click()
    expect(history).to_have_attribute("open", "")
    expect(quoted).to_be_visible()
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.REPLIED

    # Her timeline: the reply, from her, with her words.
    page.get_by_role("heading", name="Pitch to Ana Rocha").get_by_role(
        "link", name="Ana Rocha"
    ).click()
    timeline = page.locator("#timeline")
    entry = timeline.get_by_role("article").filter(has_text="Re: Shoes for Ana")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("From them")
    expect(entry).to_contain_text("I wear a 39 and run Lavaredo again in June")


def test_her_out_of_office_keeps_the_pitch_waiting_and_sets_do_not_disturb(
    live_server, page, personas
):
    ana = seed_ana(personas)
    pitch = send_pitch_through_the_page(page, live_server.url)
    back_on = timezone.localdate() + timedelta(days=21)

    raw = inbound_mail.outlook_out_of_office(
        in_reply_to=pitch.message_id,
        to=(personas.workspace.reply_to_address,),
        subject="Automatic reply: Shoes for Ana",
        text=(
            f"Hello,\n\nI am out of the office until {back_on.day} {back_on:%B %Y} with "
            "limited access to email.\nFor urgent press requests please contact "
            "press@trails.example.\n\nAna"
        ),
        date=timezone.now().replace(microsecond=0),
    )
    assert deliver(live_server.url, raw) == 201

    page.reload()
    panel = page.locator("#pitch-panel")
    # An auto-reply is not an answer: the pitch is still waiting.
    expect(panel.locator(".pitch-status")).to_have_text("Sent, waiting")
    expect(panel).to_contain_text(f"away until {back_on.day} {back_on:%B %Y}")
    expect(panel).to_contain_text("Set do-not-disturb until then?")
    panel.get_by_role("button", name="Set", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text(
        f"Ana Rocha is on do-not-disturb until {back_on.day} {back_on:%b %Y}"
    )
    expect(panel).to_contain_text("do-not-disturb was set")
    expect(panel.get_by_role("button", name="Set", exact=True)).to_have_count(0)
    expect(panel.locator(".pitch-status")).to_have_text("Sent, waiting")
    assert Influencer.objects.get(pk=ana.pk).do_not_disturb_until == back_on

    # Her profile says she is away until then.
    panel.get_by_role("heading", name="Pitch to Ana Rocha").get_by_role(
        "link", name="Ana Rocha"
    ).click()
    preferences = page.get_by_role("region", name="Contact preferences")
    expect(preferences).to_contain_text(f"Do not disturb Away until {back_on.day} {back_on:%b %Y}")


def test_a_strangers_message_waits_in_the_inbox_until_it_is_attached_to_her(
    live_server, page, personas
):
    ana = seed_ana(personas)
    raw = inbound_mail.gmail_reply(
        message_id="<CAK9nW2x@mail.gmail.com>",
        in_reply_to=None,
        from_address="ana.rocha.runs@gmail.example",
        from_name="A. Rocha",
        to=(personas.workspace.reply_to_address,),
        subject="Media kit for the spring season",
        text="Hello,\n\nHere is my new address and my media kit for spring.\n\nAna",
        date=timezone.now().replace(microsecond=0),
    )
    assert deliver(live_server.url, raw) == 201
    message = InboundMessage.objects.get(subject="Media kit for the spring season")
    assert message.status == InboundStatus.UNMATCHED

    sign_in(page, live_server.url, "member@acme.test")
    main_nav = page.get_by_role("navigation", name="Main")
    # The count beside Inbox loads after the page.
    inbox_link = main_nav.get_by_role("link", name="Inbox 1 unmatched")
    expect(inbox_link).to_be_visible()
    inbox_link.click()
    expect(page.get_by_role("heading", name="Inbox", exact=True)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="ana.rocha.runs@gmail.example")
    expect(row).to_contain_text("No influencer uses ana.rocha.runs@gmail.example")
    row.get_by_role("link", name="Media kit for the spring season").click()

    expect(page.get_by_role("heading", name="Media kit for the spring season")).to_be_visible()
    expect(page.locator("#inbox-message")).to_contain_text("Here is my new address")
    page.get_by_label("Find the influencer").fill("Ana")
    choice = page.get_by_role("radio", name=re.compile(r"^Ana Rocha"))
    # People pick her by her name (the whole line is the radio's label).
    page.locator("#influencer-choices").get_by_text("Ana Rocha").click()
    expect(choice).to_be_checked()
    page.get_by_role("button", name="Attach to influencer").click()

    expect(page.get_by_role("status")).to_contain_text("Attached to Ana Rocha.")
    expect(page.locator("#inbox-message")).to_contain_text("On the timeline of Ana Rocha")
    # The navigation's count follows: nothing is waiting any more.
    expect(main_nav.get_by_role("link", name="Inbox", exact=True)).to_be_visible()
    assert InboundMessage.objects.get(pk=message.pk).influencer_id == ana.pk

    page.get_by_role("link", name="← Inbox").click()
    expect(page.get_by_text("Nothing waiting")).to_be_visible()
    expect(page.get_by_role("link", name="Media kit for the spring season")).to_have_count(0)

    main_nav.get_by_role("link", name="Influencers").click()
    page.get_by_role("link", name="Ana Rocha").first.click()
    entry = (
        page.locator("#timeline")
        .get_by_role("article")
        .filter(has_text="Media kit for the spring season")
    )
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("From them")
    expect(entry).to_contain_text("Here is my new address and my media kit for spring.")
