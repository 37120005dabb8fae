#!/usr/bin/env python3
"""Three-node benchmark: Lighthouse (bin/lighthouse) against etcd, all on loopback.

Usage: bench/cluster        (see the BENCH_* variables in bench/cluster)

Measures, in one run on this machine:
  1. durable commits/s at one client through the leader: Lighthouse PATCH vs etcd v3 put,
     both 3-node clusters, one 30 s unmeasured warm-up each, then interleaved rounds, median
     reported (target >= 1.0x etcd);
  2. commit -> visible on every replica (a long poll waits on each follower; the time until both answered),
     p50/p90/p99 (target p50 <= 5 ms), after unmeasured samples that warm the followers' poll path; the
     first samples, taken cold, are printed too;
  3. linearizable reads/s at 16 clients: Lighthouse GET ?consistent=true vs etcd's default (linearizable)
     POST /v3/kv/range, through the leader and through a follower, interleaved rounds, median reported
     (target >= 1.0x etcd);
  4. leader SIGKILL -> first successful commit through a survivor (target <= 3 s).
Writes bench/out/cluster-results.txt.
"""
import base64
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOST = "127.0.0.1"
sys.path.insert(0, HERE)
import bench  # noqa: E402  (percentile)
from clusters import Etcd, Lighthouse, Procs, get_json, wait_until  # noqa: E402  (the two 3-node clusters)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_COMMIT_WARMUP", "3"))
# One longer unmeasured run per system before the rounds: three JVMs compiling on two cores
# otherwise make the first rounds measure the JIT (261 -> 542 -> 751/s over three rounds,
# etcd flat). Both systems get the same; a server's steady state is what users live with.
FIRST_WARMUP = int(os.environ.get("BENCH_FIRST_WARMUP", "30"))
VISIBILITY_SAMPLES = int(os.environ.get("BENCH_VISIBILITY_SAMPLES", "300"))
# The commit warm-up never runs the followers' long-poll path; without its own warm-up the
# first samples measure the JIT (p50 6.2 -> 4.7 -> 3.9 -> 3.2 -> 2.6 ms over five runs of 1,000).
VISIBILITY_WARMUP = int(os.environ.get("BENCH_VISIBILITY_WARMUP", "5000"))
FAILOVERS = int(os.environ.get("BENCH_FAILOVERS", "3"))
READ_CLIENTS = int(os.environ.get("BENCH_READ_CLIENTS", "16"))
# Concurrent writers: does the leader batch concurrent proposals into shared appends and syncs?
WRITERS = int(os.environ.get("BENCH_WRITERS", "16"))
# BENCH_ONLY=commits: only the commit rows (one client and WRITERS clients), for work on the write path.
ONLY = os.environ.get("BENCH_ONLY", "")
# Consistent reads run code the commit warm-up never touches (the read index, the read's HTTP path).
READ_FIRST_WARMUP = int(os.environ.get("BENCH_READ_FIRST_WARMUP", "10"))


def log(msg):
    print("[cluster-bench %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


# ------------------------------------------------------------------ measurements

BENCH_LINE = re.compile(r"BENCH requests=(\d+) duration_us=(\d+) status_errors=(\d+) socket_errors=(\d+) "
                        r"p50_us=(\d+) p90_us=(\d+) p99_us=(\d+)")


def wrk_commits(port, mode, start, seconds, clients=1):
    # One wrk thread whatever the connections: its one counter gives every request a value of its own.
    cmd = ["wrk", "-t1", "-c%d" % clients, "-d%ds" % seconds, "--timeout", "10s", "-s", os.path.join(HERE, "wrk-commit.lua"),
           "http://%s:%d" % (HOST, port), "--", mode, str(start)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    m = BENCH_LINE.search(out)
    if not m:
        raise SystemExit("wrk printed no summary: " + out[-500:])
    requests, duration, status_errors, socket_errors, p50, p90, p99 = (int(g) for g in m.groups())
    if status_errors or socket_errors:
        raise SystemExit("%s commits had %d status and %d socket errors" % (mode, status_errors, socket_errors))
    return requests / (duration / 1e6), p50 / 1000.0, p99 / 1000.0


def wrk_reads(port, mode, seconds):
    """Linearizable reads of one small key at READ_CLIENTS connections: Lighthouse ?consistent=true, etcd range."""
    if mode == "lighthouse":
        url, script = "http://%s:%d/data/bench/read?consistent=true" % (HOST, port), "wrk-report.lua"
    else:
        url, script = "http://%s:%d/v3/kv/range" % (HOST, port), "wrk-range.lua"
    cmd = ["wrk", "-t2", "-c%d" % READ_CLIENTS, "-d%ds" % seconds, "--timeout", "10s",
           "-s", os.path.join(HERE, script), url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    m = BENCH_LINE.search(out)
    if not m:
        raise SystemExit("wrk printed no summary: " + out[-500:])
    requests, duration, status_errors, socket_errors, p50, p90, p99 = (int(g) for g in m.groups())
    if status_errors or socket_errors:
        raise SystemExit("%s reads had %d status and %d socket errors" % (mode, status_errors, socket_errors))
    return requests / (duration / 1e6), p50 / 1000.0, p99 / 1000.0


def seed_reads(lh, etcd):
    """Writes the value both systems' read runs read, and checks every member serves it."""
    value = "read-%d" % os.getpid()
    conn = http.client.HTTPConnection(HOST, lh.http[lh.leader()], timeout=10)
    conn.request("PATCH", "/data/bench", body=json.dumps({"read": value}).encode(),
                 headers={"Content-Type": "application/merge-patch+json"})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    if resp.status != 200:
        raise SystemExit("could not write the value to read: %d" % resp.status)
    key = base64.b64encode(b"bench/read").decode()
    conn = http.client.HTTPConnection(HOST, etcd.client[etcd.leader()], timeout=10)
    conn.request("POST", "/v3/kv/put", body=json.dumps({"key": key, "value": base64.b64encode(value.encode())
                                                         .decode()}).encode(), headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    if resp.status != 200:
        raise SystemExit("could not put the value to read in etcd: %d" % resp.status)
    for name, port in lh.http.items():
        status, got = get_json(port, "/data/bench/read?consistent=true")
        if status != 200 or got != value:
            raise SystemExit("Lighthouse %s read %d %r instead of %r" % (name, status, got, value))
    for name, port in etcd.client.items():
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        conn.request("POST", "/v3/kv/range", body=json.dumps({"key": key}).encode(),
                     headers={"Content-Type": "application/json"})
        kvs = json.loads(conn.getresponse().read()).get("kvs", [])
        conn.close()
        if len(kvs) != 1 or base64.b64decode(kvs[0]["value"]).decode() != value:
            raise SystemExit("etcd %s read %s instead of %r" % (name, kvs, value))


def read_rounds(lh, etcd):
    """Interleaved rounds of consistent reads via each system's leader and via one of its followers.

    Returns {(system, "leader"|"follower"): [(rate, p50, p99), ...]}.
    """
    seed_reads(lh, etcd)
    lh_leader, etcd_leader = lh.leader(), etcd.leader()
    ports = {
        ("lighthouse", "leader"): lh.http[lh_leader],
        ("lighthouse", "follower"): lh.http[[n for n in lh.http if n != lh_leader][0]],
        ("etcd", "leader"): etcd.client[etcd_leader],
        ("etcd", "follower"): etcd.client[[n for n in etcd.client if n != etcd_leader][0]],
    }
    if READ_FIRST_WARMUP > 0:
        log("warming up consistent reads with %d s per system and member (not measured)" % READ_FIRST_WARMUP)
        for (mode, _), port in ports.items():
            wrk_reads(port, mode, READ_FIRST_WARMUP)
    runs = {key: [] for key in ports}
    for r in range(1, ROUNDS + 1):
        systems = ("lighthouse", "etcd") if r % 2 == 1 else ("etcd", "lighthouse")
        for where in ("leader", "follower"):
            for mode in systems:
                port = ports[(mode, where)]
                wrk_reads(port, mode, WARMUP)
                rate, p50, p99 = wrk_reads(port, mode, DURATION)
                log("round %d: %s consistent reads via %s, c%d: %.0f/s (p50 %.2f ms, p99 %.2f ms)"
                    % (r, mode, where, READ_CLIENTS, rate, p50, p99))
                runs[(mode, where)].append((rate, p50, p99))
    return runs


def read_results(runs):
    lines = []
    for where in ("leader", "follower"):
        lh_rates = [x[0] for x in runs[("lighthouse", where)]]
        etcd_rates = [x[0] for x in runs[("etcd", where)]]
        lh_rate, etcd_rate = statistics.median(lh_rates), statistics.median(etcd_rates)
        lines.append("3-node consistent reads/s at c%d via %-8s Lighthouse %s  etcd %s  ratio %.2fx  target >= 1.0x  %s" % (
            READ_CLIENTS, where, "{:,.0f}".format(lh_rate), "{:,.0f}".format(etcd_rate), lh_rate / etcd_rate,
            "PASS" if lh_rate >= etcd_rate else "FAIL"))
        for mode in ("lighthouse", "etcd"):
            lines.append("  rounds: %-10s %s per s (p50/p99 ms %s)" % (
                "Lighthouse" if mode == "lighthouse" else "etcd",
                " / ".join("{:,.0f}".format(x[0]) for x in runs[(mode, where)]),
                " ".join("%.2f/%.2f" % (x[1], x[2]) for x in runs[(mode, where)])))
    return lines


def visibility(lh, leader, samples):
    """Commit through the leader while a long poll waits on each follower; time until both answered.

    The polls ask for the version before the commit (`?wait=<seq>`), so each answers as soon as its
    follower has applied the commit, whether the poll reached it before or after the commit did.
    Returns the delays in ms, in the order taken.
    """
    followers = [n for n in lh.http if n != leader]
    writer = http.client.HTTPConnection(HOST, lh.http[leader], timeout=10)
    readers = {n: http.client.HTTPConnection(HOST, lh.http[n], timeout=10) for n in followers}
    seq = int(get_json(lh.http[leader], "/version")[1]["seq"])
    delays = []
    for i in range(samples):
        value = "%d-%d-%d" % (os.getpid(), time.monotonic_ns(), i)
        body = json.dumps({"visible": value}).encode()
        for n in followers:
            readers[n].request("GET", "/data/bench/visible?wait=%d&timeout=5s" % seq)
        t0 = time.perf_counter()
        writer.request("PATCH", "/data/bench", body=body, headers={"Content-Type": "application/merge-patch+json"})
        resp = writer.getresponse()
        reply = json.loads(resp.read())
        if resp.status != 200:
            raise SystemExit("commit for visibility failed: %d" % resp.status)
        seq = int(reply["committed"]["seq"])
        expected = json.dumps(value).encode()
        for n in followers:
            r = readers[n].getresponse()
            data = r.read().strip()
            if r.status != 200 or data != expected or int(r.getheader("X-Lighthouse-Seq")) != seq:
                raise SystemExit("follower %s answered %d %s (seq %s) instead of %s at seq %d"
                                 % (n, r.status, data, r.getheader("X-Lighthouse-Seq"), expected, seq))
        delays.append((time.perf_counter() - t0) * 1000.0)
    for c in [writer] + list(readers.values()):
        c.close()
    return delays


def etcd_visibility(etcd, leader, samples):
    """The baseline for visibility: a put through etcd's leader while a watch on each follower waits.

    etcd's JSON gateway streams a watch as one JSON object per line; each follower answers once
    it has applied the put, as a Lighthouse follower answers its long poll.
    """
    key = base64.b64encode(b"bench/visible").decode()
    followers = [n for n in etcd.client if n != leader]
    watches = {}
    for n in followers:
        conn = http.client.HTTPConnection(HOST, etcd.client[n], timeout=10)
        conn.request("POST", "/v3/watch", body=json.dumps({"create_request": {"key": key}}).encode(),
                     headers={"Content-Type": "application/json"})
        stream = conn.getresponse()
        if not json.loads(stream.readline())["result"].get("created"):
            raise SystemExit("etcd %s did not create the watch" % n)
        watches[n] = (conn, stream)
    writer = http.client.HTTPConnection(HOST, etcd.client[leader], timeout=10)
    delays = []
    for i in range(samples):
        value = base64.b64encode(("%d-%d-%d" % (os.getpid(), time.monotonic_ns(), i)).encode()).decode()
        t0 = time.perf_counter()
        writer.request("POST", "/v3/kv/put", body=json.dumps({"key": key, "value": value}).encode(),
                       headers={"Content-Type": "application/json"})
        resp = writer.getresponse()
        resp.read()
        if resp.status != 200:
            raise SystemExit("etcd put for visibility failed: %d" % resp.status)
        for n, (_, stream) in watches.items():
            events = json.loads(stream.readline())["result"].get("events", [])
            if not events or events[-1]["kv"]["value"] != value:
                raise SystemExit("etcd %s watch sent %s instead of the put value" % (n, events))
        delays.append((time.perf_counter() - t0) * 1000.0)
    for conn, _ in watches.values():
        conn.close()
    writer.close()
    return delays


def percentiles(delays):
    ordered = sorted(delays)
    return [bench.percentile(ordered, p) for p in (50, 90, 99)]


def failover(lh, procs):
    """SIGKILL the leader, then commit through the survivors until one answers 200."""
    leader = lh.leader()
    survivors = [n for n in lh.http if n != leader]
    body = json.dumps({"failover": time.time()}).encode()
    t0 = time.perf_counter()
    procs.kill("lh-" + leader)
    elapsed = None
    deadline = t0 + 30
    while elapsed is None and time.perf_counter() < deadline:
        for n in survivors:
            try:
                conn = http.client.HTTPConnection(HOST, lh.http[n], timeout=5)
                conn.request("PATCH", "/data/bench", body=body, headers={"Content-Type": "application/merge-patch+json"})
                resp = conn.getresponse()
                resp.read()
                conn.close()
                if resp.status == 200:
                    elapsed = time.perf_counter() - t0
                    break
            except (OSError, http.client.HTTPException):
                pass
        time.sleep(0.01)
    if elapsed is None:
        raise SystemExit("no commit succeeded within 30 s of killing the leader " + leader)
    log("failover: killed %s, first commit after %.2f s" % (leader, elapsed))
    lh.start(leader)
    lh.wait_active(list(lh.http))
    return elapsed


def main():
    for tool in ("wrk", "etcd"):
        if shutil.which(tool) is None:
            raise SystemExit(tool + " is required (bench/cluster installs it)")
    load_before = open("/proc/loadavg").read().split()[0]
    tmp = tempfile.mkdtemp(prefix="lighthouse-cluster-bench.")
    procs = Procs(tmp)
    signal.signal(signal.SIGTERM, lambda s, f: sys.exit(143))
    results = []
    try:
        lh = Lighthouse(procs, tmp)
        etcd = Etcd(procs, tmp)
        log("starting 3 Lighthouse nodes and 3 etcd members in " + tmp)
        lh.start_all()
        etcd.start_all()
        lh_rates, etcd_rates, lh_lat, etcd_lat = [], [], [], []
        many = {"lighthouse": [], "etcd": []}
        if FIRST_WARMUP > 0:
            log("warming up each system with %d s of the same commits (not measured)" % FIRST_WARMUP)
            wrk_commits(lh.http[lh.leader()], "lighthouse", 900000000, FIRST_WARMUP)
            wrk_commits(etcd.client[etcd.leader()], "etcd", 900000000, FIRST_WARMUP)
        for r in range(1, ROUNDS + 1):
            lh_port = lh.http[lh.leader()]
            etcd_port = etcd.client[etcd.leader()]
            for mode, port in (("lighthouse", lh_port), ("etcd", etcd_port)):
                wrk_commits(port, mode, r * 100000000, WARMUP)
                rate, p50, p99 = wrk_commits(port, mode, r * 100000000 + 50000000, DURATION)
                log("round %d: %s %.0f commits/s (p50 %.2f ms, p99 %.2f ms)" % (r, mode, rate, p50, p99))
                (lh_rates if mode == "lighthouse" else etcd_rates).append(rate)
                (lh_lat if mode == "lighthouse" else etcd_lat).append((p50, p99))
                rate, p50, p99 = wrk_commits(port, mode, r * 100000000 + 70000000, DURATION, WRITERS)
                log("round %d: %s %.0f commits/s at %d clients (p50 %.2f ms, p99 %.2f ms)" % (
                    r, mode, rate, WRITERS, p50, p99))
                many[mode].append((rate, p50, p99))
        lh_rate, etcd_rate = statistics.median(lh_rates), statistics.median(etcd_rates)
        lh_many, etcd_many = (statistics.median(x[0] for x in many[m]) for m in ("lighthouse", "etcd"))
        commit_rows = [
            "3-node commits/s at 1 client via leader  Lighthouse %s  etcd %s  ratio %.2fx  target >= 1.0x  %s" % (
                "{:,.0f}".format(lh_rate), "{:,.0f}".format(etcd_rate), lh_rate / etcd_rate,
                "PASS" if lh_rate >= etcd_rate else "FAIL"),
            "  rounds: Lighthouse %s per s (p50/p99 ms %s)" % (
                " / ".join("{:,.0f}".format(x) for x in lh_rates),
                " ".join("%.2f/%.2f" % x for x in lh_lat)),
            "          etcd       %s per s (p50/p99 ms %s)" % (
                " / ".join("{:,.0f}".format(x) for x in etcd_rates),
                " ".join("%.2f/%.2f" % x for x in etcd_lat)),
            "3-node commits/s at %d clients via leader  Lighthouse %s  etcd %s  ratio %.2fx  (%.1fx and %.1fx one client's)" % (
                WRITERS, "{:,.0f}".format(lh_many), "{:,.0f}".format(etcd_many), lh_many / etcd_many,
                lh_many / lh_rate, etcd_many / etcd_rate),
        ] + ["  rounds: %-10s %s per s (p50/p99 ms %s)" % (
            m, " / ".join("{:,.0f}".format(x[0]) for x in many[m]), " ".join("%.2f/%.2f" % x[1:] for x in many[m]))
            for m in ("lighthouse", "etcd")]
        results = commit_rows
        if ONLY != "commits":
            reads = read_rounds(lh, etcd)
            leader = lh.leader()
            cold = percentiles(visibility(lh, leader, VISIBILITY_SAMPLES))
            log("visibility, first %d samples (followers' poll path not yet compiled): p50 %.2f ms, p90 %.2f ms, "
                "p99 %.2f ms" % tuple([VISIBILITY_SAMPLES] + cold))
            if VISIBILITY_WARMUP > 0:
                log("warming the visibility path with %d unmeasured samples" % VISIBILITY_WARMUP)
                visibility(lh, leader, VISIBILITY_WARMUP)
            vis = percentiles(visibility(lh, leader, VISIBILITY_SAMPLES))
            log("visibility on every replica: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms" % tuple(vis))
            etcd_leader = etcd.leader()
            etcd_visibility(etcd, etcd_leader, VISIBILITY_WARMUP)
            etcd_vis = percentiles(etcd_visibility(etcd, etcd_leader, VISIBILITY_SAMPLES))
            log("etcd visibility (watch on each follower): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms" % tuple(etcd_vis))
            fails = [failover(lh, procs) for _ in range(FAILOVERS)]
            results = commit_rows + read_results(reads) + [
                "commit -> visible on every replica (ms)  p50 %.2f  p90 %.2f  p99 %.2f  n=%d  target p50 <= 5 ms  %s" % (
                    vis[0], vis[1], vis[2], VISIBILITY_SAMPLES, "PASS" if vis[0] <= 5 else "FAIL"),
                "  etcd (a watch on each follower, same warm-up)          p50 %.2f  p90 %.2f  p99 %.2f  etcd p50 / Lighthouse p50 %.2fx" % (
                    etcd_vis[0], etcd_vis[1], etcd_vis[2], etcd_vis[0] / vis[0]),
                "  Lighthouse cold (first %d samples, before %d unmeasured ones)  p50 %.2f  p90 %.2f  p99 %.2f" % (
                    VISIBILITY_SAMPLES, VISIBILITY_WARMUP, cold[0], cold[1], cold[2]),
                "leader SIGKILL -> first commit (s)       median %.2f  of %s  target <= 3 s  %s" % (
                    statistics.median(fails), " ".join("%.2f" % f for f in fails),
                    "PASS" if statistics.median(fails) <= 3 else "FAIL"),
            ]
    finally:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    header = "Lighthouse 3-node benchmark  %s (git %s), %d cores, load before %s, after %s" % (
        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
        os.cpu_count(), load_before, open("/proc/loadavg").read().split()[0])
    text = "\n".join([header] + results) + "\n"
    os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
    with open(os.path.join(HERE, "out", "cluster-results.txt"), "w") as f:
        f.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()
