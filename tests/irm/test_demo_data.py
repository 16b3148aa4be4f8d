from django.core.management import call_command
from django.urls import reverse

from irm.models import Membership, Team, User


def test_it_creates_the_demo_users_once_and_keeps_their_login_working(client, db):
    call_command("demo_data")
    User.objects.filter(email="member@demo.test").update(name="Changed")
    call_command("demo_data")

    assert sorted(User.objects.values_list("email", flat=True)) == [
        "admin@demo.test",
        "manager@demo.test",
        "member@demo.test",
        "viewer@demo.test",
    ]
    assert User.objects.get(email="member@demo.test").name == "Milo Member"
    assert User.objects.get(email="admin@demo.test").is_staff
    assert not User.objects.get(email="viewer@demo.test").is_staff
    signed_in = client.post(
        reverse("irm:login"), {"username": "viewer@demo.test", "password": "rapport-demo"}
    )
    assert signed_in.status_code == 302


def test_it_creates_the_demo_workspace_with_a_person_in_each_role_and_two_teams(db):
    call_command("demo_data")
    call_command("demo_data")

    roles = dict(
        Membership.objects.filter(workspace__slug="demo").values_list("user__email", "role")
    )
    assert roles == {
        "admin@demo.test": "admin",
        "manager@demo.test": "manager",
        "member@demo.test": "member",
        "viewer@demo.test": "viewer",
    }
    assert sorted(Team.objects.values_list("name", flat=True)) == ["Digital marketing", "PR"]
