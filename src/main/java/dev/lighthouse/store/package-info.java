/**
 * Versions and their durable home, data.d: one checksummed file per version
 * (whole document or delta from the previous one), written crash-safely,
 * recovered at start by verifying every file it loads, pruned by retention.
 */
package dev.lighthouse.store;
