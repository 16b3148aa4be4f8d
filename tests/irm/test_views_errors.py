"""The 403 and 404 pages: inside the layout, with the workspace's navigation for someone in it,
saying what happened, what the role may do and a way back; the same page for htmx requests (htmx
swaps its main into the current page). The API keeps answering JSON."""

import pytest
from django.urls import reverse

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/w/acme/settings/teams/"}
TEAMS = reverse("irm:teams", kwargs={"slug": "acme"})
NAV = 'aria-label="Main"'


def _page(response) -> str:
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "{#" not in page and "{%" not in page  # no template comment or tag shows as text
    return page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_refused_action_answers_403_inside_the_layout_with_what_the_role_may_do(
    client, personas, headers
):
    client.force_login(personas.viewer)

    response = client.post(TEAMS, {"name": "Ops"}, headers=headers)

    assert response.status_code == 403
    page = _page(response)
    assert NAV in page and 'id="main"' in page
    assert reverse("contacts:influencer-list", args=["acme"]) in page  # the workspace's nav
    assert "You may not do this" in page
    assert "Your role (Viewer) may not do this." in page
    assert "With the viewer role in Acme PR you may read everything in the workspace" in page
    assert 'href="/w/acme/"' in page


def test_a_refused_htmx_action_leads_back_to_the_page_it_came_from(client, personas):
    client.force_login(personas.viewer)

    page = _page(client.post(TEAMS, {"name": "Ops"}, headers=HTMX))

    assert 'href="/w/acme/settings/teams/" role="button">Go back' in page


def test_a_refusal_by_the_view_itself_shows_its_own_reason(client, personas):
    from contacts.services import influencer_create, interaction_record

    ada = influencer_create(workspace=personas.workspace, actor=personas.admin, name="Ada Stone")
    entry = interaction_record(
        influencer=ada, kind="note", direction="internal", summary="Met at a fair",
        author=personas.admin,
    )  # fmt: skip
    client.force_login(personas.member)
    url = reverse("contacts:interaction-edit", args=["acme", entry.public_id])

    response = client.get(url)

    assert response.status_code == 403
    page = _page(response)
    assert "Only the author can change this entry." in page
    assert "With the member role in Acme PR you may" in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_missing_page_in_the_workspace_answers_404_with_its_navigation(client, personas, headers):
    client.force_login(personas.member)
    gone = reverse("irm:team-edit", args=["acme", "00000000-0000-4000-8000-000000000000"])

    for url in (gone, "/w/acme/no-such-page/"):
        response = client.get(url, headers=headers)

        assert response.status_code == 404
        page = _page(response)
        assert NAV in page
        assert reverse("contacts:influencer-list", args=["acme"]) in page
        assert "Page not found" in page and "in Acme PR" in page
        assert "Go back" in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_missing_object_gets_the_404_page_with_debug_on_too(client, personas, settings, headers):
    settings.DEBUG = True
    client.force_login(personas.admin)
    gone = reverse("irm:team-delete", args=["acme", "00000000-0000-4000-8000-000000000000"])

    response = client.post(gone, headers=headers)

    assert response.status_code == 404
    page = _page(response)
    assert 'id="main"' in page and "Page not found" in page and NAV in page


def test_an_outsider_gets_the_404_page_without_the_workspace_in_it(client, personas):
    client.force_login(personas.outsider)

    response = client.get(TEAMS)

    assert response.status_code == 404
    page = _page(response)
    assert "Page not found" in page
    assert "Acme" not in page and "/w/acme/" not in page
    assert NAV in page and reverse("irm:workspaces") in page


def test_the_viewer_refused_a_write_changes_nothing(client, personas):
    from irm.models import Team

    client.force_login(personas.viewer)

    client.post(TEAMS, {"name": "Ops"}, headers=HTMX)

    assert not Team.objects.exists()


def test_the_api_keeps_its_json_errors(client, personas):
    client.force_login(personas.viewer)

    missing = client.get("/api/v1/w/acme/no-such-endpoint/")

    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}


def test_a_missing_record_is_named_in_words_not_the_queryset_s(client, personas):
    client.force_login(personas.member)
    gone = reverse(
        "contacts:influencer-detail", args=["acme", "00000000-0000-4000-8000-000000000000"]
    )

    page = _page(client.get(gone))

    assert "No such influencer." in page
    assert "matches the given query" not in page


@pytest.mark.parametrize("referer", ["", "http://evil.example/page"], ids=["none", "elsewhere"])
def test_a_request_for_a_host_not_served_answers_400_not_500(client, settings, referer):
    settings.ALLOWED_HOSTS = ["rapport.example"]
    client.raise_request_exception = False

    response = client.get("/", HTTP_HOST="evil.example", HTTP_REFERER=referer)

    assert response.status_code == 400
    # The way back is the site's home, not the referring page.
    assert '<a href="/" role="button">Go back</a>' in _page(response)
