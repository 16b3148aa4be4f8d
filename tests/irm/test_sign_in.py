from django.urls import reverse

from tests.factories import TEST_PASSWORD


def sign_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("irm:login"), {"username": email, "password": password})


def test_it_signs_in_with_email_and_password(client, user):
    response = sign_in(client, "ada@example.test")

    assert response.status_code == 302
    assert response.url == reverse("irm:home")
    assert client.get(reverse("irm:account")).context["user"] == user


def test_it_signs_in_whatever_the_case_of_the_email(client, user):
    response = sign_in(client, "  ADA@Example.TEST ")

    assert response.status_code == 302
    assert client.get(reverse("irm:account")).context["user"] == user


def test_it_refuses_a_wrong_password_with_a_clear_message(client, user):
    response = sign_in(client, "ada@example.test", "not-the-password")

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    # The email typed is kept, so the person only retypes the password.
    assert 'value="ada@example.test"' in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_it_refuses_an_inactive_account(client, user):
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = sign_in(client, "ada@example.test")

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_it_signs_out_with_a_post(signed_in_client):
    response = signed_in_client.post(reverse("irm:logout"))

    assert response.status_code == 302
    assert response.url == reverse("irm:login")
    home = signed_in_client.get(reverse("irm:home"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("irm:login"))


def test_it_sends_anonymous_people_to_sign_in_and_back(client, user):
    response = client.get(reverse("irm:account"))
    assert response.status_code == 302
    assert response.url == f"{reverse('irm:login')}?next={reverse('irm:account')}"

    response = client.post(
        response.url,
        {"username": "ada@example.test", "password": TEST_PASSWORD, "next": "/account/"},
    )
    assert response.url == reverse("irm:account")


def test_the_sign_in_page_labels_its_inputs(client, db):
    page = client.get(reverse("irm:login")).content.decode()

    assert '<label for="id_username">Email</label>' in page
    assert '<label for="id_password">Password</label>' in page
