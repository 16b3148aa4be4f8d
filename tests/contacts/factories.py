import factory

from contacts.models import Influencer


class InfluencerFactory(factory.django.DjangoModelFactory):
    """A bare profile row; tests that need emails, accounts or the search document use
    contacts.services.influencer_create instead."""

    class Meta:
        model = Influencer

    name = factory.Faker("name")
    time_zone = "Europe/Paris"
    country = "FR"
