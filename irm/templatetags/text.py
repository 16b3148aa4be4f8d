"""Text filters for templates: {{ influencer.name|sentence }} ends a sentence with one full
stop, however the name ends ("Ana R." stays "Ana R.", not "Ana R..")."""

from django import template

from irm.text import sentence as end_sentence

register = template.Library()


@register.filter(is_safe=True)
def sentence(value) -> str:
    return end_sentence(str(value))
