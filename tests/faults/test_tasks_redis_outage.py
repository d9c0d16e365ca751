"""The tasks service with Redis down: Redis only caches each user's counts there, so every
endpoint keeps answering, with exact counts, and nothing a write changed while Redis was away is
hidden by an old cache entry once it is back (`@pytest.mark.faults`; always restarts Redis)."""

import time

import pytest

from conftest import TASKS_PATH, TASKS_URLS, api, expect, request, stack, task_path, wait_until

pytestmark = pytest.mark.faults

FAST = 3.0  # seconds: a request while Redis is down answers within this
RECOVERY = 15.0  # seconds: Redis is back and the instances use it again within this


def stats_at(user, base):
    resp = api("GET", TASKS_PATH + "stats/", base=base, headers=user.headers)
    return expect(resp, 200)


def timed(call):
    started = time.monotonic()
    result = call()
    assert time.monotonic() - started < FAST
    return result


def test_counts_stay_exact_through_a_redis_outage(user):
    ids = [expect(api("POST", TASKS_PATH, headers=user.headers, json={"title": f"t{n}"}), 201)["id"]
           for n in range(3)]
    for base in TASKS_URLS:  # cached everywhere before the outage
        assert stats_at(user, base)["todo_tasks"] == 3

    stack("stop-component", "redis")
    try:
        # Both writes on the first instance: the second one's cache entry must not outlive them.
        resp = timed(lambda: api("PATCH", task_path(ids[0]), base=TASKS_URLS[0],
                                 headers=user.headers, json={"status": "done"}))
        expect(resp, 200)
        resp = timed(lambda: api("DELETE", task_path(ids[1]), base=TASKS_URLS[0],
                                 headers=user.headers))
        expect(resp, 204)
        for base in reversed(TASKS_URLS):
            stats = timed(lambda: stats_at(user, base))
            assert (stats["total_tasks"], stats["todo_tasks"], stats["done_tasks"]) == (2, 1, 1)
            resp = timed(lambda: api("GET", TASKS_PATH + "?status=todo", base=base,
                                     headers=user.headers))
            assert expect(resp, 200)["count"] == 1
    finally:
        stack("start-component", "redis")

    # Ready means: revocations followed again and this instance's failed invalidations retried,
    # so from here no instance may serve an entry older than a write.
    def revocations_back():
        return all(request("GET", url + "/ready").status_code == 200 for url in TASKS_URLS)

    assert wait_until(revocations_back, RECOVERY), "the tasks instances did not become ready"
    # The entries cached before the outage predate two writes: they must not come back.
    deadline = time.monotonic() + RECOVERY
    while time.monotonic() < deadline:
        for base in reversed(TASKS_URLS):
            stats = stats_at(user, base)
            assert (stats["total_tasks"], stats["todo_tasks"], stats["done_tasks"]) == (2, 1, 1)
        time.sleep(0.5)
