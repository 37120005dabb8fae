/**
 * Webhook delivery. Hooks themselves are replicated state (registered and
 * deleted through the log, kept in {@code data.d/hooks.json}); this package
 * is the part that acts on them: the leader, and only the leader, POSTs a
 * notification for each version that changed a hook's path (for a hook on a
 * group, for the group's latest change), one at a time per hook in seq (rev)
 * order, retries with backoff, and records each
 * acknowledgement through the log so that a new leader resumes where the
 * old one stopped.
 */
package dev.lighthouse.hooks;
