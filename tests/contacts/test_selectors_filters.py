from contacts.selectors.influencers import InfluencerFilters, influencers_filtered
from tests.contacts.factories import InfluencerFactory


def test_a_malformed_id_in_a_shared_url_matches_nothing(personas):
    InfluencerFactory(workspace=personas.workspace, name="No topics at all")

    for field in ("topic", "owner", "team", "list"):
        filters = InfluencerFilters(**{field: "not-a-uuid"})
        assert not influencers_filtered(workspace=personas.workspace, filters=filters).exists()


def test_owner_none_finds_the_unowned(personas):
    InfluencerFactory(workspace=personas.workspace, name="Unowned")
    InfluencerFactory(workspace=personas.workspace, name="Owned", owner=personas.member)

    rows = influencers_filtered(
        workspace=personas.workspace, filters=InfluencerFilters(owner="none")
    )

    assert [row.name for row in rows] == ["Unowned"]
