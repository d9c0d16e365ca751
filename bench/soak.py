#!/usr/bin/python3
"""A soak: a long mixed load through the gateway (wrk with bench/lua/mixed.lua at a set rate)
with many WebSockets open on the live push, sampling what must stay flat: each process's
resident memory and open descriptors, Redis's memory and PostgreSQL's connections.

Run by bench/soak.sh, which starts a stack of its own. Writes <out>/soak.csv (one row a sample)
and prints one JSON object: each series at the end of the warm-up, at the end and its highest,
the load's outcome and the sockets' frames. The plot is made by bench/soak.sh (gnuplot).

Environment: TASKFLOW_GATEWAY_URL, TASKFLOW_HOME (the stack's pid files; stack.sh for psql and
redis-cli).
"""

import argparse
import asyncio
import csv
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from notifications import GATEWAY, HOME, REPO_ROOT, close_all, loopback_only, open_sockets, \
    register_users, rss_kib

STACK = REPO_ROOT / "deploy" / "local" / "stack.sh"


def descriptors(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def processes():
    """{name: pid} of every service instance and nginx's workers (the stack's pid files)."""
    found = {}
    for pid_file in sorted((HOME / "run").glob("*-[0-9].pid")):
        found[pid_file.stem] = int(pid_file.read_text().split()[0])
    nginx = HOME / "run" / "nginx.pid"
    if nginx.exists():
        master = nginx.read_text().split()[0]
        workers = subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout
        for i, pid in enumerate(workers.split()):
            found[f"nginx-worker-{i}"] = int(pid)
    return found


def stack_query(*args):
    return subprocess.run([str(STACK), *args], capture_output=True, text=True, timeout=30,
                          env=dict(os.environ, TASKFLOW_HOME=str(HOME))).stdout


def redis_used_memory():
    for line in stack_query("redis-cli", "info", "memory").splitlines():
        if line.startswith("used_memory:"):
            return int(line.split(":")[1])
    return 0


def postgres_connections():
    out = stack_query("psql", "-qAt", "-c",
                      "select count(*) from pg_stat_activity where backend_type = 'client backend'")
    return int(out.strip() or 0)


def sample(started, names, sockets, frames):
    pids = processes()
    row = {"seconds": round(time.monotonic() - started), "redis_used_memory_kib":
           redis_used_memory() // 1024, "postgres_connections": postgres_connections(),
           "sockets_open": sum(1 for s in sockets if not s.closed), "frames": frames[0]}
    for name in names:
        pid = pids.get(name)
        row[f"{name}_rss_kib"] = rss_kib(pid) if pid else 0
        row[f"{name}_fds"] = descriptors(pid) if pid else 0
    return row


def start_load(users, out, connections, delay_ms):
    users_file = out / "users"
    users_file.write_text("".join(f"{user_id} {token}\n" for user_id, token in users))
    env = dict(os.environ, BENCH_USERS_FILE=str(users_file), BENCH_RESULT_FILE=str(out / "load.json"),
               BENCH_LUA_DIR=str(REPO_ROOT / "bench" / "lua"), BENCH_DELAY_MS=str(delay_ms))
    return subprocess.Popen(["wrk", "-t", str(connections), "-c", str(connections), "-d", "100000s",
                             "--timeout", "10s", "-s", str(REPO_ROOT / "bench" / "lua" / "mixed.lua"),
                             GATEWAY], env=env, stdout=subprocess.DEVNULL)


def summarise(rows, warmup):
    """{series: {"after_warmup", "end", "max"}} of every numeric column."""
    settled = [r for r in rows if r["seconds"] >= warmup] or rows
    return {key: {"after_warmup": settled[0][key], "end": rows[-1][key],
                  "max": max(r[key] for r in settled)}
            for key in rows[0] if key not in ("seconds", "frames")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3600, help="seconds")
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--interval", type=int, default=30, help="seconds between samples")
    parser.add_argument("--warmup", type=int, default=300, help="seconds before the baseline")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--delay-ms", type=int, default=20, help="pause per connection")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    loopback_only(GATEWAY)
    args.out.mkdir(parents=True, exist_ok=True)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.sockets + 1000)), hard))

    users = register_users(args.users)
    frames = [0]

    def count_frames(_user):
        def on_text(_payload):
            frames[0] += 1
        return on_text

    loop = asyncio.new_event_loop()
    ws_url = GATEWAY.replace("http://", "ws://") + "/api/notifications/ws/"
    sockets = loop.run_until_complete(open_sockets([ws_url], users, args.sockets, count_frames))
    load = start_load(users, args.out, args.connections, args.delay_ms)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # (so that wrk is stopped too)
    names = sorted(processes())
    started = time.monotonic()
    rows = []
    try:
        with open(args.out / "soak.csv", "w", newline="", encoding="utf-8") as f:
            writer = None
            while True:
                rows.append(sample(started, names, sockets, frames))
                if writer is None:
                    writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                    writer.writeheader()
                writer.writerow(rows[-1])
                f.flush()
                if time.monotonic() - started >= args.duration or load.poll() is not None:
                    break
                loop.run_until_complete(asyncio.sleep(args.interval))
    finally:
        load.send_signal(signal.SIGINT)
        load.wait(timeout=60)
    outcome = json.loads((args.out / "load.json").read_text())
    outcome.pop("created")
    result = {
        "benchmark": "soak", "seconds": rows[-1]["seconds"], "samples": len(rows),
        "sockets": len(sockets), "sockets_closed_by_server": sum(1 for s in sockets if s.closed),
        "frames_received": frames[0], "load": outcome,
        "series": summarise(rows, args.warmup),
    }
    close_all(loop, sockets)
    (args.out / "soak.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0 if load.returncode in (0, -signal.SIGINT) else 1


if __name__ == "__main__":
    sys.exit(main())
