"""The "How health is computed" page and the README's block, both read from the weights table
the computation uses."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from contacts.health.explain import README_END, README_START, markdown, readme_block
from contacts.health.reasons import reason_text
from contacts.health.weights import BAND_FLOORS, COMPONENTS, DORMANT_AFTER_DAYS
from contacts.models import HealthBand

pytestmark = pytest.mark.django_db


def how_url(slug: str = "acme") -> str:
    return reverse("contacts:health-how", kwargs={"slug": slug})


def page(client, user, slug: str = "acme"):
    client.force_login(user)
    return client.get(how_url(slug))


def test_it_lists_every_component_with_its_weight_question_and_rule(client, personas):
    response = page(client, personas.viewer)

    assert response.status_code == 200
    html = response.content.decode()
    for component in COMPONENTS:
        row = f'<tr id="component-{component.key}"><th scope="row">{component.label}</th>'
        assert f'{row}<td class="health-score">{component.weight}</td>' in html
        assert component.question in html
        assert component.rule in html
    assert f'<td class="health-score">{sum(c.weight for c in COMPONENTS)}</td>' in html


def test_it_shows_the_bands_with_their_floors_and_the_dormant_and_new_rules(client, personas):
    html = page(client, personas.member).content.decode()

    for band, floor in BAND_FLOORS:
        assert f"band-{band}" in html
        assert f"Score {floor} to " in html
    assert f"no two-way contact for {DORMANT_AFTER_DAYS} days" in html
    assert 'class="band band-new"' in html
    assert "Before the first two-way contact" in html


def test_it_explains_overrides_recomputing_and_every_reason_in_words(client, personas):
    html = page(client, personas.viewer).content.decode()

    assert "A manager may set the band by hand" in html
    assert "Every night for everyone" in html
    assert reason_text({"code": "unanswered", "count": 3}, "Ana") in html
    assert "No reply to your last 3 messages" in html
    assert "Payment 10 days late" in html
    assert "Two campaigns together this year" in html


def test_it_reads_in_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    client.force_login(personas.viewer)
    client.get(how_url())  # the session's first use

    # session, user, membership with its workspace
    with django_assert_num_queries(3):
        assert client.get(how_url()).status_code == 200


def test_it_is_another_workspace_s_page_for_an_outsider(client, personas):
    assert page(client, personas.outsider).status_code == 404


def test_it_sends_anonymous_people_to_sign_in(client, personas):
    response = client.get(how_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


def test_the_readme_holds_the_block_generated_from_the_weights():
    """A weight change without `manage.py health_docs --write` fails here."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")

    assert readme.count(README_START) == 1
    assert readme.count(README_END) == 1
    assert readme_block(readme) == markdown()


def test_the_block_names_every_weight_and_band():
    block = markdown()

    for component in COMPONENTS:
        assert f"| {component.label} | {component.weight} | {component.question} |" in block
        assert f"- **{component.label}**: {component.rule}" in block
    for band in HealthBand:
        assert f"- **{band.label}**:" in block
