"""Icons are vendored Lucide SVGs drawn inline by one tag ({% icon %}), so pages read the same
on a machine without an emoji font; no template draws an icon with an emoji."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from contacts.models import InteractionKind
from contacts.services import interaction_record
from contacts.views.timeline import KIND_ICONS
from irm.templatetags.icons import ICON_DIR
from tests.factories import InfluencerFactory

# Emoji blocks (pictographs, symbols and dingbats, arrows-and-shapes supplement) and the
# variation selector that asks for an emoji presentation.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")


def render(source: str, **context) -> str:
    return Template("{% load icons %}" + source).render(Context(context))


def test_a_decorative_icon_is_inline_svg_hidden_from_screen_readers():
    html = render('{% icon "mail" %}')

    assert html.startswith('<svg class="icon icon-mail" viewBox="0 0 24 24"')
    assert 'aria-hidden="true"' in html and 'stroke="currentColor"' in html
    assert "<path" in html and "<!--" not in html and "<title>" not in html


def test_an_icon_on_its_own_is_announced_by_its_label():
    # A label from data (a file's name, a person's) is escaped like any variable.
    html = render('{% icon "paperclip" label=label %}', label="Files <2>")

    assert 'role="img" aria-label="Files &lt;2&gt;"' in html
    assert "<title>Files &lt;2&gt;</title>" in html
    assert "aria-hidden" not in html


@pytest.mark.parametrize("name", ["no-such-icon", "../LICENSE", "Mail"])
def test_an_unknown_icon_fails_loudly(name):
    with pytest.raises(ValueError, match="No icon"):
        render(f'{{% icon "{name}" %}}')


def test_every_kind_of_timeline_entry_has_a_vendored_icon():
    assert set(KIND_ICONS) == set(InteractionKind)
    for name in [*KIND_ICONS.values(), "dot"]:
        assert (ICON_DIR / f"{name}.svg").is_file(), name
    assert (ICON_DIR / "LICENSE").is_file()


def test_no_template_draws_an_icon_with_an_emoji():
    found = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.*")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if EMOJI.search(line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")

    assert found == []


@pytest.mark.django_db
def test_the_timeline_draws_its_icons_as_svg(client, personas):
    influencer = InfluencerFactory(workspace=personas.workspace, name="Maya Brook")
    for kind in (InteractionKind.EMAIL, InteractionKind.CALL):
        interaction_record(
            influencer=influencer,
            kind=kind,
            direction="inbound",
            summary=f"A {kind.label.lower()}",
            author=personas.member,
            occurred_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
            now=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
        )
    client.force_login(personas.viewer)

    page = client.get(reverse("contacts:timeline", args=["acme", influencer.public_id]))

    html = page.content.decode()
    assert '<svg class="icon icon-mail"' in html and '<svg class="icon icon-phone"' in html
    assert not EMOJI.search(html)
