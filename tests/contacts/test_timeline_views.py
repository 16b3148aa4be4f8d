"""The timeline page and panel: order, months, filters, pages, who sees what."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.forms.timeline import cursor_encode
from contacts.models import Interaction, InteractionKind
from contacts.services import interaction_record
from tests.factories import InfluencerFactory

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def influencer(personas):
    return InfluencerFactory(workspace=personas.workspace, name="Maya Brook")


def url(influencer, **params):
    path = reverse("contacts:timeline", args=["acme", influencer.public_id])
    if params:
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        query.update(params)
        path += "?" + query.urlencode()
    return path


def log(influencer, author, summary, occurred_at, **extra):
    fields = {"kind": "note", "direction": "internal", **extra}
    return interaction_record(
        influencer=influencer,
        summary=summary,
        author=author,
        occurred_at=occurred_at,
        now=NOW,
        **fields,
    )


def bulk(influencer, count, *, author=None, at=None):
    """Many entries at once (the query-count tests); `at` gives them all the same moment."""
    Interaction.objects.bulk_create(
        Interaction(
            workspace=influencer.workspace,
            influencer=influencer,
            occurred_at=at or NOW - timedelta(hours=index),
            kind=InteractionKind.EMAIL,
            direction="outbound",
            channel="email",
            summary=f"Entry {index:03d}",
            body="Hello\n" * 10 if index % 2 else "",
            sentiment="positive",
            author=author,
            created_at=NOW,
        )
        for index in range(count)
    )


def summaries(response) -> list[str]:
    return re.findall(r'<p class="entry-summary">([^<]*)</p>', response.content.decode())


def test_it_shows_entries_newest_first_grouped_by_month_in_the_viewers_time_zone(
    client, personas, influencer
):
    log(influencer, personas.member, "October chat", datetime(2026, 10, 3, 9, tzinfo=UTC))
    log(influencer, personas.member, "November call", datetime(2026, 11, 12, 9, tzinfo=UTC))
    # 31 Oct 23:30 UTC is already November in Paris, where the viewer lives.
    log(influencer, personas.member, "Halloween party", datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
    client.force_login(personas.viewer)

    response = client.get(url(influencer))

    assert response.status_code == 200
    assert summaries(response) == ["November call", "Halloween party", "October chat"]
    html = response.content.decode()
    months = re.findall(r'<h3 class="timeline-month">([^<]*)</h3>', html)
    assert months == ["November 2026", "October 2026"]
    assert "Sun 1 Nov 2026, 00:30" in html


def test_an_entry_shows_its_facts_escaped_and_folds_a_long_body(client, personas, influencer):
    interaction_record(
        influencer=influencer,
        kind="email",
        direction="inbound",
        channel="email",
        summary="<b>Loved</b> the box",
        body="<script>alert(1)</script>\n" + "More words. " * 100,
        sentiment="positive",
        author=personas.member,
        occurred_at=NOW - timedelta(days=5),
        contact_rule_overridden=True,
        off_topic=True,
        now=NOW,
    )
    client.force_login(personas.viewer)

    html = client.get(url(influencer)).content.decode()

    assert "&lt;b&gt;Loved&lt;/b&gt; the box" in html
    assert "<script>alert(1)" not in html
    assert '<details class="entry-fold">' in html
    for text in ("Email", "From them", "via Email", "Positive", "Contact rule overridden",
                 "Off-topic", "by Member Person", "logged later"):  # fmt: skip
        assert text in html


def test_a_short_body_is_not_folded_and_an_entry_logged_on_time_is_not_marked(
    client, personas, influencer
):
    log(influencer, personas.member, "Quick note", NOW - timedelta(hours=2), body="Short.")
    client.force_login(personas.viewer)

    html = client.get(url(influencer)).content.decode()

    assert "Short." in html
    assert "entry-fold" not in html
    assert "logged later" not in html


def test_htmx_gets_the_panel_alone(client, personas, influencer):
    log(influencer, personas.member, "A note", NOW - timedelta(days=1))
    client.force_login(personas.viewer)

    response = client.get(url(influencer), **HX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="timeline-panel"')
    assert "<html" not in html
    assert "A note" in html


def test_htmx_filtering_gets_the_list_alone(client, personas, influencer):
    log(influencer, personas.member, "A note", NOW - timedelta(days=1))
    log(influencer, personas.member, "A call", NOW - timedelta(days=2), kind="call")
    client.force_login(personas.viewer)

    response = client.get(url(influencer, kind="call"), HTTP_HX_TARGET="timeline-list", **HX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="timeline-list"')
    assert summaries(response) == ["A call"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "call"}, ["Call in"]),
        ({"direction": "outbound"}, ["Email out"]),
        ({"channel": "phone"}, ["Call in"]),
        ({"kind": "call", "direction": "outbound"}, []),
        # Unknown values are ignored rather than failing the page.
        ({"kind": "telegram", "direction": "sideways"}, ["Note", "Email out", "Call in"]),
    ],
)
def test_it_filters_by_kind_direction_and_channel(client, personas, influencer, params, expected):
    log(influencer, personas.member, "Call in", NOW - timedelta(days=3), kind="call",
        direction="inbound", channel="phone")  # fmt: skip
    log(influencer, personas.member, "Email out", NOW - timedelta(days=2), kind="email",
        direction="outbound", channel="email")  # fmt: skip
    log(influencer, personas.member, "Note", NOW - timedelta(days=1))
    client.force_login(personas.viewer)

    response = client.get(url(influencer, **params))

    assert response.status_code == 200
    assert summaries(response) == expected


def test_it_filters_by_author_and_keeps_the_filters_in_the_form(client, personas, influencer):
    log(influencer, personas.member, "By the member", NOW - timedelta(days=2))
    log(influencer, personas.manager, "By the manager", NOW - timedelta(days=1))
    client.force_login(personas.viewer)

    response = client.get(url(influencer, author=str(personas.manager.public_id), kind="note"))

    assert summaries(response) == ["By the manager"]
    html = response.content.decode()
    assert f'<option value="{personas.manager.public_id}" selected>' in html
    assert '<option value="note" selected>' in html


def test_a_malformed_author_matches_nobody_rather_than_the_entries_without_one(
    client, personas, influencer
):
    log(influencer, None, "Recorded by the system", NOW - timedelta(days=1))
    client.force_login(personas.viewer)

    response = client.get(url(influencer, author="not-a-uuid"))

    # An unreadable id is dropped: the page shows everything, unfiltered.
    assert summaries(response) == ["Recorded by the system"]


def test_pages_follow_the_cursor_without_repeating_or_skipping_entries_at_the_same_moment(
    client, personas, influencer
):
    moment = NOW - timedelta(days=1)
    bulk(influencer, 45, at=moment)
    bulk(influencer, 20)  # newer ones (the last hours before NOW)
    client.force_login(personas.viewer)

    seen = []
    next_url = url(influencer)
    pages = 0
    while next_url:
        response = client.get(next_url, **HX) if pages else client.get(next_url)
        seen += summaries(response)
        match = re.search(r'class="timeline-more" hx-get="([^"]+)"', response.content.decode())
        next_url = match.group(1).replace("&amp;", "&") if match else None
        pages += 1

    assert pages == 3
    assert len(seen) == 65
    ids = list(
        Interaction.objects.filter(influencer=influencer)
        .order_by("-occurred_at", "-id")
        .values_list("summary", flat=True)
    )
    assert seen == ids


def test_a_page_loaded_while_someone_logs_a_newer_entry_does_not_shift(
    client, personas, influencer
):
    bulk(influencer, 40)
    client.force_login(personas.viewer)
    first = client.get(url(influencer))
    next_url = re.search(r'class="timeline-more" hx-get="([^"]+)"', first.content.decode())
    log(influencer, personas.member, "Brand new", NOW)

    second = client.get(next_url.group(1).replace("&amp;", "&"), **HX)

    assert summaries(first)[-1] == "Entry 029"
    assert summaries(second)[0] == "Entry 030"
    assert "Brand new" not in summaries(second)


def test_the_next_page_keeps_the_filters_and_continues_the_month(client, personas, influencer):
    for day in range(1, 36):
        log(influencer, personas.member, f"Note {day}", NOW - timedelta(days=day))
    log(influencer, personas.member, "A call", NOW - timedelta(hours=1), kind="call")
    client.force_login(personas.viewer)

    first = client.get(url(influencer, kind="note"))
    link = re.search(r'class="timeline-more" hx-get="([^"]+)"', first.content.decode()).group(1)
    assert "kind=note" in link
    second = client.get(link.replace("&amp;", "&"), **HX)

    html = second.content.decode()
    assert summaries(second) == [f"Note {day}" for day in range(31, 36)]
    # Note 30 (21 Oct) ended page one in October; page two goes on in October, no heading.
    assert "timeline-month" not in html
    assert "<html" not in html


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "2026-13-45T00:00:00_12",
        "2026-11-01T00:00:00_12",  # no offset
        "2026-11-01T00:00:00+00:00_x",
        "2026-11-01T00:00:00+00:00_99999999999999999999999",
        "_",
        "",
    ],
)
def test_a_malformed_cursor_starts_from_the_newest_entries(client, personas, influencer, cursor):
    log(influencer, personas.member, "Newest", NOW - timedelta(days=1))
    client.force_login(personas.viewer)

    response = client.get(url(influencer, before=cursor))

    assert response.status_code == 200
    assert summaries(response) == ["Newest"]


def test_a_full_page_from_a_cursor_works_without_javascript(client, personas, influencer):
    bulk(influencer, 35)
    client.force_login(personas.viewer)
    last = Interaction.objects.order_by("-occurred_at", "-id")[29]

    response = client.get(url(influencer, before=cursor_encode((last.occurred_at, last.pk))))

    assert response.status_code == 200
    assert len(summaries(response)) == 5
    assert "Back to the newest entries" in response.content.decode()


def test_deleted_entries_are_not_shown(client, personas, influencer):
    entry = log(influencer, personas.member, "Gone", NOW - timedelta(days=1))
    Interaction.objects.filter(pk=entry.pk).update(deleted_at=NOW)
    client.force_login(personas.viewer)

    assert summaries(client.get(url(influencer))) == []


def test_it_shows_the_open_reply_commitment_above_the_timeline(client, personas, influencer):
    interaction_record(
        influencer=influencer,
        kind="email",
        direction="inbound",
        summary="Can you send the brief?",
        occurred_at=datetime(2026, 11, 12, 10, tzinfo=UTC),  # a Thursday
        now=NOW,
    )
    client.force_login(personas.viewer)

    html = client.get(url(influencer)).content.decode()

    assert "Maya Brook wrote on 12 Nov and is still waiting — reply was due 16 Nov" in html
    assert html.index("still waiting") < html.index('id="timeline-list"')


def test_the_viewer_reads_without_composer_or_edit_links(client, personas, influencer):
    log(influencer, personas.viewer, "Written before a role change", NOW - timedelta(days=1))
    client.force_login(personas.viewer)

    html = client.get(url(influencer)).content.decode()

    assert "Written before a role change" in html
    assert "Log an interaction" not in html
    assert "/edit/" not in html
    assert "/delete/" not in html


def test_only_the_author_sees_edit_links_and_never_on_system_entries(client, personas, influencer):
    mine = log(influencer, personas.member, "Mine", NOW - timedelta(days=3))
    theirs = log(influencer, personas.manager, "Theirs", NOW - timedelta(days=2))
    system = log(influencer, personas.member, "Stage: engaged", NOW - timedelta(days=1),
                 kind="stage_change")  # fmt: skip
    client.force_login(personas.member)

    html = client.get(url(influencer)).content.decode()

    assert "Log an interaction" in html
    assert f"/interactions/{mine.public_id}/edit/" in html
    assert f"/interactions/{theirs.public_id}/edit/" not in html
    assert f"/interactions/{system.public_id}/edit/" not in html
    assert "recorded by Rapport" not in html  # the system entry has its author


def test_outsiders_get_404_even_for_their_own_slug(client, personas):
    other = InfluencerFactory(workspace=personas.other_workspace, name="Elsewhere")
    acme = InfluencerFactory(workspace=personas.workspace)
    client.force_login(personas.outsider)

    def status(slug, influencer):
        path = reverse("contacts:timeline", args=[slug, influencer.public_id])
        return client.get(path).status_code

    assert status("acme", acme) == 404
    assert status("acme", other) == 404
    # Their own workspace does not hold an acme influencer either.
    assert status("globex", acme) == 404
    assert status("globex", other) == 200


def test_an_erased_influencer_has_no_timeline(client, personas, influencer):
    influencer.erased_at = NOW
    influencer.save(update_fields=["erased_at"])
    client.force_login(personas.admin)

    assert client.get(url(influencer)).status_code == 404


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_the_timeline_runs_the_same_queries_at_10_and_200_entries(
    client, personas, django_assert_num_queries, headers
):
    small = InfluencerFactory(workspace=personas.workspace)
    large = InfluencerFactory(workspace=personas.workspace)
    bulk(small, 10, author=personas.member)
    bulk(large, 200, author=personas.manager)
    for influencer in (small, large):
        interaction_record(
            influencer=influencer,
            kind="dm",
            direction="inbound",
            summary="Question",
            author=personas.member,
            occurred_at=NOW - timedelta(days=30),
            now=NOW,
        )
    client.force_login(personas.member)
    client.get(url(small), **headers)  # warm the session and content types

    with CaptureQueriesContext(connection) as small_page:
        assert client.get(url(small), **headers).status_code == 200
    with django_assert_num_queries(len(small_page.captured_queries)):
        assert client.get(url(large), **headers).status_code == 200
    assert len(small_page.captured_queries) <= 8
