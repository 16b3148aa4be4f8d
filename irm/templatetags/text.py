"""Text filters for templates: {{ influencer.name|sentence }} ends a sentence with one full
stop, however the name ends ("Ana R." stays "Ana R.", not "Ana R..")."""

from django import template

from irm.text import sentence as end_sentence

register = template.Library()


@register.filter(is_safe=True)
def sentence(value) -> str:
    return end_sentence(str(value))


@register.filter
def person(user, nobody: str = "—") -> str:
    """A member as pages name them: their name, else their address; `nobody` when there is no
    one (never set, or an account deleted since). `user.name|default:user.email` would fail on
    a missing user: a filter's argument is looked up strictly."""
    return user.get_full_name() if user is not None else nobody
