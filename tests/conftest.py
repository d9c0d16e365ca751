"""The suite's fixtures (pytest loads this file; nothing imports it). The helpers live in the
`support` package (tests/support/); the stack is described by the environment (support.config).
"""

import os
import signal
from pathlib import Path

import pytest
import requests

from support.config import AUTH_URLS, GATEWAY_URL, TASKFLOW_HOME
from support.identities import register
from support.stack import stack, wait_ready
from support.timing import wait_until

# Seconds a fault test's teardown waits for every instance to be ready again.
RESTORE_TIMEOUT = 30


@pytest.fixture(scope="session", autouse=True)
def stack_is_up():
    """Fails fast, with a clear message, when the stack is not reachable."""
    try:
        requests.get(GATEWAY_URL + "/health", timeout=5)
        for url in AUTH_URLS:
            requests.get(url + "/health", timeout=5)
    except requests.RequestException as e:
        pytest.exit(
            f"the TaskFlow stack is not reachable ({e}); run tests/run-stack-tests.sh, or set "
            "TASKFLOW_GATEWAY_URL / TASKFLOW_AUTH_URLS / TASKFLOW_HOME for a running stack",
            returncode=3,
        )


@pytest.fixture
def user():
    """A freshly registered user (through the gateway)."""
    return register()


@pytest.fixture(params=range(len(AUTH_URLS)), ids=lambda i: f"auth-{i}")
def auth_url(request):
    """Each auth instance in turn."""
    return AUTH_URLS[request.param]


class Outage:
    """Stops and restarts stack components (`stack.sh stop-component NAME`, ...) for one test,
    and knows which ones it touched."""

    def __init__(self):
        self.touched = []

    def stop(self, component):
        self.touched.append(component)
        stack("stop-component", component)

    def start(self, component):
        """Brings `component` back now (the test watches the recovery)."""
        stack("start-component", component)

    def restart(self, component):
        self.touched.append(component)
        stack("restart-component", component)

    def kill(self, instance):
        """SIGKILL to one service instance (e.g. tasks-1): what it was doing is lost. It stays
        down until started (at teardown at the latest)."""
        pid = int((TASKFLOW_HOME / "run" / f"{instance}.pid").read_text())
        self.touched.append(instance)
        os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: not Path(f"/proc/{pid}").exists(), 10), (
            f"{instance} outlived SIGKILL")


@pytest.fixture
def outage():
    """An Outage for the test. At teardown, pass or fail, every component it stopped is started
    again and every service instance is waited on until ready, so the next test gets a stack
    that serves."""
    components = Outage()
    yield components
    for component in reversed(components.touched):
        # (harmless when the test already started it: "already running")
        stack("start-component", component)
    if components.touched:
        waiting = wait_ready(timeout=RESTORE_TIMEOUT)
        assert not waiting, (
            f"not ready {RESTORE_TIMEOUT} s after restoring {', '.join(components.touched)}: "
            + ", ".join(waiting))
