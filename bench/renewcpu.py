#!/usr/bin/env python3
"""Renewal cost on a 3-node Lighthouse cluster, quickly: for A/B runs while working on the renewal path.

Usage: python3 bench/renewcpu.py   (env: RC_SESSIONS [3000], RC_TTL [10], RC_SECONDS [20], RC_WARMUP [8],
                                    RC_JFR=dir to record each node's window with JFR (RC_JFR_PHASE=open: its
                                    opening of the sessions instead), RC_CONNECTIONS [32])

Opens RC_SESSIONS sessions 24 at a time (timed: opens/s at 24 concurrent writers), renews each every ttl/3
through member i mod 3 (bench/renewals.py), and over RC_SECONDS measures the renewals answered, their
latency and the CPU-seconds of each server process: microseconds of server CPU per renewal. Prints one
line of JSON. Only loopback; every process it starts is stopped on exit.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import clusters  # noqa: E402
import renewals  # noqa: E402

SESSIONS = int(os.environ.get("RC_SESSIONS", "3000"))
TTL = int(os.environ.get("RC_TTL", "10"))
SECONDS = int(os.environ.get("RC_SECONDS", "20"))
WARMUP = int(os.environ.get("RC_WARMUP", "8"))
CONNECTIONS = int(os.environ.get("RC_CONNECTIONS", "32"))
JFR = os.environ.get("RC_JFR")
JFR_PHASE = os.environ.get("RC_JFR_PHASE", "window")  # or "open": record the opening instead


def log(msg):
    print("[renewcpu %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def jfr_start(pids, leader):
    for n, p in pids.items():
        subprocess.run(["jcmd", str(p), "JFR.start", "name=rc", "settings=profile",
                        "filename=%s/%s-%s.jfr" % (JFR, n, "leader" if n == leader else "follower")],
                       capture_output=True, timeout=60)


def jfr_stop(pids):
    for p in pids.values():
        subprocess.run(["jcmd", str(p), "JFR.stop", "name=rc"], capture_output=True, timeout=60)


def main():
    tmp = tempfile.mkdtemp(prefix="lighthouse-renewcpu.")
    procs = clusters.Procs(tmp)
    load_before = open("/proc/loadavg").read().split()[0]
    try:
        lh = clusters.Lighthouse(procs, tmp)
        lh.start_all()
        leader = lh.leader()
        pids = {n: lh.pid(n) for n in lh.http}
        load = renewals.RenewalLoad(renewals.Lighthouse(TTL), list(lh.http.values()), SESSIONS, TTL / 3.0, CONNECTIONS)
        load.start()
        try:
            if JFR and JFR_PHASE == "open":
                jfr_start(pids, leader)
            cpu0 = {n: clusters.cpu_seconds(p) for n, p in pids.items()}
            threads0 = {n: clusters.thread_cpu(p) for n, p in pids.items()}
            t0 = time.monotonic()
            load.open_all(seconds=300, progress=log)
            opened = time.monotonic() - t0
            open_cpu = sum(clusters.cpu_seconds(p) - cpu0[n] for n, p in pids.items())
            open_kinds = {n: clusters.cpu_by_kind(threads0[n], clusters.thread_cpu(p)) for n, p in pids.items()}
            log("%d sessions open in %.1f s" % (SESSIONS, opened))
            if JFR and JFR_PHASE == "open":
                jfr_stop(pids)
            time.sleep(WARMUP)
            if JFR and JFR_PHASE != "open":
                jfr_start(pids, leader)
            threads = {n: clusters.thread_cpu(p) for n, p in pids.items()}
            before = {n: clusters.cpu_seconds(p) for n, p in pids.items()}
            load.begin_window()
            time.sleep(SECONDS)
            result = load.end_window()
            cpu = {n: clusters.cpu_seconds(p) - before[n] for n, p in pids.items()}
            kinds = {n: clusters.cpu_by_kind(threads[n], clusters.thread_cpu(p)) for n, p in pids.items()}
            if JFR and JFR_PHASE != "open":
                jfr_stop(pids)
            lat = sorted(result.pop("latencies"))
            snap = load.snapshot()
            out = {
                "load_before": load_before, "load_after": open("/proc/loadavg").read().split()[0],
                "sessions": SESSIONS, "open_s": round(opened, 2), "opens_per_s": round(SESSIONS / opened),
                "open_cpu_us_each": round(1e6 * open_cpu / SESSIONS),
                "open_threads": {("%s(%s)" % (n, "L" if n == leader else "F")): {
                    k: round(v, 2) for k, v in sorted(open_kinds[n].items(), key=lambda kv: -kv[1])[:7]}
                    for n in pids},
                "rate": round(result["renewals"] / result["seconds"]),
                "cpu_us_per_renewal": round(1e6 * sum(cpu.values()) / max(1, result["renewals"])),
                # the JIT compiles through the whole window on this machine: the rest is the renewals' own cost
                "cpu_us_without_jit": round(1e6 * sum(v for k in kinds.values() for t, v in k.items()
                                                      if not t.endswith("compiler")) / max(1, result["renewals"])),
                "per_node_cpu_s": {("%s(%s)" % (n, "L" if n == leader else "F")): round(c, 2) for n, c in cpu.items()},
                "p50_ms": round(bench.percentile(lat, 50) * 1000, 2) if lat else None,
                "p99_ms": round(bench.percentile(lat, 99) * 1000, 2) if lat else None,
                "errors": result["errors"], "lost": snap["lost"], "gap_window": round(result["gap_window"], 2),
                "client_cpu_pct": round(100 * result["client_cpu"] / result["seconds"]),
                "threads": {("%s(%s)" % (n, "L" if n == leader else "F")): {
                    k: round(v, 2) for k, v in sorted(kinds[n].items(), key=lambda kv: -kv[1])[:6]}
                    for n in pids},
            }
            load.end_all(seconds=120)
        finally:
            load.close()
        print(json.dumps(out))
    finally:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
