import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contacts import normalize


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("@Ana.Bakes", "ana.bakes"),
        ("ana.bakes", "ana.bakes"),
        ("instagram.com/ana.bakes/", "ana.bakes"),
        ("https://www.instagram.com/Ana.Bakes/?hl=fr", "ana.bakes"),
        ("https://www.tiktok.com/@ana.bakes?lang=fr", "ana.bakes"),
        ("https://www.youtube.com/c/AnaBakes", "anabakes"),
        ("https://www.youtube.com/@AnaBakes/videos", "anabakes"),
        ("https://www.linkedin.com/in/ana-bakes/", "ana-bakes"),
        ("  @ana_bakes  ", "ana_bakes"),
    ],
)
def test_it_normalizes_handles_from_every_form_people_paste(typed, expected):
    assert normalize.handle(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.2M", 1_200_000),
        ("98,7K", 98_700),
        ("85 300", 85_300),
        ("85\u00a0300", 85_300),
        ("1,200,000", 1_200_000),
        ("1.200.000", 1_200_000),
        ("12k", 12_000),
        ("3B", 3_000_000_000),
        ("950", 950),
        ("0", 0),
    ],
)
def test_it_reads_counts_as_people_write_them(typed, expected):
    assert normalize.count(typed) == expected


@pytest.mark.parametrize(
    "typed", ["-5", "lots", "", "1.2.3M", "--", "1e999999", "NaN", "Infinity", "9" * 40]
)
def test_it_refuses_negative_or_unreadable_counts(typed):
    with pytest.raises(ValueError):
        normalize.count(typed)


@given(st.text(max_size=40))
def test_count_either_reads_a_number_or_raises_value_error(text):
    with contextlib.suppress(ValueError):
        assert normalize.count(text) >= 0


def test_unaccent_folds_accents_and_keeps_letters():
    assert normalize.unaccent("Zoë Saldaña, Ångström, Łódź") == "Zoe Saldana, Angstrom, Łodz"
