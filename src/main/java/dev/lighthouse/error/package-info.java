/**
 * The errors clients can see. Each exception fixes one status and problem type;
 * the HTTP layer renders them as RFC 9457 problem details in one place.
 * The write path returns them as values rather than throwing them across the applier.
 */
package dev.lighthouse.error;
