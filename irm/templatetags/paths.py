"""{% path 'contacts:influencer-list' slug %}: the address {% url %} gives, reversed once per
process for the same route and arguments. Every page's navigation reverses about twenty
routes, and the profile as many again (each form's address twice, for its action and its
hx-post); an address depends only on the URLconf, the script prefix, the route and its
arguments, so a kept one is never another request's or another workspace's."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

# Enough for every route of a few hundred workspaces and profiles; the oldest go first.
KEPT_ADDRESSES = 4096


@register.simple_tag
def path(name: str, *args) -> str:
    """{% url %}'s address (without `as`: a route that does not exist fails the page)."""
    return _reversed(get_urlconf(), get_script_prefix(), name, tuple(str(arg) for arg in args))


@lru_cache(maxsize=KEPT_ADDRESSES)
def _reversed(urlconf, script_prefix: str, name: str, args: tuple[str, ...]) -> str:
    # reverse() reads the script prefix itself; it is part of the key so that a process
    # serving under two prefixes keeps each one's address apart.
    return reverse(name, urlconf=urlconf, args=args)
