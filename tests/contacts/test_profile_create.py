import pytest
from django.urls import reverse

from contacts.models import Influencer
from contacts.services.profiles import influencer_create
from irm.models import Team

HTMX = {"HX-Request": "true"}
CREATE = reverse("contacts:influencer-create", args=["acme"])
CHECK = reverse("contacts:influencer-check", args=["acme"])


def form_data(**values):
    data = {
        "name": "Léa Fournier",
        "email": "lea@example.test",
        "platform": "instagram",
        "handle": "@Lea.Runs",
        "followers": "1.2M",
        "topics": "trail running, nutrition",
        "stage": "aware",
        "owner": "",
        "team": "",
        "time_zone": "Europe/Paris",
        "country": "fr",
        "languages": "fr, en",
    }
    data.update(values)
    return data


@pytest.fixture
def existing(personas):
    return influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Léa Fournier-Martin",
        emails=["Lea@Example.test"],
        accounts=[{"platform": "instagram", "handle": "lea.runs", "followers": 900}],
    )


def test_the_create_page_defaults_the_owner_to_me_and_checks_as_you_type(client, personas):
    client.force_login(personas.member)

    response = client.get(CREATE)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'hx-post="{CHECK}"' in page
    assert 'hx-trigger="input changed delay:400ms"' in page
    assert f'<option value="{personas.member.public_id}" selected>' in page
    assert '<option value="Europe/Paris" selected>' in page  # the workspace's time zone
    for label in ("Name", "Email", "Platform", "Handle", "Followers", "Topics", "Time zone"):
        assert f">{label}</label>" in page


def test_it_adds_an_influencer_and_lands_on_the_profile(client, personas):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    team.members.add(personas.membership(personas.member))  # a member's own team
    client.force_login(personas.member)

    response = client.post(
        CREATE, form_data(owner=str(personas.member.public_id), team=str(team.public_id))
    )

    influencer = Influencer.objects.get(name="Léa Fournier")
    assert response.status_code == 302
    assert response.url == reverse(
        "contacts:influencer-detail", args=["acme", influencer.public_id]
    )
    assert influencer.owner == personas.member and influencer.team == team
    assert (influencer.stage, influencer.country, influencer.languages) == (
        "aware",
        "FR",
        ["en", "fr"],
    )
    assert influencer.created_by == personas.member
    assert influencer.emails.get().email == "lea@example.test"
    account = influencer.social_accounts.get()
    assert (account.platform, account.handle, account.followers) == (
        "instagram",
        "lea.runs",
        1_200_000,
    )
    assert sorted(influencer.topics.values_list("name", flat=True)) == [
        "nutrition",
        "trail running",
    ]
    assert "Léa Fournier added." in client.get(response.url).content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_a_member_may_not_give_them_to_someone_else_or_another_team(client, personas, htmx):
    mine = Team.objects.create(workspace=personas.workspace, name="PR")
    mine.members.add(personas.membership(personas.member))
    other = Team.objects.create(workspace=personas.workspace, name="Digital marketing")
    client.force_login(personas.member)
    headers = HTMX if htmx else {}

    page = client.get(CREATE).content.decode()
    someone_else = client.post(
        CREATE, form_data(owner=str(personas.admin.public_id)), headers=headers
    )
    other_team = client.post(CREATE, form_data(team=str(other.public_id)), headers=headers)

    assert str(personas.admin.public_id) not in page and str(other.public_id) not in page
    assert str(mine.public_id) in page
    assert someone_else.status_code == 400 and other_team.status_code == 400
    assert "Select a valid choice" in someone_else.content.decode()
    assert not Influencer.objects.exists()


def test_a_manager_gives_them_to_anyone(client, personas):
    other = Team.objects.create(workspace=personas.workspace, name="Digital marketing")
    client.force_login(personas.manager)

    response = client.post(
        CREATE, form_data(owner=str(personas.admin.public_id), team=str(other.public_id))
    )

    assert response.status_code == 302
    influencer = Influencer.objects.get()
    assert (influencer.owner, influencer.team) == (personas.admin, other)


def test_only_a_name_is_needed(client, personas):
    client.force_login(personas.member)

    response = client.post(
        CREATE, form_data(email="", platform="", handle="", followers="", topics="")
    )

    assert response.status_code == 302
    influencer = Influencer.objects.get(name="Léa Fournier")
    assert not influencer.emails.exists() and not influencer.social_accounts.exists()


def test_an_htmx_post_gets_a_client_redirect(client, personas):
    client.force_login(personas.member)

    response = client.post(CREATE, form_data(), headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/w/acme/influencers/")


def test_the_same_email_is_an_error_with_a_link_to_them(client, personas, existing):
    client.force_login(personas.member)

    response = client.post(CREATE, form_data(email="LEA@example.TEST", handle="other.handle"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "This address belongs to Léa Fournier-Martin already." in page
    assert reverse("contacts:influencer-detail", args=["acme", existing.public_id]) in page
    assert 'value="LEA@example.TEST"' in page  # what was typed stays
    assert Influencer.objects.count() == 1


def test_the_same_handle_on_the_same_platform_is_an_error(client, personas, existing):
    client.force_login(personas.member)

    response = client.post(CREATE, form_data(email="", handle="https://instagram.com/LEA.RUNS/"))

    assert response.status_code == 400
    assert "This handle belongs to Léa Fournier-Martin already." in response.content.decode()
    assert Influencer.objects.count() == 1


def test_the_same_handle_on_another_platform_is_fine(client, personas, existing):
    client.force_login(personas.member)

    response = client.post(CREATE, form_data(email="", platform="tiktok", name="Lea Tok"))

    assert response.status_code == 302


def test_a_similar_name_only_warns(client, personas):
    same = influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Lea FOURNIER"
    )
    client.force_login(personas.member)

    check = client.post(CHECK, {"name": "Léa Fournier"}, headers=HTMX)

    assert check.status_code == 200
    assert "A similar name" in check.content.decode()
    assert (
        reverse("contacts:influencer-detail", args=["acme", same.public_id])
        in check.content.decode()
    )
    assert client.post(CREATE, form_data()).status_code == 302
    assert Influencer.objects.count() == 2


def test_name_words_match_as_prefixes(client, personas):
    influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Maximilian Oberhofer"
    )
    influencer_create(workspace=personas.workspace, actor=personas.admin, name="Max Power")
    client.force_login(personas.member)

    page = client.post(CHECK, {"name": "max ober"}, headers=HTMX).content.decode()

    assert "Maximilian Oberhofer" in page
    assert "Max Power" not in page


def test_the_check_warns_about_an_existing_email_while_typing(client, personas, existing):
    client.force_login(personas.member)

    response = client.post(CHECK, {"email": "lea@example.test"}, headers=HTMX)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<div id="influencer-checks"' in page
    assert "has this email address" in page
    # The field's own message comes out of band, next to the field.
    assert 'id="check-email" class="field-check" hx-swap-oob="true"' in page
    assert "This address belongs to Léa Fournier-Martin already." in page
    assert "<html" not in page


def test_the_check_ignores_fields_not_filled_in_yet(client, personas):
    client.force_login(personas.member)

    page = client.post(CHECK, {"followers": "heaps"}, headers=HTMX).content.decode()

    assert "Write the number of followers" in page
    assert "This field is required" not in page  # the name is still empty: not a problem yet
    assert "Already in Rapport?" not in page


def test_an_empty_form_says_what_is_missing(client, personas):
    client.force_login(personas.member)

    response = client.post(CREATE, {}, headers=HTMX)

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_an_owner_from_another_workspace_is_refused(client, personas):
    client.force_login(personas.member)

    response = client.post(CREATE, form_data(owner=str(personas.outsider.public_id)))

    assert response.status_code == 400
    assert not Influencer.objects.exists()


def test_a_handle_without_a_platform_is_refused(client, personas):
    client.force_login(personas.member)

    response = client.post(CREATE, form_data(platform=""))

    assert response.status_code == 400
    assert "Choose the platform of this handle." in response.content.decode()


@pytest.mark.parametrize("url", [CREATE, CHECK])
def test_a_viewer_may_not_add_anyone(client, personas, url):
    client.force_login(personas.viewer)

    assert client.post(url, form_data()).status_code == 403
    assert not Influencer.objects.exists()


def test_a_viewer_does_not_get_the_create_page(client, personas):
    client.force_login(personas.viewer)

    assert client.get(CREATE).status_code == 403
    assert client.get(CREATE, headers=HTMX).status_code == 403


def test_an_outsider_gets_404(client, personas, existing):
    client.force_login(personas.outsider)

    assert client.get(CREATE).status_code == 404
    assert client.post(CHECK, {"email": "lea@example.test"}, headers=HTMX).status_code == 404


def test_duplicates_are_only_looked_for_in_this_workspace(client, personas):
    influencer_create(
        workspace=personas.other_workspace,
        actor=personas.outsider,
        name="Léa Fournier",
        emails=["lea@example.test"],
    )
    client.force_login(personas.member)

    page = client.post(CHECK, form_data(), headers=HTMX).content.decode()

    assert "Already in Rapport?" not in page
    assert client.post(CREATE, form_data()).status_code == 302
