"""Django admin for the contacts models: every changelist loads and searches, the big ones in a
fixed number of queries, and edits keep what the services keep."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import (
    ChannelPermission,
    ContactPolicy,
    ImportJob,
    Influencer,
    InfluencerEmail,
    Interaction,
    MetricSnapshot,
    RateCard,
    SocialAccount,
)
from contacts.normalize import unaccent
from contacts.selectors.search import query_for
from contacts.services.channels import channel_permission_set
from contacts.services.lists import influencer_list_add, influencer_list_create
from contacts.services.profiles import influencer_create
from contacts.services.timeline import commitment_open, interaction_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(db):
    return UserFactory(email="root@example.test", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, site_admin):
    client.force_login(site_admin)
    return client


def changelist(model: str) -> str:
    return reverse(f"admin:contacts_{model}_changelist")


def make(personas, name: str, number: int = 0, **kwargs) -> Influencer:
    influencer = influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name=name,
        emails=[f"{unaccent(name.split()[0]).lower()}{number}@studio.test"],
        accounts=[
            {"platform": "instagram", "handle": f"{name.split()[0]}{number}", "followers": 10}
        ],
        topics=["vegan baking"],
        owner=personas.member,
        **kwargs,
    )
    RateCard.objects.create(
        workspace=personas.workspace,
        influencer=influencer,
        deliverable_type="blog_post",
        amount=Decimal(100),
    )
    channel_permission_set(
        influencer=influencer,
        channel="email",
        is_open=True,
        evidence="They emailed us first",
        actor=personas.member,
    )
    interaction_record(
        influencer=influencer,
        kind="email",
        direction="inbound",
        summary=f"Hello from {name}",
        author=personas.member,
    )
    commitment_open(
        influencer=influencer,
        kind="payment",
        description=f"Pay {name}",
        due_at=timezone.now() + timedelta(days=3),
    )
    ContactPolicy.objects.create(
        workspace=personas.workspace, influencer=influencer, cooldown_days=number + 1
    )
    return influencer


@pytest.fixture
def rows(personas):
    zoe = make(personas, "Zoë Saldaña")
    make(personas, "Ana Bakes")
    shortlist = influencer_list_create(
        workspace=personas.workspace, name="Spring launch", actor=personas.member
    )
    influencer_list_add(influencer_list=shortlist, influencer_ids=[zoe.public_id], actor=None)
    ImportJob.objects.create(
        workspace=personas.workspace,
        created_by=personas.member,
        file=ContentFile(b"name\nZoe\n", name="people.csv"),
        original_name="people.csv",
    )
    return zoe


# Each model's changelist, a search term and a text that only its matching row shows.
SEARCHES = {
    "topic": ("vegan", "vegan baking"),
    "influencer": ("zoe", "Zoë Saldaña"),
    "influenceremail": ("zoë saldaña", "zoe0@studio.test"),
    "socialaccount": ("zoë", "zoë0"),
    "metricsnapshot": ("zoë0", "zoë0"),
    "ratecard": ("zoë", "Zoë Saldaña"),
    "channelpermission": ("zoë", "Zoë Saldaña"),
    "contactpolicy": ("zoë", "Zoë Saldaña"),
    "interaction": ("Hello from Zoë", "Hello from Zoë"),
    "commitment": ("Pay Zoë", "Pay Zoë"),
    "influencerlist": ("spring", "Spring launch"),
    "listentry": ("spring", "Zoë Saldaña"),
    "importjob": ("people", "people.csv"),
}


@pytest.mark.parametrize("model", list(SEARCHES))
def test_each_changelist_loads_and_searches(admin_client, rows, model):
    term, expected = SEARCHES[model]

    everything = admin_client.get(changelist(model))
    found = admin_client.get(changelist(model), {"q": term})

    assert everything.status_code == 200
    assert found.status_code == 200
    assert expected in found.content.decode()


@pytest.mark.parametrize("model", ["influencer", "interaction", "socialaccount"])
def test_a_search_that_matches_nothing_shows_no_rows(admin_client, rows, model):
    response = admin_client.get(changelist(model), {"q": "nothing-like-this"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_the_influencer_search_finds_an_exact_address_and_a_public_id(admin_client, rows):
    by_email = admin_client.get(changelist("influencer"), {"q": "ZOE0@studio.test"})
    by_id = admin_client.get(changelist("influencer"), {"q": str(rows.public_id)})

    assert [row.pk for row in by_email.context["cl"].result_list] == [rows.pk]
    assert [row.pk for row in by_id.context["cl"].result_list] == [rows.pk]


@pytest.mark.parametrize("model", list(SEARCHES))
def test_each_change_page_loads(admin_client, rows, model):
    cl = admin_client.get(changelist(model)).context["cl"]
    obj = cl.result_list[0]

    response = admin_client.get(reverse(f"admin:contacts_{model}_change", args=[obj.pk]))

    assert response.status_code == 200


def test_an_influencers_page_shows_its_addresses_accounts_rates_and_channels(admin_client, rows):
    response = admin_client.get(reverse("admin:contacts_influencer_change", args=[rows.pk]))

    html = response.content.decode()
    assert "zoe0@studio.test" in html
    assert 'value="zoë0"' in html
    assert "They emailed us first" in html
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["emails", "social_accounts", "rates", "channel_permissions"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", ["influencer", "interaction", "socialaccount", "commitment"])
def test_big_changelists_take_the_same_queries_for_3_and_30_rows(admin_client, personas, model):
    url = changelist(model)
    for number in range(3):
        make(personas, f"Person{number} Test", number)
    admin_client.get(url)
    few = _queries(admin_client, url)
    for number in range(3, 30):
        make(personas, f"Person{number} Test", number)
    many = _queries(admin_client, url)

    assert few == many


def _management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _influencer_form(personas, **changes) -> dict:
    form = {
        "workspace": str(personas.workspace.pk),
        "name": "Léa Martin",
        "time_zone": "Europe/Paris",
        "stage": "prospect",
        "owner": str(personas.member.pk),
        **_management("emails"),
        **_management("social_accounts"),
        **_management("rates"),
        **_management("channel_permissions"),
    }
    form.update(changes)
    return form


def test_adding_an_influencer_with_inline_rows_keeps_search_and_followers(
    admin_client, personas, site_admin
):
    form = _influencer_form(
        personas,
        **_management("emails", total=1),
        **{"emails-0-email": " Lea@Example.TEST ", "emails-0-is_primary": "on"},
        **_management("social_accounts", total=1),
        **{
            "social_accounts-0-platform": "instagram",
            "social_accounts-0-handle": "@Lea.Runs",
            "social_accounts-0-followers": "5400",
        },
        **_management("channel_permissions", total=1),
        **{
            "channel_permissions-0-channel": "email",
            "channel_permissions-0-is_open": "on",
            "channel_permissions-0-since_0": "2026-01-05",
            "channel_permissions-0-since_1": "10:00:00",
            "channel_permissions-0-evidence": "Business email on profile",
        },
    )

    response = admin_client.post(reverse("admin:contacts_influencer_add"), form)

    assert response.status_code == 302, response.context["errors"]
    lea = Influencer.objects.get(name="Léa Martin")
    assert lea.total_followers == 5400
    assert lea.emails.get().email == "lea@example.test"
    assert lea.emails.get().workspace == personas.workspace
    assert lea.social_accounts.get().handle == "lea.runs"
    assert ChannelPermission.objects.get(influencer=lea).recorded_by == site_admin
    assert list(Influencer.objects.filter(search_vector=query_for("lea mart"))) == [lea]


def test_an_address_of_someone_else_is_refused_in_the_inline(admin_client, personas, rows):
    form = _influencer_form(
        personas,
        **_management("emails", total=1),
        **{"emails-0-email": "ZOE0@studio.test"},
    )

    response = admin_client.post(reverse("admin:contacts_influencer_add"), form)

    assert response.status_code == 200
    assert "Another influencer already has this email address." in response.content.decode()
    assert not Influencer.objects.filter(name="Léa Martin").exists()


def test_an_owner_outside_the_workspace_is_refused(admin_client, personas):
    form = _influencer_form(personas, owner=str(personas.outsider.pk))

    response = admin_client.post(reverse("admin:contacts_influencer_add"), form)

    assert response.status_code == 200
    assert "The owner must be a member of this workspace." in response.content.decode()


def test_renaming_an_influencer_refreshes_the_search_document(admin_client, personas, rows):
    response = admin_client.post(
        reverse("admin:contacts_influencer_change", args=[rows.pk]),
        _influencer_form(personas, name="Zoë Quinn"),
    )

    assert response.status_code == 302
    assert list(Influencer.objects.filter(search_vector=query_for("quinn"))) == [rows]


def test_renaming_an_influencer_keeps_the_sort_name(admin_client, personas, rows):
    admin_client.post(
        reverse("admin:contacts_influencer_change", args=[rows.pk]),
        _influencer_form(personas, name="Élise Quinn"),
    )

    rows.refresh_from_db()
    assert rows.sort_name == "elise quinn"


def test_an_account_edited_here_ends_its_trend_where_the_table_stands(admin_client, personas, rows):
    account = SocialAccount.objects.get(influencer=rows)

    admin_client.post(
        reverse("admin:contacts_socialaccount_change", args=[account.pk]),
        {
            "influencer": str(rows.pk),
            "platform": account.platform,
            "handle": account.handle,
            "followers": "1234",
            "engagement_rate": "4.25",
        },
    )

    latest = MetricSnapshot.objects.filter(social_account=account).latest("captured_on")
    assert (latest.followers, latest.engagement_rate) == (1234, Decimal("4.25"))


def test_a_handle_edited_alone_is_normalized_and_searchable(admin_client, personas, rows):
    account = SocialAccount.objects.get(influencer=rows)

    response = admin_client.post(
        reverse("admin:contacts_socialaccount_change", args=[account.pk]),
        {
            "influencer": str(rows.pk),
            "platform": "instagram",
            "handle": "https://instagram.com/NewZoe/",
            "followers": "77",
        },
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.handle == "newzoe"
    rows.refresh_from_db()
    assert rows.total_followers == 77
    assert list(Influencer.objects.filter(search_vector=query_for("newzoe"))) == [rows]


def test_an_address_added_alone_takes_the_influencers_workspace(admin_client, personas, rows):
    response = admin_client.post(
        reverse("admin:contacts_influenceremail_add"),
        {"influencer": str(rows.pk), "email": "Bookings@Zoe.test"},
    )

    assert response.status_code == 302
    address = InfluencerEmail.objects.get(email="bookings@zoe.test")
    assert address.workspace == personas.workspace


def test_redating_an_entry_recomputes_the_last_contact(admin_client, personas, rows):
    entry = Interaction.objects.get(influencer=rows, kind="email")
    # Noon UTC: the same calendar day in the workspace's zone, whatever the hour of the run.
    earlier = (timezone.now() - timedelta(days=40)).replace(hour=12, minute=0, second=0)

    response = admin_client.post(
        reverse("admin:contacts_interaction_change", args=[entry.pk]),
        {
            "influencer": str(rows.pk),
            "occurred_at_0": earlier.strftime("%Y-%m-%d"),
            "occurred_at_1": earlier.strftime("%H:%M:%S"),
            "kind": "email",
            "direction": "inbound",
            "summary": entry.summary,
        },
    )

    assert response.status_code == 302, response.context["errors"]
    rows.refresh_from_db()
    assert rows.last_inbound_at.date() == earlier.date()


def test_imports_are_read_only_here(admin_client, rows):
    response = admin_client.get(reverse("admin:contacts_importjob_add"))

    assert response.status_code == 403


def test_metric_snapshots_list_by_day(admin_client, rows):
    response = admin_client.get(changelist("metricsnapshot"))

    assert response.context["cl"].result_count == MetricSnapshot.objects.count() == 2


def test_the_admin_is_closed_to_people_who_are_not_staff(client, personas):
    client.force_login(personas.admin)

    assert client.get(changelist("influencer")).status_code == 302
