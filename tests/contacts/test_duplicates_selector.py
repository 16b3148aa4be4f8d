import pytest
from django.utils import timezone

from contacts.selectors.duplicates import duplicate_pairs, name_key
from tests.factories import ProfileFactory


def person(workspace, actor, name, **extra):
    return ProfileFactory(workspace=workspace, actor=actor, name=name, **extra)


def pairs_of(workspace):
    return {
        (pair.keep.name, pair.drop.name): pair.reasons
        for pair in duplicate_pairs(workspace=workspace).pairs
    }


@pytest.fixture
def make(personas):
    def make(name, **extra):
        return person(personas.workspace, personas.admin, name, **extra)

    return make


def test_the_name_key_sets_accents_case_and_hyphens_aside():
    assert name_key("Zoë  Saldaña") == name_key("zoe saldana") == "zoe saldana"
    assert name_key("Anne-Marie Dubois") == name_key("anne marie dubois")
    assert name_key("Nguyễn Thị Ánh") == "nguyen thi anh"


def test_it_pairs_names_that_differ_only_by_accents_and_case(personas, make):
    make("Zoë Saldaña")
    make("zoe  SALDANA")
    make("Anne-Marie Dubois")
    make("Anne Marie Dubois")
    make("Zoe Salinas")

    found = pairs_of(personas.workspace)

    assert found == {
        ("Zoë Saldaña", "zoe  SALDANA"): [
            "Same name once accents and capital letters are set aside."
        ],
        ("Anne-Marie Dubois", "Anne Marie Dubois"): [
            "Same name once accents and capital letters are set aside."
        ],
    }


def test_it_pairs_the_same_handle_on_different_platforms(personas, make):
    make("Ana Pérez", accounts=[{"platform": "instagram", "handle": "@ana.bakes"}])
    make("Bakes by Ana", accounts=[{"platform": "tiktok", "handle": "ana.bakes"}])
    make("Someone Else", accounts=[{"platform": "youtube", "handle": "ana.runs"}])

    found = pairs_of(personas.workspace)

    assert found == {
        ("Ana Pérez", "Bakes by Ana"): ["Same handle @ana.bakes on Instagram and TikTok."]
    }


def test_a_shared_email_name_counts_only_when_the_names_start_alike(personas, make):
    make("Ana Pérez", emails=["ana.bakes@gmail.test"])
    make("Ana P.", emails=["Ana.Bakes@studio.test"])
    make("Bruno Costa", emails=["info@bruno.test"])
    make("Carla Dias", emails=["info@carla.test"])

    found = pairs_of(personas.workspace)

    assert found == {
        ("Ana Pérez", "Ana P."): [
            "Both have an email address starting “ana.bakes@” and their names start alike."
        ]
    }


def test_it_pairs_the_same_website_and_the_same_phone_however_written(personas, make):
    make("Léa Martin", website="https://www.lea.test/", phone="+33 6 12 34 56 78")
    make("Lea M", website="http://lea.test", phone="06.12.34.56.78")
    make("Other Person", website="https://other.test/", phone="12")
    make("Third Person", phone="34")

    found = pairs_of(personas.workspace)

    assert found == {("Léa Martin", "Lea M"): ["Same phone number.", "Same website: lea.test."]}


def test_the_pairs_with_most_reasons_come_first_and_the_older_profile_is_suggested(personas, make):
    later = timezone.now()
    make("Sam Lee", now=later)
    make("Sam Lee", now=later - timezone.timedelta(days=1))
    make("Kim Park", website="https://kim.test", now=later)
    make("Kim Park", website="https://kim.test", now=later - timezone.timedelta(days=3))

    found = duplicate_pairs(workspace=personas.workspace)

    assert [pair.keep.name for pair in found.pairs] == ["Kim Park", "Sam Lee"]
    assert all(pair.keep.created_at < pair.drop.created_at for pair in found.pairs)
    assert found.total == 2


def test_it_never_pairs_across_workspaces_or_with_erased_profiles(personas, make):
    make("Zoë Saldaña")
    person(personas.other_workspace, personas.outsider, "Zoe Saldana")
    erased = make("Zoe Saldana")
    erased.erased_at = timezone.now()
    erased.save(update_fields=["erased_at"])

    assert duplicate_pairs(workspace=personas.workspace).pairs == []


@pytest.mark.parametrize("size", [3, 30])
def test_its_query_count_does_not_grow_with_pairs(personas, make, django_assert_num_queries, size):
    for index in range(size):
        make(f"Person {index}", emails=[f"p{index}@a.test"])
        make(f"person {index}", accounts=[{"platform": "x", "handle": f"person{index}"}])

    # (savepoint, no JIT) pairs (release), profiles, their accounts, their emails
    with django_assert_num_queries(7):
        found = duplicate_pairs(workspace=personas.workspace)
        for pair in found.pairs:
            for profile in pair.people:
                list(profile.social_accounts.all()), list(profile.emails.all())

    assert len(found.pairs) == size
