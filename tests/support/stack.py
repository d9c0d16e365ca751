"""Controlling the stack under test: deploy/local/stack.sh with the suite's environment
(TASKFLOW_HOME, ports), the instances' pids, and whether every instance is ready."""

import subprocess

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
