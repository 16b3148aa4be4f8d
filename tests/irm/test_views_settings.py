from django.urls import reverse

URL = "/w/acme/settings/"  # the address the README gives, written out on purpose


def test_it_opens_the_settings_on_the_members_tab(client, personas):
    client.force_login(personas.viewer)

    response = client.get(URL, follow=True)

    assert response.redirect_chain == [(reverse("irm:members", kwargs={"slug": "acme"}), 302)]
    assert "<h1>Settings</h1>" in response.content.decode()


def test_it_is_the_named_settings_address(personas):
    assert reverse("irm:settings", kwargs={"slug": "acme"}) == URL


def test_an_outsider_gets_a_404(client, personas):
    client.force_login(personas.outsider)

    assert client.get(URL).status_code == 404


def test_it_writes_nothing(client, personas):
    client.force_login(personas.admin)

    assert client.post(URL).status_code == 405


def test_a_stranger_is_asked_to_sign_in(client, personas):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("irm:login"))
