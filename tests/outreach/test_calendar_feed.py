"""The calendar feed: a person's upcoming reminders in one workspace as RFC 5545 text at a
secret, revocable address, and the page where they make or turn off that address.

The feed is read back by hand here (unfolding, unescaping, structure), the way a calendar app
would, so what the tests check is the file's format and not only our own writer."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from irm.models import Membership, Role
from irm.services import secret_hash
from outreach.models import CalendarFeed, ReminderKind, ReminderStatus
from outreach.selectors.calendar_feeds import calendar_feed_ics, ics_escape, ics_fold
from outreach.services.calendar_feeds import calendar_feed_create, calendar_feed_revoke
from tests.factories import ReminderFactory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
UTC_STAMP = re.compile(r"^\d{8}T\d{6}Z$")
# UIDs are unique worldwide by the site's host name (RFC 5545 3.8.4.7).
UID_DOMAIN = urlsplit(settings.SITE_URL).hostname


def reminder(workspace, assignee, *, due_at, title="Keep in touch with Ana Rocha", **fields):
    return ReminderFactory(
        workspace=workspace,
        assignee=assignee,
        due_at=due_at,
        title=title,
        written_at=NOW - timedelta(days=1),
        **fields,
    )


def feed_path(secret: str) -> str:
    return reverse("calendar:feed", kwargs={"secret": secret})


# --- reading the file back, by hand ---------------------------------------------------------------


def content_lines(raw: bytes) -> list[str]:
    """Physical lines: each ends with CRLF, is at most 75 octets, and is valid UTF-8 on its
    own (a fold never splits a character)."""
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in raw.replace(b"\r\n", b""), "a bare CR"
    physical = raw[:-2].split(b"\r\n")
    for line in physical:
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # raises when a fold cut a character in two
    return [line.decode("utf-8") for line in physical]


def unfold(lines: list[str]) -> list[str]:
    logical: list[str] = []
    for line in lines:
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def unescape(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11); a bare comma or semicolon would make it a list."""
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append({"n": "\n", "N": "\n"}.get(following, following))
            assert following in "nN\\;,", f"unknown escape \\{following}"
        else:
            assert char not in ",;", f"unescaped {char!r} in {value!r}"
            out.append(char)
    return "".join(out)


def parse(raw: bytes) -> dict:
    """{"calendar": {name: value}, "events": [{name: [values]}]}, checking BEGIN/END nesting."""
    stack: list[str] = []
    calendar: dict[str, str] = {}
    events: list[dict[str, list[str]]] = []
    for line in unfold(content_lines(raw)):
        name_and_params, _, value = line.partition(":")
        name = name_and_params.split(";", 1)[0]
        assert re.fullmatch(r"[A-Z][A-Z0-9-]*", name), line
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                assert stack == ["VCALENDAR", "VEVENT"]
                events.append({})
            else:
                assert stack == ["VCALENDAR"], f"{value} inside {stack[:-1]}"
        elif name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close {stack}"
        elif stack == ["VCALENDAR", "VEVENT"]:
            events[-1].setdefault(name, []).append(value)
        else:
            assert stack == ["VCALENDAR"], f"{line} outside the calendar"
            calendar[name] = value
    assert stack == [], "unclosed components"
    return {"calendar": calendar, "events": events}


# --- the file -------------------------------------------------------------------------------------


@pytest.fixture
def member_feed(personas):
    return calendar_feed_create(user=personas.member, workspace=personas.workspace, now=NOW)


def test_it_lists_only_my_upcoming_reminders_in_this_workspace(personas, member_feed, client):
    workspace, member = personas.workspace, personas.member
    next_week = reminder(workspace, member, due_at=NOW + timedelta(days=7))
    yesterday = reminder(
        workspace, member, due_at=NOW - timedelta(days=1), status=ReminderStatus.FIRED
    )
    snoozed = reminder(
        workspace, member, due_at=NOW + timedelta(days=2), status=ReminderStatus.SNOOZED
    )
    # Not in it: someone else's, my own in another workspace, closed ones, too far either way.
    reminder(workspace, personas.manager, due_at=NOW + timedelta(days=1))
    Membership.objects.create(workspace=personas.other_workspace, user=member, role=Role.MEMBER)
    reminder(personas.other_workspace, member, due_at=NOW + timedelta(days=1))
    for status in (ReminderStatus.DONE, ReminderStatus.DISMISSED, ReminderStatus.CANCELLED):
        reminder(workspace, member, due_at=NOW + timedelta(days=1), status=status)
    reminder(workspace, member, due_at=NOW + timedelta(days=91))
    reminder(workspace, member, due_at=NOW - timedelta(days=8))

    with time_machine.travel(NOW, tick=False):
        response = client.get(feed_path(member_feed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = parse(response.content)["events"]
    uids = [event["UID"][0] for event in events]
    expected = [yesterday, snoozed, next_week]  # by due time
    assert uids == [f"reminder-{r.public_id}@{UID_DOMAIN}" for r in expected]


def test_the_calendar_and_each_event_carry_what_rfc_5545_requires(personas, ana):
    workspace, member = personas.workspace, personas.member
    due = reminder(
        workspace,
        member,
        due_at=datetime(2026, 3, 5, 15, 30, tzinfo=UTC),
        influencer=ana,
        kind=ReminderKind.FOLLOW_UP_DUE,
        reason="No answer since 20 Feb.",
        suggestion="A short, friendly note.",
    )
    feed = CalendarFeed.objects.get(
        secret_hash=secret_hash(calendar_feed_create(user=member, workspace=workspace))
    )

    parsed = parse(calendar_feed_ics(feed=feed, now=NOW).encode())

    calendar = parsed["calendar"]
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Rapport//Reminders//EN"
    assert calendar["METHOD"] == "PUBLISH"
    assert unescape(calendar["X-WR-CALNAME"]) == "Rapport reminders · Acme PR"
    [event] = parsed["events"]
    for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "DESCRIPTION"):
        assert len(event[required]) == 1, required
    assert event["UID"] == [f"reminder-{due.public_id}@{UID_DOMAIN}"]
    assert event["DTSTAMP"] == ["20260302T090000Z"]
    assert event["DTSTART"] == ["20260305T153000Z"]
    assert all(UTC_STAMP.match(event[key][0]) for key in ("DTSTAMP", "DTSTART", "LAST-MODIFIED"))
    assert event["DURATION"] == ["PT15M"]
    assert unescape(event["SUMMARY"][0]) == "Keep in touch with Ana Rocha"
    profile = f"{settings.SITE_URL}/w/acme/influencers/{ana.public_id}/"
    assert unescape(event["DESCRIPTION"][0]) == (
        f"About Ana Rocha.\n\nNo answer since 20 Feb.\n\nA short, friendly note.\n\n{profile}"
    )
    assert event["URL"] == [profile]


def test_a_reminder_about_no_one_links_to_the_reminders_page(personas):
    reminder(personas.workspace, personas.member, due_at=NOW + timedelta(hours=3), title="Plan")
    feed = CalendarFeed.objects.get(
        secret_hash=secret_hash(
            calendar_feed_create(user=personas.member, workspace=personas.workspace)
        )
    )

    [event] = parse(calendar_feed_ics(feed=feed, now=NOW).encode())["events"]

    assert unescape(event["DESCRIPTION"][0]) == f"{settings.SITE_URL}/w/acme/reminders/"


def test_text_is_escaped_and_long_lines_are_folded(personas):
    title = 'Zoë; the "kit", C:\\press\\kit and more'
    reason = "Line one,\nline two; with a\r\nWindows break and émojis 🎉 " + "ça va " * 40
    reminder(
        personas.workspace, personas.member, due_at=NOW + timedelta(days=1), title=title,
        reason=reason,
    )  # fmt: skip
    feed = CalendarFeed.objects.get(
        secret_hash=secret_hash(
            calendar_feed_create(user=personas.member, workspace=personas.workspace)
        )
    )

    raw = calendar_feed_ics(feed=feed, now=NOW).encode()

    physical = content_lines(raw)
    assert len([line for line in physical if line.startswith(" ")]) >= 3  # folded
    [event] = parse(raw)["events"]
    assert event["SUMMARY"] == ['Zoë\\; the "kit"\\, C:\\\\press\\\\kit and more']
    assert unescape(event["SUMMARY"][0]) == title
    description = unescape(event["DESCRIPTION"][0])
    assert description.startswith(reason.replace("\r\n", "\n"))


def test_escaping_follows_rfc_5545():
    assert ics_escape("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_folding_keeps_each_line_within_75_octets_and_characters_whole():
    assert ics_fold("a" * 75) == "a" * 75
    assert ics_fold("a" * 76) == "a" * 75 + "\r\n a"
    # "é" is two octets: it moves to the next line rather than being cut.
    assert ics_fold("a" * 74 + "é") == "a" * 74 + "\r\n é"
    # A continuation line's leading space counts: 74 more octets fit after it.
    assert ics_fold("b" * 75 + "c" * 80) == "b" * 75 + "\r\n " + "c" * 74 + "\r\n " + "c" * 6


def test_an_empty_calendar_is_still_a_calendar(personas, member_feed, client):
    with time_machine.travel(NOW, tick=False):
        response = client.get(feed_path(member_feed))

    assert response.status_code == 200
    assert parse(response.content)["events"] == []


# --- the secret address ---------------------------------------------------------------------------


def test_only_a_hash_of_the_secret_is_kept(personas, member_feed):
    feed = CalendarFeed.objects.get(user=personas.member, workspace=personas.workspace)

    assert feed.secret_hash == secret_hash(member_feed)
    assert member_feed not in feed.secret_hash
    assert len(member_feed) >= 43  # 256 random bits


def test_reading_it_needs_no_sign_in_and_records_the_last_use(personas, member_feed, client):
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert client.get(feed_path(member_feed)).status_code == 200

    feed = CalendarFeed.objects.get(user=personas.member, workspace=personas.workspace)
    assert feed.last_used_at == NOW + timedelta(hours=1)
    # HEAD works too (some calendar apps check before they fetch).
    assert client.head(feed_path(member_feed)).status_code == 200
    assert client.post(feed_path(member_feed)).status_code == 405


def test_a_made_up_secret_is_a_404(db, client):
    assert client.get(feed_path("made-up")).status_code == 404


def test_a_revoked_feed_is_a_404(personas, member_feed, client):
    assert calendar_feed_revoke(user=personas.member, workspace=personas.workspace) is True

    assert client.get(feed_path(member_feed)).status_code == 404
    assert calendar_feed_revoke(user=personas.member, workspace=personas.workspace) is False


def test_a_new_secret_replaces_the_old_one(personas, member_feed, client):
    newer = calendar_feed_create(user=personas.member, workspace=personas.workspace)

    assert newer != member_feed
    assert client.get(feed_path(member_feed)).status_code == 404
    assert client.get(feed_path(newer)).status_code == 200
    assert CalendarFeed.objects.filter(user=personas.member).count() == 1


def test_each_workspace_has_its_own_feed(personas, member_feed, client):
    Membership.objects.create(
        workspace=personas.other_workspace, user=personas.member, role=Role.MEMBER
    )
    other = calendar_feed_create(user=personas.member, workspace=personas.other_workspace)

    assert client.get(feed_path(member_feed)).status_code == 200
    assert client.get(feed_path(other)).status_code == 200
    assert CalendarFeed.objects.filter(user=personas.member).count() == 2


def test_it_stops_when_the_person_leaves_the_workspace(personas, member_feed, client):
    personas.membership(personas.member).delete()

    assert client.get(feed_path(member_feed)).status_code == 404


def test_it_stops_when_the_person_is_deactivated(personas, member_feed, client):
    personas.member.is_active = False
    personas.member.save(update_fields=["is_active"])

    assert client.get(feed_path(member_feed)).status_code == 404


# --- the page where a person makes or turns off their link ----------------------------------------


def page(personas) -> str:
    return reverse("outreach:calendar-feed", kwargs={"slug": personas.workspace.slug})


def test_the_page_offers_a_link_to_someone_without_one(personas, client):
    client.force_login(personas.member)

    response = client.get(page(personas))

    assert response.status_code == 200
    assert b"You have no calendar link in this workspace." in response.content
    assert b"Create my calendar link" in response.content
    assert reverse("irm:account").encode() in response.content  # where the digest is set


def test_creating_shows_the_address_once(personas, client):
    client.force_login(personas.member)

    response = client.post(page(personas), {"action": "create"})

    assert response.status_code == 200
    feed = CalendarFeed.objects.get(user=personas.member, workspace=personas.workspace)
    [url] = re.findall(rb'value="(http[^"]+\.ics)"', response.content)
    secret = url.decode().rsplit("/", 1)[1].removesuffix(".ics")
    assert url.decode() == f"{settings.SITE_URL}/calendar/{secret}.ics"
    assert feed.secret_hash == secret_hash(secret)
    assert client.get(feed_path(secret)).status_code == 200
    again = client.get(page(personas))
    assert secret.encode() not in again.content
    assert b"Make a new link" in again.content


def test_creating_with_htmx_answers_the_panel(personas, client):
    client.force_login(personas.member)

    response = client.post(page(personas), {"action": "create"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="feed-panel"' in response.content
    assert b"Copy your calendar link now." in response.content


def test_turning_it_off(personas, member_feed, client):
    client.force_login(personas.member)

    response = client.post(page(personas), {"action": "revoke"})

    assert response.status_code == 302
    assert response["Location"] == page(personas)
    assert not CalendarFeed.objects.filter(user=personas.member).exists()
    assert client.get(feed_path(member_feed)).status_code == 404


def test_turning_it_off_with_htmx_answers_the_panel(personas, member_feed, client):
    client.force_login(personas.member)

    response = client.post(page(personas), {"action": "revoke"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"Your calendar link is off." in response.content
    assert b"You have no calendar link in this workspace." in response.content


def test_an_unknown_action_is_refused(personas, client):
    client.force_login(personas.member)

    response = client.post(page(personas), {"action": "delete-everything"})

    assert response.status_code == 400
    assert not CalendarFeed.objects.exists()


def test_a_person_sees_and_turns_off_only_their_own(personas, member_feed, client):
    client.force_login(personas.admin)

    assert b"You have no calendar link" in client.get(page(personas)).content
    client.post(page(personas), {"action": "revoke"})

    assert client.get(feed_path(member_feed)).status_code == 200


def test_a_viewer_makes_their_own_link(personas, client):
    client.force_login(personas.viewer)

    assert client.post(page(personas), {"action": "create"}).status_code == 200
    assert CalendarFeed.objects.filter(user=personas.viewer).exists()


def test_an_outsider_gets_a_404(personas, client):
    client.force_login(personas.outsider)

    assert client.get(page(personas)).status_code == 404
    assert client.post(page(personas), {"action": "create"}).status_code == 404
    assert not CalendarFeed.objects.exists()
