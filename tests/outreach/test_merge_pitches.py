from contacts.services import influencer_create
from contacts.services.merge import influencer_merge
from outreach.models import Pitch
from outreach.services.drafts import pitch_create


def test_merging_two_influencers_moves_their_pitches(ana, personas):
    twin = influencer_create(workspace=personas.workspace, actor=personas.member, name="Ana R.")
    pitch = pitch_create(influencer=twin, author=personas.member, channel="email", body="Hi Ana")

    influencer_merge(keep=ana, drop=twin, field_choices={}, actor=personas.manager)

    assert Pitch.objects.get(pk=pitch.pk).influencer == ana
