package dev.lighthouse.cluster.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.View;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.util.Utils;

/**
 * The leader's side of a linearizable read (the read index of Raft's thesis, section 6.4), and every
 * member's answer to it.
 *
 * <p>A read asked for ({@link ReadHeader.Kind#ASK}) while round {@code r} was the last confirmation
 * round sent is answered only once a majority, this leader included, has acknowledged a round
 * {@code >= r+1} of the leader's current term. Such a round was sent after the read was registered,
 * and a member acknowledges it only while it sees this node as the leader of that very term, so the
 * majority proves that no later term had committed anything when the read was registered (any such
 * commit would have a member of that majority in a later term already). The answer is this node's
 * applied log index at registration; on the leader that covers its commit index, which covers every
 * write acknowledged before the read began, once the leader has committed an entry of its own term
 * (before that it answers {@link ReadHeader#RETRY}). Stale acknowledgements cannot confirm anything:
 * round numbers only grow in this process, and an acknowledgement names the round it answers.
 *
 * <p>Reads that arrive while a round is in flight wait for the next one, which is sent when the
 * current one is confirmed: one round trip per batch of reads, not per read. A round unconfirmed for
 * {@link #PROBE_RETRY_NANOS} is superseded by a new one when the next ask arrives (askers ask again
 * when unanswered, see {@link ReadIndexClient}). An acknowledgement carrying a higher term makes this
 * node adopt the term and so step down, as any Raft message would; waiting reads are then answered
 * {@link ReadHeader#RETRY}, as they are on any change of term or leadership.
 *
 * <p>Not thread-safe: every method but {@link #client} and {@link #roundsSent} runs on RAFT's runner
 * thread, which owns RAFT's commit index, log and membership; term and leader, which elections set from
 * other threads, are read as RAFT's synchronised state.
 */
public final class ReadIndex {

    private static final long PROBE_RETRY_NANOS = 100_000_000L;
    /** Distinct waiting batches at most; beyond it askers are told to retry, rather than memory grow. */
    private static final int MAX_WAITING = 100_000;

    private record Waiting(long round, long index, Address asker, long batch) {
    }

    private record Asked(Address asker, long batch) {
    }

    private final RAFT raft;
    private final LongSupplier appliedIndex;
    private volatile ReadIndexClient client;

    /** The term the state below belongs to. */
    private long term = -1;
    /** The last round sent, ever, by this process: acknowledgements of earlier rounds can never confirm a later read. */
    private long lastRound;
    /** The round sent and not yet confirmed, or 0. */
    private long inFlight;
    private long inFlightSince;
    private long confirmed;
    /** The highest round each member (by Raft id) acknowledged in {@link #term}. */
    private final Map<String, Long> acknowledged = new HashMap<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final Set<Asked> waitingAsks = new HashSet<>();
    /** Rounds sent, for tests: the only field read off the runner thread. */
    private volatile long roundsSent;

    /** @param appliedIndex the state machine's applied log index; exact when read on the runner thread */
    ReadIndex(RAFT raft, LongSupplier appliedIndex) {
        this.raft = raft;
        this.appliedIndex = appliedIndex;
    }

    /** Where answers to this node's own asks go. Any thread; set before the node serves reads. */
    public void client(ReadIndexClient client) {
        this.client = client;
    }

    /** On the runner thread: one of the read index's messages, from {@code from} (this node for its own asks). */
    void handle(Address from, ReadHeader header) {
        switch (header.kind()) {
            case ASK -> ask(from, header.number());
            case PROBE -> probe(from, header.currTerm(), header.number());
            case ACK -> acknowledged(from, header.currTerm(), header.number(), header.index() == 1);
            case ANSWER -> {
                ReadIndexClient local = client;
                if (local != null) {
                    local.answered(header.number(), header.index());
                }
            }
        }
    }

    private void ask(Address asker, long batch) {
        if (!follow()) {
            answer(asker, batch, ReadHeader.RETRY);
            return;
        }
        if (!committedInTerm()) {
            // Entries an earlier leader acknowledged may lie past the commit index (Raft's section 8):
            // the new leader's no-op commits within a round trip; ask again then.
            answer(asker, batch, ReadHeader.RETRY);
            return;
        }
        if (inFlight != 0 && System.nanoTime() - inFlightSince > PROBE_RETRY_NANOS) {
            sendRound(); // a probe or its answers were lost (a member left, or was paused)
        }
        if (waitingAsks.contains(new Asked(asker, batch))) {
            return; // asked again while waiting: the first registration stands
        }
        long index = appliedIndex.getAsLong();
        if (needed() <= 0) {
            answer(asker, batch, index); // a cluster of one is its own majority
            return;
        }
        if (waiting.size() >= MAX_WAITING) {
            answer(asker, batch, ReadHeader.RETRY);
            return;
        }
        waiting.add(new Waiting(lastRound + 1, index, asker, batch));
        waitingAsks.add(new Asked(asker, batch));
        if (inFlight == 0) {
            sendRound();
        }
    }

    /** A member answers a probe: yes only while it sees the sender as the leader of exactly the probe's term. */
    private void probe(Address leader, long probeTerm, long round) {
        long mine = raft.currentTerm();
        boolean yes = probeTerm == mine && leader.equals(raft.leader());
        send(leader, ReadHeader.ack(mine, round, yes));
    }

    private void acknowledged(Address member, long memberTerm, long round, boolean yes) {
        if (memberTerm > raft.currentTerm()) {
            raft.currentTerm(memberTerm); // a later term exists: adopting it steps this node down
            follow();
            return;
        }
        if (!yes || !follow() || memberTerm != term) {
            return;
        }
        String id = Utils.extractRaftId(member);
        if (!raft.members().contains(id)) {
            return; // learners do not count towards a majority
        }
        acknowledged.merge(id, round, Math::max);
        long now = confirmedRound();
        if (now > confirmed) {
            confirmed = now;
            while (!waiting.isEmpty() && waiting.peek().round() <= confirmed) {
                Waiting read = waiting.poll();
                waitingAsks.remove(new Asked(read.asker(), read.batch()));
                answer(read.asker(), read.batch(), read.index());
            }
        }
        if (inFlight != 0 && confirmed >= inFlight) {
            inFlight = 0;
        }
        if (inFlight == 0 && !waiting.isEmpty()) {
            sendRound();
        }
    }

    /**
     * Brings the state in line with RAFT's: on any change of term or of leadership every waiting read
     * is answered {@link ReadHeader#RETRY} and the rounds start over.
     *
     * @return whether this node leads (in {@link #term})
     */
    private boolean follow() {
        long current = raft.currentTerm();
        // Term and leader are set off this thread (by elections): both must hold at one instant.
        boolean leads = raft.isLeader() && raft.currentTerm() == current;
        if (current != term || !leads) {
            for (Waiting read : waiting) {
                answer(read.asker(), read.batch(), ReadHeader.RETRY);
            }
            waiting.clear();
            waitingAsks.clear();
            acknowledged.clear();
            inFlight = 0;
            confirmed = 0;
            term = leads ? current : -1;
        }
        return leads;
    }

    /** The entry at the commit index is of this term exactly when the leader has committed one of its own. */
    private boolean committedInTerm() {
        LogEntry entry = raft.log().get(raft.commitIndex());
        return entry != null && entry.term() == term;
    }

    /** Acknowledgements from other members a round needs, besides this node's own. */
    private int needed() {
        return raft.majority() - (raft.members().contains(raft.raftId()) ? 1 : 0);
    }

    /** The highest round a majority has acknowledged in this term. */
    private long confirmedRound() {
        int needed = needed();
        if (needed <= 0) {
            return lastRound;
        }
        List<String> members = raft.members();
        List<Long> rounds = new ArrayList<>();
        acknowledged.forEach((id, round) -> {
            if (members.contains(id)) {
                rounds.add(round);
            }
        });
        if (rounds.size() < needed) {
            return 0;
        }
        rounds.sort(Collections.reverseOrder());
        return rounds.get(needed - 1);
    }

    /** Confirmation rounds this node has sent as leader; any thread. */
    public long roundsSent() {
        return roundsSent;
    }

    private void sendRound() {
        inFlight = ++lastRound;
        roundsSent = lastRound;
        inFlightSince = System.nanoTime();
        View view = raft.getProtocolStack().getChannel().getView();
        if (view == null) {
            return;
        }
        List<String> members = raft.members();
        Address self = raft.getAddress();
        for (Address member : view.getMembersRaw()) {
            if (!member.equals(self) && members.contains(Utils.extractRaftId(member))) {
                send(member, ReadHeader.probe(term, inFlight));
            }
        }
    }

    private void answer(Address asker, long batch, long index) {
        if (asker.equals(raft.getAddress())) {
            ReadIndexClient local = client;
            if (local != null) {
                local.answered(batch, index);
            }
        } else {
            send(asker, ReadHeader.answer(raft.currentTerm(), batch, index));
        }
    }

    private void send(Address to, ReadHeader header) {
        raft.getDownProtocol().down(new EmptyMessage(to).putHeader(raft.getId(), header));
    }
}
