"""Names sort as people expect: unaccented and case-folded in Python, stored as sort_name with
the "C" collation, so the order is the same on every PostgreSQL (the embedded one has no ICU,
and a server in the C.UTF-8 locale puts "Léa" after "Lina" and "zoe" after "Zoë")."""

import pytest
from django.db import connection

from contacts.admin import influencer_keep_derived
from contacts.models import Influencer
from contacts.normalize import sort_key
from contacts.selectors.duplicates import DROP
from contacts.selectors.influencers import InfluencerFilters, influencers_filtered
from contacts.services.merge import influencer_merge
from contacts.services.profiles import influencer_update
from tests.contacts.api_client import api_url, client_for, make_influencer

pytestmark = pytest.mark.django_db

PEOPLE = ["Lina Marsh", "zoe quinn", "Léa Dubois", "Zoë Adler", "Émile Roux", "adam west"]
EXPECTED = ["adam west", "Émile Roux", "Léa Dubois", "Lina Marsh", "Zoë Adler", "zoe quinn"]


@pytest.fixture
def people(personas):
    return [make_influencer(personas, name) for name in PEOPLE]


def test_the_key_is_unaccented_and_case_folded():
    assert sort_key("  Léa   DUBOIS ") == "lea dubois"
    assert sort_key("Zoë") == sort_key("ZOE") == sort_key("zoe")
    assert sort_key("Straße") == "strasse"
    assert sort_key("Léa") < sort_key("Lina")


def test_the_list_sorts_lea_before_lina_and_zoe_with_zoe(personas, people):
    rows = influencers_filtered(workspace=personas.workspace, filters=InfluencerFilters())

    assert [row.name for row in rows] == EXPECTED


def test_the_order_is_the_same_on_every_server(personas, people):
    """Byte order of UTF-8 under "C" is Python's order of code points: the database agrees
    with sorted() whatever its locale or ICU."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'contacts_influencer' AND column_name = 'sort_name'"
        )
        assert cursor.fetchone() == ("C",)
    ordered = list(
        Influencer.objects.filter(workspace=personas.workspace)
        .order_by("sort_name", "id")
        .values_list("sort_name", flat=True)
    )

    assert ordered == sorted(sort_key(name) for name in PEOPLE)


def test_the_api_sorts_by_name_the_same_way(personas, people):
    response = client_for(personas.viewer).get(api_url("influencer-list"), {"sort": "name"})

    assert [row["name"] for row in response.json()["results"]] == EXPECTED


def test_an_edit_keeps_the_sort_name(personas, people):
    lina = people[0]

    influencer_update(influencer=lina, actor=personas.admin, name="Åsa Marsh")

    lina.refresh_from_db()
    assert lina.sort_name == "asa marsh"


def test_a_merge_keeps_the_sort_name_of_the_chosen_name(personas):
    keep = make_influencer(personas, "Zoe Adler")
    drop = make_influencer(personas, "Élodie Adler")

    influencer_merge(keep=keep, drop=drop, field_choices={"name": DROP}, actor=personas.admin)

    keep.refresh_from_db()
    assert (keep.name, keep.sort_name) == ("Élodie Adler", "elodie adler")


def test_a_site_admin_edit_keeps_the_sort_name(personas, people):
    lina = people[0]
    Influencer.objects.filter(pk=lina.pk).update(name="Ólafur Arnalds")
    lina.refresh_from_db()

    influencer_keep_derived(lina)

    lina.refresh_from_db()
    assert lina.sort_name == "olafur arnalds"
