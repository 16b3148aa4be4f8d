"""The workspace's privacy settings: the purpose the privacy notice quotes and how long bodies
are kept. Admins change them; everyone in the workspace reads them."""

import pytest
from django.urls import reverse

from irm.models import DEFAULT_PRIVACY_PURPOSE

HTMX = {"HX-Request": "true"}
URL = reverse("irm:privacy", kwargs={"slug": "acme"})
PURPOSE = "To invite creators to our clients' campaigns and pay them."


@pytest.mark.parametrize("htmx", [False, True])
def test_an_admin_sets_the_purpose_and_the_retention(client, personas, htmx):
    client.force_login(personas.admin)

    response = client.post(
        URL, {"privacy_purpose": PURPOSE, "retention_months": "18"}, headers=HTMX if htmx else {}
    )

    if htmx:
        assert response.status_code == 200
        assert "Privacy settings saved." in response.content.decode()
        assert "<html" not in response.content.decode()
    else:
        assert response.status_code == 302 and response.url == URL
    personas.workspace.refresh_from_db()
    assert personas.workspace.privacy_purpose == PURPOSE
    assert personas.workspace.retention_months == 18


def test_an_empty_retention_keeps_bodies_forever(client, personas):
    personas.workspace.retention_months = 6
    personas.workspace.save()
    client.force_login(personas.admin)

    client.post(URL, {"privacy_purpose": PURPOSE, "retention_months": ""})

    personas.workspace.refresh_from_db()
    assert personas.workspace.retention_months is None


def test_a_wrong_value_comes_back_in_place_with_its_reason(client, personas):
    client.force_login(personas.admin)

    for data, message in [
        ({"privacy_purpose": PURPOSE, "retention_months": "0"}, "Keep bodies for 1 to 600 months"),
        ({"privacy_purpose": PURPOSE, "retention_months": "601"}, "Keep bodies for 1 to 600"),
        ({"privacy_purpose": "   ", "retention_months": "6"}, "This field is required."),
    ]:
        response = client.post(URL, data, headers=HTMX)
        assert response.status_code == 400
        assert message in response.content.decode()
        # What was typed stays in its field.
        assert f'value="{data["retention_months"]}"' in response.content.decode()

    personas.workspace.refresh_from_db()
    assert personas.workspace.retention_months is None
    assert personas.workspace.privacy_purpose == DEFAULT_PRIVACY_PURPOSE


def test_a_viewer_reads_them_but_may_not_change_them(client, personas):
    client.force_login(personas.viewer)

    page = client.get(URL)
    response = client.post(URL, {"privacy_purpose": PURPOSE, "retention_months": "1"})

    assert page.status_code == 200
    assert "without a time limit" in page.content.decode()
    assert "Save privacy settings" not in page.content.decode()
    assert response.status_code == 403
    personas.workspace.refresh_from_db()
    assert personas.workspace.retention_months is None


def test_an_outsider_gets_404(client, personas):
    client.force_login(personas.outsider)

    assert client.get(URL).status_code == 404
    assert client.post(URL, {"privacy_purpose": PURPOSE}).status_code == 404
