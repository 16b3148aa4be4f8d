"""An SMTP server that refuses for a while (451, try again later) and then accepts: the email
is retried after 1 and then 2 more minutes, the outbox pages show it retrying with its next
attempt and why, and it arrives once. Time is passed in to the sweep, not waited for."""

from datetime import UTC, datetime, timedelta


def test_a_refused_email_retries_with_backoff_in_view_and_arrives_once(stack):
    queued = stack.step("queue-one", "Shoes for Lavaredo")
    message_id, public_id = queued["message_id"], queued["public_id"]
    start = datetime.now(UTC) + timedelta(seconds=1)
    stack.smtp.handler.refusing = True

    # First attempt: refused for now, next attempt a minute later.
    swept = stack.step("sweep-outbox", start.isoformat(), message_id)
    assert swept["retried"] == 1
    row = swept["row"]
    assert row["status"] == "pending" and row["attempts"] == 1
    assert datetime.fromisoformat(row["not_before"]) == start + timedelta(minutes=1)
    assert row["last_error"] == (
        "Attempt 1 refused for now: ben@faults.test: 451 4.3.0 Try again later"
    )

    # A site admin sees it retrying, when, and why.
    pages = stack.step("outbox-page", public_id)
    assert pages["list_status"] == 200 and pages["detail_status"] == 200
    assert "Retrying" in pages["list"]
    assert "Retrying" in pages["detail"]
    assert "Next attempt" in pages["detail"]
    assert (
        "Attempt 1 refused for now: ben@faults.test: 451 4.3.0 Try again later" in (pages["detail"])
    )

    # Not before its time; then refused again, and the wait doubles.
    assert stack.step("sweep-outbox", (start + timedelta(seconds=59)).isoformat())["claimed"] == 0
    second = start + timedelta(minutes=1)
    swept = stack.step("sweep-outbox", second.isoformat(), message_id)
    assert swept["retried"] == 1
    row = swept["row"]
    assert row["attempts"] == 2
    assert datetime.fromisoformat(row["not_before"]) == second + timedelta(minutes=2)
    assert stack.smtp.handler.refused == 2
    assert stack.smtp.handler.counts() == {}

    # The server accepts again: the third attempt sends it, and nothing sends it again.
    stack.smtp.handler.refusing = False
    third = second + timedelta(minutes=2)
    assert stack.step("sweep-outbox", third.isoformat())["sent"] == 1
    swept = stack.step("sweep-outbox", (third + timedelta(minutes=30)).isoformat(), message_id)
    assert swept["claimed"] == 0
    row = swept["row"]
    assert row["status"] == "sent" and row["attempts"] == 3
    assert stack.smtp.handler.counts() == {message_id: 1}
    pages = stack.step("outbox-page", public_id)
    assert "Retrying" not in pages["detail"]
