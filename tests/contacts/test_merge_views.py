import pytest
from django.urls import reverse

from contacts.models import Influencer, Interaction, InteractionKind
from contacts.services.profiles import influencer_create
from irm.models import AuditAction, AuditEvent

HTMX = {"HX-Request": "true"}


def merge_url(keep=None, drop=None, slug="acme"):
    url = reverse("contacts:merge", kwargs={"slug": slug})
    if keep is not None:
        url += f"?keep={keep.public_id}&drop={drop.public_id}"
    return url


def form(keep, drop, **choices):
    return {
        "keep": str(keep.public_id),
        "drop": str(drop.public_id),
        **{f"choice-{name}": value for name, value in choices.items()},
    }


@pytest.fixture
def twins(personas):
    keep = influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Zoë Saldaña",
        bio="Pastry chef in Sevilla.",
        accounts=[{"platform": "instagram", "handle": "zoe.makes", "followers": 1000}],
    )
    drop = influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Zoe Saldana",
        bio="Baker & runner.",
        phone="+34 600 123 456",
        emails=["zoe@mail.test"],
        accounts=[{"platform": "tiktok", "handle": "zoe.makes", "followers": 4000}],
    )
    return keep, drop


def test_a_viewer_compares_the_two_profiles_side_by_side(client, personas, twins):
    keep, drop = twins
    client.force_login(personas.viewer)

    response = client.get(merge_url(keep, drop))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Zoë Saldaña" in page and "Zoe Saldana" in page
    assert "Pastry chef in Sevilla." in page and "Baker &amp; runner." in page
    assert "+34 600 123 456" in page
    assert "Social accounts" in page  # what moves
    assert f"?keep={drop.public_id}&amp;drop={keep.public_id}" in page  # keep the other one
    assert 'name="choice-bio"' not in page
    assert "A manager or an admin can merge these profiles." in page


def test_a_manager_chooses_a_value_for_each_conflicting_field(client, personas, twins):
    keep, drop = twins
    client.force_login(personas.manager)

    page = client.get(merge_url(keep, drop)).content.decode()

    assert 'name="choice-bio" value="keep" checked' in page
    assert 'name="choice-bio" value="drop"' in page
    assert 'name="choice-name"' in page
    assert 'name="choice-phone"' not in page  # only one profile has a phone: nothing to choose


def test_it_answers_htmx_with_the_panel_only(client, personas, twins):
    keep, drop = twins
    client.force_login(personas.manager)

    body = client.get(merge_url(keep, drop), headers=HTMX).content.decode()

    assert body.lstrip().startswith('<section id="merge-panel">')
    assert "<html" not in body


def test_without_a_pair_it_sends_people_to_the_duplicates_page(client, personas):
    client.force_login(personas.viewer)

    response = client.get(merge_url())

    assert response.status_code == 302
    assert response.url == reverse("contacts:duplicates", kwargs={"slug": "acme"})


def test_the_same_profile_twice_is_a_400(client, personas, twins):
    keep, _drop = twins
    client.force_login(personas.manager)

    response = client.get(merge_url(keep, keep))

    assert response.status_code == 400
    assert "nothing to merge" in response.content.decode()


def test_a_manager_merges_with_the_chosen_values(client, personas, twins):
    keep, drop = twins
    client.force_login(personas.manager)

    response = client.post(merge_url(), form(keep, drop, bio="drop", name="keep"))

    assert response.status_code == 302
    assert not Influencer.objects.filter(pk=drop.pk).exists()
    keep.refresh_from_db()
    assert keep.bio == "Baker & runner."
    assert keep.name == "Zoë Saldaña"
    assert keep.phone == "+34 600 123 456"
    assert keep.total_followers == 5000
    assert Interaction.objects.filter(influencer=keep, kind=InteractionKind.MERGE).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.INFLUENCERS_MERGED, actor=personas.manager
    ).exists()
    followed = client.get(response.url)
    assert "Zoe Saldana was merged into Zoë Saldaña." in followed.content.decode()


def test_an_htmx_merge_redirects_the_browser(client, personas, twins):
    keep, drop = twins
    client.force_login(personas.admin)

    response = client.post(merge_url(), form(keep, drop), headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"]
    assert not Influencer.objects.filter(pk=drop.pk).exists()


def test_a_refused_merge_shows_why_and_changes_nothing(client, personas, twins):
    keep, drop = twins
    client.force_login(personas.manager)

    response = client.post(merge_url(), form(keep, drop, bio="both"), headers=HTMX)

    assert response.status_code == 400
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="merge-panel">')
    assert "Choose the value of one of the two profiles." in body
    assert Influencer.objects.filter(pk=drop.pk).exists()


def test_a_member_may_compare_but_not_merge(client, personas, twins):
    keep, drop = twins
    client.force_login(personas.member)

    assert client.get(merge_url(keep, drop)).status_code == 200
    response = client.post(merge_url(), form(keep, drop))

    assert response.status_code == 403
    assert Influencer.objects.filter(pk=drop.pk).exists()


def test_an_outsider_gets_404(client, personas, twins):
    keep, drop = twins
    client.force_login(personas.outsider)

    assert client.get(merge_url(keep, drop)).status_code == 404
    assert client.get(merge_url(keep, drop, slug="globex")).status_code == 404
    response = client.post(merge_url(slug="globex"), form(keep, drop))

    assert response.status_code == 404
    assert Influencer.objects.filter(pk=drop.pk).exists()


def test_a_profile_of_another_workspace_is_a_404_even_for_a_manager(client, personas, twins):
    keep, _drop = twins
    stranger = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Zoe Saldana"
    )
    client.force_login(personas.manager)

    assert client.get(merge_url(keep, stranger)).status_code == 404
    assert client.post(merge_url(), form(keep, stranger)).status_code == 404
    assert client.get(merge_url() + f"?keep={keep.public_id}&drop=not-an-id").status_code == 404
    assert Influencer.objects.filter(pk=stranger.pk).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_its_query_count_does_not_grow_with_the_profiles_history(
    client, personas, twins, django_assert_num_queries, size
):
    keep, drop = twins
    for index in range(size):
        for person in twins:
            Interaction.objects.create(
                workspace=personas.workspace, influencer=person, kind="note",
                direction="internal", summary=f"Note {index}",
            )  # fmt: skip
    client.force_login(personas.manager)

    with django_assert_num_queries(count_for(personas)):
        response = client.get(merge_url(keep, drop))

    assert response.status_code == 200


def count_for(personas):
    from contacts.selectors.duplicates import _influencer_relations

    # session, user, membership, both profiles, then one count per related table
    return 5 + len(list(_influencer_relations()))
