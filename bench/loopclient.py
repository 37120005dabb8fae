#!/usr/bin/env python3
"""A small HTTP/1.1 keep-alive client for asyncio, driven by callbacks, for bench/coord's load.

No coroutine or task per request: a request is bytes written to an idle connection of a member,
and its callback runs from data_received once the whole answer is in. That keeps the load
generator's own CPU a small share of one core at a few thousand requests per second, so the
servers, not the client, set the pace. One request at a time per connection (no pipelining).
Answers are read with Content-Length or chunked framing; anything else is taken as bodiless.
Loopback only.
"""
import asyncio
import collections
import time

HOST = "127.0.0.1"
RECONNECT_SECONDS = 0.5
TIMEOUT_SECONDS = 2.0  # unless submit() names another
REFUSED = 0  # the status passed for a request never sent: its member refuses connections


def parse(buf):
    """(status, body, bytes used) for the first whole answer in buf, or None while it is incomplete."""
    head_end = buf.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    status = int(buf[9:12])
    head = bytes(buf[:head_end + 2])
    if b"\r\nContent-Length:" not in head and b"\r\nTransfer-Encoding:" not in head:
        head = head.lower().replace(b"content-length:", b"Content-Length:").replace(
            b"transfer-encoding: chunked", b"Transfer-Encoding: chunked")  # any other spelling of the two
    start = head_end + 4
    at = head.find(b"\r\nContent-Length:")
    if at >= 0:
        length = int(head[at + 17:head.find(b"\r\n", at + 2)])
        if len(buf) < start + length:
            return None
        return status, bytes(buf[start:start + length]), start + length
    if b"\r\nTransfer-Encoding: chunked" not in head:
        return status, b"", start
    body = bytearray()
    pos = start
    while True:
        eol = buf.find(b"\r\n", pos)
        if eol < 0:
            return None
        size = int(bytes(buf[pos:eol]).split(b";")[0], 16)
        if size == 0:
            end = buf.find(b"\r\n\r\n", eol)  # past the trailers (etcd's errors have one), if any
            return None if end < 0 else (status, bytes(body), end + 4)
        if len(buf) < eol + 2 + size + 2:
            return None
        body += buf[eol + 2:eol + 2 + size]
        pos = eol + 2 + size + 2


def request(method, path, body=b"", content_type=b"application/json"):
    """The bytes of one request; the Host header names the loopback address alone (valid for any member)."""
    head = b"%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n" % (method, path, len(body))
    if body:
        head += b"Content-Type: " + content_type + b"\r\n"
    return head + b"\r\n" + body


class Connection(asyncio.Protocol):
    """One keep-alive connection; calls callback(status, body, seconds) per answer, or (None, None, None) if lost.

    A member that refuses connections answers callback(0, None, None) at once (see Member)."""

    def __init__(self, member):
        self.member = member
        self.transport = None
        self.buf = bytearray()
        self.callback = None
        self.sent = 0.0
        self.deadline = 0.0

    def connection_made(self, transport):
        self.transport = transport
        self.member.ready(self)

    def send(self, data, callback, timeout):
        self.callback = callback
        self.sent = time.perf_counter()
        self.deadline = self.sent + timeout
        self.transport.write(data)

    def data_received(self, data):
        self.buf += data
        answer = parse(self.buf)
        if answer is None:
            return
        status, body, used = answer
        del self.buf[:used]
        callback, self.callback = self.callback, None
        if callback is not None:
            callback(status, body, time.perf_counter() - self.sent)
        self.member.ready(self)

    def connection_lost(self, exc):
        self.transport = None
        callback, self.callback = self.callback, None
        self.member.lost(self)
        if callback is not None:
            callback(None, None, None)

    def overdue(self, now):
        return self.callback is not None and now > self.deadline

    def abort(self):
        if self.transport is not None:
            self.transport.abort()


class Member:
    """A server's connections and the requests waiting for one; a member that refuses connections fails them at once."""

    def __init__(self, loop, port, connections):
        self.loop = loop
        self.port = port
        self.wanted = connections
        self.open = []
        self.idle = []
        self.backlog = collections.deque()
        self.up = True
        self.connecting = 0
        self.closed = False

    def start(self):
        for _ in range(self.wanted):
            self._connect()

    def submit(self, data, callback, timeout=TIMEOUT_SECONDS):
        """Sends at once on an idle connection, else when one is free; a lost or overdue request calls back None."""
        if self.idle:
            self.idle.pop().send(data, callback, timeout)
        elif not self.up:
            callback(REFUSED, None, None)
        else:
            self.backlog.append((data, callback, timeout))

    def ready(self, conn):
        if conn not in self.open:
            self.open.append(conn)
            self.up = True
        if self.backlog:
            conn.send(*self.backlog.popleft())
        else:
            self.idle.append(conn)

    def lost(self, conn):
        if conn in self.open:
            self.open.remove(conn)
        if conn in self.idle:
            self.idle.remove(conn)
        if not self.closed:
            self.loop.call_later(RECONNECT_SECONDS if not self.up else 0.05, self._connect)

    def abort_overdue(self, now):
        for conn in list(self.open):
            if conn.overdue(now):
                conn.abort()

    def close(self):
        self.closed = True
        for conn in list(self.open):
            conn.abort()

    def _connect(self):
        if self.closed or len(self.open) + self.connecting >= self.wanted:
            return
        self.connecting += 1
        self.loop.create_task(self._open())

    async def _open(self):
        try:
            await self.loop.create_connection(lambda: Connection(self), HOST, self.port)
        except OSError:
            self.up = False
            waiting, self.backlog = self.backlog, collections.deque()
            for _, callback, _ in waiting:
                callback(REFUSED, None, None)
            if not self.closed:
                self.loop.call_later(RECONNECT_SECONDS, self._connect)
        finally:
            self.connecting -= 1
