"""Every security header a response carries, read with the production settings (HSTS, nosniff,
Referrer-Policy, framing, CSP, COOP, no-store for signed-in pages, secure cookies), and the
Content Security Policy and no-store rules in every environment."""

import importlib
import re
import secrets
import sys

import pytest
from django.urls import reverse

from irm.services import api_token_create
from tests.factories import TEST_PASSWORD

HOST = "rapport.example.com"
HTTPS = {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}
# Production settings that need a server this suite does not have (collected static files) or
# decide where mail goes; everything else production sets is applied as it is.
KEPT_FROM_TESTS = {"STORAGES", "EMAIL_BACKEND", "DATABASES", "CACHES", "REDIS_URL"}


@pytest.fixture
def production(settings, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(64))
    monkeypatch.setenv("ALLOWED_HOSTS", HOST)
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD"):
        monkeypatch.delenv(name, raising=False)
    base = vars(importlib.import_module("irm.settings.base"))
    # Read again with this environment, whether or not an earlier test imported it.
    loaded = sys.modules.get("irm.settings.production")
    module = (
        importlib.reload(loaded) if loaded else importlib.import_module("irm.settings.production")
    )
    production = vars(module)
    changed = {
        name: value
        for name, value in production.items()
        if name.isupper() and name not in KEPT_FROM_TESTS and base.get(name) != value
    }
    assert {"SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "X_FRAME_OPTIONS"} <= set(changed)
    for name, value in changed.items():
        setattr(settings, name, value)
    return settings


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response) -> None:
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_the_sign_in_page_and_its_cookies_in_production(client, user, production):
    page = client.get(reverse("irm:login"), **HTTPS)

    assert page.status_code == 200
    assert_security_headers(page)
    assert "no-store" in page["Cache-Control"]
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"

    signed_in = client.post(
        reverse("irm:login"), {"username": user.email, "password": TEST_PASSWORD}, **HTTPS
    )

    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_a_signed_in_page_in_production(client, personas, production):
    client.force_login(personas.member)

    page = client.get(reverse("contacts:home", kwargs={"slug": "acme"}), **HTTPS)

    assert page.status_code == 200
    assert_security_headers(page)
    assert set(page["Cache-Control"].replace(" ", "").split(",")) >= {"no-store", "private"}


def test_plain_http_is_sent_to_https_in_production(client, db, production):
    response = client.get(reverse("irm:login"), HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="http")

    assert response.status_code == 301
    assert response.url == f"https://{HOST}{reverse('irm:login')}"


def test_the_api_answers_with_the_headers_too_in_production(client, db, production):
    response = client.get(reverse("api:me", kwargs={"slug": "acme"}), **HTTPS)

    assert response.status_code == 401
    assert_security_headers(response)


def test_the_api_docs_style_runs_under_its_own_nonce(client, db):
    first, second = client.get(reverse("api:docs")), client.get(reverse("api:docs"))

    nonce = re.search(r'<style nonce="([^"]+)">', first.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy(first)["style-src"]
    assert f"'nonce-{nonce}'" not in second["Content-Security-Policy"]
    # Swagger UI's own script comes from the split view's address, not inline.
    assert re.search(r'<script src="[^"]*/api/docs/\?script=?"', first.content.decode())
    script = client.get(reverse("api:docs") + "?script")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.parametrize(
    "name", ["contacts:home", "irm:tokens", "outreach:calendar-feed", "irm:members"]
)
def test_pages_for_a_signed_in_person_are_never_stored(client, personas, name):
    client.force_login(personas.viewer)

    response = client.get(reverse(name, kwargs={"slug": "acme"}))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_new_api_token_is_shown_on_a_page_never_stored(client, personas, htmx):
    client.force_login(personas.member)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = client.post(
        reverse("irm:tokens", kwargs={"slug": "acme"}),
        {"name": "Script"},
        follow=not htmx,
        **headers,
    )

    assert response.status_code == 200
    assert 'id="new-token"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_new_calendar_link_is_shown_on_a_page_never_stored(client, personas, htmx):
    client.force_login(personas.viewer)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = reverse("outreach:calendar-feed", kwargs={"slug": "acme"})

    response = client.post(url, {"action": "create"}, follow=not htmx, **headers)

    assert response.status_code == 200
    assert 'id="new-feed-url"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_secret_pages_of_another_workspace_are_404(client, personas):
    client.force_login(personas.outsider)

    for name in ("irm:tokens", "outreach:calendar-feed"):
        assert client.get(reverse(name, kwargs={"slug": "acme"})).status_code == 404


def test_static_files_keep_their_own_caching(client, personas):
    client.force_login(personas.member)

    response = client.get("/static/js/app.js")
    response.close()

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_pages_carry_no_inline_script_or_handler(client, personas):
    client.force_login(personas.admin)
    pages = [
        reverse("contacts:influencer-list", kwargs={"slug": "acme"}),
        reverse("irm:tokens", kwargs={"slug": "acme"}),
        reverse("outreach:calendar-feed", kwargs={"slug": "acme"}),
        reverse("contacts:home", kwargs={"slug": "acme"}),
        reverse("api:docs"),
    ]

    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", html), url


def test_the_periodic_task_admin_script_runs_under_the_nonce(client, user):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    every = IntervalSchedule.objects.create(every=30, period=IntervalSchedule.SECONDS)
    task = PeriodicTask.objects.create(name="heartbeat", task="irm.tasks.heartbeat", interval=every)
    client.force_login(user)

    response = client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))

    html = response.content.decode()
    nonce = re.search(r'<script id="periodic-task-overrides" nonce="([^"]+)">', html).group(1)
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]
    assert not re.search(r"<script(?![^>]*\b(src|nonce)=)(?![^>]*application/json)[^>]*>", html)


def test_api_answers_to_a_token_are_never_stored(client, personas):
    _, plain = api_token_create(membership=personas.membership(personas.member), name="CI")

    response = client.get(
        reverse("api:me", kwargs={"slug": "acme"}), HTTP_AUTHORIZATION=f"Bearer {plain}"
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_anonymous_public_answers_are_left_alone(client, db):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
