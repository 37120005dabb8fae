package dev.lighthouse.ctl;

import picocli.CommandLine.Option;

/** {@code --name NAME}, defaulting to {@code LIGHTHOUSE_LOCK}: the update lock a command works under. */
final class LockNameOption {

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "${env:LIGHTHOUSE_LOCK}",
            description = "lock name (default: $LIGHTHOUSE_LOCK)")
    String name;

    /** The name given, or null when neither the flag nor the variable is set. */
    String orNull() {
        return name == null || name.isEmpty() ? null : name;
    }

    /** @throws CtlFailure a usage error when no name is given */
    String required() {
        String given = orNull();
        if (given == null) {
            throw CtlFailure.usage("a lock name is required: --name NAME or LIGHTHOUSE_LOCK");
        }
        return given;
    }
}
