#!/usr/bin/env python3
"""The renewal load of bench/coord: many sessions (Lighthouse) or leases (etcd), each renewed every
period, spread evenly over a cluster's members, from one asyncio thread (see loopclient.py).

Session i is opened through, and renewed through, member i mod 3 (its home), as a client
configured with one server would; a renewal that fails (connection refused or lost, no answer
within loopclient.TIMEOUT_SECONDS, an answer other than 200) is tried again through the next member, at
once after a refused connection, else RETRY_SECONDS later, as `lighthousectl run` moves on to
the next --server. Each session's renewals keep to its own schedule (first one at a random
point of the first period, then every period), so the rate is count / period whatever the
latency. A renewal answered 404 (Lighthouse) or without a TTL (etcd) means the session or
lease is gone: it is counted as lost and no longer renewed.

The driver calls into the loop thread with call(); nothing else crosses threads.
"""
import asyncio
import concurrent.futures
import heapq
import json
import random
import threading
import time

import loopclient

RETRY_SECONDS = 0.1
# Opening and ending are log writes, slow under load; they have connections of their own, so that a
# renewal never waits behind them (opening 10,000 at once would otherwise starve the renewals).
WRITE_TIMEOUT = 10.0
WRITERS_PER_MEMBER = 8
# Opening 96 at a time starved Lighthouse's renewals on a loaded machine (answers took seconds, and
# 9,035 of 10,000 sessions expired while opening); 8 per member is gentler, not always enough.
OPENS_IN_FLIGHT = 3 * WRITERS_PER_MEMBER
TICK_SECONDS = 0.005


class Lighthouse:
    """Sessions: POST /sessions, PUT /sessions/{id}, DELETE /sessions/{id}."""
    name = "Lighthouse"

    def __init__(self, ttl_seconds):
        self.open_request = loopclient.request(b"POST", b"/sessions", b'{"ttl":"%ds"}' % ttl_seconds)

    @staticmethod
    def opened(status, body):
        return json.loads(body)["id"] if status == 201 else None

    @staticmethod
    def renew_request(key):
        return loopclient.request(b"PUT", b"/sessions/" + key.encode())

    @staticmethod
    def renewed(status, body):
        """True renewed, False gone for good, None failed (try again)."""
        return True if status == 200 else False if status == 404 else None

    @staticmethod
    def end_request(key):
        return loopclient.request(b"DELETE", b"/sessions/" + key.encode())

    @staticmethod
    def ended(status):
        return status in (204, 404)  # 404: a retried end whose first try went through


class Etcd:
    """Leases through the JSON gateway: /v3/lease/grant, /v3/lease/keepalive, /v3/lease/revoke."""
    name = "etcd"

    def __init__(self, ttl_seconds):
        self.open_request = loopclient.request(b"POST", b"/v3/lease/grant", b'{"TTL":%d}' % ttl_seconds)

    @staticmethod
    def opened(status, body):
        return json.loads(body)["ID"] if status == 200 else None

    @staticmethod
    def renew_request(key):
        return loopclient.request(b"POST", b"/v3/lease/keepalive", b'{"ID":"%s"}' % key.encode())

    @staticmethod
    def renewed(status, body):
        # A keep-alive of a lease that is gone is still 200, with no TTL in the answer.
        return (b'"TTL"' in body) if status == 200 else None

    @staticmethod
    def end_request(key):
        return loopclient.request(b"POST", b"/v3/lease/revoke", b'{"ID":"%s"}' % key.encode())

    @staticmethod
    def ended(status):
        return status in (200, 404)  # 404: a retried revoke whose first try went through


class RenewalLoad:
    """Opens `count` sessions of `api` over `ports`, renews each every `period` s, and counts what happened."""

    def __init__(self, api, ports, count, period, connections=8, seed=1):
        self.api = api
        self.count = count
        self.period = period
        self.random = random.Random(seed)
        self.loop = asyncio.new_event_loop()
        self.members = [loopclient.Member(self.loop, port, connections) for port in ports]
        self.writers = [loopclient.Member(self.loop, port, WRITERS_PER_MEMBER) for port in ports]
        self.keys = [None] * count
        self.requests = [None] * count
        self.last_ok = [0.0] * count
        self.lost = [False] * count
        self.schedule = []
        self.renewing = False
        self.opened = 0
        self.open_failures = 0
        self.ended = 0
        self.end_failures = 0
        self.errors = {}
        self.error_samples = {}  # kind -> the first answer's body, for the report
        self.renewals = 0
        self.lost_count = 0
        self.max_gap = 0.0  # the longest time between two renewals of one session since take_gap()
        self.max_late = 0.0
        self.window = None
        self.thread = threading.Thread(target=self._run, name="renewal-load", daemon=True)

    # ---------------------------------------------------------------- driver side (any thread)

    def start(self):
        self.thread.start()
        self.call(lambda: [m.start() for m in self.members + self.writers])

    def call(self, fn):
        """Runs fn in the loop thread and returns its result."""
        done = concurrent.futures.Future()

        def run():
            try:
                done.set_result(fn())
            except BaseException as e:  # handed to the caller
                done.set_exception(e)
        self.loop.call_soon_threadsafe(run)
        return done.result(timeout=60)

    def open_all(self, seconds, in_flight=OPENS_IN_FLIGHT, progress=None):
        """Opens every session (renewing each from the moment it is open); raises if not done in time."""
        self.call(lambda: self._start_opening(in_flight))
        self._await("opening %d sessions" % self.count, seconds, lambda: self.opened >= self.count, progress)

    def end_all(self, seconds, in_flight=3 * WRITERS_PER_MEMBER):
        """Stops renewing, then ends every session that is not lost; returns how many could not be ended."""
        self.call(self._stop_renewing)
        live = [i for i in range(self.count) if self.keys[i] is not None and not self.lost[i]]
        self.call(lambda: self._start_ending(live, in_flight))
        self._await("ending %d sessions" % len(live), seconds, lambda: self.ended + self.end_failures >= len(live))
        return self.end_failures

    def begin_window(self):
        """Starts counting a measured window: renewals, latencies, errors, this thread's CPU."""
        return self.call(self._begin_window)

    def end_window(self):
        return self.call(self._end_window)

    def snapshot(self):
        return self.call(lambda: {"renewals": self.renewals, "lost": self.lost_count, "errors": dict(self.errors),
                                  "max_late": self.max_late})

    def take_gap(self):
        """The longest time between two successful renewals of one session since the last call, and starts over."""
        return self.call(self._take_gap)

    def _take_gap(self):
        gap, self.max_gap = self.max_gap, 0.0
        return gap

    def close(self):
        try:
            self.call(lambda: [m.close() for m in self.members + self.writers])
            self.call(lambda: [task.cancel() for task in asyncio.all_tasks(self.loop)])  # reconnects to a killed node
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)

    def _await(self, what, seconds, condition, progress=None):
        start = time.monotonic()
        reported = start
        while not condition():
            now = time.monotonic()
            if now - start > seconds:
                raise SystemExit("timed out %s: %d opened, %d ended, errors %s" % (
                    what, self.opened, self.ended, self.errors))
            if progress is not None and now - reported >= 10:
                reported = now
                progress("%s: %d opened (%d opens failed and retried), %d renewals, errors %s" % (
                    what, self.opened, self.open_failures, self.renewals, self.errors or "none"))
            time.sleep(0.05)

    # ---------------------------------------------------------------- loop thread

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.call_later(0.25, self._sweep)
        self.loop.run_forever()

    def _sweep(self):
        now = time.perf_counter()
        for m in self.members + self.writers:
            m.abort_overdue(now)
        self.loop.call_later(0.25, self._sweep)

    def _start_opening(self, in_flight):
        self.renewing = True
        self.next_to_open = 0
        self.loop.call_later(TICK_SECONDS, self._tick)
        for _ in range(min(in_flight, self.count)):
            self._open_next()

    def _open_next(self):
        if self.next_to_open < self.count:
            i = self.next_to_open
            self.next_to_open += 1
            self._open(i, i % len(self.members))

    def _open(self, i, member):
        self.writers[member].submit(self.api.open_request, lambda s, b, t: self._opened(i, member, s, b),
                                    WRITE_TIMEOUT)

    def _opened(self, i, member, status, body):
        key = self.api.opened(status, body) if status else None
        if key is None:
            self.open_failures += 1
            self.loop.call_later(RETRY_SECONDS, self._open, i, (member + 1) % len(self.members))
            return
        now = time.perf_counter()
        self.keys[i] = key
        self.requests[i] = self.api.renew_request(key)
        self.last_ok[i] = now
        heapq.heappush(self.schedule, (now + self.random.uniform(0, self.period), i))
        self.opened += 1
        self._open_next()

    def _tick(self):
        if not self.renewing:
            return
        now = time.perf_counter()
        schedule = self.schedule
        while schedule and schedule[0][0] <= now:
            due, i = heapq.heappop(schedule)
            if now - due > self.max_late:
                self.max_late = now - due
            self._renew(i, due, i % len(self.members))
        self.loop.call_later(TICK_SECONDS, self._tick)

    def _renew(self, i, due, member, refusals=0):
        if self.renewing:
            self.members[member].submit(self.requests[i],
                                        lambda s, b, t: self._renewed(i, due, member, refusals, s, b, t))

    def _renewed(self, i, due, member, refusals, status, body, seconds):
        verdict = self.api.renewed(status, body) if status else None
        if verdict:
            now = time.perf_counter()
            gap = now - self.last_ok[i]
            if gap > self.max_gap:
                self.max_gap = gap
            self.last_ok[i] = now
            self.renewals += 1
            if self.window is not None:
                self.window["latencies"].append(seconds)
            if self.renewing:
                # On schedule; one that fell behind (a slow answer, retries) renews once at once, not in a burst.
                heapq.heappush(self.schedule, (max(due + self.period, now), i))
            return
        if verdict is False:
            self.lost[i] = True
            self.lost_count += 1
            return
        kind = "refused" if status == loopclient.REFUSED else "lost or timed out" if status is None \
            else "HTTP %d" % status
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if body and kind not in self.error_samples:
            self.error_samples[kind] = body[:300].decode("utf-8", "replace")
        following = (member + 1) % len(self.members)
        if status == loopclient.REFUSED and refusals + 1 < len(self.members):
            self._renew(i, due, following, refusals + 1)  # never sent: the next member at once
        else:
            self.loop.call_later(RETRY_SECONDS, self._renew, i, due, following)

    def _stop_renewing(self):
        self.renewing = False
        self.schedule.clear()

    def _start_ending(self, live, in_flight):
        self.to_end = list(reversed(live))
        for _ in range(min(in_flight, len(live))):
            self._end_next()

    def _end_next(self):
        if self.to_end:
            i = self.to_end.pop()
            self._end(i, i % len(self.members), 0)

    def _end(self, i, member, tries):
        self.writers[member].submit(self.api.end_request(self.keys[i]),
                                    lambda s, b, t: self._ended(i, member, tries, s), WRITE_TIMEOUT)

    def _ended(self, i, member, tries, status):
        if status and self.api.ended(status):
            self.ended += 1
        elif tries < 5:
            self.loop.call_later(RETRY_SECONDS, self._end, i, (member + 1) % len(self.members), tries + 1)
            return
        else:
            self.end_failures += 1
        self._end_next()

    def _begin_window(self):
        self.max_late = 0.0
        self.window = {"latencies": [], "renewals": self.renewals, "errors": dict(self.errors), "gap": self._take_gap(),
                       "cpu": time.thread_time(), "wall": time.perf_counter(), "lost": self.lost_count}
        return True

    def _end_window(self):
        w, self.window = self.window, None
        wall = time.perf_counter() - w["wall"]
        errors = {k: v - w["errors"].get(k, 0) for k, v in self.errors.items() if v - w["errors"].get(k, 0)}
        return {"seconds": wall, "renewals": self.renewals - w["renewals"], "latencies": w["latencies"],
                "errors": errors, "lost": self.lost_count - w["lost"],
                "client_cpu": time.thread_time() - w["cpu"], "max_late": self.max_late,
                "errors_before": w["errors"], "renewals_before": w["renewals"], "lost_before": w["lost"], "error_samples": dict(self.error_samples),
                "gap_before": w["gap"], "gap_window": self._take_gap()}
