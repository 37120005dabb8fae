package dev.lighthouse.apply;

import dev.lighthouse.store.VersionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out transitions' effects against data.d: version and hook files go
 * to the store's writer thread in commit order, and each commit's audit line
 * follows its file there (its formatting and console write were a sixth of the
 * Raft runner's time per commit).
 */
public final class DataDirEffects implements EffectSink {

    /** One line per commit, on every replica; its own logger so operators can route it apart. */
    private static final Logger AUDIT = LoggerFactory.getLogger("lighthouse.audit");

    private final VersionStore store;

    public DataDirEffects(VersionStore store) {
        this.store = store;
    }

    @Override
    public void carryOut(Effect effect) {
        if (effect instanceof Effect.WriteVersion write) {
            store.persist(write.version(), write.previous(), write.patch(), write.oldestRetained(), write.whole());
        } else if (effect instanceof Effect.WriteHooks write) {
            store.persistHooks(write.hooks());
        } else if (effect instanceof Effect.SetAsideFrom aside) {
            store.setAsideFrom(aside.fromSeq(), aside.suffix());
        } else if (effect instanceof Effect.Audit audit) {
            var version = audit.version();
            store.afterWrites("the audit line of version " + version.seq(), () -> AUDIT.info(
                    "commit seq={} by={} lock={} changed={} checksum={}", version.seq(),
                    version.by() == null ? "-" : version.by(), version.lock(), AuditPaths.of(version.changed()),
                    version.checksum()));
        } else {
            throw new IllegalArgumentException("no way to carry out " + effect);
        }
    }
}
