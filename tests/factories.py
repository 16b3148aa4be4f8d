import factory

from irm.models import User

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    name = factory.Faker("name")
    time_zone = "Europe/Paris"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])
