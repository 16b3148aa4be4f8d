"""Sentences end with one full stop, whatever the part they end with (irm.text.sentence and
the `sentence` template filter)."""

import pytest
from django.template import Context, Template

from irm.text import sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Welcome to Acme", "Welcome to Acme."),
        ("Welcome to Acme Inc.", "Welcome to Acme Inc."),
        ("Asked by link.  ", "Asked by link."),
        ("Really?", "Really?"),
        ("Wait…", "Wait…"),
    ],
)
def test_a_sentence_ends_with_one_full_stop(text, expected):
    assert sentence(text) == expected


def test_the_template_filter_ends_a_sentence_with_a_name_and_escapes_it():
    template = Template("{% load text %}Shared by {{ name|sentence }}")

    assert template.render(Context({"name": "Ana R."})) == "Shared by Ana R."
    assert template.render(Context({"name": "<b>Acme</b>"})) == "Shared by &lt;b&gt;Acme&lt;/b&gt;."
