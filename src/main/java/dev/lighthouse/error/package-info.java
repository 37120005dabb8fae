/**
 * The errors clients can see. {@link dev.lighthouse.error.ProblemType} is the one table of
 * problem types, statuses and titles; each exception carries one type plus its detail and
 * members, and the HTTP layer renders them as RFC 9457 problem details in one place. An
 * unexpected failure reaches a client only as an {@link dev.lighthouse.error.InternalFailure}
 * naming a logged id, and a failed future only through {@link dev.lighthouse.error.Futures}.
 * The write path returns these as values rather than throwing them across the applier.
 */
package dev.lighthouse.error;
