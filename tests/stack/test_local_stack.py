"""deploy/local/stack.sh itself: idempotent up, status, and a taken port named at once."""

import os
import subprocess
import time
from pathlib import Path

from support.config import AUTH_URLS, GATEWAY_URL, REPO_ROOT, STACK_SH
from support.http import expect, request
from support.stack import instance_pids, stack


def test_up_again_is_harmless():
    before = instance_pids()
    proc = stack("up")
    assert "already running" in proc.stdout, proc.stdout
    assert instance_pids() == before
    for base in AUTH_URLS + [GATEWAY_URL]:
        expect(request("GET", base + "/health"), 200)


def test_status_names_every_component():
    out = stack("status").stdout
    for name in ["postgres", "redis", "rabbitmq", "nginx"] + [f"auth-{i}" for i in range(len(AUTH_URLS))]:
        line = next((l for l in out.splitlines() if name in l), None)
        assert line is not None and "running" in line, f"{name} not reported running:\n{out}"


def test_a_port_already_taken_is_named_not_waited_on(tmp_path):
    # A second stack in another folder on the same ports: it must refuse at once, by name.
    env = dict(os.environ, TASKFLOW_HOME=str(tmp_path / "other"))
    started = time.monotonic()
    proc = subprocess.run([str(STACK_SH), "up"], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    elapsed = time.monotonic() - started
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "already in use" in output and "TASKFLOW_" in output, output
    assert elapsed < 15, f"took {elapsed:.1f} s to refuse"
    # ... and the running stack was not disturbed.
    expect(request("GET", GATEWAY_URL + "/health"), 200)


def test_a_bad_setting_stops_the_service_with_one_line_naming_it():
    binary = Path(os.environ.get("TASKFLOW_BUILD_DIR", REPO_ROOT / "build" / "release"))
    binary = binary / "services" / "auth" / "taskflow-auth"
    base_env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": "postgresql://127.0.0.1:1/x",
                "REDIS_URL": "redis://127.0.0.1:1/0", "AMQP_URL": "amqp://127.0.0.1:1/%2f"}
    for name, value in [("HTTP_PORT", "eighty"), ("ACCESS_TOKEN_TTL", "-5"),
                        ("ARGON2_MEMORY_KIB", "lots"), ("TRUSTED_PROXIES", "gateway"),
                        ("DATABASE_URL", "")]:
        proc = subprocess.run([str(binary)], env=dict(base_env, **{name: value}),
                              capture_output=True, text=True, timeout=10)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2, (name, proc.returncode, proc.stderr)
        assert len(lines) == 1 and name in lines[0], (name, proc.stderr)
