package dev.lighthouse.ctl;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a changing command ({@code set}, {@code rm}, {@code rollback}) runs: staged into the
 * update held under {@code --name}, or, without a name, as one atomic change of its own.
 */
final class ChangeOptions {

    @Mixin
    LockNameOption lock;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "10s",
            description = "without a lock name: how long to wait while someone else holds the lock (default: ${DEFAULT-VALUE})")
    String wait;

    /**
     * Stages the edit, and commits it when no lock name is given.
     *
     * @return what to print: the new seq, {@code unchanged}, or {@code staged} inside a held update
     */
    String apply(Updates updates, OwnLock.Edit edit) {
        String name = lock.orNull();
        if (name != null) {
            edit.stage(name);
            return "staged";
        }
        try (OwnLock own = OwnLock.take(updates, OwnLock.SHORT_TTL, Durations.parse(wait, "--wait"))) {
            edit.stage(own.name());
            return OwnLock.describe(own.commit());
        }
    }
}
