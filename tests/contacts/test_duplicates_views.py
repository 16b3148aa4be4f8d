import pytest
from django.urls import reverse

from contacts.services.profiles import influencer_create

HTMX = {"HX-Request": "true"}


def duplicates_url(slug="acme"):
    return reverse("contacts:duplicates", kwargs={"slug": slug})


@pytest.fixture
def twins(personas):
    def make(name, **extra):
        return influencer_create(
            workspace=personas.workspace, actor=personas.admin, name=name, **extra
        )

    first = make("Zoë Saldaña", accounts=[{"platform": "instagram", "handle": "zoe.makes"}])
    second = make("Zoe Saldana", emails=["zoe@mail.test"])
    return first, second


def test_a_viewer_reads_the_pairs_and_their_reasons(client, personas, twins):
    first, second = twins
    client.force_login(personas.viewer)

    response = client.get(duplicates_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Zoë Saldaña" in page and "Zoe Saldana" in page
    assert "Same name once accents and capital letters are set aside." in page
    assert "@zoe.makes" in page and "zoe@mail.test" in page
    assert f"?keep={first.public_id}&amp;drop={second.public_id}" in page
    assert "Compare and merge" not in page  # viewers compare; managers merge
    assert "A manager or an admin can merge them." in page


def test_a_manager_is_offered_to_compare_and_merge(client, personas, twins):
    client.force_login(personas.manager)

    page = client.get(duplicates_url()).content.decode()

    assert "Compare and merge" in page


def test_it_answers_htmx_with_the_pairs_only(client, personas, twins):
    client.force_login(personas.viewer)

    body = client.get(duplicates_url(), headers=HTMX).content.decode()

    assert body.lstrip().startswith('<section id="duplicate-pairs"')
    assert "<html" not in body
    assert "Zoe Saldana" in body


def test_it_says_so_when_there_are_no_duplicates(client, personas):
    client.force_login(personas.viewer)

    page = client.get(duplicates_url()).content.decode()

    assert "No likely duplicates" in page


def test_names_are_escaped(client, personas):
    for _ in range(2):
        influencer_create(
            workspace=personas.workspace, actor=personas.admin, name="<b>Bold</b> Ana"
        )
    client.force_login(personas.viewer)

    page = client.get(duplicates_url()).content.decode()

    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; Ana" in page


def test_an_outsider_gets_404_and_an_anonymous_visitor_is_sent_to_sign_in(client, personas, twins):
    assert client.get(duplicates_url()).status_code == 302
    client.force_login(personas.outsider)

    response = client.get(duplicates_url())

    assert response.status_code == 404
    assert "Zoe" not in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_its_query_count_does_not_grow_with_pairs(
    client, personas, django_assert_num_queries, size
):
    for index in range(size):
        for side, name in enumerate((f"Pat Doe {index}", f"pat doe {index}")):
            influencer_create(
                workspace=personas.workspace,
                actor=personas.admin,
                name=name,
                emails=[f"pat{index}.{side}@mail.test"],
                accounts=[{"platform": "instagram", "handle": f"pat{index}.{side}"}],
            )
    client.force_login(personas.manager)

    # session, user, membership, (savepoint, no JIT) pairs (release), profiles, their
    # accounts, their emails
    with django_assert_num_queries(10):
        response = client.get(duplicates_url())

    assert response.status_code == 200
    assert response.content.decode().count("Compare and merge<") == size
