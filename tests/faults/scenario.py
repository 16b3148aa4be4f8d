"""Steps of a fault test that run inside Rapport, in a process of their own pointed at the
test's own servers (DJANGO_SETTINGS_MODULE=tests.faults.settings, DATABASE_URL, REDIS_URL):

    python -m tests.faults.scenario STEP [ARGUMENT...]

Each step prints one line of JSON, its result, last. Requests go through Django's test client
in this real process: the whole stack but the socket, with Redis really down when it is.
"""

import json
import sys
import time
from datetime import datetime, timedelta

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from irm.models import EmailStatus, OutboxEmail, User, Workspace  # noqa: E402
from irm.outbox import email_queue, outbox_mark_stuck, outbox_sweep  # noqa: E402
from irm.services import workspace_create  # noqa: E402
from outreach.models import Reminder, ReminderStatus  # noqa: E402
from tests import factories  # noqa: E402

ADMIN_EMAIL = "admin@faults.test"
PASSWORD = "fault-tolerant-password"


def seed() -> dict:
    admin = User.objects.create_user(
        ADMIN_EMAIL, PASSWORD, name="Ada Admin", is_staff=True, is_superuser=True
    )
    workspace = workspace_create(name="Faults PR", slug="faults", admin=admin)
    return {"workspace": workspace.slug, "admin": admin.pk}


def due_reminders(count: str) -> dict:
    """`count` reminders due a minute ago, in one statement."""
    workspace = Workspace.objects.get(slug="faults")
    admin = User.objects.get(email=ADMIN_EMAIL)
    due_at = timezone.now() - timedelta(minutes=1)
    factories.due_reminders(
        workspace, assignee=admin, count=int(count), due_at=due_at, prefix="faults"
    )
    return {"created": int(count)}


def queue_emails(count: str) -> dict:
    """`count` emails queued the way the product queues them: one transaction each, a worker
    asked after commit."""
    started = time.monotonic()
    for n in range(int(count)):
        email_queue(
            to=f"person{n}@faults.test",
            subject=f"Fault test {n}",
            body="Hello.",
            kind="faults",
        )
    return {"queued": int(count), "seconds": round(time.monotonic() - started, 2)}


def _timed(client: Client, method: str, path: str, json_body: dict | None = None, **data) -> dict:
    started = time.monotonic()
    if json_body is not None:
        response = client.post(path, json_body, content_type="application/json")
    else:
        response = getattr(client, method)(path, data or None, follow=False)
    return {
        "path": path,
        "method": method.upper(),
        "status": response.status_code,
        "seconds": round(time.monotonic() - started, 2),
        "refused": response.content.decode()[-3000:] if response.status_code == 400 else "",
    }


def pages() -> dict:
    """Sign in, read the main pages, add a reminder through its form and ask for a password
    reset (an email): what a person does, whatever Redis is doing."""
    client = Client()
    results = [
        _timed(client, "post", "/sign-in/", username=ADMIN_EMAIL, password=PASSWORD),
    ]
    zone = User.objects.get(email=ADMIN_EMAIL).zone
    soon = timezone.localtime(timezone.now() + timedelta(minutes=1), zone)
    for path in (
        "/w/faults/",
        "/w/faults/influencers/",
        "/w/faults/reminders/",
        "/outbox/",
        "/api/v1/w/faults/reminders/",
    ):
        results.append(_timed(client, "get", path))
    # One due now through the API, one at the next minute through the page's form (it takes a
    # moment in the future, to the minute).
    results.append(
        _timed(
            client,
            "post",
            "/api/v1/w/faults/reminders/",
            json_body={"title": "Call Ben back", "due_at": timezone.now().isoformat()},
        )
    )
    results.append(
        _timed(
            client,
            "post",
            "/w/faults/reminders/new/",
            title="Write to Ana",
            day=soon.date().isoformat(),
            at=soon.strftime("%H:%M"),
        )
    )
    anonymous = Client()
    results.append(_timed(anonymous, "post", "/password-reset/", email=ADMIN_EMAIL))
    health = anonymous.get("/healthz")
    return {
        "requests": results,
        "healthz": {"status": health.status_code, "body": health.json()},
        "reminders_waiting": Reminder.objects.filter(
            title__in=["Call Ben back", "Write to Ana"], status=ReminderStatus.PENDING
        ).count(),
        "emails_waiting": OutboxEmail.objects.filter(
            to_address=ADMIN_EMAIL, status=EmailStatus.PENDING
        ).count(),
    }


def healthz() -> dict:
    response = Client().get("/healthz")
    return {"status": response.status_code, "body": response.json()}


def sweep_outbox(at: str, message_id: str = "") -> dict:
    """The outbox sweep as of `at` (ISO 8601): time passed in, not waited for; with a
    Message-ID, that row as the sweep left it under "row"."""
    result = outbox_sweep(now=datetime.fromisoformat(at)).__dict__
    if message_id:
        result["row"] = outbox_row(message_id)
    return result


def mark_stuck(at: str) -> dict:
    return {"marked_unknown": outbox_mark_stuck(now=datetime.fromisoformat(at))}


def outbox_row(message_id: str) -> dict:
    email = OutboxEmail.objects.get(message_id=message_id)
    return {
        "status": email.status,
        "attempts": email.attempts,
        "not_before": email.not_before.isoformat(),
        "last_error": email.last_error,
    }


def outbox_page(public_id: str) -> dict:
    """The staff outbox's list and the row's own page, as a site admin reads them."""
    client = Client()
    client.force_login(User.objects.get(email=ADMIN_EMAIL))
    listing = client.get("/outbox/")
    detail = client.get(f"/outbox/{public_id}/")
    return {
        "list_status": listing.status_code,
        "list": listing.content.decode(),
        "detail_status": detail.status_code,
        "detail": detail.content.decode(),
    }


def queue_one(subject: str) -> dict:
    with transaction.atomic():
        email = email_queue(to="ben@faults.test", subject=subject, body="Hello.", kind="faults")
    return {"message_id": email.message_id, "public_id": str(email.public_id)}


STEPS = {
    "seed": seed,
    "due-reminders": due_reminders,
    "queue-emails": queue_emails,
    "queue-one": queue_one,
    "pages": pages,
    "healthz": healthz,
    "sweep-outbox": sweep_outbox,
    "mark-stuck": mark_stuck,
    "outbox-row": outbox_row,
    "outbox-page": outbox_page,
}

if __name__ == "__main__":
    step, *arguments = sys.argv[1:]
    print(json.dumps(STEPS[step](*arguments)), flush=True)
