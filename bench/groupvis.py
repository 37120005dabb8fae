#!/usr/bin/env python3
"""Group change -> visible to long polls on every node, for bench/coord.

A group holds a member that stays ("anchor"); each change is one write, a join or the leave of
a second member, sent through the nodes in turn. Before each write, POLLS long polls
(`GET /groups/{g}?wait=<rev>&timeout=30s`) wait on every node, parked for a moment so that they
are waiting when the change comes. Per change: the time from sending the write until the last
poll on every node answered (the target's measure), and each poll's answer time relative to the
write's acknowledgement. Every answer is checked: 200, one new rev shared by all, and the
member present after a join, absent after a leave.
"""
import asyncio
import json
import time

import loopclient

GROUP = b"bench-vis"
PARK_SECONDS = 0.01
RENEW_EVERY = 3.0
POLL_SECONDS = 30


class Visibility:
    def __init__(self, ports, polls):
        self.ports = ports
        self.polls = polls

    def run(self, session, changes):
        """Makes `changes` changes; returns [(send->all visible s, {node: send->visible s}, [answer - ack s])]."""
        return asyncio.run(self._run(session, changes))

    async def _run(self, session, changes):
        loop = asyncio.get_running_loop()
        nodes = {name: loopclient.Member(loop, port, self.polls + 1) for name, port in self.ports.items()}
        for member in nodes.values():
            member.start()
        deadline = time.monotonic() + 30
        while any(len(m.idle) < self.polls + 1 for m in nodes.values()):
            if time.monotonic() > deadline:
                raise SystemExit("could not open the long-poll connections")
            await asyncio.sleep(0.01)
        try:
            return await self._changes(loop, nodes, session, changes)
        except asyncio.TimeoutError:
            raise SystemExit("a group request or long poll got no answer in time")
        finally:
            for member in nodes.values():
                member.close()

    async def _changes(self, loop, nodes, session, changes):
        names = list(nodes)
        sid = session.encode()
        status, body, _ = await send(loop, nodes[names[0]], loopclient.request(
            b"PUT", b"/groups/" + GROUP + b"/members/anchor", b'{"session":"%s"}' % sid))
        if status != 200:
            raise SystemExit("the anchor could not join: %s %s" % (status, body[:200]))
        rev = json.loads(body)["rev"]
        renewed = time.monotonic()
        samples = []
        for k in range(changes):
            if time.monotonic() - renewed > RENEW_EVERY:
                status, _, _ = await send(loop, nodes[names[0]], loopclient.request(b"PUT", b"/sessions/" + sid))
                if status != 200:
                    raise SystemExit("the group's session could not be renewed: %s" % status)
                renewed = time.monotonic()
            poll = loopclient.request(b"GET", b"/groups/%s?wait=%d&timeout=%ds" % (GROUP, rev, POLL_SECONDS))
            waits = [(name, send(loop, nodes[name], poll, POLL_SECONDS + 5)) for name in names
                     for _ in range(self.polls)]
            await asyncio.sleep(PARK_SECONDS)
            joining = k % 2 == 0
            write = loopclient.request(b"PUT", b"/groups/%s/members/m" % GROUP, b'{"session":"%s"}' % sid) \
                if joining else loopclient.request(b"DELETE", b"/groups/%s/members/m?session=%s" % (GROUP, sid))
            sent = time.perf_counter()
            status, body, acked = await send(loop, nodes[names[k % len(names)]], write)
            if status != (200 if joining else 204):
                raise SystemExit("change %d (%s) answered %s %s" % (k, "join" if joining else "leave", status, body))
            answers = [(name, await task) for name, task in waits]
            rev = check(answers, rev, joining, json.loads(body)["rev"] if joining else None)
            per_node = {name: max(at for n, (_, _, at) in answers if n == name) - sent for name in names}
            samples.append((max(per_node.values()), per_node, [at - acked for _, (_, _, at) in answers]))
        return samples


def check(answers, old_rev, joining, acked_rev):
    """The new rev, once every poll's answer is the group after this change."""
    revs = set()
    for name, (status, body, _) in answers:
        group = json.loads(body) if status == 200 else None
        if group is None or group["rev"] == old_rev:
            raise SystemExit("a long poll on %s answered %s %s" % (name, status, body[:200]))
        if any(m["member"] == "m" for m in group["members"]) != joining:
            raise SystemExit("a long poll on %s answered a group %s member m: %s" % (
                name, "without" if joining else "with", body[:300]))
        revs.add(group["rev"])
    if len(revs) != 1 or (acked_rev is not None and acked_rev not in revs):
        raise SystemExit("the polls answered revs %s (the join was acknowledged at %s)" % (sorted(revs), acked_rev))
    return revs.pop()


def send(loop, member, data, timeout=loopclient.TIMEOUT_SECONDS):
    """Sends now; awaitable (status, body, perf_counter when the answer was complete), status None if lost."""
    done = loop.create_future()

    def answered(status, body, _):
        if not done.done():
            done.set_result((status, body, time.perf_counter()))
    member.submit(data, answered, timeout)
    return asyncio.wait_for(done, timeout + 1)
