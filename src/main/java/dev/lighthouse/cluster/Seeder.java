package dev.lighthouse.cluster;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.CommandLog;
import dev.lighthouse.cluster.raft.LighthouseRaft;
import dev.lighthouse.store.Version;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new cluster's first steps, taken by its first leader: the log's first
 * entry holds the founding node's current version, a snapshot follows at once
 * (so members joining later read the log from an ordinary entry), and then the
 * founder is added to the membership through the log (it was a member only by
 * its own start-up configuration, so a member reading the log from its start
 * would otherwise never count it, and with the founder down the others could
 * not elect a leader).
 */
final class Seeder {

    private static final Logger LOG = LoggerFactory.getLogger(Seeder.class);

    private final String self;
    private final boolean founder;
    private final LighthouseRaft raft;
    private final CommandLog log;
    private final Applier applier;
    private final Membership membership;
    private final Clock clock;

    /** @param founder this node starts a new cluster (it had no Raft state and was told to bootstrap) */
    Seeder(String self, boolean founder, LighthouseRaft raft, CommandLog log, Applier applier, Membership membership,
           Clock clock) {
        this.self = self;
        this.founder = founder;
        this.raft = raft;
        this.log = log;
        this.applier = applier;
        this.membership = membership;
        this.clock = clock;
    }

    /**
     * Called when this node becomes leader; seeds a founder that is not seeded yet. Not "only an
     * empty log": the session keeper's term entry or an early write may be appended before the
     * seed (the applier refuses them, unseeded), and a founder that waited for an empty log then
     * never seeded and never served. A second seed is harmless: the applier ignores it.
     */
    void onLeading() {
        if (!founder || applier.seeded()) {
            return;
        }
        Version current = applier.state().current();
        log.submit(new Command.Seed(current, clock.instant())).whenComplete((outcome, error) -> {
            if (error != null) {
                LOG.error("could not seed the new cluster: {}", error.getMessage());
                return;
            }
            LOG.info("new cluster seeded with version {} {}", current.seq(), current.checksum());
            raft.snapshotAsync().whenComplete((snapshot, failedSnapshot) ->
                    membership.change(self, true).whenComplete((added, failed) -> {
                        if (failed != null) {
                            LOG.error("could not record '{}' as a member in the log: {}", self, failed.getMessage());
                        }
                    }));
        });
    }
}
