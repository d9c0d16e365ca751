"""A mixed load through the gateway while something breaks: wrk running bench/lua/mixed.lua
(creates, reads, lists, status changes, stats, profiles, notifications), users registered for
it, a probe that times when requests fail, and what the run left behind (every task created, its
events, its notifications) checked against what the clients were told.

Used by tests/faults/test_faults_under_load.py; bench/faults-under-load.sh runs the same with
longer loads."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from support.config import GATEWAY_URL, REPO_ROOT, TIMEOUT
from support.http import api
from support.identities import register
from support.notifications import list_notifications
from support.tasks import STATS_PATH, TASKS_PATH

LUA_DIR = REPO_ROOT / "bench" / "lua"


def register_users(count):
    """`count` freshly registered users, registered a few at a time (Argon2 is the slow part)."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda _: register(), range(count)))


class LoadOutcome:
    """What wrk saw: responses by "<request kind> <status>", socket errors, and the tasks whose
    creation was answered 201, as (task id, user id)."""

    def __init__(self, result):
        self.requests = result["requests"]
        self.seconds = result["duration_us"] / 1e6
        self.responses = Counter(result["responses"])
        self.socket_errors = {k: v for k, v in result["socket_errors"].items() if v}
        self.created = [tuple(pair) for pair in result["created"]]
        self.latency_us = result["latency_us"]

    @property
    def failures(self):
        """{"<kind> <status>" or "socket <error>": count} of every request that did not succeed."""
        failed = {k: v for k, v in self.responses.items() if not k.split()[1].startswith("2")}
        failed.update({f"socket {k}": v for k, v in self.socket_errors.items()})
        return failed

    @property
    def failed(self):
        return sum(self.failures.values())

    def failed_creates(self):
        """Creates that got no 201: their task may or may not exist (kill -9 after the commit)."""
        return sum(v for k, v in self.failures.items() if k.startswith("create "))

    @property
    def rate(self):
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def summary(self):
        return (f"{self.requests} requests in {self.seconds:.1f} s ({self.rate:.0f} req/s), "
                f"{self.failed} failed {dict(sorted(self.failures.items()))}, "
                f"{len(self.created)} tasks created, p99 {self.latency_us['p99'] / 1000:.1f} ms")


class MixedLoad:
    """wrk with one connection per thread (so each response is matched with its request) until
    stop(); `users` share the writes. Use as a context manager or call start() and stop()."""

    def __init__(self, users, connections=8, delay_ms=None):
        wrk = shutil.which("wrk")
        assert wrk, "wrk is not installed: run deploy/local/install-deps.sh"
        self.folder = Path(tempfile.mkdtemp(prefix="taskflow-load-"))
        self.users_file = self.folder / "users"
        self.users_file.write_text("".join(f"{u.id} {u.access}\n" for u in users))
        self.result_file = self.folder / "result.json"
        env = dict(os.environ, BENCH_USERS_FILE=str(self.users_file),
                   BENCH_RESULT_FILE=str(self.result_file), BENCH_LUA_DIR=str(LUA_DIR))
        if delay_ms:
            env["BENCH_DELAY_MS"] = str(delay_ms)
        self.command = [wrk, "-t", str(connections), "-c", str(connections), "-d", "3600s",
                        "--timeout", "10s", "-s", str(LUA_DIR / "mixed.lua"), GATEWAY_URL]
        self.env = env
        self.process = None

    def start(self):
        self.process = subprocess.Popen(self.command, env=self.env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        return self

    def stop(self):
        """Stops wrk (SIGINT: it still reports) and returns the LoadOutcome."""
        self.process.send_signal(signal.SIGINT)
        output, _ = self.process.communicate(timeout=30)
        assert self.result_file.exists(), f"wrk wrote no result:\n{output}"
        outcome = LoadOutcome(json.loads(self.result_file.read_text()))
        shutil.rmtree(self.folder, ignore_errors=True)
        return outcome

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class Probe:
    """A request through the gateway every `interval` seconds on a thread of its own (a read and
    a create in turn, as `user`), noting when each failure came."""

    def __init__(self, user, interval=0.05):
        self.user = user
        self.interval = interval
        self.failures = []  # (monotonic time, what)
        self._session = requests.Session()  # (not the suite's: this runs on its own thread)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        turn = 0
        while not self._stop.is_set():
            turn += 1
            method, path, body = (("GET", STATS_PATH, None) if turn % 2 else
                                  ("POST", TASKS_PATH, {"title": "probe"}))
            try:
                resp = self._session.request(method, GATEWAY_URL + path, json=body,
                                             headers=self.user.headers, timeout=TIMEOUT)
                if resp.status_code >= 300:
                    self.failures.append((time.monotonic(), f"{method} {resp.status_code}"))
            except Exception as e:  # noqa: BLE001 (any transport error is a failure to time)
                self.failures.append((time.monotonic(), f"{method} {type(e).__name__}"))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=15)

    def window(self, since):
        """Seconds from `since` to the last failure (0.0 when none failed)."""
        return max((t - since for t, _ in self.failures), default=0.0)


def all_tasks(user):
    """Every task `user` can see, by id (the list, page by page)."""
    tasks, page = {}, 1
    while True:
        resp = api("GET", f"{TASKS_PATH}?page_size=100&page={page}", headers=user.headers)
        assert resp.status_code == 200, f"listing {user.id}'s tasks: {resp.status_code}"
        body = resp.json()
        tasks.update({t["id"]: t for t in body["results"]})
        if not body["next"]:
            return tasks
        page += 1


KEPT = 100  # the notifications a user keeps (the notifications service's default)


def notification_ids(user):
    """The ids of the notifications `user` has (the newest KEPT)."""
    resp = list_notifications(user, limit=KEPT)
    assert resp.status_code == 200, f"listing {user.id}'s notifications: {resp.status_code}"
    return {n["id"] for n in resp.json()["notifications"]}

