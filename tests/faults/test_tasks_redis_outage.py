"""The tasks service with Redis down: Redis only caches each user's counts there, so every
endpoint keeps answering, with exact counts, and nothing a write changed while Redis was away is
hidden by an old cache entry once it is back (`@pytest.mark.faults`; always restarts Redis)."""

import pytest

from support.config import TASKS_URLS
from support.http import answered_within, api, expect
from support.stack import wait_ready
from support.tasks import STATS_PATH, TASKS_PATH, create_task, stats, task_path
from support.timing import keep_checking

pytestmark = pytest.mark.faults

FAST = 3.0  # seconds: a request while Redis is down answers within this
RECOVERY = 15.0  # seconds: Redis is back and the instances use it again within this


def counts(numbers):
    """(total, todo, done) of a stats body."""
    return numbers["total_tasks"], numbers["todo_tasks"], numbers["done_tasks"]


def test_counts_stay_exact_through_a_redis_outage(user, outage):
    ids = [create_task(user, title=f"t{n}")["id"] for n in range(3)]
    for base in TASKS_URLS:  # cached everywhere before the outage
        assert stats(user, base=base)["todo_tasks"] == 3

    outage.stop("redis")
    # Both writes on the first instance: the second one's cache entry must not outlive them.
    resp = answered_within(FAST, lambda: api("PATCH", task_path(ids[0]), base=TASKS_URLS[0],
                                             headers=user.headers, json={"status": "done"}),
                           "PATCH")
    expect(resp, 200)
    resp = answered_within(FAST, lambda: api("DELETE", task_path(ids[1]), base=TASKS_URLS[0],
                                             headers=user.headers), "DELETE")
    expect(resp, 204)
    for base in reversed(TASKS_URLS):
        resp = answered_within(FAST, lambda: api("GET", STATS_PATH, base=base,
                                                 headers=user.headers), "stats")
        assert counts(expect(resp, 200)) == (2, 1, 1)
        resp = answered_within(FAST, lambda: api("GET", TASKS_PATH + "?status=todo", base=base,
                                                 headers=user.headers), "list")
        assert expect(resp, 200)["count"] == 1
    outage.start("redis")

    # Ready means: revocations followed again and this instance's failed invalidations retried,
    # so from here no instance may serve an entry older than a write.
    waiting = wait_ready(TASKS_URLS, RECOVERY)
    assert not waiting, f"the tasks instances did not become ready: {waiting}"

    # The entries cached before the outage predate two writes: they must not come back.
    def counts_exact():
        for base in reversed(TASKS_URLS):
            assert counts(stats(user, base=base)) == (2, 1, 1)

    keep_checking(counts_exact, RECOVERY, interval=0.5)
