"""Redis down: pages keep working, work waits in the database, /healthz says degraded, and
everything goes out once Redis is back (its queue lost: the sweeps find the rows)."""

from collections import Counter

from tests.faults.servers import wait_until

EMAILS = 20


def outbox_statuses(stack) -> Counter:
    return Counter(
        dict(stack.postgres.query("SELECT status, count(*) FROM irm_outboxemail GROUP BY 1"))
    )


def test_pages_work_while_redis_is_down_and_the_work_goes_out_when_it_is_back(stack):
    stack.worker("worker")
    stack.beat("beat")
    stack.wait_ready("worker")
    wait_until(
        lambda: stack.step("healthz")["body"]["status"] == "ok",
        timeout=60,
        what="/healthz to see Redis and the worker",
    )

    stack.redis.stop()

    # A person goes on working: every page answers, promptly, and what they asked for waits in
    # the database.
    seen = stack.step("pages")
    for request in seen["requests"]:
        assert request["status"] in (200, 201, 302), request
        assert request["seconds"] < 5, request
    assert seen["reminders_waiting"] == 2
    assert seen["emails_waiting"] == 1
    queued = stack.step("queue-emails", str(EMAILS))
    assert queued["seconds"] < EMAILS * 1.0
    assert outbox_statuses(stack) == {"pending": EMAILS + 1}

    # Degraded, not down: the web serves, background work waits.
    health = seen["healthz"]
    assert health["status"] == 200
    assert health["body"]["status"] == "degraded"
    assert health["body"]["database"]["ok"] is True
    assert health["body"]["redis"]["ok"] is False
    assert health["body"]["worker"]["detail"] == "unknown while Redis is unreachable"

    # Redis comes back empty (nothing was saved): the sweeps find the rows.
    stack.redis.start()
    wait_until(
        lambda: outbox_statuses(stack) == {"sent": EMAILS + 1},
        timeout=90,
        what=f"the {EMAILS + 1} waiting emails to be sent",
    )
    received = stack.smtp.handler.counts()
    message_ids = {row[0] for row in stack.postgres.query("SELECT message_id FROM irm_outboxemail")}
    assert set(received) == message_ids
    assert set(received.values()) == {1}
    wait_until(
        lambda: (
            stack.postgres.value(
                "SELECT count(*) FROM outreach_notification n JOIN outreach_reminder r"
                " ON n.reminder_id = r.id WHERE r.title = 'Call Ben back'"
            )
            == 1
        ),
        timeout=60,
        what="the reminder added while Redis was down to fire",
    )
    wait_until(
        lambda: stack.step("healthz")["body"]["status"] == "ok",
        timeout=60,
        what="/healthz to be ok again",
    )
    assert stack.alive("worker") and stack.alive("beat")
