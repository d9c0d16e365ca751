"""Controlling the stack under test: deploy/local/stack.sh with the suite's environment
(TASKFLOW_HOME, ports), the instances' pids, and whether every instance is ready."""

import subprocess
import uuid

import pytest

from support.config import (
    AUTH_URLS,
    NOTIFICATIONS_URLS,
    REPO_ROOT,
    STACK_SH,
    TASKFLOW_HOME,
    TASKS_URLS,
)
from support.http import is_ready
from support.timing import wait_until

SERVICE_URLS = AUTH_URLS + TASKS_URLS + NOTIFICATIONS_URLS


def stack(*args, check=True, timeout=180):
    """Runs deploy/local/stack.sh with `args`; fails the test when it fails (unless check is
    False). Returns the CompletedProcess."""
    proc = subprocess.run(
        [str(STACK_SH), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        pytest.fail(
            f"stack.sh {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def notifications_during(database, channel, action, listen_for=3.0):
    """Runs action() while a psql session of `database` LISTENs on `channel`; returns how many
    notifications on it that session received within `listen_for` seconds of starting."""
    tag = "listening_" + uuid.uuid4().hex
    listener = subprocess.Popen(
        [str(STACK_SH), "psql", "-d", database, "-At"],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # communicate() closes stdin at the end, which ends psql.
        listener.stdin.write(f'LISTEN {channel};\nSELECT pg_sleep({listen_for}) AS "{tag}";\n')
        listener.stdin.flush()
        # The session runs its statements in order: once it sleeps, it listens.
        sleeping = wait_until(
            lambda: stack("psql", "-d", database, "-At", "-c",
                          "SELECT count(*) FROM pg_stat_activity "
                          f"WHERE query LIKE '%{tag}%' AND pid <> pg_backend_pid()").stdout.strip(),
            timeout=listen_for, until=lambda count: count == "1")
        assert sleeping == "1", "the psql session never started listening"
        action()
        out, err = listener.communicate(timeout=listen_for + 30)
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.wait()
    assert listener.returncode == 0, err
    return out.count(f'Asynchronous notification "{channel}"')


def instance_pids():
    """{instance name: pid} of the auth instances, from the stack's pid files."""
    pids = {}
    for i in range(len(AUTH_URLS)):
        f = TASKFLOW_HOME / "run" / f"auth-{i}.pid"
        pids[f"auth-{i}"] = f.read_text().strip() if f.exists() else None
    return pids


def not_ready(urls=SERVICE_URLS):
    """The instances among `urls` whose /ready is not 200 (every service's by default)."""
    return [url for url in urls if not is_ready(url)]


def wait_ready(urls=SERVICE_URLS, timeout=30.0):
    """Waits until every instance among `urls` is ready; returns those still not ready after
    `timeout` seconds (an empty list when all are)."""
    return wait_until(lambda: not_ready(urls), timeout, interval=0.25, until=lambda left: not left)
