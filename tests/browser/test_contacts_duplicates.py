import pytest
from playwright.sync_api import expect

from contacts.models import Influencer, InteractionKind
from contacts.services import influencer_create
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base_url, email):
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_manager_finds_a_duplicate_compares_and_merges_it(live_server, page, personas):
    keep = influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Zoë Saldaña",
        bio="Pastry chef in Sevilla.",
        accounts=[{"platform": "instagram", "handle": "zoe.makes", "followers": 1200}],
    )
    influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Zoe Saldana",
        bio="Baker and trail runner.",
        accounts=[{"platform": "tiktok", "handle": "zoe.makes", "followers": 3400}],
    )
    sign_in(page, live_server.url, "manager@acme.test")
    page.goto(live_server.url + "/w/acme/duplicates/")

    pair = page.locator(".duplicate-pair")
    expect(pair).to_contain_text("Same handle @zoe.makes on Instagram and TikTok.")
    expect(pair).to_contain_text("Same name once accents and capital letters are set aside.")
    pair.get_by_role("button", name="Compare and merge").click()

    expect(page.get_by_role("heading", name="Compare and merge")).to_be_visible()
    page.get_by_role("group", name="Bio").get_by_label("Baker and trail runner.").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Merge into Zoë Saldaña").click()

    expect(page.get_by_role("status")).to_contain_text("Zoe Saldana was merged into Zoë Saldaña.")
    keep.refresh_from_db()
    assert keep.bio == "Baker and trail runner."
    assert keep.total_followers == 4600
    assert list(Influencer.objects.values_list("name", flat=True)) == ["Zoë Saldaña"]
    assert keep.interactions.filter(kind=InteractionKind.MERGE).exists()


def test_on_a_phone_a_viewer_compares_without_a_merge_button(live_server, page, personas):
    for name in ("Léa Martin", "Lea Martin"):
        influencer_create(workspace=personas.workspace, actor=personas.admin, name=name)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "viewer@acme.test")
    page.goto(live_server.url + "/w/acme/duplicates/")

    page.get_by_role("button", name="Compare").click()

    expect(page.get_by_text("A manager or an admin can merge these profiles.")).to_be_visible()
    expect(page.get_by_role("button", name="Merge into")).to_have_count(0)
    page.get_by_role("link", name="Keep Lea Martin instead").click()
    expect(page.locator(".merge-keep")).to_contain_text("Lea Martin")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
