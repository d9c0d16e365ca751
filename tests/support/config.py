"""The stack under test, as the environment describes it (tests/run-stack-tests.sh exports
`deploy/local/stack.sh env`), and what its services were started with. Defaults are the
`make up` stack's and the services' own."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
STACK_SH = REPO_ROOT / "deploy" / "local" / "stack.sh"
OPENAPI_DOCUMENT = REPO_ROOT / "docs" / "openapi.yaml"
EVENT_CATALOGUE = REPO_ROOT / "libs" / "events" / "catalogue.json"


def _env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def _urls(name, default_ports):
    """A comma-separated list of base URLs from `name`, else the instances on default_ports."""
    default = ",".join(f"http://127.0.0.1:{port}" for port in default_ports)
    return [u.strip().rstrip("/") for u in os.environ.get(name, default).split(",") if u.strip()]


GATEWAY_URL = os.environ.get("TASKFLOW_GATEWAY_URL", "http://127.0.0.1:8000").rstrip("/")
AUTH_URLS = _urls("TASKFLOW_AUTH_URLS", (8001, 8011))
TASKS_URLS = _urls("TASKFLOW_TASKS_URLS", (8002, 8012))
NOTIFICATIONS_URLS = _urls("TASKFLOW_NOTIFICATIONS_URLS", (8003, 8013))
AMQP_URL = os.environ.get("TASKFLOW_AMQP_URL") or (
    f"amqp://taskflow:taskflow@127.0.0.1:{_env_int('TASKFLOW_AMQP_PORT', 5672)}/%2f"
)
TASKFLOW_HOME = Path(os.environ.get("TASKFLOW_HOME", str(REPO_ROOT / ".taskflow")))

ACCESS_TOKEN_TTL = _env_int("ACCESS_TOKEN_TTL", 900)
REFRESH_TOKEN_TTL = _env_int("REFRESH_TOKEN_TTL", 86400)
JWT_ISSUER = os.environ.get("JWT_ISSUER") or "taskflow-auth"
MAX_FAILURES_PER_ACCOUNT = _env_int("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5)
MAX_FAILURES_PER_ADDRESS = _env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 50)
THROTTLE_WINDOW = _env_int("LOGIN_THROTTLE_WINDOW", 900)

# Every request has a timeout: a hang is a failure, never a stuck suite.
TIMEOUT = 10
