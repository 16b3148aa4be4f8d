import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.selectors.influencers import InfluencerFilters, influencers_filtered
from contacts.services.profiles import influencer_create
from irm.models import Workspace


def find(workspace, text):
    filters = InfluencerFilters(q=text)
    return [person.name for person in influencers_filtered(workspace=workspace, filters=filters)]


@pytest.fixture
def people(personas):
    workspace = personas.workspace
    for name, handle, email in [
        ("Zoë Saldaña", "zoe.cooks", "zoe@kitchen.example"),
        ("Ana Bakes", "ana.bakes", "hello@anabakes.example"),
        ("Łukasz Wójcik", "lukasz_runs", "lw@runs.example"),
    ]:
        influencer_create(
            workspace=workspace,
            actor=personas.member,
            name=name,
            emails=[email],
            accounts=[{"platform": "instagram", "handle": f"@{handle}", "followers": 1000}],
            topics=["Vegan baking"] if "Ana" in name else [],
        )
    return workspace


@pytest.mark.parametrize("typed", ["zoe", "Zoë", "ZOE SAL", "saldana", "saldaña", "zo"])
def test_an_accented_name_is_found_by_either_spelling_and_by_prefixes(people, typed):
    assert find(people, typed) == ["Zoë Saldaña"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ana.bakes", ["Ana Bakes"]),  # handle
        ("zoe.cooks", ["Zoë Saldaña"]),  # a dotted handle unlike the name
        ("lukasz_r", ["Łukasz Wójcik"]),  # a prefix of a handle with an underscore
        ("hello", ["Ana Bakes"]),  # email local part
        ("vegan", ["Ana Bakes"]),  # topic
        ("wojcik", ["Łukasz Wójcik"]),
    ],
)
def test_handles_email_local_parts_and_topics_are_searchable(people, typed, expected):
    assert find(people, typed) == expected


@pytest.mark.parametrize(
    "typed", ["'", "&", "|", "!", ":*", "()", "<->", "\\", "a & | b", "' OR 1=1 --", "x" * 5000, ""]
)
def test_no_input_makes_the_search_fail(people, typed):
    find(people, typed)  # must not raise


# The read-only `people` fixture is safely shared by all generated inputs.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=200))
def test_any_text_searches_without_error(people, typed):
    find(people, typed)


def test_search_stays_inside_the_workspace(people, personas):
    other = Workspace.objects.get(slug="globex")
    influencer_create(workspace=other, actor=personas.outsider, name="Zoë Other")

    assert find(people, "zoe") == ["Zoë Saldaña"]
