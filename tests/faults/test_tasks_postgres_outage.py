"""The tasks service with PostgreSQL down: every endpoint that needs it answers a fast 503 with
a JSON detail (no hang, no 500), on the blocking and on the I/O-thread (pg::AsyncPool) paths
alike; counts and pages cached in Redis are still served; and once PostgreSQL is back every instance
works again without a restart (`@pytest.mark.faults`; always restarts PostgreSQL)."""

import pytest

from support.config import TASKS_URLS
from support.http import answered_within, api, expect, expect_error, request
from support.tasks import STATS_PATH, TASKS_PATH, create_task, get_task, task_path
from support.timing import wait_until

pytestmark = pytest.mark.faults

FAST = 3.0  # seconds: a request while PostgreSQL is down answers within this
RECOVERY = 15.0  # seconds: every instance serves again within this once it is back


def test_postgres_down_gives_fast_503s_and_every_instance_recovers(user, outage):
    task = create_task(user, title="before")
    for base in TASKS_URLS:  # opens each instance's connections, caches the counts and a page
        expect(api("GET", task_path(task), base=base, headers=user.headers), 200)
        assert expect(api("GET", TASKS_PATH + "?status=todo", base=base,
                          headers=user.headers), 200)["count"] == 1

    needs_postgres = [
        ("GET", task_path(task), None),  # read on the I/O thread
        ("GET", TASKS_PATH + "?status=todo&page_size=5", None),  # cached count, page not cached
        ("GET", TASKS_PATH + "?search=before", None),  # a search, on a blocking thread
        ("POST", TASKS_PATH, {"title": "during"}),
        ("PATCH", task_path(task), {"status": "done"}),
        ("GET", task_path(task, "comments"), None),
    ]
    outage.stop("postgres")
    for base in TASKS_URLS:
        for method, path, body in needs_postgres:
            what = f"{method} {path} on {base}"
            resp = answered_within(FAST, lambda: api(method, path, base=base,
                                                     headers=user.headers, json=body), what)
            expect_error(resp, 503)
        # The counts and the page were cached before the outage and no write happened since.
        resp = answered_within(FAST, lambda: api("GET", STATS_PATH, base=base,
                                                 headers=user.headers), "stats")
        assert expect(resp, 200)["total_tasks"] == 1
        resp = answered_within(FAST, lambda: api("GET", TASKS_PATH + "?status=todo", base=base,
                                                 headers=user.headers), "a cached page")
        assert [t["id"] for t in expect(resp, 200)["results"]] == [task["id"]]
        expect(answered_within(FAST, lambda: request("GET", base + "/ready"), "/ready"), 503)
    outage.start("postgres")

    def serving(base):
        return (api("GET", task_path(task), base=base, headers=user.headers).status_code == 200
                and api("GET", TASKS_PATH + "?status=todo", base=base,
                        headers=user.headers).status_code == 200)

    for base in TASKS_URLS:
        assert wait_until(lambda: serving(base), RECOVERY), f"{base} did not recover"
    for base in TASKS_URLS:
        created = create_task(user, base=base, title=f"after on {base}")
        get_task(user, created, base=base)
        assert expect(api("GET", TASKS_PATH + "?status=todo", base=base,
                          headers=user.headers), 200)["count"] >= 2
