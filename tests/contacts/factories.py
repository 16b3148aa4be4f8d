import factory

from contacts.models import Influencer
from contacts.normalize import sort_key


class InfluencerFactory(factory.django.DjangoModelFactory):
    """A bare profile row; tests that need emails, accounts or the search document use
    contacts.services.influencer_create instead."""

    class Meta:
        model = Influencer

    name = factory.Faker("name")
    # What contacts.services keep from the name.
    sort_name = factory.LazyAttribute(lambda person: sort_key(person.name))
    time_zone = "Europe/Paris"
    country = "FR"
