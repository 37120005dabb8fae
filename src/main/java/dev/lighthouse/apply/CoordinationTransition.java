package dev.lighthouse.apply;

import dev.lighthouse.coord.Coordination;
import dev.lighthouse.coord.CoordinationLimits;
import dev.lighthouse.coord.Session;
import java.time.Instant;

/**
 * The coordination half of a {@link Transition}: each session or group command as the
 * {@link Coordination} operation it stands for, and the outcome to report. It needs none of the
 * transition's machinery (no versions, no effects), so it only maps; the rules are in
 * {@code coord}. A refusal is thrown, and the transition turns it into a failed outcome.
 */
final class CoordinationTransition implements Command.CoordinationVisitor<CoordinationTransition.Step> {

    /** The coordination state after the command (the same instance when it changed nothing) and its outcome. */
    record Step(Coordination next, Outcome outcome) {
    }

    private final Coordination coordination;
    private final CoordinationLimits limits;
    private final Instant now;

    /** @param now the command's time as the applier's clock has it (never earlier than the last) */
    CoordinationTransition(Coordination coordination, CoordinationLimits limits, Instant now) {
        this.coordination = coordination;
        this.limits = limits;
        this.now = now;
    }

    @Override
    public Step openSession(Command.OpenSession c) {
        Session session = Session.open(c.id(), c.name(), c.ttl(), c.by(), now);
        return new Step(coordination.opened(session, limits.maxSessions()), new Outcome.SessionOpened(session));
    }

    @Override
    public Step endSession(Command.EndSession c) {
        return ended(coordination.ended(c.id(), c.by()));
    }

    @Override
    public Step expireSession(Command.ExpireSession c) {
        return ended(coordination.expired(c.id(), c.term()));
    }

    private Step ended(Coordination.SessionEnd end) {
        return end == null
                ? new Step(coordination, new Outcome.Unchanged())
                : new Step(end.after(), new Outcome.SessionEnded(end.session(), end.groups()));
    }

    @Override
    public Step leaderTerm(Command.LeaderTerm c) {
        return recorded(coordination.withTerm(c.term()));
    }

    @Override
    public Step checkpointSessions(Command.CheckpointSessions c) {
        return recorded(coordination.checkpointed(c.remaining()));
    }

    private Step recorded(Coordination next) {
        return new Step(next, next == coordination ? new Outcome.Unchanged() : new Outcome.Recorded());
    }

    @Override
    public Step joinGroup(Command.JoinGroup c) {
        Coordination.GroupChange joined = coordination.joined(c.group(), c.member(), c.session(), c.value(), c.limit(),
                c.by(), now, limits);
        return new Step(joined.after(), new Outcome.Joined(joined.group(), joined.member()));
    }

    @Override
    public Step leaveGroup(Command.LeaveGroup c) {
        Coordination.GroupChange left = coordination.left(c.group(), c.member(), c.session(), c.by());
        return left.member() == null
                ? new Step(coordination, new Outcome.Unchanged())
                : new Step(left.after(), new Outcome.Left(left.group(), left.member()));
    }
}
