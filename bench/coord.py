#!/usr/bin/env python3
"""Coordination benchmark: sessions, groups and hand-over on a 3-node Lighthouse cluster, against etcd leases.

Usage: bench/coord        (see the BENCH_* variables below and in bench/README.md)

Measures, in one run on this machine (all on loopback):
  a. 10,000 sessions with ttl 10s, each renewed every ttl/3 through one of the three members
     (~3,300 renewals/s), 60 s measured after a warm-up: renewals/s, latency, expiries (must be 0),
     and the servers' CPU-seconds per renewal (utime + stime of the three processes), against the
     same load of etcd lease keep-alives through its JSON gateway (POST /v3/lease/keepalive):
     renewals per CPU-second, ratio Lighthouse / etcd (target >= 1.0x);
  b. a group change -> the answer of long polls waiting on every node, p50 (target <= 5 ms);
  c. `lighthousectl run --count 1 --ttl 2s`: holder SIGKILLed -> the next one's START (target <= 3 s);
  d. the leader SIGKILLed under the 10,000-session load, renewals moving to the survivors: expiries (must be 0).
Writes bench/out/coord-results.txt.
"""
import http.client
import json
import os
import random
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
import bench  # noqa: E402  (percentile, columns)
import clusters  # noqa: E402  (the two 3-node clusters)
import groupvis  # noqa: E402
import renewals  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "10000"))
TTL = int(os.environ.get("BENCH_TTL", "10"))
MEASURE = int(os.environ.get("BENCH_RENEW_SECONDS", "60"))
# Renewing before the window: every session on its schedule and the servers' renewal paths compiled.
RENEW_WARMUP = int(os.environ.get("BENCH_RENEW_WARMUP", "15"))
# Enough that neither system is held back by the client: each connection carries one renewal at a time.
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
# After the leader's SIGKILL the load goes on this long: past a full ttl from the new leader's start.
FAILOVER_HOLD = int(os.environ.get("BENCH_FAILOVER_HOLD", str(TTL + 5)))
GROUP_CHANGES = int(os.environ.get("BENCH_GROUP_CHANGES", "50"))
GROUP_WARMUP = int(os.environ.get("BENCH_GROUP_WARMUP", "300"))
GROUP_POLLS = int(os.environ.get("BENCH_GROUP_POLLS", "3"))
HANDOVERS = int(os.environ.get("BENCH_HANDOVERS", "5"))
HANDOVER_TTL = 2
IDLE_SECONDS = int(os.environ.get("BENCH_IDLE_SECONDS", "10"))
EXPIRED_LINE = b"expired: not renewed within its ttl"


def log(msg):
    print("[coord-bench %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def call(port, method, path, body=None, timeout=10.0):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, (json.loads(data) if data else None)
    finally:
        conn.close()


# ------------------------------------------------------------------ a + d: renewals

def expired_ids(procs, names):
    """The ids of the sessions the nodes logged as expired (an open that timed out may leave one nobody renews)."""
    ids = set()
    for name in names:
        with open(procs.log_path(name), "rb") as f:
            for line in f:
                if EXPIRED_LINE in line:
                    ids.add(line.split(b"session ", 1)[1].split()[0].decode())
    return ids


def expiries_logged(procs, names, load):
    return len(expired_ids(procs, names).intersection(load.keys))


def sustain(api, ports, pids, by_thread=False):
    """Opens the sessions, renews them through a warm-up, then measures MEASURE s. Returns (load, result).

    by_thread: also where each server's CPU went, by kind of thread (named JVM threads; Go's are not).
    """
    load = renewals.RenewalLoad(api, list(ports.values()), SESSIONS, TTL / 3.0, CONNECTIONS)
    load.start()
    t0 = time.monotonic()
    load.open_all(seconds=300, progress=log)
    opened = time.monotonic() - t0
    log("%s: %d sessions open in %.1f s (%d failed opens retried); renewing every %.2f s, %d s warm-up"
        % (api.name, SESSIONS, opened, load.open_failures, TTL / 3.0, RENEW_WARMUP))
    time.sleep(RENEW_WARMUP)
    threads = {name: clusters.thread_cpu(pid) for name, pid in pids.items()} if by_thread else {}
    before = {name: clusters.cpu_seconds(pid) for name, pid in pids.items()}
    load.begin_window()
    time.sleep(MEASURE)
    result = load.end_window()
    result["server_cpu"] = {name: clusters.cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    result["threads"] = {name: clusters.cpu_by_kind(threads[name], clusters.thread_cpu(pid))
                         for name, pid in pids.items() if by_thread}
    cpu = sum(result["server_cpu"].values())
    result["rate"] = result["renewals"] / result["seconds"]
    result["open_seconds"] = opened
    result["per_cpu_second"] = result["renewals"] / cpu if cpu else float("nan")
    lat = sorted(result.pop("latencies"))
    result["p50_ms"], result["p99_ms"] = (bench.percentile(lat, p) * 1000 if lat else float("nan") for p in (50, 99))
    log("%s: %.0f renewals/s over %.0f s, p50 %.2f ms, p99 %.2f ms; servers %.1f CPU-s (%s) = %.0f renewals per "
        "CPU-second; generator %.0f%% of a core; errors %s" % (
            api.name, result["rate"], result["seconds"], result["p50_ms"], result["p99_ms"], cpu,
            ", ".join("%s %.1f" % kv for kv in sorted(result["server_cpu"].items())), result["per_cpu_second"],
            100 * result["client_cpu"] / result["seconds"], result["errors"] or "none"))
    return load, result


def lighthouse_round(lh, procs, failover):
    names = ["lh-" + n for n in lh.http]
    leader = lh.leader()
    roles = {n: ("leader" if n == leader else "follower") for n in lh.http}
    load, result = sustain(renewals.Lighthouse(TTL), lh.http, {n: lh.pid(n) for n in lh.http}, by_thread=True)
    result["roles"] = roles
    try:
        # Expiries are counted twice over: the leader logs each one, and a renewal of an expired session is 404.
        logged, lost = expiries_logged(procs, names, load), load.snapshot()["lost"]
        result["expired"] = max(logged, lost)
        if failover:
            result["failover"] = leader_killed(lh, procs, load)
            result["failover"]["expired"] = max(expiries_logged(procs, names, load) - logged,
                                                load.snapshot()["lost"] - lost)
        survivors = [n for n in lh.http if "lh-" + n in procs.procs]
        result["missing"] = missing_sessions(lh.http[lh.leader(survivors)], load)
        result["logged_expiries"] = expiries_logged(procs, names, load)
        result["lost"] = load.snapshot()["lost"]
        if not failover:
            result["expired"] = max(result["expired"], result["missing"])
        result["unended"] = load.end_all(seconds=300)
    finally:
        load.close()
    if failover:
        lh.start(result["failover"]["killed"])
        lh.wait_active(list(lh.http))
    return result


def etcd_round(etcd):
    load, result = sustain(renewals.Etcd(TTL), etcd.client, {n: etcd.pid(n) for n in etcd.client})
    leader = etcd.leader()
    result["roles"] = {n: ("leader" if n == leader else "follower") for n in etcd.client}
    try:
        status, leases = call(etcd.client[leader], "POST", "/v3/lease/leases", b"{}")
        present = {lease["ID"] for lease in (leases or {}).get("leases", [])}
        result["missing"] = sum(1 for key in load.keys if key not in present)
        result["lost"] = load.snapshot()["lost"]
        result["expired"] = max(result["missing"], result["lost"])
        result["logged_expiries"] = None
        result["unended"] = load.end_all(seconds=300)
    finally:
        load.close()
    return result


def missing_sessions(port, load):
    status, sessions = call(port, "GET", "/sessions", timeout=30)
    if status != 200:
        raise SystemExit("GET /sessions answered %d" % status)
    present = {s["id"] for s in sessions}
    return sum(1 for key in load.keys if key not in present)


def leader_killed(lh, procs, load):
    """SIGKILLs the leader while the load runs; the load moves on to the survivors. Returns what happened."""
    leader = lh.leader()
    survivors = [n for n in lh.http if n != leader]
    before = load.snapshot()
    t0 = time.monotonic()
    procs.kill("lh-" + leader)
    new_leader = None
    while new_leader is None and time.monotonic() - t0 < 30:
        for n in survivors:
            try:
                status, view = call(lh.http[n], "GET", "/cluster", timeout=1)
                if status == 200 and view.get("leader") in survivors:
                    new_leader = view["leader"]
            except (OSError, ValueError, http.client.HTTPException):
                pass
        time.sleep(0.02)
    elected = time.monotonic() - t0
    if new_leader is None:
        raise SystemExit("no new leader within 30 s of killing " + leader)
    time.sleep(max(0.0, FAILOVER_HOLD - (time.monotonic() - t0)))
    after = load.snapshot()
    gap = load.take_gap()
    errors = {k: v - before["errors"].get(k, 0) for k, v in after["errors"].items() if v - before["errors"].get(k, 0)}
    log("leader %s SIGKILLed under load: %s leads after %.2f s; %d renewals in the %d s after, errors %s, lost %d"
        % (leader, new_leader, elected, after["renewals"] - before["renewals"], FAILOVER_HOLD,
           errors or "none", after["lost"] - before["lost"]))
    return {"killed": leader, "new_leader": new_leader, "elected_s": elected, "errors": errors, "gap": gap,
            "renewals": after["renewals"] - before["renewals"], "lost": after["lost"] - before["lost"]}


# ------------------------------------------------------------------ b: group visibility

def group_visibility(lh):
    status, session = call(lh.http[lh.leader()], "POST", "/sessions", b'{"ttl":"30s"}')
    if status != 201:
        raise SystemExit("could not open the group's session: %d" % status)
    vis = groupvis.Visibility(lh.http, GROUP_POLLS)
    if GROUP_WARMUP:
        log("group visibility: %d unmeasured changes first" % GROUP_WARMUP)
        vis.run(session["id"], GROUP_WARMUP)
    samples = vis.run(session["id"], GROUP_CHANGES)
    call(lh.http[lh.leader()], "DELETE", "/sessions/" + session["id"])
    every = sorted(s[0] * 1000 for s in samples)
    after_ack = sorted(d * 1000 for s in samples for d in s[2])
    result = {"p50": bench.percentile(every, 50), "p90": bench.percentile(every, 90), "p99": bench.percentile(every, 99),
              "ack_p50": bench.percentile(after_ack, 50), "ack_p99": bench.percentile(after_ack, 99),
              "nodes": {n: bench.percentile(sorted(s[1][n] * 1000 for s in samples), 50) for n in lh.http}}
    log("group change -> long polls on every node answered: p50 %.2f ms, p90 %.2f, p99 %.2f (after the ack: p50 %.2f,"
        " p99 %.2f)" % (result["p50"], result["p90"], result["p99"], result["ack_p50"], result["ack_p99"]))
    return result


# ------------------------------------------------------------------ c: hand-over

def handover(lh, procs, tmp, rep):
    """Two `run --count 1 --ttl 2s`; the holder SIGKILLed; seconds until the other's START ran."""
    servers = ",".join("http://%s:%d" % (HOST, p) for p in lh.http.values())
    group = "bench-handover"
    files = {n: os.path.join(tmp, "handover-%d-%s.txt" % (rep, n)) for n in ("a", "b")}

    def run(name):
        mark = "echo %s $(date +%%s.%%N) >> " + files[name]
        procs.start("ctl-%d-%s" % (rep, name), [os.path.join(ROOT, "bin/lighthousectl"), "run", group, "--count", "1",
                                               "--ttl", "%ds" % HANDOVER_TTL, "--name", name, "--server", servers,
                                               "--start", mark % "START", "--stop", mark % "STOP"])

    def starts(name):
        try:
            with open(files[name]) as f:
                return [float(line.split()[1]) for line in f if line.startswith("START")]
        except FileNotFoundError:
            return []

    port = lh.http[lh.leader()]
    run("a")
    clusters.wait_until("a to hold " + group, 60, lambda: starts("a"))
    run("b")
    clusters.wait_until("b to wait in " + group, 60,
                        lambda: len(call(port, "GET", "/groups/" + group)[1]["members"]) == 2)
    time.sleep(random.uniform(0, HANDOVER_TTL / 3.0))  # anywhere in a's renewal period
    if starts("b"):
        raise SystemExit("b ran START while a held")
    killed_at = time.time()
    procs.kill("ctl-%d-a" % rep)
    clusters.wait_until("b's START", 30, lambda: starts("b"))
    elapsed = starts("b")[0] - killed_at
    b = procs.procs.pop("ctl-%d-b" % rep)
    b.send_signal(signal.SIGTERM)
    b.wait(timeout=30)
    clusters.wait_until(group + " to empty", 30, lambda: not call(port, "GET", "/groups/" + group)[1]["members"])
    log("hand-over %d: a SIGKILLed, b's START %.2f s later" % (rep, elapsed))
    return elapsed


def idle_cpu(pids):
    """CPU-seconds per second each process burns with no client at all (heartbeats, timers, GC)."""
    before = {name: clusters.cpu_seconds(pid) for name, pid in pids.items()}
    time.sleep(IDLE_SECONDS)
    return {name: (clusters.cpu_seconds(pid) - before[name]) / IDLE_SECONDS for name, pid in pids.items()}


# ------------------------------------------------------------------ the table

def verdict(ok):
    return "PASS" if ok else "FAIL"


def renewal_rows(lh_runs, etcd_runs):
    lh_eff = statistics.median(r["per_cpu_second"] for r in lh_runs)
    etcd_eff = statistics.median(r["per_cpu_second"] for r in etcd_runs)
    lh_rate = statistics.median(r["rate"] for r in lh_runs)
    etcd_rate = statistics.median(r["rate"] for r in etcd_runs)
    expired = sum(r["expired"] for r in lh_runs)
    etcd_expired = sum(r["expired"] for r in etcd_runs)
    target_rate = SESSIONS / (TTL / 3.0)
    return [
        ("renewals per server CPU-second", "{:,.0f}".format(lh_eff), "etcd keepalive {:,.0f}".format(etcd_eff),
         "%.2fx" % (lh_eff / etcd_eff), ">= 1.0x", verdict(lh_eff >= etcd_eff)),
        ("renewals/s achieved (%s sessions, ttl %ds)" % ("{:,}".format(SESSIONS), TTL), "{:,.0f}".format(lh_rate),
         "etcd {:,.0f}".format(etcd_rate), "%.2fx" % (lh_rate / etcd_rate), ">= %s/s (-2%%)" % "{:,.0f}".format(
             target_rate), verdict(lh_rate >= 0.98 * target_rate)),
        ("sessions expired under the load", "%d" % expired, "etcd %d" % etcd_expired, "", "0",
         verdict(expired == 0)),
    ]


def renewal_details(name, run):
    cpu = run["server_cpu"]
    lines = ["  [%s] %.0f renewals/s over %.1f s (%s renewals); latency p50 %.2f ms, p99 %.2f ms; errors %s" % (
        name, run["rate"], run["seconds"], "{:,}".format(run["renewals"]), run["p50_ms"], run["p99_ms"],
        run["errors"] or "none"),
        "      server CPU %.1f s = %.0f renewals per CPU-second, %.0f us per renewal; per node: %s" % (
        sum(cpu.values()), run["per_cpu_second"], 1e6 / run["per_cpu_second"],
        ", ".join("%s (%s) %.1f s" % (n, run["roles"].get(n, "?"), cpu[n]) for n in sorted(cpu))),
        "      generator thread %.1f CPU-s (%.0f%% of one core); latest dispatch %.0f ms behind schedule; longest time"
        " between two renewals of one session (ttl %d s): %.2f s in the window, %.2f s while opening and warming up"
        % (run["client_cpu"], 100 * run["client_cpu"] / run["seconds"], 1000 * run["max_late"], TTL, run["gap_window"],
           run["gap_before"]),
        "      opening the %s sessions took %.1f s (%.0f/s, %d at a time, not measured); until the window: %s "
        "renewals, %d answered 'gone', errors %s" % (
        "{:,}".format(SESSIONS), run["open_seconds"], SESSIONS / run["open_seconds"], renewals.OPENS_IN_FLIGHT,
        "{:,}".format(run["renewals_before"]), run["lost_before"], run["errors_before"] or "none"),
        "      expiry check: %d of %s gone at the end, %d renewals answered 'gone'%s; %d could not be ended" % (
        run["missing"], "{:,}".format(SESSIONS), run["lost"],
        "" if run["logged_expiries"] is None else ", %d expiries logged" % run["logged_expiries"], run["unended"])]
    for kind, body in sorted(run["error_samples"].items()):
        lines.append("      first '%s' answer: %s" % (kind, body.replace("\n", " ")))
    for node in sorted(run["threads"]):
        kinds = sorted(run["threads"][node].items(), key=lambda kv: -kv[1])
        lines.append("      %s (%s) CPU by thread: %s" % (node, run["roles"].get(node, "?"), ", ".join(
            "%s %.1f s" % kv for kv in kinds[:7] if kv[1] >= 0.05)))
    return lines


def main():
    if shutil.which("etcd") is None:
        raise SystemExit("etcd is required (bench/coord installs it)")
    load_before = open("/proc/loadavg").read().split()[0]
    tmp = tempfile.mkdtemp(prefix="lighthouse-coord-bench.")
    procs = clusters.Procs(tmp)
    signal.signal(signal.SIGTERM, lambda s, f: sys.exit(143))
    rows, details = [], []
    try:
        lh = clusters.Lighthouse(procs, tmp)
        etcd = clusters.Etcd(procs, tmp)
        log("starting 3 Lighthouse nodes and 3 etcd members in " + tmp)
        lh.start_all()
        etcd.start_all()
        lh_runs, etcd_runs = [], []
        for r in range(1, ROUNDS + 1):
            for system in (("lighthouse", "etcd") if r % 2 == 1 else ("etcd", "lighthouse")):
                log("round %d: %s" % (r, system))
                if system == "lighthouse":
                    lh_runs.append(lighthouse_round(lh, procs, failover=(r == 1)))
                else:
                    etcd_runs.append(etcd_round(etcd))
        rows += renewal_rows(lh_runs, etcd_runs)
        fail = lh_runs[0]["failover"]
        missing = lh_runs[0]["missing"]
        vis = group_visibility(lh)
        rows.append(("group change -> long polls on all 3 nodes, p50 ms", "%.2f" % vis["p50"],
                     "p90 %.2f  p99 %.2f  n=%d; after the ack p50 %.2f" % (
                         vis["p90"], vis["p99"], GROUP_CHANGES, vis["ack_p50"]), "", "<= 5 ms",
                     verdict(vis["p50"] <= 5)))
        subprocess.run([os.path.join(ROOT, "bin/lighthousectl"), "--version"], capture_output=True, timeout=120)
        handovers = [handover(lh, procs, tmp, i) for i in range(1, HANDOVERS + 1)]
        med = statistics.median(handovers)
        rows.append(("holder SIGKILL -> next START (ttl %ds), s" % HANDOVER_TTL, "%.2f" % med,
                     "of " + " ".join("%.2f" % h for h in handovers), "", "<= %d s" % (HANDOVER_TTL + 1),
                     verdict(med <= HANDOVER_TTL + 1)))
        rows.append(("leader SIGKILL under load: expiries", "%d" % fail["expired"],
                     "new leader after %.2f s; %d sessions missing at the end" % (fail["elected_s"], missing), "", "0",
                     verdict(fail["expired"] == 0 and missing == 0)))
        idle = {}
        if IDLE_SECONDS:
            log("idle CPU: %d s of each cluster with no client" % IDLE_SECONDS)
            idle["Lighthouse"] = idle_cpu({n: lh.pid(n) for n in lh.http})
            idle["etcd"] = idle_cpu({n: etcd.pid(n) for n in etcd.client})
        for i, run in enumerate(lh_runs, 1):
            details += renewal_details("Lighthouse, round %d" % i, run)
        for i, run in enumerate(etcd_runs, 1):
            details += renewal_details("etcd, round %d" % i, run)
        for system, cpu in idle.items():
            runs = lh_runs if system == "Lighthouse" else etcd_runs
            busy = statistics.median(sum(r["server_cpu"].values()) / r["seconds"] for r in runs)
            details.append("  [idle] %s with no client: %.3f CPU-s per second (%s), %.0f%% of its CPU under the load" % (
                system, sum(cpu.values()), ", ".join("%s %.3f" % kv for kv in sorted(cpu.items())),
                100 * sum(cpu.values()) / busy))
        details.append("  [leader SIGKILL] %s killed during round 1 after the window; %s led after %.2f s; in the %d s "
                       "after the kill %s renewals, %d answered 'gone', longest time between two renewals of one "
                       "session %.2f s; errors %s, each retried through the next member ('refused': the killed "
                       "member, the first one tried for a third of the sessions, refused the connection)" % (
                           fail["killed"], fail["new_leader"], fail["elected_s"], FAILOVER_HOLD,
                           "{:,}".format(fail["renewals"]), fail["lost"], fail["gap"], fail["errors"] or "none"))
        details.append("  [group] %d changes (joins and leaves through the 3 nodes in turn), %d long polls per node; "
                       "send -> all answered p50 per node: %s; poll answer after the write's ack: p50 %.2f ms, "
                       "p99 %.2f ms (negative: the poll answered before the ack reached the client)" % (
                           GROUP_CHANGES, GROUP_POLLS, ", ".join("%s %.2f ms" % kv for kv in sorted(vis["nodes"].items())),
                           vis["ack_p50"], vis["ack_p99"]))
    finally:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    head = ("measure", "Lighthouse", "baseline", "ratio", "target", "verdict")
    lines = ["Lighthouse coordination benchmark  %s (git %s)" % (
        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()),
        "machine: %d cores; load average before start: %s; after: %s" % (
            os.cpu_count(), load_before, open("/proc/loadavg").read().split()[0]),
        "settings: %d round(s), %s sessions ttl %ds renewed every %.2f s over 3 members, %d s measured after %d s, "
        "%d connections per member" % (ROUNDS, "{:,}".format(SESSIONS), TTL, TTL / 3.0, MEASURE, RENEW_WARMUP,
                                       CONNECTIONS), ""]
    lines += bench.columns(head, rows)
    lines += ["", "details:"] + details
    lines.append("ratios are Lighthouse / etcd measured in this one run on this machine; compare ratios, not absolute "
                 "numbers (the machine is shared and noisy).")
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
    with open(os.path.join(HERE, "out", "coord-results.txt"), "w") as f:
        f.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()
