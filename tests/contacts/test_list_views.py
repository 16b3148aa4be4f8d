"""The influencer list page: search, filters, sorting, pages, htmx regions and URL state."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contacts.models import Influencer, Stage
from contacts.services.channels import do_not_contact_set
from contacts.services.lists import influencer_list_add, influencer_list_create
from contacts.services.profiles import influencer_create
from contacts.views.list import PAGE_SIZE, followers_short
from irm.models import Team
from irm.services import workspace_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def url(slug="acme", **params):
    base = reverse("contacts:influencer-list", kwargs={"slug": slug})
    if params:
        from urllib.parse import urlencode

        return f"{base}?{urlencode(params)}"
    return base


def make(personas, name, **kwargs):
    return influencer_create(
        workspace=personas.workspace, actor=personas.admin, name=name, **kwargs
    )


def names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


@pytest.fixture
def people(personas):
    zoe = make(
        personas,
        "Zoë Saldaña",
        emails=["zoe@studio.test"],
        accounts=[
            {"platform": "instagram", "handle": "@zoe.cooks", "followers": 1_250_000},
            {"platform": "tiktok", "handle": "zoetok", "followers": 98_700},
        ],
        topics=["vegan baking"],
        country="US",
        languages=["en", "es"],
        stage=Stage.ENGAGED,
        owner=personas.member,
    )
    ana = make(
        personas,
        "Ana Bakes",
        accounts=[{"platform": "youtube", "handle": "anabakes", "followers": 12_000}],
        topics=["baking"],
        country="FR",
        languages=["fr"],
    )
    tom = make(
        personas,
        "Tom Trail",
        accounts=[{"platform": "instagram", "handle": "tomruns", "followers": 500}],
        topics=["trail running"],
        country="GB",
        languages=["en"],
        stage=Stage.AMBASSADOR,
    )
    return {"zoe": zoe, "ana": ana, "tom": tom}


# --- who may see it --------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_sign_in(client, personas):
    response = client.get(url())
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_it_answers_404_to_an_outsider(client, personas, people):
    client.force_login(personas.outsider)
    assert client.get(url()).status_code == 404
    assert client.get(url(), **HX).status_code == 404


def test_it_shows_a_viewer_the_list_without_bulk_actions_or_export(client, personas, people):
    client.force_login(personas.viewer)
    response = client.get(url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zoë Saldaña" in body
    assert 'id="bulk-form"' not in body
    assert 'name="ids"' not in body
    assert "Export these as CSV" not in body


def test_it_shows_a_member_the_bulk_actions_but_not_reassigning(client, personas, people):
    client.force_login(personas.member)
    body = client.get(url()).content.decode()
    assert 'id="bulk-form"' in body
    assert 'value="add_topic"' in body
    assert 'value="assign"' not in body


def test_it_shows_a_manager_the_reassign_action(client, personas, people):
    client.force_login(personas.manager)
    assert 'value="assign"' in client.get(url()).content.decode()


def test_it_does_not_show_another_workspaces_influencers(client, personas, people):
    influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Zed Globex"
    )
    client.force_login(personas.viewer)
    response = client.get(url())
    assert "Zed Globex" not in response.content.decode()
    assert response.context["page"].paginator.count == 3


# --- what a row shows ------------------------------------------------------------------------


def test_a_row_shows_platforms_topics_stage_owner_and_last_contact(client, personas, people):
    now = timezone.now()
    Influencer.objects.filter(pk=people["zoe"].pk).update(last_outbound_at=now - timedelta(days=22))
    client.force_login(personas.viewer)
    body = client.get(url(q="zoe")).content.decode()
    assert "Instagram</span> @zoe.cooks · <span" in body
    assert "1.3M" in body
    assert "98.7K" in body
    assert "vegan baking" in body
    assert "Engaged" in body
    assert "Member Person" in body
    assert "3\xa0weeks ago" in body
    assert 'class="avatar avatar-initials"' in body and ">ZS<" in body


def test_an_unknown_count_reads_unknown_and_the_total_says_what_it_leaves_out(client, personas):
    make(
        personas,
        "Lucía Fernández",
        accounts=[
            {"platform": "tiktok", "handle": "luciacocina", "followers": 4_700},
            {"platform": "instagram", "handle": "lucia.cocina"},
        ],
    )
    make(personas, "Ana Souza", accounts=[{"platform": "instagram", "handle": "ana.souza"}])
    client.force_login(personas.viewer)

    body = client.get(url(q="lucia")).content.decode()
    nobody_counted = client.get(url(q="souza")).content.decode()

    assert '<span title="Followers not known">unknown</span>' in body
    assert "4.7K in total (1 account not known)" in body
    assert '<span title="Followers not known">unknown</span>' in nobody_counted
    assert "in total" not in nobody_counted  # no known number: no total, and never "0"


def test_unknown_counts_sort_last_whichever_way(client, personas, people):
    make(personas, "Ana Souza", accounts=[{"platform": "instagram", "handle": "ana.souza"}])
    client.force_login(personas.viewer)

    most = names(client.get(url(sort="-followers")))
    fewest = names(client.get(url(sort="followers")))

    assert most == ["Zoë Saldaña", "Ana Bakes", "Tom Trail", "Ana Souza"]
    assert fewest == ["Tom Trail", "Ana Bakes", "Zoë Saldaña", "Ana Souza"]


def test_a_row_shows_a_visible_do_not_contact_badge(client, personas, people):
    do_not_contact_set(influencer=people["tom"], reason="Asked us to stop", actor=personas.member)
    client.force_login(personas.viewer)
    body = client.get(url(q="tom")).content.decode()
    assert 'class="badge badge-dnc" title="Asked us to stop">Do not contact</span>' in body


def test_it_escapes_what_people_typed(client, personas):
    make(personas, "<script>alert(1)</script>", topics=["<b>bold</b>"])
    client.force_login(personas.viewer)
    body = client.get(url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>bold</b>" not in body


def test_a_row_shows_the_avatar_when_there_is_one(client, personas):
    make(personas, "Pia Photo", avatar_url="https://images.example.test/pia.jpg")
    client.force_login(personas.viewer)
    assert 'src="https://images.example.test/pia.jpg"' in client.get(url()).content.decode()


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1K"),
        (1234, "1.2K"),
        (98_700, "98.7K"),
        (123_456, "123K"),
        (999_999, "1M"),
        (1_250_000, "1.3M"),
        (45_000_000, "45M"),
        (2_100_000_000, "2.1B"),
    ],
)
def test_followers_are_humanized(count, text):
    assert followers_short(count) == text


# --- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["zoe", "Zoë", "zo", "ZOË SAL", "saldana", "zoetok", "vegan"])
def test_search_finds_an_accented_name_by_either_spelling_and_by_prefix(
    client, personas, people, query
):
    client.force_login(personas.viewer)
    response = client.get(url(q=query))
    assert response.status_code == 200
    assert names(response) == ["Zoë Saldaña"]


@pytest.mark.parametrize(
    "query",
    [
        "'&|!:*()<>\\",
        "zoe & | ! :* ( ) < >",
        "'",
        "\\",
        "*",
        "a" * 5000,
        "zoe " * 400,
        "%00",
        "🙂 emoji",
        "' OR 1=1 --",
    ],
)
def test_hostile_search_input_answers_200(client, personas, people, query):
    client.force_login(personas.viewer)
    assert client.get(url(q=query)).status_code == 200
    assert client.get(url(q=query), **HX).status_code == 200


@pytest.mark.parametrize(
    "param",
    [
        "platform",
        "topic",
        "stage",
        "owner",
        "team",
        "country",
        "language",
        "do_not_contact",
        "sort",
        "page",
    ],
)
def test_hostile_filter_values_answer_200(client, personas, people, param):
    client.force_login(personas.viewer)
    for value in ("'&|!:*()<>\\", "%00", "x" * 5000, "-1"):
        assert client.get(url(**{param: value})).status_code == 200


@pytest.mark.parametrize("param", ["q", "platform", "stage", "owner", "sort", "page"])
def test_a_null_character_in_the_address_is_refused_with_a_page_that_says_so(
    client, personas, people, param
):
    """PostgreSQL cannot compare text holding one: refused before any query (a 400 page in the
    product's layout, with and without htmx), never a server error."""
    client.force_login(personas.viewer)
    for headers in ({}, HX):
        response = client.get(url(**{param: "zoe\x00"}), **headers)
        assert response.status_code == 400
        assert "The address holds a null character" in response.content.decode()


def test_an_unknown_list_answers_404(client, personas, people):
    other = influencer_list_create(
        workspace=personas.other_workspace, name="Theirs", actor=personas.outsider
    )
    client.force_login(personas.viewer)
    assert client.get(url(list=str(other.public_id))).status_code == 404
    assert client.get(url(list="not-a-uuid")).status_code == 404


# --- filters ---------------------------------------------------------------------------------


def test_it_filters_by_platform(client, personas, people):
    client.force_login(personas.viewer)
    assert names(client.get(url(platform="instagram"))) == ["Tom Trail", "Zoë Saldaña"]


def test_it_filters_by_follower_range(client, personas, people):
    client.force_login(personas.viewer)
    assert names(client.get(url(min_followers="10,000"))) == ["Ana Bakes", "Zoë Saldaña"]
    assert names(client.get(url(max_followers="12000"))) == ["Ana Bakes", "Tom Trail"]
    assert names(client.get(url(min_followers="1000", max_followers="20000"))) == ["Ana Bakes"]


def test_a_follower_filter_error_shows_a_message_and_keeps_the_input(client, personas, people):
    client.force_login(personas.viewer)
    response = client.get(url(min_followers="abc"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a whole number of followers" in body
    assert 'name="min_followers" value="abc"' in body
    assert 'aria-invalid="true"' in body

    partial = client.get(url(min_followers="abc"), **HX)
    assert partial.status_code == 400
    assert "Minimum followers: Enter a whole number of followers" in partial.content.decode()


def test_it_filters_by_topic(client, personas, people):
    topic = people["ana"].topics.get()
    client.force_login(personas.viewer)
    assert names(client.get(url(topic=str(topic.public_id)))) == ["Ana Bakes"]


def test_it_filters_by_stage(client, personas, people):
    client.force_login(personas.viewer)
    assert names(client.get(url(stage="ambassador"))) == ["Tom Trail"]


def test_it_filters_by_owner_and_by_nobody(client, personas, people):
    client.force_login(personas.viewer)
    assert names(client.get(url(owner=str(personas.member.public_id)))) == ["Zoë Saldaña"]
    assert names(client.get(url(owner="none"))) == ["Ana Bakes", "Tom Trail"]


def test_it_filters_by_team(client, personas, people):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    Influencer.objects.filter(pk=people["tom"].pk).update(team=team)
    client.force_login(personas.viewer)
    assert names(client.get(url(team=str(team.public_id)))) == ["Tom Trail"]


def test_it_filters_by_country_and_language(client, personas, people):
    client.force_login(personas.viewer)
    assert names(client.get(url(country="fr"))) == ["Ana Bakes"]
    assert names(client.get(url(language="en"))) == ["Tom Trail", "Zoë Saldaña"]


def test_it_filters_by_do_not_contact(client, personas, people):
    do_not_contact_set(influencer=people["ana"], reason="Said no", actor=personas.member)
    client.force_login(personas.viewer)
    assert names(client.get(url(do_not_contact="yes"))) == ["Ana Bakes"]
    assert names(client.get(url(do_not_contact="no"))) == ["Tom Trail", "Zoë Saldaña"]


def test_it_opens_a_named_list_as_the_filtered_list(client, personas, people):
    shortlist = influencer_list_create(
        workspace=personas.workspace, name="Spring launch shortlist", actor=personas.member
    )
    influencer_list_add(
        influencer_list=shortlist,
        influencer_ids=[people["zoe"].public_id, people["tom"].public_id],
        actor=personas.member,
    )
    client.force_login(personas.viewer)
    response = client.get(url(list=str(shortlist.public_id)))
    assert names(response) == ["Tom Trail", "Zoë Saldaña"]
    body = response.content.decode()
    assert "<h1>Spring launch shortlist</h1>" in body
    assert "Rename or delete this list" not in body  # a viewer


# --- sorting and pages -----------------------------------------------------------------------


def test_it_sorts_by_name_followers_and_last_contact(client, personas, people):
    now = timezone.now()
    Influencer.objects.filter(pk=people["ana"].pk).update(last_outbound_at=now - timedelta(days=1))
    Influencer.objects.filter(pk=people["tom"].pk).update(last_outbound_at=now - timedelta(days=9))
    client.force_login(personas.viewer)
    assert names(client.get(url())) == ["Ana Bakes", "Tom Trail", "Zoë Saldaña"]
    assert names(client.get(url(sort="-followers"))) == ["Zoë Saldaña", "Ana Bakes", "Tom Trail"]
    assert names(client.get(url(sort="followers"))) == ["Tom Trail", "Ana Bakes", "Zoë Saldaña"]
    recent_first = names(client.get(url(sort="-last_contact")))
    assert recent_first.index("Ana Bakes") < recent_first.index("Tom Trail")
    longest_ago = names(client.get(url(sort="last_contact")))
    assert longest_ago.index("Tom Trail") < longest_ago.index("Ana Bakes")
    assert names(client.get(url(sort="nonsense"))) == ["Ana Bakes", "Tom Trail", "Zoë Saldaña"]


def _many(personas, count):
    Influencer.objects.bulk_create(
        Influencer(workspace=personas.workspace, name=f"Person {index:03d}")
        for index in range(count)
    )


def test_it_pages_and_shows_counts(client, personas):
    _many(personas, PAGE_SIZE + 5)
    client.force_login(personas.viewer)
    first = client.get(url())
    assert len(first.context["rows"]) == PAGE_SIZE
    body = first.content.decode()
    assert f"Showing 1\N{EN DASH}{PAGE_SIZE} of {PAGE_SIZE + 5} influencers" in body
    assert "Page 1 of 2" in body
    assert 'href="/w/acme/influencers/?page=2" hx-get="/w/acme/influencers/?page=2"' in body

    second = client.get(url(page=2))
    assert names(second) == [f"Person {index:03d}" for index in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert client.get(url(page=99)).context["page"].number == 2


def test_page_links_keep_the_filters(client, personas):
    _many(personas, PAGE_SIZE + 1)
    client.force_login(personas.viewer)
    body = client.get(url(stage="prospect", sort="-followers")).content.decode()
    assert 'href="/w/acme/influencers/?stage=prospect&amp;sort=-followers&amp;page=2"' in body


def test_it_says_so_when_nothing_matches(client, personas, people):
    client.force_login(personas.viewer)
    assert "No influencers match these filters." in client.get(url(q="nobody")).content.decode()


# --- htmx and the URL state ------------------------------------------------------------------


def test_htmx_gets_only_the_results_region_with_a_clean_pushed_url(client, personas, people):
    client.force_login(personas.viewer)
    response = client.get(url(q="zoe", platform="", stage="", sort="name"), **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="influencer-results"')
    assert "<html" not in body
    assert "Zoë Saldaña" in body and "Ana Bakes" not in body
    assert response["HX-Push-Url"] == "/w/acme/influencers/?q=zoe"
    assert "HX-Request" in response["Vary"]


def test_without_htmx_the_whole_page_renders_with_the_state_in_the_form(client, personas, people):
    client.force_login(personas.viewer)
    response = client.get(url(q="zoe", stage="engaged", sort="-followers"))
    body = response.content.decode()
    assert "<html" in body
    assert 'id="influencer-search" name="q" value="zoe"' in body
    assert '<option value="engaged" selected>' in body
    assert '<option value="-followers" selected>' in body
    assert 'hx-trigger="input changed delay:300ms, search"' in body
    assert "HX-Request" in response["Vary"]


def test_the_owner_team_and_topic_menus_keep_the_chosen_one_selected(client, personas, people):
    from contacts.models import Topic

    team = Team.objects.create(workspace=personas.workspace, name="PR")
    topic = Topic.objects.get(workspace=personas.workspace, name="vegan baking")
    owner = personas.member
    client.force_login(personas.admin)
    state = {"owner": owner.public_id, "team": team.public_id, "topic": topic.public_id}
    body = client.get(url(**state)).content.decode()
    assert (
        f'<option value="{owner.public_id}" selected>{owner.name or owner.email}</option>' in body
    )
    assert f'<option value="{team.public_id}" selected>PR</option>' in body
    assert f'<option value="{topic.public_id}" selected>vegan baking</option>' in body
    # The bulk reassign menus list the same people and teams, none chosen.
    assert f'<option value="{owner.public_id}">{owner.name or owner.email}</option>' in body
    assert f'<option value="{team.public_id}">PR</option>' in body


def test_a_history_restore_gets_the_whole_page(client, personas, people):
    client.force_login(personas.viewer)
    response = client.get(url(q="zoe"), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX)
    assert "<html" in response.content.decode()
    assert "HX-Push-Url" not in response


def test_the_export_link_and_bulk_form_keep_the_current_state(client, personas, people):
    client.force_login(personas.manager)
    body = client.get(url(q="zoe", country="US")).content.decode()
    assert 'href="/w/acme/influencers/export.csv?q=zoe&amp;country=US"' in body
    assert 'name="next" value="q=zoe&amp;country=US" form="bulk-form"' in body


def test_the_nav_links_to_the_influencer_list(client, personas):
    client.force_login(personas.viewer)
    body = client.get(url()).content.decode()
    assert '<a href="/w/acme/influencers/" aria-current="page">Influencers</a>' in body


# --- speed -----------------------------------------------------------------------------------


def _seed(workspace, actor, count, start=0):
    """`count` influencers with two accounts and two topics each, inserted in bulk."""
    from contacts.models import SocialAccount, Topic

    team = Team.objects.get_or_create(workspace=workspace, name="PR")[0]
    topics = [Topic.objects.get_or_create(workspace=workspace, name=n)[0] for n in ("a", "b")]
    rows = Influencer.objects.bulk_create(
        Influencer(
            workspace=workspace,
            name=f"Seed {start + index:04d}",
            owner=actor,
            team=team,
            total_followers=index,
            last_outbound_at=timezone.now() - timedelta(days=index),
        )
        for index in range(count)
    )
    SocialAccount.objects.bulk_create(
        SocialAccount(workspace=workspace, influencer=row, platform=platform, handle=f"h{row.pk}")
        for row in rows
        for platform in ("instagram", "tiktok")
    )
    link = Influencer.topics.through
    link.objects.bulk_create(
        link(influencer_id=row.pk, topic_id=topic.pk) for row in rows for topic in topics
    )


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_the_page_takes_the_same_number_of_queries_for_10_and_200_influencers(
    client, personas, django_assert_num_queries, role
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = getattr(personas, role)
    client.force_login(user)
    _seed(personas.workspace, personas.member, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url()).status_code == 200
    _seed(personas.workspace, personas.member, 190, start=10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url(sort="-followers"))
    assert len(response.context["rows"]) == PAGE_SIZE
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(url(stage="prospect"), **HX).context["rows"]) == PAGE_SIZE


def test_a_second_workspace_with_the_same_names_stays_apart(client, personas):
    owner = UserFactory()
    other = workspace_create(name="Initech", slug="initech", admin=owner)
    influencer_create(workspace=other, actor=owner, name="Zoë Saldaña")
    make(personas, "Zoë Saldaña")
    client.force_login(personas.viewer)
    assert client.get(url(q="zoe")).context["page"].paginator.count == 1


def test_last_contact_counts_the_viewers_calendar_dates(client, personas, people):
    """Written to on 4 Dec at 23:00 in New York, seen there on 7 Dec at 08:00: 57 hours, but
    "3 days ago" on the viewer's calendar."""
    new_york = ZoneInfo("America/New_York")
    Influencer.objects.filter(pk=people["zoe"].pk).update(
        last_outbound_at=datetime(2026, 12, 4, 23, 0, tzinfo=new_york)
    )
    personas.viewer.time_zone = "America/New_York"
    personas.viewer.save(update_fields=["time_zone"])
    client.force_login(personas.viewer)

    with time_machine.travel(datetime(2026, 12, 7, 8, 0, tzinfo=new_york), tick=False):
        body = client.get(url(q="zoe")).content.decode()

    assert 'title="4 Dec 2026">3\xa0days ago</time>' in body
