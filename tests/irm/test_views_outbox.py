from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from irm.models import EmailStatus, OutboxEmail
from irm.outbox import OUTBOX_PAGE_SIZE, email_queue, outbox_sweep
from irm.services import workspace_create
from tests.factories import UserFactory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LIST_URL = reverse("irm:outbox")


def queue(n: int = 1, **fields) -> list[OutboxEmail]:
    values = {"subject": "Hello", "body": "Hi there", "kind": "test"}
    return [
        email_queue(
            **{"to": f"person{i}@example.test", "now": NOW + timedelta(seconds=i), **values}
            | fields
        )
        for i in range(n)
    ]


def detail_url(row: OutboxEmail) -> str:
    return reverse("irm:outbox-detail", kwargs={"public_id": row.public_id})


def resolve_url(row: OutboxEmail) -> str:
    return reverse("irm:outbox-resolve", kwargs={"public_id": row.public_id})


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@rapport.test", is_staff=True)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def unknown_row(db) -> OutboxEmail:
    [row] = queue()
    OutboxEmail.objects.filter(pk=row.pk).update(status=EmailStatus.SENDING, claimed_at=NOW)
    outbox_sweep(now=NOW + timedelta(hours=1))
    row.refresh_from_db()
    assert row.status == EmailStatus.UNKNOWN
    return row


# --- who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "detail"])
def test_a_signed_in_person_who_is_not_staff_gets_404(client, personas, page):
    [row] = queue()
    url = LIST_URL if page == "list" else detail_url(row)

    for person in (personas.admin, personas.viewer, personas.outsider):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404


@pytest.mark.parametrize("page", ["list", "detail"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, db, page):
    [row] = queue()
    url = LIST_URL if page == "list" else detail_url(row)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('irm:login')}?next={url}"


def test_the_navigation_shows_the_outbox_to_staff_only(client, staff, user):
    client.force_login(user)
    assert LIST_URL not in client.get(reverse("irm:account")).content.decode()

    client.force_login(staff)
    assert f'href="{LIST_URL}"' in client.get(reverse("irm:account")).content.decode()


# --- the list ---------------------------------------------------------------------------------


def test_it_lists_the_newest_first(staff_client):
    queue(subject="First")
    queue(subject="Second", now=NOW + timedelta(minutes=5))

    page = staff_client.get(LIST_URL).content.decode()

    assert "<html" in page
    assert page.index("Second") < page.index("First")
    assert '<label for="outbox-status-filter">Status</label>' in page


def test_it_filters_by_status(staff_client, mailoutbox):
    queue(subject="Already gone", to="gone@example.test")
    outbox_sweep(now=NOW)
    queue(
        subject="Still waiting", now=NOW + timedelta(minutes=1), not_before=NOW + timedelta(days=1)
    )

    page = staff_client.get(LIST_URL, {"status": "sent"}).content.decode()

    assert "Already gone" in page and "Still waiting" not in page
    page = staff_client.get(LIST_URL, {"status": "pending"}).content.decode()
    assert "Still waiting" in page and "Already gone" not in page
    # An unknown filter shows everything rather than an error.
    page = staff_client.get(LIST_URL, {"status": "bogus"}).content.decode()
    assert "Still waiting" in page and "Already gone" in page


def test_it_answers_htmx_with_the_rows_only(staff_client):
    queue(subject="Only the rows")

    response = staff_client.get(LIST_URL, {"status": "pending"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<section id="outbox-rows"')
    assert "Only the rows" in body


def test_it_pages_through_many_rows(staff_client):
    queue(OUTBOX_PAGE_SIZE + 1)

    first = staff_client.get(LIST_URL).content.decode()
    second = staff_client.get(LIST_URL, {"page": 2}).content.decode()

    assert first.count("<tr>") == OUTBOX_PAGE_SIZE + 1  # with the header row
    assert second.count("<tr>") == 2
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("rows", [3, 70])
def test_the_list_costs_the_same_queries_at_any_size(staff_client, django_assert_num_queries, rows):
    workspace = workspace_create(
        name="Acme PR", slug="acme", admin=UserFactory(email="a@acme.test")
    )
    queue(rows, workspace=workspace)

    # Session, user, count, one page of rows with their workspace.
    with django_assert_num_queries(4):
        response = staff_client.get(LIST_URL)
    assert response.status_code == 200
    assert "Acme PR" in response.content.decode()


# --- the detail -------------------------------------------------------------------------------


def test_it_shows_the_headers_and_the_body_escaped_with_safe_links(staff_client):
    [row] = queue(
        subject="Our <b>campaign</b>",
        reply_to="acme@inbound.rapport.test",
        headers={"In-Reply-To": "<earlier@rapport.test>"},
        body=(
            "See https://rapport.example/brief?a=1&b=2 and <script>alert(1)</script>\n"
            "javascript:alert(2)\n"
        ),
    )

    page = staff_client.get(detail_url(row)).content.decode()

    assert row.message_id.replace("<", "&lt;").replace(">", "&gt;") in page
    assert "acme@inbound.rapport.test" in page
    assert "In-Reply-To" in page and "&lt;earlier@rapport.test&gt;" in page
    assert "Our &lt;b&gt;campaign&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert '<a href="https://rapport.example/brief?a=1&amp;b=2" rel="nofollow">' in page
    assert 'href="javascript' not in page


# A reset, and the link create_workspace sends a newcomer to choose their first password.
@pytest.mark.parametrize("kind", ["password_reset", "password_choose"])
def test_a_password_link_body_is_for_superusers_only(client, staff, db, kind):
    [row] = queue(kind=kind, body="https://rapport.example/password-reset/x/y/")

    client.force_login(staff)
    page = client.get(detail_url(row)).content.decode()
    assert "password-reset/x/y/" not in page
    assert "only superusers read its body" in page

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "password-reset/x/y/" in client.get(detail_url(row)).content.decode()


@pytest.mark.parametrize("others", [0, 30])
def test_the_detail_costs_the_same_queries_at_any_size(
    staff_client, django_assert_num_queries, others
):
    [row] = queue()
    queue(others)

    # Session, user, the row with its workspace.
    with django_assert_num_queries(3):
        assert staff_client.get(detail_url(row)).status_code == 200


def test_an_unknown_email_is_404(staff_client):
    url = reverse("irm:outbox-detail", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"})

    assert staff_client.get(url).status_code == 404


# --- resolving an unknown row -----------------------------------------------------------------


def test_an_unknown_row_offers_the_two_decisions(staff_client, unknown_row):
    page = staff_client.get(detail_url(unknown_row)).content.decode()

    assert 'name="resolution" value="mark_sent"' in page
    assert 'name="resolution" value="requeue"' in page


def test_a_row_refused_for_now_shows_retrying_with_its_next_attempt(staff_client, staff):
    [row] = queue()
    staff.time_zone = "Europe/Paris"
    staff.save(update_fields=["time_zone"])
    OutboxEmail.objects.filter(pk=row.pk).update(
        attempts=2,
        not_before=NOW + timedelta(minutes=3),
        last_error="Attempt 2 refused for now: 451 4.3.0 Try again later",
    )

    listing = staff_client.get(LIST_URL).content.decode()
    detail = staff_client.get(detail_url(row)).content.decode()

    assert "Retrying" in listing and "next attempt" in listing
    assert "2026-03-02 10:03" in listing  # 09:03 UTC in Paris
    assert "<dt>Next attempt</dt><dd>2026-03-02 10:03:00</dd>" in detail
    assert "Attempt 2 refused for now: 451 4.3.0 Try again later" in detail


def test_a_sent_row_offers_no_decision(staff_client, mailoutbox):
    [row] = queue()
    outbox_sweep(now=NOW)

    assert 'name="resolution"' not in staff_client.get(detail_url(row)).content.decode()


def test_a_plain_post_records_the_decision_and_redirects(staff_client, unknown_row):
    response = staff_client.post(resolve_url(unknown_row), {"resolution": "mark_sent"})

    assert response.status_code == 302
    assert response.url == detail_url(unknown_row)
    unknown_row.refresh_from_db()
    assert unknown_row.status == EmailStatus.SENT
    assert "Your decision is recorded" in staff_client.get(response.url).content.decode()


def test_an_htmx_post_answers_with_the_status_partial(staff_client, unknown_row):
    response = staff_client.post(
        resolve_url(unknown_row), {"resolution": "requeue"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<section id="outbox-status"')
    assert "Your decision is recorded" in body and "Pending" in body
    unknown_row.refresh_from_db()
    assert unknown_row.status == EmailStatus.PENDING


def test_a_decision_on_a_row_that_is_no_longer_unknown_is_explained(staff_client, unknown_row):
    staff_client.post(resolve_url(unknown_row), {"resolution": "mark_sent"})

    response = staff_client.post(
        resolve_url(unknown_row), {"resolution": "requeue"}, headers={"HX-Request": "true"}
    )

    assert 'role="alert"' in response.content.decode()
    assert "nothing to decide" in response.content.decode()
    unknown_row.refresh_from_db()
    assert unknown_row.status == EmailStatus.SENT


def test_people_who_are_not_staff_cannot_resolve(client, personas, unknown_row):
    client.force_login(personas.admin)
    assert client.post(resolve_url(unknown_row), {"resolution": "requeue"}).status_code == 404

    client.logout()
    response = client.post(resolve_url(unknown_row), {"resolution": "requeue"})
    assert response.status_code == 302 and response.url.startswith(reverse("irm:login"))

    unknown_row.refresh_from_db()
    assert unknown_row.status == EmailStatus.UNKNOWN


def test_resolving_needs_a_post(staff_client, unknown_row):
    assert staff_client.get(resolve_url(unknown_row)).status_code == 405
