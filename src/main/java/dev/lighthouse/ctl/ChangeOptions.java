package dev.lighthouse.ctl;

import dev.lighthouse.client.LighthouseClient;
import dev.lighthouse.client.Staging;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a changing command ({@code set}, {@code rm}, {@code rollback}) runs: staged into the
 * update held under {@code --name}, or, without a name, as one atomic change of its own.
 */
final class ChangeOptions {

    /** One staging step. */
    @FunctionalInterface
    interface Edit {
        void stage(Staging staging);
    }

    @Mixin
    LockNameOption lock;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "10s",
            description = "without a lock name: how long to wait while someone else holds the lock (default: ${DEFAULT-VALUE})")
    String wait;

    /**
     * Stages the edit, and commits it when no lock name is given.
     *
     * @param ifMatch the version the document must still be at for the change to be made, or null
     * @return what to print: the new seq, {@code unchanged}, or {@code staged} inside a held update
     */
    String apply(LighthouseClient client, Output output, Long ifMatch, Edit edit) {
        String name = lock.orNull();
        if (name != null) {
            if (ifMatch != null) {
                throw CtlFailure.usage("--if-match goes with a change of its own, not with a lock name"
                        + " (the update's base version is in the output of lock)");
            }
            edit.stage(client.staging(name));
            return "staged";
        }
        try (OwnLock own = OwnLock.take(client, OwnLock.SHORT_TTL, Durations.parse(wait, "--wait"), output)) {
            // holding the lock, nobody else can commit: the base is the current version until we do
            if (ifMatch != null && own.state().base() != ifMatch) {
                throw CtlFailure.server(412, "412 Precondition failed: the document is at version "
                        + own.state().base() + ", not " + ifMatch + "; nothing changed");
            }
            edit.stage(own.staging());
            return OwnLock.describe(own.commit());
        }
    }
}
