package dev.lighthouse.client;

/** The body of a lock-edit-commit update; any exception it throws aborts the update. */
@FunctionalInterface
public interface Edit {

    void apply(Staging staging) throws Exception;
}
