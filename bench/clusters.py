#!/usr/bin/env python3
"""Three-node clusters on loopback for the benchmarks (bench/cluster, bench/coord).

Procs starts and stops processes (each one's output in a log file of its own); Lighthouse and
Etcd start a 3-node cluster of each system on free 127.0.0.1 ports and find its leader. Every
wait is bounded in time; nothing here talks to anything but 127.0.0.1.
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOST = "127.0.0.1"
sys.path.insert(0, HERE)
import bench  # noqa: E402  (free ports)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid, tid=None):
    """User + system CPU time of a whole process (every thread), or of one of its threads, from /proc."""
    with open("/proc/%d/stat" % pid if tid is None else "/proc/%d/task/%d/stat" % (pid, tid)) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def thread_cpu(pid):
    """{tid: (kind of thread, CPU seconds)}: the thread's name without its numbers ("qtp-", "GC Thread#")."""
    threads = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                name = f.read().strip()
            threads[int(tid)] = (thread_kind(name), cpu_seconds(pid, int(tid)))
        except (FileNotFoundError, ProcessLookupError):
            pass  # ended meanwhile
    return threads


def thread_kind(name):
    if name[:3] in ("C1 ", "C2 "):
        return name[:2] + " compiler"
    return re.sub(r"[\d#,<>-]+", " ", name).strip()


def cpu_by_kind(before, after):
    """CPU seconds per kind of thread between two thread_cpu() readings (threads born meanwhile count in full)."""
    kinds = {}
    for tid, (kind, seconds) in after.items():
        spent = seconds - before[tid][1] if tid in before else seconds
        kinds[kind] = kinds.get(kind, 0.0) + spent
    return kinds


class Procs:
    """Every process started here, stopped on exit whatever happens."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.procs = {}

    def start(self, name, cmd):
        out = open(self.log_path(name), "ab")
        self.procs[name] = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        return self.procs[name]

    def pid(self, name):
        return self.procs[name].pid

    def log_path(self, name):
        return os.path.join(self.tmp, name + ".log")

    def kill(self, name):
        p = self.procs.pop(name, None)
        if p is not None:
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)

    def stop_all(self):
        for p in self.procs.values():
            if p.poll() is None:
                p.terminate()
        deadline = time.monotonic() + 20
        for p in self.procs.values():
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
        self.procs.clear()


def get_json(port, path, timeout=2.0):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read() or b"null")
    finally:
        conn.close()


def wait_until(what, seconds, check):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, ValueError, http.client.HTTPException):
            pass
        time.sleep(0.02)
    raise SystemExit("timed out waiting for " + what)


# ------------------------------------------------------------------ Lighthouse cluster

class Lighthouse:
    def __init__(self, procs, tmp):
        self.procs = procs
        self.tmp = tmp
        ports = [int(p) for p in bench._ports(6)]
        self.http = {"node%d" % i: ports[i - 1] for i in (1, 2, 3)}
        self.cluster = {"node%d" % i: ports[i + 2] for i in (1, 2, 3)}
        for name in self.http:
            os.makedirs(os.path.join(tmp, name), exist_ok=True)

    def flags(self, name):
        flags = ["--name=" + name, "--port=%d" % self.http[name], "--cluster-port=%d" % self.cluster[name],
                 "--data.d=" + os.path.join(self.tmp, name)]
        if name == "node1":
            return flags + ["--bootstrap"]
        return flags + ["--seeds=%s:%d" % (HOST, self.cluster["node1"])]

    def start(self, name):
        self.procs.start("lh-" + name, [os.path.join(ROOT, "bin/lighthouse")] + self.flags(name))

    def pid(self, name):
        return self.procs.pid("lh-" + name)

    def start_all(self):
        self.start("node1")
        self.wait_active(["node1"])
        for name in ("node2", "node3"):
            self.start(name)
        self.wait_active(list(self.http))

    def wait_active(self, names, seconds=60):
        for name in names:
            wait_until(name + " active", seconds, lambda n=name: get_json(self.http[n], "/health")[0] == 200)

    def leader(self, among=None):
        found = []

        def check():
            for name in among or self.http:
                status, view = get_json(self.http[name], "/cluster")
                if status == 200 and view.get("leader") in (among or self.http):
                    found.append(view["leader"])
                    return True
            return False
        wait_until("a Lighthouse leader", 30, check)
        return found[-1]


# ------------------------------------------------------------------ etcd cluster

class Etcd:
    def __init__(self, procs, tmp):
        self.procs = procs
        ports = [int(p) for p in bench._ports(6)]
        self.client = {"e%d" % i: ports[i - 1] for i in (1, 2, 3)}
        self.peer = {"e%d" % i: ports[i + 2] for i in (1, 2, 3)}
        self.tmp = tmp

    def start_all(self):
        initial = ",".join("%s=http://%s:%d" % (n, HOST, p) for n, p in self.peer.items())
        for name in self.client:
            url = "http://%s:%d" % (HOST, self.client[name])
            self.procs.start("etcd-" + name, [
                "etcd", "--name", name, "--data-dir", os.path.join(self.tmp, "etcd-" + name),
                "--listen-client-urls", url, "--advertise-client-urls", url,
                "--listen-peer-urls", "http://%s:%d" % (HOST, self.peer[name]),
                "--initial-advertise-peer-urls", "http://%s:%d" % (HOST, self.peer[name]),
                "--initial-cluster", initial, "--initial-cluster-state", "new",
                "--initial-cluster-token", "bench", "--log-level", "warn"])
        for name in self.client:
            wait_until("etcd " + name, 60, lambda n=name: get_json(self.client[n], "/health")[0] == 200)

    def pid(self, name):
        return self.procs.pid("etcd-" + name)

    def leader(self):
        found = []

        def check():
            for name, port in self.client.items():
                conn = http.client.HTTPConnection(HOST, port, timeout=2)
                conn.request("POST", "/v3/maintenance/status", body=b"{}",
                             headers={"Content-Type": "application/json"})
                status = json.loads(conn.getresponse().read())
                conn.close()
                if status.get("leader") and status["leader"] == status.get("header", {}).get("member_id"):
                    found.append(name)
                    return True
            return False
        wait_until("an etcd leader", 30, check)
        return found[-1]
