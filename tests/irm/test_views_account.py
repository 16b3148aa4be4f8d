from django.urls import reverse

URL = reverse("irm:account")


def test_it_shows_the_whole_page(signed_in_client):
    response = signed_in_client.get(URL)

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert 'id="account-form"' in response.content.decode()


def test_it_saves_and_redirects_without_htmx(signed_in_client, user):
    response = signed_in_client.post(
        URL, {"name": "Ada L.", "time_zone": "Asia/Tokyo", "daily_digest": "on"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.time_zone, user.daily_digest, user.email_notifications) == (
        "Ada L.",
        "Asia/Tokyo",
        True,
        False,
    )


def test_it_answers_htmx_with_the_form_partial_only(signed_in_client, user):
    response = signed_in_client.post(
        URL, {"name": "Ada", "time_zone": "America/Lima"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<form method="post" id="account-form"')
    assert "Your settings are saved" in body
    user.refresh_from_db()
    assert user.time_zone == "America/Lima"


def test_it_keeps_the_input_and_explains_a_bad_time_zone(signed_in_client, user):
    response = signed_in_client.post(
        URL,
        {"name": "Ada Renamed", "time_zone": "Nowhere/Atlantis"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in body
    assert 'value="Ada Renamed"' in body
    user.refresh_from_db()
    assert user.name == "Ada Lovelace"


def test_it_needs_a_signed_in_person(client, db):
    assert client.post(URL, {"name": "x", "time_zone": "UTC"}).status_code == 302
