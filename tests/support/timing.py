"""Waiting for the stack: poll with a deadline instead of sleeping a guessed time."""

import time


def wait_until(probe, timeout, interval=0.1, until=bool):
    """Calls probe() every `interval` seconds until until(value) holds or `timeout` seconds
    passed; returns the last value (so a caller can assert on it and show it)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if until(value) or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def keep_checking(check, seconds, interval=0.5):
    """Runs check() (which asserts) every `interval` seconds for `seconds`: something that must
    stay true for a while, not merely become true."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        check()
        time.sleep(interval)


def timed(call):
    """(call()'s result, the seconds it took)."""
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started
