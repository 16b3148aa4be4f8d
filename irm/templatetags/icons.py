"""Icons for every page: Lucide's SVGs (static/vendor/lucide/, ISC licence), drawn inline so
they take the text's colour and size and need no emoji font (a server or phone without one
showed empty boxes).

    {% load icons %}
    {% icon "mail" %}                    decorative: hidden from screen readers, for an icon
                                         next to words that say the same (an envelope by "Email")
    {% icon "paperclip" label="Files" %} on its own: announced as "Files"

Only the icons a page uses are vendored; add the file from the lucide-static package to use
another."""

import functools
import re

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ICON_DIR = settings.BASE_DIR / "static" / "vendor" / "lucide"
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@functools.cache
def icon_shapes(name: str) -> SafeString:
    """The drawing inside the icon's <svg> element, read once per process. An unknown name is
    a mistake in a template, so it fails loudly instead of drawing nothing."""
    if not _NAME.match(name) or not (ICON_DIR / f"{name}.svg").is_file():
        raise ValueError(f"No icon “{name}” in static/vendor/lucide/.")
    text = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
    opening = text.index(">", text.index("<svg")) + 1
    # Vendored files we ship, not user input: safe to place as they are.
    return mark_safe(" ".join(text[opening : text.rindex("</svg>")].split()))


# Lucide's own drawing attributes, sized to the text around the icon.
_SVG = (
    '<svg class="icon icon-{name}" viewBox="0 0 24 24" width="1em" height="1em" fill="none" '
    'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
    'focusable="false" {access}>{title}{shapes}</svg>'
)


@register.simple_tag
def icon(name: str, label: str = "") -> SafeString:
    shapes = icon_shapes(name)
    if label:
        return format_html(
            _SVG,
            name=name,
            access=format_html('role="img" aria-label="{}"', label),
            title=format_html("<title>{}</title>", label),
            shapes=shapes,
        )
    return format_html(
        _SVG, name=name, access=mark_safe('aria-hidden="true"'), title="", shapes=shapes
    )
