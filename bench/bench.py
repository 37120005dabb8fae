#!/usr/bin/env python3
"""Helpers for bench/run: ports, waiting, the big document, latency and start-up timing, the table.

Every network call goes to 127.0.0.1 only. Every loop is bounded in count and time.
Subcommands (see bench/run for how they are used):

  freeport N                           print N free loopback TCP ports
  wait URL SECONDS                     poll URL until it answers 200 (exit 1 on time-out)
  gendoc FILE MIB                      write a ~MIB MiB config document (services x regions x hosts)
  load BASE FILE                       load FILE into an empty Lighthouse under one lock, in pieces
  latency BASE PATH N MAX_SECONDS      N sequential one-leaf merge-patch commits on one keep-alive connection
  startup RUNS PATH PIDDIR -- CMD...  time from process start until GET PATH answers 200, RUNS times
  clitime RUNS -- NAME CMD... [-- NAME CMD...]
                                       wall time of short commands, RUNS interleaved rounds (after 2 warm-ups)
  table RESULTS OUT                    print the results table and write it to OUT
"""

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time

HOST = "127.0.0.1"


def freeport(n):
    print(" ".join(str(port) for port in _ports(n)))


def _split(url):
    assert url.startswith("http://127.0.0.1:"), "loopback only: " + url
    rest = url[len("http://127.0.0.1:"):]
    port, _, path = rest.partition("/")
    return int(port), "/" + path


def get_status(port, path, timeout=1.0):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def wait(url, seconds):
    port, path = _split(url)
    deadline = time.monotonic() + float(seconds)
    while time.monotonic() < deadline:
        try:
            if get_status(port, path) == 200:
                return 0
        except OSError:
            pass
        time.sleep(0.05)
    print("timed out waiting for " + url, file=sys.stderr)
    return 1


# ---------------------------------------------------------------- big document

REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
           "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
           "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
           "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-east-1", "me-south-1",
           "me-central-1", "af-south-1", "il-central-1", "mx-central-1"]
HOSTS_PER_REGION = 64
TEAMS = ["payments", "search", "identity", "storage", "edge", "billing", "mail", "media"]


def host(svc, region, h, i):
    return {
        "hostname": "%s-%s-%03d.internal.example" % (svc, region, h),
        "port": 8000 + (i % 100),
        "weight": 100,
        "enabled": (i % 17) != 0,
        "zone": region + "abc"[h % 3],
        "rack": "r%02d-%02d" % (h % 24, i % 40),
        "version": "2.%d.%d" % (i % 30, h % 10),
        "labels": {"env": "prod", "team": TEAMS[i % len(TEAMS)], "tier": ["web", "api", "worker"][h % 3],
                   "canary": h == 0, "owner": "oncall-%s@example.org" % TEAMS[i % len(TEAMS)]},
        "health": {"path": "/healthz", "interval": "10s", "timeout": "2s", "unhealthy_threshold": 3,
                   "healthy_threshold": 2, "expect_status": 200},
        "resources": {"cpu": 2 + h % 8, "memory_mb": 4096 * (1 + h % 4), "disk_gb": 100 + 10 * (h % 5)},
        "limits": {"max_connections": 10000, "rps": 2500 + h, "burst": 500},
        "tls": {"enabled": True, "min_version": "1.2", "cert": "/etc/ssl/%s/%s.pem" % (svc, region)},
        "drain_timeout": "30s",
        "maintenance": None,
        "notes": "placed by scheduler run %d; last deployed from build %08x" % (i % 997, (i * 2654435761) % 2**32),
    }


def service(s):
    name = "svc-%03d" % s
    svc = {
        "owner": TEAMS[s % len(TEAMS)],
        "description": "service %d of the example fleet" % s,
        "config": {"timeout_ms": 1500, "retries": 3, "log_level": "info", "circuit_breaker":
                   {"threshold": 0.5, "window": "30s", "cooldown": "60s"},
                   "features": {"f%02d" % f: (s + f) % 3 == 0 for f in range(16)}},
        "regions": {},
    }
    i = s * 100000
    for region in REGIONS:
        hosts = {}
        for h in range(HOSTS_PER_REGION):
            i += 1
            hosts["host-%03d" % h] = host(name, region, h, i)
        svc["regions"][region] = {"enabled": True, "capacity": 64, "lb": {"algorithm": "least-conn",
                                  "sticky": False, "healthcheck": "/healthz"}, "hosts": hosts}
    return name, svc


def gendoc(path, mib):
    target = int(float(mib) * 1024 * 1024)
    # Every service has the same shape (~1 MiB): size one, then make as many as the target needs.
    name, first = service(0)
    per_service = len(json.dumps(first, separators=(",", ":"))) + len(name) + 4
    count = max(1, min(10000, -(-target // per_service)))
    doc = {"meta": {"generator": "bench/bench.py gendoc", "services": count, "regions": len(REGIONS),
                    "hosts_per_region": HOSTS_PER_REGION}, "services": dict(service(s) for s in range(count))}
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print("%d services x %d regions x %d hosts (%d hosts, ~22 fields each), %.1f MiB" % (
        count, len(REGIONS), HOSTS_PER_REGION, count * len(REGIONS) * HOSTS_PER_REGION,
        os.path.getsize(path) / 1048576.0))


class Client:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1."""

    def __init__(self, port, timeout=60.0):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def call(self, method, path, body=None, ctype="application/json"):
        headers = {}
        if body is not None:
            if isinstance(body, str):
                body = body.encode()
            headers["Content-Type"] = ctype
        self.conn.request(method, path, body=body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        return resp.status, data

    def ok(self, method, path, body=None, ctype="application/json"):
        status, data = self.call(method, path, body, ctype)
        if status != 200:
            raise SystemExit("%s %s -> %d %s" % (method, path, status, data[:300]))
        return data

    def close(self):
        self.conn.close()


def load(base, path):
    """One lock, one PUT per top-level member and per service (each ~1 MiB, far under the
    16 MiB body limit; PUT rather than merge-patch because merge-patch would drop nulls), one commit."""
    port, _ = _split(base)
    with open(path) as f:
        doc = json.load(f)
    c = Client(port, timeout=120.0)
    t0 = time.monotonic()
    c.ok("PUT", "/lock", json.dumps({"name": "bench-load", "locked": True, "ttl": "10m"}))
    pieces = 0
    try:
        for key, value in doc.items():
            if key != "services":
                c.ok("PUT", "/update/bench-load/" + key, json.dumps(value, separators=(",", ":")))
                pieces += 1
        for name, svc in doc["services"].items():
            c.ok("PUT", "/update/bench-load/services/" + name, json.dumps(svc, separators=(",", ":")))
            pieces += 1
        staged = time.monotonic()
        reply = json.loads(c.ok("PUT", "/lock", json.dumps({"name": "bench-load", "locked": False})))
    except BaseException:
        try:
            c.call("DELETE", "/lock?name=bench-load")
        finally:
            raise
    done = time.monotonic()
    committed = reply.get("committed") or {}
    # Check the server holds exactly what was sent.
    served = json.loads(c.ok("GET", "/data/"))
    c.close()
    if served != doc:
        raise SystemExit("the loaded document differs from the generated one")
    print("in %d pieces: staging %.1f s, commit %.2f s, seq %s, verified" % (
        pieces, staged - t0, done - staged, committed.get("seq")))


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def latency(base, leaf, n, max_seconds):
    """PATCH the parent of LEAF with {"<last segment>": counter} on one keep-alive connection,
    one request at a time; prints the percentiles (ms) of the N measured commits as JSON."""
    port, _ = _split(base)
    parent, _, key = leaf.rstrip("/").rpartition("/")
    n, max_seconds = int(n), float(max_seconds)
    c = Client(port, timeout=30.0)
    value = int(time.time() * 1000) % 10**9
    warm = 10
    samples, errors = [], 0
    deadline = time.monotonic() + max_seconds
    for i in range(warm + n):
        value += 1
        body = json.dumps({key: value})
        t = time.perf_counter()
        status, data = c.call("PATCH", "/data" + parent, body, "application/merge-patch+json")
        dt = (time.perf_counter() - t) * 1000.0
        if status != 200 or b'"committed":{' not in data:
            errors += 1
        elif i >= warm:
            samples.append(dt)
        # At least 100 samples (unless far too slow); past that, stop at the time budget.
        if time.monotonic() > deadline and (len(samples) >= 100 or time.monotonic() > deadline + 3 * max_seconds):
            break
    status, data = c.call("GET", "/data" + leaf)
    c.close()
    samples.sort()
    print(json.dumps({"n": len(samples), "errors": errors,
                      "p50": percentile(samples, 50), "p90": percentile(samples, 90),
                      "p99": percentile(samples, 99), "max": samples[-1] if samples else None,
                      "final_value_ok": status == 200 and data.strip() == str(value).encode()}))


def startup(runs, path, piddir, cmd):
    """Runs CMD (which must contain the token PORT) RUNS times; time to the first 200 of GET PATH."""
    times = []
    for r in range(int(runs)):
        (port,) = _ports(1)
        argv = [a.replace("PORT", str(port)) for a in cmd]
        log = open(os.path.join(os.path.dirname(piddir.rstrip("/")), "startup-%d.log" % r), "w")
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        marker = os.path.join(piddir, str(proc.pid))  # so bench/run's cleanup can stop it too
        served = None
        try:
            open(marker, "w").close()
            deadline = t0 + 60.0
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if get_status(port, path, timeout=2.0) == 200:
                        served = time.monotonic() - t0
                        break
                except OSError:
                    pass
                time.sleep(0.01)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            log.close()
            if os.path.exists(marker):
                os.remove(marker)
        if served is None:
            print(json.dumps({"error": "run %d did not serve within 60 s (exit %s)" % (r, proc.returncode)}))
            return 1
        times.append(served)
    print(json.dumps({"runs": times, "median": statistics.median(times)}))
    return 0


def clitime(runs, argv):
    """Times each command RUNS times, the commands interleaved round by round (each run must
    exit 0 and print what its first run printed); prints {NAME: {median, p90, runs}} in ms."""
    commands, current = [], None
    for a in argv:
        if a == "--":
            current = []
            commands.append(current)
        else:
            current.append(a)
    if not commands or any(len(c) < 2 for c in commands):
        raise SystemExit("clitime: expected -- NAME CMD... groups")
    expected, times = {}, {c[0]: [] for c in commands}
    for r in range(2 + int(runs)):
        for name, *cmd in commands:
            t0 = time.perf_counter()
            done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
            elapsed = (time.perf_counter() - t0) * 1000.0
            if done.returncode != 0:
                raise SystemExit("clitime: %s exited %d: %s" % (name, done.returncode, done.stderr.decode()[-500:]))
            if expected.setdefault(name, done.stdout) != done.stdout:
                raise SystemExit("clitime: %s printed something else on run %d" % (name, r))
            if r >= 2:
                times[name].append(elapsed)
    out = {}
    for name, ts in times.items():
        ts.sort()
        out[name] = {"median": statistics.median(ts), "p90": percentile(ts, 90), "runs": ts}
    print(json.dumps(out))


def _ports(n):
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


# ---------------------------------------------------------------- table

def columns(head, rows):
    """The lines of a table: the head, a rule, then the rows, each column as wide as its widest cell."""
    widths = [max(len(str(row[i])) for row in list(rows) + [head]) for i in range(len(head))]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(head, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines.extend("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows)
    return lines


def table(results_path, out_path):
    r = {}
    with open(results_path) as f:
        for line in f:
            line = line.rstrip("\n")
            if "=" in line:
                k, _, v = line.partition("=")
                r[k] = v

    def num(k):
        try:
            return float(r[k])
        except (KeyError, ValueError):
            return None

    # Read and commit runs come in rounds (KEY_r1, KEY_r2, ...): the median of the rounds counts.
    for key in ("read_lh", "read_etcd", "read_bare", "commit_lh", "commit_etcd"):
        rounds = [num(k) for k in sorted(r) if k.startswith(key + "_r") and k[len(key) + 2:].isdigit()]
        rounds = [v for v in rounds if v is not None]
        if rounds:
            r[key] = str(statistics.median(rounds))
            r[key + "_rounds"] = " / ".join("{:,.0f}".format(v) for v in rounds)

    def fmt_rate(v):
        return "n/a" if v is None else "{:,.0f}".format(v)

    def verdict(ok):
        return "n/a" if ok is None else ("PASS" if ok else "FAIL")

    rows = []

    def ratio_row(label, lh, base_label, base, target):
        if lh is None and base is None and r.get("only"):
            return  # not measured in this run (BENCH_ONLY)
        ratio = None if (lh is None or not base) else lh / base
        rows.append((label, fmt_rate(lh), "%s %s" % (base_label, fmt_rate(base)),
                     "n/a" if ratio is None else "%.2fx" % ratio, ">= %.1fx" % target,
                     verdict(None if ratio is None else ratio >= target)))

    ratio_row("read GET /data/providers/beta  req/s", num("read_lh"), "etcd v2 GET", num("read_etcd"), 1.5)
    ratio_row("read GET /data/providers/beta  req/s", num("read_lh"), "bare Jetty", num("read_bare"), 0.8)
    ratio_row("durable commits/s, 1 client", num("commit_lh"), "etcd v3 put", num("commit_etcd"), 1.0)

    p50, p90, p99 = num("big_p50"), num("big_p90"), num("big_p99")
    med = num("start_median")
    ctl, jvm, curl = num("ctl_median"), num("ctl_java_median"), num("ctl_curl_median")
    everything = r.get("only", "") == ""  # BENCH_ONLY leaves these out: no n/a rows for them
    if everything:
        rows.append(("big doc one-key commit p50 (ms)",
                     "n/a" if p50 is None else "%.1f" % p50,
                     "" if p90 is None else "p90 %.1f  p99 %.1f  n=%s" % (p90, p99, r.get("big_n", "?")),
                     "", "<= 20 ms", verdict(None if p50 is None else p50 <= 20.0)))
        ratio = None if (ctl is None or not jvm) else ctl / jvm
        rows.append(("lighthousectl get --raw wall (ms)",
                     "n/a" if ctl is None else "%.0f (p90 %.0f)" % (ctl, num("ctl_p90")),
                     "java -version %s" % ("n/a" if jvm is None else "%.0f" % jvm),
                     "n/a" if ratio is None else "%.1fx" % ratio, "<= 500 ms",
                     verdict(None if ctl is None else ctl <= 500.0)))
    if everything or r.get("only") == "start":
        small = num("start_small_median")
        rows.append(("big doc start-to-serving (s)",
                     "n/a" if med is None else "%.2f" % med,
                     "median of: " + r.get("start_runs", "n/a"), "", "<= 2.3 s",
                     verdict(None if med is None else med <= 2.3)))
        rows.append(("bundled data.d start-to-serving (s)",
                     "n/a" if small is None else "%.2f" % small,
                     "median of: " + r.get("start_small_runs", "n/a"), "", "<= 0.8 s",
                     verdict(None if small is None else small <= 0.8)))

    if r.get("only") != "start":
        watch_rows(r, rows, verdict)

    head = ("measure", "Lighthouse", "baseline", "ratio", "target", "verdict")
    lines = []
    lines.append("Lighthouse benchmark  %s" % r.get("when", ""))
    lines.append("machine: %s cores; load average before start: %s; after: %s" % (
        r.get("cores", "?"), r.get("load_before", "?"), r.get("load_after", "?")))
    lines.append("settings: %s" % r.get("settings", "?"))
    lines.append("big document: %s" % r.get("big_doc", "n/a"))
    lines.append("  loaded %s; after the one-key commits: %s" % (r.get("big_load", "n/a"), r.get("big_files", "n/a")))
    lines.append("")
    lines.extend(columns(head, rows))
    lines.append("")
    lines.append("details (throughputs are the median of the rounds; each round's run below):")
    for key in ("read_lh", "read_etcd", "read_bare", "commit_lh", "commit_etcd"):
        for k in sorted(r):
            if k.startswith(key + "_r") and k.endswith("_detail"):
                lines.append("  [round %s] %s" % (k[len(key) + 2:-len("_detail")], r[k]))
    if "ctl_median" in r:
        lines.append("  lighthousectl get --raw /file, %s runs: median %.0f ms, p90 %.0f ms; same URL with curl: median %.1f ms;"
                     " java -version (the JVM's own start): median %.0f ms" % (
                         r.get("ctl_n", "?"), num("ctl_median"), num("ctl_p90"), num("ctl_curl_median") or 0,
                         num("ctl_java_median") or 0))
    lines.extend(watch_details(r))
    for k in sorted(r):
        if k.startswith("note"):
            lines.append("  NOTE: " + r[k])
    lines.append("ratios are Lighthouse / baseline measured in this one run on this machine; "
                 "compare ratios, not absolute numbers (the machine is shared and noisy).")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(out_path, "w") as f:
        f.write(text)


WATCH_TARGET_MS = 500.0
HEAP_TARGET_MIB = 512.0


def _watch_runs(r, kind):
    """The runs of one watcher kind, in round order (one per round of bench/run's watcher section)."""
    runs = []
    for i in range(1, 1000):
        try:
            runs.append(json.loads(r["watch_%s_r%d" % (kind, i)]))
        except KeyError:
            break
        except ValueError:
            runs.append(None)
    return runs


def _watch_ratios(r, kind):
    """Per round: this kind's p99 over etcd's in the same round (None where either is missing)."""
    ratios = []
    for w, e in zip(_watch_runs(r, kind), _watch_runs(r, "etcd")):
        p99 = w and w.get("p99_median_ms")
        base = e and e.get("p99_median_ms")
        ratios.append(p99 / base if p99 and base else None)
    return ratios


def _median_of(values):
    values = sorted(v for v in values if v is not None)
    return statistics.median(values) if values else None


def watch_rows(r, rows, verdict):
    """Commit -> notification at 10k watchers (ratio Lighthouse / etcd: lower is better), and heap."""
    base = _median_of(w and w.get("p99_median_ms") for w in _watch_runs(r, "etcd"))
    for kind, label in (("sse", "SSE watchers: commit->event p99 (ms)"), ("poll", "long polls: commit->answer p99 (ms)"),
                        ("group", "group long polls: join/leave->answer p99 (ms)")):
        runs = [w for w in _watch_runs(r, kind) if w]
        if not runs:
            continue
        p99 = _median_of(w.get("p99_median_ms") for w in runs)
        ratio = _median_of(_watch_ratios(r, kind))
        rows.append(("%s %s" % ("{:,}".format(runs[0]["count"]), label),
                     "n/a" if p99 is None else "%.0f" % p99,
                     "etcd v2 wait %s" % ("n/a" if base is None else "%.0f" % base),
                     "n/a" if ratio is None else "%.2fx (lower=better)" % ratio,
                     "<= %.0f ms" % WATCH_TARGET_MS + ("" if kind == "sse" else " *"),
                     verdict(None if p99 is None else p99 <= WATCH_TARGET_MS)))
    for kind, label, base_label in (("sse", "SSE watchers connected", "heap_connected_mib"),
                                    ("poll", "long polls waiting", "heap_after_mib"),
                                    ("group", "group long polls waiting", "heap_after_mib")):
        runs = [w for w in _watch_runs(r, kind) if w and w.get(base_label) is not None]
        if not runs:
            continue
        heap = max(w[base_label] for w in runs)
        extra = ("no watchers, first round: %.0f" % runs[0]["heap_base_mib"]) if kind == "sse" else \
            "after %s polls per connection" % runs[0].get("requests_per_connection", "?")
        rows.append(("server heap, %s %s, largest of the rounds (MiB)" % ("{:,}".format(runs[0]["count"]), label),
                     "%.0f" % heap, extra, "", "<= %.0f MiB" % HEAP_TARGET_MIB, verdict(heap <= HEAP_TARGET_MIB)))


def watch_details(r):
    lines = []
    names = {"sse": "Lighthouse SSE /watch", "poll": "Lighthouse long poll ?wait=", "etcd": "etcd v2 ?wait=true",
             "group": "Lighthouse group long poll /groups/{g}?wait="}
    for kind in ("sse", "poll", "group"):
        ratios = _watch_ratios(r, kind)
        if any(x is not None for x in ratios):
            lines.append("  watchers, %s: p99 / etcd's in the same round, round by round%s: %s" % (
                names[kind], " (the first on a freshly started server, its JIT still compiling)" if len(ratios) > 1 else "",
                ", ".join("n/a" if x is None else "%.2fx" % x for x in ratios)))
    etcd_runs = _watch_runs(r, "etcd")
    rounds = max([len(_watch_runs(r, k)) for k in names] or [0])
    for i in range(rounds):
        for kind in ("sse", "etcd", "poll", "group"):
            runs = _watch_runs(r, kind)
            w = runs[i] if i < len(runs) else None
            if w is None:
                continue
            etcd = etcd_runs[i] if i < len(etcd_runs) else None
            lines.extend(_watch_run_details(r, names, kind, i + 1, w, etcd))
    if _watch_runs(r, "poll") or _watch_runs(r, "group"):
        lines.append("  * no target of its own for long polls: the SSE one is applied")
    return lines


def _watch_run_details(r, names, kind, round_number, w, etcd):
    lines = []
    where = "key %s/w0" % w["prefix"] if kind == "etcd" else \
        "group %s (commits: a join or a leave)" % w["prefix"][1:] if kind == "group" else \
        "%d paths %s/w0..w%d" % (w["paths"], w["prefix"], w["paths"] - 1)
    lines.append("  [round %d] watchers, %s: %s on %s, all connected and registered in %.1f s; %d commits after %s unmeasured:" % (
        round_number, names[kind], "{:,}".format(w["count"]), where, w.get("connect_s", float("nan")),
        len(w.get("rounds", [])), w.get("warmup_commits", 0)))
    for i, rd in enumerate(w.get("rounds", []), 1):
        lines.append("    [commit %d] %d/%d notified: p50 %.0f ms, p99 %.0f ms, max %.0f ms (commit acknowledged after %.0f ms); "
                     "client CPU: selector thread %.0f%%, whole process %s%% of one core; server CPU %s ms" % (
                         i, rd["n"], w["count"], rd["p50_ms"] or float("nan"), rd["p99_ms"] or float("nan"),
                         rd["max_ms"] or float("nan"), rd["ack_ms"], rd["client_cpu_pct"],
                         rd.get("client_process_cpu_pct", "?"), rd.get("server_cpu_ms", "?")))
        if rd.get("server_cpu_by_thread"):
            lines.append("      server CPU by thread: %s" % rd["server_cpu_by_thread"])
    line = "    median of the commits' p50 %s ms, median p99 %s ms, max of all %s ms" % tuple(
        "n/a" if w.get(k) is None else "%.0f" % w[k] for k in ("p50_median_ms", "p99_median_ms", "max_ms"))
    if kind != "etcd" and etcd and etcd.get("p50_median_ms") and w.get("p50_median_ms") is not None:
        line += "; vs etcd in this round: p50 %.2fx, p99 %.2fx, max %.2fx (Lighthouse / etcd, lower is better)" % (
            w["p50_median_ms"] / etcd["p50_median_ms"], w["p99_median_ms"] / etcd["p99_median_ms"],
            w["max_ms"] / etcd["max_ms"])
    lines.append(line)
    if "heap_connected_mib" in w:
        lines.append("    server heap used after a full GC (jcmd GC.run, then GC.heap_info): %.1f MiB before connecting, "
                     "%.1f MiB with all connected, %.1f MiB after the commits%s; RSS %.0f MiB, then %.0f MiB" % (
                         w["heap_base_mib"], w["heap_connected_mib"], w["heap_after_mib"],
                         "" if kind == "sse" else " (every poll answered and re-armed on its keep-alive connection)",
                         w.get("rss_connected_mib", float("nan")), w.get("rss_after_mib", float("nan"))))
    elif "rss_connected_mib" in w:
        lines.append("    server RSS with all connected: %.0f MiB" % w["rss_connected_mib"])
    if w.get("missing_total") or w.get("failed") or w.get("errors"):
        r["note_watch_%s_r%d" % (kind, round_number)] = "%s, round %d: %s notifications missing, %s watchers failed, errors: %s" % (
            names[kind], round_number, w.get("missing_total"), w.get("failed"), "; ".join(w.get("errors", []))[:300])
    if w.get("client_cpu_max_pct", 0) > 80:
        r["note_watch_%s_cpu_r%d" % (kind, round_number)] = "%s, round %d: the load generator's selector thread was busy " \
            "%.0f%% of a fan-out: the client may have set the pace" % (names[kind], round_number, w["client_cpu_max_pct"])
    return lines


def _terminated(signum, frame):
    raise SystemExit(128 + signum)  # so finally blocks stop the servers this process started


def main(argv):
    signal.signal(signal.SIGTERM, _terminated)
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "freeport":
        freeport(int(args[0]))
    elif cmd == "wait":
        return wait(args[0], args[1])
    elif cmd == "gendoc":
        gendoc(args[0], args[1])
    elif cmd == "load":
        load(args[0], args[1])
    elif cmd == "latency":
        latency(*args)
    elif cmd == "clitime":
        clitime(args[0], args[1:])
    elif cmd == "startup":
        sep = args.index("--")
        return startup(args[0], args[1], args[2], args[sep + 1:])
    elif cmd == "table":
        table(args[0], args[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
