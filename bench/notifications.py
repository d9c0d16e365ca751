#!/usr/bin/python3
"""Benchmarks of the notifications service's live push (issue 4, section 5).

  bench/notifications.py latency   end-to-end latency: POST /api/tasks/ returning -> the
                                   notification frame arriving on a WebSocket, at a fixed rate of
                                   task creations, with many sockets connected
  bench/notifications.py idle      how many idle sockets one instance holds, and its memory

Against any stack on this machine (loopback only), e.g. `make up` or the test stack kept with
TASKFLOW_TEST_KEEP=1. The WebSocket client is a minimal asyncio one (text frames, ping/pong,
close), so thousands of sockets cost one thread; the task creations run on a few threads with
requests. Prints one JSON object with the figures.

Environment: TASKFLOW_GATEWAY_URL (default http://127.0.0.1:8000), TASKFLOW_NOTIFICATIONS_URLS
(default http://127.0.0.1:8003,...), TASKFLOW_HOME (for the instances' pid files).
"""

import argparse
import asyncio
import base64
import json
import os
import resource
import statistics
import struct
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
GATEWAY = os.environ.get("TASKFLOW_GATEWAY_URL", "http://127.0.0.1:8000").rstrip("/")
NOTIFICATIONS = [
    u.strip().rstrip("/")
    for u in os.environ.get("TASKFLOW_NOTIFICATIONS_URLS", "http://127.0.0.1:8003").split(",")
    if u.strip()
]
HOME = Path(os.environ.get("TASKFLOW_HOME", str(REPO_ROOT / ".taskflow")))
PASSWORD = "Bench-pw-" + "kqxz" * 3


def loopback_only(url):
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"refusing to benchmark {url}: loopback addresses only")
    return url


def register_users(count):
    """Registers `count` fresh users (in parallel: each is an Argon2id hash); returns
    [(user_id, access_token)]."""
    def one(_):
        tag = uuid.uuid4().hex[:12]
        body = {"username": f"bench_{tag}", "email": f"bench.{tag}@example.com",
                "first_name": "Bench", "last_name": "User",
                "password": PASSWORD, "password_confirm": PASSWORD}
        for attempt in range(20):  # the auth service sheds load (503) when hashing is saturated
            resp = requests.post(GATEWAY + "/api/auth/register/", json=body, timeout=30)
            if resp.status_code not in (429, 503):
                break
            time.sleep(0.2 * (attempt + 1))
        resp.raise_for_status()
        data = resp.json()
        return data["user"]["id"], data["tokens"]["access"]
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(one, range(count)))


# ------------------------------------------------------------------- a minimal WebSocket client
class Socket:
    """One client WebSocket on asyncio: the handshake, then text frames to `on_text`."""

    def __init__(self, url, token, on_text=None):
        self.url = urlsplit(url)
        self.token = token
        self.on_text = on_text
        self.reader = None
        self.writer = None
        self.closed = False

    async def connect(self):
        self.reader, self.writer = await asyncio.open_connection(self.url.hostname, self.url.port)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {self.url.path}?token={self.token} HTTP/1.1\r\n"
                   f"Host: {self.url.hostname}:{self.url.port}\r\n"
                   "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError(head.split(b"\r\n", 1)[0].decode())

    def _send(self, opcode, payload=b""):
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    async def run(self):
        try:
            while True:
                first, second = await self.reader.readexactly(2)
                length = second & 0x7F
                if length == 126:
                    length = struct.unpack("!H", await self.reader.readexactly(2))[0]
                elif length == 127:
                    length = struct.unpack("!Q", await self.reader.readexactly(8))[0]
                payload = await self.reader.readexactly(length)
                opcode = first & 0x0F
                if opcode == 0x1 and self.on_text:
                    self.on_text(payload)
                elif opcode == 0x9:
                    self._send(0xA, payload)  # pong
                elif opcode == 0x8:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        self.closed = True


async def open_sockets(urls, tokens, count, on_text=None, batch=200):
    """`count` sockets, round-robin over urls and tokens, opened `batch` at a time."""
    sockets = []
    for start in range(0, count, batch):
        group = [Socket(urls[i % len(urls)], tokens[i % len(tokens)][1],
                        on_text(tokens[i % len(tokens)][0]) if on_text else None)
                 for i in range(start, min(count, start + batch))]
        await asyncio.gather(*(s.connect() for s in group))
        for s in group:
            asyncio.ensure_future(s.run())
        sockets.extend(group)
    return sockets


def close_all(loop, sockets):
    """Closes the sockets and lets their readers finish."""
    for s in sockets:
        s.writer.close()
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.close()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# ------------------------------------------------------------------------------- latency
def bench_latency(args):
    users = register_users(args.users)
    ws_url = loopback_only(GATEWAY).replace("http://", "ws://") + "/api/notifications/ws/"
    returned = {}  # task title -> monotonic time the POST returned
    arrivals = []  # (task title, monotonic time a frame with it arrived)
    lock = threading.Lock()

    def on_text(_user):
        def handle(payload):
            now = time.monotonic()
            frame = json.loads(payload)
            if frame.get("event_type") == "task_created":
                with lock:
                    arrivals.append((frame["message"], now))
        return handle

    loop = asyncio.new_event_loop()
    sockets = loop.run_until_complete(open_sockets([ws_url], users, args.sockets, on_text))
    loop_thread = threading.Thread(target=loop.run_forever, daemon=True)
    loop_thread.start()
    time.sleep(1.0)  # the unread counts on connect

    total = args.rate * args.duration
    started = time.monotonic()
    failures = []
    sessions = threading.local()

    def create(i):
        due = started + i / args.rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        user_id, token = users[i % len(users)]
        title = f"bench-{i}-{uuid.uuid4().hex[:6]}"
        if not hasattr(sessions, "http"):
            sessions.http = requests.Session()
        resp = sessions.http.post(GATEWAY + "/api/tasks/", json={"title": title},
                                  headers={"Authorization": f"Bearer {token}"}, timeout=10)
        done = time.monotonic()
        if resp.status_code != 201:
            failures.append(resp.status_code)
            return
        with lock:
            returned[f'A new task "{title}" has been created.'] = done

    with ThreadPoolExecutor(args.threads) as pool:
        list(pool.map(create, range(total)))
    achieved = total / (time.monotonic() - started)
    time.sleep(3.0)  # the last frames
    with lock:
        latencies = [max(0.0, at - returned[message]) * 1000 for message, at in arrivals
                     if message in returned]
        early = sum(1 for message, at in arrivals if message in returned and at < returned[message])
    expected = len(returned) * (args.sockets // len(users))
    loop.call_soon_threadsafe(loop.stop)
    loop_thread.join()
    close_all(loop, sockets)
    result = {
        "benchmark": "notifications end-to-end latency",
        "sockets": len(sockets), "users": len(users), "rate_target": args.rate,
        "rate_achieved": round(achieved, 1), "duration_s": args.duration,
        "tasks_created": len(returned), "create_failures": len(failures),
        "frames_expected": expected, "frames_received": len(latencies),
        "frames_before_post_returned": early,
        "p50_ms": round(percentile(latencies, 50), 2) if latencies else None,
        "p90_ms": round(percentile(latencies, 90), 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 2) if latencies else None,
        "max_ms": round(max(latencies), 2) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 2) if latencies else None,
        "sockets_closed": sum(1 for s in sockets if s.closed),
    }
    print(json.dumps(result, indent=2))


# ---------------------------------------------------------------------------------- idle
def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def gauge(base, name):
    for line in requests.get(base + "/metrics", timeout=10).text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def bench_idle(args):
    base = loopback_only(NOTIFICATIONS[0])
    pid_file = HOME / "run" / "notifications-0.pid"
    pid = int(pid_file.read_text().split()[0])
    users = register_users(args.users or -(-args.sockets // 20))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.sockets + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.sockets + 1000), hard))
    before = rss_kib(pid)
    loop = asyncio.new_event_loop()
    started = time.monotonic()
    sockets = loop.run_until_complete(
        open_sockets([base.replace("http://", "ws://") + "/api/notifications/ws/"], users,
                     args.sockets))
    opened_in = time.monotonic() - started
    loop.run_until_complete(asyncio.sleep(args.hold))
    after = rss_kib(pid)
    open_now = gauge(base, "http_websockets_open")
    result = {
        "benchmark": "notifications idle sockets on one instance",
        "instance": base, "pid": pid, "sockets": len(sockets), "users": len(users),
        "open_per_metrics": open_now, "closed_by_server": sum(1 for s in sockets if s.closed),
        "opened_in_s": round(opened_in, 1), "held_s": args.hold,
        "rss_before_mib": round(before / 1024, 1), "rss_with_sockets_mib": round(after / 1024, 1),
        "kib_per_socket": round((after - before) / max(1, len(sockets)), 2),
    }
    close_all(loop, sockets)
    print(json.dumps(result, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    latency = sub.add_parser("latency", help="end-to-end latency under load")
    latency.add_argument("--sockets", type=int, default=1000)
    latency.add_argument("--users", type=int, default=100)
    latency.add_argument("--rate", type=int, default=200, help="task creations per second")
    latency.add_argument("--duration", type=int, default=30, help="seconds")
    latency.add_argument("--threads", type=int, default=16, help="HTTP client threads")
    idle = sub.add_parser("idle", help="idle sockets on one instance and its memory")
    idle.add_argument("--sockets", type=int, default=10000)
    idle.add_argument("--users", type=int, default=0,
                      help="default: enough for 20 sockets each, the per-user cap of an instance")
    idle.add_argument("--hold", type=float, default=10.0, help="seconds to hold them open")
    args = parser.parse_args()
    loopback_only(GATEWAY)
    if args.command == "latency":
        bench_latency(args)
    else:
        bench_idle(args)


if __name__ == "__main__":
    main()
